/* tempfile.h: files made exclusively under unpredictable names, removed on failure and on signals. */
#ifndef MODXS_TEMPFILE_H
#define MODXS_TEMPFILE_H

#include <stdbool.h>

/* A temp file beside the file it will replace. */
struct tempfile {
	char *path; /* NULL when there is none */
	int fd;	    /* open for writing, or -1 */
};
#define TEMPFILE_INIT    \
	{                \
		NULL, -1 \
	}

/*
 * Create ".BASE.modxs-XXXXXX" in the directory of target: O_EXCL, so never
 * through a planted link or file, mode 0600. Removed if a fatal signal
 * comes before tempfile_rename or tempfile_delete. 0, or -1 with errno.
 */
int tempfile_create(struct tempfile *t, const char *target);
/* fsync and close the file, keeping it; 0, or -1 with errno. */
int tempfile_close(struct tempfile *t);
/* Rename the file onto dest; 0, or -1 with errno and the file still there. */
int tempfile_rename(struct tempfile *t, const char *dest);
/* Remove the file if it is still there; safe after any step and more than once. */
void tempfile_delete(struct tempfile *t);
/*
 * A new unpredictable name ".BASE.modxs-KIND-XXXXXXXXXXXX" beside target,
 * for a file made with link(2), symlink(2) or rename(2) onto a name that
 * must not exist yet.
 */
char *tempfile_name(const char *target, const char *kind);
/* True if name (a directory entry) is a temp file tempfile_create made for a file named base. */
bool tempfile_is_temp_of(const char *name, const char *base);

/* Remove the temp files a killed run left beside target; only while holding target's lock. */
void tempfile_sweep(const char *target);

#endif
