/* conflist.c: --list: every module line of a layout, whether its file is there and exports its record. */
#include "conflist.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "abicheck.h"
#include "activate.h"
#include "conf.h"
#include "confdir.h"
#include "confinc.h"
#include "fileio.h"
#include "modname.h"
#include "msg.h"
#include "report.h"

/* The module name a line's key stands for (module.key read back), else the key itself. */
static char *key_name(struct ctx *c, const char *key)
{
	char *name = fmt_match(&c->host.key_fmt, key);
	return name ? name : xstrdup(key);
}

/*
 * Where a module line's module is: its path, relative ones against the
 * server root; for lines without a path (ProFTPD, and hosts like it), the
 * module's file (module.file) in the modules dir, unless the key is itself
 * an absolute path, which some servers take in place of a name.
 */
static char *module_file(struct ctx *c, const struct conf_place *p, const char *root,
			 const struct conf_module *m, const char *modpath)
{
	if (!c->host.syn.path_word && m->key[0] == '/')
		return conf_place_staged(p, m->key);
	if (!c->host.syn.path_word) {
		char *name = key_name(c, m->key);
		char *file = fmt_apply(&c->host.module_file, name, NULL);
		char *path = xasprintf("%s%s/%s", p->destdir, modpath, file);
		free(file);
		free(name);
		return path;
	}
	if (m->path[0] == '/')
		return conf_place_staged(p, m->path);
	return xasprintf("%s%s/%s", p->destdir, root, m->path);
}

/* The record a line's module must export: module.symbol for the name its key gives. */
static char *module_symbol(struct ctx *c, const char *key)
{
	char *name = key_name(c, key);
	char *sym = conf_module_symbol(c, name);
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
	char *file = module_file(c, p, ls->root, m, ls->modpath);
	char *sym = module_symbol(c, m->key);
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

/*
 * List the module lines m (n of them) of one file; inactive overrides
 * "active" (Debian's disabled). A commented line with white space after
 * the mark ("#  LoadModule", ";   extension=modulename") is an example in
 * the config's prose, not a module set aside ("#LoadModule", ";extension=bz2").
 */
static void list_mods(struct ctx *c, const struct conf_place *p, struct listing *ls,
		      const struct conf_module *m, size_t n, const char *inactive)
{
	for (size_t i = 0; i < n; i++)
		if (m[i].active || !m[i].prose)
			list_one(c, p, ls, &m[i],
				 !m[i].active ? "commented" :
				 inactive     ? inactive :
						"active");
}

/* list_mods of the file at path. */
static int list_file(struct ctx *c, const struct conf_place *p, struct listing *ls,
		     const char *path, const char *inactive)
{
	struct conf_module *m;
	size_t n;
	int rc = conf_scan_file(c->msgs, &c->host.syn, path, &m, &n);

	if (rc < 0)
		return error(c->msgs, RC_CONF, "cannot read '%s': %s", path, file_why(errno));
	list_mods(c, p, ls, m, n, inactive);
	conf_scan_release(m, n);
	return rc;
}

/* Every file of every enabled dir that resolves (paths), and what each resolves to (reals). */
static void enabled_files(const struct conf_place *p, const char *suffix, struct strvec *paths,
			  struct strvec *reals)
{
	for (size_t i = 0; i < p->enabled.n; i++) {
		char *dir = conf_place_staged(p, p->enabled.v[i]);
		struct strvec files = STRVEC_INIT;
		confdir_files(dir, suffix, &files);
		for (size_t k = 0; k < files.n; k++) {
			char *path = path_join(dir, files.v[k]), *real = realpath(path, NULL);
			if (real) {
				strvec_push_owned(paths, path);
				strvec_push_owned(reals, real);
			} else {
				free(path);
			}
		}
		strvec_release(&files);
		free(dir);
	}
}

/*
 * Does some enabled dir enable the available file path (named file)? By
 * the drop-in name under the priority prefix, or by any link to it: Debian
 * links some drop-ins at the priority their own file states (10-pdo.ini).
 */
static bool enabled_anywhere(struct ctx *c, const struct conf_place *p, const char *path,
			     const char *file, const struct strvec *reals)
{
	char *real = realpath(path, NULL);
	bool yes = real && strvec_has(reals, real);

	for (size_t i = 0; i < p->enabled.n && !yes; i++) {
		char *en = xasprintf("%s%s/%s%s", p->destdir, p->enabled.v[i],
				     c->host.dropin.priority, file);
		yes = access(en, F_OK) == 0;
		free(en);
	}
	free(real);
	return yes;
}

/* True when real, a resolved path, is a file of the dir avail_real (NULL: no such dir). */
static bool in_dir(const char *real, const char *avail_real)
{
	char *in = path_dir(real);
	bool yes = avail_real && strcmp(in, avail_real) == 0;

	free(in);
	return yes;
}

/*
 * Debian: every module file of the available dir, active when an enabled
 * dir links it; then each file of an enabled dir that no file of the
 * available dir is (a package's own link into another dir, under
 * /usr/share, say), listed as active.
 */
static int list_debian(struct ctx *c, const struct conf_place *p, struct listing *ls)
{
	char *avail = conf_place_staged(p, p->avail), *avail_real = realpath(avail, NULL);
	const char *suffix = fmt_suffix(&c->host.dropin.file);
	struct strvec files = STRVEC_INIT, paths = STRVEC_INIT, reals = STRVEC_INIT;
	int rc = RC_OK;

	confdir_files(avail, suffix, &files);
	enabled_files(p, suffix, &paths, &reals);
	for (size_t i = 0; i < files.n && !rc; i++) {
		char *path = path_join(avail, files.v[i]);
		bool on = enabled_anywhere(c, p, path, files.v[i], &reals);
		rc = list_file(c, p, ls, path, on ? NULL : "disabled");
		free(path);
	}
	for (size_t i = 0; i < paths.n && !rc; i++)
		if (!in_dir(reals.v[i], avail_real))
			rc = list_file(c, p, ls, paths.v[i], NULL);
	strvec_release(&reals);
	strvec_release(&paths);
	strvec_release(&files);
	free(avail_real);
	free(avail);
	return rc;
}

/*
 * The walk reads a main config it cannot open as having no lines; listing
 * says why, unless it is a drop-in's main config that is not there yet.
 */
static int main_readable(struct ctx *c, const struct conf_place *p, const char *final)
{
	char *path = conf_place_staged(p, final);
	int fd = file_open_regular(path), rc = RC_OK;

	if (fd >= 0)
		close(fd);
	else if (errno != ENOENT || !conf_place_drop_in(p))
		rc = error(c->msgs, RC_CONF, "cannot read '%s': %s", path, file_why(errno));
	free(path);
	return rc;
}

/* The main config and every file it includes, from the lines the include walk read. */
static int list_walk(struct ctx *c, const struct conf_place *p, struct listing *ls)
{
	struct strvec files = STRVEC_INIT;
	struct confinc_mods mods = CONFINC_MODS_INIT;
	int rc = confinc_walk_mods(c, p, &files, &mods);

	/* A main config with module lines was read; one without may not have been. */
	if (!rc && files.n && !mods.n[0])
		rc = main_readable(c, p, files.v[0]);
	for (size_t i = 0; i < files.n && !rc; i++)
		list_mods(c, p, ls, mods.m[i], mods.n[i], NULL);
	confinc_mods_release(&mods);
	strvec_release(&files);
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
		rc = list_file(c, p, ls, path, NULL);
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

	const char *mp = c->host.module_path ? c->host.module_path : "ModulePath";
	if ((rc = confinc_directive(c, p, mp, &ls.modpath)))
		goto out;
	ls.root = ls.modpath && p->layout == LAYOUT_DEMO ? xstrdup(ls.modpath) : confinc_root(c, p);
	if (!ls.modpath)
		ls.modpath = xstrdup(ctx_var(c, "LIBEXECDIR"));
	rc = list_walk(c, p, &ls);
	if (!rc && p->layout == LAYOUT_DEBIAN)
		rc = list_debian(c, p, &ls);
	if (!rc && p->layout == LAYOUT_FEDORA)
		rc = list_fedora(c, p, &ls);
	if (!rc && !ls.count)
		notice(c->msgs, "no %s lines in '%s'", c->host.syn.directive, conf);
out:
	free(ls.root);
	free(ls.modpath);
	free(conf);
	return rc;
}
