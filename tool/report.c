/* report.c: the --json document, built with cJSON. */
#include "report.h"

#include "json.h"
#include <stdlib.h>

#include "msg.h"

static cJSON *section(struct msgs *msgs, const char *name)
{
	if (!msgs->json)
		return NULL;
	if (!msgs->doc)
		msgs->doc = cJSON_CreateObject();
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(msgs->doc, name);
	if (!arr)
		arr = cJSON_AddArrayToObject(msgs->doc, name);
	return arr;
}

void report_file(struct msgs *msgs, const char *kind, const char *path)
{
	cJSON *arr = section(msgs, "files");
	if (!arr)
		return;
	cJSON *f = cJSON_CreateObject();
	cJSON_AddStringToObject(f, "kind", kind);
	cJSON_AddStringToObject(f, "path", path);
	cJSON_AddItemToArray(arr, f);
}

void report_command(struct msgs *msgs, char *const *argv, int exit_code)
{
	cJSON *arr = section(msgs, "commands");
	if (!arr)
		return;
	cJSON *c = cJSON_CreateObject();
	cJSON *a = cJSON_AddArrayToObject(c, "argv");
	for (size_t i = 0; argv[i]; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(argv[i]));
	cJSON_AddNumberToObject(c, "exit", exit_code);
	cJSON_AddItemToArray(arr, c);
}

void report_edit(struct msgs *msgs, const char *file, const char *action, const char *line)
{
	cJSON *arr = section(msgs, "edits");
	if (!arr)
		return;
	cJSON *e = cJSON_CreateObject();
	cJSON_AddStringToObject(e, "file", file);
	cJSON_AddStringToObject(e, "action", action);
	if (line)
		cJSON_AddStringToObject(e, "line", line);
	cJSON_AddItemToArray(arr, e);
}

void report_check(struct msgs *msgs, const char *name, bool ok, const char *detail)
{
	cJSON *arr = section(msgs, "checks");
	if (!arr)
		return;
	cJSON *c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "name", name);
	cJSON_AddBoolToObject(c, "ok", ok);
	if (detail)
		cJSON_AddStringToObject(c, "detail", detail);
	cJSON_AddItemToArray(arr, c);
}

void report_set(struct msgs *msgs, const char *key, const char *value)
{
	if (!section(msgs, "files"))
		return;
	cJSON_DeleteItemFromObjectCaseSensitive(msgs->doc, key);
	cJSON_AddStringToObject(msgs->doc, key, value);
}

void report_finish(struct msgs *msgs, int rc)
{
	if (!msgs->json)
		return;
	if (!msgs->doc)
		msgs->doc = cJSON_CreateObject();
	cJSON_AddNumberToObject(msgs->doc, "exit", rc);
	char *s = cJSON_PrintUnformatted(msgs->doc);
	if (s)
		msg_out(msgs, "%s\n", s);
	free(s);
	cJSON_Delete(msgs->doc);
	msgs->doc = NULL;
}
