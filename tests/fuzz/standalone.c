/*
 * standalone.c: replay files through a fuzz target without libFuzzer, so
 * the seed corpus and every input that once crashed run in the ordinary
 * test suite (and under the asan preset) on any compiler.
 * Usage: fuzz-TARGET FILE|DIR...
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "util.h"

/* Weak, so targets without set-up need not define it. */
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

static size_t runs;

/* Feed one file to the target; false if it cannot be read. */
static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;

	if (!f) {
		perror(path);
		return 0;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	int ok = !ferror(f);
	fclose(f);
	if (ok) {
		LLVMFuzzerTestOneInput((const uint8_t *)(b.s ? b.s : ""), b.len);
		runs++;
	}
	buf_release(&b);
	return ok;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Feed every regular file of dir, in name order so failures reproduce. */
static int run_dir(const char *dir)
{
	struct strvec names = STRVEC_INIT;
	DIR *d = opendir(dir);
	struct dirent *e;
	int ok = 1;

	if (!d) {
		perror(dir);
		return 0;
	}
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			strvec_push(&names, e->d_name);
	closedir(d);
	if (names.n)
		qsort(names.v, names.n, sizeof(*names.v), cmp);
	for (size_t i = 0; i < names.n && ok; i++) {
		char *p = path_join(dir, names.v[i]);
		ok = run_file(p);
		free(p);
	}
	strvec_release(&names);
	return ok;
}

int main(int argc, char **argv)
{
	struct stat st;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		if (stat(argv[i], &st) < 0) {
			/* A missing regression dir simply holds no inputs yet. */
			continue;
		}
		if (!(S_ISDIR(st.st_mode) ? run_dir(argv[i]) : run_file(argv[i])))
			return 1;
	}
	printf("%zu inputs replayed without a crash\n", runs);
	/* Zero inputs would be a test that cannot fail: treat it as a failure. */
	return runs ? 0 : 1;
}
