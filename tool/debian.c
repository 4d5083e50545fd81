/* debian.c: a2enmod and a2dismod without them: NAME.load files and their mods-enabled links. */
#include "debian.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "confdir.h"
#include "conftest.h"
#include "conftxn.h"
#include "lock.h"
#include "msg.h"

/* Remove an administrator's copy in an enabled dir, keeping it as FILE.bak. */
static int remove_copy(struct msgs *msgs, struct journal *j, const char *path)
{
	struct lock lk = LOCK_INIT;
	int rc = lock_take(&lk, msgs, j, path, RC_CONF, true);

	if (!rc)
		rc = lock_remove(&lk);
	lock_done(&lk);
	return rc;
}

/* Drop mods-enabled/FILE, whatever it is: Apache loads a link (relative or absolute) and a copy alike. */
static int debian_unlink(struct ctx *c, struct journal *j, const char *link, const struct stat *st)
{
	bool is_link = S_ISLNK(st->st_mode);

	if (!is_link && !S_ISREG(st->st_mode))
		return error(c->msgs, RC_CONF, "'%s' is not a link or a file; not removing it",
			     link);
	if (c->req->dry_run) {
		msg_print(c->msgs, "%s '%s'\n", is_link ? "unlink" : "remove", link);
		return RC_OK;
	}
	if (!is_link)
		return remove_copy(c->msgs, j, link);
	if (journal_link(j, link, NULL) != 0)
		return error(c->msgs, RC_CONF, "cannot remove '%s':", link);
	return RC_OK;
}

/* Make the link mods-enabled/FILE -> ../mods-available/FILE; a copy there is the administrator's. */
static int debian_make_link(struct ctx *c, struct journal *j, const char *link, const char *target)
{
	char *dir = path_dir(link), *failed = NULL;
	int rc = RC_OK;

	if (c->req->dry_run)
		msg_print(c->msgs, "link '%s' -> %s\n", link, target);
	else if (dir_make(j, dir, &failed) != 0)
		rc = error(c->msgs, RC_CONF, "cannot create directory '%s':", failed);
	else if (journal_link(j, link, target) != 0)
		rc = error(c->msgs, RC_CONF, "cannot rename '%s':", link);
	free(failed);
	free(dir);
	return rc;
}

/*
 * Make (on) the link mods-enabled/FILE -> ../mods-available/FILE, or drop
 * (off) whatever enables FILE there. Turning on leaves a copy alone.
 */
static int debian_link(struct ctx *c, struct journal *j, const struct conf_place *p,
		       const char *file, bool on, bool *changed)
{
	char *final = xasprintf("%s/mods-enabled/%s", p->sysconfdir, file);
	char *link = conf_place_staged(p, final), *target = xasprintf("../mods-available/%s", file);
	char have[4096];
	struct stat st;
	bool exists = lstat(link, &st) == 0, is_link = exists && S_ISLNK(st.st_mode);
	ssize_t n = is_link ? readlink(link, have, sizeof(have) - 1) : -1;
	int rc = RC_OK;

	have[n > 0 ? n : 0] = '\0';
	*changed = false;
	if (on && exists && !is_link)
		warn(c->msgs, "'%s' is a file, not a link; leaving it as it is", link);
	else if (on && !(n >= 0 && strcmp(have, target) == 0))
		*changed = !(rc = debian_make_link(c, j, link, target));
	else if (!on && exists)
		*changed = !(rc = debian_unlink(c, j, link, &st));
	free(final);
	free(link);
	free(target);
	return rc;
}

/* a2enmod without a2enmod: the .load link, and the .conf link when there is a .conf. */
static int debian_enable(struct ctx *c, struct journal *j, const struct conf_place *p,
			 const char *name, bool on, bool *changed)
{
	char *file = xasprintf("%s.load", name);
	char *conf_final = xasprintf("%s/mods-available/%s.conf", p->sysconfdir, name);
	char *conf = conf_place_staged(p, conf_final);
	bool more = false;
	int rc = debian_link(c, j, p, file, on, changed);

	free(file);
	if (!rc && (access(conf, F_OK) == 0 || !on)) {
		file = xasprintf("%s.conf", name);
		rc = debian_link(c, j, p, file, on && access(conf, F_OK) == 0, &more);
		free(file);
	}
	*changed = *changed || more;
	free(conf);
	free(conf_final);
	return rc;
}

/* No other file in mods-enabled loads the module: Apache reads every *.load and *.conf there. */
static int debian_still_loaded(struct msgs *msgs, const struct conf_place *p, const char *name,
			       const char *key)
{
	char *final = xasprintf("%s/mods-enabled", p->sysconfdir);
	char *dir = conf_place_staged(p, final);
	char *load = xasprintf("%s.load", name), *conf = xasprintf("%s.conf", name);
	const char *suffixes[] = {".load", ".conf", NULL}, *own[] = {load, conf, NULL};
	int rc = confdir_check_unloaded(msgs, dir, suffixes, own, key);

	free(load);
	free(conf);
	free(dir);
	free(final);
	return rc;
}

int debian_edit(struct ctx *c, struct journal *j, const struct conf_place *p, enum conf_action a,
		const char *name, const char *key, const char *line, struct receipt *r)
{
	char *final = xasprintf("%s/mods-available/%s.load", p->sysconfdir, name);
	char *load = conf_place_staged(p, final);
	struct conf_txn t = CONF_TXN_INIT;
	struct conf_result res = {0};
	bool linked = false, off = a == CONF_DEACTIVATE || a == CONF_REMOVE;
	int rc = RC_OK;

	if (off) {
		rc = debian_still_loaded(c->msgs, p, name, key);
	} else {
		struct conf_edit e = {CONF_ACTIVATE, key, line, false};
		rc = conf_txn_edit(c, j, &t, load, &e, true, &res);
		if (!rc && t.changed)
			conf_txn_note(c->msgs, p, load, "write", line, r);
	}
	if (!rc && a != CONF_COMMENTED)
		rc = debian_enable(c, j, p, name, a == CONF_ACTIVATE, &linked);
	if (!rc && a == CONF_DEACTIVATE && !linked && access(load, F_OK) != 0)
		rc = error(c->msgs, RC_CONF, "no module '%s': '%s' does not exist", name, load);
	if (!rc && linked)
		conf_txn_note(c->msgs, p, load, a == CONF_ACTIVATE ? "enable" : "disable", line, r);
	if (!rc && a == CONF_DEACTIVATE && !linked)
		notice(c->msgs, "'%s' is already disabled", name);
	if (!rc && (t.changed || linked) && a == CONF_ACTIVATE)
		rc = conftest_run(c, p);
	if (rc || a != CONF_REMOVE || access(load, F_OK) != 0)
		goto out;
	if (c->req->dry_run)
		msg_print(c->msgs, "remove '%s'\n", load);
	else if (!(rc = lock_unlink_with_bak(c->msgs, j, load, RC_CONF)))
		conf_txn_note(c->msgs, p, load, "delete", NULL, r);
out:
	conf_result_release(&res);
	conf_txn_release(&t);
	free(load);
	free(final);
	return rc;
}
