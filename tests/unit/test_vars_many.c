/* test_vars_many.c: a table of thousands of variables, as the name index sees it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "vars.h"

enum { N = 5000 };

/* Every name defined once is found, in definition order, through every regrowth. */
static void test_define_and_find(struct vars *t)
{
	char name[32], raw[32];

	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "VAR_%d", i);
		snprintf(raw, sizeof(raw), "v%d", i);
		vars_set(t, name, raw, VAR_HOST);
	}
	CHECK(t->n == N);
	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "VAR_%d", i);
		struct var *v = vars_find(t, name);
		CHECK(v == &t->v[i]);
	}
	CHECK(vars_find(t, "VAR_") == NULL);
	CHECK(vars_find(t, "VAR_5000") == NULL);
	CHECK(vars_find(t, "VAR_49999") == NULL);
}

/* Redefining keeps the position and the count, and the new value wins. */
static void test_redefine(struct vars *t)
{
	char name[32];

	for (int i = 0; i < N; i += 2) {
		snprintf(name, sizeof(name), "VAR_%d", i);
		vars_set(t, name, "again", VAR_OVERRIDE);
	}
	CHECK(t->n == N);
	CHECK_STR(vars_get(t, "VAR_0", NULL), "again");
	CHECK_STR(vars_get(t, "VAR_1", NULL), "v1");
	CHECK_STR(vars_get(t, "VAR_4998", NULL), "again");
	CHECK(vars_find(t, "VAR_4998") == &t->v[4998]);
}

/* A value cached before a redefinition is recomputed after it. */
static void test_cache_forgotten(struct vars *t)
{
	vars_set(t, "BASE", "one", VAR_HOST);
	vars_set(t, "USE", "$(BASE)-x", VAR_HOST);
	CHECK_STR(vars_get(t, "USE", NULL), "one-x");
	vars_set(t, "BASE", "two", VAR_HOST);
	CHECK_STR(vars_get(t, "USE", NULL), "two-x");
}

/* The lowercase fallback goes through the index too. */
static void test_lowercase(struct vars *t)
{
	vars_set(t, "libexecdir", "/mods", VAR_HOST);
	CHECK_STR(vars_get(t, "LIBEXECDIR", NULL), "/mods");
}

/*
 * A name is not found by a longer one that starts with it. Sixty names
 * share each prefix, so the index's probe chains are long enough that
 * a lookup of the bare prefix meets them.
 */
static void test_prefix_is_not_a_match(void)
{
	char name[32];

	for (char c = 'a'; c <= 'z'; c++) {
		struct vars t = VARS_INIT;
		for (int i = 0; i < 60; i++) {
			snprintf(name, sizeof(name), "%c%d", c, i);
			vars_set(&t, name, "x", VAR_HOST);
		}
		snprintf(name, sizeof(name), "%c", c);
		CHECK(vars_find(&t, name) == NULL);
		vars_release(&t);
	}
}

int main(void)
{
	struct vars t = VARS_INIT;

	test_define_and_find(&t);
	test_redefine(&t);
	test_cache_forgotten(&t);
	test_lowercase(&t);
	test_prefix_is_not_a_match();
	vars_release(&t);
	CHECK(t.n == 0 && vars_find(&t, "VAR_1") == NULL);
	return check_status("test_vars_many");
}
