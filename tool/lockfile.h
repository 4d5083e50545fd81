/* lockfile.h: PATH.lock, held by an OS lock (flock) for as long as its holder lives. */
#ifndef MODXS_LOCKFILE_H
#define MODXS_LOCKFILE_H

#include <stdbool.h>

/*
 * A held lock. Ownership is the flock on the open file, never the pid
 * written in it (that is only for messages): a lock file nobody holds is
 * stale at once, whatever pid it names.
 */
struct lockfile {
	char *path;  /* the lock file, "FILE.lock" */
	int fd;	     /* open and flocked while held, else -1 */
	long holder; /* after a timeout: the pid the holder wrote, 0 if none */
	long stale;  /* the pid a stale lock named when one was removed, else 0 */
	bool broke;  /* a stale lock was removed before this one was taken */
};
#define LOCKFILE_INIT                 \
	{                             \
		NULL, -1, 0, 0, false \
	}

/*
 * Take lock_path (made with O_EXCL, never through a link), waiting up to
 * timeout_ms for a live holder and removing a stale lock at once.
 * 0; or -1 with errno: ETIMEDOUT (lf->holder says who holds it), EINTR (a
 * signal came while waiting), EINVAL (the lock path is not a regular file),
 * or why it could not be created.
 */
int lockfile_hold(struct lockfile *lf, const char *lock_path, long timeout_ms);
/* Remove the lock file and drop the lock; safe when not held. */
void lockfile_release(struct lockfile *lf);

#endif
