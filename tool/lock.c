/* lock.c: lock files, atomic replacement and cleanup on signals. */
#include "lock.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "failpoint.h"
#include "msg.h"

/* A lock file with no pid yet is being created; after this long it is stale. */
#define EMPTY_LOCK_AGE 2

/*
 * The locks this process holds, so a signal handler can remove their lock
 * and temp files: unlink() is async-signal-safe, and the strings are only
 * freed after their slot is cleared.
 */
static struct lock *volatile held[32];

static void on_signal(int sig)
{
	for (size_t i = 0; i < sizeof(held) / sizeof(*held); i++) {
		struct lock *lk = held[i];
		if (!lk)
			continue;
		if (lk->tmp_path)
			unlink(lk->tmp_path);
		if (lk->fd >= 0)
			unlink(lk->lock_path);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_signals(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	static bool done;
	struct sigaction sa;

	if (done)
		return;
	done = true;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(*sigs); i++) {
		struct sigaction old;
		/* A signal the caller ignores (nohup, a background job) stays ignored. */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

static void track(struct lock *lk, bool on)
{
	for (size_t i = 0; i < sizeof(held) / sizeof(*held); i++) {
		if (on && !held[i]) {
			held[i] = lk;
			return;
		}
		if (!on && held[i] == lk)
			held[i] = NULL;
	}
}

/* Block the cleanup signals while a lock's strings change. */
static void block_signals(bool block, sigset_t *old)
{
	sigset_t set;

	if (!block) {
		sigprocmask(SIG_SETMASK, old, NULL);
		return;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, old);
}

/* Make room for n more bytes at the end of b, in one allocation. */
static void buf_room(struct buf *b, size_t n)
{
	if (b->cap - b->len > n)
		return;
	b->cap = b->len + n + 1;
	b->s = xrealloc(b->s, b->cap);
	b->s[b->len] = '\0';
}

/* Reads straight into the buffer, sized from fstat, so a big config is copied once. */
int file_read(const char *path, struct buf *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	ssize_t n;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		buf_room(out, (size_t)st.st_size + 1);
	for (;;) {
		if (out->cap - out->len < 2)
			buf_room(out, 65536);
		n = read(fd, out->s + out->len, out->cap - out->len - 1);
		if (n == 0)
			break;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		out->len += (size_t)n;
		out->s[out->len] = '\0';
	}
	close(fd);
	return 0;
}

int file_write_all(int fd, const char *data, size_t len)
{
	while (len) {
		if (FAILPOINT("write"))
			return -1;
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int dir_sync(const char *path)
{
	char *dir = path_dir(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = -1;

	free(dir);
	if (fd < 0)
		return -1;
	if (!FAILPOINT("fsync") && (fsync(fd) == 0 || errno == EINVAL))
		rc = 0;
	int e = errno;
	close(fd);
	errno = e;
	return rc;
}

static void journal_made_dir(const char *dir);

int dir_make(const char *dir, char **failed)
{
	char *p = xstrdup(dir);
	int rc = 0;

	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s)
			continue;
		char c = *s;
		*s = '\0';
		struct stat st;
		if (stat(p, &st) != 0) {
			if (FAILPOINT("mkdir") || (mkdir(p, 0755) != 0 && errno != EEXIST)) {
				*failed = xstrdup(p);
				rc = -1;
				break;
			}
			journal_made_dir(p);
		} else if (!S_ISDIR(st.st_mode)) {
			*failed = xstrdup(p);
			errno = ENOTDIR;
			rc = -1;
			break;
		}
		if (!c)
			break;
		*s = c;
	}
	free(p);
	return rc;
}

/* The pid a lock file records, 0 when it holds none yet. */
static long lock_pid(int fd)
{
	char text[32];
	ssize_t n = pread(fd, text, sizeof(text) - 1, 0);

	if (n <= 0)
		return 0;
	text[n] = '\0';
	return strtol(text, NULL, 10);
}

/*
 * Is the lock open on fd stale? Stale means its recorded pid is dead. A
 * holder flocks its lock file before writing its pid and keeps the flock
 * until it removes the file, so a flock held by someone means a live holder
 * whatever the pid says; and while we hold the flock, no other breaker can
 * remove the file under us. A file with no pid yet is being created, unless
 * it is old.
 */
static bool lock_stale(int fd, long *pid)
{
	struct stat st;

	if (flock(fd, LOCK_EX | LOCK_NB) != 0 && (errno == EWOULDBLOCK || errno == EINTR)) {
		*pid = lock_pid(fd);
		return false;
	}
	*pid = lock_pid(fd);
	if (*pid > 0)
		return kill((pid_t)*pid, 0) != 0 && errno == ESRCH;
	return fstat(fd, &st) == 0 && time(NULL) - st.st_mtime > EMPTY_LOCK_AGE;
}

/* Remove a stale lock, unless it was replaced since we opened it. */
static void break_stale(const char *lock_path, long *holder)
{
	int fd = open(lock_path, O_RDONLY | O_CLOEXEC);
	struct stat a, b;
	long pid;

	if (fd < 0)
		return;
	if (lock_stale(fd, &pid) && fstat(fd, &a) == 0 && stat(lock_path, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
		if (unlink(lock_path) == 0)
			notice("removed stale lock '%s' left by pid %ld", lock_path, pid);
	} else {
		*holder = pid;
	}
	close(fd);
}

static long lock_timeout_ms(void)
{
	const char *env = getenv("MODXS_LOCK_TIMEOUT");
	int ms;

	if (env && parse_int(env, 0, 86400000, &ms))
		return ms;
	return 30000;
}

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

/* Drop the temp file and the lock file, keeping the names. */
static void unhold(struct lock *lk)
{
	sigset_t old;

	block_signals(true, &old);
	if (lk->tmp_path)
		unlink(lk->tmp_path);
	if (lk->fd >= 0) {
		unlink(lk->lock_path);
		close(lk->fd);
		lk->fd = -1;
	}
	track(lk, false);
	free(lk->tmp_path);
	lk->tmp_path = NULL;
	block_signals(false, &old);
}

/* One O_CREAT|O_EXCL attempt; 0 when held, -1 with errno otherwise. */
static int try_lock(struct lock *lk)
{
	char *pid;
	int fd;

	fd = open(lk->lock_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	lk->fd = fd;
	track(lk, true);
	while (flock(fd, LOCK_EX) != 0 && errno == EINTR)
		;
	pid = xasprintf("%ld\n", (long)getpid());
	ssize_t n = (ssize_t)strlen(pid);
	bool ok = write(fd, pid, (size_t)n) == n;
	free(pid);
	if (!ok) {
		int e = errno;
		unhold(lk);
		errno = e;
		return -1;
	}
	return 0;
}

/*
 * The file a path names, following symlinks one link at a time so that a
 * link to a file not made yet resolves to where that file will be.
 */
static char *resolve(const char *path)
{
	char *p = xstrdup(path);
	char target[4096];

	for (int hops = 0; hops < 40; hops++) {
		struct stat st;
		if (lstat(p, &st) != 0 || !S_ISLNK(st.st_mode))
			return p;
		ssize_t n = readlink(p, target, sizeof(target) - 1);
		if (n <= 0)
			return p;
		target[n] = '\0';
		char *dir = path_dir(p);
		char *next = target[0] == '/' ? xstrdup(target) : path_join(dir, target);
		free(dir);
		free(p);
		p = next;
	}
	return p;
}

static int lock_wait(struct lock *lk)
{
	long deadline = now_ms() + lock_timeout_ms();
	long delay = 1, holder = 0;

	srand((unsigned)getpid() ^ (unsigned)now_ms());
	if (FAILPOINT("lock"))
		return error(RC_LOCK, "cannot lock '%s': lock failpoint", lk->path);
	for (;;) {
		if (try_lock(lk) == 0)
			return RC_OK;
		if (errno != EEXIST)
			return error(lk->rc, "cannot create lock '%s':", lk->lock_path);
		break_stale(lk->lock_path, &holder);
		if (now_ms() >= deadline)
			break;
		backoff(delay);
		delay = delay < 64 ? delay * 2 : 100;
	}
	if (holder > 0)
		return error(RC_LOCK,
			     "cannot lock '%s': held by pid %ld (remove '%s' if it is gone)",
			     lk->path, holder, lk->lock_path);
	return error(RC_LOCK, "cannot lock '%s': '%s' exists", lk->path, lk->lock_path);
}

/* Is name a stale temp file for base: ".BASE.modxs-XXXXXX", "-bak-PID" or "-undo-PID"? */
static bool is_temp_of(const char *name, const char *base)
{
	size_t n = strlen(base);

	if (name[0] != '.' || strncmp(name + 1, base, n) != 0 ||
	    !str_starts(name + n + 1, ".modxs-"))
		return false;
	name += n + 8;
	if (strlen(name) == 6)
		return true;
	if (!str_starts(name, "bak-") && !str_starts(name, "old-") && !str_starts(name, "link-"))
		return false;
	name = strchr(name, '-') + 1;
	return *name && strspn(name, "0123456789") == strlen(name);
}

/*
 * Remove temp files a killed run left beside the file. Temp files are only
 * made by lock holders, so while we hold the lock every one of them is stale.
 */
static void sweep_temps(const struct lock *lk)
{
	char *dir = path_dir(lk->path);
	const char *base = path_base(lk->path);
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		if (!is_temp_of(e->d_name, base))
			continue;
		char *p = path_join(dir, e->d_name);
		unlink(p);
		free(p);
	}
	if (d)
		closedir(d);
	free(dir);
}

static bool journal_holds(const char *path);

int lock_take(struct lock *lk, const char *path, int rc, bool keep_bak)
{
	catch_signals();
	lk->path = resolve(path);
	lk->lock_path = xasprintf("%s.lock", lk->path);
	lk->tmp_path = NULL;
	lk->fd = -1;
	lk->rc = rc;
	lk->keep_bak = keep_bak;
	lk->mode = 0;
	/* A file this transaction changed already: its lock is ours, held by the journal. */
	if (journal_holds(lk->path)) {
		track(lk, true);
		return RC_OK;
	}
	rc = lock_wait(lk);
	if (!rc)
		sweep_temps(lk);
	return rc;
}

/* Copy src to a new file dst in 64 KiB chunks; 0, or -1 with errno set. */
static int copy_file(const char *src, const char *dst)
{
	int in = open(src, O_RDONLY | O_CLOEXEC), out = -1, rc = -1;
	char chunk[65536];
	ssize_t n;

	if (in < 0 || (out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0)
		goto out;
	while ((n = read(in, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || file_write_all(out, chunk, (size_t)n) != 0)
			goto out;
	}
	rc = 0;
out:;
	int e = errno;
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	errno = e;
	return rc;
}

/* Hard-link the current version to path.bak (atomically), copying where links fail. */
static int keep_backup(struct lock *lk)
{
	char *bak = xasprintf("%s.bak", lk->path);
	char *dir = path_dir(lk->path);
	char *tmp = xasprintf("%s/.%s.modxs-bak-%ld", dir, path_base(lk->path), (long)getpid());
	int rc = 0;

	unlink(tmp);
	/* The link failpoint stands for file systems without hard links. */
	if ((FAILPOINT("link") || link(lk->path, tmp) != 0) && copy_file(lk->path, tmp) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp, bak) != 0)
		rc = -1;
	/*
	 * When .bak is already a link to the same file (a run killed after its
	 * backup), rename() succeeds doing nothing, so tmp must go either way.
	 */
	int e = errno;
	unlink(tmp);
	errno = e;
	free(tmp);
	free(bak);
	free(dir);
	return rc;
}

/* Make the temp file beside the target; its name starts with '.' so no glob sees it. */
static int make_temp(struct lock *lk)
{
	char *dir = path_dir(lk->path);
	char *tmpl = xasprintf("%s/.%s.modxs-XXXXXX", dir, path_base(lk->path));
	sigset_t old;
	int fd;

	free(dir);
	block_signals(true, &old);
	fd = mkstemp(tmpl);
	if (fd >= 0) {
		fcntl(fd, F_SETFD, FD_CLOEXEC);
		lk->tmp_path = tmpl;
	} else {
		free(tmpl);
	}
	block_signals(false, &old);
	return fd;
}

/* Give the temp file the old file's owner and mode (or the forced one), or new_mode. */
static int copy_attrs(int fd, const char *path, mode_t new_mode, mode_t forced)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return errno == ENOENT ? fchmod(fd, forced ? forced : new_mode) : -1;
	if (fchmod(fd, forced ? forced : st.st_mode & 07777) != 0)
		return -1;
	if (fchown(fd, st.st_uid, st.st_gid) != 0 && errno != EPERM)
		return -1;
	return 0;
}

/*
 * The running transaction: every file replaced or removed, and every link
 * changed, with what it was before, so that a failure in a later step puts
 * them all back; and the locks, held until the end so no other run changes
 * those files in between.
 */
struct change {
	char *path;
	char *saved;  /* a link to (or copy of) the version before; NULL: there was none */
	char *target; /* a symlink's target before; NULL: there was none */
	bool is_link;
	bool is_dir; /* a directory the transaction made */
	bool bak;    /* a removed config: its last version becomes path.bak */
};

static struct {
	bool on;
	struct change *v;
	size_t n;
	struct lock **locks;
	size_t nlocks;
} journal;

void journal_begin(void)
{
	journal.on = true;
}

bool journal_active(void)
{
	return journal.on;
}

static bool journal_holds(const char *path)
{
	for (size_t i = 0; i < journal.nlocks; i++)
		if (strcmp(journal.locks[i]->path, path) == 0)
			return true;
	return false;
}

static struct change *journal_find(const char *path)
{
	for (size_t i = 0; i < journal.n; i++)
		if (strcmp(journal.v[i].path, path) == 0)
			return &journal.v[i];
	return NULL;
}

static struct change *journal_add(const char *path)
{
	if (journal.n % 8 == 0)
		journal.v = xrealloc(journal.v, (journal.n + 8) * sizeof(*journal.v));
	struct change *c = &journal.v[journal.n++];
	memset(c, 0, sizeof(*c));
	c->path = xstrdup(path);
	return c;
}

/* The name the version before is kept under while the transaction runs. */
static char *saved_name(const char *path)
{
	char *dir = path_dir(path);
	char *name = xasprintf("%s/.%s.modxs-old-%ld", dir, path_base(path), (long)getpid());
	free(dir);
	return name;
}

/* Keep the current version of path (a hard link, or a copy); NULL when that fails. */
static char *save_old(const char *path)
{
	char *saved = saved_name(path);

	unlink(saved);
	if ((FAILPOINT("link") || link(path, saved) != 0) && copy_file(path, saved) != 0) {
		int e = errno;
		unlink(saved);
		free(saved);
		errno = e;
		return NULL;
	}
	return saved;
}

/* fsync a directory with no failpoint: undoing must not fail on purpose. */
static void dir_sync_quiet(const char *path)
{
	char *dir = path_dir(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

/* Point link at target (or remove it when target is NULL), atomically. */
static int relink(const char *link, const char *target)
{
	if (!target)
		return unlink(link) == 0 || errno == ENOENT ? 0 : -1;
	char *dir = path_dir(link);
	char *tmp = xasprintf("%s/.%s.modxs-link-%ld", dir, path_base(link), (long)getpid());
	int rc = 0;

	unlink(tmp);
	if (symlink(target, tmp) != 0 || rename(tmp, link) != 0) {
		rc = -1;
		unlink(tmp);
	}
	free(tmp);
	free(dir);
	return rc;
}

static void journal_made_dir(const char *dir)
{
	if (journal.on)
		journal_add(dir)->is_dir = true;
}

/* Undo one change. */
static int undo(const struct change *c)
{
	int rc;

	if (c->is_dir)
		return rmdir(c->path), RC_OK;
	if (c->is_link)
		rc = relink(c->path, c->target);
	else if (c->saved)
		rc = rename(c->saved, c->path);
	else
		rc = unlink(c->path) == 0 || errno == ENOENT ? 0 : -1;
	if (rc != 0)
		return error(RC_INSTALL, "cannot restore '%s':", c->path);
	dir_sync_quiet(c->path);
	return RC_OK;
}

/* Keep one change: drop the saved version, or make it the .bak of a removed config. */
static void keep(const struct change *c)
{
	if (!c->saved)
		return;
	if (c->bak) {
		char *bak = xasprintf("%s.bak", c->path);
		if (rename(c->saved, bak) != 0)
			unlink(c->saved);
		free(bak);
		return;
	}
	unlink(c->saved);
}

int journal_end(bool ok)
{
	size_t undone = 0;
	int rc = RC_OK;

	for (size_t i = journal.n; i-- > 0;) {
		struct change *c = &journal.v[i];
		if (ok)
			keep(c);
		else if (!c->is_dir && undo(c) && !rc)
			rc = RC_INSTALL;
		else if (!c->is_dir)
			undone++;
	}
	if (undone)
		notice("put back %zu file%s as %s before this run", undone, undone == 1 ? "" : "s",
		       undone == 1 ? "it was" : "they were");
	for (size_t i = journal.nlocks; i-- > 0;) {
		lock_release(journal.locks[i]);
		free(journal.locks[i]);
	}
	/* Directories last: until the locks went, their lock files were in them. */
	for (size_t i = journal.n; i-- > 0;) {
		struct change *c = &journal.v[i];
		if (!ok && c->is_dir)
			undo(c);
		free(c->path);
		free(c->saved);
		free(c->target);
	}
	free(journal.v);
	free(journal.locks);
	memset(&journal, 0, sizeof(journal));
	return rc;
}

void lock_done(struct lock *lk)
{
	sigset_t old;

	if (!journal.on || lk->fd < 0) {
		lock_release(lk);
		return;
	}
	struct lock *copy = xmalloc(sizeof(*copy));
	block_signals(true, &old);
	*copy = *lk;
	track(lk, false);
	track(copy, true);
	block_signals(false, &old);
	if (journal.nlocks % 8 == 0)
		journal.locks = xrealloc(journal.locks,
					 (journal.nlocks + 8) * sizeof(*journal.locks));
	journal.locks[journal.nlocks++] = copy;
	*lk = (struct lock)LOCK_INIT;
}

int journal_link(const char *link, const char *target)
{
	char have[4096];
	ssize_t n = readlink(link, have, sizeof(have) - 1);

	if (journal.on && !journal_find(link)) {
		struct change *c = journal_add(link);
		c->is_link = true;
		if (n >= 0) {
			have[n] = '\0';
			c->target = xstrdup(have);
		}
	}
	if (FAILPOINT("rename") || relink(link, target) != 0) {
		if (journal.on && journal.n && strcmp(journal.v[journal.n - 1].path, link) == 0 &&
		    journal.v[journal.n - 1].is_link) {
			/* Nothing changed: forget it. */
			struct change *c = &journal.v[--journal.n];
			free(c->path);
			free(c->target);
		}
		return -1;
	}
	dir_sync_quiet(link);
	return 0;
}

int lock_commit_with(struct lock *lk, lock_fill_fn *fill, void *arg, mode_t new_mode)
{
	const char *step = "write";
	char *saved = NULL;
	int fd = make_temp(lk);

	if (fd < 0) {
		char *dir = path_dir(lk->path);
		int rc = error(lk->rc, "cannot create a temp file in '%s':", dir);
		free(dir);
		return rc;
	}
	if (fill(fd, arg) != 0)
		goto fail;
	/* For the signal tests: hold the lock and the temp file for a while. */
	if (FAILPOINT("pause"))
		sleep(10);
	if (copy_attrs(fd, lk->path, new_mode, lk->mode) != 0)
		goto fail;
	step = "fsync";
	if (FAILPOINT("fsync") || fsync(fd) != 0)
		goto fail;
	step = "close";
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	step = "write a backup of";
	bool had = access(lk->path, F_OK) == 0, first = !journal_find(lk->path);
	if (lk->keep_bak && had && keep_backup(lk) != 0)
		goto fail;
	/* The version before, for undoing this step or the whole transaction. */
	if (had && first && !(saved = save_old(lk->path)))
		goto fail;
	step = "rename";
	if (FAILPOINT("rename") || rename(lk->tmp_path, lk->path) != 0)
		goto fail;
	free(lk->tmp_path);
	lk->tmp_path = NULL;
	if (dir_sync(lk->path) != 0) {
		int e = errno;
		struct change c = {lk->path, saved, NULL, false, false, false};
		if (first)
			undo(&c);
		free(saved);
		errno = e;
		return error(lk->rc, "cannot fsync the directory of '%s':", lk->path);
	}
	if (journal.on && first)
		journal_add(lk->path)->saved = saved;
	else if (saved)
		unlink(saved);
	if (!journal.on || !first)
		free(saved);
	return RC_OK;
fail:;
	int e = errno;
	if (fd >= 0)
		close(fd);
	unlink(lk->tmp_path);
	free(lk->tmp_path);
	lk->tmp_path = NULL;
	if (saved) {
		unlink(saved);
		free(saved);
	}
	errno = e;
	return error(lk->rc, "cannot %s '%s':", step, lk->path);
}

struct mem {
	const char *data;
	size_t len;
};

static int fill_mem(int fd, void *arg)
{
	const struct mem *m = arg;
	return file_write_all(fd, m->data, m->len);
}

int lock_commit(struct lock *lk, const char *data, size_t len, mode_t new_mode)
{
	struct mem m = {data, len};

	return lock_commit_with(lk, fill_mem, &m, new_mode);
}

/* Remove lk->path into the journal: renamed aside, so the transaction can put it back. */
static int journal_remove(struct lock *lk)
{
	struct change *c = journal_find(lk->path);

	if (access(lk->path, F_OK) != 0)
		return RC_OK;
	if (c) {
		/* Made or changed in this transaction: the version before is saved already. */
		if (FAILPOINT("rename") || unlink(lk->path) != 0)
			return error(lk->rc, "cannot remove '%s':", lk->path);
		return RC_OK;
	}
	char *saved = saved_name(lk->path);
	if (FAILPOINT("rename") || rename(lk->path, saved) != 0) {
		free(saved);
		return error(lk->rc, "cannot remove '%s':", lk->path);
	}
	if (dir_sync(lk->path) != 0) {
		int e = errno;
		rename(saved, lk->path);
		free(saved);
		errno = e;
		return error(lk->rc, "cannot fsync the directory of '%s':", lk->path);
	}
	c = journal_add(lk->path);
	c->saved = saved;
	c->bak = lk->keep_bak;
	return RC_OK;
}

int lock_remove(struct lock *lk)
{
	if (journal.on)
		return journal_remove(lk);
	if (lk->keep_bak) {
		char *bak = xasprintf("%s.bak", lk->path);
		int r = FAILPOINT("rename") ? -1 : rename(lk->path, bak);
		free(bak);
		if (r != 0 && errno != ENOENT)
			return error(lk->rc, "cannot remove '%s':", lk->path);
	} else if (unlink(lk->path) != 0 && errno != ENOENT) {
		return error(lk->rc, "cannot remove '%s':", lk->path);
	}
	if (dir_sync(lk->path) != 0)
		return error(lk->rc, "cannot fsync the directory of '%s':", lk->path);
	return RC_OK;
}

int lock_unlink(const char *path, int rc)
{
	struct lock lk = LOCK_INIT;

	rc = lock_take(&lk, path, rc, false);
	if (!rc)
		rc = lock_remove(&lk);
	lock_done(&lk);
	return rc;
}

void lock_release(struct lock *lk)
{
	unhold(lk);
	free(lk->path);
	free(lk->lock_path);
	lk->path = NULL;
	lk->lock_path = NULL;
}
