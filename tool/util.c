/* util.c: memory, string vectors and growable buffers. */
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * Out of memory: say so and abort. Not through the caller's handler, which
 * may need memory to format, and there is no context here to find it: one
 * fixed line, written straight to the descriptor.
 */
static void oom(void)
{
	static const char line[] = "modxs: error: out of memory\n";
	/* Nothing is left to do about a failed write: abort either way. */
	ssize_t n = write(STDERR_FILENO, line, sizeof(line) - 1);

	(void)n;
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	return s ? xstrndup(s, strlen(s)) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return buf_detach(&b);
}

void strvec_push_owned(struct strvec *sv, char *s)
{
	if (sv->n + 2 > sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 8;
		sv->v = xrealloc(sv->v, sv->cap * sizeof(*sv->v));
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void strvec_push(struct strvec *sv, const char *s)
{
	strvec_push_owned(sv, xstrdup(s));
}

void strvec_extend(struct strvec *sv, const struct strvec *other)
{
	for (size_t i = 0; i < other->n; i++)
		strvec_push(sv, other->v[i]);
}

void strvec_release(struct strvec *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

bool strvec_has(const struct strvec *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return true;
	return false;
}

static void buf_grow(struct buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->s = xrealloc(b->s, cap);
	b->cap = cap;
}

void buf_add(struct buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_putc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;

	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *buf_detach(struct buf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void buf_release(struct buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

bool str_ends(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

bool str_starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

const char *path_base(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

char *path_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

char *path_clean(const char *path)
{
	struct strvec parts = STRVEC_INIT;
	struct buf out = BUF_INIT;

	for (const char *p = path; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (parts.n) {
				free(parts.v[--parts.n]);
				parts.v[parts.n] = NULL;
			}
		} else if (n && !(n == 1 && p[0] == '.')) {
			strvec_push_owned(&parts, xstrndup(p, n));
		}
		p += n + (p[n] == '/');
	}
	for (size_t i = 0; i < parts.n; i++)
		buf_printf(&out, "%s%s", path[0] == '/' || i ? "/" : "", parts.v[i]);
	strvec_release(&parts);
	if (!out.len)
		buf_puts(&out, path[0] == '/' ? "/" : ".");
	return buf_detach(&out);
}

char *path_join(const char *dir, const char *name)
{
	size_t d = dir ? strlen(dir) : 0, size = d + strlen(name) + 2;
	char *p = xmalloc(size);

	path_join_in(p, size, dir, d, name);
	return p;
}

bool path_join_in(char *out, size_t size, const char *dir, size_t dlen, const char *name)
{
	/* By hand: a -q answered from the cache joins paths and should need no printf. */
	size_t slash = dlen && dir[dlen - 1] != '/', n = strlen(name);

	if (dlen + slash + n + 1 > size)
		return false;
	/* dir may be NULL when dlen is 0, which memcpy does not allow even for no bytes. */
	if (dlen)
		memcpy(out, dir, dlen);
	out[dlen] = '/';
	memcpy(out + dlen + slash, name, n + 1);
	return true;
}

char *path_self(void)
{
	char buf[PATH_MAX];

	return path_self_in(buf, sizeof(buf)) ? xstrdup(buf) : NULL;
}

bool path_self_in(char *out, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", out, size);

	if (n <= 0 || (size_t)n >= size)
		return false;
	out[n] = '\0';
	return true;
}

char *path_cache_dir(void)
{
	char buf[PATH_MAX];

	return path_cache_dir_in(buf, sizeof(buf)) ? xstrdup(buf) : NULL;
}

bool path_cache_dir_in(char *out, size_t size)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

	if (xdg && *xdg == '/')
		return path_join_in(out, size, xdg, strlen(xdg), "modxs");
	if (home && *home == '/')
		return path_join_in(out, size, home, strlen(home), ".cache/modxs");
	return false;
}

bool parse_int(const char *s, int min, int max, int *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = (int)v;
	return true;
}

const char *path_unstage(const char *destdir, const char *path)
{
	size_t n = destdir ? strlen(destdir) : 0;

	if (n && strncmp(path, destdir, n) == 0 && path[n] == '/')
		return path + n;
	return path;
}
