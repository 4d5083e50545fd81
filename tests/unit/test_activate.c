/* test_activate.c: the config edits of -a, --deactivate and --uninstall, in each layout. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "activate.h"
#include "capture.h"
#include "check.h"
#include "deps.h"
#include "fileio.h"
#include "journal.h"
#include "msg.h"
#include "proc.h"

static char dir[] = "/tmp/modxs-test-activate-XXXXXX";

/* One layout's scratch tree DIR/NAME (etc/, mods/), and a run's context for it. */
struct scene {
	char *root;
	char *module; /* ROOT/mods/mod_hello.so, where -i would have put it */
	struct request o;
	struct ctx c;
	struct conf_place p;
};

static char *in(const struct scene *s, const char *rel)
{
	return path_join(s->root, rel);
}

static void put(const char *path, const char *text)
{
	char *parent = path_dir(path), *failed = NULL;
	FILE *f = dir_make(NULL, parent, &failed) == 0 ? fopen(path, "w") : NULL;

	if (!f || fputs(text, f) == EOF || fclose(f) == EOF) {
		perror(path);
		exit(2);
	}
	free(parent);
	free(failed);
}

/* The host's profile from the build tree's share/modxs, its dirs moved under ROOT with -S. */
static void scene_open(struct scene *s, const char *name, const char *host, const char *subdir)
{
	s->root = path_join(dir, name);
	s->module = in(s, "mods/mod_hello.so");
	request_init(&s->o, PERSONA_MODXS);
	s->o.host = host;
	s->o.no_config_test = true;
	strvec_push_owned(&s->o.sets, xasprintf("SYSCONFDIR=%s/etc", s->root));
	strvec_push_owned(&s->o.sets, xasprintf("LIBEXECDIR=%s/mods", s->root));
	strvec_push_owned(&s->o.sets, xasprintf("SBINDIR=%s/sbin", s->root));
	if (subdir) {
		char *d = in(s, subdir), *failed = NULL;
		CHECK(dir_make(NULL, d, &failed) == 0);
		free(d);
		free(failed);
	}
	CHECK(ctx_load(&s->c, msgs, &s->o) == RC_OK);
	CHECK(deps_load(msgs, s->c.exe_dir, &s->c.deps) == RC_OK);
	CHECK(conf_place_init(&s->c, NULL, &s->p) == RC_OK);
}

static void scene_close(struct scene *s)
{
	conf_place_release(&s->p);
	ctx_release(&s->c);
	request_release(&s->o);
	free(s->module);
	free(s->root);
}

/* One edit of module hello as modxs makes it: its own transaction, kept only when it succeeds. */
static int edit(struct scene *s, enum conf_action a, const char *module, struct receipt *r)
{
	char *journal = path_join(dir, "journal");
	struct journal j = JOURNAL_INIT;
	int rc = journal_begin(&j, msgs, journal) == 0 ? RC_OK : RC_INSTALL;

	if (!rc) {
		rc = conf_module_edit(&s->c, &j, &s->p, a, "hello", module, r);
		journal_end(&j, rc == RC_OK);
	}
	free(journal);
	return rc;
}

static void check_text(const char *path, const char *want)
{
	char *got = file_read_max(path, 1 << 20, NULL);
	CHECK_STR(got, want);
	free(got);
}

/* A second -a succeeds and changes nothing: it records no edit and the text stays. */
static void check_again(struct scene *s, const char *path, const char *text)
{
	struct receipt r = RECEIPT_INIT;

	CHECK(edit(s, CONF_ACTIVATE, s->module, &r) == RC_OK);
	CHECK(r.edits.n == 0);
	receipt_release(&r);
	check_text(path, text);
}

/* Activate (twice: the second changes nothing), deactivate, then remove the line of a one-file layout. */
static void check_cycle(struct scene *s, const char *conf, const char *before, const char *on,
			const char *off)
{
	CHECK(edit(s, CONF_ACTIVATE, s->module, NULL) == RC_OK);
	check_text(conf, on);
	check_again(s, conf, on);
	CHECK(edit(s, CONF_DEACTIVATE, NULL, NULL) == RC_OK);
	check_text(conf, off);
	CHECK(edit(s, CONF_REMOVE, NULL, NULL) == RC_OK);
	check_text(conf, before);
}

static void check_link(const char *path, const char *want)
{
	char got[256];
	ssize_t n = readlink(path, got, sizeof(got) - 1);

	got[n > 0 ? n : 0] = '\0';
	CHECK_STR(got, want);
}

/* edit() with stderr captured: what the user reads when it fails. */
static int edit_err(struct scene *s, enum conf_action a, const char *module, char **err)
{
	char *path = path_join(dir, "stderr.txt");
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600), saved = dup(2);

	fflush(stderr);
	dup2(fd, 2);
	int rc = edit(s, a, module, NULL);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(fd);
	*err = file_read_max(path, 1 << 16, NULL);
	free(path);
	return rc;
}

static bool missing(const char *path)
{
	struct stat st;
	return lstat(path, &st) != 0;
}

/* Apache's profile, no drop-in dir: one file, the line after the last LoadModule. */
static void test_single(void)
{
	const char *before = "ServerRoot /srv\nLoadModule a_module /m/mod_a.so\n";
	struct receipt r = RECEIPT_INIT;
	struct scene s;

	scene_open(&s, "single", "apache", NULL);
	CHECK(s.p.layout == LAYOUT_SINGLE);
	char *conf = in(&s, "etc/apache2.conf");
	char *line = xasprintf("LoadModule hello_module       %s", s.module);
	char *on = xasprintf("%s%s\n", before, line), *off = xasprintf("%s#%s\n", before, line);
	put(conf, before);

	CHECK(edit(&s, CONF_ACTIVATE, s.module, &r) == RC_OK);
	check_text(conf, on);
	CHECK(r.edits.n == 1 && str_starts(r.edits.v[0], "activate\t"));
	check_again(&s, conf, on);
	CHECK(edit(&s, CONF_DEACTIVATE, NULL, NULL) == RC_OK);
	check_text(conf, off);
	CHECK(edit(&s, CONF_REMOVE, NULL, NULL) == RC_OK);
	check_text(conf, before);

	receipt_release(&r);
	free(on);
	free(off);
	free(line);
	free(conf);
	scene_close(&s);
}

/* mods-available/ makes it Debian: NAME.load, and links in mods-enabled for it and NAME.conf. */
static void test_debian(void)
{
	struct scene s;

	scene_open(&s, "debian", "apache", "etc/mods-available");
	CHECK(s.p.layout == LAYOUT_DEBIAN);
	char *load = in(&s, "etc/mods-available/hello.load");
	char *conf = in(&s, "etc/mods-available/hello.conf");
	char *load_link = in(&s, "etc/mods-enabled/hello.load");
	char *conf_link = in(&s, "etc/mods-enabled/hello.conf");
	char *line = xasprintf("LoadModule hello_module       %s\n", s.module);
	put(conf, "# hello's settings\n");

	CHECK(edit(&s, CONF_ACTIVATE, s.module, NULL) == RC_OK);
	check_text(load, line);
	check_link(load_link, "../mods-available/hello.load");
	check_link(conf_link, "../mods-available/hello.conf");
	check_again(&s, load, line);
	CHECK(edit(&s, CONF_DEACTIVATE, NULL, NULL) == RC_OK);
	CHECK(missing(load_link) && missing(conf_link));
	check_text(load, line);
	CHECK(edit(&s, CONF_REMOVE, NULL, NULL) == RC_OK);
	CHECK(missing(load));
	check_text(conf, "# hello's settings\n");

	free(line);
	free(conf_link);
	free(load_link);
	free(conf);
	free(load);
	scene_close(&s);
}

/* conf.modules.d/ makes it Fedora: the module's own drop-in, 10-NAME.conf; others stay. */
static void test_fedora(void)
{
	const char *base = "LoadModule a_module /m/mod_a.so\n";
	struct scene s;

	scene_open(&s, "fedora", "apache", "etc/conf.modules.d");
	CHECK(s.p.layout == LAYOUT_FEDORA);
	char *other = in(&s, "etc/conf.modules.d/00-base.conf");
	char *mine = in(&s, "etc/conf.modules.d/10-hello.conf");
	char *line = xasprintf("LoadModule hello_module       %s\n", s.module);
	char *off = xasprintf("#%s", line);
	put(other, base);

	CHECK(edit(&s, CONF_ACTIVATE, s.module, NULL) == RC_OK);
	check_text(mine, line);
	check_again(&s, mine, line);
	CHECK(edit(&s, CONF_DEACTIVATE, NULL, NULL) == RC_OK);
	check_text(mine, off);
	CHECK(edit(&s, CONF_REMOVE, NULL, NULL) == RC_OK);
	CHECK(missing(mine));
	check_text(other, base);

	free(off);
	free(line);
	free(mine);
	free(other);
	scene_close(&s);
}

/* ProFTPD: mod_NAME.c inside <IfModule mod_dso.c>, and only for a module in its ModulePath. */
static void test_proftpd(void)
{
	const char *before =
		"ServerName x\n<IfModule mod_dso.c>\n  LoadModule mod_a.c\n</IfModule>\n";
	const char *on = "ServerName x\n<IfModule mod_dso.c>\n  LoadModule mod_a.c\n"
			 "  LoadModule mod_hello.c\n</IfModule>\n";
	const char *off = "ServerName x\n<IfModule mod_dso.c>\n  LoadModule mod_a.c\n"
			  "  #LoadModule mod_hello.c\n</IfModule>\n";
	struct scene s;

	scene_open(&s, "proftpd", "proftpd", NULL);
	CHECK(s.p.layout == LAYOUT_PROFTPD);
	char *conf = in(&s, "etc/proftpd.conf"), *elsewhere = in(&s, "other/mod_hello.so");
	char *mods = in(&s, "mods"), *err;
	char *why = xasprintf("modxs: error: '%s' is not in the default module dir '%s' of '%s': "
			      "the server loads modules only from there (set -S LIBEXECDIR='%s')\n",
			      elsewhere, mods, conf, mods);
	put(conf, before);

	CHECK(edit_err(&s, CONF_ACTIVATE, elsewhere, &err) == RC_CONF);
	CHECK_STR(err, why);
	check_text(conf, before);
	check_cycle(&s, conf, before, on, off);

	free(err);
	free(why);
	free(mods);
	free(elsewhere);
	free(conf);
	scene_close(&s);
}

/* The demo host's own file: "LoadModule NAME PATH", unpadded, after the last LoadModule. */
static void test_demo(void)
{
	const char *before = "ModulePath /m\nLoadModule a_module /m/mod_a.so\n";
	struct scene s;

	scene_open(&s, "demo", "demo", NULL);
	CHECK(s.p.layout == LAYOUT_DEMO);
	char *conf = in(&s, "etc/modxs-demo.conf");
	char *line = xasprintf("LoadModule hello_module %s", s.module);
	char *on = xasprintf("%s%s\n", before, line), *off = xasprintf("%s#%s\n", before, line);
	put(conf, before);

	check_cycle(&s, conf, before, on, off);

	free(on);
	free(off);
	free(line);
	free(conf);
	scene_close(&s);
}

/* The server's config test runs after an edit; when it fails, the transaction puts the file back. */
static void test_config_test(void)
{
	const char *before = "LoadModule a_module /m/mod_a.so\n";
	struct scene s;

	scene_open(&s, "conftest", "apache", NULL);
	s.o.no_config_test = false;
	char *conf = in(&s, "etc/apache2.conf"), *server = in(&s, "sbin/apache2");
	char *ctl = in(&s, "sbin/apache2ctl");
	char *on = xasprintf("%sLoadModule hello_module       %s\n", before, s.module), *err;
	char *why = xasprintf("Syntax error on line 2 of %s\nmodxs: error: the server rejected "
			      "'%s' (apache2ctl exited with 1); restored the previous version\n",
			      conf, conf);
	put(conf, before);
	put(server, "#!/bin/sh\nexit 0\n");
	put(ctl, "#!/bin/sh\nexit 0\n");
	CHECK(chmod(server, 0755) == 0 && chmod(ctl, 0755) == 0);

	CHECK(edit(&s, CONF_ACTIVATE, s.module, NULL) == RC_OK);
	check_text(conf, on);
	put(ctl, "#!/bin/sh\necho \"Syntax error on line 2 of $3\"\nexit 1\n");
	CHECK(edit_err(&s, CONF_DEACTIVATE, NULL, &err) == RC_CONFTEST);
	CHECK_STR(err, why);
	check_text(conf, on);

	free(err);
	free(why);
	free(on);
	free(ctl);
	free(server);
	free(conf);
	scene_close(&s);
}

int main(void)
{
	capture_stderr("modxs");
	msgs->quiet = true;
	/* The profiles are the build tree's share/modxs, found from this program's bin/. */
	unsetenv("MODXS_DATADIR");
	unsetenv("MODXS_HOST");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_single();
	test_debian();
	test_fedora();
	test_proftpd();
	test_demo();
	test_config_test();
	char *rm[] = {"rm", "-rf", dir, NULL};
	spawn_run(rm);
	return check_status("test_activate");
}
