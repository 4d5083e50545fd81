/* conf_edit.c: config edits per layout, each one a transaction. */
#include "conf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "confdir.h"
#include "confprint.h"
#include "conftest.h"
#include "lock.h"
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

/*
 * One file's edit in progress: lock held, and the old version kept open, so
 * that a failed config test can restore it without holding it in memory.
 */
struct txn {
	struct lock lk;
	int fd; /* the old version; /dev/null for a file not made yet */
	bool existed;
	bool changed;
	bool locked;
};
#define TXN_INIT                                   \
	{                                          \
		LOCK_INIT, -1, false, false, false \
	}

/* The lock stays held to the end of the transaction, which undoes the edit if a later step fails. */
static void txn_release(struct txn *t)
{
	if (t->locked)
		lock_done(&t->lk);
	t->locked = false;
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
}

/* Open the file being edited; a missing file reads empty when create is allowed. */
static int txn_open(struct txn *t, const char *path, bool create)
{
	t->fd = file_open_regular(path);
	if (t->fd >= 0) {
		t->existed = true;
		return RC_OK;
	}
	if (errno == ENOENT && create && (t->fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0)
		return RC_OK;
	return error(RC_CONF, "cannot read '%s': %s", path, file_why(errno));
}

/* --dry-run: the diff of the planned edit, from the old and new texts in memory. */
static int show_diff(const char *path, const struct txn *t, const struct conf_plan *pl)
{
	struct buf old = BUF_INIT, new_ = BUF_INIT, d = BUF_INIT;
	int rc = RC_OK;

	if (t->existed && file_read(path, &old) != 0)
		rc = error(RC_CONF, "cannot read '%s':", path);
	else if (conf_render_buf(path, pl, t->fd, &new_) != 0)
		rc = error(RC_CONF, "cannot read '%s':", path);
	if (!rc)
		conf_diff(t->existed ? path : "/dev/null", old.s, old.len, path, new_.s, new_.len,
			  &d);
	if (d.s)
		conf_print("%s", d.s);
	buf_release(&d);
	buf_release(&old);
	buf_release(&new_);
	return rc;
}

/* Say what happened where no LoadModule line was there before. */
static void say_where(const char *path, const struct conf_result *res)
{
	if (res->where)
		notice("'%s' had no LoadModule line: added one %s", path, res->where);
}

static int txn_lock(struct ctx *c, struct txn *t, const char *path, bool create)
{
	char *dir = path_dir(path), *failed = NULL;
	int rc = RC_OK;

	if (create && !c->o->dry_run && dir_make(dir, &failed) != 0)
		rc = error(RC_CONF, "cannot create directory '%s':", failed);
	free(failed);
	free(dir);
	if (rc || c->o->dry_run)
		return rc;
	t->locked = true;
	return lock_take(&t->lk, path, RC_CONF, true);
}

/* The second pass, writing the edited config into the temp file. */
struct render_arg {
	const char *file;
	const struct conf_plan *pl;
	int in;
};

static int fill_render(int fd, void *arg)
{
	const struct render_arg *a = arg;
	return conf_render_fd(a->file, a->pl, a->in, fd);
}

/*
 * Lock path, plan e in a first pass, write the result atomically in a
 * second (or, with --dry-run, print the diff). The lock stays held so that
 * a failed config test can restore.
 */
static int txn_edit(struct ctx *c, struct txn *t, const char *path, const struct conf_edit *e,
		    bool create, struct conf_result *res)
{
	struct conf_plan pl = {NULL, 0, 0, false, true};
	const char *real;
	int rc = txn_lock(c, t, path, create);

	memset(res, 0, sizeof(*res));
	real = t->locked ? t->lk.path : path;
	if (!rc)
		rc = txn_open(t, real, create);
	if (!rc)
		rc = conf_plan_fd(path, t->fd, e, &pl, res);
	if (rc || !res->changed)
		goto out;
	if (c->o->dry_run) {
		rc = show_diff(real, t, &pl);
	} else {
		struct render_arg a = {path, &pl, t->fd};
		rc = lock_commit_with(&t->lk, fill_render, &a, 0644);
	}
	t->changed = !rc;
out:
	conf_plan_release(&pl);
	return rc;
}

static const char *action_name(enum conf_action a)
{
	static const char *const names[] = {"activate", "add-commented", "deactivate", "remove"};
	return names[a];
}

/* Report and record one changed file. */
static void note_edit(const struct conf_place *p, const char *path, const char *action,
		      const char *line, struct receipt *r)
{
	size_t dl = strlen(p->destdir);
	const char *final = strncmp(path, p->destdir, dl) == 0 ? path + dl : path;

	if (strcmp(action, "delete") != 0)
		report_file("config", path);
	report_edit(path, action, line);
	if (r)
		receipt_add_edit(r, action, final, line);
}

/* The key a LoadModule line names the module by, and the line itself. */
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
	*key = fmt_apply(c->host.symbol_fmt, name, NULL);
	if (module && !(rc = config_word(module, &word)))
		*line = fmt_apply(c->host.load_fmt, *key, word);
	free(word);
	return rc;
}

/* ProFTPD loads modules only from its ModulePath, as a security precaution. */
static int check_module_path(struct ctx *c, const struct conf_place *p, const char *conf,
			     const char *module)
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
	(void)p;
	free(mp);
	free(dir);
	return rc;
}

/* A single-file layout (upstream, demo, ProFTPD): edit the one config. */
static int edit_single(struct ctx *c, const struct conf_place *p, enum conf_action a,
		       const char *key, const char *line, struct receipt *r)
{
	struct conf_edit e = {a, key, line, p->layout == LAYOUT_PROFTPD};
	struct conf_result res = {0};
	struct txn t = TXN_INIT;
	char *conf = conf_place_staged(p, p->config);
	int rc = RC_OK;

	/* Nothing to undo in a config that is not there. */
	if (a == CONF_REMOVE && access(conf, F_OK) != 0 && errno == ENOENT)
		goto out;
	rc = txn_edit(c, &t, conf, &e, false, &res);

	if (!rc && (a == CONF_DEACTIVATE) && !res.found)
		rc = error(RC_CONF, "'%s' has no LoadModule line for '%s'", conf, key);
	else if (!rc && a == CONF_DEACTIVATE && !res.changed)
		notice("'%s' is already inactive in '%s'", key, conf);
	if (!rc && t.changed) {
		note_edit(p, t.locked ? t.lk.path : conf, action_name(a), line, r);
		rc = conftest_run(c, p);
	}
	if (!rc && t.changed && t.existed)
		say_where(conf, &res);
out:
	conf_result_release(&res);
	txn_release(&t);
	free(conf);
	return rc;
}

/* Remove an administrator's copy in an enabled dir, keeping it as FILE.bak. */
static int remove_copy(const char *path)
{
	struct lock lk = LOCK_INIT;
	int rc = lock_take(&lk, path, RC_CONF, true);

	if (!rc)
		rc = lock_remove(&lk);
	lock_done(&lk);
	return rc;
}

/* Drop mods-enabled/FILE, whatever it is: Apache loads a link (relative or absolute) and a copy alike. */
static int debian_unlink(struct ctx *c, const char *link, const struct stat *st)
{
	bool is_link = S_ISLNK(st->st_mode);

	if (!is_link && !S_ISREG(st->st_mode))
		return error(RC_CONF, "'%s' is not a link or a file; not removing it", link);
	if (c->o->dry_run) {
		conf_print("%s '%s'\n", is_link ? "unlink" : "remove", link);
		return RC_OK;
	}
	if (!is_link)
		return remove_copy(link);
	if (journal_link(link, NULL) != 0)
		return error(RC_CONF, "cannot remove '%s':", link);
	return RC_OK;
}

/* Make the link mods-enabled/FILE -> ../mods-available/FILE; a copy there is the administrator's. */
static int debian_make_link(struct ctx *c, const char *link, const char *target)
{
	char *dir = path_dir(link), *failed = NULL;
	int rc = RC_OK;

	if (c->o->dry_run)
		conf_print("link '%s' -> %s\n", link, target);
	else if (dir_make(dir, &failed) != 0)
		rc = error(RC_CONF, "cannot create directory '%s':", failed);
	else if (journal_link(link, target) != 0)
		rc = error(RC_CONF, "cannot rename '%s':", link);
	free(failed);
	free(dir);
	return rc;
}

/*
 * Make (on) the link mods-enabled/FILE -> ../mods-available/FILE, or drop
 * (off) whatever enables FILE there. Turning on leaves a copy alone.
 */
static int debian_link(struct ctx *c, const struct conf_place *p, const char *file, bool on,
		       bool *changed)
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
		warn("'%s' is a file, not a link; leaving it as it is", link);
	else if (on && !(n >= 0 && strcmp(have, target) == 0))
		*changed = !(rc = debian_make_link(c, link, target));
	else if (!on && exists)
		*changed = !(rc = debian_unlink(c, link, &st));
	free(final);
	free(link);
	free(target);
	return rc;
}

/* a2enmod without a2enmod: the .load link, and the .conf link when there is a .conf. */
static int debian_enable(struct ctx *c, const struct conf_place *p, const char *name, bool on,
			 bool *changed)
{
	char *file = xasprintf("%s.load", name);
	char *conf_final = xasprintf("%s/mods-available/%s.conf", p->sysconfdir, name);
	char *conf = conf_place_staged(p, conf_final);
	bool more = false;
	int rc = debian_link(c, p, file, on, changed);

	free(file);
	if (!rc && (access(conf, F_OK) == 0 || !on)) {
		file = xasprintf("%s.conf", name);
		rc = debian_link(c, p, file, on && access(conf, F_OK) == 0, &more);
		free(file);
	}
	*changed = *changed || more;
	free(conf);
	free(conf_final);
	return rc;
}

/* No other file in mods-enabled loads the module: Apache reads every *.load and *.conf there. */
static int debian_still_loaded(const struct conf_place *p, const char *name, const char *key)
{
	char *final = xasprintf("%s/mods-enabled", p->sysconfdir);
	char *dir = conf_place_staged(p, final);
	char *load = xasprintf("%s.load", name), *conf = xasprintf("%s.conf", name);
	const char *suffixes[] = {".load", ".conf", NULL}, *own[] = {load, conf, NULL};
	int rc = confdir_check_unloaded(dir, suffixes, own, key);

	free(load);
	free(conf);
	free(dir);
	free(final);
	return rc;
}

static int edit_debian(struct ctx *c, const struct conf_place *p, enum conf_action a,
		       const char *name, const char *key, const char *line, struct receipt *r)
{
	char *final = xasprintf("%s/mods-available/%s.load", p->sysconfdir, name);
	char *load = conf_place_staged(p, final);
	struct txn t = TXN_INIT;
	struct conf_result res = {0};
	bool linked = false, off = a == CONF_DEACTIVATE || a == CONF_REMOVE;
	int rc = RC_OK;

	if (off) {
		rc = debian_still_loaded(p, name, key);
	} else {
		struct conf_edit e = {CONF_ACTIVATE, key, line, false};
		rc = txn_edit(c, &t, load, &e, true, &res);
		if (!rc && t.changed)
			note_edit(p, load, "write", line, r);
	}
	if (!rc && a != CONF_COMMENTED)
		rc = debian_enable(c, p, name, a == CONF_ACTIVATE, &linked);
	if (!rc && a == CONF_DEACTIVATE && !linked && access(load, F_OK) != 0)
		rc = error(RC_CONF, "no module '%s': '%s' does not exist", name, load);
	if (!rc && linked)
		note_edit(p, load, a == CONF_ACTIVATE ? "enable" : "disable", line, r);
	if (!rc && a == CONF_DEACTIVATE && !linked)
		notice("'%s' is already disabled", name);
	if (!rc && (t.changed || linked) && a == CONF_ACTIVATE)
		rc = conftest_run(c, p);
	if (rc || a != CONF_REMOVE || access(load, F_OK) != 0)
		goto out;
	if (c->o->dry_run)
		conf_print("remove '%s'\n", load);
	else if (!(rc = lock_unlink(load, RC_CONF)))
		note_edit(p, load, "delete", NULL, r);
out:
	conf_result_release(&res);
	txn_release(&t);
	free(load);
	free(final);
	return rc;
}

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
static int fedora_still_loaded(const char *file, const char *key)
{
	char *dir = path_dir(file);
	const char *suffixes[] = {".conf", NULL}, *own[] = {path_base(file), NULL};
	int rc = confdir_check_unloaded(dir, suffixes, own, key);

	free(dir);
	return rc;
}

static int edit_fedora(struct ctx *c, const struct conf_place *p, enum conf_action a,
		       const char *name, const char *key, const char *line, struct receipt *r)
{
	char *file = fedora_file(p, name);
	struct conf_edit e = {a, key, line, false};
	struct conf_result res = {0};
	struct txn t = TXN_INIT;
	bool create = a == CONF_ACTIVATE || a == CONF_COMMENTED;
	int rc = RC_OK;

	if (!create && (rc = fedora_still_loaded(file, key)))
		goto out;
	if (!create && access(file, F_OK) != 0) {
		rc = a == CONF_REMOVE ?
			     RC_OK :
			     error(RC_CONF, "no module '%s': '%s' does not exist", name, file);
		goto out;
	}
	if (a == CONF_REMOVE) {
		if (c->o->dry_run)
			conf_print("remove '%s'\n", file);
		else
			rc = lock_unlink(file, RC_CONF);
		if (!rc)
			note_edit(p, file, "delete", NULL, r);
		goto out;
	}
	rc = txn_edit(c, &t, file, &e, create, &res);
	if (!rc && a == CONF_DEACTIVATE && !res.changed)
		notice("'%s' is already inactive in '%s'", key, file);
	if (!rc && t.changed) {
		note_edit(p, t.locked ? t.lk.path : file, action_name(a), line, r);
		rc = conftest_run(c, p);
	}
	if (!rc && t.changed && t.existed)
		say_where(file, &res);
out:
	conf_result_release(&res);
	txn_release(&t);
	free(file);
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
		rc = check_module_path(c, p, conf, module);
		free(conf);
	}
	if (!rc && p->layout == LAYOUT_DEBIAN)
		rc = edit_debian(c, p, action, name, key, line, r);
	else if (!rc && p->layout == LAYOUT_FEDORA)
		rc = edit_fedora(c, p, action, name, key, line, r);
	else if (!rc)
		rc = edit_single(c, p, action, key, line, r);
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
	char *sym = name ? fmt_apply(c->host.symbol_fmt, name, NULL) : xstrdup(key);
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

/* List the LoadModule lines of one file; state_of overrides "active" (Debian's disabled). */
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
