/* scratch.h: what unit tests do in their scratch dirs: write a file, capture stderr. */
#ifndef MODXS_TEST_SCRATCH_H
#define MODXS_TEST_SCRATCH_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "util.h"

/* Write text to path, replacing it; a test that cannot set up its files stops (exit 2). */
static inline void scratch_put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) == EOF || fclose(f) == EOF) {
		perror(path);
		exit(2);
	}
}

/* scratch_put for the file name in dir. */
static inline void scratch_put_in(const char *dir, const char *name, const char *text)
{
	char *p = path_join(dir, name);
	scratch_put(p, text);
	free(p);
}

/* The stderr saved while a capture runs. */
static int scratch_saved_fd = -1;

/* Send stderr to dir/stderr.txt until scratch_capture_end. */
static inline void scratch_capture_start(const char *dir)
{
	char *p = path_join(dir, "stderr.txt");
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	fflush(stderr);
	scratch_saved_fd = dup(2);
	if (fd < 0 || scratch_saved_fd < 0 || dup2(fd, 2) < 0) {
		perror("capture");
		exit(2);
	}
	close(fd);
	free(p);
}

/* Put stderr back and return what was written to it (the first 4 KiB), until the next call. */
static inline const char *scratch_capture_end(const char *dir)
{
	static char text[4096];
	char *p = path_join(dir, "stderr.txt");
	FILE *f;
	size_t n;

	fflush(stderr);
	dup2(scratch_saved_fd, 2);
	close(scratch_saved_fd);
	f = fopen(p, "r");
	n = f ? fread(text, 1, sizeof(text) - 1, f) : 0;
	text[n] = '\0';
	if (f)
		fclose(f);
	free(p);
	return text;
}

#endif
