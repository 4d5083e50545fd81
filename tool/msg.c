/* msg.c: diagnostics on stderr, one line each. */
#include "msg.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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

/* The format attribute lets -Wformat=2 check the callers rather than flag this. */
__attribute__((format(printf, 2, 0))) static void vmsg(const char *kind, const char *fmt,
						       va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);

	fprintf(stderr, "%s: %s: ", prog, kind);
	vfprintf(stderr, fmt, ap);
	if (n && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
}

int error(int rc, const char *fmt, ...)
{
	va_list ap;

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
