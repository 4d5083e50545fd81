/* conftxn.h: one config file's edit inside the run's transaction: locked, planned, written. */
#ifndef MODXS_CONFTXN_H
#define MODXS_CONFTXN_H

#include <stdbool.h>

#include "conf.h"
#include "lock.h"
#include "place.h"
#include "receipt.h"
#include "record.h"

/*
 * One file's edit in progress: lock held, and the old version kept open, so
 * that a failed config test can restore it without holding it in memory.
 */
struct conf_txn {
	struct lock lk;
	int fd; /* the old version; /dev/null for a file not made yet */
	bool existed;
	bool changed;
	bool locked;
};
#define CONF_TXN_INIT                              \
	{                                          \
		LOCK_INIT, -1, false, false, false \
	}

/*
 * Lock path, plan e in a first pass, write the result atomically in a
 * second (or, with --dry-run, print the diff). A missing file reads empty
 * when create is set. The lock stays held so that a failed config test can
 * restore.
 */
int conf_txn_edit(struct ctx *c, struct journal *j, struct conf_txn *t, const char *path,
		  const struct conf_edit *e, bool create, struct conf_result *res);
/* The file the edit wrote: the locked file, symlinks resolved, else path. */
const char *conf_txn_path(const struct conf_txn *t, const char *path);
/* Hand the lock to the transaction, which undoes the edit if a later step fails; close the old version. */
void conf_txn_release(struct conf_txn *t);
/* After an edit of an existing file that had no LoadModule line: say where the line went. */
void conf_txn_say_where(struct msgs *msgs, const struct conf_txn *t, const char *path,
			const struct conf_result *res);
/* Report (--json) and record in r, when given, one changed file of p. */
void conf_txn_note(struct msgs *msgs, const struct conf_place *p, const char *path,
		   const char *action, const char *line, struct receipt *r);
/* The name an edit is reported and recorded under ("activate", "add-commented", ...). */
const char *conf_action_name(enum conf_action a);

#endif
