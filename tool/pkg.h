/* pkg.h: compile and link flags of pkg-config packages. */
#ifndef MODXS_PKG_H
#define MODXS_PKG_H

#include "msg.h"
#include "util.h"

struct deps;

/*
 * Append what `pkg-config --cflags NAMES` and `pkg-config --libs NAMES`
 * print, as words: asked through the program named by program (PKG_CONFIG)
 * when it is not empty, else through libpkgconf as the pkg-config command
 * asks it (Requires.private for cflags, system dirs left out, the
 * PKG_CONFIG_* environment). A missing package, or one in the wrong
 * version, prints one error naming what was found and returns RC_BUILD.
 * A sysroot (--sysroot) is PKG_CONFIG_SYSROOT_DIR, and unless
 * PKG_CONFIG_LIBDIR is set, packages are looked for in its lib dirs only.
 */
int pkg_flags(struct msgs *msgs, const struct deps *lib, const char *program, const char *sysroot,
	      const struct strvec *names, struct strvec *cflags, struct strvec *libs);

#endif
