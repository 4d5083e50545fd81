/* msg.c: diagnostics on stderr, one line each. */
#include "msg.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "signals.h"
#include "util.h"

static const char *prog = "modxs";
static bool quiet;
static bool json;

void msg_init(const char *p)
{
	prog = p;
}

const char *msg_prog(void)
{
	return prog;
}

void msg_set_quiet(bool q)
{
	quiet = q;
}

void msg_set_json(bool j)
{
	json = j;
}

bool msg_json(void)
{
	return json;
}

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

/* The format attribute lets -Wformat=2 check the callers rather than flag this. */
__attribute__((format(printf, 2, 0))) static void vmsg(const char *kind, const char *fmt,
						       va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);
	struct buf b = BUF_INIT;

	buf_vprintf(&b, fmt, ap);
	if (n && fmt[n - 1] == ':')
		buf_printf(&b, " %s", strerror(saved));
	fprintf(stderr, "%s: %s: ", prog, kind);
	put_escaped(b.s ? b.s : "");
	fputc('\n', stderr);
	buf_release(&b);
}

/* After a signal, the failures it causes are said once, as what they are. */
static bool told_signal(void)
{
	static bool told;
	int sig = signals_pending();

	if (!sig)
		return false;
	if (!told)
		fprintf(stderr, "%s: error: interrupted by signal %d (%s): undoing the run\n", prog,
			sig, strsignal(sig));
	told = true;
	return true;
}

int error(int rc, const char *fmt, ...)
{
	va_list ap;

	if (told_signal())
		return rc;
	va_start(ap, fmt);
	vmsg("error", fmt, ap);
	va_end(ap);
	return rc;
}

void warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning", fmt, ap);
	va_end(ap);
}

void notice(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
