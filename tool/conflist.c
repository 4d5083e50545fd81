/* conflist.c: --list: every LoadModule line of a layout, whether its file is there and exports its symbol. */
#include "conflist.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "abi.h"
#include "activate.h"
#include "conf.h"
#include "confdir.h"
#include "fileio.h"
#include "modname.h"
#include "msg.h"
#include "report.h"

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
	int exported = present ? modname_exports(c->deps, file, sym) : -1;
	const char *symstate = exported > 0 ? "exported" : exported == 0 ? "no-symbol" : "-";
	const char *abi = exported > 0 ? abi_state(c, sym, file) : "-";

	msg_print(c->msgs, "%-24s %-9s %-7s %-9s %-12s %s\n", m->key, state,
		  present ? "present" : "missing", symstate, abi, file);
	char *detail = xasprintf("%s %s %s %s %s", state, present ? "present" : "missing", symstate,
				 abi, file);
	report_check(c->msgs, m->key,
		     present && exported > 0 && strcmp(abi, "abi-mismatch") != 0 &&
			     strcmp(state, "active") == 0,
		     detail);
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
	int rc = conf_scan_file(c->msgs, path, &m, &n);

	if (rc < 0 && errno == ENOENT && missing_ok)
		return RC_OK;
	if (rc < 0)
		return error(c->msgs, RC_CONF, "cannot read '%s': %s", path, file_why(errno));
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

	ls.root = conf_directive_file(c->msgs, conf, "ServerRoot");
	ls.modpath = conf_directive_file(c->msgs, conf, "ModulePath");
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
		notice(c->msgs, "no LoadModule lines in '%s'", conf);
	free(ls.root);
	free(ls.modpath);
	free(conf);
	return rc;
}
