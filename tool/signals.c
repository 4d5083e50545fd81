/* signals.c: fatal signals remove the files in flight, or wait for the transaction to undo itself. */
#include "signals.h"

#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

/*
 * Paths to remove on a fatal signal: lock files and temp files. unlink() is
 * async-signal-safe, and a path is untracked before its string is freed.
 */
static const char *volatile tracked[64];
static volatile sig_atomic_t deferred;
static volatile sig_atomic_t pending;

static void remove_tracked(void)
{
	for (size_t i = 0; i < sizeof(tracked) / sizeof(*tracked); i++)
		if (tracked[i])
			unlink(tracked[i]);
}

static void on_signal(int sig)
{
	if (deferred) {
		pending = sig;
		return;
	}
	remove_tracked();
	signal(sig, SIG_DFL);
	raise(sig);
}

void signals_catch(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	static bool done;
	struct sigaction sa;

	if (done)
		return;
	done = true;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigfillset(&sa.sa_mask);
	/* No SA_RESTART: a wait for a child or a lock returns EINTR and sees the signal. */
	for (size_t i = 0; i < sizeof(sigs) / sizeof(*sigs); i++) {
		struct sigaction old;
		/* A signal the caller ignores (nohup, a background job) stays ignored. */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

bool signals_track(const char *path)
{
	for (size_t i = 0; i < sizeof(tracked) / sizeof(*tracked); i++) {
		if (!tracked[i]) {
			tracked[i] = path;
			return true;
		}
	}
	return false;
}

int signals_track_new(int fd, const char *path)
{
	if (fd < 0 || signals_track(path))
		return fd;
	unlink(path);
	close(fd);
	errno = EMFILE;
	return -1;
}

void signals_untrack(const char *path)
{
	for (size_t i = 0; i < sizeof(tracked) / sizeof(*tracked); i++)
		if (tracked[i] == path)
			tracked[i] = NULL;
}

void signals_defer(bool on)
{
	deferred = on;
}

int signals_pending(void)
{
	return pending;
}

void signals_hold(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, old);
}

void signals_restore(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

void signals_reraise(void)
{
	int sig = pending;

	if (!sig)
		return;
	deferred = 0;
	remove_tracked();
	signal(sig, SIG_DFL);
	raise(sig);
}
