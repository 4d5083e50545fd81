/* addon.c: -c DIR, a module dir that describes itself in a file the host's profile names. */
#include "addon.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"
#include "fileio.h"
#include "msg.h"
#include "outfile.h"
#include "proc.h"

static void set_release(struct addon_set *s)
{
	free(s->out);
	strvec_release(&s->srcs);
	strvec_release(&s->incs);
	strvec_release(&s->libs);
	strvec_release(&s->defs);
	free(s->gen);
	free(s->text);
}

void addon_release(struct addon *a)
{
	for (size_t i = 0; i < a->n; i++)
		set_release(&a->sets[i]);
	free(a->sets);
	free(a->error);
}

bool addon_wanted(const struct ctx *c)
{
	struct stat st;

	return c->host.addon_script && c->req->args.n == 1 && stat(c->req->args.v[0], &st) == 0 &&
	       S_ISDIR(st.st_mode);
}

/* Take one key=value record into a. False when it makes no sense. */
static bool take(struct addon *a, const char *key, size_t klen, const char *val)
{
	struct addon_set *s = a->n ? &a->sets[a->n - 1] : NULL;

#define KEY(k) (klen == sizeof(k) - 1 && memcmp(key, k, klen) == 0)
	if (KEY("error")) {
		free(a->error);
		a->error = xstrdup(val);
	} else if (KEY("out")) {
		a->sets = xrealloc(a->sets, (a->n + 1) * sizeof(*a->sets));
		s = memset(&a->sets[a->n++], 0, sizeof(*s));
		s->out = xstrdup(val);
	} else if (!s) {
		return false;
	} else if (KEY("src")) {
		strvec_push(&s->srcs, val);
	} else if (KEY("inc")) {
		strvec_push(&s->incs, val);
	} else if (KEY("lib")) {
		strvec_push(&s->libs, val);
	} else if (KEY("def")) {
		strvec_push(&s->defs, val);
	} else if (KEY("gen")) {
		free(s->gen);
		s->gen = xstrdup(val);
	} else if (KEY("text")) {
		free(s->text);
		s->text = xstrdup(val);
	} else {
		return false;
	}
#undef KEY
	return true;
}

/* The script's output: NUL-terminated key=value records. */
static bool parse(struct addon *a, const char *out, size_t n)
{
	size_t at = 0;

	while (at < n) {
		const char *rec = out + at;
		size_t len = strnlen(rec, n - at);
		const char *eq = memchr(rec, '=', len);
		if (at + len == n || !eq || !take(a, rec, (size_t)(eq - rec), eq + 1))
			return false;
		at += len + 1;
	}
	return true;
}

/* A generated file goes in the current dir, by a plain name. */
static bool plain_name(const char *name)
{
	return name && *name && name[0] != '.' && name[0] != '-' && !strchr(name, '/');
}

/* Each set needs a plain name and sources; its generated file, a plain name and text. */
static int check_sets(struct msgs *msgs, const char *file, const struct addon *a)
{
	if (!a->n)
		return error(msgs, RC_BUILD, "'%s' names no module to build", file);
	for (size_t i = 0; i < a->n; i++) {
		const struct addon_set *s = &a->sets[i];
		if (!plain_name(s->out) || (s->gen && (!plain_name(s->gen) || !s->text)))
			return error(msgs, RC_BUILD,
				     "'%s': the addon script said '%s', not a plain "
				     "file name",
				     file, !plain_name(s->out) ? s->out : s->gen);
		if (!s->srcs.n)
			return error(msgs, RC_BUILD, "'%s': module '%s' has no sources", file,
				     s->out);
	}
	return RC_OK;
}

/* Where the last reading of an addon file is kept, in the build's own dir. */
#define CACHE ".libs/.deps/addon.rec"
/* The most a script may say: a module list is a few KiB. */
#define MAX_OUT (1u << 20)

/* What identifies a reading: the files' paths, sizes, times and inodes. */
static void cache_key(struct buf *key, const char *file, const char *script)
{
	const char *paths[] = {file, script};
	struct stat st;

	for (size_t i = 0; i < 2; i++) {
		if (stat(paths[i], &st) < 0)
			memset(&st, 0, sizeof(st));
		buf_printf(key, "%s %lld %lld.%09ld %llu %llu\n", paths[i], (long long)st.st_size,
			   (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
			   (unsigned long long)st.st_dev, (unsigned long long)st.st_ino);
	}
}

/*
 * The script's output of the last run when the file and the script are
 * unchanged since: a no-op rebuild starts no shell. The cache is the key,
 * then the output.
 */
static bool cache_read(const struct buf *key, struct buf *out)
{
	size_t len = 0;
	char *text = file_read_max(CACHE, MAX_OUT + key->len, &len);
	bool hit = text && len >= key->len && memcmp(text, key->s, key->len) == 0;

	if (hit)
		buf_add(out, text + key->len, len - key->len);
	free(text);
	return hit;
}

/* Keep a good reading for the next run, as the build keeps its other stamps. */
static int cache_write(struct ctx *c, const struct buf *key, const struct buf *out)
{
	struct buf all = BUF_INIT;
	int rc;

	if (c->req->dry_run)
		return RC_OK;
	if ((rc = outfile_mkdirs(c->msgs, ".libs/.deps")))
		return rc;
	buf_add(&all, key->s, key->len);
	buf_add(&all, out->s, out->len);
	rc = outfile_write(c->msgs, CACHE, all.s, all.len, 0644);
	buf_release(&all);
	return rc;
}

int addon_parse(struct msgs *msgs, const char *file, const char *out, size_t len, struct addon *a)
{
	if (!parse(a, out, len))
		return error(msgs, RC_BUILD, "'%s': the addon script said something unreadable",
			     file);
	if (a->error)
		return error(msgs, RC_BUILD, "'%s': %s", file, a->error);
	return check_sets(msgs, file, a);
}

/* Run the script on file (absolute) in dir (absolute); a holds what it said. */
static int run_script(struct ctx *c, const char *file, const char *dir, struct addon *a)
{
	char *script = ctx_expand(c, c->host.addon_script);
	struct buf out = BUF_INIT, key = BUF_INIT;
	int status = 0, rc = RC_OK;
	bool cached;

	if (!script)
		return RC_DATA;
	cache_key(&key, file, script);
	char *argv[] = {"sh", script, (char *)file, (char *)dir, NULL};
	if (!(cached = cache_read(&key, &out)))
		status = spawn_capture_stdout(argv, &out);
	if (status == SPAWN_FAILED)
		rc = error(c->msgs, RC_BUILD, "cannot run 'sh' to read '%s':", file);
	else if (status && !(parse(a, out.s ? out.s : "", out.len) && a->error))
		rc = error(c->msgs, RC_BUILD, "'%s' failed (exit %d)", file, status);
	else if (status)
		rc = error(c->msgs, RC_BUILD, "'%s': %s", file, a->error);
	else
		rc = addon_parse(c->msgs, file, out.s ? out.s : "", out.len, a);
	if (!rc && !cached)
		rc = cache_write(c, &key, &out);
	buf_release(&out);
	buf_release(&key);
	free(script);
	return rc;
}

/* Write a generated file only when its text changes, so that a no-op rebuild stays one. */
static int write_gen(struct msgs *msgs, const char *name, const char *text)
{
	size_t len = strlen(text), have = 0;
	char *old = file_read_max(name, len + 1, &have);
	int rc = RC_OK;

	if (!old || have != len || memcmp(old, text, len) != 0)
		rc = outfile_write(msgs, name, text, len, 0644);
	free(old);
	return rc;
}

/* The request for one set: the user's, with the set's files, dirs, macros and name. */
static void set_request(const struct request *user, const struct addon_set *s, struct request *r,
			char **output)
{
	*r = *user;
	memset(&r->args, 0, sizeof(r->args));
	memset(&r->incdirs, 0, sizeof(r->incdirs));
	memset(&r->defines, 0, sizeof(r->defines));
	strvec_extend(&r->args, &s->srcs);
	if (s->gen)
		strvec_push(&r->args, s->gen);
	strvec_extend(&r->args, &s->libs);
	strvec_extend(&r->incdirs, &s->incs);
	strvec_extend(&r->incdirs, &user->incdirs);
	strvec_extend(&r->defines, &s->defs);
	strvec_extend(&r->defines, &user->defines);
	r->name = s->out;
	r->generated = s->gen;
	r->output = *output = xasprintf("%s.la", s->out);
}

static int build_set(struct ctx *c, const struct addon_set *s, struct strvec *built)
{
	const struct request *user = c->req;
	struct request r;
	struct build_plan bp;
	char *output;
	int rc = RC_OK;

	if (s->gen && !user->dry_run)
		rc = write_gen(c->msgs, s->gen, s->text);
	if (rc)
		return rc;
	set_request(user, s, &r, &output);
	c->req = &r;
	rc = build_plan(c, &bp);
	if (!rc)
		rc = build_run(&bp, built);
	build_plan_release(&bp);
	c->req = user;
	strvec_release(&r.args);
	strvec_release(&r.incdirs);
	strvec_release(&r.defines);
	free(output);
	return rc;
}

/*
 * DIR made absolute but not resolved: a dir of links to the sources (as
 * the generated CMakeLists.txt makes) keeps the objects in it.
 */
static char *absolute(const char *arg)
{
	char *cwd, *joined, *dir;

	if (arg[0] == '/')
		return path_clean(arg);
	if (!(cwd = getcwd(NULL, 0)))
		return NULL;
	joined = path_join(cwd, arg);
	dir = path_clean(joined);
	free(joined);
	free(cwd);
	return dir;
}

int addon_build(struct ctx *c, struct strvec *built)
{
	const char *arg = c->req->args.v[0];
	char *dir = absolute(arg), *file = NULL;
	struct addon a = {0};
	struct stat st;
	int rc;

	if (!dir)
		return error(c->msgs, RC_USAGE, "cannot get the current directory:");
	file = path_join(dir, c->host.addon_file);
	if (stat(file, &st) < 0 || !S_ISREG(st.st_mode)) {
		rc = error(c->msgs, RC_USAGE, "'%s' holds no '%s' file to build the module from",
			   arg, c->host.addon_file);
		goto out;
	}
	if (c->req->output) {
		rc = error(c->msgs, RC_USAGE,
			   "-o cannot be used with a module dir: its '%s' names "
			   "the output",
			   c->host.addon_file);
		goto out;
	}
	if ((rc = run_script(c, file, dir, &a)))
		goto out;
	for (size_t i = 0; i < a.n && !rc; i++)
		rc = build_set(c, &a.sets[i], built);
out:
	addon_release(&a);
	free(file);
	free(dir);
	return rc;
}
