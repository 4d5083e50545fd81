/* proc.c: children by posix_spawn, never through a shell. */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT; posix_spawn_file_actions_addchdir_np */
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "signals.h"

extern char **environ;

/* Exit code, or 128+signal as a shell reports it. */
static int decode(int ws)
{
	if (WIFEXITED(ws))
		return WEXITSTATUS(ws);
	if (WIFSIGNALED(ws))
		return 128 + WTERMSIG(ws);
	return SPAWN_FAILED;
}

/* A signal for modxs is passed on to a child it waits for, so the run can roll back. */
static void pass_signal(pid_t pid, bool *sent)
{
	if (!*sent && signals_pending()) {
		kill(pid, SIGTERM);
		*sent = true;
	}
}

static int wait_for(pid_t pid)
{
	bool sent = false;
	int ws;

	pass_signal(pid, &sent);
	while (waitpid(pid, &ws, 0) < 0) {
		if (errno != EINTR)
			return SPAWN_FAILED;
		pass_signal(pid, &sent);
	}
	return decode(ws);
}

/* A pipe whose ends are closed in every child but the one they are given to. */
static int cloexec_pipe(int fd[2])
{
	if (pipe(fd) < 0)
		return -1;
	fcntl(fd[0], F_SETFD, FD_CLOEXEC);
	fcntl(fd[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

/* Start j; with capture, its stdout and stderr go to a pipe read by the parent. */
static bool start(struct job *j, bool capture)
{
	posix_spawn_file_actions_t fa;
	int pfd[2] = {-1, -1};
	int rc;

	j->fd = -1;
	if (capture && cloexec_pipe(pfd) < 0) {
		j->err = errno;
		j->status = SPAWN_FAILED;
		return false;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (capture) {
		posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
		if (j->drop_err)
			posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
		else if (!j->own_err)
			posix_spawn_file_actions_adddup2(&fa, pfd[1], 2);
	} else if (j->out_to_err) {
		posix_spawn_file_actions_adddup2(&fa, 2, 1);
	}
	if (j->cwd)
		posix_spawn_file_actions_addchdir_np(&fa, j->cwd);
	rc = posix_spawnp(&j->pid, j->argv[0], &fa, NULL, j->argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (capture)
		close(pfd[1]);
	if (rc) {
		if (capture)
			close(pfd[0]);
		j->pid = 0;
		j->err = rc;
		j->status = SPAWN_FAILED;
		return false;
	}
	j->fd = pfd[0];
	return true;
}

int spawn_job(struct job *j)
{
	if (!start(j, false)) {
		errno = j->err;
		return j->status;
	}
	return j->status = wait_for(j->pid);
}

int spawn_run(char *const *argv)
{
	struct job j = {.argv = (char **)argv, .fd = -1};

	return spawn_job(&j);
}

/* Start j with its output to a pipe, collect the output in out, and wait. */
static int capture(struct job *j, struct buf *out)
{
	char chunk[4096];
	ssize_t n;

	if (!start(j, true)) {
		errno = j->err;
		return SPAWN_FAILED;
	}
	bool sent = false;
	while ((n = read(j->fd, chunk, sizeof(chunk))) > 0 || (n < 0 && errno == EINTR)) {
		if (n > 0)
			buf_add(out, chunk, (size_t)n);
		else
			pass_signal(j->pid, &sent);
	}
	close(j->fd);
	return wait_for(j->pid);
}

int spawn_capture(char *const *argv, struct buf *out)
{
	struct job j = {.argv = (char **)argv, .fd = -1};

	return capture(&j, out);
}

int spawn_capture_in(const char *dir, char *const *argv, struct buf *out)
{
	struct job j = {.argv = (char **)argv, .fd = -1, .cwd = dir};

	return capture(&j, out);
}

int spawn_output(char *const *argv, struct buf *out)
{
	struct job j = {.argv = (char **)argv, .fd = -1, .drop_err = true};

	return capture(&j, out);
}

int spawn_capture_stdout(char *const *argv, struct buf *out)
{
	struct job j = {.argv = (char **)argv, .fd = -1, .own_err = true};

	return capture(&j, out);
}

/* One job at a time, output straight through to the terminal. */
static void run_serial(struct job *jobs, size_t n, const struct pool_cb *cb)
{
	for (size_t i = 0; i < n; i++) {
		struct job *j = &jobs[i];
		if (cb->start)
			cb->start(j, cb->arg);
		if (start(j, false))
			j->status = wait_for(j->pid);
		if (!cb->done(j, cb->arg))
			return;
	}
}

/* Read what j wrote; at end of file reap it. True when j has ended. */
static bool drain(struct job *j)
{
	char chunk[4096];
	ssize_t n = read(j->fd, chunk, sizeof(chunk));

	if (n > 0) {
		buf_add(&j->out, chunk, (size_t)n);
		return false;
	}
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return false;
	close(j->fd);
	j->fd = -1;
	j->status = wait_for(j->pid);
	return true;
}

void spawn_pool(struct job *jobs, size_t n, int max, const struct pool_cb *cb)
{
	size_t next = 0, running = 0, cap = (size_t)(max < 1 ? 1 : max);
	struct pollfd *pfd;
	struct job **who;
	bool stop = false;

	if (cap == 1 || n <= 1) {
		run_serial(jobs, n, cb);
		return;
	}
	if (cap > n)
		cap = n;
	pfd = xcalloc(cap, sizeof(*pfd));
	who = xcalloc(cap, sizeof(*who));
	for (;;) {
		while (!stop && next < n && running < cap) {
			struct job *j = &jobs[next++];
			if (cb->start)
				cb->start(j, cb->arg);
			if (start(j, true))
				running++;
			else
				stop = !cb->done(j, cb->arg);
		}
		if (!running)
			break;
		size_t k = 0;
		for (size_t i = 0; i < next; i++) {
			if (jobs[i].fd >= 0) {
				pfd[k] = (struct pollfd){.fd = jobs[i].fd, .events = POLLIN};
				who[k++] = &jobs[i];
			}
		}
		if (poll(pfd, k, -1) < 0) {
			if (errno == EINTR)
				continue;
			/* poll itself failed: read each in turn, blocking, rather than spin. */
			for (size_t i = 0; i < k; i++)
				pfd[i].revents = POLLIN;
		}
		for (size_t i = 0; i < k; i++) {
			if (pfd[i].revents && drain(who[i])) {
				running--;
				if (!cb->done(who[i], cb->arg))
					stop = true;
			}
		}
	}
	free(pfd);
	free(who);
}

void job_release(struct job *j)
{
	buf_release(&j->out);
}

int spawn_cpus(void)
{
	cpu_set_t set;
	long n;

	/* Like nproc: a container or taskset may allow fewer CPUs than are online. */
	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		n = CPU_COUNT(&set);
	else
		n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 1024 ? 1024 : (int)n;
}

char *spawn_find(const char *name)
{
	const char *path = getenv("PATH");

	if (strchr(name, '/'))
		return access(name, X_OK) == 0 ? xstrdup(name) : NULL;
	for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
		size_t n = strcspn(p, ":");
		char *cand = xasprintf("%.*s/%s", (int)n, n ? p : ".", name);
		if (access(cand, X_OK) == 0)
			return cand;
		free(cand);
		p += n + (p[n] == ':');
	}
	return NULL;
}
