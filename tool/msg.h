/* msg.h: where the core's diagnostics and output go, and the exit codes. */
#ifndef MODXS_MSG_H
#define MODXS_MSG_H

#include <stdbool.h>
#include <stddef.h>

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

/* What a diagnostic is. */
enum msg_kind {
	MSG_ERROR,
	MSG_WARNING,
	MSG_NOTICE, /* progress or advice; never sent under quiet */
};

/* Where output goes: the run's own output, or beside it (where diagnostics go). */
enum msg_stream {
	MSG_OUT,   /* -q values, --list, diffs, --dry-run commands, the JSON document */
	MSG_ASIDE, /* what children printed, and user text while --json owns MSG_OUT */
};

struct msgs;
struct cJSON;

/* Receives one diagnostic: its text has no prefix and no newline; rc is 0 but for errors. */
typedef void msg_handler_fn(const struct msgs *m, enum msg_kind kind, int rc, const char *text,
			    void *data);
/* Receives len bytes of output; 0, or -1 with errno set when they could not be written. */
typedef int msg_sink_fn(enum msg_stream s, const char *text, size_t len, void *data);

/*
 * Everything the core says goes through one of these, owned by the caller
 * (pkgconf's client): it registers a handler and a sink, and the core calls
 * them. With none registered the core is silent.
 */
struct msgs {
	const char *prog; /* the prefix of diagnostics: "modxs", "apxs", "prxs" */
	bool quiet;	  /* --quiet: notices are dropped */
	bool json;	  /* --json: MSG_OUT holds only the document */
	bool told_signal; /* the interruption by a signal has been said */
	msg_handler_fn *handler;
	void *handler_data;
	msg_sink_fn *sink;
	void *sink_data;
	struct cJSON *doc; /* the --json document being built (report.h) */
};
#define MSGS_INIT                                                          \
	{                                                                  \
		"modxs", false, false, false, NULL, NULL, NULL, NULL, NULL \
	}

/* Start m with prog as the prefix, no handler and no sink. */
void msgs_init(struct msgs *m, const char *prog);
/* Send diagnostics to fn, which is handed data. */
void msgs_set_handler(struct msgs *m, msg_handler_fn *fn, void *data);
/* Send output to fn, which is handed data. */
void msgs_set_sink(struct msgs *m, msg_sink_fn *fn, void *data);
/* Free what m holds (an unprinted JSON document). */
void msgs_release(struct msgs *m);

/*
 * An error to the handler; returns rc so callers can `return error(...)`.
 * A format ending in ':' gets ": strerror(errno)" appended. After a signal
 * only the interruption is said, once.
 */
int error(struct msgs *m, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A warning to the handler. Same ':' rule as error(). */
void warn(struct msgs *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A progress or advice line to the handler, unless quiet. */
void notice(struct msgs *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Output on MSG_OUT; 0, or -1 with errno set when the sink failed. */
int msg_out(struct msgs *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Text a user reads (diffs, --list): on MSG_OUT, or MSG_ASIDE while --json owns it. */
void msg_print(struct msgs *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* len bytes on stream s as they are (a child's collected output). */
int msg_write(struct msgs *m, enum msg_stream s, const char *text, size_t len);

#endif
