/* activate.c: the module line of a module, as its profile says, and its edit in the single-file layouts. */
#include "activate.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "confinc.h"
#include "conftest.h"
#include "conftxn.h"
#include "debian.h"
#include "fedora.h"
#include "msg.h"

char *conf_module_symbol(struct ctx *c, const char *name)
{
	return fmt_apply(&c->host.symbol_fmt, name, NULL);
}

/*
 * A path as one config word: quoted when it has blanks. A quote, backslash or
 * control character would read differently in Apache and the demo host, or
 * start a new directive, so such a path is refused. So is "${": Apache
 * replaces ${VAR} in every line as it parses it, quoted or not, and has no
 * escape for it; the rule holds for every host, as the others do.
 */
int conf_check_path(struct msgs *msgs, const char *path)
{
	for (const unsigned char *q = (const unsigned char *)path; *q; q++)
		if (*q < ' ' || *q == 0x7f || *q == '"' || *q == '\\')
			return error(msgs, RC_INSTALL,
				     "cannot name '%s' in a config line: it holds a quote, "
				     "a backslash or a control character",
				     path);
	if (strstr(path, "${"))
		return error(msgs, RC_INSTALL,
			     "cannot name '%s' in a config line: the server would expand '${' "
			     "in it, and has no escape for it",
			     path);
	return RC_OK;
}

static int config_word(struct msgs *msgs, const char *path, char **out)
{
	int rc = conf_check_path(msgs, path);

	if (rc)
		return rc;
	*out = strpbrk(path, " \t") ? xasprintf("\"%s\"", path) : xstrdup(path);
	return RC_OK;
}

/*
 * Upstream apxs names a module under PREFIX, the server root, relative to
 * it in the single-file layout; Debian's apxs, whose PREFIX is empty, never does.
 */
static const char *apxs_relative(struct ctx *c, const struct conf_place *p, const char *module)
{
	const char *prefix = ctx_var(c, "PREFIX");
	size_t n = strlen(prefix);

	while (n > 1 && prefix[n - 1] == '/')
		n--;
	if (c->req->persona != PERSONA_APXS || p->layout != LAYOUT_SINGLE || n <= 1 ||
	    prefix[0] != '/')
		return module;
	if (strncmp(module, prefix, n) == 0 && module[n] == '/' && module[n + 1])
		return module + n + 1;
	return module;
}

/*
 * The key a module line names the module by (module.key), and the line
 * itself (module.load_line), which also names the installed file when the
 * profile puts a path in it; without a path, the line needs no file.
 */
static int module_line(struct ctx *c, const struct conf_place *p, const char *name,
		       const char *module, char **key, char **line)
{
	const struct host *h = &c->host;
	char *word = NULL;
	int rc = RC_OK;

	*key = fmt_apply(&h->key_fmt, name, NULL);
	if (!h->syn.path_word)
		*line = fmt_apply(&h->load_fmt, *key, NULL);
	else if (module && !(rc = config_word(c->msgs, apxs_relative(c, p, module), &word)))
		*line = h->key_first ? fmt_apply(&h->load_fmt, *key, word) :
				       fmt_apply(&h->load_fmt, word, *key);
	free(word);
	return rc;
}

/*
 * A host whose config names the one dir it loads modules from (ProFTPD's
 * ModulePath, a security precaution) loads nothing from anywhere else.
 */
static int check_module_path(struct ctx *c, const struct conf_place *p, const char *module)
{
	const char *directive = c->host.module_path;
	char *mp = NULL, *dir;
	int rc = confinc_directive(c, p, directive, &mp);

	if (rc)
		return rc;
	dir = path_dir(module);

	const char *want = mp ? mp : ctx_var(c, "LIBEXECDIR");
	size_t wl = strlen(want);
	while (wl > 1 && want[wl - 1] == '/')
		wl--;
	if (strlen(dir) != wl || strncmp(dir, want, wl) != 0)
		rc = error(c->msgs, RC_CONF,
			   "'%s' is not in %s%s '%s' of '%s': the server loads modules only "
			   "from there (set -S LIBEXECDIR='%s')",
			   module, mp ? "the " : "the default module dir", mp ? directive : "",
			   want, p->config, want);
	free(mp);
	free(dir);
	return rc;
}

/*
 * The files of p's config and its includes (final paths) with a line for
 * key, and those with an active module line.
 */
static int files_with(struct ctx *c, const struct conf_place *p, const char *key,
		      struct strvec *mine, struct strvec *any)
{
	struct strvec files = STRVEC_INIT;
	struct confinc_mods mods = CONFINC_MODS_INIT;
	int rc = confinc_walk_mods(c, p, &files, &mods);

	for (size_t i = 0; i < files.n && !rc; i++) {
		const struct conf_module *m = mods.m[i];
		bool active = false;
		for (size_t k = 0; k < mods.n[i]; k++) {
			if (strcmp(m[k].key, key) == 0 && !strvec_has(mine, files.v[i]))
				strvec_push(mine, files.v[i]);
			active = active || m[k].active;
		}
		if (active)
			strvec_push(any, files.v[i]);
	}
	confinc_mods_release(&mods);
	strvec_release(&files);
	return rc;
}

/*
 * The files an edit changes, final paths: for -a and -A the first file
 * that names the module, else the first file with an active module line
 * (the main config, or an included one such as Debian's ProFTPD
 * modules.conf), else the main config; for --deactivate and --uninstall
 * every file that names the module.
 */
static int edit_files(struct ctx *c, const struct conf_place *p, enum conf_action a,
		      const char *key, struct strvec *out)
{
	struct strvec mine = STRVEC_INIT, any = STRVEC_INIT;
	int rc = files_with(c, p, key, &mine, &any);
	bool on = a == CONF_ACTIVATE || a == CONF_COMMENTED;

	if (!rc && mine.n && !on)
		for (size_t i = 0; i < mine.n; i++)
			strvec_push(out, mine.v[i]);
	else if (!rc)
		strvec_push(out, mine.n ? mine.v[0] : any.n ? any.v[0] : p->config);
	strvec_release(&mine);
	strvec_release(&any);
	return rc;
}

/* Edit one file of a single-file layout; adds to *found whether it named the module. */
static int single_file(struct ctx *c, struct journal *j, const struct conf_place *p,
		       const char *final, enum conf_action a, const char *key, const char *line,
		       struct receipt *r, bool *found)
{
	struct conf_edit e = {a, key, line, &c->host.syn};
	struct conf_result res = {0};
	struct conf_txn t = CONF_TXN_INIT;
	char *conf = conf_place_staged(p, final);
	int rc = RC_OK;

	/* Nothing to undo in a config that is not there. */
	if (a == CONF_REMOVE && access(conf, F_OK) != 0 && errno == ENOENT)
		goto out;
	rc = conf_txn_edit(c, j, &t, conf, &e, false, &res);
	*found = *found || res.found;
	if (!rc && a == CONF_DEACTIVATE && res.found && !res.changed)
		notice(c->msgs, "'%s' is already inactive in '%s'", key, conf);
	if (!rc && t.changed) {
		conf_txn_note(c->msgs, p, conf_txn_path(&t, conf), conf_action_name(a), line, r);
		rc = conftest_run(c, p);
	}
	if (!rc)
		conf_txn_say_where(c->msgs, &t, conf, &res);
out:
	conf_result_release(&res);
	conf_txn_release(&t);
	free(conf);
	return rc;
}

/* A single-file layout (upstream, demo, ProFTPD, an ini file): edit the config, or what it includes. */
static int single_edit(struct ctx *c, struct journal *j, const struct conf_place *p,
		       enum conf_action a, const char *key, const char *line, struct receipt *r)
{
	struct strvec files = STRVEC_INIT;
	bool found = false;
	int rc = edit_files(c, p, a, key, &files);

	for (size_t i = 0; i < files.n && !rc; i++)
		rc = single_file(c, j, p, files.v[i], a, key, line, r, &found);
	if (!rc && a == CONF_DEACTIVATE && !found) {
		char *conf = conf_place_staged(p, p->config);
		rc = error(c->msgs, RC_CONF, "'%s' has no %s line for '%s'", conf,
			   c->host.syn.directive, key);
		free(conf);
	}
	strvec_release(&files);
	return rc;
}

int conf_module_edit(struct ctx *c, struct journal *j, const struct conf_place *p,
		     enum conf_action action, const char *name, const char *module,
		     struct receipt *r)
{
	char *key = NULL, *line = NULL;
	int rc = RC_OK;

	rc = module_line(c, p, name, module, &key, &line);
	if (!rc && c->host.module_path && module && action == CONF_ACTIVATE)
		rc = check_module_path(c, p, module);
	if (!rc && p->layout == LAYOUT_DEBIAN)
		rc = debian_edit(c, j, p, action, name, key, line, r);
	else if (!rc && p->layout == LAYOUT_FEDORA)
		rc = fedora_edit(c, j, p, action, name, key, line, r);
	else if (!rc)
		rc = single_edit(c, j, p, action, key, line, r);
	free(key);
	free(line);
	return rc;
}
