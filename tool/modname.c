/* modname.c: module names from -n, sources, file names and shared objects. */
#include "modname.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elfcheck.h"
#include "fileio.h"
#include "msg.h"
#include "pe.h"
#include "pecheck.h"
#include "util.h"

static const char ident_chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";

bool modname_valid(const char *name)
{
	return name && *name && strspn(name, ident_chars) == strlen(name);
}

int modname_invalid(struct msgs *msgs, const char *name, const char *reason)
{
	return error(msgs, RC_USAGE, "invalid module name '%s': %s", name, reason);
}

int modname_check(struct msgs *msgs, const char *name)
{
	if (!modname_valid(name))
		return modname_invalid(msgs, name ? name : "", "use only letters, digits and '_'");
	return RC_OK;
}

int modname_check_ident(struct msgs *msgs, const char *name)
{
	int rc = modname_check(msgs, name);

	if (!rc && name[0] >= '0' && name[0] <= '9')
		rc = modname_invalid(msgs, name,
				     "it names C identifiers, so it must not start with a digit");
	return rc;
}

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

char *modname_from_file(const char *path, const struct fmt *file_fmt)
{
	const char *base = path_base(path);
	const char *dot = strrchr(base, '.');
	size_t stem = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	char *as_file = xasprintf("%.*s%s", (int)stem, base, fmt_suffix(file_fmt));
	char *name = fmt_match(file_fmt, as_file);

	free(as_file);
	if (name && !modname_valid(name)) {
		free(name);
		name = NULL;
	}
	return name;
}

/* The source apxs looks for beside a module file: the path with .c for its extension. */
static char *source_beside(const char *module_path)
{
	const char *base = path_base(module_path);
	const char *dot = strrchr(base, '.');
	size_t stem = dot ? (size_t)(dot - module_path) : strlen(module_path);
	return xasprintf("%.*s.c", (int)stem, module_path);
}

char *modname_from_beside(const char *module_path)
{
	char *src = source_beside(module_path);
	struct buf text = BUF_INIT;
	char *name = NULL;

	if (file_read(src, &text) == 0)
		name = modname_from_source(text.s, text.len);
	buf_release(&text);
	free(src);
	return name;
}

char *modname_derive(const char *explicit_name, const char *module_path)
{
	char *name;

	if (explicit_name)
		return xstrdup(explicit_name);
	name = modname_from_beside(module_path);
	return name ? name : modname_from_path(module_path);
}

/* The sources a build reads are capped like its other small files. */
#define MAX_SOURCE (4u << 20)

/* "dir/x.la" -> "x"; a base name that starts with its only dot is kept whole. */
static char *base_stem(const char *path)
{
	const char *base = path_base(path);
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	return xstrndup(base, n);
}

char *modname_for_build(const char *explicit_name, const char *const *srcs, size_t nsrcs,
			const char *out)
{
	char *name;

	if (explicit_name)
		return xstrdup(explicit_name);
	for (size_t i = 0; i < nsrcs; i++) {
		size_t len = 0;
		char *text = file_read_max(srcs[i], MAX_SOURCE, &len);
		name = text ? modname_from_source(text, len) : NULL;
		free(text);
		if (name)
			return name;
	}
	for (size_t i = 0; i < nsrcs; i++)
		if ((name = modname_from_path(srcs[i])))
			return name;
	name = modname_from_path(out);
	return name ? name : base_stem(out);
}

/* each_export for a Windows DLL: the names of its export table. */
static int each_pe_export(const char *path, bool (*fn)(const char *sym, void *arg), void *arg)
{
	struct pe_image img = PE_IMAGE_INIT;
	size_t len = 0;
	const char *why;
	char *buf = file_read_max(path, 256u << 20, &len);
	int rc = buf && pe_parse((unsigned char *)buf, len, &img, &why) ? 0 : -1;

	for (size_t i = 0; rc == 0 && i < img.exports.n; i++)
		if (!fn(img.exports.v[i], arg))
			break;
	pe_image_release(&img);
	free(buf);
	return rc;
}

/*
 * Call fn on each data or function symbol a shared object defines and
 * exports: an ELF object's dynamic symbols (elfcheck.c reads them), else a
 * DLL's export table. Returns 0, or -1 when the file is neither.
 */
static int each_export(const struct deps *lib, const char *path,
		       bool (*fn)(const char *sym, void *arg), void *arg)
{
	if (elfcheck_each_export(lib, path, fn, arg) == 0)
		return 0;
	return pecheck_applies(path) ? each_pe_export(path, fn, arg) : -1;
}

struct candidates {
	const struct fmt *fmt;
	struct strvec names;
};

static bool collect(const char *sym, void *arg)
{
	struct candidates *c = arg;
	char *name = fmt_match(c->fmt, sym);

	if (name && modname_valid(name) && !strvec_has(&c->names, name))
		strvec_push(&c->names, name);
	free(name);
	return true;
}

char *modname_from_object(const struct deps *lib, const char *so_path, const struct fmt *symbol_fmt)
{
	struct candidates c = {symbol_fmt, STRVEC_INIT};
	char *name = NULL;

	if (each_export(lib, so_path, collect, &c) == 0 && c.names.n == 1)
		name = xstrdup(c.names.v[0]);
	strvec_release(&c.names);
	return name;
}

struct wanted {
	const char *sym;
	bool found;
};

static bool is_wanted(const char *sym, void *arg)
{
	struct wanted *w = arg;
	if (strcmp(sym, w->sym) == 0)
		w->found = true;
	return !w->found;
}

int modname_exports(const struct deps *lib, const char *so_path, const char *symbol)
{
	struct wanted w = {symbol, false};

	if (each_export(lib, so_path, is_wanted, &w) != 0)
		return -1;
	return w.found;
}

int modname_for_install(struct msgs *msgs, const struct deps *lib, const char *explicit_name,
			const char *module_path, const char *object, const struct fmt *symbol_fmt,
			const struct fmt *file_fmt, char **name)
{
	*name = explicit_name ? xstrdup(explicit_name) : modname_from_beside(module_path);
	if (!*name && access(object, R_OK) == 0)
		*name = modname_from_object(lib, object, symbol_fmt);
	/* The host's own file names (module.file) say which part of a base name is the name. */
	if (!*name)
		*name = file_fmt ? modname_from_file(module_path, file_fmt) :
				   modname_from_path(module_path);
	if (!*name)
		return error(msgs, RC_USAGE,
			     "cannot work out the module name of '%s': give it with -n NAME",
			     module_path);
	return modname_check(msgs, *name);
}
