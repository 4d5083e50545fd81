/* lock.h: the one way modxs replaces a file: lock, temp file, fsync, rename, .bak, logged in the journal. */
#ifndef MODXS_LOCK_H
#define MODXS_LOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "fileio.h"
#include "journal.h"
#include "lockfile.h"
#include "msg.h"
#include "tempfile.h"
#include "util.h"

/*
 * A file being replaced. Every config, installed module and receipt that
 * modxs writes goes through lock_take, lock_commit* and lock_done, so the
 * file on disk is always either the old version or the new one, and the
 * running transaction (journal.h) can put the old one back.
 */
struct lock {
	char *path;	    /* the file itself, symlinks resolved */
	struct journal *j;  /* the transaction it is part of, or NULL */
	struct msgs *msgs;  /* where its failures are said */
	struct lockfile lf; /* path.lock, while held */
	struct tempfile tmp;
	int rc;	       /* exit code for failures: RC_CONF, RC_INSTALL */
	bool keep_bak; /* keep the replaced version as path.bak */
	/*
	 * The mode of the new file, which then belongs to the invoking user (an
	 * installed module); 0 keeps the old file's owner, mode and extended
	 * attributes (a config).
	 */
	mode_t mode;
};
#define LOCK_INIT                                                           \
	{                                                                   \
		NULL, NULL, NULL, LOCKFILE_INIT, TEMPFILE_INIT, 0, false, 0 \
	}

/*
 * As a step of transaction j (NULL: none), resolve path through symlinks, check that what is there is a regular
 * file (or nothing yet), and hold path.lock, waiting $MODXS_LOCK_TIMEOUT ms
 * (default 30000) for a live holder. RC_LOCK on timeout; rc otherwise.
 */
int lock_take(struct lock *lk, struct msgs *msgs, struct journal *j, const char *path, int rc,
	      bool keep_bak);
/* Writes the new content to fd; returns 0, or -1 with errno set. */
typedef int lock_fill_fn(int fd, void *arg);
/*
 * Replace lk->path with what fill writes: a temp file in the same dir with
 * the old file's owner, mode and xattrs (new_mode for a new file), fsync,
 * .bak, rename, fsync of the dir. On failure the old file is untouched.
 */
int lock_commit_with(struct lock *lk, lock_fill_fn *fill, void *arg, mode_t new_mode);
/* lock_commit_with for an in-memory content. */
int lock_commit(struct lock *lk, const char *data, size_t len, mode_t new_mode);
/* Remove lk->path (its last version kept as path.bak when keep_bak), then fsync the dir. */
int lock_remove(struct lock *lk);
/* Remove path under its lock (no .bak), then fsync its dir; a missing file is fine. */
int lock_unlink(struct msgs *msgs, struct journal *j, const char *path, int rc);
/* lock_unlink of a file modxs made, and of the path.bak its edits left. */
int lock_unlink_with_bak(struct msgs *msgs, struct journal *j, const char *path, int rc);
/* Release the lock now, or at journal_end when it is part of a transaction. */
void lock_done(struct lock *lk);
/* Remove the temp file and the lock; safe after any step and more than once. */
void lock_release(struct lock *lk);

#endif
