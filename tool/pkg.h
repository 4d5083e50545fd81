/* pkg.h: compile and link flags of pkg-config packages. */
#ifndef MODXS_PKG_H
#define MODXS_PKG_H

#include "msg.h"
#include "util.h"

struct deps;

/*
 * Append the cflags and the libs of each named package (with what it
 * requires) as words. A missing package prints one error naming it and
 * returns RC_BUILD.
 */
int pkg_flags(struct msgs *msgs, const struct deps *lib, const struct strvec *names,
	      struct strvec *cflags, struct strvec *libs);

#endif
