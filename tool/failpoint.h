/* failpoint.h: fault injection for tests, compiled in only with MODXS_FAILPOINTS. */
#ifndef MODXS_FAILPOINT_H
#define MODXS_FAILPOINT_H

#include <stdbool.h>

#ifdef MODXS_FAILPOINTS
/*
 * True (with errno set) when $MODXS_FAILPOINT names this point. The value is
 * a comma-separated list of NAME or NAME:N (fail only the Nth time, from 1).
 * Names: write (ENOSPC), fsync (EIO), rename (EROFS), mkdir (EACCES), lock,
 * link (no hard links: .bak is copied), and pause (sleep 10 s holding a lock
 * and a temp file, for signal tests).
 */
bool failpoint_hit(const char *name);
#define FAILPOINT(name) failpoint_hit(name)
#else
#define FAILPOINT(name) false
#endif

#endif
