/* rec_apache.c: recording Apache httpd from config_vars.mk, as apxs reads it. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "proc.h"
#include "recording.h"

/* Real build files are a few KiB. */
#define MAX_MK (4u << 20)

/* Where distributions keep config_vars.mk: Debian's first, as apache2-dev puts it there. */
static const char *const config_vars[] = {
	"/usr/share/apache2/build/config_vars.mk",
	"/usr/lib64/httpd/build/config_vars.mk",
	"/usr/lib/httpd/build/config_vars.mk",
	"/usr/local/apache2/build/config_vars.mk",
	NULL,
};

/* True if prog is this very program (the apxs persona on PATH): asking it would loop. */
static bool is_self(const char *prog)
{
	char *self = path_self(), a[PATH_MAX], b[PATH_MAX];
	bool same = self && realpath(self, a) && realpath(prog, b) && strcmp(a, b) == 0;

	free(self);
	return same;
}

/* The config_vars.mk of the apxs on PATH, or NULL. */
static char *from_apxs(const struct recorder_env *e)
{
	const char *names[] = {"apxs", "apxs2"};
	char *found = NULL;

	for (size_t i = 0; i < 2 && !found; i++) {
		char *apxs = spawn_find(names[i]);
		if (apxs && !is_self(apxs)) {
			struct strvec ran = STRVEC_INIT;
			const char *argv[] = {apxs, "-q", "installbuilddir", NULL};
			char *dir = recorder_output(e, argv, &ran);
			if (dir && *dir)
				found = path_join(dir, "config_vars.mk");
			if (found && !recorder_exists(e, found)) {
				free(found);
				found = NULL;
			}
			free(dir);
			strvec_release(&ran);
		}
		free(apxs);
	}
	return found;
}

static bool find_apache(const struct recorder_env *e, const char *from, struct strvec *found)
{
	char *mk;

	if (from) {
		strvec_push(found, from);
		return true;
	}
	for (size_t i = 0; config_vars[i]; i++)
		if (recorder_exists(e, config_vars[i])) {
			strvec_push_owned(found, recorder_path(e, config_vars[i]));
			return true;
		}
	/* An apxs on PATH knows where its own build files are; a root's apxs cannot be asked. */
	if (*e->root || !(mk = from_apxs(e)))
		return false;
	strvec_push_owned(found, mk);
	return true;
}

/* text's blank-separated words, repeats dropped: apr and apr-util name one include dir. */
static char *words_unique(const char *text)
{
	struct strvec words = STRVEC_INIT;
	struct buf b = BUF_INIT;
	char *copy = xstrdup(text);

	for (char *w = strtok(copy, " \t\n"); w; w = strtok(NULL, " \t\n"))
		if (!strvec_has(&words, w))
			strvec_push(&words, w);
	for (size_t i = 0; i < words.n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", words.v[i]);
	free(copy);
	strvec_release(&words);
	return buf_detach(&b);
}

/* The output of one apr tool query, "" when the tool is missing or fails. */
static char *apr_query(const struct recorder_env *e, const char *tool, const char *what,
		       struct strvec *sources)
{
	const char *argv[] = {tool ? tool : "", what, NULL};
	char *out = recorder_output(e, argv, sources);

	return out ? out : xstrdup("");
}

/*
 * What apxs adds from apr-1-config and apu-1-config (named by APR_CONFIG and
 * APU_CONFIG in the file): their include dirs and apr's link flags; else
 * the include dirs pkg-config gives for apr.
 */
static void apr_flags(const struct recorder_env *e, struct recording *r, char **inc, char **ld)
{
	const char *apr = recorder_var(&r->vars, "APR_CONFIG");
	const char *apu = recorder_var(&r->vars, "APU_CONFIG");
	char *apr_inc = apr_query(e, apr, "--includes", &r->sources);
	char *apu_inc = apr_query(e, apu, "--includes", &r->sources);
	char *apr_ld = apr_query(e, apr, "--ldflags", &r->sources);
	const char *pc = e->platform ? vars_get(e->platform, "PKG_CONFIG", NULL) : NULL;

	/* The build machine's pkg-config knows nothing of a root's apr. */
	if (!*apr_inc && pc && *pc && !*e->root) {
		struct buf out = BUF_INIT;
		char *argv[] = {(char *)pc, "--cflags-only-I", "apr-1", "apr-util-1", NULL};
		spawn_output(argv, &out);
		free(apr_inc);
		apr_inc = buf_detach(&out);
	}
	char *both = xasprintf("%s %s", apr_inc, apu_inc);
	*inc = words_unique(both);
	size_t lead = strspn(apr_ld, " \t\r\n");
	*ld = xstrdup(apr_ld + lead);
	free(both);
	free(apr_inc);
	free(apu_inc);
	free(apr_ld);
}

/*
 * The config test goes through the control script when the file's own
 * sbindir has one: it reads the environment the server's config expects
 * (Debian's apache2.conf names ${APACHE_RUN_DIR}, set in envvars), where a
 * bare `apache2 -t` fails; it passes other arguments to the server as they are.
 */
static char *config_test_program(const struct recorder_env *e, const struct vars *mk)
{
	const char *sbindir = recorder_var(mk, "exp_sbindir");
	const char *progname = recorder_var(mk, "progname");
	char *ctls[] = {xasprintf("%sctl", progname ? progname : ""), xstrdup("apachectl")};
	char *found = NULL;

	for (size_t i = 0; i < 2; i++) {
		char *p = sbindir ? xasprintf("%s/%s", sbindir, ctls[i]) : NULL;
		if (!found && p && recorder_exists(e, p))
			found = xasprintf("$(SBINDIR)/%s", ctls[i]);
		free(p);
		free(ctls[i]);
	}
	return found ? found : xstrdup("$(SBINDIR)/$(TARGET)");
}

/* Names apxs answers from its own code when the file lacks them. */
static void apxs_defaults(struct vars *t)
{
	static const char *const empty[] = {"CFLAGS_SHLIB", "LD_SHLIB", "LDFLAGS_SHLIB",
					    "LIBS_SHLIB", NULL};

	if (!recorder_var(t, "TARGET"))
		vars_set(t, "TARGET", "$(progname)", VAR_HOST);
	for (size_t i = 0; empty[i]; i++)
		if (!recorder_var(t, empty[i]))
			vars_set(t, empty[i], "", VAR_HOST);
}

/*
 * The stamp mod_so compares before it loads a module, from ap_mmn.h: the
 * record's version (MODULE_MAGIC_NUMBER_MAJOR, "not compatible with this
 * version of Apache") and magic (the cookie, "API module structure ... is
 * garbled"). The record's leading members are those of
 * STANDARD20_MODULE_STUFF, as http_config.h declares them.
 */
static char *apache_abi(const struct recorder_env *e, struct recording *r)
{
	const char *incdir = recorder_var(&r->vars, "exp_includedir");
	char *mmn_h = xasprintf("%s/ap_mmn.h", incdir ? incdir : ""), *abi = NULL;
	char *mmn = incdir ? recorder_define(e, mmn_h, "MODULE_MAGIC_NUMBER_MAJOR", "([0-9]+)",
					     &r->sources) :
			     NULL;
	char *cookie = mmn ? recorder_define(e, mmn_h, "MODULE_MAGIC_COOKIE", "(0x[0-9A-Fa-f]+)",
					     &r->sources) :
			     NULL;

	if (mmn && cookie)
		abi = xasprintf("{\n    \"record\": [\"int\", \"int\", \"int\", \"pointer\", "
				"\"pointer\", \"pointer\", \"unsigned long\"],\n    \"stamp\": [\n"
				"      {\"field\": 0, \"name\": \"Apache API\", \"equals\": "
				"\"%s\"},\n"
				"      {\"field\": 6, \"name\": \"Apache magic cookie\", "
				"\"equals\": \"%s\"}\n    ]\n  }",
				mmn, cookie);
	free(cookie);
	free(mmn);
	free(mmn_h);
	return abi;
}

static int record_apache(const struct recorder_env *e, const struct strvec *found,
			 struct recording *r)
{
	const char *mk = found->v[0];
	size_t len = 0;
	char *text = file_read_max(mk, MAX_MK, &len), *inc, *ld;

	if (!text)
		return error(e->msgs, RC_DATA, "cannot read '%s': %s", mk,
			     errno == EFBIG ? "too large for a build file" : file_why(errno));
	vars_read_make(&r->vars, text, len, VAR_HOST);
	free(text);
	strvec_push(&r->sources, mk);
	apxs_defaults(&r->vars);
	apr_flags(e, r, &inc, &ld);
	/*
	 * apxs compiles with SHLTCFLAGS CFLAGS CPPFLAGS NOTEST_CPPFLAGS
	 * EXTRA_CPPFLAGS EXTRA_CFLAGS -I$INCLUDEDIR and apr's includes.
	 * SHLTCFLAGS is -prefer-pic, a libtool flag: the builder adds the
	 * platform's PIC flag itself.
	 */
	r->cflags = xasprintf("$(CFLAGS) $(CPPFLAGS) $(NOTEST_CPPFLAGS) $(EXTRA_CPPFLAGS) "
			      "$(EXTRA_CFLAGS) -I$(INCLUDEDIR)%s%s",
			      *inc ? " " : "", inc);
	r->ldflags = xasprintf("$(LDFLAGS) $(NOTEST_LDFLAGS) $(SH_LDFLAGS)%s%s", *ld ? " " : "",
			       ld);
	free(inc);
	free(ld);
	strvec_push(&r->aliases, "apache2");
	strvec_push(&r->aliases, "httpd");
	r->symbol = xstrdup("%s_module");
	r->load_line = xstrdup("LoadModule %-18s %s");
	r->file = xstrdup("mod_%s.so");
	r->layout = xstrdup("auto");
	r->config_file = xstrdup("$(SYSCONFDIR)/$(TARGET).conf");
	strvec_push_owned(&r->config_test, config_test_program(e, &r->vars));
	strvec_push(&r->config_test, "-t");
	strvec_push(&r->config_test, "-f");
	strvec_push(&r->config_test, "{config}");
	r->server = xstrdup("$(SBINDIR)/$(TARGET)");
	r->abi = apache_abi(e, r);
	const char *version = recorder_var(&r->vars, "HTTPD_VERSION");
	r->description = xasprintf("Apache httpd%s%s, recorded from %s", version ? " " : "",
				   version ? version : "", mk);
	return RC_OK;
}

const struct recorder recorder_apache = {
	.host = "apache",
	.server = "Apache httpd",
	.find = find_apache,
	.record = record_apache,
};
