/*
 * test_pkg.c: --pkg gives exactly what `pkg-config --cflags --libs` gives,
 * for every package installed here that pkg-config itself can resolve,
 * as is and under PKG_CONFIG_SYSROOT_DIR; and several packages at once.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "capture.h"
#include "check.h"
#include "deps.h"
#include "pkg.h"
#include "proc.h"
#include "words.h"

/* At least this many packages must be compared, or the test proves little. */
#define MIN_PACKAGES 20

static const struct deps *lib;

/* What pkg-config prints for names, as words; false when it fails. */
static bool cli_words(const struct strvec *names, struct strvec *out)
{
	struct strvec argv = STRVEC_INIT;
	struct buf text = BUF_INIT;
	bool ok;

	strvec_push(&argv, "pkg-config");
	strvec_push(&argv, "--cflags");
	strvec_push(&argv, "--libs");
	strvec_extend(&argv, names);
	ok = spawn_capture(argv.v, &text) == 0 && words_split(text.s ? text.s : "", out);
	buf_release(&text);
	strvec_release(&argv);
	return ok;
}

static char *joined(const struct strvec *v)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < v->n; i++)
		buf_printf(&b, "%s[%s]", i ? " " : "", v->v[i]);
	return buf_detach(&b);
}

/*
 * What --pkg gives for names, the cflags then the libs, joined; NULL when it
 * fails. Asked in a child, as modxs asks once per run: libpkgconf 1.8 frees
 * its default personality for good when a client is done with it.
 */
static char *pkg_words(const struct strvec *names)
{
	struct buf text = BUF_INIT;
	int fd[2], status = 0;
	char chunk[4096];
	ssize_t n;

	if (pipe(fd) != 0)
		return NULL;
	pid_t pid = fork();
	if (pid == 0) {
		struct strvec cflags = STRVEC_INIT, libs = STRVEC_INIT;
		close(fd[0]);
		if (pkg_flags(msgs, lib, NULL, NULL, names, &cflags, &libs) != RC_OK)
			_exit(1);
		strvec_extend(&cflags, &libs);
		char *s = joined(&cflags);
		_exit(write(fd[1], s, strlen(s)) == (ssize_t)strlen(s) ? 0 : 1);
	}
	close(fd[1]);
	while ((n = read(fd[0], chunk, sizeof(chunk))) > 0)
		buf_add(&text, chunk, (size_t)n);
	close(fd[0]);
	if (pid < 0 || waitpid(pid, &status, 0) != pid || status != 0) {
		buf_release(&text);
		return NULL;
	}
	return text.s ? buf_detach(&text) : xstrdup("");
}

/* Compare one query; true when pkg-config answered it (and so it counts). */
static bool compare(const struct strvec *names)
{
	struct strvec want = STRVEC_INIT;
	bool answered = cli_words(names, &want);

	if (answered) {
		char *w = joined(&want), *g = pkg_words(names);
		if (!g)
			fprintf(stderr, "--pkg %s failed where pkg-config gives: %s\n", names->v[0],
				w);
		else if (strcmp(w, g) != 0)
			fprintf(stderr, "--pkg %s%s:\n got: %s\nwant: %s\n", names->v[0],
				names->n > 1 ? " (and more)" : "", g, w);
		CHECK_STR(g, w);
		free(w);
		free(g);
	}
	strvec_release(&want);
	return answered;
}

static void installed(struct strvec *names)
{
	char *argv[] = {"pkg-config", "--list-package-names", NULL};
	struct buf text = BUF_INIT;

	CHECK(spawn_capture(argv, &text) == 0);
	for (char *line = text.s, *end; line && *line; line = end + 1) {
		end = strchr(line, '\n');
		if (!end)
			break;
		*end = '\0';
		if (*line)
			strvec_push(names, line);
	}
	buf_release(&text);
}

/* Each package alone; the number pkg-config answered. */
static size_t compare_each(const struct strvec *names, struct strvec *answered)
{
	size_t n = 0;

	for (size_t i = 0; i < names->n; i++) {
		struct strvec one = STRVEC_INIT;
		strvec_push(&one, names->v[i]);
		if (compare(&one)) {
			n++;
			if (answered)
				strvec_push(answered, names->v[i]);
		}
		strvec_release(&one);
	}
	return n;
}

int main(void)
{
	struct strvec names = STRVEC_INIT, good = STRVEC_INIT, some = STRVEC_INIT;
	size_t n;

	capture_stderr("modxs");
	if (deps_load(msgs, "", &lib) != RC_OK)
		return 2;
	installed(&names);
	n = compare_each(&names, &good);
	printf("pkg-config comparison: %zu of %zu packages compared\n", n, names.n);
	CHECK(n >= MIN_PACKAGES);
	/* Several at once resolve together, as on pkg-config's command line. */
	for (size_t i = 0; i < good.n && i < 5; i++)
		strvec_push(&some, good.v[i]);
	if (some.n)
		compare(&some);
	setenv("PKG_CONFIG_SYSROOT_DIR", "/sysroot", 1);
	n = compare_each(&good, NULL);
	printf("under PKG_CONFIG_SYSROOT_DIR: %zu compared\n", n);
	unsetenv("PKG_CONFIG_SYSROOT_DIR");
	setenv("PKG_CONFIG_ALLOW_SYSTEM_CFLAGS", "1", 1);
	setenv("PKG_CONFIG_ALLOW_SYSTEM_LIBS", "1", 1);
	n = compare_each(&good, NULL);
	printf("keeping system dirs: %zu compared\n", n);
	strvec_release(&names);
	strvec_release(&good);
	strvec_release(&some);
	return check_status("test_pkg");
}
