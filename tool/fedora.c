/* fedora.c: editing a module's own drop-in in conf.modules.d, or deleting it. */
#include "fedora.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "confdir.h"
#include "conftest.h"
#include "conftxn.h"
#include "lock.h"
#include "msg.h"

/* The Fedora drop-in of a module: an existing NN-NAME.conf, else 10-NAME.conf. */
static char *fedora_file(const struct conf_place *p, const char *name)
{
	char *final = xasprintf("%s/conf.modules.d", p->sysconfdir);
	char *dir = conf_place_staged(p, final), *want = xasprintf("-%s.conf", name), *found = NULL;
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		const char *n = e->d_name;
		if (strlen(n) == 2 + strlen(want) && n[0] >= '0' && n[0] <= '9' && n[1] >= '0' &&
		    n[1] <= '9' && strcmp(n + 2, want) == 0 && (!found || strcmp(n, found) < 0)) {
			free(found);
			found = xstrdup(n);
		}
	}
	if (d)
		closedir(d);
	char *path = xasprintf("%s/%s", dir, found ? found : "");
	if (!found) {
		free(path);
		path = xasprintf("%s/10%s", dir, want);
	}
	free(found);
	free(want);
	free(dir);
	free(final);
	return path;
}

/* No drop-in of conf.modules.d but file loads the module: disabling file disables it. */
static int fedora_still_loaded(struct msgs *msgs, const struct conf_syntax *syn, const char *file,
			       const char *key)
{
	char *dir = path_dir(file);
	const char *suffixes[] = {".conf", NULL}, *own[] = {path_base(file), NULL};
	int rc = confdir_check_unloaded(msgs, syn, dir, suffixes, own, key);

	free(dir);
	return rc;
}

/* --uninstall: delete the module's drop-in. */
static int fedora_remove(struct ctx *c, struct journal *j, const struct conf_place *p,
			 const char *file, struct receipt *r)
{
	int rc = RC_OK;

	if (c->req->dry_run)
		msg_print(c->msgs, "remove '%s'\n", file);
	else
		rc = lock_unlink_with_bak(c->msgs, j, file, RC_CONF);
	if (!rc)
		conf_txn_note(c->msgs, p, file, "delete", NULL, r);
	return rc;
}

int fedora_edit(struct ctx *c, struct journal *j, const struct conf_place *p, enum conf_action a,
		const char *name, const char *key, const char *line, struct receipt *r)
{
	char *file = fedora_file(p, name);
	struct conf_edit e = {a, key, line, &c->host.syn};
	struct conf_result res = {0};
	struct conf_txn t = CONF_TXN_INIT;
	bool create = a == CONF_ACTIVATE || a == CONF_COMMENTED;
	int rc = RC_OK;

	if (!create && (rc = fedora_still_loaded(c->msgs, &c->host.syn, file, key)))
		goto out;
	if (!create && access(file, F_OK) != 0) {
		rc = a == CONF_REMOVE ? RC_OK :
					error(c->msgs, RC_CONF,
					      "no module '%s': '%s' does not exist", name, file);
		goto out;
	}
	if (a == CONF_REMOVE) {
		rc = fedora_remove(c, j, p, file, r);
		goto out;
	}
	rc = conf_txn_edit(c, j, &t, file, &e, create, &res);
	if (!rc && a == CONF_DEACTIVATE && !res.changed)
		notice(c->msgs, "'%s' is already inactive in '%s'", key, file);
	if (!rc && t.changed) {
		conf_txn_note(c->msgs, p, conf_txn_path(&t, file), conf_action_name(a), line, r);
		rc = conftest_run(c, p);
	}
	if (!rc)
		conf_txn_say_where(c->msgs, &t, file, &res);
out:
	conf_result_release(&res);
	conf_txn_release(&t);
	free(file);
	return rc;
}
