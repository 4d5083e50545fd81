/* report.c: the --json document, built with cJSON. */
#include "report.h"

#include "json.h"
#include <stdio.h>
#include <stdlib.h>

#include "msg.h"

static cJSON *doc;

static cJSON *section(const char *name)
{
	if (!msg_json())
		return NULL;
	if (!doc)
		doc = cJSON_CreateObject();
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, name);
	if (!arr)
		arr = cJSON_AddArrayToObject(doc, name);
	return arr;
}

void report_file(const char *kind, const char *path)
{
	cJSON *arr = section("files");
	if (!arr)
		return;
	cJSON *f = cJSON_CreateObject();
	cJSON_AddStringToObject(f, "kind", kind);
	cJSON_AddStringToObject(f, "path", path);
	cJSON_AddItemToArray(arr, f);
}

void report_command(char *const *argv, int exit_code)
{
	cJSON *arr = section("commands");
	if (!arr)
		return;
	cJSON *c = cJSON_CreateObject();
	cJSON *a = cJSON_AddArrayToObject(c, "argv");
	for (size_t i = 0; argv[i]; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(argv[i]));
	cJSON_AddNumberToObject(c, "exit", exit_code);
	cJSON_AddItemToArray(arr, c);
}

void report_edit(const char *file, const char *action, const char *line)
{
	cJSON *arr = section("edits");
	if (!arr)
		return;
	cJSON *e = cJSON_CreateObject();
	cJSON_AddStringToObject(e, "file", file);
	cJSON_AddStringToObject(e, "action", action);
	if (line)
		cJSON_AddStringToObject(e, "line", line);
	cJSON_AddItemToArray(arr, e);
}

void report_check(const char *name, bool ok, const char *detail)
{
	cJSON *arr = section("checks");
	if (!arr)
		return;
	cJSON *c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "name", name);
	cJSON_AddBoolToObject(c, "ok", ok);
	if (detail)
		cJSON_AddStringToObject(c, "detail", detail);
	cJSON_AddItemToArray(arr, c);
}

void report_set(const char *key, const char *value)
{
	if (!section("files"))
		return;
	cJSON_DeleteItemFromObjectCaseSensitive(doc, key);
	cJSON_AddStringToObject(doc, key, value);
}

void report_finish(int rc)
{
	if (!msg_json())
		return;
	if (!doc)
		doc = cJSON_CreateObject();
	cJSON_AddNumberToObject(doc, "exit", rc);
	char *s = cJSON_PrintUnformatted(doc);
	if (s)
		puts(s);
	free(s);
	cJSON_Delete(doc);
	doc = NULL;
}
