/* scratch.h: what unit tests do in their scratch dirs: write a file. */
#ifndef MODXS_TEST_SCRATCH_H
#define MODXS_TEST_SCRATCH_H

#include <stdio.h>
#include <stdlib.h>

#include "util.h"

/* Write text to path, replacing it; a test that cannot set up its files stops (exit 2). */
static inline void scratch_put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) == EOF || fclose(f) == EOF) {
		perror(path);
		exit(2);
	}
}

/* scratch_put for the file name in dir. */
static inline void scratch_put_in(const char *dir, const char *name, const char *text)
{
	char *p = path_join(dir, name);
	scratch_put(p, text);
	free(p);
}

#endif
