/* msg.h: the one place that writes diagnostics, and the exit codes. */
#ifndef MODXS_MSG_H
#define MODXS_MSG_H

#include <stdbool.h>

/*
 * Results of every core operation; the value is the process exit code.
 * Documented in modxs(1), EXIT STATUS.
 */
enum modxs_rc {
	RC_OK = 0,
	RC_USAGE = 1,	  /* bad option, unknown -q variable (apxs uses 1) */
	RC_DATA = 2,	  /* missing data dir, malformed platform or profile */
	RC_BUILD = 3,	  /* compiler or linker failed, or is missing */
	RC_CHECK = 4,	  /* module record missing, unresolved symbols */
	RC_INSTALL = 5,	  /* installing or removing a file failed */
	RC_LOCK = 6,	  /* a lock could not be taken in time */
	RC_CONF = 7,	  /* a config could not be read, parsed or written */
	RC_CONFTEST = 8,  /* the server rejected the edited config; restored */
	RC_INTERNAL = 70, /* a bug: please report */
};

/* Set the program name used as the message prefix ("modxs", "apxs"). */
void msg_init(const char *prog);
/* The current program name. */
const char *msg_prog(void);
/* Suppress notices (--quiet). */
void msg_set_quiet(bool quiet);
/* Route notices to stderr even when they would go to stdout (--json). */
void msg_set_json(bool json);
/* True when --json is on, so stdout is reserved for the document. */
bool msg_json(void);

/*
 * "PROG: error: ..." on stderr; returns rc so callers can `return error(...)`.
 * A format ending in ':' gets ": strerror(errno)" appended.
 */
int error(int rc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "PROG: warning: ..." on stderr. Same ':' rule as error(). */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A progress or advice line on stderr, unless quiet. */
void notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
