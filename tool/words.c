/* words.c: shell-like word splitting without a shell. */
#include "words.h"

#include <string.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool words_split(const char *s, struct strvec *out)
{
	struct buf w = BUF_INIT;
	bool inword = false;

	while (*s) {
		char c = *s++;
		/* A backslash-newline is removed before anything else, as in sh. */
		if (c == '\\' && *s == '\n') {
			s++;
			continue;
		}
		if (is_blank(c)) {
			if (inword)
				strvec_push_owned(out, buf_detach(&w));
			inword = false;
			continue;
		}
		inword = true;
		if (c == '\'') {
			const char *end = strchr(s, '\'');
			if (!end)
				goto unterminated;
			buf_add(&w, s, (size_t)(end - s));
			s = end + 1;
		} else if (c == '"') {
			for (;;) {
				if (!*s)
					goto unterminated;
				c = *s++;
				if (c == '"')
					break;
				if (c == '\\' && *s == '\n') {
					s++;
					continue;
				}
				if (c == '\\' && *s && strchr("\"\\$`", *s))
					c = *s++;
				buf_putc(&w, c);
			}
		} else if (c == '\\' && *s) {
			buf_putc(&w, *s++);
		} else {
			buf_putc(&w, c);
		}
	}
	if (inword)
		strvec_push_owned(out, buf_detach(&w));
	buf_release(&w);
	return true;
unterminated:
	buf_release(&w);
	return false;
}

void words_quote(struct buf *b, const char *word)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyz"
				   "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "0123456789-_./=:,+@%";

	if (*word && strspn(word, safe) == strlen(word)) {
		buf_puts(b, word);
		return;
	}
	buf_putc(b, '\'');
	for (const char *p = word; *p; p++) {
		if (*p == '\'')
			buf_puts(b, "'\\''");
		else
			buf_putc(b, *p);
	}
	buf_putc(b, '\'');
}

char *words_join(char *const *argv)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; argv[i]; i++) {
		if (i)
			buf_putc(&b, ' ');
		words_quote(&b, argv[i]);
	}
	return buf_detach(&b);
}

const char *words_special(const char *w)
{
	for (const unsigned char *q = (const unsigned char *)w; *q; q++)
		if (*q < ' ' || *q == 0x7f || strchr(" \"'\\$`;&|<>()*?[]{}~#^!", *q))
			return (const char *)q;
	return NULL;
}
