/* msg.c: diagnostics and output, handed to what the caller registered. */
#include "msg.h"

#include "json.h"
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "signals.h"
#include "util.h"

void msgs_init(struct msgs *m, const char *prog)
{
	*m = (struct msgs)MSGS_INIT;
	m->prog = prog;
}

void msgs_set_handler(struct msgs *m, msg_handler_fn *fn, void *data)
{
	m->handler = fn;
	m->handler_data = data;
}

void msgs_set_sink(struct msgs *m, msg_sink_fn *fn, void *data)
{
	m->sink = fn;
	m->sink_data = data;
}

void msgs_release(struct msgs *m)
{
	/* Only a --json run has a document, and only it has loaded cJSON. */
	if (m->doc)
		cJSON_Delete(m->doc);
	m->doc = NULL;
}

static void say(struct msgs *m, enum msg_kind kind, int rc, const char *text)
{
	if (m->handler)
		m->handler(m, kind, rc, text, m->handler_data);
}

/* The format attribute lets -Wformat=2 check the callers rather than flag this. */
__attribute__((format(printf, 4, 0))) static void vmsg(struct msgs *m, enum msg_kind kind, int rc,
						       const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);
	struct buf b = BUF_INIT;

	buf_vprintf(&b, fmt, ap);
	if (n && fmt[n - 1] == ':')
		buf_printf(&b, " %s", strerror(saved));
	say(m, kind, rc, b.s ? b.s : "");
	buf_release(&b);
	errno = saved;
}

/* After a signal, the failures it causes are said once, as what they are. */
static bool told_signal(struct msgs *m, int rc)
{
	int sig = signals_pending();
	struct buf b = BUF_INIT;

	if (!sig)
		return false;
	if (!m->told_signal) {
		buf_printf(&b, "interrupted by signal %d (%s): undoing the run", sig,
			   strsignal(sig));
		say(m, MSG_ERROR, rc, b.s);
		buf_release(&b);
	}
	m->told_signal = true;
	return true;
}

int error(struct msgs *m, int rc, const char *fmt, ...)
{
	va_list ap;

	if (told_signal(m, rc))
		return rc;
	va_start(ap, fmt);
	vmsg(m, MSG_ERROR, rc, fmt, ap);
	va_end(ap);
	return rc;
}

void warn(struct msgs *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(m, MSG_WARNING, 0, fmt, ap);
	va_end(ap);
}

void notice(struct msgs *m, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	if (m->quiet)
		return;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	say(m, MSG_NOTICE, 0, b.s ? b.s : "");
	buf_release(&b);
}

int msg_write(struct msgs *m, enum msg_stream s, const char *text, size_t len)
{
	if (!m->sink || !len)
		return 0;
	return m->sink(s, text, len, m->sink_data);
}

/* Format, then hand to the sink on stream s. */
__attribute__((format(printf, 3, 0))) static int vout(struct msgs *m, enum msg_stream s,
						      const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;
	int rc;

	buf_vprintf(&b, fmt, ap);
	rc = msg_write(m, s, b.s, b.len);
	buf_release(&b);
	return rc;
}

int msg_out(struct msgs *m, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vout(m, MSG_OUT, fmt, ap);
	va_end(ap);
	return rc;
}

void msg_print(struct msgs *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vout(m, m->json ? MSG_ASIDE : MSG_OUT, fmt, ap);
	va_end(ap);
}
