/* test_words.c: splitting flag strings into argv without a shell, and quoting back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "words.h"

/* Split s; want is the expected words, NULL-terminated, or NULL for "must fail". */
static void expect(const char *s, const char *const *want, int line)
{
	struct strvec got = STRVEC_INIT;
	bool ok = words_split(s, &got);
	size_t n = 0;

	if (!want) {
		if (ok) {
			fprintf(stderr, "%s:%d: split '%s': want an error, got %zu words\n",
				__FILE__, line, s, got.n);
			failures++;
		}
		strvec_release(&got);
		return;
	}
	while (want[n])
		n++;
	bool same = ok && got.n == n;
	for (size_t i = 0; same && i < n; i++)
		same = strcmp(got.v[i], want[i]) == 0;
	if (!same) {
		fprintf(stderr, "%s:%d: split '%s' (ok=%d):", __FILE__, line, s, ok);
		for (size_t i = 0; i < got.n; i++)
			fprintf(stderr, " [%s]", got.v[i]);
		fprintf(stderr, "\n");
		failures++;
	}
	strvec_release(&got);
}
#define WORDS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NONE ((const char *const[]){NULL})
#define EXPECT(s, want) expect(s, want, __LINE__)

static void test_split(void)
{
	EXPECT("", NONE);
	EXPECT("  \t\n ", NONE);
	EXPECT("-O2 -g", WORDS("-O2", "-g"));
	EXPECT("  -pipe\t-g  -O2 \n", WORDS("-pipe", "-g", "-O2"));
	EXPECT("-DNAME=\"a b\"", WORDS("-DNAME=a b"));
	EXPECT("'-DMSG=\"hi there\"'", WORDS("-DMSG=\"hi there\""));
	EXPECT("-DX='1;2' -I'/a dir'/inc", WORDS("-DX=1;2", "-I/a dir/inc"));
	EXPECT("''", WORDS(""));
	EXPECT("a '' b", WORDS("a", "", "b"));
	EXPECT("a\"\"b", WORDS("ab"));
	EXPECT("$(CC) `id` $HOME ; rm", WORDS("$(CC)", "`id`", "$HOME", ";", "rm"));
}

static void test_backslashes(void)
{
	EXPECT("a\\ b", WORDS("a b"));
	EXPECT("\\'x", WORDS("'x"));
	EXPECT("\\\\", WORDS("\\"));
	/* In double quotes a backslash escapes only " \ $ ` and stays otherwise. */
	EXPECT("\"a\\\"b\\\\c\\$d\\n\"", WORDS("a\"b\\c$d\\n"));
	/* In single quotes nothing is special. */
	EXPECT("'a\\b'", WORDS("a\\b"));
	/* A backslash-newline joins lines, as in a shell or a Makefile. */
	EXPECT("-O2 \\\n-g", WORDS("-O2", "-g"));
	EXPECT("ab\\\ncd", WORDS("abcd"));
	EXPECT("a \\\n b", WORDS("a", "b"));
	EXPECT("\"ab\\\ncd\"", WORDS("abcd"));
	/* A lone backslash at the end stands for itself. */
	EXPECT("end\\", WORDS("end\\"));
}

static void test_unterminated(void)
{
	EXPECT("'open", NULL);
	EXPECT("a \"open", NULL);
	EXPECT("\"escaped at end\\\"", NULL);
	EXPECT("ok 'x'y'", NULL);
}

/* Quote a word and read it back: the round trip must give the word unchanged. */
static void roundtrip(const char *word, const char *want, int line)
{
	struct buf b = BUF_INIT;
	struct strvec back = STRVEC_INIT;

	words_quote(&b, word);
	if (want && strcmp(b.s, want) != 0) {
		fprintf(stderr, "%s:%d: quote '%s': want %s, got %s\n", __FILE__, line, word, want,
			b.s);
		failures++;
	}
	if (!words_split(b.s, &back) || back.n != 1 || strcmp(back.v[0], word) != 0) {
		fprintf(stderr, "%s:%d: quote '%s' does not read back: %s\n", __FILE__, line, word,
			b.s);
		failures++;
	}
	buf_release(&b);
	strvec_release(&back);
}
#define ROUNDTRIP(word, want) roundtrip(word, want, __LINE__)

static void test_quote(void)
{
	ROUNDTRIP("-O2", "-O2");
	ROUNDTRIP("/usr/lib/x86_64-linux-gnu/mod_x.so", "/usr/lib/x86_64-linux-gnu/mod_x.so");
	ROUNDTRIP("-Wl,-rpath,/opt", "-Wl,-rpath,/opt");
	ROUNDTRIP("", "''");
	ROUNDTRIP("x y.c", "'x y.c'");
	ROUNDTRIP("a;b.c", "'a;b.c'");
	ROUNDTRIP("it's", "'it'\\''s'");
	ROUNDTRIP("$(rm -rf /)", "'$(rm -rf /)'");
	ROUNDTRIP("-DMSG=\"hi\"", NULL);
	ROUNDTRIP("back\\slash", NULL);
	ROUNDTRIP("tab\there", NULL);
	ROUNDTRIP("new\nline", NULL);
	ROUNDTRIP("*?[]~#&|<>(){}!", NULL);
}

static void test_join(void)
{
	char *argv[] = {"cc", "-c", "x y.c", "-o", "a;b.o", "", NULL};
	char *s = words_join(argv);
	struct strvec back = STRVEC_INIT;

	if (strcmp(s, "cc -c 'x y.c' -o 'a;b.o' ''") != 0) {
		fprintf(stderr, "%s:%d: join: got %s\n", __FILE__, __LINE__, s);
		failures++;
	}
	if (!words_split(s, &back) || back.n != 6 || strcmp(back.v[4], "a;b.o") != 0 ||
	    strcmp(back.v[5], "") != 0) {
		fprintf(stderr, "%s:%d: join does not split back\n", __FILE__, __LINE__);
		failures++;
	}
	free(s);
	strvec_release(&back);
	char *none[] = {NULL};
	s = words_join(none);
	if (strcmp(s, "") != 0) {
		fprintf(stderr, "%s:%d: join of nothing: got '%s'\n", __FILE__, __LINE__, s);
		failures++;
	}
	free(s);
}

int main(void)
{
	test_split();
	test_backslashes();
	test_unterminated();
	test_quote();
	test_join();
	return check_status("test_words");
}
