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

static struct var *find_exact(struct vars *t, const char *name, size_t len)
{
	/*
	 * Loading a profile looks up every name it defines, so this runs n²
	 * times for n variables: test the first byte before anything longer.
	 */
	for (size_t i = 0; i < t->n; i++) {
		const char *s = t->v[i].name;
		if (s[0] == name[0] && strncmp(s, name, len) == 0 && s[len] == '\0')
			return &t->v[i];
	}
	return NULL;
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

static bool expand_ref(struct vars *t, const char *name, size_t len, struct buf *out, int depth,
		       char **err)
{
	/* A nested reference in the name, as in $(foo_$(bar)), is expanded first. */
	if (memchr(name, '$', len)) {
		char *inner = xstrndup(name, len);
		struct buf nb = BUF_INIT;
		bool ok = expand_into(t, inner, &nb, depth + 1, err);
		free(inner);
		if (ok)
			ok = expand_ref(t, nb.s ? nb.s : "", nb.len, out, depth + 1, err);
		buf_release(&nb);
		return ok;
	}
	struct var *v = find_len(t, name, len);
	if (!v)
		return true;
	if (!value_of(t, v, depth, err))
		return false;
	buf_puts(out, v->value);
	return true;
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
	/* Override the name as the user spelled it, so it wins the exact lookup. */
	vars_set(t, name, eq + 1, VAR_OVERRIDE);
	free(name);
	return true;
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
}
