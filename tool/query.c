/* query.c: -q in apxs's formats, and as JSON. */
#include "query.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "persona.h"

/* Names apxs answers from its own code; it never lists them with -q alone. */
static bool apxs_internal(const char *name)
{
	static const char *const names[] = {"TARGET", "CFLAGS_SHLIB", "LD_SHLIB", "LDFLAGS_SHLIB",
					    "LIBS_SHLIB"};
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

/* apxs prints only what its build-variables file holds, unexpanded. */
static bool listed(const struct ctx *c, const struct var *v)
{
	if (c->o->persona == PERSONA_APXS)
		return (v->origin == VAR_HOST && !apxs_internal(v->name)) ||
		       v->origin == VAR_OVERRIDE;
	return true;
}

static const char *shown(struct ctx *c, struct var *v)
{
	if (c->o->persona == PERSONA_APXS)
		return v->raw;
	const char *val = vars_get(&c->vars, v->name, NULL);
	return val ? val : v->raw;
}

/*
 * apxs sorts by uc($a) cmp uc($b): uppercase bytes, so '_' sorts after
 * the letters. Exact order breaks ties, so the listing is stable.
 */
static int cmp_name(const void *a, const void *b)
{
	const struct var *x = *(const struct var *const *)a, *y = *(const struct var *const *)b;
	const unsigned char *p = (const unsigned char *)x->name,
			    *q = (const unsigned char *)y->name;

	while (*p && toupper(*p) == toupper(*q))
		p++, q++;
	if (toupper(*p) != toupper(*q))
		return toupper(*p) - toupper(*q);
	return strcmp(x->name, y->name);
}

static int print_json(struct ctx *c, cJSON *obj)
{
	char *s = cJSON_PrintUnformatted(obj);
	int rc = RC_OK;

	if (!s || puts(s) == EOF)
		rc = error(RC_INTERNAL, "cannot write the JSON document");
	free(s);
	cJSON_Delete(obj);
	(void)c;
	return rc;
}

static int list_all(struct ctx *c)
{
	struct var **vs = xcalloc(c->vars.n, sizeof(*vs));
	size_t n = 0, width = 0;

	for (size_t i = 0; i < c->vars.n; i++)
		if (listed(c, &c->vars.v[i]))
			vs[n++] = &c->vars.v[i];
	if (c->o->verbose || c->o->json)
		qsort(vs, n, sizeof(*vs), cmp_name);
	for (size_t i = 0; i < n; i++)
		if (strlen(vs[i]->name) > width)
			width = strlen(vs[i]->name);
	if (c->o->json) {
		cJSON *obj = cJSON_CreateObject();
		for (size_t i = 0; i < n; i++)
			cJSON_AddStringToObject(obj, vs[i]->name, shown(c, vs[i]));
		free(vs);
		return print_json(c, obj);
	}
	for (size_t i = 0; i < n; i++) {
		if (c->o->verbose)
			printf("%-*s = %s\n", (int)width, vs[i]->name, shown(c, vs[i]));
		else
			printf("%s=%s\n", vs[i]->name, shown(c, vs[i]));
	}
	free(vs);
	return RC_OK;
}

static int lookup(struct ctx *c, const char *name, const char **out)
{
	char *err = NULL;

	*out = vars_get(&c->vars, name, &err);
	if (*out)
		return RC_OK;
	if (err) {
		int rc = error(RC_DATA, "'%s': %s", c->host.file, err);
		free(err);
		return rc;
	}
	return error(RC_USAGE, "invalid query string '%s'", name);
}

int query_run(struct ctx *c)
{
	const struct strvec *names = &c->o->args;
	const char *val;
	int rc;

	if (persona_owns_query(c->o))
		return persona_query(c);
	if (!names->n)
		return list_all(c);
	if (c->o->json) {
		cJSON *obj = cJSON_CreateObject();
		for (size_t i = 0; i < names->n; i++) {
			if ((rc = lookup(c, names->v[i], &val))) {
				cJSON_Delete(obj);
				return rc;
			}
			cJSON_AddStringToObject(obj, names->v[i], val);
		}
		return print_json(c, obj);
	}
	struct buf out = BUF_INIT;
	for (size_t i = 0; i < names->n; i++) {
		if ((rc = lookup(c, names->v[i], &val))) {
			buf_release(&out);
			return rc;
		}
		buf_printf(&out, "%s%s", i ? ";;" : "", val);
	}
	buf_putc(&out, '\n');
	fwrite(out.s, 1, out.len, stdout);
	buf_release(&out);
	return RC_OK;
}
