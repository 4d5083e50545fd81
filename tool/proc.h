/* proc.h: running children from argv vectors, one at a time or as a pool. */
#ifndef MODXS_PROC_H
#define MODXS_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util.h"

/* Result of a child that could not be started (errno tells why). */
#define SPAWN_FAILED (-1)

/* One child: what to run, and how it ended. */
struct job {
	char **argv; /* NULL-terminated; borrowed from the caller */
	void *data;  /* the caller's, handed back in the done callback */
	pid_t pid;
	int fd;		/* read end of the output pipe while it runs, else -1 */
	struct buf out; /* the child's stdout and stderr, when captured */
	int status;	/* exit code, 128+signal, or SPAWN_FAILED */
	int err;	/* errno of a failed start, else 0 */
	/*
	 * Send the child's stdout to stderr, when it is not captured: with
	 * --json, stdout holds the document, and libtool prints its commands there.
	 */
	bool out_to_err;
	/* When captured, drop the child's stderr: only what it answers on stdout is wanted. */
	bool drop_err;
	/* When captured, leave the child's stderr modxs's own: its messages reach the user. */
	bool own_err;
	/* The dir the child starts in; NULL: modxs's own. */
	const char *cwd;
};

/* What the pool tells its caller: each job as it starts and as it ends. */
struct pool_cb {
	/* A job is about to start (print its command or progress line). */
	void (*start)(struct job *j, void *arg);
	/* A job ended; false means start no further jobs (running ones are waited for). */
	bool (*done)(struct job *j, void *arg);
	void *arg;
};

/*
 * Run argv with stdin from /dev/null and stdout/stderr inherited; wait.
 * Returns the exit code, 128+signal, or SPAWN_FAILED with errno set.
 */
int spawn_run(char *const *argv);
/* spawn_run for j->argv with j's settings; the result is also left in j->status. */
int spawn_job(struct job *j);
/*
 * Run argv with stdin from /dev/null and stdout and stderr appended to out;
 * wait. Returns as spawn_run() does.
 */
int spawn_capture(char *const *argv, struct buf *out);
/* spawn_capture() with the child started in dir. */
int spawn_capture_in(const char *dir, char *const *argv, struct buf *out);
/* spawn_capture() of stdout alone; the child's stderr is modxs's own. */
int spawn_capture_stdout(char *const *argv, struct buf *out);
/*
 * Run argv with stdin from /dev/null, stdout appended to out and stderr
 * dropped (a tool asked for a value); wait. Returns as spawn_run() does.
 */
int spawn_output(char *const *argv, struct buf *out);
/*
 * Run the jobs, at most max at once, calling cb as each starts and ends.
 * With more than one at once, each child's output is collected in j->out
 * so that outputs never interleave. Jobs never started keep pid 0.
 */
void spawn_pool(struct job *jobs, size_t n, int max, const struct pool_cb *cb);
/* Free what a job collected. */
void job_release(struct job *j);
/* The number of CPUs online, at least 1. */
int spawn_cpus(void);
/* argv[0] resolved through $PATH, as a new string; NULL when it is not an executable. */
char *spawn_find(const char *name);

#endif
