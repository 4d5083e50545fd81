/* journal.h: undo for a run that replaces several files, so a failure leaves all as they were. */
#ifndef MODXS_JOURNAL_H
#define MODXS_JOURNAL_H

#include <stddef.h>

/* Start remembering each file this run replaces (lock_commit, lock_remove, links). */
void journal_open(void);
/* Forget what was remembered and stop: the run succeeded, or has been rolled back. */
void journal_close(void);
/*
 * Note that path (a regular file, symlinks resolved) is about to be
 * replaced by the file tmp, or removed when tmp is NULL. The first call for
 * a path keeps its old version; each call remembers a hash of the new one.
 */
void journal_file(const char *path, const char *tmp);
/* Note that the symlink link is about to point at target, or be removed when target is NULL. */
void journal_link(const char *link, const char *target);
/* Note that this run created the directory dir, to be removed again if it stays empty. */
void journal_dir(const char *dir);
/*
 * Put back every remembered file that is still as this run left it, newest
 * first; a file changed since by someone else is left alone with a warning.
 * Returns the number of files put back, or -1 after printing an error.
 */
int journal_rollback(void);

/* From a signal handler: remove the undo links, as a dying run cannot roll back. */
void journal_on_signal(void);

#endif
