/* install.c: putting modules where the server looks, as a transaction, and undoing it. */
#include "install.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "abicheck.h"
#include "activate.h"
#include "conflist.h"
#include "elfcheck.h"
#include "la.h"
#include "lock.h"
#include "modname.h"
#include "msg.h"
#include "place.h"
#include "receipt.h"
#include "report.h"
#include "signals.h"

/* One module of the command line. */
struct module {
	char *object; /* the shared object to copy */
	char *base;   /* the installed file's name: BASE.so */
	char *name;   /* the module's name: "hello" for hello_module */
	char *final;  /* LIBEXECDIR/BASE.so, as the server will see it */
	char *dest;   /* the same under DESTDIR */
};

static char *modules_dir(struct ctx *c);

static void module_release(struct module *m)
{
	free(m->object);
	free(m->base);
	free(m->name);
	free(m->final);
	free(m->dest);
}

/* One transaction of a run: its journal, and what it did, said once it is kept. */
struct step {
	struct journal j;
	struct strvec said;
	char *staged; /* a journal dir of its own under DESTDIR, removed at the end */
};
#define STEP_INIT                               \
	{                                       \
		JOURNAL_INIT, STRVEC_INIT, NULL \
	}

/* End the run's transaction: keep or undo its changes, and say what was done if kept. */
static int finish(struct msgs *msgs, int rc, struct step *st)
{
	/* A signal is an error like any other: the run is undone. */
	if (!rc && signals_pending())
		rc = error(msgs, RC_INSTALL, "interrupted");
	int undo = journal_end(&st->j, rc == RC_OK);

	if (st->staged)
		rmdir(st->staged);
	free(st->staged);
	st->staged = NULL;
	rc = rc ? rc : undo;
	for (size_t i = 0; !rc && i < st->said.n; i++)
		notice(msgs, "%s", st->said.v[i]);
	strvec_release(&st->said);
	return rc;
}

/*
 * --destdir, else $DESTDIR, without a trailing '/'; "" when neither. apxs
 * never reads $DESTDIR (Makefiles stage its -S LIBEXECDIR themselves), so
 * its persona takes only --destdir.
 */
static char *destdir_of(struct ctx *c)
{
	const char *env = c->req->persona == PERSONA_APXS ? NULL : getenv("DESTDIR");
	const char *d = c->req->destdir ? c->req->destdir : env;
	size_t n = d ? strlen(d) : 0;

	while (n > 1 && d[n - 1] == '/')
		n--;
	return xstrndup(d ? d : "", n);
}

/* apxs installs every module as BASE.so, whatever its extension. */
static char *installed_base(const char *arg)
{
	const char *base = path_base(arg);
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	return xasprintf("%.*s.so", (int)n, base);
}

/* The shared object a command-line file stands for: a .la's dlname, or the file. */
static int module_object(struct msgs *msgs, const char *arg, char **object)
{
	struct la la = LA_INIT;
	int rc;

	if (!str_ends(arg, ".la")) {
		*object = xstrdup(arg);
		return RC_OK;
	}
	rc = la_read_as(msgs, arg, RC_INSTALL, &la);
	if (!rc && (!la.dlname || !*la.dlname))
		rc = error(msgs, RC_INSTALL, "'%s': no dlname: not a libtool module", arg);
	if (!rc)
		*object = la_object(arg, &la);
	la_release(&la);
	return rc;
}

static int module_init(struct ctx *c, const char *destdir, const char *arg, struct module *m)
{
	int rc;

	memset(m, 0, sizeof(*m));
	if ((c->req->mode & MODE_INSTALL) || str_ends(arg, ".la")) {
		if ((rc = module_object(c->msgs, arg, &m->object)))
			return rc;
	} else {
		m->object = xstrdup(arg);
	}
	if ((rc = modname_for_install(c->msgs, c->deps, c->req->name, arg, m->object,
				      &c->host.symbol_fmt, &c->host.module_file, &m->name)))
		return rc;
	const char *given = ctx_var(c, "LIBEXECDIR");
	if (given[0] != '/')
		return error(c->msgs, RC_INSTALL,
			     "the modules dir LIBEXECDIR '%s' is not an absolute path "
			     "(set one with -S LIBEXECDIR=DIR)",
			     given);
	char *dir = modules_dir(c);
	m->base = installed_base(arg);
	m->final = path_join(path_unstage(destdir, dir), m->base);
	free(dir);
	m->dest = xasprintf("%s%s", destdir, m->final);
	return RC_OK;
}

/* LIBEXECDIR written plainly, so "mods/." is checked as "mods" and "mods/" shares receipts with "mods". */
static char *modules_dir(struct ctx *c)
{
	return path_clean(ctx_var(c, "LIBEXECDIR"));
}

/*
 * The state dir, where receipts and the journal live: $MODXS_STATEDIR; for
 * root, the install prefix's LOCALSTATEDIR/lib/modxs as GNU's conventions
 * place it (/var/lib/modxs for /usr, /var/opt/modxs/lib/modxs for
 * /opt/modxs, PREFIX/var/lib/modxs elsewhere), found from where modxs runs
 * so that a moved prefix keeps its own; for others, the XDG state home.
 */
static char *state_dir(struct ctx *c)
{
	const char *env = getenv("MODXS_STATEDIR"), *xdg = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");

	if (env && *env)
		return xstrdup(env);
	if (geteuid() == 0 && strcmp(c->prefix, "/usr") == 0)
		return xstrdup("/var/lib/modxs");
	if (geteuid() == 0 && str_starts(c->prefix, "/opt/"))
		return xasprintf("/var%s/lib/modxs", c->prefix);
	if (geteuid() == 0)
		return path_join(c->prefix, "var/lib/modxs");
	if (xdg && xdg[0] == '/')
		return path_join(xdg, "modxs");
	return xasprintf("%s/.local/state/modxs", home && *home ? home : "/");
}

/*
 * A dir of the state dir must be the invoking user's alone: owned by them,
 * writable by no one else, and not a link; else anyone could plant a
 * receipt that --uninstall trusts, or a journal that moves files.
 */
static int check_private_dir(struct msgs *msgs, const char *dir)
{
	struct stat st;

	if (lstat(dir, &st) != 0)
		return error(msgs, RC_INSTALL, "cannot use the state dir '%s':", dir);
	if (!S_ISDIR(st.st_mode))
		return error(msgs, RC_INSTALL, "refusing the state dir '%s': not a directory", dir);
	if (st.st_uid != geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH)))
		return error(msgs, RC_INSTALL,
			     "refusing the state dir '%s': it must be yours and writable only "
			     "by you (owner %ld, mode %04o)",
			     dir, (long)st.st_uid, (unsigned)(st.st_mode & 07777));
	return RC_OK;
}

/* Make dir and its parents, outside any transaction, then check it; dry runs only check. */
static int private_dir(struct ctx *c, const char *dir)
{
	char *failed = NULL;

	if (!c->req->dry_run && dir_make(NULL, dir, &failed) != 0) {
		int rc = error(c->msgs, RC_INSTALL, "cannot create directory '%s':", failed);
		free(failed);
		return rc;
	}
	if (c->req->dry_run && access(dir, F_OK) != 0)
		return RC_OK;
	return check_private_dir(c->msgs, dir);
}

/* The state dir under DESTDIR, checked; NULL after an error line. */
static char *state_root(struct ctx *c, const char *destdir)
{
	char *state = state_dir(c);
	char *root = xasprintf("%s%s", destdir, path_unstage(destdir, state));

	free(state);
	if (private_dir(c, root)) {
		free(root);
		return NULL;
	}
	return root;
}

/*
 * STATE/receipts/KEY, KEY naming the modules dir as systemd-escape --path
 * does ('/' as '-', other bytes outside [A-Za-z0-9_.] as \xHH), so that
 * two modules dirs never share receipts.
 */
static char *receipt_dir(struct ctx *c, const char *state)
{
	char *mods = modules_dir(c);
	struct buf key = BUF_INIT;

	for (const char *p = mods + (mods[0] == '/'); *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch == '/')
			buf_putc(&key, '-');
		else if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			 (ch >= '0' && ch <= '9') || ch == '_' || (ch == '.' && p != mods + 1))
			buf_putc(&key, (char)ch);
		else
			buf_printf(&key, "\\x%02x", ch);
	}
	char *dir = xasprintf("%s/receipts/%s", state, key.len ? key.s : "-");
	buf_release(&key);
	free(mods);
	return dir;
}

/* A dir of the state dir that exists must be private; receipt_write makes a missing one. */
static int existing_private_dir(struct msgs *msgs, const char *dir)
{
	struct stat st;

	if (lstat(dir, &st) != 0 && errno == ENOENT)
		return RC_OK;
	return check_private_dir(msgs, dir);
}

/* STATE/receipts/KEY/NAME.json, under DESTDIR; NULL after an error line. */
static char *receipt_path(struct ctx *c, const char *destdir, const char *name)
{
	char *state = state_root(c, destdir), *rdir = NULL, *top = NULL, *p = NULL;

	if (!state)
		return NULL;
	top = path_join(state, "receipts");
	rdir = receipt_dir(c, state);
	if (!existing_private_dir(c->msgs, top) && !existing_private_dir(c->msgs, rdir))
		p = xasprintf("%s/%s.json", rdir, name);
	free(top);
	free(rdir);
	free(state);
	return p;
}

/* Undo what runs killed before they finished left half done, if the state dir has their logs. */
static void recover(struct ctx *c, const char *destdir)
{
	char *state = state_dir(c);
	char *dir = xasprintf("%s%s/journal", destdir, path_unstage(destdir, state));

	if (!c->req->dry_run && access(dir, F_OK) == 0 && check_private_dir(c->msgs, dir) == RC_OK)
		journal_recover(c->msgs, dir);
	free(dir);
	free(state);
}

/*
 * Whether the run keeps its state (receipts, journal) under DESTDIR: not
 * unless --receipt asks, since a package must not ship modxs's state.
 */
static bool keeps_state(struct ctx *c, const char *destdir)
{
	return !*destdir || c->req->receipt;
}

/*
 * A staged run's journal: a private dir of its own in DESTDIR, so that a
 * failed run is still undone, removed once the run ends.
 */
static int begin_staged(struct ctx *c, const char *destdir, struct step *st)
{
	char *failed = NULL;

	if (c->req->dry_run)
		return RC_OK;
	if (dir_make(NULL, destdir, &failed) != 0) {
		int rc = error(c->msgs, RC_INSTALL, "cannot create directory '%s':", failed);
		free(failed);
		return rc;
	}
	st->staged = xasprintf("%s/.modxs-journal.XXXXXX", destdir);
	if (!mkdtemp(st->staged)) {
		int rc = error(c->msgs, RC_INSTALL,
			       "cannot create a journal dir in '%s':", destdir);
		free(st->staged);
		st->staged = NULL;
		return rc;
	}
	if (journal_begin(&st->j, c->msgs, st->staged) == 0)
		return RC_OK;
	int rc = error(c->msgs, RC_INSTALL, "cannot start a journal in '%s':", st->staged);
	rmdir(st->staged);
	free(st->staged);
	st->staged = NULL;
	return rc;
}

/* Start the run's transaction, logged in STATE/journal. */
static int begin(struct ctx *c, const char *destdir, struct step *st)
{
	char *state, *dir;
	int rc = RC_OK;

	if (!keeps_state(c, destdir))
		return begin_staged(c, destdir, st);
	state = state_root(c, destdir);

	if (!state)
		return RC_INSTALL;
	if (c->req->dry_run) {
		free(state);
		return RC_OK;
	}
	dir = path_join(state, "journal");
	if (journal_begin(&st->j, c->msgs, dir) != 0)
		rc = error(c->msgs, RC_INSTALL, "cannot start a journal in '%s':", dir);
	else if ((rc = check_private_dir(c->msgs, dir)))
		journal_end(&st->j, false);
	free(dir);
	free(state);
	return rc;
}

/*
 * A directory modxs writes into must be the one intended: not a symlink to
 * somewhere else, unless --force says that is meant. what names it in the
 * message ("modules dir", "config dir"), code is the exit code. A dir not
 * made yet is fine.
 */
static int check_dir_link(struct ctx *c, const char *dir, const char *what, int code)
{
	struct stat st;

	if (c->req->force || lstat(dir, &st) != 0 || !S_ISLNK(st.st_mode))
		return RC_OK;
	char *real = realpath(dir, NULL);
	int rc = error(c->msgs, code,
		       "refusing to write into the %s '%s': it is a symlink to '%s' "
		       "(use --force if that is intended)",
		       what, dir, real ? real : "a missing directory");
	free(real);
	return rc;
}

/*
 * Refuse a modules dir any user may write to: anyone could then replace the
 * module the server (often root) loads. --force overrides.
 */
static int check_dir_mode(struct ctx *c, const char *dir)
{
	struct stat st;

	if (c->req->force || stat(dir, &st) != 0 || !(st.st_mode & S_IWOTH))
		return RC_OK;
	return error(c->msgs, RC_INSTALL,
		     "refusing to install into '%s': it is world-writable (mode %04o), "
		     "so any user could replace the module; fix its mode or use --force",
		     dir, (unsigned)(st.st_mode & 07777));
}

/*
 * Refuse a config dir someone else may write to (group or others, or
 * another owner than root or us), unless it is sticky: they could swap the
 * config or plant files beside it while root edits it. --force overrides.
 */
static int check_dir_owner(struct ctx *c, const char *dir)
{
	struct stat st;

	if (c->req->force || stat(dir, &st) != 0 || (st.st_mode & S_ISVTX))
		return RC_OK;
	if (!(st.st_mode & (S_IWGRP | S_IWOTH)) && (st.st_uid == geteuid() || st.st_uid == 0))
		return RC_OK;
	return error(c->msgs, RC_CONF,
		     "refusing to edit the config in '%s': it is writable by others (owner %ld, "
		     "mode %04o); fix its mode or use --force",
		     dir, (long)st.st_uid, (unsigned)(st.st_mode & 07777));
}

/* The config dir and the config's own dir must be what they seem, and only ours to write. */
static int check_conf_dirs(struct ctx *c, const struct conf_place *p)
{
	static const char *const fedora[] = {"conf.modules.d", NULL};
	const char *const *subdirs = p->layout == LAYOUT_FEDORA ? fedora : NULL;
	char *given = xasprintf("%s%s", p->destdir, p->sysconfdir);
	char *etc = path_clean(given);
	char *conf = xasprintf("%s%s", p->destdir, p->config);
	char *cdir = path_dir(conf);
	int rc = check_dir_link(c, etc, "config dir", RC_CONF);

	if (!rc)
		rc = check_dir_owner(c, etc);
	if (!rc)
		rc = check_dir_owner(c, cdir);
	for (size_t i = 0; !rc && subdirs && subdirs[i]; i++) {
		char *sub = path_join(etc, subdirs[i]);
		rc = check_dir_owner(c, sub);
		free(sub);
	}
	for (size_t i = 0; !rc && p->layout == LAYOUT_DEBIAN && i <= p->enabled.n; i++) {
		char *dir = conf_place_staged(p, i ? p->enabled.v[i - 1] : p->avail);
		rc = check_dir_owner(c, dir);
		free(dir);
	}
	free(cdir);
	free(conf);
	free(etc);
	free(given);
	return rc;
}

/*
 * The installed file itself may be a symlink only to a file in the same
 * dir: writing through a link to elsewhere (say /etc/passwd) would replace
 * that file with the module.
 */
static int check_dest_link(struct msgs *msgs, const char *dest, const char *dir)
{
	struct stat st;

	if (lstat(dest, &st) != 0 || !S_ISLNK(st.st_mode))
		return RC_OK;
	char *real = realpath(dest, NULL), *rdir = realpath(dir, NULL);
	char *rdest = real ? path_dir(real) : NULL;
	bool inside = rdest && rdir && strcmp(rdest, rdir) == 0;
	int rc = inside ? RC_OK :
			  error(msgs, RC_INSTALL,
				"refusing to install '%s': it is a symlink to '%s', outside "
				"'%s' (remove the link first)",
				dest, real ? real : "a missing file", dir);
	free(rdest);
	free(rdir);
	free(real);
	return rc;
}

/* Copies the module into the temp file, hashing it on the way. */
struct copy {
	const struct deps *lib;
	int in;
	struct receipt_hash hash;
};

static int fill_copy(int fd, void *arg)
{
	struct copy *cp = arg;
	char chunk[65536];
	ssize_t n;

	receipt_hash_init(&cp->hash, cp->lib);
	while ((n = read(cp->in, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || file_write_all(fd, chunk, (size_t)n) != 0)
			return -1;
		receipt_hash_add(&cp->hash, chunk, (size_t)n);
	}
	return 0;
}

/*
 * Copy src into place at dest: temp file in the modules dir, fsync, rename,
 * with the given mode; kind names it in the JSON report.
 */
static int copy_file(struct ctx *c, const char *src, const char *dest, mode_t mode,
		     const char *kind, char sha[65], struct step *st)
{
	struct copy cp;
	struct lock lk = LOCK_INIT;
	char *dir = path_dir(dest), *failed = NULL;
	int rc = RC_OK;

	memset(&cp, 0, sizeof(cp));
	sha[0] = '\0';
	cp.lib = c->deps;
	cp.in = open(src, O_RDONLY | O_CLOEXEC);
	if (cp.in < 0) {
		rc = error(c->msgs, RC_INSTALL, "cannot read '%s':", src);
		goto out;
	}
	if (c->req->dry_run) {
		msg_print(c->msgs, "install '%s' -> '%s'\n", src, dest);
		if (receipt_sha256_file(c->deps, src, sha) != 0)
			sha[0] = '\0';
		goto out;
	}
	if ((rc = check_dir_link(c, dir, "modules dir", RC_INSTALL)) ||
	    (rc = check_dir_mode(c, dir)))
		goto out;
	if (dir_make(&st->j, dir, &failed) != 0) {
		rc = error(c->msgs, RC_INSTALL, "cannot create directory '%s':", failed);
		goto out;
	}
	if ((rc = check_dest_link(c->msgs, dest, dir)))
		goto out;
	rc = lock_take(&lk, c->msgs, &st->j, dest, RC_INSTALL, false);
	lk.mode = mode;
	if (!rc)
		rc = lock_commit_with(&lk, fill_copy, &cp, mode);
	lock_done(&lk);
	if (!rc) {
		receipt_hash_hex(&cp.hash, sha);
		report_file(c->msgs, kind, dest);
		strvec_push_owned(&st->said, xasprintf("installed '%s'", dest));
	}
out:
	if (cp.in >= 0)
		close(cp.in);
	free(failed);
	free(dir);
	return rc;
}

/*
 * Copy the module into place: 0644, as apxs's instdso.sh leaves it; under
 * prxs, which installs with libtool --mode=install, 0755.
 */
static int copy_module(struct ctx *c, const struct module *m, char sha[65], struct step *st)
{
	mode_t mode = c->req->persona == PERSONA_PRXS ? 0755 : 0644;
	return copy_file(c, m->object, m->dest, mode, "module", sha, st);
}

/*
 * prxs's libtool --mode=install also installs, beside NAME.so, the .la in
 * its installed form (.libs/NAME.lai) and the static archive libtool made:
 * the prxs persona installs them too, where they exist, and records them
 * in the receipt so that --uninstall removes them.
 */
static int copy_libtool_extras(struct ctx *c, const char *arg, const struct module *m,
			       struct receipt *r, struct step *st)
{
	if (c->req->persona != PERSONA_PRXS || !str_ends(arg, ".la"))
		return RC_OK;
	char *dir = path_dir(m->dest), *stem = xstrndup(m->base, strlen(m->base) - 3);
	const char *ends[] = {".la", ".a"};
	const mode_t modes[] = {0755, 0644};
	int rc = RC_OK;

	for (size_t i = 0; i < 2 && !rc; i++) {
		char *name = xasprintf("%s%s", stem, ends[i]);
		char *src = xasprintf("%.*s.libs/%s%s", (int)(path_base(arg) - arg), arg, name,
				      i == 0 ? "i" : "");
		char *dest = path_join(dir, name);
		char sha[65];
		struct stat sb;
		if (stat(src, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    !(rc = copy_file(c, src, dest, modes[i], "file", sha, st))) {
			char *fdir = path_dir(m->final), *final = path_join(fdir, name);
			receipt_add_file(r, final, sha);
			free(final);
			free(fdir);
		}
		free(name);
		free(src);
		free(dest);
	}
	free(dir);
	free(stem);
	return rc;
}

/* Read the module's receipt, or start one; *had says whether there was one. */
static int receipt_open(struct ctx *c, const char *path, const char *name, struct receipt *r,
			bool *had)
{
	bool missing;
	int rc = receipt_read(c->msgs, path, r, &missing);

	*had = !missing;
	if (rc)
		return rc;
	if (!r->name)
		r->name = xstrdup(name);
	free(r->host);
	r->host = xstrdup(c->host.name);
	return RC_OK;
}

static void receipt_place(struct receipt *r, const struct conf_place *p)
{
	free(r->layout);
	free(r->config);
	r->layout = xstrdup(conf_layout_name(p->layout));
	r->config = xstrdup(p->config);
}

/*
 * Whether -a or -A is to edit the config: not under DESTDIR when the layout
 * keeps its modules in one config file that DESTDIR does not hold. A
 * package cannot ship the server's main config; it activates the module
 * when it is installed (in postinst) instead.
 */
static bool edits_config(struct ctx *c, const struct conf_place *p, const char *name)
{
	if (!c->req->activate && !c->req->commented)
		return false;
	if (!*p->destdir || p->layout == LAYOUT_DEBIAN || p->layout == LAYOUT_FEDORA)
		return true;
	char *staged = xasprintf("%s%s", p->destdir, p->config);
	bool there = access(staged, F_OK) == 0;

	free(staged);
	if (!there)
		notice(c->msgs,
		       "not activating '%s': '%s' is not staged under '%s'; activate it "
		       "once installed (modxs -e -a)",
		       name, p->config, p->destdir);
	return there;
}

/*
 * Install (with -i) and activate (with -a or -A) one module, then write its
 * receipt; the caller's transaction undoes all of it if a step fails. A
 * config-only edit (-e) updates a receipt only where modxs installed the
 * module.
 */
/*
 * A host that stamps its modules with its build signature loads
 * none built for another build of it: such a module is refused before it
 * is copied, however it was built.
 */
static int check_signature(struct ctx *c, const struct module *m)
{
	char *server;
	int rc;

	if (!c->host.signature || c->req->no_check)
		return RC_OK;
	if (!(server = ctx_expand(c, c->host.server)))
		return RC_DATA;
	rc = elfcheck_signature(c->msgs, c->deps, m->object, server, c->host.signature,
				c->req->verbose);
	free(server);
	return rc;
}

static int install_one(struct ctx *c, const struct conf_place *p, const char *destdir,
		       const char *arg, struct step *st)
{
	const struct request *req = c->req;
	struct receipt r = RECEIPT_INIT;
	struct module m;
	char sha[65];
	char *rpath = NULL;
	bool keep = false;
	int rc = module_init(c, destdir, arg, &m);

	if (rc)
		goto out;
	if (keeps_state(c, destdir) && !(rpath = receipt_path(c, destdir, m.name)))
		rc = RC_INSTALL;
	if (rc || (rpath && (rc = receipt_open(c, rpath, m.name, &r, &keep))))
		goto out;
	/* A path no config line can hold is refused before anything is written. */
	if ((req->activate || req->commented) && c->host.syn.path_word &&
	    (rc = conf_check_path(c->msgs, m.final)))
		goto out;
	if ((req->mode & MODE_INSTALL) && (rc = check_signature(c, &m)))
		goto out;
	if (req->mode & MODE_INSTALL) {
		if ((rc = copy_module(c, &m, sha, st)))
			goto out;
		receipt_add_file(&r, m.final, sha);
		keep = rpath != NULL;
		if ((rc = copy_libtool_extras(c, arg, &m, &r, st)))
			goto out;
	}
	if (edits_config(c, p, m.name)) {
		receipt_place(&r, p);
		rc = conf_module_edit(c, &st->j, p, req->activate ? CONF_ACTIVATE : CONF_COMMENTED,
				      m.name, m.final, &r);
	}
	if (!rc && keep && !req->dry_run)
		rc = receipt_write(c->msgs, &st->j, rpath, &r);
	if (!rc && keep && !req->dry_run)
		report_file(c->msgs, "receipt", rpath);
out:
	free(rpath);
	receipt_release(&r);
	module_release(&m);
	return rc;
}

/*
 * The ABI stamp of a module built elsewhere, before anything is written:
 * with -i the file given, with -a alone the installed one. What is not a
 * regular file is left to the install step, which names it; -c has just
 * checked what it built.
 */
static int check_stamp(struct ctx *c, const char *destdir, const char *arg)
{
	struct module m;
	struct stat st;
	int rc = module_init(c, destdir, arg, &m);
	const char *path = (c->req->mode & MODE_INSTALL) ? m.object : m.dest;

	if (!rc && stat(path, &st) == 0 && S_ISREG(st.st_mode))
		rc = abi_check(c, m.name, path, false);
	module_release(&m);
	return rc;
}

/* Every module's stamp first, so a mismatch in the last one installs none of them. */
static int check_stamps(struct ctx *c, const char *destdir, const struct strvec *mods)
{
	const struct request *req = c->req;
	int rc = RC_OK;

	if (req->no_check || (req->mode & MODE_COMPILE) || !c->host.abi.nstamps)
		return RC_OK;
	for (size_t i = 0; i < mods->n && !rc; i++)
		rc = check_stamp(c, destdir, mods->v[i]);
	return rc;
}

int install_run(struct ctx *c, const struct strvec *mods)
{
	struct step st = STEP_INIT;
	const struct request *req = c->req;
	struct conf_place p;
	char *destdir = destdir_of(c);
	int rc = RC_OK;

	memset(&p, 0, sizeof(p));
	if (req->name && mods->n > 1) {
		rc = error(c->msgs, RC_USAGE, "-n names one module, but %zu files were given",
			   mods->n);
		goto out;
	}
	if (!(req->mode & MODE_INSTALL) && !req->activate && !req->commented) {
		notice(c->msgs, "-e without -a or -A changes nothing");
		goto out;
	}
	if ((rc = check_stamps(c, destdir, mods)))
		goto out;
	if ((req->activate || req->commented) && (rc = conf_place_init(c, destdir, &p)))
		goto out;
	if ((req->activate || req->commented) && (rc = check_conf_dirs(c, &p)))
		goto out;
	/* Each module is one transaction: its file, its activation and its receipt. */
	for (size_t i = 0; i < mods->n && !rc; i++) {
		if (!(rc = begin(c, destdir, &st)))
			rc = finish(c->msgs, install_one(c, &p, destdir, mods->v[i], &st), &st);
	}
out:
	conf_place_release(&p);
	free(destdir);
	return rc;
}

/* The place a receipt recorded, so undo edits what -a edited even without -S. */
static int place_for(struct ctx *c, const char *destdir, const struct receipt *r,
		     struct conf_place *p)
{
	int rc = conf_place_init(c, destdir, p);

	if (rc || c->req->layout || !r->layout || !r->config)
		return rc;
	for (int l = LAYOUT_SINGLE; l <= LAYOUT_DEMO; l++)
		if (strcmp(conf_layout_name((enum layout)l), r->layout) == 0)
			p->layout = (enum layout)l;
	free(p->config);
	p->config = xstrdup(r->config);
	return RC_OK;
}

/* What --deactivate and --uninstall work from: the module's receipt and config place. */
struct undo {
	struct receipt r;
	struct conf_place p;
	char *destdir, *rpath;
	bool missing; /* no receipt: the module was installed by other means */
};

/* Validate the name and read its receipt; the place is filled by the caller. */
static int undo_open(struct ctx *c, const char *name, struct undo *u)
{
	int rc;

	memset(u, 0, sizeof(*u));
	u->r = (struct receipt)RECEIPT_INIT;
	u->missing = true;
	u->destdir = destdir_of(c);
	if ((rc = modname_check(c->msgs, name)))
		return rc;
	/* A run killed before it finished is undone before its receipt is read. */
	recover(c, u->destdir);
	u->rpath = receipt_path(c, u->destdir, name);
	if (!u->rpath)
		return RC_INSTALL;
	return receipt_read(c->msgs, u->rpath, &u->r, &u->missing);
}

static void undo_close(struct undo *u)
{
	conf_place_release(&u->p);
	receipt_release(&u->r);
	free(u->rpath);
	free(u->destdir);
}

int install_deactivate(struct ctx *c, const char *name)
{
	struct step st = STEP_INIT;
	struct undo u;
	int rc = undo_open(c, name, &u);

	if (!rc)
		rc = place_for(c, u.destdir, &u.r, &u.p);
	if (!rc)
		rc = check_conf_dirs(c, &u.p);
	if (!rc && !(rc = begin(c, u.destdir, &st))) {
		rc = conf_module_edit(c, &st.j, &u.p, CONF_DEACTIVATE, name, NULL,
				      u.missing ? NULL : &u.r);
		if (!rc && !u.missing && !c->req->dry_run)
			rc = receipt_write(c->msgs, &st.j, u.rpath, &u.r);
		rc = finish(c->msgs, rc, &st);
	}
	undo_close(&u);
	return rc;
}

/* Refuse to remove a file that changed since it was installed, unless --force. */
static int check_hashes(struct ctx *c, const char *destdir, const struct receipt *r)
{
	for (size_t i = 0; i < r->files.n; i++) {
		char *path = xasprintf("%s%s", destdir, r->files.v[i]);
		char sha[65];
		int rc = RC_OK;
		if (receipt_sha256_file(c->deps, path, sha) != 0) {
			if (errno != ENOENT)
				rc = error(c->msgs, RC_INSTALL, "cannot read '%s':", path);
		} else if (strcmp(sha, r->hashes.v[i]) != 0 && !c->req->force) {
			rc = error(c->msgs, RC_INSTALL,
				   "'%s' changed since it was installed (sha256 %.12s…, "
				   "not %.12s…); not removing it without --force",
				   path, sha, r->hashes.v[i]);
		}
		free(path);
		if (rc)
			return rc;
	}
	return RC_OK;
}

static int remove_files(struct ctx *c, const char *destdir, const struct receipt *r,
			struct step *st)
{
	int rc = RC_OK;

	for (size_t i = 0; i < r->files.n && !rc; i++) {
		char *path = xasprintf("%s%s", destdir, r->files.v[i]);
		if (c->req->dry_run) {
			msg_print(c->msgs, "remove '%s'\n", path);
		} else if (access(path, F_OK) == 0) {
			rc = lock_unlink(c->msgs, &st->j, path, RC_INSTALL);
			if (!rc)
				strvec_push_owned(&st->said, xasprintf("removed '%s'", path));
		}
		free(path);
	}
	return rc;
}

/* Without a receipt, --force assumes the module's default file. */
static int receipt_or_force(struct ctx *c, const char *rpath, const char *name, struct receipt *r)
{
	char *file, *final;

	if (!c->req->force)
		return error(c->msgs, RC_INSTALL,
			     "no install receipt for '%s' ('%s'); --force removes its "
			     "default file and activation anyway",
			     name, rpath);
	file = fmt_apply(&c->host.module_file, name, NULL);
	char *mods = modules_dir(c);
	final = path_join(mods, file);
	free(mods);
	receipt_add_file(r, final, "");
	free(final);
	free(file);
	return RC_OK;
}

/*
 * Every file a receipt names must be in the modules dir the receipt was
 * found for: a damaged or planted receipt naming /etc/passwd (with its
 * sha256) would otherwise have --uninstall delete it.
 */
static int check_receipt_files(struct ctx *c, const char *rpath, const struct receipt *r)
{
	char *mods = modules_dir(c);
	int rc = RC_OK;

	for (size_t i = 0; i < r->files.n && !rc; i++) {
		const char *f = r->files.v[i];
		char *dir = path_dir(f);
		const char *base = path_base(f);
		bool inside = strcmp(dir, mods) == 0 && *base && strcmp(base, ".") != 0 &&
			      strcmp(base, "..") != 0;
		free(dir);
		if (!inside)
			rc = error(c->msgs, RC_INSTALL,
				   "'%s': names '%s', which is not in the modules dir "
				   "'%s'; not removing anything",
				   rpath, f, mods);
	}
	free(mods);
	return rc;
}

int install_uninstall(struct ctx *c, const char *name)
{
	struct step st = STEP_INIT;
	struct undo u;
	int rc = undo_open(c, name, &u);

	if (!rc && u.missing)
		rc = receipt_or_force(c, u.rpath, name, &u.r);
	if (!rc && !(rc = check_receipt_files(c, u.rpath, &u.r)) &&
	    !(rc = check_hashes(c, u.destdir, &u.r)))
		rc = place_for(c, u.destdir, &u.r, &u.p);
	/* The config the receipt names must still be there, or the line may live on elsewhere. */
	if (!rc && !u.missing)
		rc = conf_check_recorded(c, &u.p, &u.r);
	if (!rc)
		rc = check_conf_dirs(c, &u.p);
	/* One transaction, locking in the order -i does: files, config, receipt. */
	if (!rc && !(rc = begin(c, u.destdir, &st))) {
		rc = remove_files(c, u.destdir, &u.r, &st);
		if (!rc)
			rc = conf_module_edit(c, &st.j, &u.p, CONF_REMOVE, name, NULL, NULL);
		if (!rc && !u.missing && !c->req->dry_run)
			rc = lock_unlink(c->msgs, &st.j, u.rpath, RC_INSTALL);
		rc = finish(c->msgs, rc, &st);
	}
	undo_close(&u);
	return rc;
}

int install_list(struct ctx *c)
{
	struct conf_place p;
	char *destdir = destdir_of(c);
	int rc;

	recover(c, destdir);
	rc = conf_place_init(c, destdir, &p);
	if (!rc)
		rc = conf_list(c, &p);
	conf_place_release(&p);
	free(destdir);
	return rc;
}
