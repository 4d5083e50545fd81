/* lock.c: replacing a file under its lock, through a temp file, with the journal able to undo it. */
#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "failpoint.h"
#include "msg.h"
#include "signals.h"

static long lock_timeout_ms(void)
{
	const char *env = getenv("MODXS_LOCK_TIMEOUT");
	int ms;

	if (env && parse_int(env, 0, 86400000, &ms))
		return ms;
	return 30000;
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

/* What is at the resolved path must be a regular file, or nothing yet; checked on the open file. */
static int check_regular(const struct lock *lk, const char *named)
{
	int fd = open(lk->path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;

	if (fd < 0 && errno == ENOENT)
		return RC_OK;
	if (fd < 0 && errno != ELOOP)
		return error(lk->msgs, lk->rc, "cannot read '%s':", named);
	bool regular = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	if (fd >= 0)
		close(fd);
	if (!regular)
		return error(lk->msgs, lk->rc, "refusing to replace '%s': not a regular file",
			     named);
	return RC_OK;
}

static int hold(struct lock *lk)
{
	char *lock_path = xasprintf("%s.lock", lk->path);
	int rc = RC_OK;

	if (FAILPOINT("lock")) {
		rc = error(lk->msgs, RC_LOCK, "cannot lock '%s': lock failpoint", lk->path);
	} else if (lockfile_hold(&lk->lf, lock_path, lock_timeout_ms()) != 0) {
		if (errno == ETIMEDOUT && lk->lf.holder > 0)
			rc = error(lk->msgs, RC_LOCK, "cannot lock '%s': held by pid %ld", lk->path,
				   lk->lf.holder);
		else if (errno == ETIMEDOUT)
			rc = error(lk->msgs, RC_LOCK, "cannot lock '%s': '%s' is held", lk->path,
				   lock_path);
		else if (errno == EINVAL)
			rc = error(lk->msgs, RC_LOCK,
				   "cannot lock '%s': '%s' is not a regular file", lk->path,
				   lock_path);
		else
			rc = error(lk->msgs, lk->rc, "cannot create lock '%s':", lock_path);
		lockfile_release(&lk->lf);
	} else if (lk->lf.broke) {
		notice(lk->msgs, "removed stale lock '%s' left by pid %ld", lock_path,
		       lk->lf.stale);
		/* Its holder died: what it left half done is undone before we go on. */
		journal_recover_dead(lk->j, lock_path);
	}
	free(lock_path);
	return rc;
}

int lock_take(struct lock *lk, struct msgs *msgs, struct journal *j, const char *path, int rc,
	      bool keep_bak)
{
	*lk = (struct lock)LOCK_INIT;
	lk->j = j;
	lk->msgs = msgs;
	lk->path = resolve(path);
	lk->rc = rc;
	lk->keep_bak = keep_bak;
	if ((rc = check_regular(lk, path)))
		return rc;
	char *lock_path = xasprintf("%s.lock", lk->path);
	/* A file this transaction changed already: its lock is ours, held by the journal. */
	bool ours = journal_holds(j, lock_path);
	free(lock_path);
	if (ours)
		return RC_OK;
	/*
	 * Logged before the lock file is made, so that if we die holding it,
	 * recovery clears our lock and temp file too, with no moment between.
	 */
	if (journal_note_lock(lk->j, lk->path) != 0)
		return error(lk->msgs, lk->rc, "cannot lock '%s':", lk->path);
	rc = hold(lk);
	/* Temp files are only made by lock holders: while we hold it, any there are stale. */
	if (!rc)
		tempfile_sweep(lk->path);
	return rc;
}

/* Copy every extended attribute of from (SELinux labels among them) to to; best effort. */
static void copy_xattrs(int from, int to)
{
	ssize_t n = flistxattr(from, NULL, 0);
	char *names, *value = NULL;

	if (n <= 0)
		return;
	names = xmalloc((size_t)n);
	n = flistxattr(from, names, (size_t)n);
	for (ssize_t i = 0; i < n; i += (ssize_t)strlen(names + i) + 1) {
		ssize_t len = fgetxattr(from, names + i, NULL, 0);
		if (len < 0)
			continue;
		value = xrealloc(value, (size_t)len + 1);
		len = fgetxattr(from, names + i, value, (size_t)len);
		if (len >= 0)
			fsetxattr(to, names + i, value, (size_t)len, 0);
	}
	free(value);
	free(names);
}

/*
 * Give the temp file its attributes: a forced mode and the invoking user's
 * ownership (modules); or the old file's owner, mode (setgid too: chown
 * first, as it clears those bits) and xattrs (configs); or new_mode.
 */
static int set_attrs(const struct lock *lk, int fd, mode_t new_mode)
{
	int old = lk->mode ? -1 : file_open_regular(lk->path);
	struct stat st;
	int rc = -1;

	if (lk->mode)
		return fchmod(fd, lk->mode);
	if (old < 0)
		return errno == ENOENT ? fchmod(fd, new_mode) : -1;
	if (fstat(old, &st) != 0)
		goto out;
	if (fchown(fd, st.st_uid, st.st_gid) != 0 && errno != EPERM)
		goto out;
	if (fchmod(fd, st.st_mode & 07777) != 0)
		goto out;
	copy_xattrs(old, fd);
	rc = 0;
out:;
	int e = errno;
	close(old);
	errno = e;
	return rc;
}

/*
 * path.bak is made in two steps around the rename: first the version being
 * replaced is linked (or copied) to a temp name; once the new version is in
 * place, that becomes path.bak, logged so that a rolled-back run puts the
 * previous .bak back. A failed rename leaves .bak as it was.
 */
static int bak_prepare(const struct lock *lk, char **tmp)
{
	/* Named after the file, so the next holder of its lock sweeps it if we are killed. */
	*tmp = tempfile_name(lk->path, "copy");
	if (file_keep(lk->path, *tmp) == 0)
		return 0;
	free(*tmp);
	*tmp = NULL;
	return -1;
}

static int bak_commit(const struct lock *lk, char *tmp)
{
	char *bak = xasprintf("%s.bak", lk->path);
	int rc = journal_save_backup(lk->j, bak);

	if (rc == 0)
		rc = rename(tmp, bak);
	int e = errno;
	/* When .bak was already a link to the same file, rename did nothing. */
	unlink(tmp);
	free(bak);
	errno = e;
	return rc;
}

/* A signal is an error like any other while a transaction runs. */
static bool interrupted(void)
{
	if (!signals_pending())
		return false;
	errno = EINTR;
	return true;
}

int lock_commit_with(struct lock *lk, lock_fill_fn *fill, void *arg, mode_t new_mode)
{
	const char *step = "write";
	char *bak = NULL;
	struct stat st;

	if (tempfile_create(&lk->tmp, lk->path) != 0) {
		char *dir = path_dir(lk->path);
		int rc = error(lk->msgs, lk->rc, "cannot create a temp file in '%s':", dir);
		free(dir);
		return rc;
	}
	if (fill(lk->tmp.fd, arg) != 0)
		goto fail;
	/* For the signal tests: hold the lock and the temp file for a while. */
	if (FAILPOINT("pause"))
		sleep(10);
	if (interrupted() || set_attrs(lk, lk->tmp.fd, new_mode) != 0)
		goto fail;
	step = "fsync";
	if (tempfile_close(&lk->tmp) != 0)
		goto fail;
	step = "write a backup of";
	if (interrupted() || (lk->keep_bak && lstat(lk->path, &st) == 0 && bak_prepare(lk, &bak)))
		goto fail;
	step = "rename";
	/* The version before, for undoing this step or the whole transaction. */
	if (journal_save(lk->j, lk->path) != 0 || tempfile_rename(&lk->tmp, lk->path) != 0)
		goto fail;
	step = "write a backup of";
	if (bak && bak_commit(lk, bak) != 0)
		goto fail;
	free(bak);
	if (dir_sync(lk->path) != 0)
		return error(lk->msgs, lk->rc, "cannot fsync the directory of '%s':", lk->path);
	return RC_OK;
fail:;
	int e = errno;
	tempfile_delete(&lk->tmp);
	if (bak)
		unlink(bak);
	free(bak);
	errno = e;
	return error(lk->msgs, lk->rc, "cannot %s '%s':", step, lk->path);
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

int lock_remove(struct lock *lk)
{
	int r;

	if (journal_active(lk->j)) {
		if (journal_remove(lk->j, lk->path, lk->keep_bak) != 0)
			return error(lk->msgs, lk->rc, "cannot remove '%s':", lk->path);
		return RC_OK;
	}
	if (lk->keep_bak) {
		char *bak = xasprintf("%s.bak", lk->path);
		r = FAILPOINT("rename") ? -1 : rename(lk->path, bak);
		free(bak);
	} else {
		r = unlink(lk->path);
	}
	if (r != 0 && errno != ENOENT)
		return error(lk->msgs, lk->rc, "cannot remove '%s':", lk->path);
	if (dir_sync(lk->path) != 0)
		return error(lk->msgs, lk->rc, "cannot fsync the directory of '%s':", lk->path);
	return RC_OK;
}

int lock_unlink(struct msgs *msgs, struct journal *j, const char *path, int rc)
{
	struct lock lk = LOCK_INIT;

	rc = lock_take(&lk, msgs, j, path, rc, false);
	if (!rc)
		rc = lock_remove(&lk);
	lock_done(&lk);
	return rc;
}

void lock_done(struct lock *lk)
{
	if (journal_active(lk->j) && lk->lf.fd >= 0)
		journal_keep_lock(lk->j, &lk->lf);
	lock_release(lk);
}

void lock_release(struct lock *lk)
{
	tempfile_delete(&lk->tmp);
	lockfile_release(&lk->lf);
	free(lk->path);
	lk->path = NULL;
}

int lock_unlink_with_bak(struct msgs *msgs, struct journal *j, const char *path, int rc)
{
	char *bak = xasprintf("%s.bak", path);
	int err = lock_unlink(msgs, j, path, rc);

	if (!err)
		err = lock_unlink(msgs, j, bak, rc);
	free(bak);
	return err;
}
