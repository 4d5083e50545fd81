/* stamp.c: what a rebuild may skip: command hashes, depfiles, file times. */
#include "stamp.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "outfile.h"
#include "util.h"

/* Sources and objects are small; a depfile or stamp bigger than this is junk. */
#define MAX_SMALL (4u << 20)

char *stamp_read(const char *path, size_t *len)
{
	return file_read_max(path, MAX_SMALL, len);
}

/* FNV-1a over the argv, words kept apart: a change of any word changes it. */
void stamp_hash(char *const *argv, const char *extra, char out[17])
{
	unsigned long long h = 1469598103934665603ull;

	for (size_t i = 0; argv[i]; i++) {
		for (const char *p = argv[i]; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ull;
		h = (h ^ 0xff) * 1099511628211ull;
	}
	for (const char *p = extra ? extra : ""; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	snprintf(out, 17, "%016llx", h);
}

/*
 * The stamp holds "HASH", or "HASH checked WHAT" once the checks passed
 * for WHAT (the record symbol and server); *checked says which WHAT.
 */
bool stamp_matches(const char *path, const char *hash, char **checked)
{
	char *text = stamp_read(path, NULL);
	bool ok = text && strncmp(text, hash, 16) == 0 && (text[16] == '\n' || text[16] == ' ');

	if (checked && ok && str_starts(text + 16, " checked ")) {
		*checked = xstrdup(text + 25);
		(*checked)[strcspn(*checked, "\n")] = '\0';
	}
	free(text);
	return ok;
}

int stamp_write(struct msgs *msgs, const char *path, const char *hash, const char *checked)
{
	char *line = xasprintf("%s%s%s\n", hash, checked ? " checked " : "",
			       checked ? checked : "");
	int rc = outfile_write(msgs, path, line, strlen(line), 0644);
	free(line);
	return rc;
}

static bool newer(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec > b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec);
}

/* True when path is missing or newer than t. */
bool stamp_file_newer(const char *path, const struct timespec *t)
{
	struct stat st;
	return stat(path, &st) < 0 || newer(&st.st_mtim, t);
}

static unsigned long long fnv1a(const char *s)
{
	unsigned long long h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* Insert e into a table of cap slots (a power of two) by open addressing. */
static void mtimes_place(struct mtime *v, size_t cap, struct mtime e)
{
	size_t i = fnv1a(e.path) & (cap - 1);

	while (v[i].path)
		i = (i + 1) & (cap - 1);
	v[i] = e;
}

static void mtimes_grow(struct mtimes *m)
{
	size_t cap = m->cap ? m->cap * 2 : 256;
	struct mtime *v = xcalloc(cap, sizeof(*v));

	for (size_t i = 0; i < m->cap; i++)
		if (m->v[i].path)
			mtimes_place(v, cap, m->v[i]);
	free(m->v);
	m->v = v;
	m->cap = cap;
}

/*
 * True when path is missing or newer than t, each path stat'ed once per
 * run: 17 sources of an Apache module name the same 250 headers.
 */
static bool dep_newer(struct mtimes *m, const char *path, const struct timespec *t)
{
	size_t i;
	struct stat st;

	if (2 * (m->n + 1) > m->cap)
		mtimes_grow(m);
	for (i = fnv1a(path) & (m->cap - 1); m->v[i].path; i = (i + 1) & (m->cap - 1))
		if (strcmp(m->v[i].path, path) == 0)
			return m->v[i].missing || newer(&m->v[i].t, t);
	bool missing = stat(path, &st) < 0;
	m->v[i] = (struct mtime){xstrdup(path), missing ? (struct timespec){0, 0} : st.st_mtim,
				 missing};
	m->n++;
	return missing || newer(&st.st_mtim, t);
}

void stamp_mtimes_release(struct mtimes *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->v[i].path);
	free(m->v);
}

/*
 * The next prerequisite of a make rule at *p, unescaped in place ("\ " is
 * a space, "$$" a dollar, backslash-newline a blank); NULL at the end of
 * the rule. In place because Apache depfiles run to 20 kB each.
 */
static char *dep_word(char **p)
{
	char *r = *p, *w, *word;

	while (*r == ' ' || *r == '\t' || (*r == '\\' && r[1] == '\n'))
		r += *r == '\\' ? 2 : 1;
	if (!*r || *r == '\n')
		return NULL;
	word = w = r;
	for (;;) {
		/* Runs of plain characters go at once: strcspn is vectorised. */
		size_t n = strcspn(r, " \t\n\\$");
		if (w != r)
			memmove(w, r, n);
		w += n;
		r += n;
		if (!*r || *r == ' ' || *r == '\t' || *r == '\n' || (*r == '\\' && r[1] == '\n'))
			break;
		if ((*r == '\\' && (r[1] == ' ' || r[1] == '#' || r[1] == '\\')) ||
		    (*r == '$' && r[1] == '$'))
			r++;
		*w++ = *r++;
	}
	*p = r;
	if (w < r) {
		*w = '\0';
		return word;
	}
	/* No escape made room: the delimiter becomes the NUL. */
	if (*r == ' ' || *r == '\t')
		*p = r + 1;
	else if (*r == '\\')
		*p = r + 2;
	*r = '\0';
	return word;
}

/* True when any file the depfile names is missing or newer than t. */
bool stamp_deps_newer(struct mtimes *m, const char *depfile, const struct timespec *t)
{
	char *text = stamp_read(depfile, NULL);
	char *p, *word;
	bool stale = false;

	if (!text)
		return true;
	/* CRLF reads like LF: drop each CR before a LF. */
	char *w = text;
	for (p = text; *p; p++)
		if (!(*p == '\r' && p[1] == '\n'))
			*w++ = *p;
	*w = '\0';
	p = text;
	while (*p && !(*p == ':' && (p[1] == ' ' || p[1] == '\t' || p[1] == '\n' || !p[1])))
		p += *p == '\\' && p[1] ? 2 : 1;
	if (!*p) {
		free(text);
		return true;
	}
	p++;
	while (!stale && (word = dep_word(&p)))
		stale = dep_newer(m, word, t);
	free(text);
	return stale;
}
