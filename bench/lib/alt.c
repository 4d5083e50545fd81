/*
 * alt.c: time several commands alternately, round by round.
 *
 * hyperfine runs every run of one command before the next command, so
 * noise that drifts over a run (other jobs on a shared machine, CPU
 * frequency) lands on one tool more than another. alt runs round 1 of
 * every command, then round 2, in a new shuffled order each round, so each
 * tool sees the same conditions, runs first and last and after each other
 * tool about equally often, and the ratios stay fair.
 *
 * usage: alt RUNS WARMUP OUT.tsv SPEC
 *
 * SPEC holds one token per line:
 *   @cmd NAME     starts a command
 *   @dir DIR      working directory of its steps (default: the current one)
 *   @log FILE     where its output goes (default: /dev/null)
 *   @prep         an untimed step run before each timed run; argv follows
 *   @run          a timed step; argv follows; several are timed as one
 * Every other line is one argument of the step above it.
 *
 * OUT.tsv gets one line per timed run: name, round, wall, user, sys
 * (seconds) and the peak RSS (KiB) of the largest process it ran. A step
 * that fails stops the program with exit 1 and names the command.
 */
#define _GNU_SOURCE /* posix_spawn_file_actions_addchdir_np */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

enum { MAXCMD = 16, MAXSTEP = 64 };

struct step {
	int timed;
	int argc;
	char **argv;
};

struct cmd {
	char *name;
	char *dir;
	char *log;
	int nstep;
	struct step step[MAXSTEP];
};

static struct cmd cmds[MAXCMD];
static int ncmd;

/* Print a message and exit 2: the spec or the machine is at fault. */
static void die(const char *what, const char *arg)
{
	fprintf(stderr, "alt: %s%s%s\n", what, arg ? " " : "", arg ? arg : "");
	exit(2);
}

/* Add one argument to the last step of the last command. */
static void add_arg(const char *word)
{
	struct cmd *c = &cmds[ncmd - 1];
	struct step *s;

	if (ncmd == 0 || c->nstep == 0)
		die("argument outside a step:", word);
	s = &c->step[c->nstep - 1];
	s->argv = realloc(s->argv, sizeof(*s->argv) * (size_t)(s->argc + 2));
	if (!s->argv)
		die("out of memory", NULL);
	s->argv[s->argc++] = strdup(word);
	s->argv[s->argc] = NULL;
}

/* Start a new step of the last command. */
static void add_step(int timed)
{
	struct cmd *c = &cmds[ncmd - 1];

	if (ncmd == 0 || c->nstep == MAXSTEP)
		die("step outside a command, or too many steps", NULL);
	c->step[c->nstep].timed = timed;
	c->step[c->nstep].argc = 0;
	c->step[c->nstep].argv = NULL;
	c->nstep++;
}

/* Read the spec file into cmds. */
static void read_spec(const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (!f)
		die("cannot open", path);
	while ((n = getline(&line, &cap, f)) >= 0) {
		if (n > 0 && line[n - 1] == '\n')
			line[n - 1] = '\0';
		if (strncmp(line, "@cmd ", 5) == 0) {
			if (ncmd == MAXCMD)
				die("too many commands", NULL);
			cmds[ncmd++].name = strdup(line + 5);
		} else if (strncmp(line, "@dir ", 5) == 0 && ncmd) {
			cmds[ncmd - 1].dir = strdup(line + 5);
		} else if (strncmp(line, "@log ", 5) == 0 && ncmd) {
			cmds[ncmd - 1].log = strdup(line + 5);
		} else if (strcmp(line, "@prep") == 0) {
			add_step(0);
		} else if (strcmp(line, "@run") == 0) {
			add_step(1);
		} else {
			add_arg(line);
		}
	}
	free(line);
	fclose(f);
}

/* Seconds since an arbitrary start, from the monotonic clock. */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Seconds in a timeval. */
static double secs(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/*
 * Run one step in c's dir with output to c's log; add its CPU times to
 * *user and *sys and raise *rss to its peak. Returns its exit status.
 */
static int run_step(const struct cmd *c, const struct step *s, double *user, double *sys, long *rss)
{
	posix_spawn_file_actions_t fa;
	const char *log = c->log ? c->log : "/dev/null";
	struct rusage ru;
	pid_t pid;
	int st, err;

	if (s->argc == 0)
		die("empty step in", c->name);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0644);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	if (c->dir)
		posix_spawn_file_actions_addchdir_np(&fa, c->dir);
	err = posix_spawnp(&pid, s->argv[0], &fa, NULL, s->argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err) {
		errno = err;
		perror(s->argv[0]);
		return 127;
	}
	while (wait4(pid, &st, 0, &ru) < 0)
		if (errno != EINTR)
			die("wait4 failed for", c->name);
	*user += secs(ru.ru_utime);
	*sys += secs(ru.ru_stime);
	if (ru.ru_maxrss > *rss)
		*rss = ru.ru_maxrss;
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}

/* One round of command c: its preps untimed, then its timed steps. */
static void run_cmd(const struct cmd *c, int round, FILE *out)
{
	double t0 = 0, wall = 0, user = 0, sys = 0, u0 = 0, s0 = 0;
	long rss = 0, r0 = 0;
	int i, rc;

	if (c->log) {
		FILE *f = fopen(c->log, "w"); /* keep only the last run's output */
		if (f)
			fclose(f);
	}
	for (i = 0; i < c->nstep; i++) {
		const struct step *s = &c->step[i];

		if (s->timed)
			t0 = now();
		rc = s->timed ? run_step(c, s, &user, &sys, &rss) : run_step(c, s, &u0, &s0, &r0);
		if (s->timed)
			wall += now() - t0;
		if (rc != 0) {
			fprintf(stderr, "alt: '%s' failed (exit %d) in step %d: %s\n", c->name, rc,
				i + 1, s->argv[0]);
			exit(1);
		}
	}
	if (round >= 0)
		fprintf(out, "%s\t%d\t%.6f\t%.6f\t%.6f\t%ld\n", c->name, round, wall, user, sys,
			rss);
}

/*
 * A new order for a round: 0..n-1 shuffled (Fisher-Yates, xorshift from a
 * fixed seed, so a run can be repeated). Not a rotation: with three tools
 * rotated, the first always ran right after the third in two rounds of
 * three, so it paid more often for the caches a slow tool had emptied.
 * Shuffled, each tool follows each other about equally often.
 */
static void shuffle(int *order, int n, unsigned long long *seed)
{
	for (int i = 0; i < n; i++)
		order[i] = i;
	for (int i = n - 1; i > 0; i--) {
		*seed ^= *seed << 13;
		*seed ^= *seed >> 7;
		*seed ^= *seed << 17;
		int j = (int)(*seed % (unsigned long long)(i + 1)), t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
}

int main(int argc, char **argv)
{
	unsigned long long seed = 0x9e3779b97f4a7c15ull;
	int runs, warmup, r, k;
	FILE *out;

	if (argc != 5)
		die("usage: alt RUNS WARMUP OUT.tsv SPEC", NULL);
	runs = (int)strtol(argv[1], NULL, 10);
	warmup = (int)strtol(argv[2], NULL, 10);
	read_spec(argv[4]);
	if (ncmd == 0 || runs < 1 || warmup < 0)
		die("nothing to run", NULL);
	out = fopen(argv[3], "w");
	if (!out)
		die("cannot write", argv[3]);
	for (r = 0; r < warmup + runs; r++) {
		int order[MAXCMD];
		shuffle(order, ncmd, &seed);
		for (k = 0; k < ncmd; k++)
			run_cmd(&cmds[order[k]], r - warmup, out);
	}
	if (fclose(out) != 0)
		die("cannot write", argv[3]);
	return 0;
}
