/* persona.h: what apxs and prxs do differently from modxs itself. */
#ifndef MODXS_PERSONA_H
#define MODXS_PERSONA_H

#include "record.h"
#include "request.h"

/*
 * Checks that need no data dir: apxs accepts -S only for the variables it
 * keeps as $CFG_NAME. Prints one error and returns RC_USAGE.
 */
int persona_check(struct msgs *msgs, const struct request *o);
/*
 * Adjust the request before the run, for prxs: -n mod_x means x; -c adds
 * the libraries named by each source's "$Libraries: -lfoo$" hint to -l;
 * -i without -c installs mod_x.la for a source mod_x.c, as prxs does.
 */
void persona_prepare(struct msgs *msgs, struct request *o);
/* Checks that need the loaded context (apxs: -S of an empty variable). */
int persona_check_ctx(struct ctx *c);
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

/* A variable of apxs's build file: recorded by the host, and not one apxs answers itself. */
bool apxs_file_var(const struct var *v);
/*
 * Load into file the context as apxs reads its build file: c's, without
 * -S, which changes what apxs builds but not what it reports. Release
 * file with ctx_release() even on failure.
 */
int apxs_load(const struct ctx *c, struct ctx *file);
/*
 * apxs's answer for name from its build file t (the exact name, then its
 * lowercase form), appended to out; false when the file lacks it.
 */
bool apxs_file_answer(struct vars *t, const char *name, struct buf *out);
/*
 * apxs's answer for name from its own variables (%internal_vars: TARGET,
 * the $CFG_ names, the *_SHLIB ones), appended to out; false when name is
 * not one of them.
 */
bool apxs_internal_answer(struct ctx *c, struct vars *t, const char *name, struct buf *out);

#endif
