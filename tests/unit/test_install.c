/*
 * test_install.c: -i -a as one transaction, through the library: the
 * module, its mode, its receipt and its config line, and nothing of them
 * left when a step fails.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture.h"
#include "check.h"
#include "deps.h"
#include "fileio.h"
#include "install.h"
#include "msg.h"
#include "proc.h"
#include "receipt.h"
#include "scratch.h"

static char dir[] = "/tmp/modxs-test-install-XXXXXX";

static const char module_text[] = "not really ELF, but bytes to copy\n";
static const char conf_before[] = "ServerRoot /srv\nLoadModule a_module /m/mod_a.so\n";

/* One run of modxs -i -a -n hello mod_hello.so on Apache's profile, its dirs under ROOT. */
struct scene {
	char *root;
	char *mods;   /* ROOT/mods: LIBEXECDIR */
	char *conf;   /* ROOT/etc/apache2.conf */
	char *state;  /* ROOT/state: MODXS_STATEDIR */
	char *module; /* ROOT/mod_hello.so: what is installed */
	struct request req;
	struct ctx c;
};

static void scene_open(struct scene *s, const char *name)
{
	char *etc, *failed = NULL;

	s->root = path_join(dir, name);
	s->mods = path_join(s->root, "mods");
	s->conf = path_join(s->root, "etc/apache2.conf");
	s->state = path_join(s->root, "state");
	s->module = path_join(s->root, "mod_hello.so");
	etc = path_dir(s->conf);
	CHECK(dir_make(NULL, etc, &failed) == 0);
	scratch_put(s->conf, conf_before);
	scratch_put(s->module, module_text);
	setenv("MODXS_STATEDIR", s->state, 1);

	request_init(&s->req, PERSONA_MODXS);
	s->req.mode = MODE_INSTALL;
	s->req.activate = true;
	s->req.name = "hello";
	s->req.host = "apache";
	s->req.layout = "single";
	s->req.no_config_test = true;
	strvec_push_owned(&s->req.sets, xasprintf("SYSCONFDIR=%s/etc", s->root));
	strvec_push_owned(&s->req.sets, xasprintf("LIBEXECDIR=%s", s->mods));
	strvec_push_owned(&s->req.sets, xasprintf("SBINDIR=%s/sbin", s->root));
	CHECK(ctx_load(&s->c, msgs, &s->req) == RC_OK);
	CHECK(deps_load(msgs, s->c.exe_dir, &s->c.deps) == RC_OK);
	free(etc);
	free(failed);
}

static void scene_close(struct scene *s)
{
	ctx_release(&s->c);
	request_release(&s->req);
	free(s->module);
	free(s->state);
	free(s->conf);
	free(s->mods);
	free(s->root);
}

/* install_run for the scene's module, with what it reported in *err. */
static int install(struct scene *s, const char **err)
{
	struct strvec mods = STRVEC_INIT;
	int rc;

	strvec_push(&mods, s->module);
	capture_start();
	rc = install_run(&s->c, &mods);
	*err = capture_err();
	strvec_release(&mods);
	return rc;
}

static void check_text(const char *path, const char *want)
{
	char *got = file_read_max(path, 1 << 20, NULL);
	CHECK_STR(got, want);
	free(got);
}

/* The receipt's path: STATE/receipts/KEY/hello.json, KEY the modules dir escaped. */
static char *receipt_of(const struct scene *s)
{
	struct buf key = BUF_INIT;

	for (const char *p = s->mods + 1; *p; p++)
		if (*p == '/')
			buf_putc(&key, '-');
		else if (*p == '-')
			buf_puts(&key, "\\x2d");
		else
			buf_putc(&key, *p);
	char *path = xasprintf("%s/receipts/%s/hello.json", s->state, key.s);
	buf_release(&key);
	return path;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in path, sorted and joined with spaces; "" when it is empty or missing. */
static char *entries(const char *path)
{
	struct strvec names = STRVEC_INIT;
	struct buf b = BUF_INIT;
	DIR *d = opendir(path);
	struct dirent *e;

	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			strvec_push(&names, e->d_name);
	if (d)
		closedir(d);
	if (names.n)
		qsort(names.v, names.n, sizeof(*names.v), by_name);
	for (size_t i = 0; i < names.n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", names.v[i]);
	strvec_release(&names);
	return b.s ? buf_detach(&b) : xstrdup("");
}

/* -i -a: the module copied at 0644, the line after the last LoadModule, a receipt of both. */
static void test_install(void)
{
	struct scene s;
	struct stat st;
	struct receipt r = RECEIPT_INIT;
	bool missing = true;
	const char *err;

	scene_open(&s, "ok");
	char *final = path_join(s.mods, "mod_hello.so");
	char *line = xasprintf("LoadModule hello_module       %s", final);
	char *conf_after = xasprintf("%s%s\n", conf_before, line);
	char *rpath = receipt_of(&s);
	char sha[65];

	CHECK(install(&s, &err) == RC_OK);
	CHECK_STR(err, "");
	check_text(final, module_text);
	CHECK(stat(final, &st) == 0 && (st.st_mode & 07777) == 0644);
	check_text(s.conf, conf_after);
	CHECK(receipt_read(msgs, rpath, &r, &missing) == RC_OK && !missing);
	CHECK_STR(r.name, "hello");
	CHECK_STR(r.host, "apache");
	CHECK_STR(r.layout, "single");
	CHECK_STR(r.config, s.conf);
	receipt_sha256(s.c.deps, module_text, strlen(module_text), sha);
	CHECK(r.files.n == 1 && r.hashes.n == 1);
	CHECK(r.files.n == 1 && strcmp(r.files.v[0], final) == 0);
	CHECK(r.hashes.n == 1 && strcmp(r.hashes.v[0], sha) == 0);
	CHECK(r.edits.n == 1 && str_starts(r.edits.v[0], "activate\t"));
	CHECK(r.edits.n == 1 && strstr(r.edits.v[0], line) != NULL);

	receipt_release(&r);
	free(rpath);
	free(conf_after);
	free(line);
	free(final);
	scene_close(&s);
}

/*
 * The second rename (the config's, after the module's) fails: the run
 * fails, and the modules dir, the config and the receipts are as before.
 */
static void test_rollback(void)
{
	struct scene s;
	const char *err;

	scene_open(&s, "fail");
	char *rpath = receipt_of(&s);
	char *receipts = path_join(s.state, "receipts");

	setenv("MODXS_FAILPOINT", "rename:2", 1);
	int rc = install(&s, &err);
	unsetenv("MODXS_FAILPOINT");
	CHECK(rc == RC_CONF);
	CHECK(strstr(err, "modxs: error: ") == err);
	CHECK(strstr(err, "Read-only file system") != NULL);
	char *left = entries(s.mods);
	CHECK_STR(left, "");
	free(left);
	check_text(s.conf, conf_before);
	CHECK(access(rpath, F_OK) != 0);
	left = entries(receipts);
	CHECK_STR(left, "");
	free(left);
	/* Nothing left over in etc/ either: no lock, no temp file, no backup. */
	char *etc = path_dir(s.conf);
	left = entries(etc);
	CHECK_STR(left, "apache2.conf");
	free(left);

	free(etc);
	free(receipts);
	free(rpath);
	scene_close(&s);
}

int main(void)
{
	capture_stderr("modxs");
	msgs->quiet = true;
	/* The profiles are the build tree's share/modxs, found from this program's bin/. */
	unsetenv("MODXS_DATADIR");
	unsetenv("MODXS_HOST");
	unsetenv("MODXS_FAILPOINT");
	unsetenv("DESTDIR");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_install();
	test_rollback();
	char *rm[] = {"rm", "-rf", dir, NULL};
	spawn_run(rm);
	return check_status("test_install");
}
