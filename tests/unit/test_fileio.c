/* test_fileio.c: the whole-file readers, the write loop and mkdir -p every caller shares. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "fileio.h"
#include "util.h"

static char dir[] = "/tmp/modxs-test-fileio-XXXXXX";

/* A path in the scratch dir; the caller frees it. */
static char *at(const char *name)
{
	return path_join(dir, name);
}

/* A file in the scratch dir holding text; its path, freed by the caller. */
static char *put(const char *name, const char *text)
{
	char *path = at(name);
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
	return path;
}

static void test_read_max_reads_the_whole_file(void)
{
	char *path = put("small", "one\ntwo\n");
	size_t len = 99;
	char *text = file_read_max(path, 1024, &len);

	CHECK_STR(text, "one\ntwo\n");
	CHECK(len == 8);
	free(text);
	/* len is optional. */
	text = file_read_max(path, 1024, NULL);
	CHECK_STR(text, "one\ntwo\n");
	free(text);
	free(path);
}

static void test_read_max_reads_an_empty_file(void)
{
	char *path = put("empty", "");
	size_t len = 99;
	char *text = file_read_max(path, 0, &len);

	CHECK_STR(text, "");
	CHECK(len == 0);
	free(text);
	free(path);
}

static void test_read_max_refuses_more_than_max(void)
{
	char *path = put("ten", "0123456789");
	char *text = file_read_max(path, 10, NULL);

	/* Exactly max is allowed, one byte more is not. */
	CHECK_STR(text, "0123456789");
	free(text);
	errno = 0;
	CHECK(file_read_max(path, 9, NULL) == NULL);
	CHECK(errno == EFBIG);
	free(path);
}

static void test_read_max_refuses_what_is_not_a_regular_file(void)
{
	char *fifo = at("fifo"), *missing = at("missing");

	errno = 0;
	CHECK(file_read_max(dir, 1 << 20, NULL) == NULL);
	CHECK(errno == EINVAL);
	CHECK_STR(file_why(errno), "not a regular file");
	/* A FIFO with no writer: refused at once, never waited on. */
	CHECK(mkfifo(fifo, 0600) == 0);
	errno = 0;
	CHECK(file_read_max(fifo, 1 << 20, NULL) == NULL);
	CHECK(errno == EINVAL);
	errno = 0;
	CHECK(file_read_max("/dev/null", 1 << 20, NULL) == NULL);
	CHECK(errno == EINVAL);
	errno = 0;
	CHECK(file_read_max(missing, 1 << 20, NULL) == NULL);
	CHECK(errno == ENOENT);
	unlink(fifo);
	free(fifo);
	free(missing);
}

static void test_read_max_calls_a_file_that_shrank_unreadable(void)
{
	/* sysfs files claim 4096 bytes and hold fewer: a file shorter than its size. */
	const char *sys = "/sys/kernel/uevent_seqnum";
	struct stat st;

	if (stat(sys, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 64)
		return;
	errno = 0;
	CHECK(file_read_max(sys, 1 << 20, NULL) == NULL);
	CHECK(errno == EIO);
}

static void test_read_in_fills_the_caller_buffer(void)
{
	char *path = put("ten", "0123456789"), *fifo = at("fifo");
	char out[11];
	size_t len = 99;

	/* The text and its NUL fit exactly; a byte less and it is refused. */
	memset(out, 'x', sizeof(out));
	CHECK(file_read_in(path, out, sizeof(out), &len) == 0);
	CHECK_STR(out, "0123456789");
	CHECK(len == 10);
	errno = 0;
	CHECK(file_read_in(path, out, sizeof(out) - 1, &len) == -1);
	CHECK(errno == EFBIG);
	errno = 0;
	CHECK(file_read_in(dir, out, sizeof(out), &len) == -1);
	CHECK(errno == EINVAL);
	CHECK(mkfifo(fifo, 0600) == 0);
	errno = 0;
	CHECK(file_read_in(fifo, out, sizeof(out), &len) == -1);
	CHECK(errno == EINVAL);
	unlink(fifo);
	free(fifo);
	free(path);
}

static void test_path_join_in_fits_or_refuses(void)
{
	char out[8];

	CHECK(path_join_in(out, sizeof(out), "/a/bc", 2, "d.e"));
	CHECK_STR(out, "/a/d.e");
	CHECK(path_join_in(out, sizeof(out), "/a/", 3, "defg"));
	CHECK_STR(out, "/a/defg");
	CHECK(path_join_in(out, sizeof(out), "", 0, "abcdefg"));
	CHECK_STR(out, "abcdefg");
	/* One byte short of the NUL. */
	CHECK(!path_join_in(out, sizeof(out), "/ab", 3, "defg"));
	char *joined = path_join("/ab", "defg");
	CHECK_STR(joined, "/ab/defg");
	free(joined);
	joined = path_join(NULL, "x");
	CHECK_STR(joined, "x");
	free(joined);
}

static void test_read_appends_and_refuses_what_is_not_a_regular_file(void)
{
	char *path = put("append", "tail\n");
	struct buf b = BUF_INIT;

	buf_puts(&b, "head\n");
	CHECK(file_read(path, &b) == 0);
	CHECK_STR(b.s, "head\ntail\n");
	CHECK(b.len == 10);
	errno = 0;
	CHECK(file_read(dir, &b) == -1);
	CHECK(errno == EINVAL);
	CHECK_STR(b.s, "head\ntail\n");
	buf_release(&b);
	free(path);
}

static void test_write_all_writes_every_byte(void)
{
	char *path = at("written");
	size_t n = 300000;
	char *data = xmalloc(n);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	for (size_t i = 0; i < n; i++)
		data[i] = (char)('a' + i % 26);
	CHECK(fd >= 0);
	CHECK(fd_write_all(fd, data, n) == 0);
	close(fd);
	size_t len = 0;
	char *back = file_read_max(path, n, &len);
	CHECK(back && len == n && memcmp(back, data, n) == 0);
	free(back);
	free(data);
	unlink(path);
	free(path);
}

static void test_mkdirs_makes_each_missing_parent(void)
{
	char *deep = at("a/b/c"), *slash = at("a/b/d/"), *failed = (char *)"unset";
	struct stat st;
	mode_t old = umask(022);

	CHECK(file_mkdirs(deep, 0750, &failed) == 0);
	CHECK(failed == NULL);
	CHECK(stat(deep, &st) == 0 && S_ISDIR(st.st_mode));
	CHECK((st.st_mode & 07777) == 0750);
	/* Again, and with a trailing slash: what exists counts as made. */
	CHECK(file_mkdirs(deep, 0750, NULL) == 0);
	CHECK(file_mkdirs(slash, 0700, NULL) == 0);
	CHECK(stat(slash, &st) == 0 && S_ISDIR(st.st_mode));
	CHECK(file_mkdirs(dir, 0700, NULL) == 0);
	umask(old);
	rmdir(slash);
	rmdir(deep);
	free(slash);
	free(deep);
	deep = at("a/b");
	rmdir(deep);
	free(deep);
	deep = at("a");
	rmdir(deep);
	free(deep);
}

static void test_mkdirs_names_the_dir_it_could_not_make(void)
{
	char *file = put("plain", "x"), *under = at("plain/sub/deeper"), *failed = NULL;
	char *want = at("plain/sub");

	errno = 0;
	CHECK(file_mkdirs(under, 0777, &failed) == -1);
	CHECK(errno == ENOTDIR);
	CHECK_STR(failed, want);
	free(failed);
	/* Without a place for the name, only the errno. */
	errno = 0;
	CHECK(file_mkdirs(under, 0777, NULL) == -1);
	CHECK(errno == ENOTDIR);
	free(want);
	free(under);
	free(file);
}

static void test_remove_tree_removes_all_and_follows_no_link(void)
{
	char *tree = at("tree"), *deep = at("tree/a/b"), *keep = put("outside", "kept");
	char *file = at("tree/a/b/f"), *link = at("tree/a/to-outside");
	char *dlink = at("tree/to-dir"), *outdir = at("outdir"), *inout = at("outdir/g");
	struct stat st;

	CHECK(file_mkdirs(deep, 0700, NULL) == 0 && file_mkdirs(outdir, 0700, NULL) == 0);
	free(put("tree/a/b/f", "x"));
	free(put("outdir/g", "y"));
	CHECK(symlink(keep, link) == 0 && symlink(outdir, dlink) == 0);
	CHECK(dir_remove_tree(tree) == 0);
	CHECK(lstat(tree, &st) == -1 && errno == ENOENT);
	/* What the links named is still there. */
	CHECK(stat(keep, &st) == 0 && stat(inout, &st) == 0);
	/* A link given as the tree is not followed. */
	CHECK(symlink(outdir, tree) == 0);
	CHECK(dir_remove_tree(tree) == -1);
	CHECK(stat(inout, &st) == 0);
	unlink(tree);
	unlink(inout);
	rmdir(outdir);
	unlink(keep);
	free(inout);
	free(outdir);
	free(dlink);
	free(link);
	free(file);
	free(keep);
	free(deep);
	free(tree);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_read_max_reads_the_whole_file();
	test_read_max_reads_an_empty_file();
	test_read_max_refuses_more_than_max();
	test_read_max_refuses_what_is_not_a_regular_file();
	test_read_max_calls_a_file_that_shrank_unreadable();
	test_read_in_fills_the_caller_buffer();
	test_path_join_in_fits_or_refuses();
	test_read_appends_and_refuses_what_is_not_a_regular_file();
	test_write_all_writes_every_byte();
	test_mkdirs_makes_each_missing_parent();
	test_mkdirs_names_the_dir_it_could_not_make();
	test_remove_tree_removes_all_and_follows_no_link();

	const char *names[] = {"small", "empty", "ten", "append", "plain"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *path = at(names[i]);
		unlink(path);
		free(path);
	}
	rmdir(dir);
	return check_status("test_fileio");
}
