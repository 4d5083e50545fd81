/* test_proc.c: children from argv, exit codes, signals, the parallel pool. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "proc.h"

static void test_exit_codes(void)
{
	char *ok[] = {"true", NULL};
	char *fail[] = {"sh", "-c", "exit 7", NULL};
	char *killed[] = {"sh", "-c", "kill -TERM $$", NULL};
	char *missing[] = {"/nonexistent/modxs-no-such-program", NULL};

	CHECK(spawn_run(ok) == 0);
	CHECK(spawn_run(fail) == 7);
	CHECK(spawn_run(killed) == 128 + 15);
	errno = 0;
	CHECK(spawn_run(missing) == SPAWN_FAILED);
	CHECK(errno == ENOENT);
}

/* What a child of spawn_job wrote on our stdout and on our stderr, each read back from a file. */
static void run_job_split(struct job *j, char out[64], char err[64])
{
	FILE *o = tmpfile(), *e = tmpfile();
	int saved_out = dup(1), saved_err = dup(2);
	size_t n;

	if (!o || !e || saved_out < 0 || saved_err < 0 || dup2(fileno(o), 1) < 0 ||
	    dup2(fileno(e), 2) < 0) {
		perror("test_proc");
		exit(2);
	}
	CHECK(spawn_job(j) == 0 && j->status == 0);
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	close(saved_out);
	close(saved_err);
	rewind(o);
	rewind(e);
	n = fread(out, 1, 63, o);
	out[n] = '\0';
	n = fread(err, 1, 63, e);
	err[n] = '\0';
	fclose(o);
	fclose(e);
}

/* A job's stdout goes to our stderr when it asks (--json keeps stdout for the document). */
static void test_job_stdout_to_stderr(void)
{
	char *echo[] = {"sh", "-c", "echo out", NULL};
	struct job j = {.argv = echo, .fd = -1};
	char out[64], err[64];

	run_job_split(&j, out, err);
	CHECK_STR(out, "out\n");
	CHECK_STR(err, "");
	j.out_to_err = true;
	run_job_split(&j, out, err);
	CHECK_STR(out, "");
	CHECK_STR(err, "out\n");
}

/* Records what the pool reported, in order. */
struct seen {
	int started, done;
	char order[16];
};

static void on_start(struct job *j, void *arg)
{
	struct seen *s = arg;
	(void)j;
	s->started++;
}

static bool on_done(struct job *j, void *arg)
{
	struct seen *s = arg;
	s->order[s->done++] = *(const char *)j->data;
	return j->status == 0;
}

static void test_pool_captures_each_output(void)
{
	/* The word with a blank and a ';' must arrive as one argument. */
	char *a[] = {"printf", "%s|", "a b;c", NULL};
	char *b[] = {"sh", "-c", "echo err >&2; read x; echo \"stdin:$?\"", NULL};
	struct job jobs[2] = {{.argv = a, .data = "a"}, {.argv = b, .data = "b"}};
	struct seen s = {0};
	struct pool_cb cb = {on_start, on_done, &s};

	spawn_pool(jobs, 2, 2, &cb);
	CHECK(s.started == 2 && s.done == 2);
	CHECK(jobs[0].status == 0 && jobs[1].status == 0);
	CHECK(jobs[0].out.len == 6 && memcmp(jobs[0].out.s, "a b;c|", 6) == 0);
	/* stdin is /dev/null: read sees end of file at once. */
	CHECK(jobs[1].out.s && strcmp(jobs[1].out.s, "err\nstdin:1\n") == 0);
	job_release(&jobs[0]);
	job_release(&jobs[1]);
}

static void test_pool_stops_after_failure(void)
{
	char *fail[] = {"false", NULL};
	char *ok[] = {"true", NULL};
	struct job jobs[3] = {
		{.argv = fail, .data = "1"}, {.argv = ok, .data = "2"}, {.argv = ok, .data = "3"}};
	struct seen s = {0};
	struct pool_cb cb = {on_start, on_done, &s};

	spawn_pool(jobs, 3, 1, &cb);
	CHECK(s.done == 1 && s.order[0] == '1');
	CHECK(jobs[0].status == 1);
	CHECK(jobs[1].pid == 0 && jobs[2].pid == 0);
}

static void test_pool_reports_missing_program(void)
{
	char *missing[] = {"/nonexistent/cc", NULL};
	char *ok[] = {"true", NULL};
	struct job jobs[2] = {{.argv = ok, .data = "1"}, {.argv = missing, .data = "2"}};
	struct seen s = {0};
	struct pool_cb cb = {NULL, on_done, &s};

	spawn_pool(jobs, 2, 4, &cb);
	CHECK(s.done == 2);
	CHECK(jobs[1].status == SPAWN_FAILED && jobs[1].err == ENOENT);
	job_release(&jobs[0]);
}

static void test_cpus(void)
{
	CHECK(spawn_cpus() >= 1);
}

int main(void)
{
	test_exit_codes();
	test_job_stdout_to_stderr();
	test_pool_captures_each_output();
	test_pool_stops_after_failure();
	test_pool_reports_missing_program();
	test_cpus();
	return check_status("test_proc");
}
