/* sink.h: the default handler and sink: diagnostics on stderr, output on stdout. */
#ifndef MODXS_SINK_H
#define MODXS_SINK_H

#include "msg.h"

/* "PROG: error: TEXT" and "PROG: warning: TEXT" (escaped to one line), notices as they are, on stderr. */
void sink_stderr_handler(const struct msgs *m, enum msg_kind kind, int rc, const char *text,
			 void *data);
/* What sink_write keeps of a run's writes. */
struct sink_state {
	int err; /* errno of the first write to stdout that failed, or 0 */
};
/* MSG_OUT on descriptor 1, MSG_ASIDE on 2, unbuffered; data: a struct sink_state, or NULL. */
int sink_write(enum msg_stream s, const char *text, size_t len, void *data);

#endif
