/* fuzz.c: the scratch dir and helpers behind fuzz.h. */
#define _GNU_SOURCE
#include "fuzz.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static char *dir;

/* Remove the scratch dir and what the targets left in it (one level, no subdirs expected). */
static void remove_dir(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d) {
		while ((e = readdir(d)))
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
				char *p = path_join(dir, e->d_name);
				if (unlink(p) < 0)
					rmdir(p);
				free(p);
			}
		closedir(d);
	}
	rmdir(dir);
	free(dir);
	dir = NULL;
}

const char *fuzz_dir(void)
{
	if (dir)
		return dir;
	const char *tmp = getenv("TMPDIR");
	char *tmpl = xasprintf("%s/modxs-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(tmpl)) {
		perror("fuzz: mkdtemp");
		abort();
	}
	dir = tmpl;
	atexit(remove_dir);
	return dir;
}

char *fuzz_path(const char *name)
{
	return path_join(fuzz_dir(), name);
}

char *fuzz_file(const char *name, const uint8_t *data, size_t size)
{
	char *p = fuzz_path(name);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size) || close(fd) < 0) {
		perror(p);
		abort();
	}
	return p;
}

char *fuzz_str(const uint8_t *data, size_t size)
{
	return xstrndup((const char *)data, size);
}

void fuzz_fail(const char *what)
{
	/* stdout too: tests/fuzz/run closes the target's stderr to silence error lines. */
	printf("fuzz: invariant broken: %s\n", what);
	fflush(stdout);
	fprintf(stderr, "fuzz: invariant broken: %s\n", what);
	abort();
}
