/* record.c: loading platform.json and host profiles. */
#include "record.h"

#include "json.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "jsonfile.h"
#include "msg.h"
#include "recorder.h"
#include "words.h"

/* Nor does any single flag string or path come near this. */
#define MAX_STRING (64u << 10)

/* A loader for one JSON file: its path, text and parsed root. */
struct doc {
	struct msgs *msgs;
	const char *path;
	char *text;
	cJSON *root;
	int version; /* the format version the file says it is */
};

static int bad_type(const struct doc *d, const char *parent, const char *key, const char *want)
{
	return error(d->msgs, RC_DATA, "'%s': line %d: '%s' must be %s", d->path,
		     json_line(d->text, parent, key), key, want);
}

/* A string member must be a string of sane length. */
static int check_str(const struct doc *d, const cJSON *it, const char *parent, const char *key)
{
	if (!cJSON_IsString(it))
		return bad_type(d, parent, key, "a string");
	if (strlen(it->valuestring) > MAX_STRING)
		return error(d->msgs, RC_DATA, "'%s': line %d: '%s' is longer than %u bytes",
			     d->path, json_line(d->text, parent, key), key, MAX_STRING);
	return RC_OK;
}

/* Copy an optional string member into *out (kept when absent). */
static int get_str(const struct doc *d, const cJSON *obj, const char *parent, const char *key,
		   char **out)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	int rc;

	if (!it)
		return RC_OK;
	if ((rc = check_str(d, it, parent, key)))
		return rc;
	free(*out);
	*out = xstrdup(it->valuestring);
	return RC_OK;
}

static int get_strv(const struct doc *d, const cJSON *obj, const char *parent, const char *key,
		    struct strvec *out)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key), *e;

	if (!it)
		return RC_OK;
	if (!cJSON_IsArray(it))
		return bad_type(d, parent, key, "an array of strings");
	strvec_release(out);
	cJSON_ArrayForEach(e, it) {
		if (!cJSON_IsString(e))
			return bad_type(d, parent, key, "an array of strings");
		if (check_str(d, e, parent, key))
			return RC_DATA;
		strvec_push(out, e->valuestring);
	}
	return RC_OK;
}

static int get_obj(const struct doc *d, const char *key, bool required, const cJSON **out)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(d->root, key);

	*out = NULL;
	if (!it) {
		if (required)
			return error(d->msgs, RC_DATA, "'%s': line 1: missing key '%s'", d->path,
				     key);
		return RC_OK;
	}
	if (!cJSON_IsObject(it))
		return bad_type(d, NULL, key, "an object");
	*out = it;
	return RC_OK;
}

/* The file's format key must be a version from 1 to max; sets d->version. */
static int check_format(struct doc *d, const char *key, int max)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(d->root, key);

	if (!it)
		return error(d->msgs, RC_DATA, "'%s': line 1: missing key '%s'", d->path, key);
	/* valueint truncates: 1.5 and 1e400 must not pass as 1. */
	for (int v = 1; v <= max; v++)
		if (cJSON_IsNumber(it) && it->valuedouble == (double)v) {
			d->version = v;
			return RC_OK;
		}
	if (max == 1)
		return error(d->msgs, RC_DATA, "'%s': line %d: '%s' must be 1", d->path,
			     json_line(d->text, NULL, key), key);
	return error(d->msgs, RC_DATA, "'%s': line %d: '%s' must be a version from 1 to %d",
		     d->path, json_line(d->text, NULL, key), key, max);
}

static int cmp_key(const void *a, const void *b)
{
	return strcmp((*(const cJSON *const *)a)->string, (*(const cJSON *const *)b)->string);
}

/* The line of the second "key" after parent: where a duplicate shows. */
static int dup_line(const char *text, const char *parent, const char *key)
{
	char *pat = parent ? xasprintf("\"%s\"", parent) : NULL;
	const char *from = text, *p;

	if (pat && (p = strstr(text, pat)))
		from = p;
	free(pat);
	pat = xasprintf("\"%s\"", key);
	p = strstr(from, pat);
	if (p)
		p = strstr(p + 1, pat);
	free(pat);
	return p ? json_line_at(text, p) : json_line(text, parent, key);
}

/* FNV-1a of a key: where it starts probing in check_dupes' table. */
static size_t key_hash(const char *key)
{
	size_t h = 2166136261u;

	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h;
}

/*
 * The least key (in strcmp order) that obj holds twice, or NULL. A table of
 * the keys seen, not a sort: for Apache's profile, 23k instructions, not 56k.
 */
static const char *least_dupe(const cJSON *obj, size_t n)
{
	size_t mask = 16, i;
	const char **seen, *least = NULL;
	const cJSON *it;

	while (mask < 2 * n)
		mask *= 2;
	seen = xcalloc(mask--, sizeof(*seen));
	cJSON_ArrayForEach(it, obj) {
		for (i = key_hash(it->string) & mask; seen[i]; i = (i + 1) & mask)
			if (strcmp(seen[i], it->string) == 0)
				break;
		if (!seen[i])
			seen[i] = it->string;
		else if (!least || strcmp(it->string, least) < 0)
			least = it->string;
	}
	free(seen);
	return least;
}

/*
 * cJSON keeps the first of two equal keys, while a reader of the file sees
 * the last: refuse duplicates in obj and in the objects inside it. With
 * several, the least key is named, then the objects are checked in the
 * order of their keys.
 */
static int check_dupes(const struct doc *d, const cJSON *obj, const char *parent)
{
	const cJSON *it, **objs;
	const char *dup;
	size_t n = 0, nobj = 0, i;
	int rc = RC_OK;

	cJSON_ArrayForEach(it, obj) {
		n++;
		nobj += cJSON_IsObject(it) != 0;
	}
	if ((dup = least_dupe(obj, n)))
		return error(d->msgs, RC_DATA, "'%s': line %d: duplicate key '%s'", d->path,
			     dup_line(d->text, parent, dup), dup);
	if (!nobj)
		return RC_OK;
	objs = xcalloc(nobj, sizeof(*objs));
	nobj = 0;
	cJSON_ArrayForEach(it, obj) {
		if (cJSON_IsObject(it))
			objs[nobj++] = it;
	}
	qsort(objs, nobj, sizeof(*objs), cmp_key);
	for (i = 0; i < nobj && !rc; i++)
		rc = check_dupes(d, objs[i], objs[i]->string);
	free(objs);
	return rc;
}

static int load_vars(struct ctx *c, const struct doc *d, enum var_origin origin)
{
	const cJSON *vars, *it;
	int rc = get_obj(d, "vars", true, &vars);

	if (rc)
		return rc;
	cJSON_ArrayForEach(it, vars) {
		if ((rc = check_str(d, it, "vars", it->string)))
			return rc;
		vars_set(&c->vars, it->string, it->valuestring, origin);
	}
	return RC_OK;
}

/*
 * Load path, which must say it is a format file ("modxs_profile": 1) before
 * any of its keys appears in a message: a secret JSON file given as a
 * profile shows none of its content.
 */
static int doc_open(struct doc *d, struct msgs *msgs, const char *path, const char *format)
{
	int rc;

	d->msgs = msgs;
	d->path = path;
	d->root = json_load(msgs, path, &d->text);
	if (!d->root)
		return RC_DATA;
	if ((rc = check_format(d, format, strcmp(format, "modxs_profile") == 0 ? 2 : 1)))
		return rc;
	return check_dupes(d, d->root, NULL);
}

static void doc_close(struct doc *d)
{
	cJSON_Delete(d->root);
	free(d->text);
}

static int load_platform(struct ctx *c, char **default_host)
{
	struct doc d = {0};
	int rc = doc_open(&d, c->msgs, c->platform, "modxs_platform");

	if (!rc)
		rc = load_vars(c, &d, VAR_PLATFORM);
	if (!rc)
		rc = get_str(&d, d.root, NULL, "default_host", default_host);
	if (!rc)
		rc = get_str(&d, d.root, NULL, "launcher", &c->launcher);
	doc_close(&d);
	return rc;
}

/* The raw formats and words of a profile, before they are parsed. */
struct raw_formats {
	char *symbol, *load_line, *file, *key, *symbol_type, *comment, *section, *dropin_file;
	char *blocks;
	struct strvec load_args;
	bool includes_given; /* config.include is there, if empty */
};

static void raw_release(struct raw_formats *f)
{
	char *strs[] = {f->symbol,  f->load_line, f->file,	  f->key,   f->symbol_type,
			f->comment, f->section,	  f->dropin_file, f->blocks};
	for (size_t i = 0; i < sizeof(strs) / sizeof(*strs); i++)
		free(strs[i]);
	strvec_release(&f->load_args);
}

/* An optional object member of obj. */
static int get_sub(const struct doc *d, const cJSON *obj, const char *parent, const char *key,
		   const cJSON **out)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	*out = NULL;
	if (it && !cJSON_IsObject(it))
		return bad_type(d, parent, key, "an object");
	*out = it;
	return RC_OK;
}

/* config.dropin: Debian's layouts, described (modxs-profile(5)). */
static int load_dropin(struct host *h, const struct doc *d, const cJSON *config,
		       struct raw_formats *f)
{
	struct host_dropin *di = &h->dropin;
	const cJSON *o;
	int rc;

	if ((rc = get_sub(d, config, "config", "dropin", &o)) || !o)
		return rc;
	if ((rc = get_str(d, o, "dropin", "available", &di->available)) ||
	    (rc = get_strv(d, o, "dropin", "enabled", &di->enabled)) ||
	    (rc = get_str(d, o, "dropin", "file", &f->dropin_file)) ||
	    (rc = get_strv(d, o, "dropin", "also", &di->also)) ||
	    (rc = get_str(d, o, "dropin", "priority", &di->priority)))
		return rc;
	return RC_OK;
}

/* The version 2 keys of module and config. */
static int load_host_v2(struct host *h, const struct doc *d, const cJSON *module,
			const cJSON *config, struct raw_formats *f)
{
	int rc;

	if ((rc = get_strv(d, d->root, NULL, "aliases", &h->aliases)))
		return rc;
	if (module && ((rc = get_str(d, module, "module", "key", &f->key)) ||
		       (rc = get_strv(d, module, "module", "load_args", &f->load_args)) ||
		       (rc = get_str(d, module, "module", "symbol_type", &f->symbol_type))))
		return rc;
	if (config && ((rc = get_str(d, config, "config", "comment", &f->comment)) ||
		       (rc = get_str(d, config, "config", "blocks", &f->blocks)) ||
		       (rc = get_str(d, config, "config", "section", &f->section)) ||
		       (rc = get_str(d, config, "config", "module_path", &h->module_path)) ||
		       (rc = get_str(d, config, "config", "server_root", &h->server_root)) ||
		       (rc = get_strv(d, config, "config", "include", &h->includes)) ||
		       (rc = get_strv(d, config, "config", "keep_last", &h->keep_last)) ||
		       (rc = load_dropin(h, d, config, f))))
		return rc;
	f->includes_given = config && cJSON_GetObjectItemCaseSensitive(config, "include");
	return RC_OK;
}

static int load_host_sections(struct host *h, const struct doc *d, struct raw_formats *f)
{
	const cJSON *build, *module, *config, *abi;
	int rc;

	if ((rc = get_str(d, d->root, NULL, "name", &h->name)) ||
	    (rc = get_str(d, d->root, NULL, "description", &h->description)) ||
	    (rc = get_str(d, d->root, NULL, "server", &h->server)) ||
	    (rc = get_str(d, d->root, NULL, "target", &h->target)) ||
	    (rc = get_obj(d, "build", false, &build)) ||
	    (rc = get_obj(d, "module", false, &module)) ||
	    (rc = get_obj(d, "config", false, &config)))
		return rc;
	if (build && ((rc = get_str(d, build, "build", "cflags", &h->cflags)) ||
		      (rc = get_str(d, build, "build", "cxxflags", &h->cxxflags)) ||
		      (rc = get_str(d, build, "build", "ldflags", &h->ldflags)) ||
		      (rc = get_str(d, build, "build", "libs", &h->libs)) ||
		      (rc = get_str(d, build, "build", "launcher", &h->launcher)) ||
		      (rc = get_strv(d, build, "build", "pkg_config", &h->pkgs))))
		return rc;
	if (module && ((rc = get_str(d, module, "module", "symbol", &f->symbol)) ||
		       (rc = get_str(d, module, "module", "load_line", &f->load_line)) ||
		       (rc = get_str(d, module, "module", "file", &f->file))))
		return rc;
	if ((rc = get_obj(d, "abi", false, &abi)) ||
	    (abi && (rc = abi_parse(d->msgs, d->path, d->text, abi, &h->abi))))
		return rc;
	if (config && ((rc = get_str(d, config, "config", "layout", &h->layout)) ||
		       (rc = get_str(d, config, "config", "file", &h->config_file)) ||
		       (rc = get_strv(d, config, "config", "test", &h->config_test))))
		return rc;
	return load_host_v2(h, d, module, config, f);
}

/*
 * build.addon (a module dir that describes itself in a file of its own,
 * read by a script the profile names), module.signature and module.exports. Both addon keys are needed, or neither.
 */
static int load_host_addon(struct host *h, const struct doc *d)
{
	const cJSON *build = cJSON_GetObjectItemCaseSensitive(d->root, "build");
	const cJSON *module = cJSON_GetObjectItemCaseSensitive(d->root, "module");
	const cJSON *addon = cJSON_GetObjectItemCaseSensitive(build, "addon");
	int rc;

	if (module && ((rc = get_str(d, module, "module", "signature", &h->signature)) ||
		       (rc = get_strv(d, module, "module", "exports", &h->exports))))
		return rc;
	if (!addon)
		return RC_OK;
	if (!cJSON_IsObject(addon))
		return bad_type(d, "build", "addon", "an object");
	if ((rc = get_str(d, addon, "addon", "file", &h->addon_file)) ||
	    (rc = get_str(d, addon, "addon", "script", &h->addon_script)))
		return rc;
	if (!h->addon_file || !h->addon_script)
		return error(d->msgs, RC_DATA, "'%s': line %d: 'addon' needs 'file' and 'script'",
			     d->path, json_line(d->text, "build", "addon"));
	return RC_OK;
}

/*
 * Parse module.key (or its default) into out: it must hold min to max %s
 * conversions, with an optional '-' and width, and %%. modxs fills them
 * with module names and paths, so anything else (a %n, a %d reading a
 * missing argument) is refused here, once, for every later use.
 */
static int parse_format(const struct doc *d, const char *key, const char *text, const char *dflt,
			size_t min, size_t max, struct fmt *out)
{
	enum fmt_result r = fmt_parse(out, text ? text : dflt, min, max);

	if (r == FMT_OK)
		return RC_OK;
	if (r == FMT_TOO_FEW)
		return error(d->msgs, RC_DATA, "'%s': line %d: '%s' must hold a %%s conversion",
			     d->path, json_line(d->text, "module", key), key);
	return error(d->msgs, RC_DATA,
		     "'%s': line %d: '%s' may hold at most %zu %%s conversion%s and no other",
		     d->path, json_line(d->text, "module", key), key, max, max > 1 ? "s" : "");
}

/* A profile error at the line of parent's key. */
static int bad_value(const struct doc *d, const char *parent, const char *key, const char *why)
{
	return error(d->msgs, RC_DATA, "'%s': line %d: '%s' %s", d->path,
		     json_line(d->text, parent, key), key, why);
}

static void set_str(char **slot, const char *s)
{
	free(*slot);
	*slot = s ? xstrdup(s) : NULL;
}

void host_proftpd_rules(struct host *h)
{
	if (h->syn.section)
		return;
	fmt_release(&h->load_fmt);
	fmt_release(&h->key_fmt);
	fmt_parse(&h->load_fmt, "LoadModule %s", 1, 1);
	fmt_parse(&h->key_fmt, "mod_%s.c", 1, 1);
	set_str(&h->directive, "LoadModule");
	set_str(&h->section, "IfModule");
	set_str(&h->section_arg, "mod_dso.c");
	if (!h->module_path)
		h->module_path = xstrdup("ModulePath");
	if (!h->keep_last.n)
		strvec_push(&h->keep_last, "mod_ifsession.c");
	h->key_first = true;
	h->syn = (struct conf_syntax){h->directive,
				      1,
				      0,
				      h->syn.comment,
				      h->section,
				      h->section_arg,
				      h->syn.tail,
				      h->syn.braces,
				      (const char *const *)h->keep_last.v};
}

/* module.load_args: which of load_line's %s is the key and which the path. */
static int parse_args(struct host *h, const struct doc *d, const struct strvec *args)
{
	size_t n = h->load_fmt.nslots, keys = 0;

	if (!args->n) {
		h->key_first = true;
		h->syn.key_word = 1;
		h->syn.path_word = n == 2 ? 2 : 0;
		return RC_OK;
	}
	if (args->n != n)
		return bad_value(d, "module", "load_args",
				 "must name what fills each %s of 'load_line'");
	for (size_t i = 0; i < n; i++) {
		bool key = strcmp(args->v[i], "key") == 0;
		if (!key && strcmp(args->v[i], "path") != 0)
			return bad_value(d, "module", "load_args",
					 "may hold only \"key\" and \"path\"");
		keys += key;
		if (key)
			h->syn.key_word = (int)i + 1;
		else
			h->syn.path_word = (int)i + 1;
	}
	if (keys != 1)
		return bad_value(d, "module", "load_args", "must hold \"key\" once");
	h->key_first = h->syn.key_word == 1;
	return RC_OK;
}

/* Only blanks? */
static bool blank(const char *s)
{
	return s[strspn(s, " \t")] == '\0';
}

/*
 * The directive load_line starts with: its text before a blank or '=',
 * then only those; the arguments are separated by blanks, so that the
 * engine finds them again as words.
 */
static int parse_directive(struct host *h, const struct doc *d)
{
	const char *lit = h->load_fmt.lit[0];
	size_t n = strcspn(lit, " \t=");

	if (!n || lit[n + strspn(lit + n, " \t=")])
		return bad_value(d, "module", "load_line",
				 "must start with its directive, then blanks or '=', then a %s");
	for (size_t i = 1; i < h->load_fmt.nslots; i++)
		if (!*h->load_fmt.lit[i] || !blank(h->load_fmt.lit[i]))
			return bad_value(d, "module", "load_line",
					 "must separate its %s conversions with blanks only");
	h->directive = xstrndup(lit, n);
	h->syn.directive = h->directive;
	/* The text after the last argument ("load_module %s;"), blanks dropped. */
	const char *tail = h->load_fmt.lit[h->load_fmt.nslots];
	tail += strspn(tail, " \t");
	size_t len = strlen(tail);
	while (len && (tail[len - 1] == ' ' || tail[len - 1] == '\t'))
		len--;
	if (len) {
		h->load_tail = xstrndup(tail, len);
		h->syn.tail = h->load_tail;
	}
	return RC_OK;
}

/* config.comment and config.section: the comment mark, and where new lines go. */
static int parse_syntax(struct host *h, const struct doc *d, const struct raw_formats *f)
{
	const char *c = f->comment ? f->comment : "#";

	if (strlen(c) != 1 || c[0] == ' ' || c[0] == '\t' || (unsigned char)c[0] < ' ')
		return bad_value(d, "config", "comment", "must be one character");
	h->syn.comment = c[0];
	if (f->blocks && strcmp(f->blocks, "braces") != 0 && strcmp(f->blocks, "tags") != 0)
		return bad_value(d, "config", "blocks", "must be \"tags\" or \"braces\"");
	h->syn.braces = f->blocks && strcmp(f->blocks, "braces") == 0;
	h->syn.keep_last = (const char *const *)h->keep_last.v;
	if (f->section && *f->section) {
		size_t n = strcspn(f->section, " \t");
		const char *arg = f->section + n + strspn(f->section + n, " \t");
		h->section = xstrndup(f->section, n);
		h->section_arg = *arg ? xstrdup(arg) : NULL;
		h->syn.section = h->section;
		h->syn.section_arg = h->section_arg;
	}
	return RC_OK;
}

/* The module formats: a name for symbol, key and file; a key, then maybe a path, for load_line. */
static int parse_formats(struct host *h, const struct doc *d, struct raw_formats *f)
{
	size_t min_symbol = d->version >= 2 ? 0 : 1;
	bool v1_proftpd = d->version == 1 && h->layout && strcmp(h->layout, "proftpd") == 0;
	int rc;

	/* Its load_line, "LoadModule mod_%s.c", was given the name; the rules below say so. */
	if (v1_proftpd)
		set_str(&f->load_line, "LoadModule %s");

	if ((rc = parse_format(d, "symbol", f->symbol, "%s_module", min_symbol, 1,
			       &h->symbol_fmt)) ||
	    (rc = parse_format(d, "load_line", f->load_line, "LoadModule %-18s %s", 1, 2,
			       &h->load_fmt)) ||
	    (rc = parse_format(d, "file", f->file, "mod_%s.so", 1, 1, &h->module_file)))
		return rc;
	/* A module line names its module by its record unless the profile says otherwise. */
	const char *key = f->key ? f->key : h->symbol_fmt.nslots ? h->symbol_fmt.text : "%s";
	if ((rc = parse_format(d, "key", key, NULL, 1, 1, &h->key_fmt)) ||
	    (rc = parse_args(h, d, &f->load_args)) || (rc = parse_directive(h, d)) ||
	    (rc = parse_syntax(h, d, f)))
		return rc;
	if (f->symbol_type && strcmp(f->symbol_type, "function") != 0 &&
	    strcmp(f->symbol_type, "data") != 0)
		return bad_value(d, "module", "symbol_type", "must be \"data\" or \"function\"");
	h->symbol_function = f->symbol_type && strcmp(f->symbol_type, "function") == 0;
	if (v1_proftpd)
		host_proftpd_rules(h);
	return parse_format(d, "file", f->dropin_file, "%s.load", 1, 1, &h->dropin.file);
}

/* What a recorded profile was read from: "sources": {"record": [...], "files": [...]}. */
static int load_sources(struct host *h, const struct doc *d)
{
	const cJSON *src, *files, *it;
	int rc = get_obj(d, "sources", false, &src);

	if (rc || !src || (rc = get_strv(d, src, "sources", "record", &h->sources.args)))
		return rc;
	files = cJSON_GetObjectItemCaseSensitive(src, "files");
	if (files && !cJSON_IsArray(files))
		return bad_type(d, "sources", "files", "an array of objects");
	cJSON_ArrayForEach(it, files) {
		if (!sources_add_entry(&h->sources, it))
			return bad_type(d, "sources", "files",
					"an array of objects with a path, a size and an mtime");
		if ((rc = check_str(d, cJSON_GetObjectItemCaseSensitive(it, "path"), "sources",
				    "files")))
			return rc;
	}
	return RC_OK;
}

static void host_defaults(struct host *h, const struct raw_formats *f)
{
	if (!h->cflags)
		h->cflags = xstrdup("$(CFLAGS) $(CPPFLAGS) -I$(INCLUDEDIR)");
	if (!h->cxxflags)
		h->cxxflags = xstrdup(h->cflags);
	if (!h->ldflags)
		h->ldflags = xstrdup("$(LDFLAGS)");
	if (!h->libs)
		h->libs = xstrdup("");
	if (!h->layout)
		h->layout = xstrdup("auto");
	if (!h->config_file)
		h->config_file = xstrdup("$(SYSCONFDIR)/$(TARGET).conf");
	if (!h->server)
		h->server = xstrdup("$(SBINDIR)/$(TARGET)");
	if (!h->server_root)
		h->server_root = xstrdup("ServerRoot");
	if (!f->includes_given) {
		strvec_push(&h->includes, "Include");
		strvec_push(&h->includes, "IncludeOptional");
	}
	if (!h->dropin.available)
		h->dropin.available = xstrdup("$(SYSCONFDIR)/mods-available");
	if (!h->dropin.enabled.n)
		strvec_push(&h->dropin.enabled, "$(SYSCONFDIR)/mods-enabled");
	if (!f->dropin_file)
		strvec_push(&h->dropin.also, "%s.conf");
	if (!h->dropin.priority)
		h->dropin.priority = xstrdup("");
}

static int load_host(struct ctx *c, const char *path)
{
	struct doc d = {0};
	struct raw_formats f = {0};
	int rc = doc_open(&d, c->msgs, path, "modxs_profile");

	c->host.file = xstrdup(path);
	if (!rc)
		rc = load_vars(c, &d, VAR_HOST);
	if (!rc)
		rc = load_host_sections(&c->host, &d, &f);
	if (!rc)
		rc = load_host_addon(&c->host, &d);
	if (!rc)
		rc = parse_formats(&c->host, &d, &f);
	if (!rc)
		rc = load_sources(&c->host, &d);
	if (!rc && !c->host.name)
		rc = error(c->msgs, RC_DATA, "'%s': line 1: missing key 'name'", path);
	if (!rc)
		host_defaults(&c->host, &f);
	doc_close(&d);
	raw_release(&f);
	return rc;
}

static char *self_dir(void)
{
	char *exe = path_self(), *dir = exe ? path_dir(exe) : NULL;

	free(exe);
	return dir;
}

static bool is_datadir(const char *dir)
{
	char *p = path_join(dir, "platform.json");
	bool ok = access(p, R_OK) == 0;
	free(p);
	return ok;
}

/*
 * MODXS_DATADIR, when set, is the only place looked at: a user who names a
 * directory wants that one, not a silent fallback. Otherwise the data dir
 * is found relative to the executable, so a prefix can be moved or staged.
 */
static int find_datadir(struct ctx *c)
{
	const char *env = getenv("MODXS_DATADIR");
	struct strvec tried = STRVEC_INIT;
	int rc = RC_OK;

	if (env && *env) {
		strvec_push(&tried, env);
	} else {
		strvec_push_owned(&tried, path_join(c->prefix, "share/modxs"));
		strvec_push_owned(&tried, path_join(c->exe_dir, "share/modxs"));
	}
	for (size_t i = 0; i < tried.n; i++) {
		if (is_datadir(tried.v[i])) {
			c->datadir = xstrdup(tried.v[i]);
			goto out;
		}
	}
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < tried.n; i++)
		buf_printf(&b, "%s'%s'", i ? ", " : "", tried.v[i]);
	rc = error(c->msgs, RC_DATA, "no data dir with platform.json; searched %s%s", b.s,
		   env && *env ? " (from MODXS_DATADIR)" : "");
	buf_release(&b);
out:
	strvec_release(&tried);
	return rc;
}

/* Host names sort as people read them: case aside, then exactly. */
static int cmp_str(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	int d = strcasecmp(x, y);
	return d ? d : strcmp(x, y);
}

/*
 * A host name is a file name in hosts/ without ".json": letters, digits,
 * '_', '-' and '.', not starting with '.', so it can never leave the dir.
 */
static bool valid_host_name(const char *name, size_t len)
{
	static const char ok[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.";

	if (!len || name[0] == '.')
		return false;
	for (size_t i = 0; i < len; i++)
		if (!name[i] || !strchr(ok, name[i]))
			return false;
	return true;
}

void ctx_host_names(const struct ctx *c, struct strvec *out)
{
	char *dir = path_join(c->datadir, "hosts");
	DIR *d = opendir(dir);
	struct dirent *e;

	free(dir);
	if (!d)
		return;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (str_ends(e->d_name, ".json") && valid_host_name(e->d_name, len - 5))
			strvec_push_owned(out, xstrndup(e->d_name, len - 5));
	}
	closedir(d);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_str);
}

static int unknown_host(const struct ctx *c, const char *name)
{
	struct strvec names = STRVEC_INIT;
	struct buf b = BUF_INIT;

	ctx_host_names(c, &names);
	for (size_t i = 0; i < names.n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", names.v[i]);
	char *hint = recorder_hint(c->msgs, c->datadir, name);
	int rc = error(c->msgs, RC_USAGE, "unknown host '%s'; known hosts: %s%s", name,
		       names.n ? b.s : "(none)", hint);
	free(hint);
	buf_release(&b);
	strvec_release(&names);
	return rc;
}

static const char *persona_host(enum persona p)
{
	switch (p) {
	case PERSONA_APXS:
		return "apache";
	case PERSONA_PRXS:
		return "proftpd";
	default:
		return NULL;
	}
}

/* Does the profile at path list name among its aliases? Unreadable files do not. */
static bool has_alias(const char *path, const char *name)
{
	size_t len = 0;
	char *text = file_read_max(path, JSON_MAX_FILE, &len);
	cJSON *root = text ? cJSON_ParseWithLength(text, len) : NULL;
	const cJSON *a = root ? cJSON_GetObjectItemCaseSensitive(root, "aliases") : NULL, *e;
	bool yes = false;

	if (cJSON_IsArray(a))
		cJSON_ArrayForEach(e, a) {
			yes = yes || (cJSON_IsString(e) && strcmp(e->valuestring, name) == 0);
		}
	cJSON_Delete(root);
	free(text);
	return yes;
}

/* The profile that answers to name as an alias ("apache2" for apache), or NULL. */
static char *alias_file(const struct ctx *c, const char *name)
{
	struct strvec names = STRVEC_INIT;
	char *found = NULL;

	ctx_host_names(c, &names);
	for (size_t i = 0; i < names.n && !found; i++) {
		char *file = xasprintf("%s/hosts/%s.json", c->datadir, names.v[i]);
		if (has_alias(file, name))
			found = file;
		else
			free(file);
	}
	strvec_release(&names);
	return found;
}

static int choose_host(struct ctx *c, const char *recorded)
{
	/* A drop-in apxs or prxs answers for its server whatever the environment says. */
	const char *env = c->req->persona == PERSONA_MODXS ? getenv("MODXS_HOST") : NULL;
	const char *name = c->req->host;

	if (!name && c->req->profile)
		return load_host(c, c->req->profile);
	if (!name && env && *env)
		name = env;
	if (!name)
		name = persona_host(c->req->persona);
	if (!name)
		name = recorded && *recorded ? recorded : "demo";
	if (!valid_host_name(name, strlen(name)))
		return unknown_host(c, name);
	char *file = xasprintf("%s/hosts/%s.json", c->datadir, name);
	if (access(file, F_OK) != 0) {
		free(file);
		file = alias_file(c, name);
	}
	int rc = file ? load_host(c, file) : unknown_host(c, name);
	free(file);
	return rc;
}

/* --target, else the last -S TARGET_TRIPLE=: the target the user asks for; NULL if none. */
static const char *asked_target(const struct request *req)
{
	const char *t = req->platform;

	for (size_t i = 0; !t && i < req->sets.n; i++)
		if (str_starts(req->sets.v[req->sets.n - 1 - i], "TARGET_TRIPLE="))
			t = req->sets.v[req->sets.n - 1 - i] + strlen("TARGET_TRIPLE=");
	return t && *t ? t : NULL;
}

static int unknown_target(struct ctx *c, const char *target)
{
	char *dir = path_join(c->datadir, "targets");
	DIR *d = opendir(dir);
	struct buf b = BUF_INIT;
	struct dirent *e;

	while (d && (e = readdir(d)))
		if (str_ends(e->d_name, ".json") && e->d_name[0] != '.')
			buf_printf(&b, ", %.*s", (int)strlen(e->d_name) - 5, e->d_name);
	if (d)
		closedir(d);
	int rc = error(c->msgs, RC_USAGE,
		       "no platform record for target '%s'; recorded: native ('%s')%s", target,
		       ctx_var(c, "TARGET_TRIPLE"), b.len ? b.s : "");
	buf_release(&b);
	free(dir);
	return rc;
}

/*
 * targets/TARGET.json, the record of a toolchain found at modxs's build,
 * unless target is the native triple (platform.json, already loaded).
 */
static int target_record(struct ctx *c, const char *target, char **file)
{
	*file = NULL;
	if (strcmp(target, ctx_var(c, "TARGET_TRIPLE")) == 0)
		return RC_OK;
	*file = xasprintf("%s/targets/%s.json", c->datadir, target);
	if (valid_host_name(target, strlen(target)) && access(*file, F_OK) == 0)
		return RC_OK;
	free(*file);
	*file = NULL;
	return unknown_target(c, target);
}

static void host_release(struct host *h)
{
	char *strs[] = {h->name,    h->file,   h->description, h->cflags,	h->cxxflags,
			h->ldflags, h->libs,   h->launcher,    h->layout,	h->config_file,
			h->server,  h->target, h->addon_file,  h->addon_script, h->signature};
	for (size_t i = 0; i < sizeof(strs) / sizeof(*strs); i++)
		free(strs[i]);
	char *more[] = {h->directive,	h->load_tail,	h->section,	     h->section_arg,
			h->module_path, h->server_root, h->dropin.available, h->dropin.priority};
	for (size_t i = 0; i < sizeof(more) / sizeof(*more); i++)
		free(more[i]);
	fmt_release(&h->symbol_fmt);
	fmt_release(&h->load_fmt);
	fmt_release(&h->key_fmt);
	fmt_release(&h->module_file);
	fmt_release(&h->dropin.file);
	abi_release(&h->abi);
	strvec_release(&h->pkgs);
	strvec_release(&h->config_test);
	sources_release(&h->sources);
	strvec_release(&h->exports);
	strvec_release(&h->aliases);
	strvec_release(&h->includes);
	strvec_release(&h->keep_last);
	strvec_release(&h->dropin.enabled);
	strvec_release(&h->dropin.also);
}

/* Forget every variable and the host: a load starts again from the builtins. */
static void reset_records(struct ctx *c)
{
	vars_release(&c->vars);
	host_release(&c->host);
	free(c->launcher);
	c->launcher = NULL;
	memset(&c->vars, 0, sizeof(c->vars));
	memset(&c->host, 0, sizeof(c->host));
	vars_set(&c->vars, "MODXS_PREFIX", c->prefix, VAR_BUILTIN);
	vars_set(&c->vars, "MODXS_DATADIR", c->datadir, VAR_BUILTIN);
}

/* The platform record for target (NULL: native), then the host; -S comes later. */
static int load_records(struct ctx *c, const char *target)
{
	char *recorded = NULL, *file = NULL;
	int rc;

	reset_records(c);
	free(c->platform);
	c->platform = path_join(c->datadir, "platform.json");
	rc = load_platform(c, &recorded);
	if (!rc && target && !(rc = target_record(c, target, &file)) && file) {
		reset_records(c);
		free(c->platform);
		c->platform = file;
		free(recorded);
		recorded = NULL;
		rc = load_platform(c, &recorded);
	}
	if (!rc)
		rc = choose_host(c, recorded);
	free(recorded);
	return rc;
}

static int apply_sets(struct ctx *c)
{
	for (size_t i = 0; i < c->req->sets.n; i++) {
		char *err = NULL;
		if (!vars_override(&c->vars, c->req->sets.v[i], &err)) {
			int rc = error(c->msgs, RC_USAGE, "%s", err);
			free(err);
			return rc;
		}
	}
	return RC_OK;
}

/*
 * Expand every variable once, so that a cycle or a runaway value is one
 * error at load, naming the file that defined the variable, rather than an
 * empty string later where ctx_var() is used (an empty LIBEXECDIR would
 * install into '/'). Values stay cached, so this costs one pass.
 */
static int check_vars(struct ctx *c)
{
	for (size_t i = 0; i < c->vars.n; i++) {
		struct var *v = &c->vars.v[i];
		char *err = NULL;
		if (vars_get(&c->vars, v->name, &err))
			continue;
		int rc = error(c->msgs, RC_DATA, "'%s': %s",
			       v->origin == VAR_PLATFORM ? c->platform : c->host.file,
			       err ? err : "cannot expand a variable");
		free(err);
		return rc;
	}
	return RC_OK;
}

/* The start of every load: the request, the executable's prefix and the data dir. */
static int load_start(struct ctx *c, struct msgs *msgs, const struct request *req)
{
	memset(c, 0, sizeof(*c));
	c->req = req;
	c->msgs = msgs;
	c->exe_dir = self_dir();
	if (!c->exe_dir)
		return error(c->msgs, RC_DATA, "cannot find the running executable:");
	c->prefix = path_dir(c->exe_dir);
	return find_datadir(c);
}

int ctx_find_datadir(struct ctx *c, struct msgs *msgs, const struct request *req)
{
	return load_start(c, msgs, req);
}

int ctx_load_platform(struct ctx *c, struct msgs *msgs, const struct request *req)
{
	char *recorded = NULL;
	int rc = load_start(c, msgs, req);

	if (rc)
		return rc;
	reset_records(c);
	c->platform = path_join(c->datadir, "platform.json");
	rc = load_platform(c, &recorded);
	free(recorded);
	return rc;
}

int ctx_load(struct ctx *c, struct msgs *msgs, const struct request *req)
{
	int rc = load_start(c, msgs, req);

	if (rc)
		return rc;
	const char *target = asked_target(req);
	rc = load_records(c, target);
	/* A profile made for one target (apache-win) selects it, unless one was asked for. */
	if (!rc && !target && c->host.target && *c->host.target) {
		char *wanted = xstrdup(c->host.target);
		rc = load_records(c, wanted);
		free(wanted);
	}
	if (!rc)
		rc = apply_sets(c);
	if (!rc)
		rc = check_vars(c);
	return rc;
}

void ctx_release(struct ctx *c)
{
	host_release(&c->host);
	vars_release(&c->vars);
	free(c->exe_dir);
	free(c->prefix);
	free(c->datadir);
	free(c->launcher);
	free(c->platform);
}

char *ctx_expand(struct ctx *c, const char *s)
{
	char *err = NULL;
	char *v = vars_expand(&c->vars, s, &err);

	if (!v) {
		error(c->msgs, RC_DATA, "'%s': %s", c->host.file ? c->host.file : c->platform, err);
		free(err);
	}
	return v;
}

bool ctx_words(struct ctx *c, const char *s, struct strvec *out)
{
	char *v = ctx_expand(c, s);
	bool ok;

	if (!v)
		return false;
	ok = words_split(v, out);
	if (!ok)
		error(c->msgs, RC_DATA, "unterminated quote in '%s'", v);
	free(v);
	return ok;
}

const char *ctx_var(struct ctx *c, const char *name)
{
	const char *v = vars_get(&c->vars, name, NULL);
	return v ? v : "";
}
