/* test_stamp.c: command hashes, stamps and depfiles decide what to rebuild. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "capture.h"
#include "check.h"
#include "stamp.h"
#include "util.h"

static char dir[] = "/tmp/modxs-test-stamp-XXXXXX";
static struct strvec made = STRVEC_INIT;

/* A file in the scratch dir with the given text; its path. */
static const char *put(const char *name, const char *text)
{
	char *path = path_join(dir, name);
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
	strvec_push_owned(&made, path);
	return made.v[made.n - 1];
}

static void test_hash_keeps_words_apart(void)
{
	char *ab[] = {"cc", "a b", NULL}, *a_b[] = {"cc", "a", "b", NULL};
	char h1[17], h2[17], h3[17];

	stamp_hash(ab, NULL, h1);
	stamp_hash(a_b, NULL, h2);
	stamp_hash(ab, "libdir=/x", h3);
	CHECK(strlen(h1) == 16);
	CHECK(strcmp(h1, h2) != 0);
	CHECK(strcmp(h1, h3) != 0);
}

static void test_stamps(void)
{
	const char *path = put("x.o.hash", "");
	char *checked = NULL;

	CHECK(stamp_write(msgs, path, "0123456789abcdef", NULL) == 0);
	CHECK(stamp_matches(path, "0123456789abcdef", &checked) && !checked);
	CHECK(!stamp_matches(path, "0123456789abcdee", NULL));
	CHECK(stamp_write(msgs, path, "0123456789abcdef", "x_module /usr/sbin/server x") == 0);
	CHECK(stamp_matches(path, "0123456789abcdef", &checked));
	CHECK(checked && strcmp(checked, "x_module /usr/sbin/server x") == 0);
	free(checked);
	CHECK(!stamp_matches("/nonexistent/x.hash", "0123456789abcdef", NULL));
}

/* A time one second after every file the tests write. */
static struct timespec later(void)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_sec += 1;
	return t;
}

static void test_depfiles(void)
{
	struct mtimes m = MTIMES_INIT;
	struct timespec future = later(), past = {0, 0};
	char *text;

	put("odd #$ name.h", "");
	put("plain.h", "");
	text = xasprintf("obj.o: %s/plain.h \\\n %s/odd\\ \\#$$\\ name.h\n", dir, dir);
	const char *dep = put("ok.d", text);
	free(text);
	/* Everything exists and is older than the future: up to date. */
	CHECK(!stamp_deps_newer(&m, dep, &future));
	/* Everything is newer than the epoch: stale. */
	stamp_mtimes_release(&m);
	m = (struct mtimes)MTIMES_INIT;
	CHECK(stamp_deps_newer(&m, dep, &past));
	stamp_mtimes_release(&m);

	/* A named file that is gone makes the object stale. */
	m = (struct mtimes)MTIMES_INIT;
	text = xasprintf("obj.o: %s/plain.h %s/gone.h\n", dir, dir);
	dep = put("gone.d", text);
	free(text);
	CHECK(stamp_deps_newer(&m, dep, &future));
	stamp_mtimes_release(&m);

	/* No depfile, or one without a rule, is stale too. */
	m = (struct mtimes)MTIMES_INIT;
	CHECK(stamp_deps_newer(&m, "/nonexistent/x.d", &future));
	CHECK(stamp_deps_newer(&m, put("junk.d", "no rule here"), &future));
	/* CRLF line ends read like LF. */
	text = xasprintf("obj.o: %s/plain.h \\\r\n %s/plain.h\r\n", dir, dir);
	CHECK(!stamp_deps_newer(&m, put("crlf.d", text), &future));
	free(text);
	stamp_mtimes_release(&m);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_hash_keeps_words_apart();
	test_stamps();
	test_depfiles();
	for (size_t i = 0; i < made.n; i++)
		unlink(made.v[i]);
	strvec_release(&made);
	rmdir(dir);
	return check_status("test_stamp");
}
