/* addon.h: -c DIR for hosts whose modules describe themselves in a file of their own. */
#ifndef MODXS_ADDON_H
#define MODXS_ADDON_H

#include <stdbool.h>

#include "record.h"

/* One set of modules an addon names: one shared object. */
struct addon_set {
	char *out;	    /* NAME: NAME.la and .libs/NAME.so */
	struct strvec srcs; /* sources, then the generated file */
	struct strvec incs; /* -I dirs */
	struct strvec libs; /* link words: -lfoo, -L/dir, files */
	struct strvec defs; /* -D macros */
	char *gen, *text;   /* a file to write in the current dir, and its content */
};

/* What an addon script said. */
struct addon {
	struct addon_set *sets;
	size_t n;
	char *error; /* its error=MESSAGE */
};

/*
 * Whether -c is given one directory and the host reads module dirs
 * (build.addon in its profile): then addon_build() does the -c.
 */
bool addon_wanted(const struct ctx *c);
/*
 * Run the profile's addon script on DIR's file, write
 * the files it generates (NAME_modules.c) when they change, and build each
 * module set it names through build.c, as -c builds any module. What was
 * built (NAME.la) is appended to built. Prints one error on failure.
 */
int addon_build(struct ctx *c, struct strvec *built);
/*
 * Parse len bytes an addon script printed (NUL-terminated key=value
 * records) into a, and check them: each set has a plain name and sources,
 * each generated file a plain name and text. Prints one error naming file
 * and returns RC_BUILD otherwise, or when the script said error=.
 */
int addon_parse(struct msgs *msgs, const char *file, const char *out, size_t len, struct addon *a);
/* Free what addon_parse() filled in. */
void addon_release(struct addon *a);

#endif
