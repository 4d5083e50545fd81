/* rec_proftpd.c: recording ProFTPD from prxs and `proftpd -V`, what prxs and the server know. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "proc.h"
#include "rec_proftpd.h"
#include "recording.h"

/* prxs is a short Perl script. */
#define MAX_PRXS (4u << 20)
/* The shared-module define prxs's cflags carry. */
#define SHARED "-DPR_SHARED_MODULE"

/* The parts of `found`, in order: prxs, the server, the dir holding proftpd/conf.h. */
enum { F_PRXS, F_PROFTPD, F_INCROOT };

static bool is_space(char c)
{
	return c && strchr(" \t\r\n\f\v", c);
}

/* A new string: [s, e) without blanks at either end. */
static char *trimmed(const char *s, const char *e)
{
	while (s < e && is_space(*s))
		s++;
	while (e > s && is_space(e[-1]))
		e--;
	return xstrndup(s, (size_t)(e - s));
}

/* One line [s, e) of prxs: `my $name = q(value);`, blanks allowed after the ';'. */
static void prxs_line(const char *s, const char *e, struct vars *t)
{
	const char *name, *value, *end;

	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (e - s < 4 || strncmp(s, "my $", 4) != 0 || e[-1] != ';' || e[-2] != ')')
		return;
	name = s + 4;
	for (end = name; end < e && (islower((unsigned char)*end) || *end == '_');)
		end++;
	if (end == name || e - end < 7 || strncmp(end, " = q(", 5) != 0)
		return;
	value = end + 5;
	if (value > e - 2)
		return;
	char *n = xstrndup(name, (size_t)(end - name)), *v = trimmed(value, e - 2);
	vars_set(t, n, v, VAR_HOST);
	free(n);
	free(v);
}

void proftpd_read_prxs(const char *text, struct vars *t)
{
	for (const char *s = text; *s;) {
		const char *nl = strchr(s, '\n'), *e = nl ? nl : s + strlen(s);
		char *line = xstrndup(s, (size_t)(e - s)), *w = line;
		/* Carriage returns are dropped wherever they are, as the file was read before. */
		for (char *r = line; *r; r++)
			if (*r != '\r')
				*w++ = *r;
		*w = '\0';
		prxs_line(line, w, t);
		free(line);
		s = nl ? nl + 1 : e;
	}
}

/* The line after "label" (up to a newline, blanks and then a newline between), trimmed. */
static void v_file(const char *text, const char *label, const char *name, struct vars *t)
{
	const char *p = strstr(text, label);

	if (!p)
		return;
	p += strlen(label);
	p += strspn(p, " \t");
	if (*p != '\n')
		return;
	p++;
	p += strspn(p, " \t");
	size_t n = strcspn(p, "\n");
	if (!n)
		return;
	char *v = trimmed(p, p + n);
	vars_set(t, name, v, VAR_HOST);
	free(v);
}

/* The value of the configure option 'opt...' (quoted as proftpd -V prints it). */
static void v_option(const char *text, const char *opt, const char *name, struct vars *t)
{
	const char *p = strstr(text, opt), *end;

	if (!p || !(end = strchr(p + strlen(opt), '\'')))
		return;
	char *v = xstrndup(p + strlen(opt), (size_t)(end - p - strlen(opt)));
	vars_set(t, name, v, VAR_HOST);
	free(v);
}

void proftpd_read_v(const char *text, struct vars *t)
{
	const char *p = strstr(text, "Version: ");

	v_file(text, "Configuration File:", "config", t);
	v_file(text, "Shared Module Directory:", "moddir", t);
	v_file(text, "Header Directory:", "incdir", t);
	v_option(text, "'--prefix=", "prefix", t);
	v_option(text, "'--sysconfdir=", "sysconfdir", t);
	if (p && (p += strlen("Version: "), *p && *p != ' ' && *p != '\n')) {
		char *v = xstrndup(p, strcspn(p, " \n"));
		vars_set(t, "version", v, VAR_HOST);
		free(v);
	}
}

char *proftpd_drop_shared(const char *flags)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(SHARED);
	bool start = true; /* at the start, or just after a dropped word */

	for (const char *p = flags; *p;) {
		const char *w = *p == ' ' ? p + 1 : p;
		if ((start || *p == ' ') && strncmp(w, SHARED, n) == 0 && (!w[n] || w[n] == ' ')) {
			buf_putc(&b, ' ');
			p = w + n + (w[n] == ' ');
			start = true;
			continue;
		}
		buf_putc(&b, *p++);
		start = false;
	}
	char *out = trimmed(b.s ? b.s : "", b.s ? b.s + b.len : "");
	buf_release(&b);
	return out;
}

/* The first of a program's places that exists under the root, or "". */
static char *first_file(const struct recorder_env *e, const char *const *places)
{
	for (size_t i = 0; places[i]; i++)
		if (recorder_exists(e, places[i]))
			return recorder_path(e, places[i]);
	return xstrdup("");
}

/* name on PATH (not under a root: a root's PATH is not ours), else in places. */
static char *find_program(const struct recorder_env *e, const char *name, const char *const *places)
{
	char *p = *e->root ? NULL : spawn_find(name);

	return p ? p : first_file(e, places);
}

static bool find_proftpd(const struct recorder_env *e, const char *from, struct strvec *found)
{
	static const char *const prxs[] = {"/usr/bin/prxs", "/usr/local/bin/prxs", NULL};
	static const char *const server[] = {"/usr/sbin/proftpd", "/usr/local/sbin/proftpd", NULL};
	static const char *const inc[] = {"/usr/local/include", "/usr/include", NULL};

	strvec_push_owned(found, from ? xstrdup(from) : find_program(e, "prxs", prxs));
	strvec_push_owned(found, find_program(e, "proftpd", server));
	for (size_t i = 0; inc[i] && found->n == 2; i++) {
		char *conf = path_join(inc[i], "proftpd/conf.h");
		if (recorder_exists(e, conf))
			strvec_push_owned(found, recorder_path(e, inc[i]));
		free(conf);
	}
	return found->n == 3 && (*found->v[F_PRXS] || *found->v[F_PROFTPD]);
}

/* path as the server sees it: without the root it was found under. */
static const char *unrooted(const struct recorder_env *e, const char *path)
{
	size_t n = strlen(e->root);

	if (n && strncmp(path, e->root, n) == 0 && path[n] == '/')
		return path + n;
	return path;
}

/* The first value that is set and not empty. */
static const char *first(const char *a, const char *b, const char *c)
{
	if (a && *a)
		return a;
	if (b && *b)
		return b;
	return c ? c : "";
}

static int read_prxs(const struct recorder_env *e, const char *prxs, struct recording *r,
		     struct vars *px)
{
	char *text;

	if (!*prxs)
		return RC_OK;
	if (!(text = file_read_max(prxs, MAX_PRXS, NULL)))
		return error(e->msgs, RC_DATA, "cannot read '%s': %s", prxs,
			     errno == EFBIG ? "too large for prxs" : file_why(errno));
	proftpd_read_prxs(text, px);
	strvec_push(&r->sources, prxs);
	free(text);
	return RC_OK;
}

static void read_v(const struct recorder_env *e, const char *proftpd, struct recording *r,
		   struct vars *pv)
{
	const char *argv[] = {unrooted(e, proftpd), "-V", NULL};
	char *out = *proftpd ? recorder_output(e, argv, &r->sources) : NULL;

	if (out)
		proftpd_read_v(out, pv);
	free(out);
}

/* The directory part of path (a new string, "" for none), as CMake's DIRECTORY gave it. */
static char *dir_of(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;

	return slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup("");
}

/* The vars prxs users know by apxs's names, from prxs, then `proftpd -V`, then defaults. */
static void proftpd_vars(const struct recorder_env *e, const struct strvec *found, struct vars *px,
			 struct vars *pv, struct vars *t)
{
	const char *config = recorder_var(pv, "config");
	char *conf_dir = dir_of(config), *proftpd_dir = dir_of(unrooted(e, found->v[F_PROFTPD]));
	char *incdir = dir_of(recorder_var(pv, "incdir"));
	/* The config's name up to its first '.': the TARGET the config file is named after. */
	const char *base = config ? path_base(config) : "";
	char *conf_name = xstrndup(base, strcspn(base, "."));
	const char *cc = e->platform ? vars_get(e->platform, "CC", NULL) : NULL;
	char *cflags = proftpd_drop_shared(first(recorder_var(px, "cflags"), NULL, NULL));
	const char *installer = recorder_var(px, "installer");
	const char *version = recorder_var(pv, "version");

	vars_set(t, "TARGET", first(conf_name, "proftpd", NULL), VAR_HOST);
	vars_set(t, "PREFIX", first(recorder_var(pv, "prefix"), "/usr", NULL), VAR_HOST);
	vars_set(t, "SBINDIR", first(recorder_var(px, "sbindir"), proftpd_dir, "/usr/sbin"),
		 VAR_HOST);
	vars_set(t, "INCLUDEDIR",
		 first(recorder_var(px, "includedir"), incdir, unrooted(e, found->v[F_INCROOT])),
		 VAR_HOST);
	vars_set(t, "LIBEXECDIR",
		 first(recorder_var(px, "libexecdir"), recorder_var(pv, "moddir"),
		       "/usr/lib/proftpd"),
		 VAR_HOST);
	vars_set(t, "SYSCONFDIR", first(conf_dir, recorder_var(pv, "sysconfdir"), "/etc/proftpd"),
		 VAR_HOST);
	vars_set(t, "CC", first(recorder_var(px, "compiler"), cc, NULL), VAR_HOST);
	vars_set(t, "CFLAGS", cflags, VAR_HOST);
	vars_set(t, "CPPFLAGS", first(recorder_var(px, "cppflags"), NULL, NULL), VAR_HOST);
	vars_set(t, "LDFLAGS", "", VAR_HOST);
	vars_set(t, "LIBTOOL_LDFLAGS", first(recorder_var(px, "ltdl_ldflags"), NULL, NULL),
		 VAR_HOST);
	if (installer && *installer)
		vars_set(t, "INSTALL", installer, VAR_HOST);
	if (version && *version)
		vars_set(t, "PROFTPD_VERSION", version, VAR_HOST);
	free(cflags);
	free(conf_name);
	free(incdir);
	free(proftpd_dir);
	free(conf_dir);
}

/*
 * The record's api_version (after its next and prev pointers): the server
 * loads a module whose number is at least PR_MODULE_API_VERSION.
 */
static char *proftpd_abi(const struct recorder_env *e, struct recording *r)
{
	const char *incdir = recorder_var(&r->vars, "INCLUDEDIR");
	char *h = xasprintf("%s/proftpd/version.h", incdir ? incdir : ""), *abi = NULL;
	char *api = recorder_define(e, h, "PR_MODULE_API_VERSION", "(0x[0-9A-Fa-f]+|[0-9]+)",
				    &r->sources);

	if (api)
		abi = xasprintf("{\n    \"record\": [\"pointer\", \"pointer\", \"int\"],\n"
				"    \"stamp\": [{\"field\": 2, \"name\": \"ProFTPD module API\", "
				"\"at_least\": \"%s\"}]\n  }",
				api);
	free(api);
	free(h);
	return abi;
}

static int record_proftpd(const struct recorder_env *e, const struct strvec *found,
			  struct recording *r)
{
	struct vars px = VARS_INIT, pv = VARS_INIT;
	struct buf from = BUF_INIT;
	int rc = read_prxs(e, found->v[F_PRXS], r, &px);

	if (rc)
		goto out;
	read_v(e, found->v[F_PROFTPD], r, &pv);
	proftpd_vars(e, found, &px, &pv, &r->vars);
	r->cflags = xstrdup("$(CFLAGS) $(CPPFLAGS) " SHARED " -I. -I$(INCLUDEDIR)/proftpd");
	r->ldflags = xstrdup("$(LDFLAGS)");
	r->symbol = xstrdup("%s_module");
	/* "LoadModule mod_NAME.c", no path: ProFTPD loads only from its ModulePath. */
	r->load_line = xstrdup("LoadModule %s");
	r->key = xstrdup("mod_%s.c");
	r->file = xstrdup("mod_%s.so");
	r->layout = xstrdup("proftpd");
	r->config_file = xstrdup("$(SYSCONFDIR)/$(TARGET).conf");
	r->section = xstrdup("IfModule mod_dso.c");
	r->module_path = xstrdup("ModulePath");
	strvec_push(&r->includes, "Include");
	/* mod_ifsession.c must be loaded last, as Debian's modules.conf reminds. */
	strvec_push(&r->keep_last, "mod_ifsession.c");
	const char *test[] = {"$(SBINDIR)/$(TARGET)", "-t", "-c", "{config}", NULL};
	for (size_t i = 0; test[i]; i++)
		strvec_push(&r->config_test, test[i]);
	r->server = xstrdup("$(SBINDIR)/$(TARGET)");
	r->abi = proftpd_abi(e, r);
	for (size_t i = F_PRXS; i <= F_PROFTPD; i++)
		if (*found->v[i])
			buf_printf(&from, "%s%s", from.len ? " and " : "", found->v[i]);
	const char *version = recorder_var(&pv, "version");
	r->description = xasprintf("ProFTPD%s%s, recorded from %s", version ? " " : "",
				   version ? version : "", from.s);
out:
	buf_release(&from);
	vars_release(&px);
	vars_release(&pv);
	return rc;
}

const struct recorder recorder_proftpd = {
	.host = "proftpd",
	.server = "ProFTPD",
	.find = find_proftpd,
	.record = record_proftpd,
};
