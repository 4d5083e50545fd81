/* activate.c: the LoadModule line of a module, and its edit in the single-file layouts. */
#include "activate.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
	if (module && !(rc = config_word(c->msgs, module, &word)))
		*line = fmt_apply(&c->host.load_fmt, *key, word);
	free(word);
	return rc;
}

/* ProFTPD loads modules only from its ModulePath, as a security precaution. */
static int check_module_path(struct ctx *c, const char *conf, const char *module)
{
	char *mp = conf_directive_file(c->msgs, conf, "ModulePath"), *dir = path_dir(module);
	int rc = RC_OK;

	const char *want = mp ? mp : ctx_var(c, "LIBEXECDIR");
	size_t wl = strlen(want);
	while (wl > 1 && want[wl - 1] == '/')
		wl--;
	if (strlen(dir) != wl || strncmp(dir, want, wl) != 0)
		rc = error(c->msgs, RC_CONF,
			   "'%s' is not in %s '%s' of '%s': ProFTPD loads modules only "
			   "from there (set -S LIBEXECDIR='%s')",
			   module, mp ? "the ModulePath" : "the default module dir", want, conf,
			   want);
	free(mp);
	free(dir);
	return rc;
}

/* A single-file layout (upstream, demo, ProFTPD): edit the one config. */
static int single_edit(struct ctx *c, struct journal *j, const struct conf_place *p,
		       enum conf_action a, const char *key, const char *line, struct receipt *r)
{
	struct conf_edit e = {a, key, line, p->layout == LAYOUT_PROFTPD};
	struct conf_result res = {0};
	struct conf_txn t = CONF_TXN_INIT;
	char *conf = conf_place_staged(p, p->config);
	int rc = RC_OK;

	/* Nothing to undo in a config that is not there. */
	if (a == CONF_REMOVE && access(conf, F_OK) != 0 && errno == ENOENT)
		goto out;
	rc = conf_txn_edit(c, j, &t, conf, &e, false, &res);

	if (!rc && (a == CONF_DEACTIVATE) && !res.found)
		rc = error(c->msgs, RC_CONF, "'%s' has no LoadModule line for '%s'", conf, key);
	else if (!rc && a == CONF_DEACTIVATE && !res.changed)
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

int conf_module_edit(struct ctx *c, struct journal *j, const struct conf_place *p,
		     enum conf_action action, const char *name, const char *module,
		     struct receipt *r)
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
		rc = debian_edit(c, j, p, action, name, key, line, r);
	else if (!rc && p->layout == LAYOUT_FEDORA)
		rc = fedora_edit(c, j, p, action, name, key, line, r);
	else if (!rc)
		rc = single_edit(c, j, p, action, key, line, r);
	free(key);
	free(line);
	return rc;
}
