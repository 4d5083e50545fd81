/* confinc.c: following a config's include directives, globs and dirs, with loops refused. */
#include "confinc.h"

#include <errno.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "confdir.h"
#include "fileio.h"
#include "msg.h"

/* More files than any real config reads: a bound on what a planted glob can cost. */
#define MAX_FILES 4096

/* One walk: the files found, the ones being read (for loops), the dirs left to layouts. */
struct walk {
	struct ctx *c;
	const struct conf_place *p;
	char *root;
	struct strvec *files;
	struct strvec stack;	   /* real paths of the files being read, outermost first */
	struct strvec skip;	   /* real paths of the drop-in dirs */
	struct confinc_mods *mods; /* each file's module lines, when wanted */
};

static bool has_server_root(const struct ctx *c)
{
	return c->host.server_root && *c->host.server_root;
}

/* The root named by root, the last server root directive's argument, if absolute. */
static char *root_of(const struct conf_place *p, char *root)
{
	if (root && root[0] == '/')
		return root;
	free(root);
	return path_dir(p->config);
}

char *confinc_root(struct ctx *c, const struct conf_place *p)
{
	char *conf = conf_place_staged(p, p->config);
	char *root = has_server_root(c) ?
			     conf_directive_file(c->msgs, &c->host.syn, conf, c->host.server_root) :
			     NULL;

	free(conf);
	return root_of(p, root);
}

/* Room in mods for the module lines of n files, those not read yet having none. */
static void mods_fit(struct confinc_mods *mods, size_t n)
{
	if (!mods || mods->count >= n)
		return;
	mods->m = xrealloc(mods->m, n * sizeof(*mods->m));
	mods->n = xrealloc(mods->n, n * sizeof(*mods->n));
	for (size_t i = mods->count; i < n; i++) {
		mods->m[i] = NULL;
		mods->n[i] = 0;
	}
	mods->count = n;
}

void confinc_mods_release(struct confinc_mods *mods)
{
	for (size_t i = 0; i < mods->count; i++)
		conf_scan_release(mods->m[i], mods->n[i]);
	free(mods->m);
	free(mods->n);
	*mods = (struct confinc_mods)CONFINC_MODS_INIT;
}

/*
 * Read the file at staged (the files' idx-th) in one pass: its include
 * lines into inc, its module lines into the walk's mods when wanted, and,
 * for the main config, the server root, whose lines are not includes.
 */
static int read_file(struct walk *w, const char *staged, size_t idx, bool main,
		     struct conf_module **inc, size_t *n)
{
	struct ctx *c = w->c;
	struct strvec names = STRVEC_INIT;
	struct conf_module *mods = NULL;
	size_t nm = 0, kept = 0;
	char *root = NULL;

	strvec_extend(&names, &c->host.includes);
	if (main && has_server_root(c))
		strvec_push(&names, c->host.server_root);
	int got = conf_collect_file(c->msgs, &c->host.syn, staged, &names, inc, n,
				    w->mods ? &mods : NULL, &nm);
	for (size_t i = 0; i < *n; i++) {
		struct conf_module *d = &(*inc)[i];
		if (main && has_server_root(c) && strcasecmp(d->key, c->host.server_root) == 0) {
			free(root);
			root = d->path;
			free(d->key);
		} else
			(*inc)[kept++] = *d;
	}
	*n = kept;
	if (main)
		w->root = root_of(w->p, root);
	if (w->mods) {
		mods_fit(w->mods, idx + 1);
		w->mods->m[idx] = mods;
		w->mods->n[idx] = nm;
	}
	strvec_release(&names);
	return got;
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A directive whose name ends in "Optional" (Apache's IncludeOptional) may name nothing. */
static bool optional(const char *directive)
{
	size_t n = strlen(directive);
	return n >= 8 && strcasecmp(directive + n - 8, "Optional") == 0;
}

static void add_skip(struct walk *w, const char *final)
{
	char *st = conf_place_staged(w->p, final), *real = realpath(st, NULL);

	if (real)
		strvec_push_owned(&w->skip, real);
	free(st);
}

static bool skipped_dir(const struct walk *w, const char *staged)
{
	char *dir = path_dir(staged), *real = realpath(dir, NULL);
	bool yes = real && strvec_has(&w->skip, real);

	free(real);
	free(dir);
	return yes;
}

static int visit(struct walk *w, const char *final, const char *from, int line);

/* The files of a dir, in name order, as the servers read them. */
static int visit_dir(struct walk *w, const char *staged, const char *from, int line)
{
	struct strvec names = STRVEC_INIT;
	int rc = RC_OK;

	confdir_files(staged, "", &names);
	for (size_t i = 0; i < names.n && !rc; i++) {
		char *path = path_join(staged, names.v[i]);
		if (!is_dir(path))
			rc = visit(w, path_unstage(w->p->destdir, path), from, line);
		free(path);
	}
	strvec_release(&names);
	return rc;
}

/* One include line: its argument as files and dirs. */
static int follow(struct walk *w, const char *from, const struct conf_module *inc)
{
	char *final = inc->path[0] == '/' ? xstrdup(inc->path) : path_join(w->root, inc->path);
	char *staged = conf_place_staged(w->p, final);
	int rc = RC_OK;
	glob_t g;

	if (strpbrk(final, "*?[")) {
		if (glob(staged, 0, NULL, &g) == 0)
			for (size_t i = 0; i < g.gl_pathc && !rc; i++)
				rc = is_dir(g.gl_pathv[i]) ?
					     visit_dir(w, g.gl_pathv[i], from, inc->line) :
					     visit(w, path_unstage(w->p->destdir, g.gl_pathv[i]),
						   from, inc->line);
		globfree(&g);
	} else if (is_dir(staged)) {
		rc = visit_dir(w, staged, from, inc->line);
	} else if (access(staged, F_OK) == 0) {
		rc = visit(w, final, from, inc->line);
	} else if (!optional(inc->key)) {
		rc = error(w->c->msgs, RC_CONF, "'%s': line %d: %s '%s': no such file", from,
			   inc->line, inc->key, staged);
	}
	free(staged);
	free(final);
	return rc;
}

/* Read one file: add it, then follow its includes, refusing one already being read. */
static int visit(struct walk *w, const char *final, const char *from, int line)
{
	char *staged = conf_place_staged(w->p, final), *real = realpath(staged, NULL);
	struct conf_module *inc = NULL;
	size_t n = 0;
	int rc = RC_OK;

	if (!real || (from && skipped_dir(w, staged))) {
		if (!from)
			strvec_push(w->files, final);
		goto out;
	}
	if (strvec_has(&w->stack, real)) {
		rc = error(w->c->msgs, RC_CONF,
			   "'%s': line %d: include loop: '%s' is already being read", from, line,
			   staged);
		goto out;
	}
	if (w->files->n >= MAX_FILES) {
		rc = error(w->c->msgs, RC_CONF, "'%s': line %d: includes more than %d files", from,
			   line, MAX_FILES);
		goto out;
	}
	strvec_push(w->files, final);
	int got = read_file(w, staged, w->files->n - 1, !from, &inc, &n);
	if (got < 0 && from)
		rc = error(w->c->msgs, RC_CONF, "cannot read '%s', included at '%s' line %d: %s",
			   staged, from, line, file_why(errno));
	else if (got > 0)
		rc = got;
	strvec_push(&w->stack, real);
	for (size_t i = 0; i < n && !rc; i++)
		rc = follow(w, staged, &inc[i]);
	free(w->stack.v[--w->stack.n]);
	w->stack.v[w->stack.n] = NULL;
out:
	conf_scan_release(inc, n);
	free(real);
	free(staged);
	return rc;
}

/* The walk of confinc_walk, with each file's module lines into mods when not NULL. */
static int walk(struct ctx *c, const struct conf_place *p, struct strvec *files,
		struct confinc_mods *mods)
{
	struct walk w = {c, p, NULL, files, STRVEC_INIT, STRVEC_INIT, mods};
	int rc;

	if (p->layout == LAYOUT_DEBIAN) {
		add_skip(&w, p->avail);
		for (size_t i = 0; i < p->enabled.n; i++)
			add_skip(&w, p->enabled.v[i]);
	}
	if (p->layout == LAYOUT_FEDORA) {
		char *d = xasprintf("%s/conf.modules.d", p->sysconfdir);
		add_skip(&w, d);
		free(d);
	}
	char *staged = conf_place_staged(p, p->config);
	if (access(staged, F_OK) != 0)
		strvec_push(files, p->config);
	rc = access(staged, F_OK) == 0 ? visit(&w, p->config, NULL, 0) : RC_OK;
	mods_fit(mods, files->n);
	free(staged);
	strvec_release(&w.stack);
	strvec_release(&w.skip);
	free(w.root);
	return rc;
}

int confinc_walk(struct ctx *c, const struct conf_place *p, struct strvec *files)
{
	return walk(c, p, files, NULL);
}

int confinc_walk_mods(struct ctx *c, const struct conf_place *p, struct strvec *files,
		      struct confinc_mods *mods)
{
	return walk(c, p, files, mods);
}

int confinc_directive(struct ctx *c, const struct conf_place *p, const char *name, char **out)
{
	struct strvec files = STRVEC_INIT;
	int rc = confinc_walk(c, p, &files);

	*out = NULL;
	for (size_t i = 0; i < files.n && !rc; i++) {
		char *path = conf_place_staged(p, files.v[i]);
		char *v = conf_directive_file(c->msgs, &c->host.syn, path, name);
		if (v) {
			free(*out);
			*out = v;
		}
		free(path);
	}
	strvec_release(&files);
	return rc;
}
