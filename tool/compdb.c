/* compdb.c: compile_commands.json, written or merged with cJSON. */
#include "compdb.h"

#include "json.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "outfile.h"
#include "util.h"

/* The existing database, or an empty array when there is none. */
static int load(struct msgs *msgs, const char *path, cJSON **out)
{
	FILE *f = fopen(path, "re");
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;

	*out = NULL;
	if (!f) {
		if (errno != ENOENT)
			return error(msgs, RC_BUILD, "cannot read '%s':", path);
		*out = cJSON_CreateArray();
		return RC_OK;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*out = cJSON_ParseWithLength(b.s ? b.s : "", b.len);
	buf_release(&b);
	if (!cJSON_IsArray(*out)) {
		cJSON_Delete(*out);
		*out = NULL;
		return error(msgs, RC_BUILD,
			     "'%s': not a JSON array of compile commands; "
			     "remove it to start afresh",
			     path);
	}
	return RC_OK;
}

static bool same_entry(const cJSON *e, const char *dir, const char *file)
{
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(e, "directory");
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(e, "file");

	return cJSON_IsString(d) && cJSON_IsString(f) && strcmp(d->valuestring, dir) == 0 &&
	       strcmp(f->valuestring, file) == 0;
}

static cJSON *make_entry(const char *dir, const struct compdb_entry *e)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *args = cJSON_CreateArray();

	cJSON_AddStringToObject(o, "directory", dir);
	for (size_t i = 0; e->argv[i]; i++)
		cJSON_AddItemToArray(args, cJSON_CreateString(e->argv[i]));
	cJSON_AddItemToObject(o, "arguments", args);
	cJSON_AddStringToObject(o, "file", e->file);
	cJSON_AddStringToObject(o, "output", e->output);
	return o;
}

/* Replace the entry for the same source, or append one. */
static void merge(cJSON *db, const char *dir, const struct compdb_entry *e)
{
	cJSON *fresh = make_entry(dir, e);
	int i = 0;
	const cJSON *it;

	cJSON_ArrayForEach(it, db) {
		if (same_entry(it, dir, e->file)) {
			cJSON_ReplaceItemInArray(db, i, fresh);
			return;
		}
		i++;
	}
	cJSON_AddItemToArray(db, fresh);
}

int compdb_update(struct msgs *msgs, const char *path, const char *dir,
		  const struct compdb_entry *e, size_t n)
{
	cJSON *db;
	char *text;
	int rc = load(msgs, path, &db);

	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		merge(db, dir, &e[i]);
	text = cJSON_Print(db);
	cJSON_Delete(db);
	if (!text)
		return error(msgs, RC_INTERNAL, "cannot format '%s'", path);
	struct buf b = BUF_INIT;
	buf_puts(&b, text);
	buf_putc(&b, '\n');
	free(text);
	rc = outfile_write(msgs, path, b.s, b.len, 0644);
	buf_release(&b);
	return rc;
}
