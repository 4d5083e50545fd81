/*
 * rec_recipe.c: the recorder of the hosts described by data alone. Each
 * is a recipe, recipes/HOST.json in the data dir: a version 2 profile with
 * a "record" object that says when the host is here ("requires": files
 * that must exist) and how its vars are found ("run": a command per var,
 * "match": the regular expression whose first group is the value).
 * modxs-profile(5) describes it; this file knows no host by name.
 */
#include <ctype.h>
#include <dirent.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fileio.h"
#include "proc.h"
#include "recorder.h"

/* Passes of $(NAME) expansion, as many as the build's recipe code made. */
#define EXPAND_PASSES 9
/* jsoncpp's right margin: a longer array is written one value a line. */
#define RIGHT_MARGIN 74

/* A host name that can be a recipe's: a file name of its own, nothing more. */
static bool recipe_name_ok(const char *host)
{
	return *host && *host != '.' && !strchr(host, '/');
}

/* datadir/recipes/HOST.json, a new string. */
static char *recipe_path(const char *datadir, const char *host)
{
	return xasprintf("%s/recipes/%s.json", datadir, host);
}

static bool has_recipe(const char *datadir, const char *host)
{
	struct stat st;
	char *path;
	bool ok;

	if (!datadir || !recipe_name_ok(host))
		return false;
	path = recipe_path(datadir, host);
	ok = stat(path, &st) == 0 && S_ISREG(st.st_mode);
	free(path);
	return ok;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The hosts of the recipes in datadir, sorted, appended to out. */
static void recipe_names(const char *datadir, struct strvec *out)
{
	struct strvec found = STRVEC_INIT;
	char *dir = xasprintf("%s/recipes", datadir);
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (len <= 5 || !str_ends(de->d_name, ".json"))
			continue;
		char *host = xstrndup(de->d_name, len - 5);
		if (has_recipe(datadir, host))
			strvec_push_owned(&found, host);
		else
			free(host);
	}
	if (d)
		closedir(d);
	if (found.n)
		qsort(found.v, found.n, sizeof(*found.v), by_name);
	for (size_t i = 0; i < found.n; i++)
		strvec_push(out, found.v[i]);
	strvec_release(&found);
	free(dir);
}

/* The recipe at path, parsed; NULL when it cannot be read or is not an object. */
static cJSON *recipe_load(const char *path)
{
	size_t len = 0;
	char *text = file_read_max(path, 1u << 20, &len);
	cJSON *root = text ? cJSON_ParseWithLength(text, len) : NULL;

	free(text);
	if (root && !cJSON_IsObject(root)) {
		cJSON_Delete(root);
		root = NULL;
	}
	return root;
}

/* The member key of the object at path in root ("record", "run"), or NULL. */
static const cJSON *member(const cJSON *obj, const char *key)
{
	return obj ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
}

/*
 * text with each $(NAME) replaced by the recipe's var NAME ("" when it has
 * none), the first name found each pass and all its uses at once.
 */
static char *recipe_expand(const cJSON *root, const char *text)
{
	char *s = xstrdup(text);

	for (int pass = 0; pass < EXPAND_PASSES; pass++) {
		const char *p = s, *name = NULL;
		size_t len = 0;
		while (!name && (p = strstr(p, "$("))) {
			len = strspn(p + 2, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
					    "0123456789_");
			if (len && p[2 + len] == ')')
				name = p + 2;
			else
				p += 2;
		}
		if (!name)
			break;
		char *key = xstrndup(name, len), *ref = xasprintf("$(%s)", key);
		const char *value = cJSON_GetStringValue(member(member(root, "vars"), key));
		struct buf b = BUF_INIT;
		const char *from = s, *at;
		while ((at = strstr(from, ref))) {
			buf_add(&b, from, (size_t)(at - from));
			buf_puts(&b, value ? value : "");
			from = at + strlen(ref);
		}
		buf_puts(&b, from);
		free(s);
		s = b.s ? buf_detach(&b) : xstrdup("");
		free(ref);
		free(key);
	}
	return s;
}

/*
 * The recipe (from, else the data dir's) and every file its "requires"
 * names, under the root: found when all are there.
 */
static bool find_recipe(const struct recorder_env *e, const char *from, struct strvec *found)
{
	char *path = from ? xstrdup(from) : recipe_path(e->datadir, e->host);
	cJSON *root = recipe_load(path);
	const cJSON *req = member(member(root, "record"), "requires"), *it;
	bool here = cJSON_IsArray(req) && req->child;

	strvec_push_owned(found, path);
	cJSON_ArrayForEach(it, req) {
		char *file = cJSON_IsString(it) ? recipe_expand(root, it->valuestring) : NULL;
		here = here && file && recorder_exists(e, file);
		if (here)
			strvec_push_owned(found, recorder_path(e, file));
		free(file);
	}
	if (root)
		cJSON_Delete(root);
	return here;
}

/* What the build's recipe code stripped: blanks at both ends, in place. */
static void strip(struct buf *b)
{
	size_t start = 0;

	while (b->len && isspace((unsigned char)b->s[b->len - 1]))
		b->s[--b->len] = '\0';
	while (start < b->len && isspace((unsigned char)b->s[start]))
		start++;
	memmove(b->s, b->s + start, b->len - start + 1);
	b->len -= start;
}

/*
 * The value of one "run" command: its stdout and stderr, or the first
 * group of match in them. False when it has none (the program failed, or
 * match did not match), and the recipe's own value stays.
 */
static bool run_value(const struct recorder_env *e, char **argv, const char *match,
		      struct recording *r, struct buf *out)
{
	regex_t re;
	regmatch_t m[2];
	int status = -1;
	char *prog = recorder_path(e, argv[0]);

	if ((argv[0][0] != '/' && !*e->root) || recorder_exists(e, argv[0])) {
		char *saved = argv[0];
		argv[0] = prog;
		status = spawn_capture(argv, out);
		argv[0] = saved;
		if (!strvec_has(&r->sources, prog))
			strvec_push(&r->sources, prog);
	}
	free(prog);
	if (!out->s)
		buf_puts(out, "");
	if (!match)
		return status == 0;
	if (regcomp(&re, match, REG_EXTENDED) != 0)
		return false;
	bool ok = regexec(&re, out->s, 2, m, 0) == 0;
	regfree(&re);
	if (ok) {
		size_t len = m[1].rm_so < 0 ? 0 : (size_t)(m[1].rm_eo - m[1].rm_so);
		memmove(out->s, out->s + (m[1].rm_so < 0 ? 0 : m[1].rm_so), len);
		out->s[len] = '\0';
		out->len = len;
	}
	return ok;
}

/* Set var of the recipe's vars to value. */
static void set_var(cJSON *root, const char *var, const char *value)
{
	cJSON *vars = cJSON_GetObjectItemCaseSensitive(root, "vars");

	if (!cJSON_IsObject(vars))
		return;
	cJSON_DeleteItemFromObjectCaseSensitive(vars, var);
	cJSON_AddStringToObject(vars, var, value);
}

static int by_key(const void *a, const void *b)
{
	return strcmp((*(cJSON *const *)a)->string, (*(cJSON *const *)b)->string);
}

/* The members of obj sorted by key, as jsoncpp keeps them; *n set. Caller frees. */
static cJSON **sorted_members(const cJSON *obj, size_t *n)
{
	cJSON *it, **v;

	*n = 0;
	cJSON_ArrayForEach(it, obj)
		(*n)++;
	v = xcalloc(*n ? *n : 1, sizeof(*v));
	*n = 0;
	cJSON_ArrayForEach(it, obj)
		v[(*n)++] = it;
	if (*n)
		qsort(v, *n, sizeof(*v), by_key);
	return v;
}

/* Each var of "run", in the order the build's recipe code took them (sorted). */
static int run_all(const struct recorder_env *e, cJSON *root, const char *path, struct recording *r)
{
	const cJSON *rec = member(root, "record"), *run = member(rec, "run");
	const cJSON *match = member(rec, "match");
	size_t n;
	cJSON **vars = sorted_members(run, &n);
	int rc = RC_OK;

	for (size_t i = 0; i < n && !rc; i++) {
		struct strvec argv = STRVEC_INIT;
		struct buf out = BUF_INIT;
		const cJSON *m = member(match, vars[i]->string), *a;
		if (!cJSON_IsArray(vars[i]) || !vars[i]->child || (m && !cJSON_IsString(m)))
			rc = error(e->msgs, RC_DATA, "'%s': record.run.%s is not a command", path,
				   vars[i]->string);
		cJSON_ArrayForEach(a, vars[i]) {
			if (!rc && !cJSON_IsString(a))
				rc = error(e->msgs, RC_DATA, "'%s': record.run.%s is not a command",
					   path, vars[i]->string);
			if (!rc)
				strvec_push_owned(&argv, recipe_expand(root, a->valuestring));
		}
		if (!rc && run_value(e, argv.v, m ? m->valuestring : NULL, r, &out)) {
			strip(&out);
			set_var(root, vars[i]->string, out.s);
		}
		buf_release(&out);
		strvec_release(&argv);
	}
	free(vars);
	return rc;
}

static int record_recipe(const struct recorder_env *e, const struct strvec *found,
			 struct recording *r)
{
	const char *path = found->v[0];
	cJSON *root = recipe_load(path);
	const char *desc = cJSON_GetStringValue(member(root, "description"));
	int rc;

	if (!root || !desc)
		return error(e->msgs, RC_DATA, "'%s': not a recipe (a profile with a description)",
			     path);
	/*
	 * Not the recipe itself: a build tree's copy names a file that is gone
	 * once modxs is installed, and a new recipe comes with a new modxs,
	 * whose install records again.
	 */
	for (size_t i = 1; i < found->n; i++)
		strvec_push(&r->sources, found->v[i]);
	if ((rc = run_all(e, root, path, r))) {
		cJSON_Delete(root);
		return rc;
	}
	r->description = xasprintf("%s, recorded from %s", desc, path);
	cJSON_DeleteItemFromObjectCaseSensitive(root, "description");
	cJSON_AddStringToObject(root, "description", r->description);
	cJSON_DeleteItemFromObjectCaseSensitive(root, "record");
	r->tree = root;
	return RC_OK;
}

const struct recorder recorder_recipe = {
	.has = has_recipe,
	.names = recipe_names,
	.find = find_recipe,
	.record = record_recipe,
};

/* ---------------------------------------------------------------- styled JSON */

/* The state of jsoncpp's BuiltStyledStreamWriter, "  " indentation. */
struct styled {
	struct buf *b;
	int depth;
	bool indented;
};

/* s as jsoncpp quotes it: non-ASCII as \u escapes, '/' as it is. */
static void styled_quote(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	buf_putc(b, '"');
	while (*p) {
		unsigned cp = *p++;
		int more = cp >= 0xf0 ? 3 : cp >= 0xe0 ? 2 : cp >= 0xc0 ? 1 : 0;
		if (cp >= 0x80) {
			cp &= 0x3fu >> more;
			for (int i = 0; i < more; i++) {
				if ((*p & 0xc0) != 0x80) {
					cp = 0xfffd;
					break;
				}
				cp = (cp << 6) | (*p++ & 0x3fu);
			}
			if (!more)
				cp = 0xfffd;
		}
		const char *esc = cp == '"'  ? "\\\"" :
				  cp == '\\' ? "\\\\" :
				  cp == '\b' ? "\\b" :
				  cp == '\f' ? "\\f" :
				  cp == '\n' ? "\\n" :
				  cp == '\r' ? "\\r" :
				  cp == '\t' ? "\\t" :
					       NULL;
		if (esc)
			buf_puts(b, esc);
		else if (cp < 0x20 || (cp >= 0x80 && cp < 0x10000))
			buf_printf(b, "\\u%04x", cp);
		else if (cp >= 0x10000)
			buf_printf(b, "\\u%04x\\u%04x", 0xd800 + ((cp - 0x10000) >> 10),
				   0xdc00 + ((cp - 0x10000) & 0x3ff));
		else
			buf_putc(b, (char)cp);
	}
	buf_putc(b, '"');
}

/* A value with no children, or an empty array or object, as one token. */
static void styled_scalar(struct buf *b, const cJSON *v)
{
	switch (v->type & 0xff) {
	case cJSON_False:
		buf_puts(b, "false");
		break;
	case cJSON_True:
		buf_puts(b, "true");
		break;
	case cJSON_Number:
		if (v->valuedouble == (double)(long long)v->valuedouble)
			buf_printf(b, "%lld", (long long)v->valuedouble);
		else
			buf_printf(b, "%.17g", v->valuedouble);
		break;
	case cJSON_String:
		styled_quote(b, v->valuestring);
		break;
	case cJSON_Array:
		buf_puts(b, "[]");
		break;
	case cJSON_Object:
		buf_puts(b, "{}");
		break;
	default:
		buf_puts(b, "null");
	}
}

static void styled_indent(struct styled *st)
{
	buf_putc(st->b, '\n');
	for (int i = 0; i < st->depth; i++)
		buf_puts(st->b, "  ");
}

static void styled_with_indent(struct styled *st, const char *text)
{
	if (!st->indented)
		styled_indent(st);
	buf_puts(st->b, text);
	st->indented = false;
}

static void styled_value(struct styled *st, const cJSON *v);

static void styled_object(struct styled *st, const cJSON *v)
{
	size_t n;
	cJSON **m = sorted_members(v, &n);

	styled_with_indent(st, "{");
	st->depth++;
	for (size_t i = 0; i < n; i++) {
		struct buf key = BUF_INIT;
		styled_quote(&key, m[i]->string);
		styled_with_indent(st, key.s);
		buf_release(&key);
		buf_puts(st->b, " : ");
		styled_value(st, m[i]);
		if (i + 1 < n)
			buf_putc(st->b, ',');
	}
	st->depth--;
	styled_with_indent(st, "}");
	free(m);
}

/* An array: on one line when short and flat, else one value a line. */
static void styled_array(struct styled *st, const cJSON *v)
{
	struct strvec items = STRVEC_INIT;
	size_t len, n = 0;
	const cJSON *it;
	bool multi;

	cJSON_ArrayForEach(it, v)
		n++;
	multi = n * 3 >= RIGHT_MARGIN;
	cJSON_ArrayForEach(it, v)
		multi = multi || ((cJSON_IsArray(it) || cJSON_IsObject(it)) && it->child);
	if (!multi) {
		len = 4 + (n - 1) * 2;
		cJSON_ArrayForEach(it, v) {
			struct buf b = BUF_INIT;
			styled_scalar(&b, it);
			len += b.len;
			strvec_push_owned(&items, buf_detach(&b));
		}
		multi = len >= RIGHT_MARGIN;
	}
	if (!multi) {
		buf_puts(st->b, "[ ");
		for (size_t i = 0; i < items.n; i++)
			buf_printf(st->b, "%s%s", i ? ", " : "", items.v[i]);
		buf_puts(st->b, " ]");
		strvec_release(&items);
		return;
	}
	styled_with_indent(st, "[");
	st->depth++;
	size_t i = 0;
	cJSON_ArrayForEach(it, v) {
		if (items.n)
			styled_with_indent(st, items.v[i]);
		else {
			if (!st->indented)
				styled_indent(st);
			st->indented = true;
			styled_value(st, it);
			st->indented = false;
		}
		if (++i < n)
			buf_putc(st->b, ',');
	}
	st->depth--;
	styled_with_indent(st, "]");
	strvec_release(&items);
}

static void styled_value(struct styled *st, const cJSON *v)
{
	if ((cJSON_IsArray(v) || cJSON_IsObject(v)) && v->child) {
		if (cJSON_IsArray(v))
			styled_array(st, v);
		else
			styled_object(st, v);
		return;
	}
	styled_scalar(st->b, v);
}

void recipe_json_styled(struct buf *b, const cJSON *v)
{
	struct styled st = {b, 0, true};

	styled_value(&st, v);
}
