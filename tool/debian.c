/*
 * debian.c: a2enmod and a2dismod without them, for any host whose profile
 * describes such a layout (config.dropin): a module's file in the available
 * dir and its links in the enabled dirs.
 */
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

/* Make the link ENABLED/FILE -> target; a copy there is the administrator's. */
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
 * What a link in enabled points to: ../AVAILABLE/FILE where the two dirs are
 * siblings (as a2enmod links), else the absolute path (as other Debian tools link).
 */
static char *link_target(const struct conf_place *p, const char *enabled, const char *file)
{
	char *a = path_dir(p->avail), *e = path_dir(enabled);
	char *t = strcmp(a, e) == 0 ? xasprintf("../%s/%s", path_base(p->avail), file) :
				      xasprintf("%s/%s", p->avail, file);
	free(a);
	free(e);
	return t;
}

/*
 * Make (on) the link ENABLED/PRIORITYFILE -> AVAILABLE/FILE, or drop (off)
 * whatever enables FILE there. Turning on leaves a copy alone.
 */
static int debian_link(struct ctx *c, struct journal *j, const struct conf_place *p,
		       const char *enabled, const char *file, bool on, bool *changed)
{
	char *final = xasprintf("%s/%s%s", enabled, c->host.dropin.priority, file);
	char *link = conf_place_staged(p, final), *target = link_target(p, enabled, file);
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

/* The module's file name in the available dir (i 0), or that of its companion i ("%s.conf"). */
static char *dropin_name(struct ctx *c, const char *name, size_t i)
{
	const struct host_dropin *di = &c->host.dropin;
	struct fmt f = FMT_INIT;

	if (!i)
		return fmt_apply(&di->file, name, NULL);
	if (fmt_parse(&f, di->also.v[i - 1], 1, 1) != FMT_OK)
		return NULL;
	char *s = fmt_apply(&f, name, NULL);
	fmt_release(&f);
	return s;
}

/*
 * a2enmod without a2enmod, in one enabled dir: the module file's link, and
 * its companions' links (Apache's NAME.conf) where they exist.
 */
static int enable_in(struct ctx *c, struct journal *j, const struct conf_place *p,
		     const char *enabled, const char *name, bool on, bool *changed)
{
	int rc = RC_OK;

	for (size_t i = 0; !rc && i <= c->host.dropin.also.n; i++) {
		char *file = dropin_name(c, name, i);
		char *final = file ? xasprintf("%s/%s", p->avail, file) : NULL;
		char *st = final ? conf_place_staged(p, final) : NULL;
		bool there = i == 0 || (st && access(st, F_OK) == 0), more = false;
		if (file && (there || !on))
			rc = debian_link(c, j, p, enabled, file, on && there, &more);
		*changed = *changed || more;
		free(st);
		free(final);
		free(file);
	}
	return rc;
}

/* The same in every enabled dir: each of a pattern's dirs, or Apache's one mods-enabled. */
static int debian_enable(struct ctx *c, struct journal *j, const struct conf_place *p,
			 const char *name, bool on, bool *changed)
{
	int rc = RC_OK;

	*changed = false;
	for (size_t i = 0; !rc && i < p->enabled.n; i++)
		rc = enable_in(c, j, p, p->enabled.v[i], name, on, changed);
	return rc;
}

/* The suffix of a file name format: ".load" of "%s.load". */
static const char *name_suffix(const char *format)
{
	const char *s = strrchr(format, '.');
	return s && !strchr(s, '%') ? s : "";
}

/* No other file of one enabled dir loads the module: the server reads every file there. */
static int still_loaded_in(struct ctx *c, const struct conf_place *p, const char *enabled,
			   const char *name, const char *key)
{
	const struct host_dropin *di = &c->host.dropin;
	char *dir = conf_place_staged(p, enabled);
	struct strvec own = STRVEC_INIT, sfx = STRVEC_INIT;

	strvec_push(&sfx, name_suffix(di->file.text));
	for (size_t i = 0; i < di->also.n; i++)
		strvec_push(&sfx, name_suffix(di->also.v[i]));
	for (size_t i = 0; i <= di->also.n; i++) {
		char *file = dropin_name(c, name, i);
		if (file)
			strvec_push_owned(&own, xasprintf("%s%s", di->priority, file));
		free(file);
	}
	int rc = confdir_check_unloaded(c->msgs, &c->host.syn, dir, (const char *const *)sfx.v,
					(const char *const *)own.v, key);
	strvec_release(&own);
	strvec_release(&sfx);
	free(dir);
	return rc;
}

static int debian_still_loaded(struct ctx *c, const struct conf_place *p, const char *name,
			       const char *key)
{
	int rc = RC_OK;

	for (size_t i = 0; !rc && i < p->enabled.n; i++)
		rc = still_loaded_in(c, p, p->enabled.v[i], name, key);
	return rc;
}

int debian_edit(struct ctx *c, struct journal *j, const struct conf_place *p, enum conf_action a,
		const char *name, const char *key, const char *line, struct receipt *r)
{
	char *file = dropin_name(c, name, 0);
	char *final = xasprintf("%s/%s", p->avail, file);
	char *load = conf_place_staged(p, final);
	struct conf_txn t = CONF_TXN_INIT;
	struct conf_result res = {0};
	bool linked = false, off = a == CONF_DEACTIVATE || a == CONF_REMOVE;
	int rc = RC_OK;

	if (off) {
		rc = debian_still_loaded(c, p, name, key);
	} else {
		struct conf_edit e = {CONF_ACTIVATE, key, line, &c->host.syn};
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
	free(file);
	return rc;
}
