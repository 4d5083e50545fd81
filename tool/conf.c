/*
 * conf.c: finding and rewriting LoadModule lines in a config text. An edit
 * reads the text twice, a line at a time: a first pass finds where the
 * module's lines are and plans the change, a second copies the text with the
 * change made. Memory stays bounded whatever the size of the config: only
 * the module's own lines and a few positions are kept.
 */
#include "conf.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "lock.h"
#include "msg.h"

const struct conf_syntax *conf_syntax_apache(void)
{
	static const struct conf_syntax apache = {"LoadModule", 1,    2,     '#', NULL,
						  NULL,		NULL, false, NULL};
	return &apache;
}

static const struct conf_syntax *syntax_or_default(const struct conf_syntax *syn)
{
	return syn ? syn : conf_syntax_apache();
}

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

/* A line's directive: its first word, ended by a blank or '=' (ini files' "key = value"), which are skipped. */
static struct word directive_word(const char *s, size_t *pos, size_t end)
{
	size_t p = *pos;
	struct word w;

	while (p < end && is_space(s[p]))
		p++;
	w.off = p;
	while (p < end && !is_space(s[p]) && s[p] != '=')
		p++;
	w.len = p - w.off;
	while (p < end && is_space(s[p]))
		p++;
	if (p < end && s[p] == '=')
		p++;
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
	bool comment;	 /* a line behind the comment mark */
	bool spaced;	 /* ...with white space after the mark: prose, as a config's examples */
	size_t indent;	 /* bytes of leading white space */
	struct word key; /* the module line's key argument, or the section name */
	struct word arg; /* its path argument, or the section's argument */
	bool continues;	 /* ends in '\': the next line belongs to this one */
	bool block;	 /* a braces block opened and closed on this one line */
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

/*
 * A block of a braces syntax: a line ending in '{' opens one named by its
 * first word, a line starting with '}' closes one; a block opened and
 * closed on one line is an ordinary line.
 */
static bool parse_block(const char *s, size_t p, size_t end, struct parsed *out)
{
	size_t e = end;

	while (e > p && is_space(s[e - 1]))
		e--;
	if (e > p && s[e - 1] == '{') {
		size_t q = p;
		while (q < e - 1 && !is_space(s[q]) && s[q] != '{')
			q++;
		out->kind = P_OPEN;
		out->key = (struct word){p, q - p};
		return true;
	}
	if (p < end && s[p] == '}') {
		out->kind = P_CLOSE;
		out->key = (struct word){p, 0};
		return true;
	}
	out->block = e > p && s[e - 1] == '}' && memchr(s + p, '{', e - p);
	return false;
}

/* The module line's directive at *pos, then blanks or '=' (as in ini files), or false. */
static bool directive_at(const char *s, size_t *pos, size_t end, const char *directive)
{
	size_t p = *pos, n = strlen(directive);

	if (end - p < n || strncasecmp(s + p, directive, n) != 0)
		return false;
	p += n;
	if (p < end && !is_space(s[p]) && s[p] != '=')
		return false;
	while (p < end && is_space(s[p]))
		p++;
	if (p < end && s[p] == '=')
		p++;
	*pos = p;
	return true;
}

/*
 * The end of a module line's arguments: before the text load_line puts
 * after them (a load_line "directive %s;" ends in ';'), so that
 * text is never read as part of the key or the path.
 */
static size_t before_tail(const char *s, size_t p, size_t end, const char *tail)
{
	size_t n = tail ? strlen(tail) : 0;

	while (end > p && is_space(s[end - 1]))
		end--;
	if (n && end - p >= n && memcmp(s + end - n, tail, n) == 0)
		end -= n;
	return end;
}

/* The module line's arguments: the key and the path where the syntax puts them. */
static void parse_module(const char *s, size_t p, size_t end, const struct conf_syntax *syn,
			 struct parsed *out)
{
	struct word w[2];

	end = before_tail(s, p, end, syn->tail);

	w[0] = next_word(s, &p, end);
	w[1] = next_word(s, &p, end);
	out->kind = P_LOADMODULE;
	out->key = w[syn->key_word - 1];
	out->arg = syn->path_word ? w[syn->path_word - 1] : (struct word){w[0].off, 0};
	if (!out->key.len)
		out->kind = P_OTHER;
}

static void parse_line(const char *s, const struct line *l, bool cont,
		       const struct conf_syntax *syn, struct parsed *out)
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
	if (p < l->end && s[p] == syn->comment) {
		while (p < l->end && (s[p] == syn->comment || is_space(s[p])))
			out->spaced |= is_space(s[p++]);
		out->comment = true;
	} else if (syn->braces) {
		if (parse_block(s, p, l->end, out))
			return;
	} else {
		out->continues = l->end > p && s[l->end - 1] == '\\';
		if (p + 1 < l->end && s[p] == '<') {
			parse_section(s, p, l->end, out);
			return;
		}
	}
	/* Most lines are not module lines: look at one byte before comparing words. */
	if (p >= l->end || tolower((unsigned char)s[p]) != tolower((unsigned char)*syn->directive))
		return;
	if (directive_at(s, &p, l->end, syn->directive))
		parse_module(s, p, l->end, syn, out);
}

/* Longer lines are not a text config; the bound keeps memory bounded too. */
#define MAX_LINE (1u << 20)

/* Reads a config a line at a time, from a file descriptor or from memory. */
struct reader {
	struct msgs *msgs; /* where read errors are said */
	const struct conf_syntax *syn;
	const char *file; /* for messages */
	int fd;		  /* -1 when reading mem */
	const char *mem;
	size_t memlen;
	char *chunk; /* what was read from fd */
	const char *blk;
	size_t blen, bpos;
	struct buf line; /* the current line, without its end */
	const char *eol; /* its end: "\r\n", "\n", or "" for a last line without one */
	size_t lineno;	 /* the current line's number, from 1 */
	bool crlf;	 /* the first line end is \r\n, so new lines get \r\n too */
	bool seen_eol;
	bool quiet; /* a reader for a listing: stop at bad text without a message */
};

static void reader_init(struct reader *r, struct msgs *msgs, const struct conf_syntax *syn,
			const char *file, int fd, const char *mem, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->msgs = msgs;
	r->syn = syntax_or_default(syn);
	r->file = file;
	r->fd = fd;
	r->mem = mem ? mem : "";
	r->memlen = len;
	if (fd >= 0)
		r->chunk = xmalloc(65536);
}

static void reader_release(struct reader *r)
{
	free(r->chunk);
	buf_release(&r->line);
}

/* The next block of bytes; 0 at the end, -1 on a read error. */
static int reader_fill(struct reader *r)
{
	if (r->fd < 0) {
		if (r->blk)
			return 0;
		r->blk = r->mem;
		r->blen = r->memlen;
		r->bpos = 0;
		return r->blen > 0;
	}
	for (;;) {
		ssize_t n = read(r->fd, r->chunk, 65536);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			if (!r->quiet)
				error(r->msgs, RC_CONF, "cannot read '%s':", r->file);
			return -1;
		}
		r->blk = r->chunk;
		r->blen = (size_t)n;
		r->bpos = 0;
		return n > 0;
	}
}

/* True if none of the eight bytes at s is below 0x20 or 0x7f: most words of a config. */
static bool word_plain(const char *s)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t x, del;

	memcpy(&x, s, 8);
	del = x ^ (0x7f * ones);
	return !(((x - 0x20 * ones) & ~x & highs) | ((del - ones) & ~del & highs));
}

/*
 * The first byte of s that no text config holds: NUL, or a control
 * character other than tab, CR, form feed and vertical tab. Binary garbage
 * is refused, not edited; UTF-8 passes.
 */
static const char *binary_byte(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		/* Eight bytes at a time; a short tail as the last eight bytes, overlapping. */
		if (i + 8 <= n && word_plain(s + i)) {
			i += 8;
			continue;
		}
		if (i + 8 > n && n >= 8 && word_plain(s + n - 8))
			return NULL;
		for (size_t end = i + 8 < n ? i + 8 : n; i < end; i++) {
			unsigned char c = (unsigned char)s[i];
			if ((c < 0x20 && c != '\t' && c != '\r' && c != '\f' && c != '\v') ||
			    c == 0x7f)
				return s + i;
		}
	}
	return NULL;
}

/* Add a segment to the current line; RC_CONF for a binary byte or an endless line. */
static int reader_take(struct reader *r, const char *s, size_t n)
{
	const char *bin = binary_byte(s, n);

	if (r->quiet && (bin || r->line.len + n > MAX_LINE))
		return RC_CONF;
	if (bin && !*bin)
		return error(r->msgs, RC_CONF, "'%s': line %zu: NUL byte: not a text config",
			     r->file, r->lineno + 1);
	if (bin)
		return error(r->msgs, RC_CONF,
			     "'%s': line %zu: control byte 0x%02x: not a text config", r->file,
			     r->lineno + 1, (unsigned char)*bin);
	if (r->line.len + n > MAX_LINE)
		return error(r->msgs, RC_CONF,
			     "'%s': line %zu: longer than 1 MiB: not a text config", r->file,
			     r->lineno + 1);
	buf_add(&r->line, s, n);
	return RC_OK;
}

/* Read the next line: 1 when there is one, 0 at the end, -1 after an error. */
static int reader_next(struct reader *r)
{
	bool any = false;

	r->line.len = 0;
	if (!r->line.s)
		buf_add(&r->line, "", 0);
	for (;;) {
		if (r->bpos == r->blen) {
			int got = reader_fill(r);
			if (got < 0)
				return -1;
			if (!got)
				break;
		}
		const char *s = r->blk + r->bpos, *nl = memchr(s, '\n', r->blen - r->bpos);
		size_t n = nl ? (size_t)(nl - s) : r->blen - r->bpos;
		if (reader_take(r, s, n))
			return -1;
		r->bpos += n + (nl != NULL);
		any = true;
		if (nl) {
			bool cr = r->line.len && r->line.s[r->line.len - 1] == '\r';
			r->line.len -= cr;
			r->line.s[r->line.len] = '\0';
			r->eol = cr ? "\r\n" : "\n";
			if (!r->seen_eol)
				r->crlf = cr;
			r->seen_eol = true;
			r->lineno++;
			return 1;
		}
	}
	if (!any)
		return 0;
	r->eol = "";
	r->lineno++;
	return 1;
}

/* Parse the reader's current line. */
static void reader_parse(const struct reader *r, bool cont, struct parsed *p)
{
	struct line l = {0, r->line.len, r->line.len};
	parse_line(r->line.s, &l, cont, r->syn, p);
}

/* An open section: its name and line. */
struct open {
	char *name;
	size_t line;
};

/* A line the plan may rewrite, kept from the first pass: its number (from 0) and text. */
struct kept {
	long line;
	char *text;
};

/* What the first pass found, for one module key. Lines count from 0. */
struct survey {
	size_t n;		/* lines in the text */
	bool crlf, ended;	/* line ends; the text ends with one */
	long active, commented; /* first line of the module, active / commented; -1 */
	long last_top;		/* the last top-level LoadModule line */
	long nested_close;	/* the end of the last section holding a LoadModule */
	bool nested_open;	/* the open top-level section holds one */
	long first_section;	/* the first top-level section */
	long dso_open, dso_close,
		dso_last; /* the first top-level home section (ProFTPD's mod_dso.c) */
	long last_top_end, dso_last_end; /* their last lines, when continued with '\' */
	long keep_top, keep_dso;	 /* where a new line goes before a module kept last; -1 */
	long notes;			 /* the first of the comment lines just read, -1 */
	char *top_indent, *dso_indent;	 /* the indentation of last_top and dso_last */
	long *matches;			 /* every line of the module */
	long *ends;			 /* the last line of each, when continued with '\' */
	size_t nmatches;
	struct kept *kept; /* the text of every line of the module's directives */
	size_t nkept;
	bool ends_continued; /* the last line ends in '\': text added after it joins it */
	char comment;	     /* the comment mark */
};

static void survey_release(struct survey *sv)
{
	for (size_t i = 0; i < sv->nkept; i++)
		free(sv->kept[i].text);
	free(sv->kept);
	free(sv->matches);
	free(sv->ends);
	free(sv->top_indent);
	free(sv->dso_indent);
}

/* The kept text of line i; NULL when the first pass did not keep it. */
static const char *kept_text(const struct survey *sv, long i)
{
	for (size_t k = 0; k < sv->nkept; k++)
		if (sv->kept[k].line == i)
			return sv->kept[k].text;
	return NULL;
}

static void keep_line(struct survey *sv, long i, const struct reader *r)
{
	if (sv->nkept % 16 == 0)
		sv->kept = xrealloc(sv->kept, (sv->nkept + 16) * sizeof(*sv->kept));
	sv->kept[sv->nkept++] = (struct kept){i, xstrndup(r->line.s, r->line.len)};
}

/* Replace *slot with the current line's indentation. */
static void keep_indent(char **slot, const struct reader *r, const struct parsed *p)
{
	free(*slot);
	*slot = xstrndup(r->line.s, p->indent);
}

/* A section closed with a tag that does not match (o is the open one), or none open (o NULL). */
static int close_error(const struct reader *r, const struct parsed *p, const struct open *o)
{
	const char *s = r->line.s;

	if (!o)
		return error(r->msgs, RC_CONF, "'%s': line %zu: '</%.*s>' closes no open section",
			     r->file, r->lineno, (int)p->key.len, s + p->key.off);
	return error(r->msgs, RC_CONF, "'%s': line %zu: '</%.*s>' closes '<%s>' opened at line %zu",
		     r->file, r->lineno, (int)p->key.len, s + p->key.off, o->name, o->line + 1);
}

/* A section still open at the end of the text. */
static int unclosed_error(struct msgs *msgs, const char *file, const struct open *o)
{
	return error(msgs, RC_CONF, "'%s': line %zu: '<%s>' is never closed", file, o->line + 1,
		     o->name);
}

static void survey_match(struct survey *sv, long i, const struct parsed *p, const struct reader *r)
{
	if (p->comment && sv->commented < 0)
		sv->commented = i;
	if (!p->comment && sv->active < 0)
		sv->active = i;
	if (sv->nmatches % 16 == 0) {
		sv->matches = xrealloc(sv->matches, (sv->nmatches + 16) * sizeof(long));
		sv->ends = xrealloc(sv->ends, (sv->nmatches + 16) * sizeof(long));
	}
	sv->ends[sv->nmatches] = i;
	sv->matches[sv->nmatches++] = i;
	keep_line(sv, i, r);
}

/* Is the section opened by p the one new module lines go in? */
static bool is_home_section(const struct conf_syntax *syn, const char *s, const struct parsed *p)
{
	return syn->section && word_is(s, p->key, syn->section) &&
	       (!syn->section_arg || word_is(s, p->arg, syn->section_arg));
}

/* The sections open at the current line. */
struct stack {
	struct open *v;
	size_t depth;
};

static void stack_release(struct stack *st)
{
	for (size_t i = 0; i < st->depth; i++)
		free(st->v[i].name);
	free(st->v);
}

/* Track sections; on a mismatch, print the error and return RC_CONF. */
static int survey_section(const struct reader *r, long i, const struct parsed *p, struct stack *st,
			  struct survey *sv)
{
	const char *s = r->line.s;

	if (p->kind == P_OPEN) {
		if (st->depth % 64 == 0)
			st->v = xrealloc(st->v, (st->depth + 64) * sizeof(*st->v));
		st->v[st->depth++] = (struct open){xstrndup(s + p->key.off, p->key.len), (size_t)i};
		if (st->depth == 1 && sv->first_section < 0)
			sv->first_section = i;
		if (st->depth == 1 && sv->dso_open < 0 && is_home_section(r->syn, s, p))
			sv->dso_open = i;
		return RC_OK;
	}
	if (!st->depth)
		return close_error(r, p, NULL);
	struct open *o = &st->v[st->depth - 1];
	/* A '}' closes whatever block is open. */
	if (!r->syn->braces &&
	    (strlen(o->name) != p->key.len || strncasecmp(o->name, s + p->key.off, p->key.len)))
		return close_error(r, p, o);
	if (st->depth == 1 && (long)o->line == sv->dso_open)
		sv->dso_close = i;
	if (st->depth == 1 && sv->nested_open) {
		sv->nested_close = i;
		sv->nested_open = false;
	}
	free(o->name);
	st->depth--;
	return RC_OK;
}

/* What the logical line being continued with '\' is, so its last line is known. */
struct spans {
	bool top, dso, match;
};

/* Note a continuation line of the directive it continues. */
static void survey_cont(struct survey *sv, const struct spans *sp, long i, const struct reader *r)
{
	if (sp->top)
		sv->last_top_end = i;
	if (sp->dso)
		sv->dso_last_end = i;
	if (sp->match) {
		sv->ends[sv->nmatches - 1] = i;
		keep_line(sv, i, r);
	}
}

/* Is the key at w of s one the syntax keeps last? */
static bool kept_last(const struct conf_syntax *syn, const char *s, struct word w)
{
	for (const char *const *k = syn->keep_last; k && *k; k++)
		if (strlen(*k) == w.len && memcmp(s + w.off, *k, w.len) == 0)
			return true;
	return false;
}

/* Note a LoadModule line: where the last ones are, and whether it is the module's. */
static void survey_load(struct survey *sv, struct spans *sp, long i, const struct parsed *p,
			const struct reader *r, size_t depth, const char *key)
{
	size_t klen = strlen(key);

	if (depth == 0) {
		sv->last_top = sv->last_top_end = i;
		keep_indent(&sv->top_indent, r, p);
		sp->top = p->continues;
	}
	if (depth > 0)
		sv->nested_open = true;
	if (depth == 1 && sv->dso_open >= 0 && sv->dso_close < 0) {
		sv->dso_last = sv->dso_last_end = i;
		keep_indent(&sv->dso_indent, r, p);
		sp->dso = p->continues;
	}
	if (p->key.len == klen && memcmp(r->line.s + p->key.off, key, klen) == 0) {
		survey_match(sv, i, p, r);
		sp->match = p->continues;
	}
	if (!p->comment && kept_last(r->syn, r->line.s, p->key)) {
		long at = sv->notes >= 0 ? sv->notes : i;
		if (depth == 0 && sv->keep_top < 0)
			sv->keep_top = at;
		if (depth == 1 && sv->dso_open >= 0 && sv->dso_close < 0 && sv->keep_dso < 0)
			sv->keep_dso = at;
	}
}

static void survey_init(struct survey *sv)
{
	memset(sv, 0, sizeof(*sv));
	sv->active = sv->commented = sv->last_top = sv->first_section = sv->nested_close = -1;
	sv->dso_open = sv->dso_close = sv->dso_last = -1;
	sv->last_top_end = sv->dso_last_end = -1;
	sv->keep_top = sv->keep_dso = sv->notes = -1;
	sv->ended = true;
}

/* The first pass: where the module's lines, the LoadModule lines and the sections are. */
static int survey_text(struct reader *r, const char *key, struct survey *sv)
{
	struct stack st = {NULL, 0};
	struct spans sp = {false, false, false};
	bool cont = false, tail_cont = false;
	int rc = RC_OK, got;

	survey_init(sv);
	sv->comment = r->syn->comment;
	while (!rc && (got = reader_next(r)) > 0) {
		long i = (long)r->lineno - 1;
		struct parsed p;
		bool was_cont = cont;
		reader_parse(r, cont, &p);
		cont = p.continues;
		sv->ended = *r->eol != '\0';
		/*
		 * A last line with no line end that ends in '\r': the newline an
		 * edit appends turns that '\r' into a CRLF, and the line may then
		 * end in '\' and continue into whatever follows.
		 */
		if (!sv->ended && r->line.len && r->line.s[r->line.len - 1] == '\r') {
			struct line l = {0, r->line.len - 1, r->line.len - 1};
			struct parsed q;
			parse_line(r->line.s, &l, was_cont, r->syn, &q);
			tail_cont = q.continues;
		}
		if (p.kind == P_CONT) {
			survey_cont(sv, &sp, i, r);
			continue;
		}
		sp = (struct spans){false, false, false};
		/* "events { ... }" on one line is a section too: new lines go before it. */
		if (p.block && !st.depth && sv->first_section < 0)
			sv->first_section = i;
		if (p.kind == P_OPEN || p.kind == P_CLOSE)
			rc = survey_section(r, i, &p, &st, sv);
		else if (p.kind == P_LOADMODULE)
			survey_load(sv, &sp, i, &p, r, st.depth, key);
		/* A run of comment lines belongs to the line below it. */
		if (p.kind != P_OTHER || !p.comment)
			sv->notes = -1;
		else if (sv->notes < 0)
			sv->notes = i;
	}
	if (!rc && got < 0)
		rc = RC_CONF;
	sv->n = r->lineno;
	sv->crlf = r->crlf;
	sv->ends_continued = cont || tail_cont;
	if (!rc && st.depth)
		rc = unclosed_error(r->msgs, r->file, &st.v[st.depth - 1]);
	stack_release(&st);
	return rc;
}

/* A change to one line: replace it, delete it, or insert text before it. */
struct conf_op {
	size_t line; /* the number of lines for the end */
	enum { OP_REPLACE, OP_DELETE, OP_INSERT } kind;
	char *text; /* without the line end */
};

static void plan_add(struct conf_plan *pl, size_t line, int kind, char *text)
{
	if (pl->nops % 8 == 0)
		pl->ops = xrealloc(pl->ops, (pl->nops + 8) * sizeof(*pl->ops));
	pl->ops[pl->nops++] = (struct conf_op){line, kind, text};
}

/* Ops are made in line order except the comments of -A; a stable sort puts them in order. */
static void plan_sort(struct conf_plan *pl)
{
	for (size_t i = 1; i < pl->nops; i++) {
		struct conf_op o = pl->ops[i];
		size_t j = i;
		for (; j > 0 && pl->ops[j - 1].line > o.line; j--)
			pl->ops[j] = pl->ops[j - 1];
		pl->ops[j] = o;
	}
}

void conf_plan_release(struct conf_plan *pl)
{
	for (size_t i = 0; i < pl->nops; i++)
		free(pl->ops[i].text);
	free(pl->ops);
	pl->ops = NULL;
	pl->nops = 0;
}

/* The new line with the indentation of line i (or none) and '#' when commented. */
static char *indented(const struct survey *sv, long i, bool comment, const char *line)
{
	const char *s = kept_text(sv, i);
	int ind = 0;

	if (i >= 0 && i == sv->last_top && !s)
		s = sv->top_indent;
	else if (i >= 0 && i == sv->dso_last && !s)
		s = sv->dso_indent;
	while (s && is_space(s[ind]))
		ind++;
	return xasprintf("%.*s%.*s%s", ind, s ? s : "", comment, &sv->comment, line);
}

static bool same_line(const struct survey *sv, long i, const char *text)
{
	const char *s = kept_text(sv, i);
	return s && strcmp(s, text) == 0;
}

/* Where a new line goes when the module has none: returns the line to insert before. */
static size_t insert_point(const struct survey *sv, const struct conf_edit *e, long *indent_from,
			   struct conf_result *res)
{
	bool home = e->syn && e->syn->section;

	if (home && sv->dso_open >= 0) {
		*indent_from = sv->dso_last >= 0 ? sv->dso_last : -1;
		if (sv->keep_dso >= 0)
			return (size_t)sv->keep_dso;
		return (size_t)(sv->dso_last >= 0 ? sv->dso_last_end + 1 : sv->dso_close);
	}
	/* Top-level module lines (Debian's ProFTPD modules.conf) are where a new one goes. */
	if (sv->last_top >= 0) {
		*indent_from = sv->last_top;
		if (sv->keep_top >= 0)
			return (size_t)sv->keep_top;
		/* After the whole directive: inside a '\' continuation it would join it. */
		return (size_t)sv->last_top_end + 1;
	}
	*indent_from = -1;
	/* As apxs: after the section that holds the last LoadModule, outside any section. */
	if (!home && sv->nested_close >= 0)
		return (size_t)sv->nested_close + 1;
	if (!home && sv->first_section >= 0) {
		res->where = xasprintf("before the first section, line %ld", sv->first_section + 1);
		return (size_t)sv->first_section;
	}
	res->where = xasprintf("at the end, line %zu", sv->n + 1 + (size_t)home);
	return sv->n;
}

/* Add the new line (in a new home section when there is none) before line at. */
static void plan_insert_lines(const struct survey *sv, const struct conf_edit *e,
			      struct conf_plan *pl, struct conf_result *res, size_t at, long from)
{
	bool comment = e->action == CONF_COMMENTED, home = e->syn && e->syn->section;

	if (home && sv->dso_open < 0 && from < 0) {
		const char *arg = e->syn->section_arg;
		plan_add(pl, at, OP_INSERT,
			 xasprintf("<%s%s%s>", e->syn->section, arg ? " " : "", arg ? arg : ""));
		plan_add(pl, at, OP_INSERT, xasprintf("  %.*s%s", comment, &sv->comment, e->line));
		plan_add(pl, at, OP_INSERT, xasprintf("</%s>", e->syn->section));
		res->line = (int)at + 2;
		return;
	}
	char *text = indented(sv, from, comment, e->line);
	if (home && from < 0) {
		char *more = xasprintf("  %s", text);
		free(text);
		text = more;
	}
	plan_add(pl, at, OP_INSERT, text);
	res->line = (int)at + 1;
}

static void plan_insert(const struct survey *sv, const struct conf_edit *e, struct conf_plan *pl,
			struct conf_result *res)
{
	long from;
	size_t at = insert_point(sv, e, &from, res);
	/* An empty line ends a '\' continuation the text ends in, as it does for the server. */
	bool blank = at == sv->n && sv->ends_continued;

	if (blank)
		plan_add(pl, at, OP_INSERT, xstrdup(""));
	plan_insert_lines(sv, e, pl, res, at, from);
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
static void plan_drop_rest(const struct survey *sv, long at, struct conf_plan *pl)
{
	for (long i = at + 1; i <= span_end(sv, at); i++)
		plan_add(pl, (size_t)i, OP_DELETE, NULL);
}

/* Is kept line i a commented-out line? */
static bool kept_commented(const struct survey *sv, long i)
{
	const char *s = kept_text(sv, i);
	while (s && is_space(*s))
		s++;
	return s && *s == sv->comment;
}

/*
 * Comment out every active line of the module after line after, each line
 * of a continued directive included, so none of it stays active. Sets
 * *first (when given and 0) to the first line changed, from 1.
 */
static void comment_matches(const struct survey *sv, struct conf_plan *pl, long after, int *first)
{
	for (size_t k = 0; k < sv->nmatches; k++) {
		if (sv->matches[k] <= after || kept_commented(sv, sv->matches[k]))
			continue;
		for (long i = sv->matches[k]; i <= sv->ends[k]; i++) {
			const char *s = kept_text(sv, i);
			size_t ind = 0;
			while (is_space(s[ind]))
				ind++;
			plan_add(pl, (size_t)i, OP_REPLACE,
				 xasprintf("%.*s%c%s", (int)ind, s, sv->comment, s + ind));
		}
		if (first && !*first)
			*first = (int)sv->matches[k] + 1;
	}
}

/* -a / -A: replace the module's line (the active one first) or insert one. */
static void plan_set(const struct survey *sv, const struct conf_edit *e, struct conf_plan *pl,
		     struct conf_result *res)
{
	long at = sv->active >= 0 ? sv->active : sv->commented;

	/* With no active line, a commented line already as asked is the one to keep. */
	for (size_t k = 0; sv->active < 0 && k < sv->nmatches; k++) {
		char *want = indented(sv, sv->matches[k], e->action == CONF_COMMENTED, e->line);
		bool same = same_line(sv, sv->matches[k], want);
		free(want);
		if (same) {
			at = sv->matches[k];
			break;
		}
	}
	if (at < 0) {
		plan_insert(sv, e, pl, res);
		return;
	}
	char *text = indented(sv, at, e->action == CONF_COMMENTED, e->line);
	res->line = (int)at + 1;
	if (same_line(sv, at, text)) {
		free(text);
		return;
	}
	plan_add(pl, (size_t)at, OP_REPLACE, text);
	plan_drop_rest(sv, at, pl);
	/* -A leaves the module inactive: a second active line of it would load it anyway. */
	if (e->action == CONF_COMMENTED)
		comment_matches(sv, pl, span_end(sv, at), NULL);
}

/* The first pass over r, and the plan of the edit. */
static int plan_from(struct reader *r, const struct conf_edit *e, struct conf_plan *pl,
		     struct conf_result *res)
{
	struct survey sv;
	int rc;

	memset(res, 0, sizeof(*res));
	memset(pl, 0, sizeof(*pl));
	rc = survey_text(r, e->key, &sv);
	pl->lines = sv.n;
	pl->crlf = sv.crlf;
	pl->ended = sv.ended;
	if (rc)
		goto out;
	res->found = sv.nmatches > 0;
	if (e->action == CONF_ACTIVATE || e->action == CONF_COMMENTED)
		plan_set(&sv, e, pl, res);
	else if (e->action == CONF_DEACTIVATE)
		comment_matches(&sv, pl, -1, &res->line);
	else
		for (size_t k = 0; k < sv.nmatches; k++)
			for (long i = sv.matches[k]; i <= sv.ends[k]; i++)
				plan_add(pl, (size_t)i, OP_DELETE, NULL);
	plan_sort(pl);
	res->changed = pl->nops > 0;
out:
	survey_release(&sv);
	return rc;
}

int conf_plan_fd(struct msgs *msgs, const char *file, int fd, const struct conf_edit *e,
		 struct conf_plan *pl, struct conf_result *res)
{
	struct reader r;
	int rc;

	reader_init(&r, msgs, e->syn, file, fd, NULL, 0);
	rc = plan_from(&r, e, pl, res);
	reader_release(&r);
	return rc;
}

/* Where the second pass writes: a file descriptor, through a buffer, or memory. */
struct writer {
	int fd;
	struct buf *mem;
	struct buf pending;
	int err; /* errno of the first failed write */
};

static void writer_put(struct writer *w, const char *s, size_t n)
{
	if (w->mem) {
		buf_add(w->mem, s, n);
		return;
	}
	buf_add(&w->pending, s, n);
	if (w->pending.len >= 65536 && !w->err) {
		if (file_write_all(w->fd, w->pending.s, w->pending.len) != 0)
			w->err = errno ? errno : EIO;
		w->pending.len = 0;
	}
}

static int writer_finish(struct writer *w)
{
	if (!w->mem && !w->err && w->pending.len &&
	    file_write_all(w->fd, w->pending.s, w->pending.len) != 0)
		w->err = errno ? errno : EIO;
	buf_release(&w->pending);
	errno = w->err;
	return w->err ? -1 : 0;
}

/* The ops at line i, written: inserts before it; a replace or delete stands for it. */
static bool render_ops(const struct conf_plan *pl, size_t *k, size_t i, struct writer *w,
		       bool *ended, const char *eol, const char *line_eol)
{
	bool skip = false;

	for (; *k < pl->nops && pl->ops[*k].line == i; (*k)++) {
		const struct conf_op *o = &pl->ops[*k];
		if (o->kind == OP_INSERT) {
			if (i == pl->lines && !*ended)
				writer_put(w, eol, strlen(eol));
			*ended = true;
			writer_put(w, o->text, strlen(o->text));
			writer_put(w, eol, strlen(eol));
			continue;
		}
		skip = true;
		if (o->kind == OP_REPLACE) {
			writer_put(w, o->text, strlen(o->text));
			writer_put(w, line_eol, strlen(line_eol));
		}
	}
	return skip;
}

/* The second pass: copy r to w with the plan's changes. */
static int render(struct reader *r, const struct conf_plan *pl, struct writer *w)
{
	const char *eol = pl->crlf ? "\r\n" : "\n";
	bool ended = pl->ended;
	size_t k = 0, i = 0;
	int got;

	while ((got = reader_next(r)) > 0) {
		if (!render_ops(pl, &k, i, w, &ended, eol, r->eol)) {
			writer_put(w, r->line.s, r->line.len);
			writer_put(w, r->eol, strlen(r->eol));
		}
		i++;
	}
	render_ops(pl, &k, i, w, &ended, eol, "");
	if (got < 0 || i != pl->lines) {
		writer_finish(w);
		errno = got < 0 ? errno : EAGAIN;
		return -1;
	}
	return writer_finish(w);
}

/* Stream the text of fd in, with the plan applied, into w. */
static int render_from(struct msgs *msgs, const char *file, const struct conf_plan *pl, int in,
		       struct writer *w)
{
	struct reader r;
	int rc;

	if (lseek(in, 0, SEEK_SET) != 0)
		return -1;
	reader_init(&r, msgs, NULL, file, in, NULL, 0);
	rc = render(&r, pl, w);
	reader_release(&r);
	return rc;
}

int conf_render_fd(struct msgs *msgs, const char *file, const struct conf_plan *pl, int in, int out)
{
	struct writer w = {out, NULL, BUF_INIT, 0};
	return render_from(msgs, file, pl, in, &w);
}

int conf_render_buf(struct msgs *msgs, const char *file, const struct conf_plan *pl, int in,
		    struct buf *out)
{
	struct writer w = {-1, out, BUF_INIT, 0};
	return render_from(msgs, file, pl, in, &w);
}

int conf_apply(struct msgs *msgs, const char *file, const char *text, size_t len,
	       const struct conf_edit *e, struct buf *out, struct conf_result *res)
{
	struct conf_plan pl;
	struct reader r;
	int rc;

	reader_init(&r, msgs, e->syn, file, -1, text, len);
	rc = plan_from(&r, e, &pl, res);
	reader_release(&r);
	if (!rc && res->changed) {
		struct writer w = {-1, out, BUF_INIT, 0};
		reader_init(&r, msgs, NULL, file, -1, text, len);
		if (render(&r, &pl, &w) != 0)
			rc = error(msgs, RC_CONF, "'%s': cannot apply the edit", file);
		reader_release(&r);
	}
	conf_plan_release(&pl);
	return rc;
}

void conf_result_release(struct conf_result *res)
{
	free(res->where);
	res->where = NULL;
}

/* Append a found line to v, n long. */
static void found_add(struct conf_module **v, size_t *n, const char *s, const struct parsed *p,
		      struct word key, struct word arg, size_t line)
{
	if (*n % 16 == 0)
		*v = xrealloc(*v, (*n + 16) * sizeof(**v));
	(*v)[(*n)++] = (struct conf_module){xstrndup(s + key.off, key.len),
					    xstrndup(s + arg.off, arg.len), !p->comment,
					    p->comment && p->spaced, (int)line};
}

/* Is word w one of names? */
static bool word_in(const char *s, struct word w, const struct strvec *names)
{
	for (size_t i = 0; i < names->n; i++)
		if (word_is(s, w, names->v[i]))
			return true;
	return false;
}

/*
 * One pass over r: each active directive of names (when not NULL) appended
 * to dirs (never NULL), the directive in key and its first argument in path; and each
 * module line, active or commented, to mods (when not NULL).
 */
static int collect(struct reader *r, const struct strvec *names, struct conf_module **dirs,
		   size_t *nd, struct conf_module **mods, size_t *nm)
{
	bool cont = false;
	int got;

	while ((got = reader_next(r)) > 0) {
		struct parsed p;
		const char *s = r->line.s;
		size_t pos = 0;
		reader_parse(r, cont, &p);
		cont = p.continues;
		if (p.kind == P_LOADMODULE && mods && nm)
			found_add(mods, nm, s, &p, p.key, p.arg, r->lineno);
		if (!names || p.kind != P_OTHER || p.comment)
			continue;
		struct word w = directive_word(s, &pos, r->line.len);
		if (!word_in(s, w, names))
			continue;
		/* A statement ends as the module line does: "include x.conf;" names x.conf. */
		struct word a = next_word(s, &pos, before_tail(s, pos, r->line.len, r->syn->tail));
		found_add(dirs, nd, s, &p, w, a, r->lineno);
	}
	return got < 0 ? RC_CONF : RC_OK;
}

/* Every LoadModule line r reads. */
static int scan(struct reader *r, struct conf_module **out, size_t *n)
{
	struct conf_module *none = NULL;
	size_t nnone = 0;

	*out = NULL;
	*n = 0;
	return collect(r, NULL, &none, &nnone, out, n);
}

void conf_scan(struct msgs *msgs, const struct conf_syntax *syn, const char *text, size_t len,
	       struct conf_module **out, size_t *n)
{
	struct reader r;

	reader_init(&r, msgs, syn, "config", -1, text, len);
	/* A NUL byte or an endless line ends the scan where it is. */
	r.quiet = true;
	scan(&r, out, n);
	reader_release(&r);
}

void conf_scan_release(struct conf_module *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(m[i].key);
		free(m[i].path);
	}
	free(m);
}

int conf_scan_file(struct msgs *msgs, const struct conf_syntax *syn, const char *path,
		   struct conf_module **out, size_t *n)
{
	struct reader r;
	int fd = file_open_regular(path), rc;

	*out = NULL;
	*n = 0;
	if (fd < 0)
		return -1;
	reader_init(&r, msgs, syn, path, fd, NULL, 0);
	rc = scan(&r, out, n);
	reader_release(&r);
	close(fd);
	return rc;
}

/* Every active directive of names that r reads. */
static int find(struct reader *r, const struct strvec *names, struct conf_module **out, size_t *n)
{
	return collect(r, names, out, n, NULL, NULL);
}

int conf_collect_file(struct msgs *msgs, const struct conf_syntax *syn, const char *path,
		      const struct strvec *names, struct conf_module **dirs, size_t *nd,
		      struct conf_module **mods, size_t *nm)
{
	struct reader r;
	int fd = file_open_regular(path), rc;

	*dirs = NULL;
	*nd = 0;
	if (mods) {
		*mods = NULL;
		*nm = 0;
	}
	if (fd < 0)
		return -1;
	reader_init(&r, msgs, syn, path, fd, NULL, 0);
	rc = collect(&r, names, dirs, nd, mods, nm);
	reader_release(&r);
	close(fd);
	return rc;
}

int conf_find_file(struct msgs *msgs, const struct conf_syntax *syn, const char *path,
		   const struct strvec *names, struct conf_module **out, size_t *n)
{
	struct reader r;
	int fd = file_open_regular(path), rc;

	*out = NULL;
	*n = 0;
	if (fd < 0)
		return -1;
	reader_init(&r, msgs, syn, path, fd, NULL, 0);
	rc = find(&r, names, out, n);
	reader_release(&r);
	close(fd);
	return rc;
}

/* The argument of the last active directive name that r reads. */
static char *directive(struct reader *r, const char *name)
{
	struct strvec names = STRVEC_INIT;
	struct conf_module *m = NULL;
	char *found = NULL;
	size_t n = 0;

	strvec_push(&names, name);
	find(r, &names, &m, &n);
	for (size_t i = 0; i < n; i++) {
		free(m[i].key);
		free(found);
		found = m[i].path;
	}
	free(m);
	strvec_release(&names);
	return found;
}

char *conf_directive(struct msgs *msgs, const struct conf_syntax *syn, const char *text, size_t len,
		     const char *name)
{
	struct reader r;
	char *found;

	reader_init(&r, msgs, syn, "config", -1, text, len);
	r.quiet = true;
	found = directive(&r, name);
	reader_release(&r);
	return found;
}

char *conf_directive_file(struct msgs *msgs, const struct conf_syntax *syn, const char *path,
			  const char *name)
{
	struct reader r;
	int fd = file_open_regular(path);
	char *found;

	if (fd < 0)
		return NULL;
	reader_init(&r, msgs, syn, path, fd, NULL, 0);
	r.quiet = true;
	found = directive(&r, name);
	reader_release(&r);
	close(fd);
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
