/* recorder.c: `modxs --record`, the one recorder of host profiles, at install time and after. */
#include "recorder.h"

#include <errno.h>
#include <limits.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "journal.h"
#include "json.h"
#include "lock.h"
#include "proc.h"
#include "words.h"

/* No profile comes near this; a bigger file in its place is not compared, only replaced. */
#define MAX_PROFILE (16u << 20)

/* Every host modxs can record; a new host adds its recorder here. */
static const struct recorder *const recorders[] = {
	&recorder_apache, &recorder_proftpd, &recorder_nginx,
	&recorder_recipe, /* last: the hosts described by data */
};
#define NRECORDERS (sizeof(recorders) / sizeof(*recorders))

const struct recorder *recorder_find(const char *datadir, const char *host)
{
	for (size_t i = 0; i < NRECORDERS; i++)
		if (recorders[i]->host ? strcmp(recorders[i]->host, host) == 0 :
					 recorders[i]->has(datadir, host))
			return recorders[i];
	return NULL;
}

/* Every host modxs can record, in the order a run without names records them. */
static void recorder_all(const char *datadir, struct strvec *out)
{
	for (size_t i = 0; i < NRECORDERS; i++)
		if (recorders[i]->host)
			strvec_push(out, recorders[i]->host);
		else
			recorders[i]->names(datadir, out);
}

/* The server as messages name it. */
static const char *server_of(const struct recorder *rec, const char *host)
{
	return rec->server ? rec->server : host;
}

char *recorder_path(const struct recorder_env *e, const char *path)
{
	if (!*e->root)
		return xstrdup(path);
	return xasprintf("%s%s%s", e->root, path[0] == '/' ? "" : "/", path);
}

bool recorder_exists(const struct recorder_env *e, const char *path)
{
	char *p = recorder_path(e, path);
	struct stat st;
	bool ok = *path && stat(p, &st) == 0;

	free(p);
	return ok;
}

char *recorder_output(const struct recorder_env *e, const char *const *argv, struct strvec *sources)
{
	struct strvec av = STRVEC_INIT;
	struct buf out = BUF_INIT;
	char *prog;

	if (!argv[0] || !*argv[0] || !recorder_exists(e, argv[0]))
		return NULL;
	prog = recorder_path(e, argv[0]);
	strvec_push_owned(&av, prog);
	for (size_t i = 1; argv[i]; i++)
		strvec_push(&av, argv[i]);
	if (spawn_output(av.v, &out) != 0) {
		buf_release(&out);
		strvec_release(&av);
		return NULL;
	}
	if (!strvec_has(sources, prog))
		strvec_push(sources, prog);
	strvec_release(&av);
	while (out.len && strchr(" \t\r\n", out.s[out.len - 1]))
		out.s[--out.len] = '\0';
	return buf_detach(&out);
}

char *recorder_define(const struct recorder_env *e, const char *header, const char *name,
		      const char *regex, struct strvec *sources)
{
	char *path = recorder_path(e, header), *found = NULL;
	char *pattern = xasprintf("^[ \t]*#[ \t]*define[ \t]+%s[ \t]+%s", name, regex);
	struct buf text = BUF_INIT;
	regex_t re;
	regmatch_t m[2];

	if (!*header || file_read(path, &text) != 0 || !text.s ||
	    regcomp(&re, pattern, REG_EXTENDED | REG_NEWLINE) != 0)
		goto out;
	if (!strvec_has(sources, path))
		strvec_push(sources, path);
	if (regexec(&re, text.s, 2, m, 0) == 0 && m[1].rm_so >= 0)
		found = xstrndup(text.s + m[1].rm_so, (size_t)(m[1].rm_eo - m[1].rm_so));
	regfree(&re);
out:
	buf_release(&text);
	free(pattern);
	free(path);
	return found;
}

bool recorder_words_after(const char *text, const char *label, struct strvec *out)
{
	const char *p = strstr(text, label);

	if (!p)
		return false;
	p += strlen(label);
	char *line = xstrndup(p, strcspn(p, "\r\n"));
	bool ok = words_split(line, out);
	free(line);
	return ok;
}

const char *recorder_var(const struct vars *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].name, name) == 0)
			return t->v[i].raw;
	return NULL;
}

void recording_release(struct recording *r)
{
	char *strs[] = {r->description, r->cflags, r->ldflags, r->symbol,      r->load_line,
			r->file,	r->key,	   r->layout,  r->config_file, r->section,
			r->module_path, r->server, r->abi};
	for (size_t i = 0; i < sizeof(strs) / sizeof(*strs); i++)
		free(strs[i]);
	vars_release(&r->vars);
	strvec_release(&r->aliases);
	strvec_release(&r->includes);
	if (r->tree)
		cJSON_Delete(r->tree);
	strvec_release(&r->config_test);
	strvec_release(&r->sources);
	strvec_release(&r->data);
	*r = (struct recording)RECORDING_INIT;
}

void recorder_json_str(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_printf(b, "\\%c", *p);
		else if (*p == '\n')
			buf_puts(b, "\\n");
		else if (*p == '\t')
			buf_puts(b, "\\t");
		else if (*p == '\r')
			buf_puts(b, "\\r");
		else if (*p < 0x20)
			buf_printf(b, "\\u%04x", *p);
		else
			buf_putc(b, (char)*p);
	}
	buf_putc(b, '"');
}

/* "key": "value" at two levels of indent, with the separator before it. */
static void json_member(struct buf *b, const char *sep, const char *key, const char *value)
{
	buf_printf(b, "%s    ", sep);
	recorder_json_str(b, key);
	buf_puts(b, ": ");
	recorder_json_str(b, value);
}

static void json_strv(struct buf *b, const struct strvec *sv)
{
	buf_putc(b, '[');
	for (size_t i = 0; i < sv->n; i++) {
		if (i)
			buf_puts(b, ", ");
		recorder_json_str(b, sv->v[i]);
	}
	buf_putc(b, ']');
}

/*
 * What the profile was recorded from: the command that records it again,
 * and each file with the size and modification time it had, so a later use
 * sees with one stat() per file whether the server changed since.
 */
static void json_sources(struct buf *b, const struct recording *r, const struct strvec *args)
{
	buf_puts(b, "  \"sources\": {\n    \"record\": ");
	json_strv(b, args);
	buf_puts(b, ",\n    \"files\": [");
	for (size_t i = 0; i < r->sources.n; i++) {
		struct stat st;
		long long size = -1, mtime = -1;
		if (stat(r->sources.v[i], &st) == 0) {
			size = (long long)st.st_size;
			mtime = (long long)st.st_mtime;
		}
		buf_puts(b, i ? ",\n      {\"path\": " : "\n      {\"path\": ");
		recorder_json_str(b, r->sources.v[i]);
		buf_printf(b, ", \"size\": %lld, \"mtime\": %lld}", size, mtime);
	}
	buf_puts(b, r->sources.n ? "\n    ]\n  }\n" : "]\n  }\n");
}

/* sources as a JSON object, for a recording written from its tree. */
static cJSON *sources_tree(const struct recording *r, const struct strvec *args)
{
	cJSON *src = cJSON_CreateObject(), *files = cJSON_AddArrayToObject(src, "files");
	cJSON *rec = cJSON_AddArrayToObject(src, "record");

	for (size_t i = 0; i < args->n; i++)
		cJSON_AddItemToArray(rec, cJSON_CreateString(args->v[i]));
	for (size_t i = 0; i < r->sources.n; i++) {
		cJSON *f = cJSON_CreateObject();
		struct stat st;
		double size = -1, mtime = -1;
		if (stat(r->sources.v[i], &st) == 0) {
			size = (double)st.st_size;
			mtime = (double)st.st_mtime;
		}
		cJSON_AddStringToObject(f, "path", r->sources.v[i]);
		cJSON_AddNumberToObject(f, "size", size);
		cJSON_AddNumberToObject(f, "mtime", mtime);
		cJSON_AddItemToArray(files, f);
	}
	return src;
}

/* A recording with a tree: the tree with its sources, in the recipe's style. */
static char *recording_tree_json(const struct recording *r, const struct strvec *args)
{
	struct buf b = BUF_INIT;

	cJSON_DeleteItemFromObjectCaseSensitive(r->tree, "sources");
	cJSON_AddItemToObject(r->tree, "sources", sources_tree(r, args));
	recipe_json_styled(&b, r->tree);
	buf_putc(&b, '\n');
	return buf_detach(&b);
}

char *recording_json(const char *host, const struct recording *r, const struct strvec *args)
{
	struct buf b = BUF_INIT;

	if (r->tree)
		return recording_tree_json(r, args);
	buf_puts(&b, "{\n  \"modxs_profile\": 2,\n  \"name\": ");
	recorder_json_str(&b, host);
	buf_puts(&b, ",\n  \"aliases\": ");
	json_strv(&b, &r->aliases);
	buf_puts(&b, ",\n  \"description\": ");
	recorder_json_str(&b, r->description);
	buf_puts(&b, ",\n  \"vars\": {\n");
	for (size_t i = 0; i < r->vars.n; i++)
		json_member(&b, i ? ",\n" : "", r->vars.v[i].name, r->vars.v[i].raw);
	buf_puts(&b, "\n  },\n  \"build\": {\n");
	json_member(&b, "", "cflags", r->cflags);
	json_member(&b, ",\n", "ldflags", r->ldflags);
	buf_puts(&b, ",\n    \"libs\": \"\",\n    \"pkg_config\": []\n  },\n  \"module\": {\n");
	json_member(&b, "", "symbol", r->symbol);
	json_member(&b, ",\n", "load_line", r->load_line);
	if (r->key) {
		buf_puts(&b, ",\n    \"load_args\": [\"key\"]");
		json_member(&b, ",\n", "key", r->key);
	}
	json_member(&b, ",\n", "file", r->file);
	buf_puts(&b, "\n  },\n");
	if (r->abi)
		buf_printf(&b, "  \"abi\": %s,\n", r->abi);
	buf_puts(&b, "  \"config\": {\n");
	json_member(&b, "", "layout", r->layout);
	json_member(&b, ",\n", "file", r->config_file);
	if (r->section)
		json_member(&b, ",\n", "section", r->section);
	if (r->module_path)
		json_member(&b, ",\n", "module_path", r->module_path);
	if (r->includes.n) {
		buf_puts(&b, ",\n    \"include\": ");
		json_strv(&b, &r->includes);
	}
	buf_puts(&b, ",\n    \"test\": ");
	json_strv(&b, &r->config_test);
	buf_puts(&b, "\n  },\n  \"server\": ");
	recorder_json_str(&b, r->server);
	buf_puts(&b, ",\n");
	json_sources(&b, r, args);
	buf_puts(&b, "}\n");
	return buf_detach(&b);
}

char *recorder_hint(struct msgs *msgs, const char *datadir, const char *host)
{
	const struct recorder *rec = recorder_find(datadir, host);
	struct recorder_env e = {msgs, NULL, "", host, datadir, datadir};
	struct strvec found = STRVEC_INIT;

	if (!rec)
		return xstrdup("");
	bool installed = rec->find(&e, NULL, &found);
	strvec_release(&found);
	if (installed)
		return xasprintf("; %s is installed: record it with 'modxs --record %s'",
				 server_of(rec, host), host);
	return xasprintf("; record it with 'modxs --record %s' once %s's build files are "
			 "installed",
			 host, server_of(rec, host));
}

/* The options of one --record run, checked: the root, each host's --from file, where to write. */
struct record_opts {
	char *root;	    /* absolute, "" for / */
	struct strvec from; /* "HOST=FILE", FILE absolute */
	char *datadir;
};

static void opts_release(struct record_opts *o)
{
	free(o->root);
	free(o->datadir);
	strvec_release(&o->from);
}

/* The names of the hosts modxs records, for messages. */
static char *recorder_names(const char *datadir)
{
	struct strvec all = STRVEC_INIT;
	struct buf b = BUF_INIT;

	recorder_all(datadir, &all);
	for (size_t i = 0; i < all.n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", all.v[i]);
	strvec_release(&all);
	return buf_detach(&b);
}

static int no_recorder(struct msgs *msgs, const char *datadir, const char *host)
{
	char *names = recorder_names(datadir);
	int rc = error(msgs, RC_USAGE, "cannot record host '%s': modxs records %s", host, names);

	free(names);
	return rc;
}

static int read_opts(struct ctx *c, struct record_opts *o)
{
	const struct request *req = c->req;
	char real[PATH_MAX];

	if (req->root && !realpath(req->root, real))
		return error(c->msgs, RC_USAGE, "cannot use root '%s':", req->root);
	o->root = xstrdup(!req->root || strcmp(real, "/") == 0 ? "" : real);
	for (size_t i = 0; i < req->froms.n; i++) {
		const char *f = req->froms.v[i], *eq = strchr(f, '=');
		if (!eq || eq == f || !eq[1])
			return error(c->msgs, RC_USAGE, "malformed --from '%s': expected HOST=FILE",
				     f);
		char *host = xstrndup(f, (size_t)(eq - f));
		int rc = recorder_find(c->datadir, host) ? RC_OK :
							   no_recorder(c->msgs, c->datadir, host);
		if (!rc && !realpath(eq + 1, real))
			rc = error(c->msgs, RC_DATA, "cannot read '%s':", eq + 1);
		if (!rc)
			strvec_push_owned(&o->from, xasprintf("%s=%s", host, real));
		free(host);
		if (rc)
			return rc;
	}
	o->datadir = path_clean(req->datadir ? req->datadir : c->datadir);
	return RC_OK;
}

/* The file --from names for host, the last one given; NULL when none. */
static const char *from_of(const struct record_opts *o, const char *host)
{
	const char *found = NULL;
	size_t len = strlen(host);

	for (size_t i = 0; i < o->from.n; i++)
		if (strncmp(o->from.v[i], host, len) == 0 && o->from.v[i][len] == '=')
			found = o->from.v[i] + len + 1;
	return found;
}

int recorder_write(struct msgs *msgs, const char *path, const char *text, bool *changed)
{
	struct lock lk = LOCK_INIT;
	size_t len = 0;
	char *old = file_read_max(path, MAX_PROFILE, &len);
	int rc;

	*changed = !old || len != strlen(text) || memcmp(old, text, len) != 0;
	free(old);
	if (!*changed)
		return RC_OK;
	rc = lock_take(&lk, msgs, NULL, path, RC_INSTALL, false);
	if (!rc)
		rc = lock_commit(&lk, text, strlen(text), 0644);
	lock_done(&lk);
	return rc;
}

/*
 * The data dir written into, with its hosts/ dir; a new one gets the
 * platform record of the data dir in use, so that modxs can load it.
 */
static int prepare_datadir(struct ctx *c, const char *dir)
{
	char *hosts = path_join(dir, "hosts"), *failed = NULL;
	char *to = path_join(dir, "platform.json"), *from = path_join(c->datadir, "platform.json");
	struct buf text = BUF_INIT;
	bool changed;
	int rc = RC_OK;

	if (file_mkdirs(hosts, 0755, &failed) != 0) {
		rc = error(c->msgs, RC_INSTALL, "cannot create directory '%s':", failed);
		goto out;
	}
	if (access(to, F_OK) == 0)
		goto out;
	if (file_read(from, &text) != 0)
		rc = error(c->msgs, RC_DATA, "cannot read '%s':", from);
	else
		rc = recorder_write(c->msgs, to, text.s ? text.s : "", &changed);
out:
	buf_release(&text);
	free(failed);
	free(from);
	free(to);
	free(hosts);
	return rc;
}

/* The command line that records host again as this run did: kept in the profile. */
static void record_args(const struct record_opts *o, const char *host, const char *from,
			struct strvec *args)
{
	strvec_push(args, "--record");
	if (*o->root) {
		strvec_push(args, "--root");
		strvec_push(args, o->root);
	}
	if (from) {
		strvec_push(args, "--from");
		strvec_push_owned(args, xasprintf("%s=%s", host, from));
	}
	strvec_push(args, host);
}

/* True if the profile at path was recorded by a run with these arguments (its "sources"). */
static bool recorded_by(const char *path, const struct strvec *args)
{
	size_t len = 0, i = 0;
	char *text = file_read_max(path, MAX_PROFILE, &len);
	cJSON *root = text ? cJSON_ParseWithLength(text, len) : NULL, *it;
	const cJSON *src = cJSON_GetObjectItemCaseSensitive(root, "sources");
	const cJSON *rec = cJSON_GetObjectItemCaseSensitive(src, "record");
	bool same = cJSON_IsArray(rec);

	cJSON_ArrayForEach(it, rec) {
		if (!cJSON_IsString(it) || i >= args->n || strcmp(it->valuestring, args->v[i]))
			same = false;
		i++;
	}
	cJSON_Delete(root);
	free(text);
	return same && i == args->n;
}

/*
 * No build files for host. Named, that is an error. Otherwise the server
 * is not (or no longer) installed: a profile this same command recorded
 * describes what is gone, and goes too; any other is left alone.
 */
static int no_files(struct ctx *c, const struct record_opts *o, const struct recorder *rec,
		    const char *host, const char *from, bool named)
{
	const char *under = *o->root ? " under '" : "", *end = *o->root ? "'" : "";
	struct strvec args = STRVEC_INIT;
	char *path = xasprintf("%s/hosts/%s.json", o->datadir, host);
	int rc = RC_OK;

	record_args(o, host, from, &args);
	if (named)
		rc = error(c->msgs, RC_DATA,
			   "no build files of %s found%s%s%s; name them with --from %s=FILE",
			   server_of(rec, host), under, o->root, end, host);
	else if (access(path, F_OK) == 0 && recorded_by(path, &args)) {
		rc = lock_unlink(c->msgs, NULL, path, RC_INSTALL);
		if (!rc)
			notice(c->msgs, "no build files of %s found%s%s%s: removed '%s'",
			       server_of(rec, host), under, o->root, end, path);
	} else
		notice(c->msgs, "no build files of %s found%s%s%s: no '%s' profile recorded",
		       server_of(rec, host), under, o->root, end, host);
	strvec_release(&args);
	free(path);
	return rc;
}

/* The files the profile names, before it: a profile is never written naming what is not there. */
static int write_data(struct msgs *msgs, const char *datadir, const struct recording *r)
{
	int rc = RC_OK;

	for (size_t i = 0; i + 1 < r->data.n && !rc; i += 2) {
		char *path = path_join(datadir, r->data.v[i]), *dir = path_dir(path),
		     *failed = NULL;
		bool changed;
		if (file_mkdirs(dir, 0755, &failed) != 0)
			rc = error(msgs, RC_INSTALL, "cannot create directory '%s':", failed);
		else
			rc = recorder_write(msgs, path, r->data.v[i + 1], &changed);
		free(failed);
		free(dir);
		free(path);
	}
	return rc;
}

static int record_one(struct ctx *c, const struct record_opts *o, const char *host, bool named)
{
	const struct recorder *rec = recorder_find(c->datadir, host);
	struct recorder_env e = {c->msgs, &c->vars, o->root, host, c->datadir, o->datadir};
	struct recording r = RECORDING_INIT;
	struct strvec found = STRVEC_INIT, args = STRVEC_INIT;
	const char *from = from_of(o, host);
	char *text = NULL, *path = NULL;
	bool changed;
	int rc;

	if (!rec->find(&e, from, &found)) {
		rc = no_files(c, o, rec, host, from, named);
		goto out;
	}
	if ((rc = rec->record(&e, &found, &r)) || (rc = write_data(c->msgs, o->datadir, &r)))
		goto out;
	record_args(o, host, from, &args);
	text = recording_json(host, &r, &args);
	path = xasprintf("%s/hosts/%s.json", o->datadir, host);
	if ((rc = recorder_write(c->msgs, path, text, &changed)))
		goto out;
	notice(c->msgs,
	       changed ? "recorded host profile '%s': %s" : "host profile '%s' is up to date: %s",
	       host, r.description);
out:
	free(path);
	free(text);
	strvec_release(&args);
	strvec_release(&found);
	recording_release(&r);
	return rc;
}

/* The name --record takes for the platform record rather than a host. */
static bool is_platform(const char *name)
{
	return strcmp(name, "platform") == 0;
}

int recorder_run(struct ctx *c)
{
	const struct strvec *names = &c->req->args;
	struct record_opts o = {NULL, STRVEC_INIT, NULL};
	struct strvec all = STRVEC_INIT;
	int rc = read_opts(c, &o);

	for (size_t i = 0; i < names->n && !rc; i++)
		if (!is_platform(names->v[i]) && !recorder_find(c->datadir, names->v[i]))
			rc = no_recorder(c->msgs, c->datadir, names->v[i]);
	if (!rc)
		rc = prepare_datadir(c, o.datadir);
	if (!rc && !names->n)
		recorder_all(c->datadir, &all);
	size_t n = rc ? 0 : names->n ? names->n : all.n;
	/* A host that fails does not keep the others from being recorded; the first error is the run's. */
	for (size_t i = 0; i < n; i++) {
		const char *host = names->n ? names->v[i] : all.v[i];
		int one = is_platform(host) ? RC_OK : record_one(c, &o, host, names->n > 0);
		rc = rc ? rc : one;
	}
	strvec_release(&all);
	opts_release(&o);
	return rc;
}

/*
 * The platform first, when named: the hosts' recorders read it (CC,
 * PKG_CONFIG), and a data dir being made has none yet.
 */
int recorder_main(struct ctx *c, struct msgs *msgs, const struct request *req)
{
	bool platform = false, hosts = req->args.n == 0;
	int rc = RC_OK;

	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < req->args.n; i++)
		if (is_platform(req->args.v[i]))
			platform = true;
		else
			hosts = true;
	if (platform && !req->datadir)
		rc = ctx_find_datadir(c, msgs, req);
	if (!rc && platform) {
		char *dir = path_clean(req->datadir ? req->datadir : c->datadir);
		rc = recorder_platform(msgs, req, dir);
		free(dir);
	}
	if (platform) {
		ctx_release(c);
		memset(c, 0, sizeof(*c));
	}
	if (!rc && hosts)
		rc = ctx_load_platform(c, msgs, req);
	if (!rc && hosts)
		rc = recorder_run(c);
	return rc;
}
