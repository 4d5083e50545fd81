/* place.c: which layout a server's config has, and where its files are. */
#include "place.h"

#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "msg.h"

static const char *const layout_names[] = {"single", "debian", "fedora", "proftpd", "demo"};

const char *conf_layout_name(enum layout l)
{
	return layout_names[l];
}

static bool layout_parse(const char *s, enum layout *out)
{
	for (size_t i = 0; i < sizeof(layout_names) / sizeof(*layout_names); i++) {
		if (strcmp(s, layout_names[i]) == 0) {
			*out = (enum layout)i;
			return true;
		}
	}
	return false;
}

char *conf_place_staged(const struct conf_place *p, const char *final)
{
	return xasprintf("%s%s", p->destdir, final);
}

bool conf_place_drop_in(const struct conf_place *p)
{
	return p->layout == LAYOUT_DEBIAN || p->layout == LAYOUT_FEDORA;
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Is the final path a directory, staged or on the system? */
static bool has_dir(const struct conf_place *p, const char *final)
{
	char *st = conf_place_staged(p, final);
	bool yes = is_dir(st) || is_dir(final);
	free(st);
	return yes;
}

/* Is SYSCONFDIR/sub a directory, staged or on the system? */
static bool has_subdir(const struct conf_place *p, const char *sub)
{
	char *final = xasprintf("%s/%s", p->sysconfdir, sub);
	bool yes = has_dir(p, final);
	free(final);
	return yes;
}

/*
 * One config.dropin.enabled entry: a dir, or a pattern ("the conf.d of
 * every front end") naming the dirs that exist under DESTDIR, as Debian's
 * tools link only into the front ends installed.
 */
static void add_enabled(struct conf_place *p, const char *final)
{
	glob_t g;

	if (!strpbrk(final, "*?[")) {
		strvec_push(&p->enabled, final);
		return;
	}
	char *pat = conf_place_staged(p, final);
	if (glob(pat, GLOB_ONLYDIR, NULL, &g) == 0)
		for (size_t i = 0; i < g.gl_pathc; i++)
			if (is_dir(g.gl_pathv[i]))
				strvec_push(&p->enabled, path_unstage(p->destdir, g.gl_pathv[i]));
	globfree(&g);
	free(pat);
}

/* The drop-in dirs of config.dropin, expanded. */
static int place_dropin(struct ctx *c, struct conf_place *p)
{
	const struct host_dropin *di = &c->host.dropin;
	char *avail = ctx_expand(c, di->available);

	if (!avail)
		return RC_DATA;
	p->avail = xstrdup(path_unstage(p->destdir, avail));
	free(avail);
	for (size_t i = 0; i < di->enabled.n; i++) {
		char *en = ctx_expand(c, di->enabled.v[i]);
		if (!en)
			return RC_DATA;
		add_enabled(p, path_unstage(p->destdir, en));
		free(en);
	}
	return RC_OK;
}

int conf_place_init(struct ctx *c, const char *destdir, struct conf_place *p)
{
	const char *want = c->req->layout;

	memset(p, 0, sizeof(*p));
	p->destdir = xstrdup(destdir ? destdir : "");
	p->sysconfdir = xstrdup(path_unstage(p->destdir, ctx_var(c, "SYSCONFDIR")));
	char *config = ctx_expand(c, c->host.config_file);
	if (!config)
		return RC_DATA;
	p->config = xstrdup(path_unstage(p->destdir, config));
	free(config);
	if (place_dropin(c, p))
		return RC_DATA;
	if (want && !layout_parse(want, &p->layout))
		return error(c->msgs, RC_USAGE,
			     "unknown layout '%s': expected single, debian, fedora, "
			     "proftpd or demo",
			     want);
	if (!want && strcmp(c->host.layout, "auto") != 0 &&
	    !layout_parse(c->host.layout, &p->layout))
		return error(c->msgs, RC_DATA, "'%s': unknown config layout '%s'", c->host.file,
			     c->host.layout);
	if (!want && strcmp(c->host.layout, "auto") == 0) {
		if (has_dir(p, p->avail))
			p->layout = LAYOUT_DEBIAN;
		else if (has_subdir(p, "conf.modules.d"))
			p->layout = LAYOUT_FEDORA;
		else
			p->layout = LAYOUT_SINGLE;
	}
	if (p->layout == LAYOUT_PROFTPD)
		host_proftpd_rules(&c->host);
	return RC_OK;
}

void conf_place_release(struct conf_place *p)
{
	free(p->destdir);
	free(p->sysconfdir);
	free(p->config);
	free(p->avail);
	strvec_release(&p->enabled);
}

int conf_check_recorded(struct ctx *c, const struct conf_place *p, const struct receipt *r)
{
	char *conf;
	int rc = RC_OK;

	if (!r || !r->config || conf_place_drop_in(p) || c->req->force)
		return RC_OK;
	conf = conf_place_staged(p, r->config);
	if (access(conf, R_OK) != 0)
		rc = error(c->msgs, RC_CONF,
			   "cannot read '%s', the config where the receipt of '%s' says it is "
			   "loaded (restore it, or remove the module anyway with --force):",
			   conf, r->name ? r->name : "?");
	free(conf);
	return rc;
}
