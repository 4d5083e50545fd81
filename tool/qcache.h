/* qcache.h: the answers of `modxs -q NAME...`, kept between runs while the profiles stay unchanged. */
#ifndef MODXS_QCACHE_H
#define MODXS_QCACHE_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "record.h"
#include "request.h"

/*
 * `modxs -q CC` is called from build scripts, often many times per build,
 * and should cost about what starting any program does. Loading the
 * platform file and a host profile (parsing, checking and expanding every
 * variable) costs several times that, so after a -q run the expanded
 * variables are kept in $XDG_CACHE_HOME/modxs (or ~/.cache/modxs), with the
 * identity (device, inode, size, modification and change times) of both
 * files and of the executable. The next -q with the same executable, host
 * choice and environment answers from there when all three are still the
 * same; anything else,
 * a name the cache does not hold included, takes the ordinary path, so
 * every message and exit status is that path's.
 */
struct qcache {
	char *path;	/* the cache file, or NULL when this run cannot use one */
	char *run;	/* the executable's path as it was run */
	time_t started; /* files changed since a second before this are not trusted */
};
#define QCACHE_INIT           \
	{                     \
		NULL, NULL, 0 \
	}

/*
 * Answer req's query on msgs' MSG_OUT from the cache and return true, with
 * *rc the run's exit status; false when req is no plain `modxs -q NAME...`
 * or the cache cannot answer it, with q set up for qcache_store.
 */
bool qcache_answer(struct qcache *q, struct msgs *msgs, const struct request *req, int *rc);
/* Keep c's expanded variables for the next run, after c answered o's query; best effort. */
void qcache_store(struct qcache *q, struct ctx *c);
/* Free q. */
void qcache_release(struct qcache *q);

#endif
