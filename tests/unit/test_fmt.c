/* test_fmt.c: a profile's name formats, parsed once, then applied and matched. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fmt.h"

/* Parse text with min..max slots and apply it to a and b; want NULL when the parse must fail. */
static void expect_apply(const char *text, size_t min, size_t max, const char *a, const char *b,
			 const char *want, int line)
{
	struct fmt f;
	enum fmt_result r = fmt_parse(&f, text, min, max);
	char *got = r == FMT_OK ? fmt_apply(&f, a, b) : NULL;

	if (want ? !got || strcmp(got, want) != 0 : r == FMT_OK) {
		fprintf(stderr, "%s:%d: '%s' with '%s', '%s': want '%s', got '%s' (result %d)\n",
			__FILE__, line, text, a ? a : "(null)", b ? b : "(null)",
			want ? want : "(an error)", got ? got : "(null)", (int)r);
		failures++;
	}
	free(got);
	fmt_release(&f);
}
#define APPLY1(text, a, want) expect_apply(text, 1, 1, a, NULL, want, __LINE__)
#define APPLY2(text, a, b, want) expect_apply(text, 1, 2, a, b, want, __LINE__)

/* Parse text (one slot) and match it against s; want NULL when nothing matches. */
static void expect_match(const char *text, const char *s, const char *want, int line)
{
	struct fmt f;
	char *got = NULL;

	if (fmt_parse(&f, text, 1, 1) != FMT_OK) {
		fprintf(stderr, "%s:%d: cannot parse '%s'\n", __FILE__, line, text);
		failures++;
		return;
	}
	got = fmt_match(&f, s);
	if (want ? !got || strcmp(got, want) != 0 : got != NULL) {
		fprintf(stderr, "%s:%d: '%s' against '%s': want '%s', got '%s'\n", __FILE__, line,
			s, text, want ? want : "(no match)", got ? got : "(no match)");
		failures++;
	}
	free(got);
	fmt_release(&f);
}
#define MATCH(text, s, want) expect_match(text, s, want, __LINE__)

/* Parse text with min..max slots: the result must be want, and a refused format leaves f empty. */
static void expect_parse(const char *text, size_t min, size_t max, enum fmt_result want, int line)
{
	struct fmt f;
	enum fmt_result r = fmt_parse(&f, text, min, max);

	if (r != want || (r != FMT_OK && (f.text || f.nslots || f.lit[0]))) {
		fprintf(stderr, "%s:%d: parse '%s': want result %d, got %d\n", __FILE__, line, text,
			(int)want, (int)r);
		failures++;
	}
	fmt_release(&f);
}
#define PARSE(text, min, max, want) expect_parse(text, min, max, want, __LINE__)

static void test_parse(void)
{
	struct fmt f;

	CHECK(fmt_parse(&f, "LoadModule %-18s %s # 100%%", 1, 2) == FMT_OK);
	CHECK_STR(f.text, "LoadModule %-18s %s # 100%%");
	CHECK(f.nslots == 2);
	CHECK(f.slot[0].width == 18 && f.slot[0].left);
	CHECK(f.slot[1].width == 0 && !f.slot[1].left);
	CHECK_STR(f.lit[0], "LoadModule ");
	CHECK_STR(f.lit[1], " ");
	CHECK_STR(f.lit[2], " # 100%");
	CHECK_STR(fmt_suffix(&f), " # 100%");
	fmt_release(&f);
	CHECK(f.text == NULL && f.lit[0] == NULL);

	CHECK(fmt_parse(&f, "%s_module", 1, 1) == FMT_OK);
	CHECK_STR(f.lit[0], "");
	CHECK_STR(fmt_suffix(&f), "_module");
	fmt_release(&f);

	/* printf's '-' may repeat; three digits of width are the most. */
	PARSE("%--5s", 1, 1, FMT_OK);
	PARSE("%999s", 1, 1, FMT_OK);
	PARSE("%0999s", 1, 1, FMT_TOO_WIDE);
	PARSE("%99999999s_module", 1, 1, FMT_TOO_WIDE);
	/* Anything but %s and %% never reaches a formatter. */
	PARSE("LoadModule %n %s", 1, 2, FMT_BAD_CONVERSION);
	PARSE("mod_%d.so", 1, 1, FMT_BAD_CONVERSION);
	PARSE("%.3s", 1, 1, FMT_BAD_CONVERSION);
	PARSE("%ls", 1, 1, FMT_BAD_CONVERSION);
	PARSE("%-18", 1, 1, FMT_BAD_CONVERSION);
	/* A stray '%', at the end or before a blank. */
	PARSE("%s_module%", 1, 1, FMT_BAD_CONVERSION);
	PARSE("%s 100% sure", 1, 1, FMT_BAD_CONVERSION);
	PARSE("%", 1, 1, FMT_BAD_CONVERSION);
	/* A slot too many, or none where a name must go. */
	PARSE("%s_%s_module", 1, 1, FMT_TOO_MANY);
	PARSE("%s %s %s", 1, 2, FMT_TOO_MANY);
	PARSE("%s %s %d", 1, 2, FMT_BAD_CONVERSION);
	PARSE("the_module", 1, 1, FMT_TOO_FEW);
	PARSE("", 1, 1, FMT_TOO_FEW);
	PARSE("100%% sure", 1, 2, FMT_TOO_FEW);
	PARSE("LoadModule %s", 2, 2, FMT_TOO_FEW);
}

static void test_apply(void)
{
	APPLY1("%s_module", "hello", "hello_module");
	APPLY1("mod_%s.so", "hello", "mod_hello.so");
	APPLY1("%s.so", "x", "x.so");
	APPLY1("%s 100%%", "x", "x 100%");
	APPLY1("%%s%s", "x", "%sx");
	APPLY1("%5s|", "ab", "   ab|");
	APPLY1("%-5s|", "ab", "ab   |");
	APPLY1("%--5s|", "ab", "ab   |");
	/* A value wider than its slot is never cut. */
	APPLY1("%-3s|", "abcdef", "abcdef|");
	APPLY1("%s_module", NULL, "_module");
	APPLY2("LoadModule %-18s %s", "foo_module", "/m/mod_foo.so",
	       "LoadModule foo_module         /m/mod_foo.so");
	APPLY2("LoadModule %s %s", "a_module", "\"/m m/a.so\"",
	       "LoadModule a_module \"/m m/a.so\"");
	/* ProFTPD's line names the module once; a path given is not used. */
	APPLY2("LoadModule mod_%s.c", "sql", "/x/mod_sql.so", "LoadModule mod_sql.c");
	APPLY2("LoadModule %s %s", "a_module", NULL, "LoadModule a_module ");
	APPLY1("%s_%s", "x", NULL);
	APPLY1("%d_module", "x", NULL);
}

static void test_match(void)
{
	MATCH("%s_module", "foo_module", "foo");
	MATCH("mod_%s.so", "mod_foo.so", "foo");
	MATCH("mod_%s.so", "mod_foo.la", NULL);
	MATCH("mod_%s.so", "mod_.so", NULL);
	MATCH("%s_module", "_module", NULL);
	MATCH("%s_module", "foo_modules", NULL);
	MATCH("%s_module", "module", NULL);
	/* %% stands for the '%' in the text it matches. */
	MATCH("%s%%", "x%", "x");
	MATCH("%s%%", "x%%", "x%");
	/* What a width padded comes off again; text shorter than the slot is not from it. */
	MATCH("[%-5s]", "[ab   ]", "ab");
	MATCH("[%5s]", "[   ab]", "ab");
	MATCH("[%5s]", "[abcdefg]", "abcdefg");
	MATCH("[%5s]", "[ab]", NULL);
	MATCH("[%5s]", "[     ]", NULL);
	/* What apply writes, match reads back. */
	struct fmt f;
	CHECK(fmt_parse(&f, "x%-8sy", 1, 1) == FMT_OK);
	char *text = fmt_apply(&f, "name", NULL);
	char *back = fmt_match(&f, text);
	CHECK_STR(back, "name");
	free(back);
	free(text);
	fmt_release(&f);
	/* A format of two slots has no one value to give back. */
	CHECK(fmt_parse(&f, "%s=%s", 1, 2) == FMT_OK);
	CHECK(fmt_match(&f, "a=b") == NULL);
	fmt_release(&f);
}

int main(void)
{
	test_parse();
	test_apply();
	test_match();
	return check_status("test_fmt");
}
