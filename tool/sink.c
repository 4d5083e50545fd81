/*
 * sink.c: the default handler and sink, which the command line registers.
 * With main.c and args.c, the only code that writes to stdio.
 */
#include "sink.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "fileio.h"

/*
 * Write s with control characters escaped: file names may hold newlines,
 * and every diagnostic must stay one line that scripts can parse.
 */
static void put_escaped(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\n')
			fputs("\\n", stderr);
		else if (c == '\t')
			fputs("\\t", stderr);
		else if (c == '\r')
			fputs("\\r", stderr);
		else if (c < 0x20 || c == 0x7f)
			fprintf(stderr, "\\x%02x", c);
		else
			fputc(c, stderr);
	}
}

void sink_stderr_handler(const struct msgs *m, enum msg_kind kind, int rc, const char *text,
			 void *data)
{
	(void)rc;
	(void)data;
	if (kind == MSG_NOTICE) {
		fprintf(stderr, "%s\n", text);
		return;
	}
	fprintf(stderr, "%s: %s: ", m->prog, kind == MSG_ERROR ? "error" : "warning");
	put_escaped(text);
	fputc('\n', stderr);
}

int sink_write(enum msg_stream s, const char *text, size_t len, void *data)
{
	struct sink_state *st = data;

	/*
	 * Straight to the descriptor, not through stdio: children started next
	 * write to the same descriptors, and a -q answered from the cache then
	 * needs none of stdio's code or buffers.
	 */
	if (fd_write_all(s == MSG_OUT ? STDOUT_FILENO : STDERR_FILENO, text, len) == 0)
		return 0;
	if (st && !st->err && s == MSG_OUT)
		st->err = errno;
	return -1;
}
