/* journal.c: the undo journal of one run; see journal.h. */
#include "journal.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "failpoint.h"
#include "lock.h"
#include "msg.h"
#include "receipt.h"
#include "util.h"

/* One file or link the run changed: what it was, and what the run left. */
struct entry {
	char *path;
	bool is_link;
	bool is_dir;      /* a directory this run created */
	bool old_exists;
	bool unreadable;  /* the old content could not be read: cannot be put back */
	mode_t old_mode;
	char *undo;       /* a hard link to the old file, kept until the run ends */
	struct stat old_st;
	struct buf old;   /* the link's target; a file's content when no undo link could be made */
	char (*wrote)[65]; /* sha256 of every version this run wrote, "" for removed */
	size_t nwrote;
};

static struct {
	struct entry *v;
	size_t n;
	bool open;
} jr;

/*
 * The undo links, for journal_on_signal: unlink() is async-signal-safe and
 * a string is only freed after its slot is cleared.
 */
static char *volatile undo_slots[32];

static void slot(char *path, bool on)
{
	for (size_t i = 0; i < sizeof(undo_slots) / sizeof(*undo_slots); i++) {
		if (on && !undo_slots[i]) {
			undo_slots[i] = path;
			return;
		}
		if (!on && undo_slots[i] == path)
			undo_slots[i] = NULL;
	}
}

void journal_on_signal(void)
{
	for (size_t i = 0; i < sizeof(undo_slots) / sizeof(*undo_slots); i++)
		if (undo_slots[i])
			unlink(undo_slots[i]);
}

void journal_open(void)
{
	journal_close();
	jr.open = true;
}

void journal_close(void)
{
	for (size_t i = 0; i < jr.n; i++) {
		free(jr.v[i].path);
		if (jr.v[i].undo) {
			slot(jr.v[i].undo, false);
			unlink(jr.v[i].undo);
		}
		free(jr.v[i].undo);
		buf_release(&jr.v[i].old);
		free(jr.v[i].wrote);
	}
	free(jr.v);
	jr.v = NULL;
	jr.n = 0;
	jr.open = false;
}

/* The entry for path, made (with its old state read now) when there is none. */
static struct entry *entry_for(const char *path, bool is_link)
{
	struct stat st;

	for (size_t i = 0; i < jr.n; i++)
		if (strcmp(jr.v[i].path, path) == 0)
			return &jr.v[i];
	jr.v = xrealloc(jr.v, (jr.n + 1) * sizeof(*jr.v));
	struct entry *e = &jr.v[jr.n++];
	memset(e, 0, sizeof(*e));
	e->path = xstrdup(path);
	e->is_link = is_link;
	if (lstat(path, &st) != 0)
		return e;
	e->old_exists = true;
	e->old_mode = st.st_mode & 07777;
	e->old_st = st;
	if (is_link) {
		char target[4096];
		ssize_t n = readlink(path, target, sizeof(target));
		e->unreadable = n < 0 || (size_t)n == sizeof(target);
		if (!e->unreadable)
			buf_add(&e->old, target, (size_t)n);
		return e;
	}
	/*
	 * A hard link keeps the old version, owner and mode with no copy, so a
	 * 100 MB config costs nothing here; lock.c sweeps it after a crash.
	 */
	char *dir = path_dir(path);
	e->undo = xasprintf("%s/.%s.modxs-undo-%ld", dir, path_base(path), (long)getpid());
	free(dir);
	unlink(e->undo);
	slot(e->undo, true);
	if (FAILPOINT("link") || link(path, e->undo) != 0) {
		slot(e->undo, false);
		free(e->undo);
		e->undo = NULL;
		e->unreadable = file_read(path, &e->old) != 0;
	}
	return e;
}

/* Remember path's old state (first time only) and that the run now leaves sha there. */
static void note(const char *path, bool is_link, const char *sha)
{
	struct entry *e = entry_for(path, is_link);

	e->wrote = xrealloc(e->wrote, (e->nwrote + 1) * sizeof(*e->wrote));
	memcpy(e->wrote[e->nwrote], sha, 65);
	e->nwrote++;
}

void journal_file(const char *path, const char *tmp)
{
	char sha[65] = "";

	if (!jr.open)
		return;
	/* A new version that cannot be hashed matches nothing: the undo then leaves it alone. */
	if (tmp && receipt_sha256_file(tmp, sha) != 0)
		memcpy(sha, "unreadable", 11);
	note(path, false, sha);
}

void journal_link(const char *link, const char *target)
{
	char sha[65] = "";

	if (!jr.open)
		return;
	if (target)
		receipt_sha256(target, strlen(target), sha);
	note(link, true, sha);
}

void journal_dir(const char *dir)
{
	if (!jr.open)
		return;
	jr.v = xrealloc(jr.v, (jr.n + 1) * sizeof(*jr.v));
	struct entry *e = &jr.v[jr.n++];
	memset(e, 0, sizeof(*e));
	e->path = xstrdup(dir);
	e->is_dir = true;
}

static bool same(const struct buf *b, bool exists, const struct buf *now, bool now_exists)
{
	if (!exists || !now_exists)
		return exists == now_exists;
	return b->len == now->len && (!b->len || memcmp(b->s, now->s, b->len) == 0);
}

/* Is now (sha256, "" when absent) one of the versions this run wrote? A file written twice may fail at the second. */
static bool ours(const struct entry *e, const char *now)
{
	for (size_t k = 0; k < e->nwrote; k++)
		if (strcmp(e->wrote[k], now) == 0)
			return true;
	return false;
}

/* Put one link back; 1 when restored, 0 when left alone, -1 on an error. */
static int undo_link(const struct entry *e)
{
	struct buf now = BUF_INIT;
	char target[4096], sha[65] = "";
	ssize_t n = readlink(e->path, target, sizeof(target));

	if (n >= 0) {
		buf_add(&now, target, (size_t)n);
		receipt_sha256(target, (size_t)n, sha);
	}
	/* A change that failed before its rename left the old version: nothing to undo. */
	bool as_was = same(&e->old, e->old_exists, &now, n >= 0);
	buf_release(&now);
	if (as_was)
		return 0;
	if (!ours(e, sha)) {
		warn("'%s' changed since; left as it is", e->path);
		return 0;
	}
	if (!e->old_exists)
		return unlink(e->path) == 0 || errno == ENOENT ? 1 : -1;
	char *tmp = xasprintf("%s.modxs-undo", e->path);
	unlink(tmp);
	int rc = symlink(e->old.s, tmp) == 0 && rename(tmp, e->path) == 0 ? 1 : -1;
	if (rc < 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

/* Put the old version of a file back, its lock held; 1, or -1 after an error. */
static int put_back(const struct entry *e, struct lock *lk, bool now_exists)
{
	if (!e->old_exists)
		return !now_exists || lock_remove(lk) == RC_OK ? 1 : -1;
	if (!e->undo)
		return lock_commit(lk, e->old.s ? e->old.s : "", e->old.len, e->old_mode) ? -1 : 1;
	if (rename(e->undo, lk->path) != 0) {
		error(RC_INSTALL, "cannot put back '%s':", lk->path);
		return -1;
	}
	if (dir_sync(lk->path) != 0)
		error(RC_INSTALL, "cannot fsync the directory of '%s':", lk->path);
	return 1;
}

/* Put one file back under its lock; 1 when restored, 0 when left alone, -1 on an error. */
static int undo_file(const struct entry *e)
{
	struct lock lk = LOCK_INIT;
	struct stat st;
	char now[65] = "";
	int rc = lock_take(&lk, e->path, RC_INSTALL, false);

	if (rc) {
		lock_release(&lk);
		return -1;
	}
	bool now_exists = stat(lk.path, &st) == 0;
	/* The old file still in place (a change failed before its rename): nothing to undo. */
	if (now_exists ? e->old_exists && st.st_ino == e->old_st.st_ino &&
				 st.st_dev == e->old_st.st_dev
		       : !e->old_exists) {
		rc = 0;
	} else if (now_exists && receipt_sha256_file(lk.path, now) != 0) {
		rc = -1;
		error(RC_INSTALL, "cannot read '%s':", lk.path);
	} else if (!ours(e, now)) {
		warn("'%s' changed since; left as it is", e->path);
		rc = 0;
	} else {
		rc = put_back(e, &lk, now_exists);
	}
	lock_release(&lk);
	return rc;
}

int journal_rollback(void)
{
	int restored = 0, failed = 0;

	/* The restore itself must not be journaled. */
	jr.open = false;
	for (size_t i = jr.n; i-- > 0;) {
		const struct entry *e = &jr.v[i];
		int r;
		if (e->is_dir)
			continue;
		if (e->unreadable) {
			error(RC_INSTALL, "cannot put back '%s': its old version could not be read",
			      e->path);
			failed++;
			continue;
		}
		r = e->is_link ? undo_link(e) : undo_file(e);
		if (r < 0 && e->is_link)
			error(RC_INSTALL, "cannot put back the link '%s':", e->path);
		failed += r < 0;
		restored += r > 0;
	}
	/* Directories last, once the files in them are gone; only those left empty. */
	for (size_t i = jr.n; i-- > 0;)
		if (jr.v[i].is_dir)
			rmdir(jr.v[i].path);
	return failed ? -1 : restored;
}
