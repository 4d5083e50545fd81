/*
 * recording.c: a profile being recorded: the helpers a host's recorder
 * reads the server's files with, and the profile's JSON text, written as
 * modxs-profile(5) says or, for one recorded as a whole tree, in the
 * layout CMake's string(JSON) wrote.
 */
#include "recording.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fileio.h"
#include "lock.h"
#include "proc.h"
#include "words.h"

/* jsoncpp's right margin: a longer array is written one value a line. */
#define RIGHT_MARGIN 74

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
	strvec_release(&r->keep_last);
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
	if (r->keep_last.n) {
		buf_puts(&b, ",\n    \"keep_last\": ");
		json_strv(&b, &r->keep_last);
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

int recorder_write(struct msgs *msgs, const char *path, const char *text, bool *changed)
{
	struct lock lk = LOCK_INIT;
	size_t len = 0;
	char *old = file_read_max(path, RECORDING_MAX_PROFILE, &len);
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

static int by_key(const void *a, const void *b)
{
	return strcmp((*(cJSON *const *)a)->string, (*(cJSON *const *)b)->string);
}

cJSON **recording_sorted_members(const cJSON *obj, size_t *n)
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
	cJSON **m = recording_sorted_members(v, &n);

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
