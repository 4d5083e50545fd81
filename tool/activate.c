/* activate.c: the LoadModule line of a module, its edit in the single-file layouts, and --list. */
#include "activate.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "confdir.h"
#include "confprint.h"
#include "conftest.h"
#include "conftxn.h"
#include "debian.h"
#include "fedora.h"
#include "modname.h"
#include "msg.h"
#include "report.h"

/*
 * A profile format such as "LoadModule %-18s %s": each %s, %Ns or %-Ns takes
 * the next argument, %% is a '%'. The profile is data, so it never reaches printf.
 */
static char *fmt_apply(const char *fmt, const char *a, const char *b)
{
	const char *args[2] = {a, b};
	struct buf out = BUF_INIT;
	size_t next = 0;

	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			buf_putc(&out, *p);
			continue;
		}
		if (p[1] == '%') {
			buf_putc(&out, '%');
			p++;
			continue;
		}
		const char *q = p + 1;
		bool left = *q == '-';
		q += left;
		int width = 0;
		while (*q >= '0' && *q <= '9' && width < 1000)
			width = width * 10 + (*q++ - '0');
		if (*q != 's') {
			buf_putc(&out, '%');
			continue;
		}
		const char *v = next < 2 && args[next] ? args[next] : "";
		next++;
		int pad = width - (int)strlen(v);
		for (; !left && pad > 0; pad--)
			buf_putc(&out, ' ');
		buf_puts(&out, v);
		for (; left && pad > 0; pad--)
			buf_putc(&out, ' ');
		p = q;
	}
	return buf_detach(&out);
}

char *conf_module_symbol(struct ctx *c, const char *name)
{
	return fmt_apply(c->host.symbol_fmt, name, NULL);
}

/*
 * A path as one config word: quoted when it has blanks. A quote, backslash or
 * control character would read differently in Apache and the demo host, or
 * start a new directive, so such a path is refused. So is "${": Apache
 * replaces ${VAR} in every line as it parses it, quoted or not, and has no
 * escape for it; the rule holds for every host, as the others do.
 */
int conf_check_path(const char *path)
{
	for (const unsigned char *q = (const unsigned char *)path; *q; q++)
		if (*q < ' ' || *q == 0x7f || *q == '"' || *q == '\\')
			return error(RC_INSTALL,
				     "cannot name '%s' in a config line: it holds a quote, "
				     "a backslash or a control character",
				     path);
	if (strstr(path, "${"))
		return error(RC_INSTALL,
			     "cannot name '%s' in a config line: the server would expand '${' "
			     "in it, and has no escape for it",
			     path);
	return RC_OK;
}

static int config_word(const char *path, char **out)
{
	int rc = conf_check_path(path);

	if (rc)
		return rc;
	*out = strpbrk(path, " \t") ? xasprintf("\"%s\"", path) : xstrdup(path);
	return RC_OK;
}

/* The key a LoadModule line names the module by, and the line itself. */
static int module_line(struct ctx *c, const struct conf_place *p, const char *name,
		       const char *module, char **key, char **line)
{
	char *word = NULL;
	int rc = RC_OK;

	if (p->layout == LAYOUT_PROFTPD) {
		*key = xasprintf("mod_%s.c", name);
		*line = xasprintf("LoadModule %s", *key);
		return RC_OK;
	}
	*key = conf_module_symbol(c, name);
	if (module && !(rc = config_word(module, &word)))
		*line = fmt_apply(c->host.load_fmt, *key, word);
	free(word);
	return rc;
}

/* ProFTPD loads modules only from its ModulePath, as a security precaution. */
static int check_module_path(struct ctx *c, const char *conf, const char *module)
{
	char *mp = conf_directive_file(conf, "ModulePath"), *dir = path_dir(module);
	int rc = RC_OK;

	const char *want = mp ? mp : ctx_var(c, "LIBEXECDIR");
	size_t wl = strlen(want);
	while (wl > 1 && want[wl - 1] == '/')
		wl--;
	if (strlen(dir) != wl || strncmp(dir, want, wl) != 0)
		rc = error(RC_CONF,
			   "'%s' is not in %s '%s' of '%s': ProFTPD loads modules only "
			   "from there (set -S LIBEXECDIR='%s')",
			   module, mp ? "the ModulePath" : "the default module dir", want, conf,
			   want);
	free(mp);
	free(dir);
	return rc;
}

/* A single-file layout (upstream, demo, ProFTPD): edit the one config. */
static int single_edit(struct ctx *c, const struct conf_place *p, enum conf_action a,
		       const char *key, const char *line, struct receipt *r)
{
	struct conf_edit e = {a, key, line, p->layout == LAYOUT_PROFTPD};
	struct conf_result res = {0};
	struct conf_txn t = CONF_TXN_INIT;
	char *conf = conf_place_staged(p, p->config);
	int rc = RC_OK;

	/* Nothing to undo in a config that is not there. */
	if (a == CONF_REMOVE && access(conf, F_OK) != 0 && errno == ENOENT)
		goto out;
	rc = conf_txn_edit(c, &t, conf, &e, false, &res);

	if (!rc && (a == CONF_DEACTIVATE) && !res.found)
		rc = error(RC_CONF, "'%s' has no LoadModule line for '%s'", conf, key);
	else if (!rc && a == CONF_DEACTIVATE && !res.changed)
		notice("'%s' is already inactive in '%s'", key, conf);
	if (!rc && t.changed) {
		conf_txn_note(p, conf_txn_path(&t, conf), conf_action_name(a), line, r);
		rc = conftest_run(c, p);
	}
	if (!rc)
		conf_txn_say_where(&t, conf, &res);
out:
	conf_result_release(&res);
	conf_txn_release(&t);
	free(conf);
	return rc;
}

int conf_module_edit(struct ctx *c, const struct conf_place *p, enum conf_action action,
		     const char *name, const char *module, struct receipt *r)
{
	char *key = NULL, *line = NULL;
	int rc = RC_OK;

	rc = module_line(c, p, name, module, &key, &line);
	if (!rc && p->layout == LAYOUT_PROFTPD && module && action == CONF_ACTIVATE) {
		char *conf = conf_place_staged(p, p->config);
		rc = check_module_path(c, conf, module);
		free(conf);
	}
	if (!rc && p->layout == LAYOUT_DEBIAN)
		rc = debian_edit(c, p, action, name, key, line, r);
	else if (!rc && p->layout == LAYOUT_FEDORA)
		rc = fedora_edit(c, p, action, name, key, line, r);
	else if (!rc)
		rc = single_edit(c, p, action, key, line, r);
	free(key);
	free(line);
	return rc;
}

/* Where a LoadModule path points: relative paths resolve against ServerRoot, else the config's dir. */
static char *module_file(const struct conf_place *p, const char *root, const struct conf_module *m,
			 const char *modpath)
{
	if (p->layout == LAYOUT_PROFTPD) {
		size_t n = strlen(m->key);
		if (n > 2 && strcmp(m->key + n - 2, ".c") == 0)
			n -= 2;
		return xasprintf("%s%s/%.*s.so", p->destdir, modpath, (int)n, m->key);
	}
	if (m->path[0] == '/')
		return conf_place_staged(p, m->path);
	return xasprintf("%s%s/%s", p->destdir, root, m->path);
}

/* The symbol a LoadModule key stands for: the key itself, or x_module for ProFTPD's mod_x.c. */
static char *module_symbol(struct ctx *c, const struct conf_place *p, const char *key)
{
	if (p->layout != LAYOUT_PROFTPD)
		return xstrdup(key);
	char *name = modname_from_path(key);
	char *sym = name ? conf_module_symbol(c, name) : xstrdup(key);
	free(name);
	return sym;
}

/* Context for listing: the main config's ServerRoot / ModulePath. */
struct listing {
	char *root;
	char *modpath;
	size_t count;
};

static void list_one(struct ctx *c, const struct conf_place *p, struct listing *ls,
		     const struct conf_module *m, const char *state)
{
	char *file = module_file(p, ls->root, m, ls->modpath);
	char *sym = module_symbol(c, p, m->key);
	bool present = access(file, F_OK) == 0;
	int exported = present ? modname_exports(file, sym) : -1;
	const char *symstate = exported > 0 ? "exported" : exported == 0 ? "no-symbol" : "-";

	conf_print("%-24s %-9s %-7s %-9s %s\n", m->key, state, present ? "present" : "missing",
		   symstate, file);
	char *detail = xasprintf("%s %s %s %s", state, present ? "present" : "missing", symstate,
				 file);
	report_check(m->key, present && exported > 0 && strcmp(state, "active") == 0, detail);
	free(detail);
	ls->count++;
	free(file);
	free(sym);
}

/* List the LoadModule lines of one file; inactive overrides "active" (Debian's disabled). */
static int list_file(struct ctx *c, const struct conf_place *p, struct listing *ls,
		     const char *path, const char *inactive, bool missing_ok)
{
	struct conf_module *m;
	size_t n;
	int rc = conf_scan_file(path, &m, &n);

	if (rc < 0 && errno == ENOENT && missing_ok)
		return RC_OK;
	if (rc < 0)
		return error(RC_CONF, "cannot read '%s': %s", path, file_why(errno));
	for (size_t i = 0; i < n; i++)
		list_one(c, p, ls, &m[i],
			 !m[i].active ? "commented" :
			 inactive     ? inactive :
					"active");
	conf_scan_release(m, n);
	return rc;
}

/* Debian: every .load of mods-available, active when mods-enabled links it. */
static int list_debian(struct ctx *c, const struct conf_place *p, struct listing *ls)
{
	char *final = xasprintf("%s/mods-available", p->sysconfdir);
	char *avail = conf_place_staged(p, final);
	struct strvec files = STRVEC_INIT;
	int rc = RC_OK;

	confdir_files(avail, ".load", &files);
	for (size_t i = 0; i < files.n && !rc; i++) {
		char *path = xasprintf("%s/%s", avail, files.v[i]);
		char *en = xasprintf("%s%s/mods-enabled/%s", p->destdir, p->sysconfdir, files.v[i]);
		rc = list_file(c, p, ls, path, access(en, F_OK) == 0 ? NULL : "disabled", false);
		free(path);
		free(en);
	}
	strvec_release(&files);
	free(avail);
	free(final);
	return rc;
}

/* Fedora: every drop-in of conf.modules.d. */
static int list_fedora(struct ctx *c, const struct conf_place *p, struct listing *ls)
{
	char *dir = xasprintf("%s%s/conf.modules.d", p->destdir, p->sysconfdir);
	struct strvec files = STRVEC_INIT;
	int rc = RC_OK;

	confdir_files(dir, ".conf", &files);
	for (size_t i = 0; i < files.n && !rc; i++) {
		char *path = xasprintf("%s/%s", dir, files.v[i]);
		rc = list_file(c, p, ls, path, NULL, false);
		free(path);
	}
	strvec_release(&files);
	free(dir);
	return rc;
}

int conf_list(struct ctx *c, const struct conf_place *p)
{
	struct listing ls = {NULL, NULL, 0};
	char *conf = conf_place_staged(p, p->config);
	int rc = RC_OK;

	ls.root = conf_directive_file(conf, "ServerRoot");
	ls.modpath = conf_directive_file(conf, "ModulePath");
	if (!ls.root)
		ls.root = ls.modpath && p->layout == LAYOUT_DEMO ? xstrdup(ls.modpath) :
								   path_dir(p->config);
	if (!ls.modpath)
		ls.modpath = xstrdup(ctx_var(c, "LIBEXECDIR"));
	rc = list_file(c, p, &ls, conf, NULL, conf_place_drop_in(p));
	if (!rc && p->layout == LAYOUT_DEBIAN)
		rc = list_debian(c, p, &ls);
	if (!rc && p->layout == LAYOUT_FEDORA)
		rc = list_fedora(c, p, &ls);
	if (!rc && !ls.count)
		notice("no LoadModule lines in '%s'", conf);
	free(ls.root);
	free(ls.modpath);
	free(conf);
	return rc;
}
