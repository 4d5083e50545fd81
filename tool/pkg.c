/* pkg.c: pkg-config flags through libpkgconf (deps.h), in-process. */
#include "pkg.h"

#include <stdlib.h>
#include <string.h>

#include "msg.h"

#ifdef MODXS_HAVE_LIBPKGCONF
#include <libpkgconf/libpkgconf.h>

#include "deps.h"

/* pkgconf's own limit for walking Requires. */
#define MAX_DEPTH 2000

/* Where one query's words go. */
struct sink {
	const struct deps *lib;
	struct strvec *out;
	bool libs;
};

/* Append a fragment the way `pkg-config` prints it, as one word. */
static void push_fragment(struct strvec *out, const pkgconf_fragment_t *f)
{
	char *w = f->type ? xasprintf("-%c%s", f->type, f->data) : xstrdup(f->data);

	/* A repeated -I, -D or -L changes nothing; a repeated -l may matter. */
	if (f->type != 'l' && strvec_has(out, w))
		free(w);
	else
		strvec_push_owned(out, w);
}

static bool collect(pkgconf_client_t *client, pkgconf_pkg_t *world, void *data, int maxdepth)
{
	struct sink *s = data;
	const struct deps *lib = s->lib;
	pkgconf_list_t list = PKGCONF_LIST_INITIALIZER;
	pkgconf_node_t *node;
	unsigned int err = s->libs ? lib->pkgconf_pkg_libs(client, world, &list, maxdepth) :
				     lib->pkgconf_pkg_cflags(client, world, &list, maxdepth);

	for (node = list.head; err == PKGCONF_PKG_ERRF_OK && node; node = node->next)
		push_fragment(s->out, node->data);
	lib->pkgconf_fragment_free(&list);
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
 * Is the package there at all? Asked first because libpkgconf 1.8 leaks
 * what a failed queue_apply parsed; "NAME >= 1.0" is looked up by NAME.
 */
static bool exists(const struct deps *lib, pkgconf_client_t *client, const char *spec)
{
	size_t n = strcspn(spec, " \t<>=!");
	char *name = xstrndup(spec, n);
	pkgconf_pkg_t *pkg = lib->pkgconf_pkg_find(client, name);

	free(name);
	if (!pkg)
		return false;
	lib->pkgconf_pkg_unref(client, pkg);
	return true;
}

static bool query(const struct deps *lib, pkgconf_client_t *client, const char *name,
		  struct sink *s)
{
	pkgconf_list_t q = PKGCONF_LIST_INITIALIZER;
	bool ok;

	lib->pkgconf_queue_push(&q, name);
	ok = lib->pkgconf_queue_apply(client, &q, collect, MAX_DEPTH, s);
	lib->pkgconf_queue_free(&q);
	return ok;
}

int pkg_flags(struct msgs *msgs, const struct deps *lib, const struct strvec *names,
	      struct strvec *cflags, struct strvec *libs)
{
	pkgconf_cross_personality_t *pers = lib->pkgconf_cross_personality_default();
	pkgconf_client_t *client = lib->pkgconf_client_new(quiet_handler, NULL, pers);
	int rc = RC_OK;

	if (!client)
		return error(msgs, RC_INTERNAL, "cannot start libpkgconf");
	lib->pkgconf_client_set_warn_handler(client, quiet_handler, NULL);
	lib->pkgconf_client_set_flags(client, PKGCONF_PKG_PKGF_NONE);
	lib->pkgconf_client_dir_list_build(client, pers);
	for (size_t i = 0; i < names->n && !rc; i++) {
		struct sink c = {lib, cflags, false}, l = {lib, libs, true};
		if (!exists(lib, client, names->v[i]) || !query(lib, client, names->v[i], &c) ||
		    !query(lib, client, names->v[i], &l))
			rc = error(msgs, RC_BUILD,
				   "package '%s' not found by pkg-config (install its "
				   "development files, or add its directory to "
				   "PKG_CONFIG_PATH)",
				   names->v[i]);
	}
	lib->pkgconf_client_free(client);
	lib->pkgconf_cross_personality_deinit(pers);
	return rc;
}

#else

int pkg_flags(struct msgs *msgs, const struct deps *lib, const struct strvec *names,
	      struct strvec *cflags, struct strvec *libs)
{
	(void)cflags;
	(void)libs;
	return error(msgs, RC_BUILD, "package '%s': this modxs was built without libpkgconf",
		     names->n ? names->v[0] : "");
}

#endif
