/* test_lock.c: the lock-and-replace helper every written file goes through. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "capture.h"
#include "check.h"
#include "lock.h"
#include "msg.h"
#include "util.h"

static char dir[] = "/tmp/modxs-test-lock-XXXXXX";

static char *in_dir(const char *name)
{
	return path_join(dir, name);
}

static bool has(const char *path, const char *text)
{
	struct buf b = BUF_INIT;
	bool ok = file_read(path, &b) == 0 && b.len == strlen(text) &&
		  memcmp(b.s, text, b.len) == 0;
	buf_release(&b);
	return ok;
}

static mode_t mode_of(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? st.st_mode & 07777 : 0;
}

static void test_commit_and_bak(void)
{
	char *f = in_dir("a.conf"), *bak = in_dir("a.conf.bak"), *lockf = in_dir("a.conf.lock");
	struct lock lk = LOCK_INIT;

	CHECK(lock_take(&lk, msgs, NULL, f, RC_CONF, true) == RC_OK);
	CHECK(access(lockf, F_OK) == 0);
	CHECK(lock_commit(&lk, "one\n", 4, 0640) == RC_OK);
	lock_release(&lk);
	CHECK(access(lockf, F_OK) != 0);
	CHECK(has(f, "one\n") && mode_of(f) == 0640);
	CHECK(access(bak, F_OK) != 0);

	chmod(f, 0600);
	CHECK(lock_take(&lk, msgs, NULL, f, RC_CONF, true) == RC_OK);
	CHECK(lock_commit(&lk, "two\n", 4, 0644) == RC_OK);
	lock_release(&lk);
	CHECK(has(f, "two\n") && has(bak, "one\n"));
	CHECK(mode_of(f) == 0600);

	lk.mode = 0;
	CHECK(lock_take(&lk, msgs, NULL, f, RC_INSTALL, false) == RC_OK);
	lk.mode = 0644;
	CHECK(lock_commit(&lk, "three\n", 6, 0644) == RC_OK);
	lock_release(&lk);
	CHECK(mode_of(f) == 0644 && has(bak, "one\n"));

	/* Where hard links fail, the backup is a copy. */
	setenv("MODXS_FAILPOINT", "link", 1);
	CHECK(lock_take(&lk, msgs, NULL, f, RC_CONF, true) == RC_OK);
	CHECK(lock_commit(&lk, "four\n", 5, 0644) == RC_OK);
	lock_release(&lk);
	unsetenv("MODXS_FAILPOINT");
	CHECK(has(f, "four\n") && has(bak, "three\n"));
	free(f);
	free(bak);
	free(lockf);
}

static void test_busy_and_stale(void)
{
	char *f = in_dir("b.conf"), *lockf = in_dir("b.conf.lock");
	struct lock a = LOCK_INIT, b = LOCK_INIT;

	setenv("MODXS_LOCK_TIMEOUT", "50", 1);
	CHECK(lock_take(&a, msgs, NULL, f, RC_CONF, true) == RC_OK);
	CHECK(lock_take(&b, msgs, NULL, f, RC_CONF, true) == RC_LOCK);
	lock_release(&b);
	CHECK(access(lockf, F_OK) == 0);
	lock_release(&a);

	/* A lock whose recorded holder has exited is stale. */
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	FILE *fp = fopen(lockf, "w");
	fprintf(fp, "%ld\n", (long)pid);
	fclose(fp);
	CHECK(lock_take(&a, msgs, NULL, f, RC_CONF, true) == RC_OK);
	lock_release(&a);
	CHECK(access(lockf, F_OK) != 0);
	unsetenv("MODXS_LOCK_TIMEOUT");
	free(f);
	free(lockf);
}

static void test_symlink_and_remove(void)
{
	char *target = in_dir("real.conf"), *link = in_dir("link.conf");
	struct lock lk = LOCK_INIT;

	CHECK(symlink(target, link) == 0);
	CHECK(lock_take(&lk, msgs, NULL, link, RC_CONF, false) == RC_OK);
	CHECK(lock_commit(&lk, "x\n", 2, 0644) == RC_OK);
	lock_release(&lk);
	struct stat st;
	CHECK(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
	CHECK(has(target, "x\n"));

	CHECK(lock_take(&lk, msgs, NULL, target, RC_CONF, false) == RC_OK);
	CHECK(lock_remove(&lk) == RC_OK);
	lock_release(&lk);
	CHECK(access(target, F_OK) != 0);
	free(target);
	free(link);
}

/* A failed run puts every file back: replaced, removed, made, and the dirs it made. */
static void test_journal(void)
{
	char *a = in_dir("j/a"), *b = in_dir("j/b"), *d = in_dir("j/new/deep"),
	     *c = in_dir("j/new/deep/c");
	char *failed = NULL, *jdir = in_dir("j"), *newdir = in_dir("j/new");
	struct lock lk = LOCK_INIT;

	CHECK(dir_make(NULL, jdir, &failed) == 0);
	CHECK(lock_take(&lk, msgs, NULL, a, RC_CONF, false) == RC_OK &&
	      lock_commit(&lk, "a1", 2, 0644) == 0);
	lock_release(&lk);
	CHECK(lock_take(&lk, msgs, NULL, b, RC_CONF, false) == RC_OK &&
	      lock_commit(&lk, "b1", 2, 0644) == 0);
	lock_release(&lk);

	char *log = in_dir("log");
	struct journal j = JOURNAL_INIT;
	CHECK(journal_begin(&j, msgs, log) == 0);
	CHECK(lock_take(&lk, msgs, &j, a, RC_CONF, false) == RC_OK &&
	      lock_commit(&lk, "a2", 2, 0644) == 0);
	lock_done(&lk);
	/* Taken again in the same run: the journal holds it, so no waiting on ourselves. */
	CHECK(lock_take(&lk, msgs, &j, a, RC_CONF, false) == RC_OK &&
	      lock_commit(&lk, "a3", 2, 0644) == 0);
	lock_done(&lk);
	CHECK(lock_unlink(msgs, &j, b, RC_CONF) == RC_OK && access(b, F_OK) != 0);
	CHECK(dir_make(&j, d, &failed) == 0);
	CHECK(lock_take(&lk, msgs, &j, c, RC_CONF, false) == RC_OK &&
	      lock_commit(&lk, "c1", 2, 0644) == 0);
	lock_done(&lk);
	CHECK(has(a, "a3"));
	CHECK(journal_end(&j, false) == RC_OK);
	CHECK(has(a, "a1") && has(b, "b1"));
	CHECK(access(c, F_OK) != 0 && access(newdir, F_OK) != 0);

	CHECK(journal_begin(&j, msgs, log) == 0);
	CHECK(lock_take(&lk, msgs, &j, a, RC_CONF, false) == RC_OK &&
	      lock_commit(&lk, "a4", 2, 0644) == 0);
	lock_done(&lk);
	CHECK(journal_end(&j, true) == RC_OK);
	CHECK(has(a, "a4"));
	free(a);
	free(b);
	free(c);
	free(d);
	free(jdir);
	free(newdir);
	free(log);
}

static void test_helpers(void)
{
	struct buf b = BUF_INIT;
	char *deep = in_dir("x/y/z"), *failed = NULL;

	CHECK(file_read("/nonexistent/file", &b) != 0 && errno == ENOENT);
	CHECK(dir_make(NULL, deep, &failed) == 0 && access(deep, F_OK) == 0);
	char *file = in_dir("x/file");
	FILE *fp = fopen(file, "w");
	fclose(fp);
	char *under = in_dir("x/file/sub");
	CHECK(dir_make(NULL, under, &failed) != 0 && errno == ENOTDIR && failed &&
	      str_ends(failed, "x/file"));
	free(failed);
	free(under);
	free(file);
	free(deep);
	buf_release(&b);
}

int main(void)
{
	capture_stderr("modxs");
	msgs->quiet = true;
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_commit_and_bak();
	test_busy_and_stale();
	test_symlink_and_remove();
	test_journal();
	test_helpers();
	char *argv[] = {"rm", "-rf", dir, NULL};
	pid_t pid = fork();
	if (pid == 0) {
		execvp("rm", argv);
		_exit(127);
	}
	waitpid(pid, NULL, 0);
	return check_status("test_lock");
}
