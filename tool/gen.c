/* gen.c: module skeletons from templates. */
#include "gen.h"
#include "fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "modname.h"
#include "msg.h"
#include "report.h"
#include "words.h"

/* Templates are a few small text files; anything bigger is a mistake. */
#define MAX_TEMPLATE (1u << 20)

/* One run of -g: what the placeholders stand for, and what was made. */
struct gen {
	struct ctx *c;
	const char *name;
	char *modxs;	    /* the running executable, for generated Makefiles */
	char *symbol;	    /* the module record: module.symbol with NAME */
	char *module_file;  /* module.file with NAME */
	struct strvec made; /* paths created so far, undone on failure */
};

static char *self_exe(const struct ctx *c)
{
	char *exe = path_self();

	return exe ? exe : path_join(c->exe_dir, "modxs");
}

static int line_of(const char *text, const char *at)
{
	int line = 1;

	for (const char *p = text; p < at; p++)
		line += *p == '\n';
	return line;
}

static bool key_char(char ch, bool first)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == '_' ||
	       (!first && ch >= '0' && ch <= '9');
}

/* Length of a placeholder key at p: [A-Za-z_][A-Za-z0-9_]*, 0 if none. */
static size_t key_len(const char *p, const char *end)
{
	size_t n = 0;

	while (p + n < end && key_char(p[n], n == 0))
		n++;
	return n;
}

/*
 * A value must stay one inert word wherever a template puts it: Makefiles
 * hand @MODXS@ to make and the shell, CMakeLists.txt quotes @MODXS_PREFIX@.
 * A blank, a quote, '$' or the like would be read as code there, so a value
 * holding one is an error naming the template, not a guess at its quoting.
 */
static const char *inert(struct msgs *msgs, const char *key, const char *v, const char *where,
			 int line)
{
	const char *bad = words_special(v);

	if (!bad)
		return v;
	error(msgs, RC_DATA,
	      "'%s': line %d: '@%s@' is '%s', which a generated build file cannot hold "
	      "safely ('%c' is special to make and the shell)",
	      where, line, key, v, *bad);
	return NULL;
}

/* The value of @KEY@, or NULL after an error naming where it was used. */
static const char *lookup(struct gen *g, const char *key, const char *where, int line)
{
	const char *fixed[][2] = {
		{"NAME", g->name},     {"HOST", g->c->host.name},	{"MODXS", g->modxs},
		{"SYMBOL", g->symbol}, {"MODULE_FILE", g->module_file},
	};
	char *err = NULL;
	const char *v;

	for (size_t i = 0; i < sizeof(fixed) / sizeof(*fixed); i++)
		if (strcmp(key, fixed[i][0]) == 0)
			return inert(g->c->msgs, key, fixed[i][1], where, line);
	v = vars_get(&g->c->vars, key, &err);
	if (v)
		return inert(g->c->msgs, key, v, where, line);
	if (err) {
		error(g->c->msgs, RC_DATA, "'%s': line %d: '@%s@': %s", where, line, key, err);
		free(err);
	} else {
		error(g->c->msgs, RC_DATA, "'%s': line %d: unknown placeholder '@%s@'", where, line,
		      key);
	}
	return NULL;
}

/* Copy text to out with every @KEY@ replaced; where names the template. */
static int subst(struct gen *g, const char *text, size_t len, const char *where, struct buf *out)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *at = memchr(p, '@', (size_t)(end - p));
		if (!at) {
			buf_add(out, p, (size_t)(end - p));
			break;
		}
		buf_add(out, p, (size_t)(at - p));
		size_t k = key_len(at + 1, end);
		if (!k || at + 1 + k >= end || at[1 + k] != '@') {
			buf_putc(out, '@');
			p = at + 1;
			continue;
		}
		char *key = xstrndup(at + 1, k);
		const char *v = lookup(g, key, where, line_of(text, at));
		free(key);
		if (!v)
			return RC_DATA;
		buf_puts(out, v);
		p = at + k + 2;
	}
	if (!out->s)
		buf_puts(out, "");
	return RC_OK;
}

static int read_template(struct msgs *msgs, const char *path, struct buf *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char chunk[8192];
	ssize_t n;

	if (fd < 0)
		return error(msgs, RC_DATA, "cannot read template '%s':", path);
	while ((n = read(fd, chunk, sizeof(chunk))) > 0) {
		buf_add(out, chunk, (size_t)n);
		if (out->len > MAX_TEMPLATE) {
			close(fd);
			return error(msgs, RC_DATA, "template '%s' is larger than %u bytes", path,
				     MAX_TEMPLATE);
		}
	}
	close(fd);
	if (n < 0)
		return error(msgs, RC_DATA, "cannot read template '%s':", path);
	if (out->len && memchr(out->s, '\0', out->len))
		return error(msgs, RC_DATA, "template '%s' is not a text file", path);
	return RC_OK;
}

static int make_dir(struct gen *g, const char *path)
{
	notice(g->c->msgs, "Creating [DIR]  %s", path);
	if (g->c->req->dry_run)
		return RC_OK;
	if (mkdir(path, 0777) < 0)
		return error(g->c->msgs, RC_INSTALL, "cannot create directory '%s':", path);
	strvec_push(&g->made, path);
	report_file(g->c->msgs, "directory", path);
	return RC_OK;
}

/* A new file, never an existing one: O_EXCL, and no following symlinks. */
static int make_file(struct gen *g, const char *src, const char *dst, mode_t mode)
{
	struct buf text = BUF_INIT, out = BUF_INIT;
	int rc, fd;

	notice(g->c->msgs, "Creating [FILE] %s", dst);
	if ((rc = read_template(g->c->msgs, src, &text)) ||
	    (rc = subst(g, text.s, text.len, src, &out)))
		goto out;
	if (g->c->req->dry_run)
		goto out;
	fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode & 0777);
	if (fd < 0) {
		rc = error(g->c->msgs, RC_INSTALL, "cannot create '%s':", dst);
		goto out;
	}
	strvec_push(&g->made, dst);
	if (fd_write_all(fd, out.s, out.len) < 0) {
		rc = error(g->c->msgs, RC_INSTALL, "cannot write '%s':", dst);
		close(fd);
		goto out;
	}
	if (close(fd) < 0) {
		rc = error(g->c->msgs, RC_INSTALL, "cannot write '%s':", dst);
		goto out;
	}
	report_file(g->c->msgs, "source", dst);
out:
	buf_release(&text);
	buf_release(&out);
	return rc;
}

static int visible(const struct dirent *e)
{
	return strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
}

static int copy_tree(struct gen *g, const char *src, const char *dst);

/* One template entry: its name goes through the placeholders too. */
static int copy_entry(struct gen *g, const char *src, const char *dst, const char *base)
{
	struct buf name = BUF_INIT;
	struct stat st;
	char *from = path_join(src, base), *to = NULL;
	int rc = subst(g, base, strlen(base), from, &name);

	if (rc)
		goto out;
	if (!*name.s || strchr(name.s, '/') || strcmp(name.s, ".") == 0 ||
	    strcmp(name.s, "..") == 0) {
		rc = error(g->c->msgs, RC_DATA, "template '%s' names the file '%s'", from, name.s);
		goto out;
	}
	to = path_join(dst, name.s);
	if (lstat(from, &st) < 0)
		rc = error(g->c->msgs, RC_DATA, "cannot read template '%s':", from);
	else if (S_ISDIR(st.st_mode))
		rc = copy_tree(g, from, to);
	else if (S_ISREG(st.st_mode))
		rc = make_file(g, from, to, st.st_mode);
	else
		rc = error(g->c->msgs, RC_DATA, "template '%s' is not a file or a directory", from);
out:
	buf_release(&name);
	free(from);
	free(to);
	return rc;
}

/* Make dst, then copy src's entries into it in name order. */
static int copy_tree(struct gen *g, const char *src, const char *dst)
{
	struct dirent **list = NULL;
	int n = scandir(src, &list, visible, alphasort), rc;

	if (n < 0)
		return error(g->c->msgs, RC_DATA, "cannot read template directory '%s':", src);
	rc = make_dir(g, dst);
	for (int i = 0; i < n; i++) {
		if (!rc)
			rc = copy_entry(g, src, dst, list[i]->d_name);
		free(list[i]);
	}
	free(list);
	return rc;
}

/* Remove what a failed run made, newest first, so nothing half-made stays. */
static void undo(struct gen *g)
{
	for (size_t i = g->made.n; i-- > 0;) {
		const char *p = g->made.v[i];
		if (unlink(p) < 0 && (errno == EISDIR || errno == EPERM))
			rmdir(p);
	}
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static char *template_dir(const struct ctx *c, const char *tmpl)
{
	char *base = path_join(c->datadir, "templates");
	char *dir = path_join(base, tmpl);

	free(base);
	return dir;
}

static int check_target(struct msgs *msgs, const char *name)
{
	struct stat st;
	int rc = modname_check_ident(msgs, name);

	if (rc)
		return rc;
	if (lstat(name, &st) == 0)
		return error(msgs, RC_USAGE, "%s '%s' already exists; remove it first",
			     S_ISDIR(st.st_mode) ? "directory" : "file", name);
	return RC_OK;
}

int gen_from_template(struct ctx *c, const char *tmpl)
{
	struct gen g = {c, c->req->name, NULL, NULL, NULL, STRVEC_INIT};
	char *dir = NULL;
	int rc;

	if ((rc = check_target(c->msgs, g.name)))
		return rc;
	if (!*tmpl || tmpl[0] == '.' || strchr(tmpl, '/'))
		return error(c->msgs, RC_DATA, "invalid template name '%s'", tmpl);
	dir = template_dir(c, tmpl);
	if (!is_dir(dir)) {
		rc = error(c->msgs, RC_DATA, "no templates for host '%s': '%s' is missing", tmpl,
			   dir);
		goto out;
	}
	g.modxs = self_exe(c);
	g.symbol = fmt_apply(&c->host.symbol_fmt, g.name, NULL);
	g.module_file = fmt_apply(&c->host.module_file, g.name, NULL);
	report_set(c->msgs, "module", g.name);
	rc = copy_tree(&g, dir, g.name);
	if (rc)
		undo(&g);
out:
	free(dir);
	free(g.modxs);
	free(g.symbol);
	free(g.module_file);
	strvec_release(&g.made);
	return rc;
}

int gen_run(struct ctx *c)
{
	if (c->req->persona == PERSONA_APXS) {
		char *flavour = xasprintf("%s-apxs", c->host.name);
		char *dir = template_dir(c, flavour);
		int rc = is_dir(dir) ? gen_from_template(c, flavour) : -1;
		free(dir);
		free(flavour);
		if (rc >= 0)
			return rc;
	}
	return gen_from_template(c, c->host.name);
}
