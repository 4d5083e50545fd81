/* test_lockfile.c: a lock is held by flock alone; the pid in it is only for messages. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "lockfile.h"
#include "proc.h"
#include "scratch.h"
#include "util.h"

static char dir[] = "/tmp/modxs-test-lockfile-XXXXXX";

/* Write text to path, replacing it. */
static void test_hold_and_release(void)
{
	char *lp = path_join(dir, "a.lock");
	struct lockfile a = LOCKFILE_INIT, b = LOCKFILE_INIT;

	CHECK(lockfile_hold(&a, lp, 0) == 0 && a.fd >= 0 && !a.broke);
	/* The same process asking again waits like anyone else: flocks are per open file. */
	CHECK(lockfile_hold(&b, lp, 50) != 0 && errno == ETIMEDOUT && b.holder == (long)getpid());
	lockfile_release(&b);
	lockfile_release(&a);
	CHECK(access(lp, F_OK) != 0);
	free(lp);
}

static void test_stale_whatever_pid(void)
{
	char *lp = path_join(dir, "b.lock");
	struct lockfile a = LOCKFILE_INIT;
	char text[32];

	/* Our own pid is alive, but nothing flocks the file: stale at once. */
	snprintf(text, sizeof(text), "%ld\n", (long)getpid());
	scratch_put(lp, text);
	CHECK(lockfile_hold(&a, lp, 0) == 0 && a.broke && a.stale == (long)getpid());
	lockfile_release(&a);
	free(lp);
}

static void test_held_by_another(void)
{
	char *lp = path_join(dir, "c.lock");
	struct lockfile a = LOCKFILE_INIT;
	int ready[2];
	char c;

	CHECK(pipe(ready) == 0);
	pid_t pid = fork();
	if (pid == 0) {
		struct lockfile mine = LOCKFILE_INIT;
		if (lockfile_hold(&mine, lp, 0) != 0)
			_exit(1);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		sleep(5);
		_exit(0);
	}
	CHECK(read(ready[0], &c, 1) == 1);
	CHECK(lockfile_hold(&a, lp, 100) != 0 && errno == ETIMEDOUT && a.holder == (long)pid);
	lockfile_release(&a);
	/* Killed: its flock is gone with it, so its lock is stale at once. */
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	CHECK(lockfile_hold(&a, lp, 0) == 0 && a.broke && a.stale == (long)pid);
	lockfile_release(&a);
	close(ready[0]);
	close(ready[1]);
	free(lp);
}

static void test_not_a_lock_file(void)
{
	char *lp = path_join(dir, "d.lock"), *victim = path_join(dir, "victim");
	struct lockfile a = LOCKFILE_INIT;

	scratch_put(victim, "keep\n");
	CHECK(symlink(victim, lp) == 0);
	CHECK(lockfile_hold(&a, lp, 0) != 0 && errno == EINVAL);
	lockfile_release(&a);
	CHECK(access(lp, F_OK) == 0);
	unlink(lp);
	CHECK(mkdir(lp, 0755) == 0);
	CHECK(lockfile_hold(&a, lp, 0) != 0 && errno == EINVAL);
	lockfile_release(&a);
	free(victim);
	free(lp);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	test_hold_and_release();
	test_stale_whatever_pid();
	test_held_by_another();
	test_not_a_lock_file();
	char *rm[] = {"rm", "-rf", dir, NULL};
	spawn_run(rm);
	return check_status("test_lockfile");
}
