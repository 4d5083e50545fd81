/* vars.c: variables with make-style expansion, evaluated lazily. */
#include "vars.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/*
 * Deep enough for any real file (config_vars.mk chains four deep), shallow
 * enough that even a sanitizer build never exhausts the stack.
 */
#define MAX_DEPTH 1000
/* No flag string comes near this; a profile that does is a runaway. */
#define MAX_VALUE (1u << 20)

/* FNV-1a of the first len bytes of name: the slot a name starts probing at. */
static size_t hash(const char *name, size_t len)
{
	size_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)name[i]) * 16777619u;
	return h;
}

/*
 * An open-addressing index over t->v, so that loading a profile, which
 * looks up every name it defines, stays linear in its size.
 */
static struct var *find_exact(struct vars *t, const char *name, size_t len)
{
	if (!t->nslot)
		return NULL;
	for (size_t i = hash(name, len) & (t->nslot - 1);; i = (i + 1) & (t->nslot - 1)) {
		if (!t->slot[i])
			return NULL;
		const char *s = t->v[t->slot[i] - 1].name;
		if (strncmp(s, name, len) == 0 && s[len] == '\0')
			return &t->v[t->slot[i] - 1];
	}
}

/* Put entry k of t->v in the index, which has room. */
static void index_add(struct vars *t, size_t k)
{
	const char *name = t->v[k].name;
	size_t i = hash(name, strlen(name)) & (t->nslot - 1);

	while (t->slot[i])
		i = (i + 1) & (t->nslot - 1);
	t->slot[i] = k + 1;
}

/*
 * Keep the index at most half full: when t->v has outgrown it, rebuild it
 * from every entry and return true; otherwise return false.
 */
static bool index_grow(struct vars *t)
{
	if (2 * t->n <= t->nslot)
		return false;
	free(t->slot);
	t->nslot = t->nslot ? 2 * t->nslot : 128;
	t->slot = xcalloc(t->nslot, sizeof(*t->slot));
	for (size_t k = 0; k < t->n; k++)
		index_add(t, k);
	return true;
}

static void forget_values(struct vars *t)
{
	/* Nothing to forget while a profile loads: keeps loading linear. */
	if (!t->cached)
		return;
	t->cached = false;
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].value);
		t->v[i].value = NULL;
	}
}

void vars_set(struct vars *t, const char *name, const char *raw, enum var_origin origin)
{
	struct var *v = find_exact(t, name, strlen(name));

	forget_values(t);
	if (!v) {
		if (t->n == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 64;
			t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
		}
		v = &t->v[t->n++];
		v->name = xstrdup(name);
		v->value = NULL;
		v->busy = false;
		if (!index_grow(t))
			index_add(t, t->n - 1);
	} else {
		free(v->raw);
	}
	v->raw = xstrdup(raw);
	v->origin = origin;
}

static struct var *find_len(struct vars *t, const char *name, size_t len)
{
	struct var *v = find_exact(t, name, len);
	if (v)
		return v;
	char *lower = xstrndup(name, len);
	for (char *p = lower; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	v = find_exact(t, lower, len);
	free(lower);
	return v;
}

struct var *vars_find(struct vars *t, const char *name)
{
	return find_len(t, name, strlen(name));
}

static bool expand_into(struct vars *t, const char *s, struct buf *out, int depth, char **err);

static bool value_of(struct vars *t, struct var *v, int depth, char **err)
{
	if (v->value)
		return true;
	if (v->origin == VAR_OVERRIDE) {
		v->value = xstrdup(v->raw);
		t->cached = true;
		return true;
	}
	if (v->busy || depth > MAX_DEPTH) {
		if (err && v->busy)
			*err = xasprintf("variable '%s' refers to itself", v->name);
		else if (err)
			*err = xasprintf("variable '%s': references nest more than %d deep",
					 v->name, MAX_DEPTH);
		return false;
	}
	struct buf b = BUF_INIT;
	v->busy = true;
	bool ok = expand_into(t, v->raw, &b, depth + 1, err);
	v->busy = false;
	if (!ok) {
		buf_release(&b);
		return false;
	}
	v->value = buf_detach(&b);
	t->cached = true;
	return true;
}

/* Length of the reference body after "$(" or "${", honouring nesting. */
static const char *ref_end(const char *p, char close)
{
	char open = close == ')' ? '(' : '{';
	int level = 1;

	for (; *p; p++) {
		if (*p == open)
			level++;
		else if (*p == close && --level == 0)
			return p;
	}
	return NULL;
}

/* Append the value of the variable named exactly name[0..len), if any. */
static bool append_var(struct vars *t, const char *name, size_t len, struct buf *out, int depth,
		       char **err)
{
	struct var *v = find_len(t, name, len);

	if (!v)
		return true;
	if (!value_of(t, v, depth, err))
		return false;
	buf_puts(out, v->value);
	return true;
}

static bool expand_ref(struct vars *t, const char *name, size_t len, struct buf *out, int depth,
		       char **err)
{
	/*
	 * A nested reference in the name, as in $(foo_$(bar)), is expanded
	 * once and the result used as a name, as make does. Expanding that
	 * result again would let a value rebuild references at every level
	 * and grow exponentially.
	 */
	if (memchr(name, '$', len)) {
		char *inner = xstrndup(name, len);
		struct buf nb = BUF_INIT;
		bool ok = expand_into(t, inner, &nb, depth + 1, err);
		free(inner);
		if (ok)
			ok = append_var(t, nb.s ? nb.s : "", nb.len, out, depth + 1, err);
		buf_release(&nb);
		return ok;
	}
	return append_var(t, name, len, out, depth, err);
}

/* Checked as values grow, so a doubling chain stops at once, not at out of memory. */
static bool too_long(const struct buf *out, char **err)
{
	if (out->len <= MAX_VALUE)
		return false;
	if (err)
		*err = xasprintf("expansion grows beyond %u bytes", MAX_VALUE);
	return true;
}

static bool expand_into(struct vars *t, const char *s, struct buf *out, int depth, char **err)
{
	if (depth > MAX_DEPTH) {
		if (err)
			*err = xstrdup("variables nest too deeply");
		return false;
	}
	while (*s) {
		if (too_long(out, err))
			return false;
		const char *dollar = strchr(s, '$');
		if (!dollar) {
			buf_puts(out, s);
			break;
		}
		buf_add(out, s, (size_t)(dollar - s));
		char c = dollar[1];
		if (c == '$') {
			buf_putc(out, '$');
			s = dollar + 2;
		} else if (c == '(' || c == '{') {
			const char *end = ref_end(dollar + 2, c == '(' ? ')' : '}');
			if (!end) {
				if (err)
					*err = xasprintf("unterminated reference '%.40s'", dollar);
				return false;
			}
			if (!expand_ref(t, dollar + 2, (size_t)(end - dollar - 2), out, depth, err))
				return false;
			s = end + 1;
		} else if (c == '\0') {
			buf_putc(out, '$');
			s = dollar + 1;
		} else {
			/* make's one-letter form: $X */
			if (!expand_ref(t, dollar + 1, 1, out, depth, err))
				return false;
			s = dollar + 2;
		}
	}
	return !too_long(out, err);
}

const char *vars_get(struct vars *t, const char *name, char **err)
{
	struct var *v = vars_find(t, name);

	if (!v || !value_of(t, v, 0, err))
		return NULL;
	return v->value;
}

char *vars_expand(struct vars *t, const char *s, char **err)
{
	struct buf b = BUF_INIT;

	if (!expand_into(t, s, &b, 0, err)) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

bool vars_override(struct vars *t, const char *assignment, char **err)
{
	const char *eq = strchr(assignment, '=');

	if (!eq || eq == assignment) {
		*err = xasprintf("malformed -S '%s': expected VAR=VALUE", assignment);
		return false;
	}
	char *name = xstrndup(assignment, (size_t)(eq - assignment));
	struct var *v = vars_find(t, name);
	if (!v) {
		*err = xasprintf("no config variable '%s'", name);
		free(name);
		return false;
	}
	/*
	 * Override the variable the name finds, so that -S PREFIX=/x also moves
	 * Apache's directories, which are defined from its lowercase prefix.
	 */
	vars_set(t, v->name, eq + 1, VAR_OVERRIDE);
	free(name);
	return true;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Define the line [s, e) when it is an assignment; true if it was. */
static bool read_make_line(struct vars *t, const char *s, const char *e, enum var_origin origin)
{
	const char *eq, *name_end;

	while (s < e && is_blank(*s))
		s++;
	if (s == e || *s == '#' || !(eq = memchr(s, '=', (size_t)(e - s))))
		return false;
	for (name_end = eq; name_end > s && is_blank(name_end[-1]);)
		name_end--;
	if (name_end == s)
		return false;
	for (eq++; eq < e && is_blank(*eq);)
		eq++;
	char *name = xstrndup(s, (size_t)(name_end - s)), *raw = xstrndup(eq, (size_t)(e - eq));
	vars_set(t, name, raw, origin);
	free(name);
	free(raw);
	return true;
}

size_t vars_read_make(struct vars *t, const char *text, size_t len, enum var_origin origin)
{
	struct buf line = BUF_INIT;
	size_t n = 0;

	for (size_t i = 0; i <= len; i++) {
		if (i < len && text[i] != '\n') {
			/* CRLF files, and a stray CR anywhere, read as the plain text (as CMake did). */
			if (text[i] != '\r' && text[i] != '\0')
				buf_putc(&line, text[i]);
			continue;
		}
		if (line.len)
			n += read_make_line(t, line.s, line.s + line.len, origin);
		line.len = 0;
	}
	buf_release(&line);
	return n;
}

void vars_release(struct vars *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].name);
		free(t->v[i].raw);
		free(t->v[i].value);
	}
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
	t->cached = false;
	free(t->slot);
	t->slot = NULL;
	t->nslot = 0;
}
