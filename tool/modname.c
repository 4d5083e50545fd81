/* modname.c: module names from -n, sources, file names and shared objects. */
#include "modname.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lock.h"
#include "util.h"

static const char ident[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";

bool modname_valid(const char *name)
{
	return name && *name && strspn(name, ident) == strlen(name);
}

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' ||
			   *p == '\v'))
		p++;
	return p;
}

static size_t ident_len(const char *p, const char *end)
{
	size_t n = 0;
	while (p + n < end && p[n] && strchr(ident, p[n]))
		n++;
	return n;
}

static const char *find(const char *p, const char *end, const char *what)
{
	size_t n = strlen(what);
	for (; p + n <= end; p++) {
		p = memchr(p, what[0], (size_t)(end - p));
		if (!p || p + n > end)
			return NULL;
		if (memcmp(p, what, n) == 0)
			return p;
	}
	return NULL;
}

/* "AP_DECLARE_MODULE ( x ) =" at p; the name or NULL. */
static char *declare_at(const char *p, const char *end)
{
	p = skip_space(p + strlen("AP_DECLARE_MODULE"), end);
	if (p >= end || *p != '(')
		return NULL;
	p = skip_space(p + 1, end);
	size_t n = ident_len(p, end);
	const char *q = skip_space(p + n, end);
	if (!n || q >= end || *q != ')')
		return NULL;
	q = skip_space(q + 1, end);
	return q < end && *q == '=' ? xstrndup(p, n) : NULL;
}

/* "module [AP_MODULE_DECLARE_DATA] x_module =" at p; the name x or NULL. */
static char *record_at(const char *text, const char *p, const char *end)
{
	if (p > text && strchr(ident, p[-1]))
		return NULL;
	const char *q = p + strlen("module");
	if (q >= end || !strchr(" \t\r\n", *q))
		return NULL;
	q = skip_space(q, end);
	size_t n = ident_len(q, end);
	if (n == strlen("AP_MODULE_DECLARE_DATA") && memcmp(q, "AP_MODULE_DECLARE_DATA", n) == 0) {
		q = skip_space(q + n, end);
		n = ident_len(q, end);
	}
	const char *eq = skip_space(q + n, end);
	if (n <= strlen("_module") || memcmp(q + n - 7, "_module", 7) != 0 || eq >= end ||
	    *eq != '=')
		return NULL;
	return xstrndup(q, n - 7);
}

/* apxs's patterns are greedy: the last declaration in the file wins. */
char *modname_from_source(const char *text, size_t len)
{
	const char *end = text + len, *p;
	char *name = NULL, *n;

	for (p = text; (p = find(p, end, "AP_DECLARE_MODULE")); p++) {
		if ((n = declare_at(p, end))) {
			free(name);
			name = n;
		}
	}
	if (name)
		return name;
	for (p = text; (p = find(p, end, "module")); p++) {
		if ((n = record_at(text, p, end))) {
			free(name);
			name = n;
		}
	}
	return name;
}

char *modname_from_path(const char *path)
{
	const char *base = path_base(path);
	const char *dot = strrchr(base, '.');

	if (!str_starts(base, "mod_") || !dot || dot == base + 4)
		return NULL;
	return xstrndup(base + 4, (size_t)(dot - base - 4));
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

/* Does sym match fmt ("%s_module"), and with what for the %s? */
static char *fmt_match(const char *fmt, const char *sym)
{
	const char *pct = strstr(fmt, "%s");
	size_t pre, suf, n = strlen(sym);

	if (!pct)
		return NULL;
	pre = (size_t)(pct - fmt);
	suf = strlen(pct + 2);
	if (n <= pre + suf || strncmp(sym, fmt, pre) != 0 || strcmp(sym + n - suf, pct + 2) != 0)
		return NULL;
	return xstrndup(sym + pre, n - pre - suf);
}

/*
 * Call fn on each data or function symbol a shared object defines and
 * exports. Returns 0, or -1 when the file is not a readable ELF object.
 */
static int each_export(const char *path, bool (*fn)(const char *sym, void *arg), void *arg)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	Elf *elf = NULL;
	Elf_Scn *scn = NULL;
	int rc = -1;

	if (fd < 0 || elf_version(EV_CURRENT) == EV_NONE)
		goto out;
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF)
		goto out;
	rc = 0;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *data;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_DYNSYM || !sh.sh_entsize)
			continue;
		if (!(data = elf_getdata(scn, NULL)))
			continue;
		for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym s;
			if (!gelf_getsym(data, (int)i, &s) || s.st_shndx == SHN_UNDEF ||
			    GELF_ST_BIND(s.st_info) == STB_LOCAL)
				continue;
			const char *name = elf_strptr(elf, sh.sh_link, s.st_name);
			if (name && *name && !fn(name, arg))
				goto out;
		}
	}
out:
	if (elf)
		elf_end(elf);
	if (fd >= 0)
		close(fd);
	return rc;
}

struct candidates {
	const char *fmt;
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

char *modname_from_object(const char *so_path, const char *symbol_fmt)
{
	struct candidates c = {symbol_fmt, STRVEC_INIT};
	char *name = NULL;

	if (each_export(so_path, collect, &c) == 0 && c.names.n == 1)
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

int modname_exports(const char *so_path, const char *symbol)
{
	struct wanted w = {symbol, false};

	if (each_export(so_path, is_wanted, &w) != 0)
		return -1;
	return w.found;
}
