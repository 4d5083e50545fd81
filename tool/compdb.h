/* compdb.h: compile_commands.json for editors and linters. */
#ifndef MODXS_COMPDB_H
#define MODXS_COMPDB_H

#include "msg.h"
#include <stddef.h>

/* One compile: the source, the object, and the exact argv. */
struct compdb_entry {
	const char *file;
	const char *output;
	char *const *argv;
};

/*
 * Write path, or merge into it: an entry for the same source file (and
 * directory) is replaced, others are kept. dir is the working directory
 * the commands run in. Returns RC_OK or prints an error.
 */
int compdb_update(struct msgs *msgs, const char *path, const char *dir,
		  const struct compdb_entry *e, size_t n);

#endif
