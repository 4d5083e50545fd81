/* report.c: the --json document, built with cJSON. */
#include "report.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

#include "msg.h"

static cJSON *section(struct msgs *m, const char *name)
{
	if (!m->json)
		return NULL;
	if (!m->doc)
		m->doc = cJSON_CreateObject();
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(m->doc, name);
	if (!arr)
		arr = cJSON_AddArrayToObject(m->doc, name);
	return arr;
}

void report_file(struct msgs *m, const char *kind, const char *path)
{
	cJSON *arr = section(m, "files");
	if (!arr)
		return;
	cJSON *f = cJSON_CreateObject();
	cJSON_AddStringToObject(f, "kind", kind);
	cJSON_AddStringToObject(f, "path", path);
	cJSON_AddItemToArray(arr, f);
}

void report_command(struct msgs *m, char *const *argv, int exit_code)
{
	cJSON *arr = section(m, "commands");
	if (!arr)
		return;
	cJSON *c = cJSON_CreateObject();
	cJSON *a = cJSON_AddArrayToObject(c, "argv");
	for (size_t i = 0; argv[i]; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(argv[i]));
	cJSON_AddNumberToObject(c, "exit", exit_code);
	cJSON_AddItemToArray(arr, c);
}

void report_edit(struct msgs *m, const char *file, const char *action, const char *line)
{
	cJSON *arr = section(m, "edits");
	if (!arr)
		return;
	cJSON *e = cJSON_CreateObject();
	cJSON_AddStringToObject(e, "file", file);
	cJSON_AddStringToObject(e, "action", action);
	if (line)
		cJSON_AddStringToObject(e, "line", line);
	cJSON_AddItemToArray(arr, e);
}

void report_check(struct msgs *m, const char *name, bool ok, const char *detail)
{
	cJSON *arr = section(m, "checks");
	if (!arr)
		return;
	cJSON *c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "name", name);
	cJSON_AddBoolToObject(c, "ok", ok);
	if (detail)
		cJSON_AddStringToObject(c, "detail", detail);
	cJSON_AddItemToArray(arr, c);
}

void report_set(struct msgs *m, const char *key, const char *value)
{
	if (!section(m, "files"))
		return;
	cJSON_DeleteItemFromObjectCaseSensitive(m->doc, key);
	cJSON_AddStringToObject(m->doc, key, value);
}

void report_finish(struct msgs *m, int rc)
{
	if (!m->json)
		return;
	if (!m->doc)
		m->doc = cJSON_CreateObject();
	cJSON_AddNumberToObject(m->doc, "exit", rc);
	char *s = cJSON_PrintUnformatted(m->doc);
	if (s)
		msg_out(m, "%s\n", s);
	free(s);
	cJSON_Delete(m->doc);
	m->doc = NULL;
}
