/* gen.h: -g, generating a module skeleton from templates. */
#ifndef MODXS_GEN_H
#define MODXS_GEN_H

#include "record.h"

/*
 * Create directory NAME (-n) from the data dir's templates/<host>/, or
 * templates/<host>-apxs/ under the apxs persona when it exists. Refuses an
 * existing NAME and an invalid one.
 */
int gen_run(struct ctx *c);
/*
 * Create directory NAME from templates/TMPL/ in the data dir: every file
 * and directory is copied with @NAME@, @HOST@, @MODXS@, @SYMBOL@ and any
 * recorded variable (@SBINDIR@, @installbuilddir@) replaced in names and
 * contents. A placeholder nothing defines is an error.
 */
int gen_from_template(struct ctx *c, const char *tmpl);

#endif
