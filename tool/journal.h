/* journal.h: a run's changes, logged to disk before each is made, so an error, a signal or a crash undoes them all. */
#ifndef MODXS_JOURNAL_H
#define MODXS_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "lockfile.h"
#include "msg.h"

/* What a log line records. */
enum journal_op {
	JOURNAL_SAVE,	/* path had a version, kept at saved */
	JOURNAL_CREATE, /* path did not exist */
	JOURNAL_REMOVE, /* path was moved to saved */
	JOURNAL_LINK,	/* the symlink path pointed at old (nowhere when NULL) */
	JOURNAL_MKDIR,	/* the directory path was made */
	JOURNAL_COMMIT, /* every change is to be kept */
	JOURNAL_BEGIN,	/* the run's first line, with its pid */
	JOURNAL_LOCK,	/* path's lock was taken: a dead run's lock and temp files go */
};

/* One logged change. */
struct journal_change {
	enum journal_op op;
	char *path, *saved, *old;
	bool bak;    /* a kept removal leaves path.bak */
	bool backup; /* the change is to a .bak: put back, but not counted */
};

/* A log read back: its changes in order, whether it committed, and who wrote it. */
struct journal_log {
	struct journal_change *v;
	size_t n;
	bool committed;
	long pid;
};

/*
 * A running transaction: its log, its changes and the locks it holds to
 * the end. Every function taking one also takes NULL, or one not begun:
 * the change is then made without being logged.
 */
struct journal {
	bool on;
	struct msgs *msgs; /* where recovery and rollback report */
	int fd;		   /* the log, flocked while the run lives */
	char *dir, *file;  /* where logs live, and this run's */
	struct journal_change *v;
	size_t n;
	struct lockfile *locks;
	size_t nlocks;
};
#define JOURNAL_INIT                                          \
	{                                                     \
		false, NULL, -1, NULL, NULL, NULL, 0, NULL, 0 \
	}

/*
 * Start a transaction logged in dir (made 0700 when missing), after
 * rolling back every interrupted run logged there. From now on signals
 * are deferred: the transaction sees them and rolls back. 0, or -1 with
 * errno.
 */
int journal_begin(struct journal *j, struct msgs *msgs, const char *dir);
/* True between journal_begin and journal_end. */
bool journal_active(const struct journal *j);
/*
 * Before path is replaced or created: log it, and keep its current version
 * aside (a link, or a copy) under an unpredictable name, so the change can
 * be undone. Once per path and transaction. 0, or -1 with errno (EINTR
 * when a signal came).
 */
int journal_save(struct journal *j, const char *path);
/* journal_save for a .bak: put back on undo, but not counted among the files put back. */
int journal_save_backup(struct journal *j, const char *path);
/*
 * Remove path: logged, and moved aside, so it can be put back. With bak,
 * a kept removal leaves its last version as path.bak. 0, or -1 with errno.
 */
int journal_remove(struct journal *j, const char *path, bool bak);
/* Point the symlink link at target (remove it when NULL), atomically, logged. 0, or -1 with errno. */
int journal_link(struct journal *j, const char *link, const char *target);
/* mkdir -p dir with mode 0755, each directory made logged in j (NULL: none); 0, or -1 with errno and *failed naming the dir. */
int dir_make(struct journal *j, const char *dir, char **failed);
/* Log that the lock of path is held, so recovery clears what a dead run left beside it. 0, or -1. */
int journal_note_lock(struct journal *j, const char *path);
/* Hand a held lock to the transaction, which releases it at journal_end. */
void journal_keep_lock(struct journal *j, struct lockfile *lf);
/* True if the transaction holds the lock lock_path. */
bool journal_holds(const struct journal *j, const char *lock_path);
/*
 * End the transaction: keep every change (ok), or undo them all, newest
 * first; then release the locks. RC_INSTALL after an error line when
 * something could not be put back.
 */
int journal_end(struct journal *j, bool ok);
/*
 * Roll back (or finish committing) every run logged in dir whose process
 * is gone, saying what was done. The number of runs recovered.
 */
int journal_recover(struct msgs *msgs, const char *dir);
/*
 * During j, after a stale lock was broken: a dead run held it, so its log
 * is replayed before this run touches the file. held is the lock just
 * taken, not yet handed to j.
 */
void journal_recover_dead(struct journal *j, const char *held);

/* The log line of c, with its newline, as a new string. */
char *journal_change_text(const struct journal_change *c);
/* Read a log's text; false when it is not one. A torn last line is a change never made. */
bool journal_log_parse(const char *text, struct journal_log *log);
/* Free what journal_log_parse read. */
void journal_log_release(struct journal_log *log);

#endif
