/*
 * fuzz_qcache.c: the files `modxs -q NAME...` answers from. Whatever lies
 * under the name a command line looks for, after a header that holds for
 * the files as they are, is either a miss or the answer the file's pairs
 * give: their values joined, on one line, and nothing else.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fileio.h"
#include "fuzz.h"
#include "qcache.h"
#include "query.h"
#include "util.h"

/* The command line every input answers, a persona file's words not among them. */
static char *argv_fixed[] = {"modxs", "-q", "CC", "X", NULL};
enum { ARGC = 4 };

/* What the code under test printed. */
static struct buf printed;

static int capture(enum msg_stream s, const char *text, size_t len, void *data)
{
	(void)s;
	(void)data;
	buf_add(&printed, text, len);
	return 0;
}

/* A file's identity as the cache records it (see qcache.c). */
static void add_id(struct buf *b, const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0)
		fuzz_fail("a file of the header is missing");
	buf_printf(b, " %llu %llu %llu %llu %llu %llu %llu", (unsigned long long)st.st_dev,
		   (unsigned long long)st.st_ino, (unsigned long long)st.st_size,
		   (unsigned long long)st.st_mtim.tv_sec, (unsigned long long)st.st_mtim.tv_nsec,
		   (unsigned long long)st.st_ctim.tv_sec, (unsigned long long)st.st_ctim.tv_nsec);
	buf_add(b, "", 1);
}

/* The fields that hold for this process: magic to the host profile's identity. */
static void add_header(struct buf *b)
{
	char *exe = path_self(), *platform = path_join(MODXS_FUZZ_DATADIR, "platform.json");
	char *host = path_join(MODXS_FUZZ_DATADIR, "hosts/demo.json");
	const char *head[] = {"modxs-qcache 4", MODXS_VERSION, exe};

	for (size_t i = 0; i < sizeof(head) / sizeof(*head); i++)
		buf_add(b, head[i], strlen(head[i]) + 1);
	add_id(b, exe);
	buf_add(b, MODXS_FUZZ_DATADIR, strlen(MODXS_FUZZ_DATADIR) + 1);
	add_id(b, platform);
	buf_add(b, host, strlen(host) + 1);
	add_id(b, host);
	free(host);
	free(platform);
	free(exe);
}

/* The answer the pairs of tail (sources, $MODXS_HOST, the arguments, then pairs) give. */
static void expected(const char *tail, size_t size, struct buf *out)
{
	const char *p = tail, *end = tail + size;

	for (int skip = 0; skip < 3 && p < end; skip++)
		p += strnlen(p, (size_t)(end - p)) + 1;
	for (int i = 0; p < end; i++) {
		p += strnlen(p, (size_t)(end - p)) + 1;
		if (p >= end)
			break;
		if (i)
			buf_puts(out, QUERY_JOIN);
		buf_add(out, p, strnlen(p, (size_t)(end - p)));
		p += strnlen(p, (size_t)(end - p)) + 1;
	}
	buf_puts(out, "\n");
}

/* The cache file argv_fixed looks for: a first miss says where it is. */
static char *cache_file(void)
{
	struct qcache q = QCACHE_INIT;
	int rc = 0;

	if (qcache_answer(&q, msgs, ARGC, argv_fixed, false, &rc))
		fuzz_fail("answered from an empty cache");
	char *path = q.path ? xstrdup(q.path) : NULL;
	qcache_release(&q);
	if (!path)
		fuzz_fail("no cache file for a plain query");
	return path;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *file;
	struct qcache q = QCACHE_INIT;
	struct buf text = BUF_INIT, want = BUF_INIT;
	int rc = -1;

	if (!file) {
		setenv("XDG_CACHE_HOME", fuzz_dir(), 1);
		setenv("MODXS_DATADIR", MODXS_FUZZ_DATADIR, 1);
		unsetenv("MODXS_HOST");
		msgs_set_sink(msgs, capture, NULL);
		file = cache_file();
	}
	add_header(&text);
	buf_add(&text, (const char *)data, size);
	char *dir = path_dir(file);
	file_mkdirs(dir, 0700, NULL);
	free(dir);
	free(fuzz_file("cache", (const uint8_t *)text.s, text.len));
	char *staged = fuzz_path("cache");
	if (rename(staged, file) != 0)
		fuzz_fail("cannot put the cache file in place");
	free(staged);
	printed.len = 0;
	if (qcache_answer(&q, msgs, ARGC, argv_fixed, false, &rc)) {
		expected((const char *)data, size, &want);
		if (rc != 0 || printed.len != want.len || memcmp(printed.s, want.s, want.len) != 0)
			fuzz_fail("answered other than the file's values, joined");
	} else if (printed.len) {
		fuzz_fail("a miss printed something");
	}
	qcache_release(&q);
	buf_release(&want);
	buf_release(&text);
	return 0;
}
