/* gen.h: -g, generating a module skeleton from templates. */
#ifndef MODXS_GEN_H
#define MODXS_GEN_H

#include "record.h"

/* Create directory NAME from templates/<host>/; refuses an existing one. */
int gen_run(struct ctx *c);

#endif
