/* stamp.h: what a rebuild may skip: command hashes, depfiles, file times. */
#ifndef MODXS_STAMP_H
#define MODXS_STAMP_H

#include "msg.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* A file a depfile names, and its time (read once per run). */
struct mtime {
	char *path;
	struct timespec t;
	bool missing;
};

/* Those files by path: an open-addressing table, half full at most. */
struct mtimes {
	struct mtime *v;
	size_t n, cap;
};
#define MTIMES_INIT        \
	{                  \
		NULL, 0, 0 \
	}

/* A small regular file's bytes, NUL-terminated; NULL if missing or over 4 MiB. */
char *stamp_read(const char *path, size_t *len);
/* A 16-hex-digit hash of argv (words kept apart) and extra, into out. */
void stamp_hash(char *const *argv, const char *extra, char out[17]);
/*
 * True when the stamp at path holds hash. A stamp may add "checked WHAT"
 * once the checks passed for WHAT; *checked (if given) gets a copy of it.
 */
bool stamp_matches(const char *path, const char *hash, char **checked);
/* Write the stamp: hash, and "checked WHAT" when checked is not NULL. */
int stamp_write(struct msgs *msgs, const char *path, const char *hash, const char *checked);
/* True when path is missing or newer than t. */
bool stamp_file_newer(const char *path, const struct timespec *t);
/*
 * True when the depfile is missing or unreadable, or a file it names is
 * missing or newer than t. Each file's time is read once per table.
 */
bool stamp_deps_newer(struct mtimes *m, const char *depfile, const struct timespec *t);
/* Free the table. */
void stamp_mtimes_release(struct mtimes *m);

#endif
