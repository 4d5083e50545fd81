/*
 * rec_nginx.c: recording nginx from `nginx -V` and the source its dev
 * package ships (Debian's nginx-dev: /usr/share/nginx/src). nginx has no
 * apxs: a module is built inside nginx's own configured tree. So its
 * configure (some seconds) is run here, in a private dir, with the
 * arguments the installed binary reports plus --with-compat, and what
 * module builds need of it is kept: the two headers it generates in the
 * data dir's nginx/, its compiler flags and include dirs in the profile.
 * Nothing under the source dir is written. The rest of the profile is the
 * data dir's nginx/profile.json. A profile recorded from the same binary,
 * source and arguments, none changed since, is reused without running
 * configure again.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "proc.h"
#include "recording.h"
#include "signals.h"
#include "sources.h"
#include "words.h"

/* What configure generates that a module build includes, kept in NGINX_BUILD. */
static const char *const generated[] = {"ngx_auto_config.h", "ngx_auto_headers.h"};
/*
 * What modxs ships for module builds (the addon script) and the profile
 * this fills in, kept beside them: a data dir recorded into is complete.
 */
static const char *const shipped[] = {"addon.sh", "auto/module", "auto/feature", "auto/have",
				      "profile.json"};
/* Where the binary is looked for, and the source when --from names none. */
static const char *const binaries[] = {"/usr/sbin/nginx", "/usr/local/sbin/nginx",
				       "/usr/local/nginx/sbin/nginx"};
#define DEFAULT_SRC "/usr/share/nginx/src"
/* Headers of a configured tree are some KiB; objs/Makefile some tens. */
#define MAX_GENERATED (4u << 20)

/* The parts of `found`, in order. */
enum { F_BINARY, F_SRC };

/* What `nginx -V` says, and the options module builds take from it. */
struct nginx_v {
	char *version;
	struct strvec args; /* configure's arguments, as words */
	char *qargs;	    /* the same, quoted as a shell reads them */
};

/* The configured tree's results, from a run of configure or an earlier profile. */
struct configured {
	char *cc, *cflags, *incs;
	char *headers[sizeof(generated) / sizeof(*generated)];
};

static bool find_nginx(const struct recorder_env *e, const char *from, struct strvec *found)
{
	const char *bin = NULL;
	char *src = from ? xstrdup(from) : recorder_path(e, DEFAULT_SRC);
	struct stat st;

	for (size_t i = 0; i < sizeof(binaries) / sizeof(*binaries) && !bin; i++)
		if (recorder_exists(e, binaries[i]))
			bin = binaries[i];
	strvec_push(found, bin ? bin : "");
	char *configure = path_join(src, "configure"), *module = path_join(src, "auto/module");
	bool ok = bin && stat(configure, &st) == 0 && S_ISREG(st.st_mode) &&
		  stat(module, &st) == 0 && S_ISREG(st.st_mode);
	strvec_push_owned(found, src);
	free(module);
	free(configure);
	return ok;
}

/* The value of the last --NAME=VALUE of args, or def. */
static const char *option(const struct strvec *args, const char *name, const char *def)
{
	size_t len = strlen(name);

	for (size_t i = args->n; i-- > 0;)
		if (strncmp(args->v[i], "--", 2) == 0 && strncmp(args->v[i] + 2, name, len) == 0 &&
		    args->v[i][2 + len] == '=')
			return args->v[i] + 3 + len;
	return def;
}

/*
 * Read `nginx -V` text: the version, and configure's arguments without the
 * package's own addons (their dirs are gone) and with --with-compat, which
 * lets a module built apart load. False when it names no arguments.
 */
static bool read_v(const char *text, struct nginx_v *v)
{
	const char *p = strstr(text, "nginx version: ");
	struct strvec all = STRVEC_INIT;
	struct buf q = BUF_INIT;
	bool compat = false;

	if (p && (p = strchr(p + strlen("nginx version: "), '/')))
		v->version = xstrndup(p + 1, strcspn(p + 1, " \r\n"));
	bool ok = recorder_words_after(text, "configure arguments:", &all) && all.n;
	for (size_t i = 0; ok && i < all.n; i++) {
		if (str_starts(all.v[i], "--add-module=") ||
		    str_starts(all.v[i], "--add-dynamic-module="))
			continue;
		compat = compat || strcmp(all.v[i], "--with-compat") == 0;
		strvec_push(&v->args, all.v[i]);
	}
	if (ok && !compat)
		strvec_push(&v->args, "--with-compat");
	for (size_t i = 0; i < v->args.n; i++) {
		if (i)
			buf_putc(&q, ' ');
		words_quote(&q, v->args.v[i]);
	}
	v->qargs = q.s ? buf_detach(&q) : xstrdup("");
	strvec_release(&all);
	return ok;
}

static void v_release(struct nginx_v *v)
{
	free(v->version);
	free(v->qargs);
	strvec_release(&v->args);
}

static void configured_release(struct configured *t)
{
	free(t->cc);
	free(t->cflags);
	free(t->incs);
	for (size_t i = 0; i < sizeof(t->headers) / sizeof(*t->headers); i++)
		free(t->headers[i]);
}

/* A var of objs/Makefile with its blanks squeezed; NULL when it has none. */
static char *make_value(struct vars *t, const char *name)
{
	struct var *v = vars_find(t, name);
	struct buf b = BUF_INIT;

	if (!v)
		return NULL;
	for (const char *p = v->raw; *p; p++)
		if (!strchr(" \t", *p))
			buf_putc(&b, *p);
		else if (b.len && !strchr(" \t", p[1]) && p[1])
			buf_putc(&b, ' ');
	return b.s ? buf_detach(&b) : xstrdup("");
}

/*
 * ALL_INCS of objs/Makefile as flags for a build outside the tree: "objs"
 * is the kept headers' dir, another relative dir one in the source.
 */
static char *incs_of(const char *incs)
{
	struct strvec w = STRVEC_INIT;
	struct buf b = BUF_INIT;

	words_split(incs, &w);
	for (size_t i = 0; i + 1 < w.n; i++) {
		if (strcmp(w.v[i], "-I") != 0)
			continue;
		const char *dir = w.v[++i];
		if (b.len)
			buf_putc(&b, ' ');
		if (strcmp(dir, "objs") == 0)
			buf_puts(&b, "-I$(NGINX_BUILD)");
		else
			buf_printf(&b, "-I%s%s", dir[0] == '/' ? "" : "$(NGINX_SRC)/", dir);
	}
	strvec_release(&w);
	return b.s ? buf_detach(&b) : xstrdup("");
}

/* objs/Makefile of a configured tree at dir: CC, CFLAGS and the include dirs. */
static bool read_makefile(const char *dir, struct configured *t)
{
	char *path = xasprintf("%s/objs/Makefile", dir);
	char *text = file_read_max(path, MAX_GENERATED, NULL), *w = text;

	free(path);
	if (!text)
		return false;
	/* Continued lines joined, as make reads them. */
	for (const char *r = text; *r; r++) {
		if (r[0] == '\\' && r[1] == '\n') {
			r++;
			*w++ = ' ';
		} else
			*w++ = *r;
	}
	*w = '\0';
	struct vars mk = VARS_INIT;
	vars_read_make(&mk, text, strlen(text), VAR_HOST);
	char *incs = make_value(&mk, "ALL_INCS");
	t->cc = make_value(&mk, "CC");
	t->cflags = make_value(&mk, "CFLAGS");
	t->incs = incs_of(incs ? incs : "");
	free(incs);
	vars_release(&mk);
	free(text);
	return t->cflags != NULL;
}

/* The last line configure printed, for the error when it fails. */
static char *last_line(const struct buf *out)
{
	size_t end = out->len;

	while (end && strchr(" \t\r\n", out->s[end - 1]))
		end--;
	size_t start = end;
	while (start && out->s[start - 1] != '\n')
		start--;
	return xstrndup(out->s ? out->s + start : "", end - start);
}

/* Run src's configure with v's arguments in dir, made empty by the caller. */
static int run_configure(const struct recorder_env *e, const char *src, const char *dir,
			 const struct nginx_v *v, struct configured *t)
{
	struct strvec argv = STRVEC_INIT;
	struct buf out = BUF_INIT;
	char *conf = path_join(src, "configure"), *autodir = path_join(src, "auto");
	char *conf_link = path_join(dir, "configure"), *auto_link = path_join(dir, "auto");
	int rc = RC_OK, status = SPAWN_FAILED;

	/* configure reads auto/ relative to where it runs and writes only there. */
	if (symlink(conf, conf_link) != 0 || symlink(autodir, auto_link) != 0)
		rc = error(e->msgs, RC_INSTALL, "cannot make nginx's build dir '%s':", dir);
	strvec_push(&argv, "sh");
	strvec_push(&argv, "./configure");
	strvec_extend(&argv, &v->args);
	if (!rc)
		status = spawn_capture_in(dir, argv.v, &out);
	if (!rc && status != 0) {
		char *line = last_line(&out);
		rc = error(e->msgs, RC_DATA, "nginx's configure in '%s' failed (%s %d)%s%s", src,
			   status == SPAWN_FAILED ? "cannot start sh:" : "exit", status,
			   *line ? ": " : "", line);
		free(line);
	}
	for (size_t i = 0; !rc && i < sizeof(generated) / sizeof(*generated); i++) {
		char *h = xasprintf("%s/objs/%s", dir, generated[i]);
		if (!(t->headers[i] = file_read_max(h, MAX_GENERATED, NULL)))
			rc = error(e->msgs, RC_DATA, "nginx's configure wrote no '%s':", h);
		free(h);
	}
	if (!rc && !read_makefile(dir, t))
		rc = error(e->msgs, RC_DATA,
			   "nginx's configure wrote no objs/Makefile with CFLAGS");
	buf_release(&out);
	strvec_release(&argv);
	free(auto_link);
	free(conf_link);
	free(autodir);
	free(conf);
	return rc;
}

/* Configure in a private dir of its own, removed whatever happens; a signal ends it as an error. */
static int configure(const struct recorder_env *e, const char *src, const struct nginx_v *v,
		     struct configured *t)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/modxs-record.XXXXXX", tmp && *tmp == '/' ? tmp : "/tmp");
	int rc;

	notice(e->msgs, "running nginx's configure in a private dir, once for this nginx");
	signals_catch();
	signals_defer(true);
	if (!mkdtemp(dir))
		rc = error(e->msgs, RC_INSTALL, "cannot make a private dir like '%s':", dir);
	else {
		rc = run_configure(e, src, dir, v, t);
		if (dir_remove_tree(dir) != 0)
			warn(e->msgs, "cannot remove nginx's build dir '%s':", dir);
	}
	signals_defer(false);
	if (!rc && signals_pending())
		rc = error(e->msgs, RC_INSTALL, "interrupted");
	free(dir);
	return rc;
}

/* A var of a profile's "vars", or NULL. */
static const char *var_of(const cJSON *root, const char *name)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(root, "vars"), name));
}

/* True when no file of the profile's "sources" changed since it was recorded. */
static bool sources_same(const cJSON *root)
{
	const cJSON *files = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(root, "sources"), "files");
	const cJSON *f;
	struct sources s = SOURCES_INIT;
	bool ok = cJSON_IsArray(files) && files->child;

	cJSON_ArrayForEach(f, files)
		ok = ok && sources_add_entry(&s, f);
	ok = ok && !sources_changed(&s);
	sources_release(&s);
	return ok;
}

/*
 * The results the profile already in outdir holds, when it was recorded
 * from this source with these arguments and nothing changed since.
 */
static bool reuse(const struct recorder_env *e, const char *src, const struct nginx_v *v,
		  struct configured *t)
{
	char *path = xasprintf("%s/hosts/%s.json", e->outdir, e->host);
	size_t len = 0;
	char *text = file_read_max(path, MAX_GENERATED, &len);
	cJSON *root = text ? cJSON_ParseWithLength(text, len) : NULL;
	const char *cc = var_of(root, "CC"), *cflags = var_of(root, "CFLAGS");
	const char *incs = var_of(root, "NGINX_INCS"), *was = var_of(root, "NGINX_SRC");
	const char *qargs = var_of(root, "NGINX_CONFIGURE_ARGS");
	bool ok = cc && cflags && incs && was && qargs && strcmp(was, src) == 0 &&
		  strcmp(qargs, v->qargs) == 0 && sources_same(root);

	for (size_t i = 0; ok && i < sizeof(generated) / sizeof(*generated); i++) {
		char *h = xasprintf("%s/%s/%s", e->outdir, e->host, generated[i]);
		ok = (t->headers[i] = file_read_max(h, MAX_GENERATED, NULL)) != NULL;
		free(h);
	}
	if (ok) {
		t->cc = xstrdup(cc);
		t->cflags = xstrdup(cflags);
		t->incs = xstrdup(incs);
	}
	cJSON_Delete(root);
	free(text);
	free(path);
	return ok;
}

/* The data files the profile names: the generated headers and the shipped script. */
static int add_data(const struct recorder_env *e, struct configured *t, struct recording *r)
{
	for (size_t i = 0; i < sizeof(generated) / sizeof(*generated); i++) {
		strvec_push_owned(&r->data, xasprintf("%s/%s", e->host, generated[i]));
		strvec_push_owned(&r->data, t->headers[i]);
		t->headers[i] = NULL;
	}
	for (size_t i = 0; i < sizeof(shipped) / sizeof(*shipped); i++) {
		char *path = xasprintf("%s/%s/%s", e->datadir, e->host, shipped[i]);
		char *text = file_read_max(path, MAX_GENERATED, NULL);
		if (!text) {
			int rc = error(e->msgs, RC_DATA, "cannot read '%s':", path);
			free(path);
			return rc;
		}
		strvec_push_owned(&r->data, xasprintf("%s/%s", e->host, shipped[i]));
		strvec_push_owned(&r->data, text);
		free(path);
	}
	return RC_OK;
}

/* The profile: the data dir's nginx/profile.json with the recorded vars. */
static int make_tree(const struct recorder_env *e, const char *bin, const char *src,
		     const struct nginx_v *v, const struct configured *t, struct recording *r)
{
	char *path = xasprintf("%s/%s/profile.json", e->datadir, e->host);
	size_t len = 0;
	char *text = file_read_max(path, MAX_GENERATED, &len);
	cJSON *root = text ? cJSON_ParseWithLength(text, len) : NULL, *vars = cJSON_CreateObject();
	const char *prefix = option(&v->args, "prefix", "/usr/local/nginx");
	char *conf_def = xasprintf("%s/conf/nginx.conf", prefix);
	char *mod_def = xasprintf("%s/modules", prefix);
	const char *conf = option(&v->args, "conf-path", conf_def);
	char *sbindir = path_dir(bin), *confdir = path_dir(conf);
	const char *pairs[][2] = {
		{"TARGET", path_base(bin)},
		{"PREFIX", prefix},
		{"SBINDIR", sbindir},
		{"SYSCONFDIR", confdir},
		{"NGINX_CONF", conf},
		{"LIBEXECDIR", option(&v->args, "modules-path", mod_def)},
		{"NGINX_SRC", src},
		{"NGINX_BUILD", "$(MODXS_DATADIR)/nginx"},
		{"NGINX_INCS", t->incs},
		{"INCLUDEDIR", "$(NGINX_SRC)/src"},
		{"CC", t->cc ? t->cc : option(&v->args, "with-cc", "cc")},
		{"CFLAGS", t->cflags},
		{"LDFLAGS", option(&v->args, "with-ld-opt", "")},
		{"NGINX_VERSION", v->version ? v->version : ""},
		{"NGINX_CONFIGURE_ARGS", v->qargs},
	};
	int rc = RC_OK;

	for (size_t i = 0; i < sizeof(pairs) / sizeof(*pairs); i++)
		cJSON_AddStringToObject(vars, pairs[i][0], pairs[i][1]);
	if (!cJSON_IsObject(root)) {
		rc = error(e->msgs, RC_DATA, "'%s': not a profile", path);
		cJSON_Delete(vars);
	} else {
		r->description = xasprintf("nginx %s, recorded from %s -V and %s",
					   v->version ? v->version : "", bin, src);
		cJSON_DeleteItemFromObjectCaseSensitive(root, "vars");
		cJSON_AddItemToObject(root, "vars", vars);
		cJSON_DeleteItemFromObjectCaseSensitive(root, "description");
		cJSON_AddStringToObject(root, "description", r->description);
		r->tree = root;
		root = NULL;
	}
	cJSON_Delete(root);
	free(confdir);
	free(sbindir);
	free(mod_def);
	free(conf_def);
	free(text);
	free(path);
	return rc;
}

static int record_nginx(const struct recorder_env *e, const struct strvec *found,
			struct recording *r)
{
	const char *bin = found->v[F_BINARY], *src = found->v[F_SRC];
	char *prog = recorder_path(e, bin), *argv[] = {prog, "-V", NULL};
	char *conf = path_join(src, "configure"), *header = path_join(src, "src/core/nginx.h");
	struct nginx_v v = {NULL, STRVEC_INIT, NULL};
	struct configured t = {0};
	struct buf out = BUF_INIT;
	int rc = RC_OK;

	/* nginx -V prints on stderr. */
	if (spawn_capture(argv, &out) != 0 || !out.s || !read_v(out.s, &v))
		rc = error(e->msgs, RC_DATA, "'%s -V' names no configure arguments", prog);
	strvec_push(&r->sources, prog);
	strvec_push(&r->sources, conf);
	if (access(header, F_OK) == 0)
		strvec_push(&r->sources, header);
	if (!rc && !reuse(e, src, &v, &t)) {
		configured_release(&t);
		t = (struct configured){0};
		rc = configure(e, src, &v, &t);
	}
	if (!rc)
		rc = add_data(e, &t, r);
	if (!rc)
		rc = make_tree(e, bin, src, &v, &t, r);
	configured_release(&t);
	v_release(&v);
	buf_release(&out);
	free(header);
	free(conf);
	free(prog);
	return rc;
}

const struct recorder recorder_nginx = {
	.host = "nginx",
	.find = find_nginx,
	.record = record_nginx,
};
