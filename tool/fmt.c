/* fmt.c: a profile's name formats, parsed once into literal pieces and slots. */
#include "fmt.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/*
 * Read one conversion after the '%' at *p: %s, %Ns or %-Ns (printf's '-'
 * may repeat). The profile is data, so it never reaches printf: anything
 * else, %n or %d above all, is refused.
 */
static enum fmt_result slot_read(const char **p, struct fmt_slot *s)
{
	const char *q = *p + 1;
	size_t digits;

	s->left = *q == '-';
	q += strspn(q, "-");
	digits = strspn(q, "0123456789");
	/* Three digits hold any width up to FMT_MAX_WIDTH; leading zeros count. */
	if (digits > 3)
		return q[digits] == 's' ? FMT_TOO_WIDE : FMT_BAD_CONVERSION;
	s->width = 0;
	for (size_t i = 0; i < digits; i++)
		s->width = s->width * 10 + (q[i] - '0');
	q += digits;
	if (*q != 's')
		return FMT_BAD_CONVERSION;
	*p = q + 1;
	return FMT_OK;
}

enum fmt_result fmt_parse(struct fmt *f, const char *text, size_t min, size_t max)
{
	struct buf lit = BUF_INIT;
	enum fmt_result rc = FMT_OK;
	const char *p = text;

	memset(f, 0, sizeof(*f));
	while (*p && !rc) {
		if (*p != '%') {
			buf_putc(&lit, *p++);
		} else if (p[1] == '%') {
			buf_putc(&lit, '%');
			p += 2;
		} else if (f->nslots >= max) {
			/* A bad conversion past the last slot is still a bad conversion. */
			struct fmt_slot s;
			rc = slot_read(&p, &s) == FMT_OK ? FMT_TOO_MANY : FMT_BAD_CONVERSION;
		} else if (!(rc = slot_read(&p, &f->slot[f->nslots]))) {
			f->lit[f->nslots++] = buf_detach(&lit);
		}
	}
	if (!rc && f->nslots < min)
		rc = FMT_TOO_FEW;
	f->lit[f->nslots] = buf_detach(&lit);
	if (rc) {
		fmt_release(f);
		return rc;
	}
	f->text = xstrdup(text);
	return FMT_OK;
}

/* v padded with blanks to the slot's width, on the side the slot says. */
static void slot_put(struct buf *out, const struct fmt_slot *s, const char *v)
{
	int pad = s->width - (int)strlen(v);

	for (; !s->left && pad > 0; pad--)
		buf_putc(out, ' ');
	buf_puts(out, v);
	for (; s->left && pad > 0; pad--)
		buf_putc(out, ' ');
}

char *fmt_apply(const struct fmt *f, const char *a, const char *b)
{
	const char *vals[FMT_MAX_SLOTS] = {a, b};
	struct buf out = BUF_INIT;

	for (size_t i = 0; i < f->nslots; i++) {
		buf_puts(&out, f->lit[i]);
		slot_put(&out, &f->slot[i], vals[i] ? vals[i] : "");
	}
	buf_puts(&out, f->lit[f->nslots] ? f->lit[f->nslots] : "");
	return buf_detach(&out);
}

char *fmt_match(const struct fmt *f, const char *text)
{
	size_t n = strlen(text), pre, suf, len;
	const char *v;

	if (f->nslots != 1)
		return NULL;
	pre = strlen(f->lit[0]);
	suf = strlen(f->lit[1]);
	if (n <= pre + suf || strncmp(text, f->lit[0], pre) != 0 ||
	    strcmp(text + n - suf, f->lit[1]) != 0)
		return NULL;
	v = text + pre;
	len = n - pre - suf;
	/* What fmt_apply padded comes off again; a value never fills a slot with blanks. */
	if (len < (size_t)f->slot[0].width)
		return NULL;
	if (len == (size_t)f->slot[0].width) {
		for (; f->slot[0].left && len && v[len - 1] == ' ';)
			len--;
		for (; !f->slot[0].left && len && *v == ' '; len--)
			v++;
	}
	return len ? xstrndup(v, len) : NULL;
}

const char *fmt_suffix(const struct fmt *f)
{
	return f->lit[f->nslots] ? f->lit[f->nslots] : "";
}

void fmt_release(struct fmt *f)
{
	free(f->text);
	for (size_t i = 0; i <= FMT_MAX_SLOTS; i++)
		free(f->lit[i]);
	memset(f, 0, sizeof(*f));
}
