/* journal.c: the intent log that undoes a run after an error, a signal or a crash. */
#include "journal.h"

#include "json.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "failpoint.h"
#include "fileio.h"
#include "msg.h"
#include "signals.h"
#include "tempfile.h"
#include "util.h"

/* A log larger than this is not one modxs wrote. */
#define MAX_LOG (16u << 20)

static const char *const op_names[] = {
	[JOURNAL_SAVE] = "save",   [JOURNAL_CREATE] = "create", [JOURNAL_REMOVE] = "remove",
	[JOURNAL_LINK] = "link",   [JOURNAL_MKDIR] = "mkdir",	[JOURNAL_COMMIT] = "commit",
	[JOURNAL_BEGIN] = "begin", [JOURNAL_LOCK] = "lock",
};
_Static_assert(sizeof(op_names) / sizeof(*op_names) == JOURNAL_LOCK + 1, "a name for every op");

/* True while j is a running transaction; NULL stands for none. */
static bool is_on(const struct journal *j)
{
	return j && j->on;
}

static void change_release(struct journal_change *e)
{
	free(e->path);
	free(e->saved);
	free(e->old);
}

/* The change this transaction made to path already; a lock taken is not one. */
static struct journal_change *find(const struct journal *j, const char *path)
{
	for (size_t i = 0; i < j->n; i++)
		if (j->v[i].op != JOURNAL_LOCK && j->v[i].path && strcmp(j->v[i].path, path) == 0)
			return &j->v[i];
	return NULL;
}

char *journal_change_text(const struct journal_change *e)
{
	cJSON *o = cJSON_CreateObject();
	char *text;

	cJSON_AddStringToObject(o, "op", op_names[e->op]);
	if (e->op == JOURNAL_BEGIN)
		cJSON_AddNumberToObject(o, "pid", (double)getpid());
	if (e->path)
		cJSON_AddStringToObject(o, "path", e->path);
	if (e->saved)
		cJSON_AddStringToObject(o, "saved", e->saved);
	if (e->old)
		cJSON_AddStringToObject(o, "old", e->old);
	if (e->bak)
		cJSON_AddTrueToObject(o, "bak");
	if (e->backup)
		cJSON_AddTrueToObject(o, "backup");
	text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	size_t len = strlen(text);
	text = xrealloc(text, len + 2);
	text[len] = '\n';
	text[len + 1] = '\0';
	return text;
}

/* Append a record to the log and make it durable, before the change it announces. */
static int log_entry(const struct journal *j, const struct journal_change *e)
{
	char *text = journal_change_text(e);
	/*
	 * Outside the failpoints, which stand for the files the log guards. A
	 * lock taken changes no file, so its line needs no fsync of its own:
	 * the next change's line makes it durable, and until then a crash
	 * leaves nothing to undo.
	 */
	bool sync = e->op != JOURNAL_LOCK;
	int rc = fd_write_all(j->fd, text, strlen(text)) == 0 && (!sync || fsync(j->fd) == 0) ? 0 :
												-1;

	free(text);
	return rc;
}

/* Log e and, once it is on disk, keep it in memory; the caller makes the change next. */
static struct journal_change *add(struct journal *j, enum journal_op op, const char *path,
				  char *saved, char *old, bool bak, bool backup)
{
	struct journal_change e = {op, xstrdup(path), saved, old, bak, backup};

	if (signals_pending()) {
		change_release(&e);
		errno = EINTR;
		return NULL;
	}
	if (log_entry(j, &e) != 0) {
		int err = errno;
		change_release(&e);
		errno = err;
		return NULL;
	}
	if (j->n % 8 == 0)
		j->v = xrealloc(j->v, (j->n + 8) * sizeof(*j->v));
	j->v[j->n] = e;
	return &j->v[j->n++];
}

/* Forget the newest entry: its change was not made after all. */
static void drop_last(struct journal *j)
{
	change_release(&j->v[--j->n]);
}

/* Make dir and an exclusive, flocked log in it; a dir removed meanwhile by another run's end is made again. */
static int open_log(struct journal *j, const char *dir)
{
	for (int tries = 0; tries < 8; tries++) {
		char *failed = NULL;
		if (dir_make(NULL, dir, &failed) != 0) {
			int e = errno;
			free(failed);
			errno = e;
			return -1;
		}
		j->file = path_join(dir, "run-XXXXXX");
		int fd = mkstemp(j->file);
		if (fd >= 0 && flock(fd, LOCK_EX) == 0 && fcntl(fd, F_SETFL, O_APPEND) == 0) {
			fcntl(fd, F_SETFD, FD_CLOEXEC);
			return fd;
		}
		int e = errno;
		if (fd >= 0) {
			unlink(j->file);
			close(fd);
		}
		free(j->file);
		j->file = NULL;
		errno = e;
		if (e != ENOENT)
			return -1;
	}
	return -1;
}

int journal_begin(struct journal *j, struct msgs *msgs, const char *dir)
{
	char *failed = NULL;

	j->msgs = msgs;
	/* From before the log exists: a signal now is seen by the run, which rolls back. */
	signals_catch();
	signals_defer(true);
	if (dir_make(NULL, dir, &failed) != 0) {
		int e = errno;
		free(failed);
		signals_defer(false);
		errno = e;
		return -1;
	}
	journal_recover(msgs, dir);
	j->fd = open_log(j, dir);
	if (j->fd < 0) {
		int e = errno;
		signals_defer(false);
		errno = e;
		return -1;
	}
	j->dir = xstrdup(dir);
	j->on = true;
	struct journal_change b = {JOURNAL_BEGIN, NULL, NULL, NULL, false, false};
	if (log_entry(j, &b) != 0 || dir_fsync(j->file) != 0) {
		int e = errno;
		journal_end(j, false);
		errno = e;
		return -1;
	}
	return 0;
}

bool journal_active(const struct journal *j)
{
	return is_on(j);
}

static int save(struct journal *j, const char *path, bool backup)
{
	struct stat st;
	struct journal_change *e;

	if (!is_on(j) || find(j, path))
		return 0;
	if (lstat(path, &st) != 0) {
		if (errno != ENOENT)
			return -1;
		e = add(j, JOURNAL_CREATE, path, NULL, NULL, false, backup);
		return e ? 0 : -1;
	}
	e = add(j, JOURNAL_SAVE, path, tempfile_name(path, "save"), NULL, false, backup);
	if (!e)
		return -1;
	if (file_keep(path, e->saved) != 0 || dir_fsync(path) != 0) {
		int err = errno;
		unlink(e->saved);
		drop_last(j);
		errno = err;
		return -1;
	}
	return 0;
}

int journal_note_lock(struct journal *j, const char *path)
{
	if (!is_on(j))
		return 0;
	return add(j, JOURNAL_LOCK, path, NULL, NULL, false, false) ? 0 : -1;
}

int journal_save(struct journal *j, const char *path)
{
	return save(j, path, false);
}

int journal_save_backup(struct journal *j, const char *path)
{
	return save(j, path, true);
}

int journal_remove(struct journal *j, const char *path, bool bak)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!is_on(j) || find(j, path)) {
		/* Made or saved in this transaction already: the version before is kept. */
		if (FAILPOINT("rename") || unlink(path) != 0)
			return -1;
		return dir_sync(path);
	}
	struct journal_change *e = add(j, JOURNAL_REMOVE, path, tempfile_name(path, "save"), NULL,
				       bak, false);
	if (!e)
		return -1;
	if (FAILPOINT("rename") || rename(path, e->saved) != 0) {
		int err = errno;
		drop_last(j);
		errno = err;
		return -1;
	}
	if (dir_sync(path) != 0) {
		int err = errno;
		rename(e->saved, path);
		drop_last(j);
		errno = err;
		return -1;
	}
	return 0;
}

/* Point link at target (or remove it when target is NULL), atomically. */
static int relink(const char *link, const char *target)
{
	if (!target)
		return unlink(link) == 0 || errno == ENOENT ? 0 : -1;
	char *tmp = tempfile_name(link, "link");
	int rc = 0;

	if (symlink(target, tmp) != 0 || rename(tmp, link) != 0) {
		rc = -1;
		int e = errno;
		unlink(tmp);
		errno = e;
	}
	free(tmp);
	return rc;
}

int journal_link(struct journal *j, const char *link, const char *target)
{
	char have[4096];
	struct stat st;
	bool exists = lstat(link, &st) == 0;

	/* A file where the link goes is moved aside, so that undoing puts it back. */
	if (exists && !S_ISLNK(st.st_mode)) {
		if (journal_remove(j, link, false) != 0)
			return -1;
		exists = false;
	}
	if (is_on(j) && !find(j, link)) {
		ssize_t n = exists ? readlink(link, have, sizeof(have) - 1) : -1;
		if (n >= 0)
			have[n] = '\0';
		if (!add(j, JOURNAL_LINK, link, NULL, n >= 0 ? xstrdup(have) : NULL, false, false))
			return -1;
	}
	if (FAILPOINT("rename") || relink(link, target) != 0)
		return -1;
	dir_sync_quiet(link);
	return 0;
}

int dir_make(struct journal *j, const char *dir, char **failed)
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
			if (is_on(j) && !add(j, JOURNAL_MKDIR, p, NULL, NULL, false, false)) {
				*failed = xstrdup(p);
				rc = -1;
				break;
			}
			/* The mkdir failpoint is for the dirs a run makes, not the state dir it runs in. */
			if ((is_on(j) && FAILPOINT("mkdir")) ||
			    (mkdir(p, 0755) != 0 && errno != EEXIST)) {
				*failed = xstrdup(p);
				rc = -1;
				break;
			}
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

void journal_keep_lock(struct journal *j, struct lockfile *lf)
{
	if (j->nlocks % 8 == 0)
		j->locks = xrealloc(j->locks, (j->nlocks + 8) * sizeof(*j->locks));
	j->locks[j->nlocks++] = *lf;
	*lf = (struct lockfile)LOCKFILE_INIT;
}

bool journal_holds(const struct journal *j, const char *lock_path)
{
	for (size_t i = 0; j && i < j->nlocks; i++)
		if (strcmp(j->locks[i].path, lock_path) == 0)
			return true;
	return false;
}

/* Undo one change; 1 when a file was put back, 0 when there was nothing to do, -1 on failure. */
static int undo(const struct journal_change *e)
{
	struct stat st, now;
	int rc = 0;

	switch (e->op) {
	case JOURNAL_SAVE:
	case JOURNAL_REMOVE:
		/* No saved copy: the run ended before it changed the file. */
		if (lstat(e->saved, &st) != 0)
			return 0;
		/* Still the same file: the run ended before it replaced it. */
		if (lstat(e->path, &now) == 0 && now.st_dev == st.st_dev && now.st_ino == st.st_ino)
			return unlink(e->saved) == 0 ? 0 : -1;
		rc = rename(e->saved, e->path) == 0 ? 1 : -1;
		/* When both names were links to one file, rename did nothing. */
		if (rc > 0)
			unlink(e->saved);
		break;
	case JOURNAL_CREATE:
		if (unlink(e->path) != 0)
			return errno == ENOENT ? 0 : -1;
		rc = 1;
		break;
	case JOURNAL_LINK:
		rc = relink(e->path, e->old) == 0 ? 1 : -1;
		break;
	case JOURNAL_MKDIR:
		/* Last, and only when empty: other entries may live in it. */
		return 0;
	default:
		return 0;
	}
	if (rc > 0)
		dir_sync_quiet(e->path);
	return rc;
}

/* Keep one change: drop the saved version, or make it the .bak of a removed config. */
static void keep(const struct journal_change *e)
{
	if (e->op != JOURNAL_SAVE && e->op != JOURNAL_REMOVE)
		return;
	if (e->bak) {
		char *bak = xasprintf("%s.bak", e->path);
		if (rename(e->saved, bak) != 0)
			unlink(e->saved);
		free(bak);
		return;
	}
	unlink(e->saved);
}

/* Undo entries newest first; the number of files put back, or -1 after an error line. */
static int roll_back(struct msgs *msgs, const struct journal_change *v, size_t n)
{
	int put = 0, rc = 0;

	for (size_t i = n; i-- > 0;) {
		int r = undo(&v[i]);
		if (r < 0) {
			/* Said even after a signal, which silences the errors it causes. */
			if (signals_pending())
				warn(msgs, "cannot restore '%s':", v[i].path);
			else
				error(msgs, RC_INSTALL, "cannot restore '%s':", v[i].path);
			rc = -1;
		} else if (!v[i].backup) {
			put += r;
		}
	}
	return rc ? rc : put;
}

/* Remove the directories a rolled-back run made, once their lock files are gone. */
static void remove_dirs(const struct journal_change *v, size_t n)
{
	for (size_t i = n; i-- > 0;)
		if (v[i].op == JOURNAL_MKDIR)
			rmdir(v[i].path);
}

static void release_locks(struct journal *j)
{
	for (size_t i = j->nlocks; i-- > 0;)
		lockfile_release(&j->locks[i]);
	free(j->locks);
	j->locks = NULL;
	j->nlocks = 0;
}

int journal_end(struct journal *j, bool ok)
{
	struct journal_change c = {JOURNAL_COMMIT, NULL, NULL, NULL, false, false};
	int rc = RC_OK;

	if (!is_on(j))
		return RC_OK;
	/* Once "commit" is on disk, a crash finishes the run instead of undoing it. */
	if (ok && log_entry(j, &c) != 0) {
		rc = error(j->msgs, RC_INSTALL, "cannot write the journal '%s':", j->file);
		ok = false;
	}
	bool done = true;
	if (ok) {
		for (size_t i = 0; i < j->n; i++)
			keep(&j->v[i]);
	} else {
		int put = roll_back(j->msgs, j->v, j->n);
		if (put < 0)
			rc = RC_INSTALL;
		else if (put)
			notice(j->msgs, "put back %d file%s as %s before this run", put,
			       put == 1 ? "" : "s", put == 1 ? "it was" : "they were");
		/*
		 * Rolled back, the files are final: an emptied log keeps a crash
		 * from here on from undoing it again over another run's changes,
		 * and needs no disk space. A failed rollback keeps its log, for
		 * the next run to try again.
		 */
		done = put >= 0 && ftruncate(j->fd, 0) == 0 && fsync(j->fd) == 0;
	}
	/* Locks go while the log still names them, so a crash between leaves none behind. */
	release_locks(j);
	if (done) {
		unlink(j->file);
		dir_sync_quiet(j->file);
	}
	close(j->fd);
	if (!ok)
		remove_dirs(j->v, j->n);
	for (size_t i = j->n; i-- > 0;)
		change_release(&j->v[i]);
	free(j->v);
	free(j->file);
	/* An empty log dir goes too, so that a DESTDIR run leaves none in the package. */
	rmdir(j->dir);
	free(j->dir);
	j->v = NULL;
	j->n = 0;
	j->file = j->dir = NULL;
	j->fd = -1;
	j->on = false;
	signals_defer(false);
	return rc;
}

/* A pid as the log gives it, only for messages: 0 unless a whole number in range. */
static long pid_of(const cJSON *n)
{
	double v = cJSON_IsNumber(n) ? n->valuedouble : 0;

	return v >= 1 && v <= 4194304 && v == (double)(long)v ? (long)v : 0;
}

bool journal_log_parse(const char *text, struct journal_log *log)
{
	memset(log, 0, sizeof(*log));
	for (const char *line = text; *line;) {
		const char *end = strchr(line, '\n');
		if (!end)
			break;
		cJSON *o = cJSON_ParseWithLength(line, (size_t)(end - line));
		line = end + 1;
		const cJSON *op = cJSON_GetObjectItemCaseSensitive(o, "op");
		const char *path = cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(o, "path"));
		const char *saved = cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(o, "saved"));
		const char *old = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "old"));
		int k = -1;
		for (int i = 0; cJSON_IsString(op) && i <= JOURNAL_LOCK; i++)
			if (strcmp(op->valuestring, op_names[i]) == 0)
				k = i;
		bool needs_saved = k == JOURNAL_SAVE || k == JOURNAL_REMOVE;
		bool needs_path = k < JOURNAL_COMMIT || k == JOURNAL_LOCK;
		if (k < 0 || (needs_path && !path) || (needs_saved && !saved)) {
			cJSON_Delete(o);
			return log->n > 0 || log->committed || log->pid;
		}
		if (k == JOURNAL_BEGIN) {
			log->pid = pid_of(cJSON_GetObjectItemCaseSensitive(o, "pid"));
		} else if (k == JOURNAL_COMMIT) {
			log->committed = true;
		} else {
			if (log->n % 8 == 0)
				log->v = xrealloc(log->v, (log->n + 8) * sizeof(*log->v));
			log->v[log->n++] = (struct journal_change){
				(enum journal_op)k,
				xstrdup(path),
				saved ? xstrdup(saved) : NULL,
				old ? xstrdup(old) : NULL,
				cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "bak")),
				cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "backup"))};
		}
		cJSON_Delete(o);
	}
	return true;
}

void journal_log_release(struct journal_log *log)
{
	for (size_t i = 0; i < log->n; i++)
		change_release(&log->v[i]);
	free(log->v);
	memset(log, 0, sizeof(*log));
}

/* The locks a recovery takes: those of every file the log changed. */
struct held {
	struct lockfile *v;
	size_t n;
};

static void held_release(struct held *h)
{
	for (size_t i = h->n; i-- > 0;)
		lockfile_release(&h->v[i]);
	free(h->v);
}

/* Take the lock of every file the log changed, unless this process holds it already. */
static bool lock_files(const struct journal *j, const char *also, const struct journal_change *v,
		       size_t n, struct held *h)
{
	h->v = xcalloc(n + 1, sizeof(*h->v));
	h->n = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i].op != JOURNAL_SAVE && v[i].op != JOURNAL_CREATE &&
		    v[i].op != JOURNAL_REMOVE && v[i].op != JOURNAL_LOCK)
			continue;
		char *lp = xasprintf("%s.lock", v[i].path);
		bool mine = (j && journal_holds(j, lp)) || (also && strcmp(also, lp) == 0);
		for (size_t k = 0; k < h->n && !mine; k++)
			mine = strcmp(h->v[k].path, lp) == 0;
		struct lockfile *lf = &h->v[h->n];
		*lf = (struct lockfile)LOCKFILE_INIT;
		int rc = mine ? 0 : lockfile_hold(lf, lp, 30000);
		/* A directory that is gone holds nothing to put back. */
		bool gone = rc != 0 && errno == ENOENT;
		free(lp);
		if (rc == 0 && !mine)
			h->n++;
		else if (rc != 0)
			free(lf->path);
		if (rc != 0 && !gone)
			return false;
	}
	return true;
}

/* Read an open log of at most MAX_LOG bytes into a new string; NULL on failure. */
static char *read_log(int fd)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	ssize_t n;

	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || b.len + (size_t)n > MAX_LOG) {
			buf_release(&b);
			return NULL;
		}
		buf_add(&b, chunk, (size_t)n);
	}
	return buf_detach(&b);
}

/* Undo (or finish) the run logged at path if its process is gone; true when done. */
static bool recover_one(struct msgs *msgs, const struct journal *j, const char *also,
			const char *path)
{
	int fd = open(path, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct journal_log log = {NULL, 0, false, 0};
	struct held h = {NULL, 0};
	struct stat st;
	bool done = false;
	char *text = NULL;

	if (fd < 0)
		return false;
	/* Only a log this user wrote is trusted to say what to move where. */
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    flock(fd, LOCK_EX | LOCK_NB) != 0)
		goto out;
	text = read_log(fd);
	if (!text || !journal_log_parse(text, &log)) {
		warn(msgs, "'%s' is not a modxs journal; leaving it", path);
		goto out;
	}
	/* A run that ended before its first change, or had rolled back. */
	if (log.n == 0 && !log.committed) {
		done = true;
		unlink(path);
		goto out;
	}
	/* Taking its locks breaks the ones it left, committed or not. */
	if (!lock_files(j, also, log.v, log.n, &h)) {
		warn(msgs,
		     "cannot lock the files of an interrupted run (pid %ld) logged in '%s'; "
		     "leaving it for the next run",
		     log.pid, path);
		goto out;
	}
	int put = 0;
	if (log.committed) {
		for (size_t i = 0; i < log.n; i++)
			keep(&log.v[i]);
	} else {
		put = roll_back(msgs, log.v, log.n);
	}
	/*
	 * Temp files the dead run was writing, under the locks it held, and the
	 * temp links it was about to rename over links it logged: those may sit
	 * in a dir it locked nothing in (a drop-in's enabled dir).
	 */
	for (size_t i = 0; i < log.n; i++)
		if (log.v[i].op == JOURNAL_LOCK || log.v[i].op == JOURNAL_LINK)
			tempfile_sweep(log.v[i].path);
	held_release(&h);
	h.v = NULL;
	if (log.committed) {
		notice(msgs, "finished an interrupted run (pid %ld) that had completed", log.pid);
	} else {
		remove_dirs(log.v, log.n);
		if (put < 0)
			goto out;
		notice(msgs, "rolled back an interrupted run (pid %ld): put back %d file%s",
		       log.pid, put, put == 1 ? "" : "s");
	}
	unlink(path);
	dir_sync_quiet(path);
	done = true;
out:
	if (h.v)
		held_release(&h);
	journal_log_release(&log);
	free(text);
	close(fd);
	return done;
}

/* Recover every dead run logged in dir; j and also name the locks this process holds. */
static int recover_dir(struct msgs *msgs, const struct journal *j, const char *also,
		       const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int count = 0;

	while (d && (e = readdir(d))) {
		if (!str_starts(e->d_name, "run-"))
			continue;
		char *p = path_join(dir, e->d_name);
		/* Our own log is flocked by us, so it is never taken for a dead run's. */
		count += recover_one(msgs, j, also, p);
		free(p);
	}
	if (d)
		closedir(d);
	return count;
}

int journal_recover(struct msgs *msgs, const char *dir)
{
	return recover_dir(msgs, NULL, NULL, dir);
}

void journal_recover_dead(struct journal *j, const char *held)
{
	if (is_on(j))
		recover_dir(j->msgs, j, held, j->dir);
}
