/* tempfile.c: exclusive creation under unpredictable names, and cleanup on signals. */
#include "tempfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "failpoint.h"
#include "signals.h"
#include "util.h"

int tempfile_create(struct tempfile *t, const char *target)
{
	char *dir = path_dir(target);
	char *tmpl = xasprintf("%s/.%s.modxs-XXXXXX", dir, path_base(target));
	sigset_t old;
	int fd;

	free(dir);
	signals_catch();
	signals_hold(&old);
	/* mkstemp opens with O_CREAT|O_EXCL, which refuses an existing name, links too. */
	fd = signals_track_new(mkstemp(tmpl), tmpl);
	int e = errno;
	signals_restore(&old);
	if (fd < 0) {
		free(tmpl);
		errno = e;
		return -1;
	}
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	t->path = tmpl;
	t->fd = fd;
	return 0;
}

int tempfile_close(struct tempfile *t)
{
	int fd = t->fd;

	t->fd = -1;
	if (FAILPOINT("fsync") || fsync(fd) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return close(fd);
}

/* Forget the path: untracked first, so the signal handler never sees freed memory. */
static void forget(struct tempfile *t)
{
	sigset_t old;

	signals_hold(&old);
	signals_untrack(t->path);
	signals_restore(&old);
	free(t->path);
	t->path = NULL;
}

int tempfile_rename(struct tempfile *t, const char *dest)
{
	if (t->fd >= 0 && tempfile_close(t) != 0)
		return -1;
	if (FAILPOINT("rename") || rename(t->path, dest) != 0)
		return -1;
	forget(t);
	return 0;
}

void tempfile_delete(struct tempfile *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
	if (!t->path)
		return;
	unlink(t->path);
	forget(t);
}

char *tempfile_name(const char *target, const char *kind)
{
	static const char set[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	unsigned char rnd[12];
	char tail[sizeof(rnd) + 1];
	char *dir = path_dir(target), *name;
	size_t got = 0;

	while (got < sizeof(rnd)) {
		ssize_t n = getrandom(rnd + got, sizeof(rnd) - got, 0);
		if (n < 0 && errno != EINTR)
			abort(); /* no entropy at all: nothing safe can be named */
		if (n > 0)
			got += (size_t)n;
	}
	for (size_t i = 0; i < sizeof(rnd); i++)
		tail[i] = set[rnd[i] % (sizeof(set) - 1)];
	tail[sizeof(rnd)] = '\0';
	name = xasprintf("%s/.%s.modxs-%s-%s", dir, path_base(target), kind, tail);
	free(dir);
	return name;
}

bool tempfile_is_temp_of(const char *name, const char *base)
{
	size_t n = strlen(base);

	if (name[0] != '.' || strncmp(name + 1, base, n) != 0 ||
	    !str_starts(name + n + 1, ".modxs-"))
		return false;
	name += n + 8;
	/* mkstemp's six characters, or a relinking temp: never a saved copy, which the journal owns. */
	return strlen(name) == 6 || str_starts(name, "link-") || str_starts(name, "copy-");
}

void tempfile_sweep(const char *target)
{
	char *dir = path_dir(target);
	const char *base = path_base(target);
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		if (!tempfile_is_temp_of(e->d_name, base))
			continue;
		char *p = path_join(dir, e->d_name);
		unlink(p);
		free(p);
	}
	if (d)
		closedir(d);
	free(dir);
}
