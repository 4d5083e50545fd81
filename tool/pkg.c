/*
 * pkg.c: pkg-config flags, through libpkgconf (deps.h) in-process, asked
 * the way the pkg-config command asks it; or through the program named
 * by PKG_CONFIG, when one is named.
 */
#include "pkg.h"

#include <glob.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "proc.h"
#include "words.h"

/* Run PROGRAM --cflags|--libs NAMES... and split what it prints into words. */
static int run_program(struct msgs *msgs, const char *program, const char *what,
		       const struct strvec *names, struct strvec *out)
{
	struct strvec argv = STRVEC_INIT;
	struct buf text = BUF_INIT;
	int rc = RC_OK, code;

	strvec_push(&argv, program);
	strvec_push(&argv, what);
	strvec_extend(&argv, names);
	code = spawn_capture(argv.v, &text);
	if (code == SPAWN_FAILED)
		rc = error(msgs, RC_BUILD, "cannot run '%s' (PKG_CONFIG):", program);
	else if (code)
		rc = error(msgs, RC_BUILD, "'%s %s %s' failed (exit %d)%s%.*s", program, what,
			   names->v[0], code, text.len ? ": " : "",
			   (int)strcspn(text.s ? text.s : "", "\n"), text.s ? text.s : "");
	else if (!words_split(text.s ? text.s : "", out))
		rc = error(msgs, RC_BUILD, "cannot read what '%s %s' printed: unterminated quote",
			   program, what);
	buf_release(&text);
	strvec_release(&argv);
	return rc;
}

static int program_flags(struct msgs *msgs, const char *program, const struct strvec *names,
			 struct strvec *cflags, struct strvec *libs)
{
	int rc = run_program(msgs, program, "--cflags", names, cflags);

	return rc ? rc : run_program(msgs, program, "--libs", names, libs);
}

#ifdef MODXS_HAVE_LIBPKGCONF
#include <libpkgconf/libpkgconf.h>

#include "deps.h"

/* pkg-config's own limit for walking Requires, and its variable to change it. */
#define MAX_DEPTH 2000

/* One query's settings, as pkg-config reads them from its environment. */
struct query {
	const struct deps *lib;
	unsigned flags;	  /* the client flags of --libs; --cflags adds SEARCH_PRIVATE */
	bool keep_cflags; /* PKG_CONFIG_ALLOW_SYSTEM_CFLAGS */
	bool keep_libs;	  /* PKG_CONFIG_ALLOW_SYSTEM_LIBS */
	int depth;
};

/* Where one pass's words go. */
struct sink {
	const struct query *q;
	struct strvec *out;
	bool libs;
};

static bool env_set(const char *name)
{
	return getenv(name) != NULL;
}

/* The client flags and filters pkg-config's main() derives from its environment. */
static void query_init(struct query *q, const struct deps *lib)
{
	const char *sysroot = getenv("PKG_CONFIG_SYSROOT_DIR"), *destdir = getenv("DESTDIR");
	const char *depth = getenv("PKG_CONFIG_MAXIMUM_TRAVERSE_DEPTH");

	memset(q, 0, sizeof(*q));
	q->lib = lib;
	if (!depth || !parse_int(depth, -1, 1 << 30, &q->depth))
		q->depth = MAX_DEPTH;
	if (env_set("PKG_CONFIG_FDO_SYSROOT_RULES") ||
	    (sysroot && destdir && strcmp(sysroot, destdir) == 0))
		q->flags |= PKGCONF_PKG_PKGF_FDO_SYSROOT_RULES;
	if (env_set("PKG_CONFIG_IGNORE_CONFLICTS"))
		q->flags |= PKGCONF_PKG_PKGF_SKIP_CONFLICTS;
	if (env_set("PKG_CONFIG_DISABLE_UNINSTALLED"))
		q->flags |= PKGCONF_PKG_PKGF_NO_UNINSTALLED;
	q->keep_cflags = env_set("PKG_CONFIG_ALLOW_SYSTEM_CFLAGS");
	q->keep_libs = env_set("PKG_CONFIG_ALLOW_SYSTEM_LIBS");
}

/* pkg-config leaves out -I/usr/include, -L/usr/lib and the like unless told to keep them. */
static bool keep_fragment(const pkgconf_client_t *client, const pkgconf_fragment_t *f, void *data)
{
	const struct sink *s = data;
	bool keep = s->libs ? s->q->keep_libs : s->q->keep_cflags;

	return keep || !s->q->lib->pkgconf_fragment_has_system_dir(client, f);
}

/* A fragment as one word, the way pkg-config prints it, without its shell escapes. */
static void push_fragment(struct strvec *out, const pkgconf_fragment_t *f)
{
	strvec_push_owned(out, f->type ? xasprintf("-%c%s", f->type, f->data) : xstrdup(f->data));
}

static bool collect(pkgconf_client_t *client, pkgconf_pkg_t *world, void *data, int maxdepth)
{
	struct sink *s = data;
	const struct deps *lib = s->q->lib;
	pkgconf_list_t all = PKGCONF_LIST_INITIALIZER, kept = PKGCONF_LIST_INITIALIZER;
	pkgconf_node_t *node;
	unsigned int err = s->libs ? lib->pkgconf_pkg_libs(client, world, &all, maxdepth) :
				     lib->pkgconf_pkg_cflags(client, world, &all, maxdepth);

	if (err == PKGCONF_PKG_ERRF_OK)
		lib->pkgconf_fragment_filter(client, &kept, &all, keep_fragment, s);
	for (node = kept.head; node; node = node->next)
		push_fragment(s->out, node->data);
	lib->pkgconf_fragment_free(&all);
	lib->pkgconf_fragment_free(&kept);
	return err == PKGCONF_PKG_ERRF_OK;
}

/* pkgconf reports through a handler; modxs reports once, itself. */
static bool quiet_handler(const char *msg, const pkgconf_client_t *client, const void *data)
{
	(void)msg;
	(void)client;
	(void)data;
	return true;
}

/*
 * Why spec cannot be had: not there, or there in another version. Asked
 * package by package because libpkgconf 1.8 leaks what a failed
 * queue_apply parsed; "NAME >= 1.0" is looked up by NAME.
 */
static int why_not(struct msgs *msgs, const struct deps *lib, pkgconf_client_t *client,
		   const char *spec)
{
	size_t n = strcspn(spec, " \t<>=!");
	char *name = xstrndup(spec, n);
	pkgconf_pkg_t *pkg = lib->pkgconf_pkg_find(client, name);
	int rc;

	if (!pkg)
		rc = error(msgs, RC_BUILD,
			   "package '%s' not found by pkg-config (install its development "
			   "files, or add its directory to PKG_CONFIG_PATH)",
			   name);
	else if (spec[n])
		rc = error(msgs, RC_BUILD, "package '%s' not found: version %s is installed (%s)",
			   spec, pkg->version ? pkg->version : "(none)",
			   pkg->filename ? pkg->filename : name);
	else
		rc = RC_OK;
	if (pkg)
		lib->pkgconf_pkg_unref(client, pkg);
	free(name);
	return rc;
}

/* Every name as pkg-config takes its arguments: one queue, resolved together. */
static int queue_flags(struct msgs *msgs, const struct query *q, pkgconf_client_t *client,
		       const struct strvec *names, struct strvec *cflags, struct strvec *libs)
{
	const struct deps *lib = q->lib;
	pkgconf_list_t queue = PKGCONF_LIST_INITIALIZER;
	struct sink c = {q, cflags, false}, l = {q, libs, true};
	int rc = RC_OK;

	for (size_t i = 0; i < names->n && !rc; i++)
		rc = why_not(msgs, lib, client, names->v[i]);
	if (rc)
		return rc;
	for (size_t i = 0; i < names->n; i++)
		lib->pkgconf_queue_push(&queue, names->v[i]);
	/* --cflags reads Requires.private too; --libs does not. */
	lib->pkgconf_client_set_flags(client, q->flags | PKGCONF_PKG_PKGF_SEARCH_PRIVATE);
	bool ok = lib->pkgconf_queue_apply(client, &queue, collect, q->depth, &c);
	lib->pkgconf_client_set_flags(client, q->flags);
	ok = ok && lib->pkgconf_queue_apply(client, &queue, collect, q->depth, &l);
	lib->pkgconf_queue_free(&queue);
	if (!ok)
		rc = error(msgs, RC_BUILD,
			   "pkg-config cannot resolve '%s': a package it requires is "
			   "missing or in the wrong version (see pkg-config --print-errors "
			   "--cflags --libs %s)",
			   names->v[0], names->v[0]);
	return rc;
}

/*
 * --sysroot without PKG_CONFIG_LIBDIR: PKG_CONFIG_PATH, then the sysroot's
 * own pkgconfig dirs (multiarch first), as a cross pkg-config searches.
 */
static void sysroot_dir_list(const struct deps *lib, pkgconf_client_t *client, const char *sysroot)
{
	const char *path = getenv("PKG_CONFIG_PATH");
	char *multi = xasprintf("%s/usr/lib/*/pkgconfig", sysroot);
	glob_t g;

	lib->pkgconf_path_free(&client->dir_list);
	/* path_free leaves the list's ends pointing at what it freed. */
	client->dir_list = (pkgconf_list_t)PKGCONF_LIST_INITIALIZER;
	if (path)
		lib->pkgconf_path_split(path, &client->dir_list, true);
	if (glob(multi, GLOB_ONLYDIR, NULL, &g) == 0)
		for (size_t i = 0; i < g.gl_pathc; i++)
			lib->pkgconf_path_add(g.gl_pathv[i], &client->dir_list, true);
	globfree(&g);
	free(multi);
	const char *tails[] = {"/usr/lib/pkgconfig", "/usr/share/pkgconfig"};
	for (size_t i = 0; i < 2; i++) {
		char *d = xasprintf("%s%s", sysroot, tails[i]);
		lib->pkgconf_path_add(d, &client->dir_list, true);
		free(d);
	}
}

static int library_flags(struct msgs *msgs, const struct deps *lib, const char *root,
			 const struct strvec *names, struct strvec *cflags, struct strvec *libs)
{
	pkgconf_cross_personality_t *pers = lib->pkgconf_cross_personality_default();
	pkgconf_client_t *client = lib->pkgconf_client_new(quiet_handler, NULL, pers);
	const char *sysroot = root ? root : getenv("PKG_CONFIG_SYSROOT_DIR");
	const char *top = getenv("PKG_CONFIG_TOP_BUILD_DIR");
	struct query q;
	int rc;

	if (!client)
		return error(msgs, RC_INTERNAL, "cannot start libpkgconf");
	query_init(&q, lib);
	lib->pkgconf_client_set_warn_handler(client, quiet_handler, NULL);
	if (sysroot)
		lib->pkgconf_client_set_sysroot_dir(client, sysroot);
	if (top)
		lib->pkgconf_client_set_buildroot_dir(client, top);
	lib->pkgconf_client_set_flags(client, q.flags);
	lib->pkgconf_client_dir_list_build(client, pers);
	if (root && !getenv("PKG_CONFIG_LIBDIR"))
		sysroot_dir_list(lib, client, root);
	rc = queue_flags(msgs, &q, client, names, cflags, libs);
	lib->pkgconf_client_free(client);
	lib->pkgconf_cross_personality_deinit(pers);
	return rc;
}

#else

static int library_flags(struct msgs *msgs, const struct deps *lib, const char *sysroot,
			 const struct strvec *names, struct strvec *cflags, struct strvec *libs)
{
	(void)lib;
	(void)sysroot;
	(void)cflags;
	(void)libs;
	return error(msgs, RC_BUILD,
		     "package '%s': this modxs was built without libpkgconf (name a "
		     "pkg-config program with -S PKG_CONFIG=PROGRAM)",
		     names->n ? names->v[0] : "");
}

#endif

int pkg_flags(struct msgs *msgs, const struct deps *lib, const char *program, const char *sysroot,
	      const struct strvec *names, struct strvec *cflags, struct strvec *libs)
{
	if (program && *program)
		return program_flags(msgs, program, names, cflags, libs);
	return library_flags(msgs, lib, sysroot, names, cflags, libs);
}
