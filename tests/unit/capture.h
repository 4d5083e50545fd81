/* capture.h: where the library reports in unit tests: stderr as modxs does, or a buffer. */
#ifndef MODXS_TEST_CAPTURE_H
#define MODXS_TEST_CAPTURE_H

#include "msg.h"
#include "sink.h"
#include "util.h"

/* The reports of the calls under test; set up by capture_stderr or capture_start. */
static struct msgs test_msgs = MSGS_INIT;
static struct msgs *msgs __attribute__((unused)) = &test_msgs;

/* Report as modxs does: diagnostics on stderr, output on stdout. */
static inline void capture_stderr(const char *prog)
{
	msgs_init(msgs, prog);
	msgs_set_handler(msgs, sink_stderr_handler, NULL);
	msgs_set_sink(msgs, sink_write, NULL);
}

/* What the calls since capture_start said, each line as modxs would print it. */
struct captured {
	struct buf err; /* diagnostics: "PROG: error: TEXT\n", notices as "TEXT\n" */
	struct buf out; /* MSG_OUT output */
	int errors;	/* how many errors reached the handler */
	int last_rc;	/* the code of the last of them */
};

static struct captured captured __attribute__((unused));

static inline void capture_handler(const struct msgs *m, enum msg_kind kind, int rc,
				   const char *text, void *data)
{
	struct captured *c = data;

	if (kind == MSG_NOTICE) {
		buf_printf(&c->err, "%s\n", text);
		return;
	}
	buf_printf(&c->err, "%s: %s: %s\n", m->prog, kind == MSG_ERROR ? "error" : "warning", text);
	if (kind == MSG_ERROR) {
		c->errors++;
		c->last_rc = rc;
	}
}

static inline int capture_sink(enum msg_stream s, const char *text, size_t len, void *data)
{
	struct captured *c = data;

	if (s == MSG_OUT)
		buf_printf(&c->out, "%.*s", (int)len, text);
	else
		buf_printf(&c->err, "%.*s", (int)len, text);
	return 0;
}

/* Capture into `captured` from now on, emptied first (what capture_err returned before is overwritten). */
static inline void capture_start(void)
{
	captured.err.len = captured.out.len = 0;
	if (captured.err.s)
		captured.err.s[0] = '\0';
	if (captured.out.s)
		captured.out.s[0] = '\0';
	captured.errors = captured.last_rc = 0;
	msgs_set_handler(msgs, capture_handler, &captured);
	msgs_set_sink(msgs, capture_sink, &captured);
}

/* The diagnostics captured so far, "" when none. */
static inline const char *capture_err(void)
{
	return captured.err.s ? captured.err.s : "";
}

/* The output captured so far, "" when none. */
static inline const char *capture_out(void)
{
	return captured.out.s ? captured.out.s : "";
}

#endif
