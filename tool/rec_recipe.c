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
#include "recording.h"

/* Passes of $(NAME) expansion, as many as the build's recipe code made. */
#define EXPAND_PASSES 9

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

/* Each var of "run", in the order the build's recipe code took them (sorted). */
static int run_all(const struct recorder_env *e, cJSON *root, const char *path, struct recording *r)
{
	const cJSON *rec = member(root, "record"), *run = member(rec, "run");
	const cJSON *match = member(rec, "match");
	size_t n;
	cJSON **vars = recording_sorted_members(run, &n);
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
