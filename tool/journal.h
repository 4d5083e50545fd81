/* journal.h: a run's changes, logged to disk before each is made, so an error, a signal or a crash undoes them all. */
#ifndef MODXS_JOURNAL_H
#define MODXS_JOURNAL_H

#include <stdbool.h>

#include "lockfile.h"

/*
 * Start a transaction logged in dir (made 0700 when missing), after
 * rolling back every interrupted run logged there. From now on signals
 * are deferred: the transaction sees them and rolls back. 0, or -1 with
 * errno.
 */
int journal_begin(const char *dir);
/* True between journal_begin and journal_end. */
bool journal_active(void);
/*
 * Before path is replaced or created: log it, and keep its current version
 * aside (a link, or a copy) under an unpredictable name, so the change can
 * be undone. Once per path and transaction. 0, or -1 with errno (EINTR
 * when a signal came).
 */
int journal_save(const char *path);
/* journal_save for a .bak: put back on undo, but not counted among the files put back. */
int journal_save_backup(const char *path);
/*
 * Remove path: logged, and moved aside, so it can be put back. With bak,
 * a kept removal leaves its last version as path.bak. 0, or -1 with errno.
 */
int journal_remove(const char *path, bool bak);
/* Point the symlink link at target (remove it when NULL), atomically, logged. 0, or -1 with errno. */
int journal_link(const char *link, const char *target);
/* mkdir -p dir with mode 0755, each directory made logged; 0, or -1 with errno and *failed naming the dir. */
int dir_make(const char *dir, char **failed);
/* Hand a held lock to the transaction, which releases it at journal_end. */
void journal_keep_lock(struct lockfile *lf);
/* True if the transaction holds the lock lock_path. */
bool journal_holds(const char *lock_path);
/*
 * End the transaction: keep every change (ok), or undo them all, newest
 * first; then release the locks. RC_INSTALL after an error line when
 * something could not be put back.
 */
int journal_end(bool ok);
/*
 * Roll back (or finish committing) every run logged in dir whose process
 * is gone, saying what was done. The number of runs recovered.
 */
int journal_recover(const char *dir);

#endif
