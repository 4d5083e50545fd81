/* modname.c: module names from -n, sources and file names. */
#include "modname.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

bool modname_valid(const char *name)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
	return name && *name && strspn(name, ok) == strlen(name);
}

static const char ident_chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";

static bool is_ident(char c)
{
	return c && strchr(ident_chars, c);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* A cursor over the text, which need not be NUL-terminated. */
struct scan {
	const char *p, *end;
};

static void skip_space(struct scan *s)
{
	while (s->p < s->end && is_space(*s->p))
		s->p++;
}

static bool take_char(struct scan *s, char c)
{
	skip_space(s);
	if (s->p < s->end && *s->p == c) {
		s->p++;
		return true;
	}
	return false;
}

/* An identifier at the cursor (after blanks); its length, 0 if none. */
static size_t take_ident(struct scan *s, const char **start)
{
	skip_space(s);
	*start = s->p;
	while (s->p < s->end && is_ident(*s->p))
		s->p++;
	return (size_t)(s->p - *start);
}

static bool word_at(const char *text, const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);
	return (size_t)(end - p) >= n && memcmp(p, word, n) == 0 &&
	       (p == text || !is_ident(p[-1])) && (p + n == end || !is_ident(p[n]));
}

/* AP_DECLARE_MODULE ( x ) = */
static char *declare_at(const char *p, const char *end)
{
	struct scan s = {p + strlen("AP_DECLARE_MODULE"), end};
	const char *id;
	size_t n;

	if (!take_char(&s, '('))
		return NULL;
	n = take_ident(&s, &id);
	if (!n || !take_char(&s, ')') || !take_char(&s, '='))
		return NULL;
	return xstrndup(id, n);
}

/* module [AP_MODULE_DECLARE_DATA] x_module = */
static char *record_at(const char *p, const char *end)
{
	struct scan s = {p + strlen("module"), end};
	const char *id;
	size_t n = take_ident(&s, &id);

	if (n == strlen("AP_MODULE_DECLARE_DATA") && memcmp(id, "AP_MODULE_DECLARE_DATA", n) == 0)
		n = take_ident(&s, &id);
	if (n <= strlen("_module") || memcmp(id + n - 7, "_module", 7) != 0 || !take_char(&s, '='))
		return NULL;
	return xstrndup(id, n - 7);
}

/* Like apxs's greedy regexes, the last declaration in the text wins. */
static char *last_match(const char *text, size_t len, const char *word,
			char *(*at)(const char *, const char *))
{
	const char *end = text + len;
	char *found = NULL;

	for (const char *p = text; p < end; p++) {
		if (*p != word[0] || !word_at(text, p, end, word))
			continue;
		char *name = at(p, end);
		if (name) {
			free(found);
			found = name;
		}
	}
	return found;
}

char *modname_from_source(const char *text, size_t len)
{
	char *name = last_match(text, len, "AP_DECLARE_MODULE", declare_at);
	return name ? name : last_match(text, len, "module", record_at);
}

char *modname_from_path(const char *path)
{
	const char *base = path_base(path);
	const char *dot = strrchr(base, '.');

	if (!str_starts(base, "mod_") || !dot || dot == base + 4)
		return NULL;
	return xstrndup(base + 4, (size_t)(dot - base - 4));
}

char *modname_derive(const char *explicit_name, const char *module_path)
{
	if (explicit_name)
		return xstrdup(explicit_name);
	return modname_from_path(module_path);
}
