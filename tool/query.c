/* query.c: -q in apxs's formats and as JSON, one path for every persona. */
#include "query.h"

#include "json.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "persona.h"

/*
 * How a persona answers -q. apxs lists only its build file's variables,
 * as written, and looks names up as its Perl get_vars does, on the file
 * as recorded; --json is modxs's own format, so it keeps apxs's listing
 * but looks names up as modxs does.
 */
static const struct query_style {
	bool file_vars; /* list the host file's variables (and -S), unexpanded */
	bool perl;	/* apxs's get_vars lookup, and -S unseen in the report */
} styles[] = {
	[PERSONA_MODXS] = {false, false},
	[PERSONA_APXS] = {true, true},
	[PERSONA_PRXS] = {false, false},
};

void query_answers_add(struct query_answers *a, const char *name, char *value)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 16;
		a->v = xrealloc(a->v, a->cap * sizeof(*a->v));
	}
	a->v[a->n].name = name;
	a->v[a->n].value = value;
	a->n++;
}

/*
 * apxs sorts by uc($a) cmp uc($b): uppercase bytes, so '_' sorts after
 * the letters. Byte order breaks ties, so the listing does not depend on
 * the order the variables were recorded in.
 */
static int cmp_answer(const void *a, const void *b)
{
	const struct query_answer *x = a, *y = b;
	const unsigned char *p = (const unsigned char *)x->name,
			    *q = (const unsigned char *)y->name;

	while (*p && toupper(*p) == toupper(*q))
		p++, q++;
	if (toupper(*p) != toupper(*q))
		return toupper(*p) - toupper(*q);
	return strcmp(x->name, y->name);
}

void query_answers_sort(struct query_answers *a)
{
	if (a->n)
		qsort(a->v, a->n, sizeof(*a->v), cmp_answer);
}

void query_answers_release(struct query_answers *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i].value);
	free(a->v);
	a->v = NULL;
	a->n = a->cap = 0;
}

static void print_json(const struct query_answers *a, struct buf *out)
{
	cJSON *obj = cJSON_CreateObject();
	char *s;

	for (size_t i = 0; i < a->n; i++)
		cJSON_AddStringToObject(obj, a->v[i].name, a->v[i].value);
	s = cJSON_PrintUnformatted(obj);
	buf_printf(out, "%s\n", s ? s : "");
	free(s);
	cJSON_Delete(obj);
}

static void print_aligned(const struct query_answers *a, struct buf *out)
{
	size_t width = 0;

	for (size_t i = 0; i < a->n; i++)
		if (strlen(a->v[i].name) > width)
			width = strlen(a->v[i].name);
	for (size_t i = 0; i < a->n; i++)
		buf_printf(out, "%-*s = %s\n", (int)width, a->v[i].name, a->v[i].value);
}

void query_render(const struct query_answers *a, enum query_format f, struct buf *out)
{
	switch (f) {
	case QUERY_JSON:
		print_json(a, out);
		break;
	case QUERY_ALIGNED:
		print_aligned(a, out);
		break;
	case QUERY_LINES:
		for (size_t i = 0; i < a->n; i++)
			buf_printf(out, "%s=%s\n", a->v[i].name, a->v[i].value);
		break;
	case QUERY_JOINED:
		/* Not buf_printf: this is all `-q NAME` prints, and printf's code would be paged in for it. */
		for (size_t i = 0; i < a->n; i++) {
			buf_puts(out, i ? QUERY_JOIN : "");
			buf_puts(out, a->v[i].value);
		}
		buf_puts(out, "\n");
		break;
	}
}

int query_print(struct msgs *msgs, const struct query_answers *a, enum query_format f)
{
	struct buf b = BUF_INIT;
	int rc = RC_OK;

	query_render(a, f, &b);
	/* Said here rather than at exit, where nothing would be left to flush. */
	if (msg_write(msgs, MSG_OUT, b.s, b.len) != 0)
		rc = error(msgs, RC_INTERNAL, "cannot write to standard output:");
	buf_release(&b);
	return rc;
}

/* -q alone: every variable the persona lists, sorted for -v and --json. */
static void list_all(const struct ctx *c, struct vars *t, const struct query_style *s,
		     struct query_answers *a)
{
	for (size_t i = 0; i < t->n; i++) {
		struct var *v = &t->v[i];
		if (s->file_vars && !apxs_file_var(v) && v->origin != VAR_OVERRIDE)
			continue;
		const char *val = s->file_vars ? NULL : vars_get(t, v->name, NULL);
		query_answers_add(a, v->name, xstrdup(val ? val : v->raw));
	}
	if (c->req->verbose || c->req->json)
		query_answers_sort(a);
}

/* modxs's lookup: every name must be known, and expand cleanly. */
static int lookup(const struct ctx *c, struct vars *t, struct query_answers *a)
{
	const struct strvec *names = &c->req->args;

	for (size_t i = 0; i < names->n; i++) {
		char *err = NULL;
		const char *val = vars_get(t, names->v[i], &err);
		if (val) {
			query_answers_add(a, names->v[i], xstrdup(val));
			continue;
		}
		if (!err)
			return error(c->msgs, RC_USAGE, "invalid query string '%s'", names->v[i]);
		int rc = error(c->msgs, RC_DATA, "'%s': %s", c->host.file, err);
		free(err);
		return rc;
	}
	return RC_OK;
}

/*
 * apxs's get_vars. Once one name is found, later unknown names are
 * skipped silently and apxs's own names are no longer consulted; scripts
 * depend on the exit status, so that is kept too.
 */
static int lookup_apxs(struct ctx *c, struct vars *t, struct query_answers *a)
{
	const struct strvec *names = &c->req->args;

	for (size_t i = 0; i < names->n; i++) {
		struct buf val = BUF_INIT;
		if (apxs_file_answer(t, names->v[i], &val) ||
		    (!a->n && apxs_internal_answer(c, t, names->v[i], &val))) {
			query_answers_add(a, names->v[i], buf_detach(&val));
			continue;
		}
		buf_release(&val);
		if (!a->n)
			return error(c->msgs, RC_USAGE, "invalid query string '%s'", names->v[i]);
	}
	return RC_OK;
}

static enum query_format format_of(const struct request *req)
{
	if (req->json)
		return QUERY_JSON;
	if (req->args.n)
		return QUERY_JOINED;
	return req->verbose ? QUERY_ALIGNED : QUERY_LINES;
}

/* Answer -q from the variables t, which are c's own or apxs's view of its file. */
static int answer(struct ctx *c, struct vars *t, const struct query_style *s)
{
	struct query_answers a = QUERY_ANSWERS_INIT;
	int rc = RC_OK;

	if (!c->req->args.n)
		list_all(c, t, s, &a);
	else if (s->perl)
		rc = lookup_apxs(c, t, &a);
	else
		rc = lookup(c, t, &a);
	if (!rc)
		rc = query_print(c->msgs, &a, format_of(c->req));
	query_answers_release(&a);
	return rc;
}

int query_run(struct ctx *c)
{
	struct query_style s = styles[c->req->persona];
	struct ctx file;
	int rc;

	if (c->req->json)
		s.perl = false;
	if (!s.perl || !c->req->sets.n)
		return answer(c, &c->vars, &s);
	rc = apxs_load(c, &file);
	if (!rc)
		rc = answer(c, &file.vars, &s);
	ctx_release(&file);
	return rc;
}
