/* lockfile.c: lock files proven by flock, stale the moment their holder is gone. */
#include "lockfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "signals.h"
#include "util.h"

/* A lock file not yet flocked by its creator is this young at most; then it is stale. */
#define CREATING_AGE 2

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sleep about ms milliseconds, with jitter so that waiters do not move in step. */
static void backoff(long ms)
{
	struct timespec ts;

	ms = ms / 2 + rand() % (ms + 1);
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	nanosleep(&ts, NULL);
}

/* The pid a lock file records, 0 when it holds none. */
static long pid_in(int fd)
{
	char text[32];
	ssize_t n = pread(fd, text, sizeof(text) - 1, 0);

	if (n <= 0)
		return 0;
	text[n] = '\0';
	return strtol(text, NULL, 10);
}

/* One O_EXCL attempt: 0 when held, -1 with errno otherwise. */
static int try_create(struct lockfile *lf)
{
	sigset_t old;
	int fd;

	signals_hold(&old);
	fd = open(lf->path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	fd = signals_track_new(fd, lf->path);
	int e = errno;
	signals_restore(&old);
	if (fd < 0) {
		errno = e;
		return -1;
	}
	/* Nobody else has this file open for long: a breaker only checks and lets go. */
	while (flock(fd, LOCK_EX) != 0 && errno == EINTR)
		;
	char *pid = xasprintf("%ld\n", (long)getpid());
	if (write(fd, pid, strlen(pid)) < 0) {
		/* The pid is only for messages: the flock is what counts. */
	}
	free(pid);
	lf->fd = fd;
	return 0;
}

/*
 * Look at an existing lock file: 1 when it was stale and is removed now,
 * 0 when someone holds it (lf->holder set), -1 with errno when it is not a
 * lock file modxs could have made.
 */
static int check_existing(struct lockfile *lf)
{
	int fd = open(lf->path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat a, b;
	int rc = 0;

	if (fd < 0)
		return errno == ENOENT ? 1 : (errno == ELOOP ? (errno = EINVAL, -1) : -1);
	if (fstat(fd, &a) != 0 || !S_ISREG(a.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	lf->holder = pid_in(fd);
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		return 0;
	}
	/* Ours to judge now: still the file at that name, and not one being created? */
	bool same = lstat(lf->path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
	time_t age = time(NULL) - a.st_mtime;
	/* An empty file only just made is its creator's, about to be flocked; one from the future is not. */
	bool creating = a.st_size == 0 && age >= 0 && age <= CREATING_AGE;
	if (same && !creating && unlink(lf->path) == 0) {
		lf->stale = lf->holder;
		lf->broke = true;
		lf->holder = 0;
		rc = 1;
	} else if (!same) {
		rc = 1;
	}
	close(fd);
	return rc;
}

int lockfile_hold(struct lockfile *lf, const char *lock_path, long timeout_ms)
{
	long deadline = now_ms() + timeout_ms, delay = 1;

	lf->path = xstrdup(lock_path);
	lf->fd = -1;
	lf->holder = lf->stale = 0;
	lf->broke = false;
	signals_catch();
	srand((unsigned)getpid() ^ (unsigned)now_ms());
	for (;;) {
		if (try_create(lf) == 0)
			return 0;
		if (errno != EEXIST)
			return -1;
		int r = check_existing(lf);
		if (r < 0)
			return -1;
		if (r > 0)
			continue;
		if (signals_pending()) {
			errno = EINTR;
			return -1;
		}
		if (now_ms() >= deadline) {
			errno = ETIMEDOUT;
			return -1;
		}
		backoff(delay);
		delay = delay < 64 ? delay * 2 : 100;
	}
}

void lockfile_release(struct lockfile *lf)
{
	sigset_t old;

	if (lf->fd >= 0) {
		signals_hold(&old);
		/* Unlink while still holding the flock, so no one breaks a lock we hold. */
		unlink(lf->path);
		signals_untrack(lf->path);
		signals_restore(&old);
		close(lf->fd);
		lf->fd = -1;
	}
	free(lf->path);
	lf->path = NULL;
}
