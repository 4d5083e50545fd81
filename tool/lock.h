/* lock.h: the one way modxs replaces a file: lock, temp file, fsync, rename, .bak. */
#ifndef MODXS_LOCK_H
#define MODXS_LOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util.h"

/*
 * A file being replaced. Every config, installed module and receipt that
 * modxs writes goes through lock_take, lock_commit* and lock_release, so
 * the file on disk is always either the old version or the new one.
 */
struct lock {
	char *path;	 /* the file itself, symlinks resolved */
	char *lock_path; /* path.lock, holding our pid while we hold it */
	char *tmp_path;	 /* the temp file beside path, while one exists */
	int fd;		 /* the open lock file, -1 when not held */
	int rc;		 /* exit code for write failures: RC_CONF, RC_INSTALL */
	bool keep_bak;	 /* keep the replaced version as path.bak */
	mode_t mode;	 /* the mode to give the new file; 0 keeps the old file's */
};
#define LOCK_INIT                                 \
	{                                         \
		NULL, NULL, NULL, -1, 0, false, 0 \
	}

/*
 * Resolve path through symlinks and take path.lock (O_CREAT|O_EXCL), retrying
 * with backoff for $MODXS_LOCK_TIMEOUT ms (default 30000). A lock left by a
 * dead process is removed. Returns RC_LOCK on timeout, rc when the lock file
 * cannot be made at all.
 */
int lock_take(struct lock *lk, const char *path, int rc, bool keep_bak);
/* Writes the new content to fd; returns 0, or -1 with errno set. */
typedef int lock_fill_fn(int fd, void *arg);
/*
 * Replace lk->path with what fill writes: a temp file in the same dir with
 * the old file's mode and owner (new_mode for a new file), fsync, .bak,
 * rename, fsync of the dir. On failure the old file is untouched.
 */
int lock_commit_with(struct lock *lk, lock_fill_fn *fill, void *arg, mode_t new_mode);
/* lock_commit_with for an in-memory content. */
int lock_commit(struct lock *lk, const char *data, size_t len, mode_t new_mode);
/* Remove lk->path (to path.bak when keep_bak), then fsync the dir. */
int lock_remove(struct lock *lk);
/* Remove path under its lock (no .bak), then fsync its dir; a missing file is fine. */
int lock_unlink(const char *path, int rc);
/* Release the lock now, or at journal_end when a transaction is running. */
void lock_done(struct lock *lk);
/* Remove the temp file and the lock; safe after any step and more than once. */
void lock_release(struct lock *lk);

/*
 * Start a transaction: from now on every lock_commit*, lock_remove and
 * journal_link records what it changed, and lock_done keeps its lock, until
 * journal_end.
 */
void journal_begin(void);
/* True between journal_begin and journal_end. */
bool journal_active(void);
/*
 * End the transaction: keep every change (ok), or undo them all, newest
 * first, so each file is as before; then release the locks. RC_INSTALL
 * after printing an error if something could not be put back.
 */
int journal_end(bool ok);
/* Point the symlink link at target (remove it when NULL), atomically, recorded in the journal. */
int journal_link(const char *link, const char *target);

/* Read a whole file into out; 0, or -1 with errno set (ENOENT when missing). */
int file_read(const char *path, struct buf *out);
/* Write all of len bytes to fd; 0, or -1 with errno set. Honours the write failpoint. */
int file_write_all(int fd, const char *data, size_t len);
/* fsync the directory holding path; 0, or -1 with errno set. */
int dir_sync(const char *path);
/* mkdir -p dir with mode 0755; 0, or -1 with errno set and *failed naming the dir. */
int dir_make(const char *dir, char **failed);

#endif
