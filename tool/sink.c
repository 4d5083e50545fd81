/*
 * sink.c: the default handler and sink, which the command line registers.
 * With main.c and args.c, the only code that writes to stdio.
 */
#include "sink.h"

#include <stdio.h>

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

int sink_stdio(enum msg_stream s, const char *text, size_t len, void *data)
{
	FILE *f = s == MSG_OUT ? stdout : stderr;

	(void)data;
	/* Flushed at once: children started next write to the same descriptors. */
	if (fwrite(text, 1, len, f) != len || fflush(f) == EOF)
		return -1;
	return 0;
}

void sink_out_of_memory(void)
{
	fputs("modxs: error: out of memory\n", stderr);
}
