/* test_vars.c: the variable table behind -q and -S, and its make-style expansion. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "vars.h"

/* Expand s and compare with want; NULL want means "must fail". */
static void expect(struct vars *t, const char *s, const char *want, int line)
{
	char *err = NULL;
	char *got = vars_expand(t, s, &err);

	if (want && (!got || strcmp(got, want) != 0)) {
		fprintf(stderr, "%s:%d: expand '%s': want '%s', got '%s' (%s)\n", __FILE__, line, s,
			want, got ? got : "(null)", err ? err : "no error");
		failures++;
	}
	if (!want && (got || !err)) {
		fprintf(stderr, "%s:%d: expand '%s': want an error, got '%s'\n", __FILE__, line, s,
			got ? got : "(null) without a message");
		failures++;
	}
	free(got);
	free(err);
}
#define EXPECT(t, s, want) expect(t, s, want, __LINE__)

static void test_forms(void)
{
	struct vars t = VARS_INIT;

	vars_set(&t, "PREFIX", "/usr", VAR_PLATFORM);
	vars_set(&t, "X", "x", VAR_PLATFORM);
	EXPECT(&t, "$(PREFIX)/lib", "/usr/lib");
	EXPECT(&t, "${PREFIX}/lib", "/usr/lib");
	EXPECT(&t, "$X-$(X)-${X}", "x-x-x");
	EXPECT(&t, "cost $$5 and $$(PREFIX)", "cost $5 and $(PREFIX)");
	EXPECT(&t, "trailing $", "trailing $");
	EXPECT(&t, "", "");
	EXPECT(&t, "no references", "no references");
	vars_release(&t);
}

static void test_undefined_is_empty(void)
{
	struct vars t = VARS_INIT;

	vars_set(&t, "A", "[$(NOPE)]", VAR_HOST);
	EXPECT(&t, "$(NOPE)", "");
	EXPECT(&t, "a$(NOPE)b${NOPE}c", "abc");
	CHECK(strcmp(vars_get(&t, "A", NULL), "[]") == 0);
	CHECK(vars_get(&t, "NOPE", NULL) == NULL);
	vars_release(&t);
}

/* Values are raw and expanded on use, so order of definition does not matter. */
static void test_nested_and_late_binding(void)
{
	struct vars t = VARS_INIT;

	vars_set(&t, "bindir", "${exec_prefix}/bin", VAR_HOST);
	vars_set(&t, "exec_prefix", "${prefix}/usr", VAR_HOST);
	vars_set(&t, "prefix", "", VAR_HOST);
	CHECK(strcmp(vars_get(&t, "bindir", NULL), "/usr/bin") == 0);
	/* A later definition replaces the value and what depends on it. */
	vars_set(&t, "prefix", "/opt", VAR_HOST);
	CHECK(strcmp(vars_get(&t, "bindir", NULL), "/opt/usr/bin") == 0);
	/* A reference whose name is itself computed. */
	vars_set(&t, "which", "exec", VAR_HOST);
	EXPECT(&t, "$($(which)_prefix)", "/opt/usr");
	EXPECT(&t, "$(${which}_prefix)", "/opt/usr");
	vars_release(&t);
}

static void test_lowercase_fallback(void)
{
	struct vars t = VARS_INIT;

	vars_set(&t, "libexecdir", "/usr/lib/apache2/modules", VAR_HOST);
	vars_set(&t, "CC", "gcc", VAR_HOST);
	vars_set(&t, "cc", "lower", VAR_HOST);
	CHECK(strcmp(vars_get(&t, "LIBEXECDIR", NULL), "/usr/lib/apache2/modules") == 0);
	CHECK(strcmp(vars_get(&t, "LibExecDir", NULL), "/usr/lib/apache2/modules") == 0);
	/* The exact name wins over the lowercase one. */
	CHECK(strcmp(vars_get(&t, "CC", NULL), "gcc") == 0);
	/* There is no uppercase fallback: apxs has none. */
	vars_set(&t, "ONLYUPPER", "u", VAR_HOST);
	CHECK(vars_get(&t, "onlyupper", NULL) == NULL);
	EXPECT(&t, "$(LIBEXECDIR)", "/usr/lib/apache2/modules");
	vars_release(&t);
}

static void test_cycles_are_errors(void)
{
	struct vars t = VARS_INIT;
	char *err = NULL;

	vars_set(&t, "SELF", "a $(SELF)", VAR_HOST);
	vars_set(&t, "A", "$(B)", VAR_HOST);
	vars_set(&t, "B", "${C}", VAR_HOST);
	vars_set(&t, "C", "$A", VAR_HOST);
	CHECK(vars_get(&t, "SELF", &err) == NULL);
	CHECK(err && strstr(err, "'SELF' refers to itself"));
	free(err);
	err = NULL;
	CHECK(vars_get(&t, "A", &err) == NULL);
	CHECK(err && strstr(err, "refers to itself"));
	free(err);
	EXPECT(&t, "x $(B) y", NULL);
	/* An error leaves the table usable: the cycle is still a cycle, not a crash. */
	vars_set(&t, "C", "end", VAR_HOST);
	CHECK(strcmp(vars_get(&t, "A", NULL), "end") == 0);
	/*
	 * A computed name is looked up as it stands, never expanded again:
	 * make prints '' for $($(LOOP)) here, as there is no variable named
	 * '$(LOOP)'. Expanding it again would loop, or grow at every level.
	 */
	vars_set(&t, "LOOP", "$$(LOOP)", VAR_HOST);
	EXPECT(&t, "$($(LOOP))", "");
	vars_release(&t);
}

static void test_unterminated(void)
{
	struct vars t = VARS_INIT;

	EXPECT(&t, "$(PREFIX", NULL);
	EXPECT(&t, "${PREFIX", NULL);
	EXPECT(&t, "$(A $(B)", NULL);
	vars_release(&t);
}

/* V0 -> V1 -> ... -> Vn: a long chain works; an absurd one is an error, not a crash. */
static void chain(struct vars *t, int n)
{
	char name[32], raw[32];

	for (int i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "V%d", i);
		snprintf(raw, sizeof(raw), "$(V%d)", i + 1);
		vars_set(t, name, raw, VAR_HOST);
	}
	snprintf(name, sizeof(name), "V%d", n);
	vars_set(t, name, "bottom", VAR_HOST);
}

static void test_deep_chains(void)
{
	struct vars t = VARS_INIT;
	char *err = NULL;

	chain(&t, 500);
	CHECK(vars_get(&t, "V0", &err) && strcmp(vars_get(&t, "V0", NULL), "bottom") == 0);
	free(err);
	vars_release(&t);

	err = NULL;
	chain(&t, 3000);
	CHECK(vars_get(&t, "V0", &err) == NULL);
	CHECK(err && strstr(err, "nest"));
	free(err);
	/* Once the deep end is known, the top resolves from there. */
	CHECK(vars_get(&t, "V2500", NULL) && strcmp(vars_get(&t, "V2500", NULL), "bottom") == 0);
	vars_release(&t);
}

/* Each level doubles: 64 levels would be 2^64 bytes. It must stop, not exhaust memory. */
static void test_runaway_growth(void)
{
	struct vars t = VARS_INIT;
	char name[32], raw[32];
	char *err = NULL;

	vars_set(&t, "D0", "0123456789abcdef", VAR_HOST);
	for (int i = 1; i <= 64; i++) {
		snprintf(name, sizeof(name), "D%d", i);
		snprintf(raw, sizeof(raw), "$(D%d)$(D%d)", i - 1, i - 1);
		vars_set(&t, name, raw, VAR_HOST);
	}
	CHECK(vars_get(&t, "D64", &err) == NULL);
	CHECK(err && strstr(err, "grows beyond"));
	free(err);
	CHECK(strlen(vars_get(&t, "D4", NULL)) == 256);
	vars_release(&t);
}

static void test_override(void)
{
	struct vars t = VARS_INIT;
	char *err = NULL;

	vars_set(&t, "libexecdir", "/usr/lib/mods", VAR_HOST);
	vars_set(&t, "MODDIR", "$(LIBEXECDIR)", VAR_HOST);
	CHECK(vars_override(&t, "LIBEXECDIR=/opt/$(X) mods", &err));
	/* An override is literal, and every reference to the name sees it. */
	CHECK(strcmp(vars_get(&t, "LIBEXECDIR", NULL), "/opt/$(X) mods") == 0);
	CHECK(strcmp(vars_get(&t, "MODDIR", NULL), "/opt/$(X) mods") == 0);
	/* The lowercase variable the name found is what changed. */
	CHECK(strcmp(vars_get(&t, "libexecdir", NULL), "/opt/$(X) mods") == 0);
	CHECK(t.n == 2);
	CHECK(vars_override(&t, "MODDIR=", &err));
	CHECK(strcmp(vars_get(&t, "MODDIR", NULL), "") == 0);
	CHECK(vars_override(&t, "MODDIR=a=b", &err));
	CHECK(strcmp(vars_get(&t, "MODDIR", NULL), "a=b") == 0);

	CHECK(!vars_override(&t, "LIBEXECDIR", &err));
	CHECK(err && strstr(err, "malformed -S 'LIBEXECDIR'"));
	free(err);
	err = NULL;
	CHECK(!vars_override(&t, "=x", &err));
	CHECK(err && strstr(err, "malformed"));
	free(err);
	err = NULL;
	CHECK(!vars_override(&t, "NOPE=1", &err));
	CHECK(err && strcmp(err, "no config variable 'NOPE'") == 0);
	free(err);
	vars_release(&t);
}

static void test_order_and_replace(void)
{
	struct vars t = VARS_INIT;

	vars_set(&t, "progname", "first", VAR_HOST);
	vars_set(&t, "OTHER", "o", VAR_HOST);
	vars_set(&t, "progname", "apache2", VAR_HOST);
	CHECK(t.n == 2);
	CHECK(strcmp(t.v[0].name, "progname") == 0);
	CHECK(strcmp(vars_get(&t, "progname", NULL), "apache2") == 0);
	CHECK(vars_find(&t, "PROGNAME") == &t.v[0]);
	vars_release(&t);
	CHECK(t.n == 0 && t.v == NULL);
}

/* config_vars.mk as apxs reads it: the name before the first '=', the value verbatim after its blanks. */
static void test_read_make(void)
{
	static const char mk[] = "prefix = /opt/ap\n"
				 "  # comment = no\n"
				 "no assignment\n"
				 "= nameless\n"
				 "  a b  =  v  \r\n"
				 "EQ = x=y\n"
				 "EMPTY =\n"
				 "prefix = /srv";
	struct vars t = VARS_INIT;

	CHECK(vars_read_make(&t, mk, sizeof(mk) - 1, VAR_HOST) == 5);
	CHECK(t.n == 4);
	CHECK(strcmp(t.v[0].name, "prefix") == 0 && strcmp(t.v[0].raw, "/srv") == 0);
	CHECK(strcmp(t.v[1].name, "a b") == 0 && strcmp(t.v[1].raw, "v  ") == 0);
	CHECK(strcmp(t.v[2].name, "EQ") == 0 && strcmp(t.v[2].raw, "x=y") == 0);
	CHECK(strcmp(t.v[3].name, "EMPTY") == 0 && strcmp(t.v[3].raw, "") == 0);
	vars_release(&t);
}

int main(void)
{
	test_read_make();
	test_forms();
	test_undefined_is_empty();
	test_nested_and_late_binding();
	test_lowercase_fallback();
	test_cycles_are_errors();
	test_unterminated();
	test_deep_chains();
	test_runaway_growth();
	test_override();
	test_order_and_replace();
	return check_status("test_vars");
}
