/* query.h: -q, printing recorded variables. */
#ifndef MODXS_QUERY_H
#define MODXS_QUERY_H

#include "record.h"

/* Print the variables named in c->o->args (or all of them); RC_USAGE on an unknown one. */
int query_run(struct ctx *c);

#endif
