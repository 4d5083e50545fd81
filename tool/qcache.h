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
 * variable) costs several times that, so after a -q run its answers are
 * kept in $XDG_CACHE_HOME/modxs (or ~/.cache/modxs), in a file named after
 * the command line's arguments, the executable and the environment that
 * chooses the profiles, with the identity (device, inode, size,
 * modification and change times) of both profile files and of the
 * executable, and the size and time of the files the host profile was
 * recorded from. The same command line run again answers from there, first
 * thing, while all of those are as they were: it reads no option and
 * allocates nothing, since a process that has just started pays for every
 * page it touches. Anything else, another spelling of the same query
 * included, takes the ordinary path, so every message and exit status is
 * that path's.
 */
struct qcache {
	char *path;	   /* the cache file, or NULL when this run cannot use one */
	char *run;	   /* the executable's path as it was run */
	int argc;	   /* the command line's arguments after the program's name */
	char *const *argv; /* (borrowed from main) */
	time_t started;	   /* files changed since a second before this are not trusted */
};
#define QCACHE_INIT                    \
	{                              \
		NULL, NULL, 0, NULL, 0 \
	}

/*
 * Answer the command line argv (argc words, a persona file's already
 * skipped) from the cache on msgs' MSG_OUT and return true, with *rc the
 * run's exit status; false when the cache has no answers for it, with q
 * set up for qcache_store. For the modxs persona only.
 */
bool qcache_answer(struct qcache *q, struct msgs *msgs, int argc, char **argv, bool persona_file,
		   int *rc);
/* Keep c's answers for the next run of the same command line, after c answered it; best effort. */
void qcache_store(struct qcache *q, struct ctx *c);
/* Free q. */
void qcache_release(struct qcache *q);

#endif
