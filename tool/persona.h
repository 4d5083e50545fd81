/* persona.h: what apxs and prxs do differently from modxs itself. */
#ifndef MODXS_PERSONA_H
#define MODXS_PERSONA_H

#include "args.h"
#include "record.h"

/*
 * Checks that need no data dir: apxs accepts -S only for the variables it
 * keeps as $CFG_NAME. Prints one error and returns RC_USAGE.
 */
int persona_check(const struct opts *o);
/*
 * Adjust the options before the run, for prxs: -n mod_x means x; -c adds
 * the libraries named by each source's "$Libraries: -lfoo$" hint to -l;
 * -i without -c installs mod_x.la for a source mod_x.c, as prxs does.
 */
void persona_prepare(struct opts *o);
/* Checks that need the loaded context (apxs: -S of an empty variable). */
int persona_check_ctx(struct ctx *c);
/* True when -q is answered by persona_query rather than by modxs's rules. */
bool persona_owns_query(const struct opts *o);
/* -q as apxs answers it: its lookup order, its quirks, byte for byte. */
int persona_query(struct ctx *c);
/* After a successful run: prxs prints its LoadModule advice after -i without -a. */
void persona_finish(struct ctx *c, const struct strvec *installed);

/*
 * The exit status for rc: apxs and prxs exit 1 on every failure, and the
 * scripts that call them test for exactly that; modxs keeps its own codes.
 */
int persona_exit(enum persona p, int rc);

/*
 * The value apxs gives variable name of the table, or NULL when apxs
 * could not interpolate it (it prints a Perl warning and ""). Exposed
 * for the unit tests.
 */
char *apxs_value(struct vars *t, const char *name);

#endif
