/* test_journal.c: a dead run's log puts its files back; a committed one finishes. */
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
#include "proc.h"
#include "scratch.h"
#include "tempfile.h"
#include "util.h"

static char dir[] = "/tmp/modxs-test-journal-XXXXXX";

static bool has(const char *path, const char *text)
{
	struct buf b = BUF_INIT;
	bool ok = file_read(path, &b) == 0 && b.len == strlen(text) &&
		  memcmp(b.s, text, b.len) == 0;
	buf_release(&b);
	return ok;
}

/* How many entries of dir start with a dot (temp files, saved versions). */
static int hidden(const char *d)
{
	char *cmd[] = {"sh", "-c", "ls -A \"$1\" | grep -c '^\\.' || true", "sh", (char *)d, NULL};
	struct buf out = BUF_INIT;
	spawn_capture(cmd, &out);
	int n = out.s ? (int)strtol(out.s, NULL, 10) : -1;
	buf_release(&out);
	return n;
}

/* A child that changes a, b and c in one transaction, then dies before ending it. */
static void die_mid_run(const char *log, const char *a, const char *b, const char *c)
{
	pid_t pid = fork();
	if (pid == 0) {
		struct lock lk = LOCK_INIT;
		struct journal j = JOURNAL_INIT;
		if (journal_begin(&j, msgs, log) != 0)
			_exit(1);
		if (lock_take(&lk, msgs, &j, a, RC_CONF, true) || lock_commit(&lk, "a2\n", 3, 0644))
			_exit(1);
		lock_done(&lk);
		if (lock_unlink(msgs, &j, b, RC_CONF))
			_exit(1);
		if (lock_take(&lk, msgs, &j, c, RC_CONF, false) ||
		    lock_commit(&lk, "c1\n", 3, 0644))
			_exit(1);
		lock_done(&lk);
		_exit(0); /* as kill -9 would: no journal_end */
	}
	int ws;
	waitpid(pid, &ws, 0);
	CHECK(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
}

static void test_dead_run_rolled_back(void)
{
	char *log = path_join(dir, "log"), *a = path_join(dir, "a"), *b = path_join(dir, "b");
	char *c = path_join(dir, "c"), *bak = path_join(dir, "a.bak");

	scratch_put(a, "a1\n");
	scratch_put(bak, "a0\n");
	scratch_put(b, "b1\n");
	die_mid_run(log, a, b, c);
	CHECK(has(a, "a2\n") && has(bak, "a1\n") && access(b, F_OK) != 0 && has(c, "c1\n"));
	CHECK(journal_recover(msgs, log) == 1);
	CHECK(has(a, "a1\n") && has(bak, "a0\n") && has(b, "b1\n") && access(c, F_OK) != 0);
	CHECK(hidden(dir) == 0);
	/* The log is gone: a second recovery has nothing to do. */
	CHECK(journal_recover(msgs, log) == 0);
	free(log);
	free(a);
	free(b);
	free(c);
	free(bak);
}

static void test_committed_log_finishes(void)
{
	char *log = path_join(dir, "log2"), *f = path_join(dir, "f");
	char *saved = path_join(dir, ".f.modxs-save-AAAAAAAAAAAA"), *run = path_join(log, "run-x");
	struct journal_change ch = {JOURNAL_SAVE, f, saved, NULL, false, false};
	char *line = journal_change_text(&ch);

	CHECK(mkdir(log, 0700) == 0);
	scratch_put(f, "new\n");
	scratch_put(saved, "old\n");
	/* It died after its commit line, still holding the lock and a temp file. */
	char *lockp = path_join(dir, "f.lock"), *tmp = tempfile_name(f, "link");
	scratch_put(lockp, "1\n");
	scratch_put(tmp, "half\n");
	struct journal_change lk = {JOURNAL_LOCK, f, NULL, NULL, false, false};
	char *lock_line = journal_change_text(&lk);
	struct buf text = BUF_INIT;
	buf_printf(&text, "{\"op\":\"begin\",\"pid\":1}\n%s%s{\"op\":\"commit\"}\n", lock_line,
		   line);
	scratch_put(run, text.s);
	CHECK(journal_recover(msgs, log) == 1);
	CHECK(has(f, "new\n") && access(saved, F_OK) != 0 && access(run, F_OK) != 0);
	CHECK(access(lockp, F_OK) != 0 && access(tmp, F_OK) != 0);
	free(lock_line);
	free(lockp);
	free(tmp);
	buf_release(&text);
	free(line);
	free(run);
	free(saved);
	free(f);
	free(log);
}

/*
 * A run killed while relinking leaves its temp link beside the link, which
 * may sit in a dir it locked nothing in (Debian's mods-enabled).
 */
static void test_dead_relink_swept(void)
{
	char *log = path_join(dir, "log5"), *run = path_join(log, "run-y");
	char *en = path_join(dir, "enabled"), *link = path_join(en, "x.load");
	char *conf = path_join(dir, "x.conf"), *tmp;

	CHECK(mkdir(log, 0700) == 0 && mkdir(en, 0755) == 0);
	scratch_put(conf, "c\n");
	tmp = tempfile_name(link, "link");
	CHECK(symlink("../x.load", tmp) == 0);
	struct journal_change lk = {JOURNAL_LOCK, conf, NULL, NULL, false, false};
	struct journal_change ln = {JOURNAL_LINK, link, NULL, NULL, false, false};
	char *lock_line = journal_change_text(&lk), *link_line = journal_change_text(&ln);
	struct buf text = BUF_INIT;
	buf_printf(&text, "{\"op\":\"begin\",\"pid\":1}\n%s%s", lock_line, link_line);
	scratch_put(run, text.s);
	CHECK(journal_recover(msgs, log) == 1);
	CHECK(access(link, F_OK) != 0 && hidden(en) == 0);
	buf_release(&text);
	free(lock_line);
	free(link_line);
	free(tmp);
	free(conf);
	free(link);
	free(en);
	free(run);
	free(log);
}

/* A run that rolled back empties its log before letting go of its locks. */
static void test_emptied_log_is_inert(void)
{
	char *log = path_join(dir, "log4"), *f = path_join(dir, "h"),
	     *run = path_join(log, "run-z");

	CHECK(mkdir(log, 0700) == 0);
	/* Since made by another run, which a second undo would remove. */
	scratch_put(f, "theirs\n");
	scratch_put(run, "");
	CHECK(journal_recover(msgs, log) == 1);
	CHECK(has(f, "theirs\n") && access(run, F_OK) != 0);
	free(run);
	free(f);
	free(log);
}

static void test_parse(void)
{
	struct journal_log log;

	/* A torn last line is a change never made. */
	CHECK(journal_log_parse(
		"{\"op\":\"begin\",\"pid\":7}\n{\"op\":\"create\",\"path\":\"/x\"}\n"
		"{\"op\":\"save\",\"pa",
		&log));
	CHECK(log.pid == 7 && log.n == 1 && log.v[0].op == JOURNAL_CREATE && !log.committed);
	CHECK_STR(log.v[0].path, "/x");
	journal_log_release(&log);
	/* A save without its saved name is not a line modxs writes. */
	CHECK(!journal_log_parse("{\"op\":\"save\",\"path\":\"/x\"}\n", &log));
	journal_log_release(&log);
	CHECK(!journal_log_parse("not json\n", &log));
	journal_log_release(&log);
}

static void test_foreign_log_left_alone(void)
{
	char *log = path_join(dir, "log3"), *f = path_join(dir, "g"),
	     *run = path_join(log, "run-y");
	struct journal_change ch = {JOURNAL_CREATE, f, NULL, NULL, false, false};
	char *line = journal_change_text(&ch);

	if (geteuid() != 0) {
		free(line);
		free(run);
		free(f);
		free(log);
		return;
	}
	CHECK(mkdir(log, 0700) == 0);
	scratch_put(f, "mine\n");
	scratch_put(run, line);
	/* Only a log its own user wrote may say what to remove. */
	CHECK(chown(run, 65534, 65534) == 0);
	CHECK(journal_recover(msgs, log) == 0);
	CHECK(has(f, "mine\n"));
	free(line);
	free(run);
	free(f);
	free(log);
}

int main(void)
{
	capture_stderr("modxs");
	msgs->quiet = true;
	if (!mkdtemp(dir))
		return 1;
	test_dead_run_rolled_back();
	test_committed_log_finishes();
	test_dead_relink_swept();
	test_emptied_log_is_inert();
	test_parse();
	test_foreign_log_left_alone();
	char *rm[] = {"rm", "-rf", dir, NULL};
	spawn_run(rm);
	return check_status("test_journal");
}
