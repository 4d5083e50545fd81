/* build.h: -c, compiling and linking sources into a module or program. */
#ifndef MODXS_BUILD_H
#define MODXS_BUILD_H

#include "record.h"

/*
 * Compile and link c->o->args into a module (or, with -p, a host program).
 * Appends the path of what it produced (NAME.la, or the program) to out,
 * so that -c -i can install it.
 */
int build_run(struct ctx *c, struct strvec *out);
/* prxs -d: remove what -c produced for the module. */
int build_clean(struct ctx *c);

#endif
