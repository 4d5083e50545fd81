/* conf.c: finding and rewriting LoadModule lines in a config text, in one pass. */
#include "conf.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "msg.h"

/* One physical line: content is s[start, end), the line end runs to next. */
struct line {
	size_t start, end, next;
};

/* A config text cut into lines. */
struct text {
	const char *s;
	size_t len;
	struct line *l;
	size_t n;
	bool crlf; /* the first line end is \r\n, so new lines get \r\n too */
};

static void text_split(struct text *t, const char *s, size_t len)
{
	size_t cap = 0, pos = 0;

	t->s = s;
	t->len = len;
	t->l = NULL;
	t->n = 0;
	t->crlf = false;
	bool first = true;
	while (pos < len) {
		const char *nl = memchr(s + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - s) : len;
		size_t next = nl ? end + 1 : len;
		if (nl && end > pos && s[end - 1] == '\r')
			end--;
		if (nl && first) {
			t->crlf = end < (size_t)(nl - s);
			first = false;
		}
		if (t->n == cap) {
			cap = cap ? cap * 2 : 256;
			t->l = xrealloc(t->l, cap * sizeof(*t->l));
		}
		t->l[t->n++] = (struct line){pos, end, next};
		pos = next;
	}
}

static const char *eol(const struct text *t)
{
	return t->crlf ? "\r\n" : "\n";
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* A word of a line: s[off, off+len). */
struct word {
	size_t off, len;
};

/* The next whitespace-separated word at or after *pos, before end; len 0 when none. */
static struct word next_word(const char *s, size_t *pos, size_t end)
{
	struct word w = {0, 0};
	size_t p = *pos;

	while (p < end && is_space(s[p]))
		p++;
	w.off = p;
	if (p < end && s[p] == '"') {
		size_t q = p + 1;
		while (q < end && s[q] != '"')
			q++;
		w.off = p + 1;
		w.len = q - p - 1;
		*pos = q < end ? q + 1 : q;
		return w;
	}
	while (p < end && !is_space(s[p]))
		p++;
	w.len = p - w.off;
	*pos = p;
	return w;
}

static bool word_is(const char *s, struct word w, const char *what)
{
	return w.len == strlen(what) && strncasecmp(s + w.off, what, w.len) == 0;
}

/* What one line is, for the edit and the scan. */
struct parsed {
	enum { P_OTHER, P_LOADMODULE, P_OPEN, P_CLOSE, P_CONT } kind;
	bool comment;	 /* a LoadModule line behind '#' */
	size_t indent;	 /* bytes of leading white space */
	struct word key; /* LoadModule's first argument, or the section name */
	struct word arg; /* LoadModule's second argument, or the section's argument */
	bool continues;	 /* ends in '\': the next line belongs to this one */
};

static void parse_section(const char *s, size_t p, size_t end, struct parsed *out)
{
	bool close = s[p + 1] == '/';
	size_t q = p + 1 + close, start = q;

	while (q < end && !is_space(s[q]) && s[q] != '>')
		q++;
	if (q == start)
		return;
	out->kind = close ? P_CLOSE : P_OPEN;
	out->key = (struct word){start, q - start};
	size_t a = q;
	size_t stop = end;
	while (stop > a && (is_space(s[stop - 1]) || s[stop - 1] == '>'))
		stop--;
	out->arg = next_word(s, &a, stop);
}

static void parse_line(const char *s, const struct line *l, bool cont, struct parsed *out)
{
	size_t p = l->start;

	memset(out, 0, sizeof(*out));
	while (p < l->end && is_space(s[p]))
		p++;
	out->indent = p - l->start;
	if (cont) {
		out->kind = P_CONT;
		out->continues = l->end > l->start && s[l->end - 1] == '\\';
		return;
	}
	if (p < l->end && s[p] == '#') {
		while (p < l->end && (s[p] == '#' || is_space(s[p])))
			p++;
		out->comment = true;
	} else {
		out->continues = l->end > p && s[l->end - 1] == '\\';
		if (p + 1 < l->end && s[p] == '<') {
			parse_section(s, p, l->end, out);
			return;
		}
	}
	/* Most lines are not LoadModule: look at one byte before splitting words. */
	if (p >= l->end || (s[p] != 'L' && s[p] != 'l'))
		return;
	struct word w = next_word(s, &p, l->end);
	if (!word_is(s, w, "LoadModule"))
		return;
	out->kind = P_LOADMODULE;
	out->key = next_word(s, &p, l->end);
	out->arg = next_word(s, &p, l->end);
	if (!out->key.len)
		out->kind = P_OTHER;
}

/* An open section: its name and line. */
struct open {
	struct word name;
	size_t line;
};

/* What one pass over a text found, for one module key. */
struct survey {
	long active, commented;		    /* first line of the module, active / commented; -1 */
	long last_top;			    /* the last top-level LoadModule line */
	long first_section;		    /* the first top-level section */
	long dso_open, dso_close, dso_last; /* the first top-level <IfModule mod_dso.c> */
	long last_top_end, dso_last_end;    /* their last lines, when continued with '\' */
	long *matches;			    /* every line of the module */
	long *ends;			    /* the last line of each, when continued with '\' */
	bool ends_continued; /* the last line ends in '\': text added after it joins it */
	size_t nmatches;
};

/* A section closed with a tag that does not match (o is the open one), or none open (o NULL). */
static int close_error(const char *file, const struct text *t, size_t line, const struct parsed *p,
		       const struct open *o)
{
	const char *s = t->s;

	if (!o)
		return error(RC_CONF, "'%s': line %zu: '</%.*s>' closes no open section", file,
			     line + 1, (int)p->key.len, s + p->key.off);
	return error(RC_CONF, "'%s': line %zu: '</%.*s>' closes '<%.*s>' opened at line %zu", file,
		     line + 1, (int)p->key.len, s + p->key.off, (int)o->name.len, s + o->name.off,
		     o->line + 1);
}

/* A section still open at the end of the text. */
static int unclosed_error(const char *file, const struct text *t, const struct open *o)
{
	return error(RC_CONF, "'%s': line %zu: '<%.*s>' is never closed", file, o->line + 1,
		     (int)o->name.len, t->s + o->name.off);
}

static void survey_match(struct survey *sv, size_t i, const struct parsed *p)
{
	if (p->comment && sv->commented < 0)
		sv->commented = (long)i;
	if (!p->comment && sv->active < 0)
		sv->active = (long)i;
	if (sv->nmatches % 16 == 0) {
		sv->matches = xrealloc(sv->matches, (sv->nmatches + 16) * sizeof(long));
		sv->ends = xrealloc(sv->ends, (sv->nmatches + 16) * sizeof(long));
	}
	sv->ends[sv->nmatches] = (long)i;
	sv->matches[sv->nmatches++] = (long)i;
}

static bool is_dso_block(const char *s, const struct parsed *p)
{
	return word_is(s, p->key, "IfModule") && word_is(s, p->arg, "mod_dso.c");
}

/* Track sections; on a mismatch, print the error and return RC_CONF. */
static int survey_section(const char *file, const struct text *t, size_t i, const struct parsed *p,
			  struct open **stack, size_t *depth, struct survey *sv)
{
	const char *s = t->s;

	if (p->kind == P_OPEN) {
		if (*depth % 64 == 0)
			*stack = xrealloc(*stack, (*depth + 64) * sizeof(**stack));
		(*stack)[(*depth)++] = (struct open){p->key, i};
		if (*depth == 1 && sv->first_section < 0)
			sv->first_section = (long)i;
		if (*depth == 1 && sv->dso_open < 0 && is_dso_block(s, p))
			sv->dso_open = (long)i;
		return RC_OK;
	}
	if (!*depth)
		return close_error(file, t, i, p, NULL);
	struct open *o = &(*stack)[*depth - 1];
	if (o->name.len != p->key.len || strncasecmp(s + o->name.off, s + p->key.off, o->name.len))
		return close_error(file, t, i, p, o);
	if (*depth == 1 && (long)o->line == sv->dso_open)
		sv->dso_close = (long)i;
	(*depth)--;
	return RC_OK;
}

static int survey_text(const char *file, const struct text *t, const char *key, struct survey *sv)
{
	struct open *stack = NULL;
	size_t depth = 0, klen = strlen(key);
	bool cont = false;
	/* What the logical line being continued with '\' is, so its last line is known. */
	bool span_top = false, span_dso = false, span_match = false;
	int rc = RC_OK;

	memset(sv, 0, sizeof(*sv));
	sv->active = sv->commented = sv->last_top = sv->first_section = -1;
	sv->dso_open = sv->dso_close = sv->dso_last = -1;
	sv->last_top_end = sv->dso_last_end = -1;
	for (size_t i = 0; i < t->n && !rc; i++) {
		struct parsed p;
		parse_line(t->s, &t->l[i], cont, &p);
		cont = p.continues;
		if (p.kind == P_CONT) {
			if (span_top)
				sv->last_top_end = (long)i;
			if (span_dso)
				sv->dso_last_end = (long)i;
			if (span_match)
				sv->ends[sv->nmatches - 1] = (long)i;
			continue;
		}
		span_top = span_dso = span_match = false;
		if (p.kind == P_OPEN || p.kind == P_CLOSE) {
			rc = survey_section(file, t, i, &p, &stack, &depth, sv);
			continue;
		}
		if (p.kind != P_LOADMODULE)
			continue;
		if (depth == 0) {
			sv->last_top = sv->last_top_end = (long)i;
			span_top = p.continues;
		}
		if (depth == 1 && sv->dso_open >= 0 && sv->dso_close < 0) {
			sv->dso_last = sv->dso_last_end = (long)i;
			span_dso = p.continues;
		}
		if (p.key.len == klen && memcmp(t->s + p.key.off, key, klen) == 0) {
			survey_match(sv, i, &p);
			span_match = p.continues;
		}
	}
	sv->ends_continued = cont;
	if (!rc && depth)
		rc = unclosed_error(file, t, &stack[depth - 1]);
	free(stack);
	return rc;
}

/* A change to one line: replace it, delete it, or insert text before it. */
struct op {
	size_t line; /* t->n for the end */
	enum { OP_REPLACE, OP_DELETE, OP_INSERT } kind;
	char *text; /* without the line end */
};

struct plan {
	struct op *ops;
	size_t n;
};

static void plan_add(struct plan *pl, size_t line, int kind, char *text)
{
	if (pl->n % 8 == 0)
		pl->ops = xrealloc(pl->ops, (pl->n + 8) * sizeof(*pl->ops));
	pl->ops[pl->n++] = (struct op){line, kind, text};
}

/* Write the text with the plan's changes; ops are in line order. */
static void plan_render(const struct text *t, const struct plan *pl, struct buf *out)
{
	size_t k = 0, need = t->len + 64;
	bool ended = !t->n || t->l[t->n - 1].next != t->l[t->n - 1].end;

	/* One allocation for the whole text: a big config is not copied on each doubling. */
	for (size_t i = 0; i < pl->n; i++)
		need += pl->ops[i].text ? strlen(pl->ops[i].text) + 2 : 0;
	if (out->cap < out->len + need) {
		out->s = xrealloc(out->s, out->len + need);
		out->cap = out->len + need;
		out->s[out->len] = '\0';
	}

	for (size_t i = 0; i <= t->n; i++) {
		bool skip = false;
		for (; k < pl->n && pl->ops[k].line == i; k++) {
			const struct op *o = &pl->ops[k];
			if (o->kind == OP_INSERT) {
				if (i == t->n && !ended)
					buf_puts(out, eol(t));
				ended = true;
				buf_puts(out, o->text);
				buf_puts(out, eol(t));
				continue;
			}
			skip = true;
			if (o->kind == OP_REPLACE) {
				buf_puts(out, o->text);
				buf_add(out, t->s + t->l[i].end, t->l[i].next - t->l[i].end);
			}
		}
		if (i < t->n && !skip)
			buf_add(out, t->s + t->l[i].start, t->l[i].next - t->l[i].start);
	}
}

static void plan_release(struct plan *pl)
{
	for (size_t i = 0; i < pl->n; i++)
		free(pl->ops[i].text);
	free(pl->ops);
}

/* The new line with the indentation of line i (or none) and '#' when commented. */
static char *indented(const struct text *t, long i, bool comment, const char *line)
{
	int ind = 0;
	const char *s = "";

	if (i >= 0) {
		const struct line *l = &t->l[i];
		while (l->start + (size_t)ind < l->end && is_space(t->s[l->start + (size_t)ind]))
			ind++;
		s = t->s + l->start;
	}
	return xasprintf("%.*s%s%s", ind, s, comment ? "#" : "", line);
}

static bool same_line(const struct text *t, size_t i, const char *text)
{
	const struct line *l = &t->l[i];
	size_t n = strlen(text);
	return l->end - l->start == n && memcmp(t->s + l->start, text, n) == 0;
}

/* Where a new line goes when the module has none: returns the line to insert before. */
static size_t insert_point(const struct text *t, const struct survey *sv, const struct conf_edit *e,
			   long *indent_from, struct conf_result *res)
{
	if (e->dso_block && sv->dso_open >= 0) {
		*indent_from = sv->dso_last >= 0 ? sv->dso_last : -1;
		return (size_t)(sv->dso_last >= 0 ? sv->dso_last_end + 1 : sv->dso_close);
	}
	if (!e->dso_block && sv->last_top >= 0) {
		*indent_from = sv->last_top;
		/* After the whole directive: inside a '\' continuation it would join it. */
		return (size_t)sv->last_top_end + 1;
	}
	*indent_from = -1;
	if (!e->dso_block && sv->first_section >= 0) {
		res->where = xasprintf("before the first section, line %ld", sv->first_section + 1);
		return (size_t)sv->first_section;
	}
	res->where = xasprintf("at the end, line %zu", t->n + 1 + (size_t)(e->dso_block));
	return t->n;
}

/* Add the new line (in a new mod_dso.c block when there is none) before line at. */
static void plan_insert_lines(const struct text *t, const struct survey *sv,
			      const struct conf_edit *e, struct plan *pl, struct conf_result *res,
			      size_t at, long from)
{
	bool comment = e->action == CONF_COMMENTED;

	if (e->dso_block && sv->dso_open < 0) {
		plan_add(pl, at, OP_INSERT, xstrdup("<IfModule mod_dso.c>"));
		plan_add(pl, at, OP_INSERT, xasprintf("  %s%s", comment ? "#" : "", e->line));
		plan_add(pl, at, OP_INSERT, xstrdup("</IfModule>"));
		res->line = (int)at + 2;
		return;
	}
	char *text = indented(t, from, comment, e->line);
	if (e->dso_block && from < 0) {
		char *more = xasprintf("  %s", text);
		free(text);
		text = more;
	}
	plan_add(pl, at, OP_INSERT, text);
	res->line = (int)at + 1;
}

static void plan_insert(const struct text *t, const struct survey *sv, const struct conf_edit *e,
			struct plan *pl, struct conf_result *res)
{
	long from;
	size_t at = insert_point(t, sv, e, &from, res);
	/* An empty line ends a '\' continuation the text ends in, as it does for the server. */
	bool blank = at == t->n && sv->ends_continued;

	if (blank)
		plan_add(pl, at, OP_INSERT, xstrdup(""));
	plan_insert_lines(t, sv, e, pl, res, at, from);
	res->line += blank;
}

/* The last line of the module's directive starting at line at ('\' continues it). */
static long span_end(const struct survey *sv, long at)
{
	for (size_t k = 0; k < sv->nmatches; k++)
		if (sv->matches[k] == at)
			return sv->ends[k];
	return at;
}

/* Delete the continuation lines of the directive at line at, so none is left orphaned. */
static void plan_drop_rest(const struct survey *sv, long at, struct plan *pl)
{
	for (long i = at + 1; i <= span_end(sv, at); i++)
		plan_add(pl, (size_t)i, OP_DELETE, NULL);
}

/*
 * Comment out every active line of the module after line after, each line
 * of a continued directive included, so none of it stays active. Sets
 * *first (when given and 0) to the first line changed, from 1.
 */
static void comment_matches(const struct text *t, const struct survey *sv, struct plan *pl,
			    long after, int *first)
{
	for (size_t k = 0; k < sv->nmatches; k++) {
		struct parsed p;
		if (sv->matches[k] <= after)
			continue;
		parse_line(t->s, &t->l[sv->matches[k]], false, &p);
		if (p.comment)
			continue;
		for (long i = sv->matches[k]; i <= sv->ends[k]; i++) {
			const struct line *l = &t->l[i];
			size_t ind = 0;
			while (l->start + ind < l->end && is_space(t->s[l->start + ind]))
				ind++;
			plan_add(pl, (size_t)i, OP_REPLACE,
				 xasprintf("%.*s#%.*s", (int)ind, t->s + l->start,
					   (int)(l->end - l->start - ind), t->s + l->start + ind));
		}
		if (first && !*first)
			*first = (int)sv->matches[k] + 1;
	}
}

/* -a / -A: replace the module's line (the active one first) or insert one. */
static void plan_set(const struct text *t, const struct survey *sv, const struct conf_edit *e,
		     struct plan *pl, struct conf_result *res)
{
	long at = sv->active >= 0 ? sv->active : sv->commented;

	/* With no active line, a commented line already as asked is the one to keep. */
	for (size_t k = 0; sv->active < 0 && k < sv->nmatches; k++) {
		char *want = indented(t, sv->matches[k], e->action == CONF_COMMENTED, e->line);
		bool same = same_line(t, (size_t)sv->matches[k], want);
		free(want);
		if (same) {
			at = sv->matches[k];
			break;
		}
	}
	if (at < 0) {
		plan_insert(t, sv, e, pl, res);
		return;
	}
	char *text = indented(t, at, e->action == CONF_COMMENTED, e->line);
	res->line = (int)at + 1;
	if (same_line(t, (size_t)at, text)) {
		free(text);
		return;
	}
	plan_add(pl, (size_t)at, OP_REPLACE, text);
	plan_drop_rest(sv, at, pl);
	/* -A leaves the module inactive: a second active line of it would load it anyway. */
	if (e->action == CONF_COMMENTED)
		comment_matches(t, sv, pl, span_end(sv, at), NULL);
}

/* --deactivate: comment out every active line of the module. */
static void plan_deactivate(const struct text *t, const struct survey *sv, struct plan *pl,
			    struct conf_result *res)
{
	comment_matches(t, sv, pl, -1, &res->line);
}

int conf_apply(const char *file, const char *text, size_t len, const struct conf_edit *e,
	       struct buf *out, struct conf_result *res)
{
	struct text t;
	struct survey sv;
	struct plan pl = {NULL, 0};
	const char *nul;
	int rc;

	/* An empty file reads as a NULL buffer; memchr(NULL, ...) is undefined even for 0 bytes. */
	if (!text)
		text = "";
	nul = memchr(text, '\0', len);

	memset(res, 0, sizeof(*res));
	text_split(&t, text, len);
	if (nul) {
		size_t line = 1;
		for (const char *p = text; p < nul; p++)
			line += *p == '\n';
		free(t.l);
		return error(RC_CONF, "'%s': line %zu: NUL byte: not a text config", file, line);
	}
	rc = survey_text(file, &t, e->key, &sv);
	if (rc)
		goto out;
	res->found = sv.nmatches > 0;
	if (e->action == CONF_ACTIVATE || e->action == CONF_COMMENTED)
		plan_set(&t, &sv, e, &pl, res);
	else if (e->action == CONF_DEACTIVATE)
		plan_deactivate(&t, &sv, &pl, res);
	else
		for (size_t k = 0; k < sv.nmatches; k++)
			for (long i = sv.matches[k]; i <= sv.ends[k]; i++)
				plan_add(&pl, (size_t)i, OP_DELETE, NULL);
	res->changed = pl.n > 0;
	if (res->changed)
		plan_render(&t, &pl, out);
out:
	plan_release(&pl);
	free(sv.matches);
	free(sv.ends);
	free(t.l);
	return rc;
}

void conf_result_release(struct conf_result *res)
{
	free(res->where);
	res->where = NULL;
}

void conf_scan(const char *text, size_t len, struct conf_module **out, size_t *n)
{
	struct text t;
	bool cont = false;

	*out = NULL;
	*n = 0;
	text_split(&t, text, len);
	for (size_t i = 0; i < t.n; i++) {
		struct parsed p;
		parse_line(text, &t.l[i], cont, &p);
		cont = p.continues;
		if (p.kind != P_LOADMODULE)
			continue;
		if (*n % 16 == 0)
			*out = xrealloc(*out, (*n + 16) * sizeof(**out));
		(*out)[(*n)++] = (struct conf_module){
			xstrndup(text + p.key.off, p.key.len),
			xstrndup(text + p.arg.off, p.arg.len),
			!p.comment,
			(int)i + 1,
		};
	}
	free(t.l);
}

void conf_scan_release(struct conf_module *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(m[i].key);
		free(m[i].path);
	}
	free(m);
}

char *conf_directive(const char *text, size_t len, const char *name)
{
	struct text t;
	char *found = NULL;
	bool cont = false;

	text_split(&t, text, len);
	for (size_t i = 0; i < t.n; i++) {
		struct parsed p;
		size_t pos = t.l[i].start;
		parse_line(text, &t.l[i], cont, &p);
		cont = p.continues;
		if (p.kind != P_OTHER || p.comment)
			continue;
		struct word w = next_word(text, &pos, t.l[i].end);
		if (!word_is(text, w, name))
			continue;
		struct word a = next_word(text, &pos, t.l[i].end);
		free(found);
		found = xstrndup(text + a.off, a.len);
	}
	free(t.l);
	return found;
}

/* One side of a diff hunk: lines [from, to) printed with a mark. */
static void diff_lines(const struct text *t, size_t from, size_t to, char mark, struct buf *out)
{
	for (size_t i = from; i < to; i++) {
		const struct line *l = &t->l[i];
		buf_putc(out, mark);
		buf_add(out, t->s + l->start, l->next - l->start);
		if (l->next == l->end)
			buf_puts(out, "\n\\ No newline at end of file\n");
	}
}

static bool lines_equal(const struct text *a, size_t i, const struct text *b, size_t j)
{
	const struct line *x = &a->l[i], *y = &b->l[j];
	size_t n = x->next - x->start;
	return n == y->next - y->start && memcmp(a->s + x->start, b->s + y->start, n) == 0;
}

/* "start,count" of a hunk side, as diff -u writes it. */
static void diff_range(struct buf *out, size_t from, size_t count)
{
	buf_printf(out, "%zu,%zu", count ? from + 1 : from, count);
}

void conf_diff(const char *a, const char *old, size_t oldlen, const char *b, const char *new_,
	       size_t newlen, struct buf *out)
{
	struct text x, y;
	size_t pre = 0, suf = 0;

	/* Empty texts may be NULL, and memcmp(NULL, ...) is undefined even for 0 bytes. */
	if (oldlen == newlen && (!oldlen || memcmp(old, new_, oldlen) == 0))
		return;
	text_split(&x, old, oldlen);
	text_split(&y, new_, newlen);
	while (pre < x.n && pre < y.n && lines_equal(&x, pre, &y, pre))
		pre++;
	while (suf < x.n - pre && suf < y.n - pre &&
	       lines_equal(&x, x.n - 1 - suf, &y, y.n - 1 - suf))
		suf++;
	size_t from = pre > 3 ? pre - 3 : 0;
	size_t ctx_end = suf > 3 ? 3 : suf;
	size_t xto = x.n - suf + ctx_end, yto = y.n - suf + ctx_end;
	buf_printf(out, "--- %s\n+++ %s\n@@ -", a, b);
	diff_range(out, from, xto - from);
	buf_puts(out, " +");
	diff_range(out, from, yto - from);
	buf_puts(out, " @@\n");
	diff_lines(&x, from, pre, ' ', out);
	diff_lines(&x, pre, x.n - suf, '-', out);
	diff_lines(&y, pre, y.n - suf, '+', out);
	diff_lines(&x, x.n - suf, xto, ' ', out);
	free(x.l);
	free(y.l);
}
