/* json.h: cJSON, opened on first need rather than linked (include this, not cJSON.h). */
#ifndef MODXS_JSON_H
#define MODXS_JSON_H

#include <cjson/cJSON.h>

/*
 * modxs does not link libcjson: mapping it at start-up cost `modxs -q`
 * about a tenth of /bin/true's time, and a -q answered from the query
 * cache never parses JSON. main.c calls json_lib_load() before the first
 * run that reads a profile, so a missing library is one error before
 * anything is done, never a failure half-way. Packaging still sees the
 * dependency: LIBDIR/modxs/deps.so links libcjson (cmake/deps.cmake).
 *
 * Call sites keep cJSON's own names: each function below is a macro for
 * the member of the loaded table with the same name less "cJSON_", of the
 * header's own type, so a mismatch with cJSON.h cannot compile.
 */
#define JSON_FUNCS(X)                        \
	X(ParseWithLength)                   \
	X(ParseWithLengthOpts)               \
	X(Print)                             \
	X(PrintUnformatted)                  \
	X(Delete)                            \
	X(CreateObject)                      \
	X(CreateArray)                       \
	X(CreateString)                      \
	X(AddItemToArray)                    \
	X(AddItemToObject)                   \
	X(AddArrayToObject)                  \
	X(AddBoolToObject)                   \
	X(AddNumberToObject)                 \
	X(AddStringToObject)                 \
	X(AddTrueToObject)                   \
	X(GetObjectItemCaseSensitive)        \
	X(GetStringValue)                    \
	X(DeleteItemFromObjectCaseSensitive) \
	X(ReplaceItemInArray)                \
	X(IsArray)                           \
	X(IsNumber)                          \
	X(IsObject)                          \
	X(IsString)                          \
	X(IsTrue)

#define JSON_MEMBER(f) __typeof__(cJSON_##f) *f;

/* The cJSON functions modxs calls. */
struct json_lib {
	JSON_FUNCS(JSON_MEMBER)
};

/* Open libcjson by its soname, once; RC_DATA with one error line if it cannot be used. */
int json_lib_load(void);
/* The loaded functions; a run that never called json_lib_load() is a bug and aborts. */
const struct json_lib *json_lib(void);

/* tool/plugin/json_table.c takes the functions' addresses and defines MODXS_JSON_DIRECT. */
#ifndef MODXS_JSON_DIRECT
#define cJSON_ParseWithLength (json_lib()->ParseWithLength)
#define cJSON_ParseWithLengthOpts (json_lib()->ParseWithLengthOpts)
#define cJSON_Print (json_lib()->Print)
#define cJSON_PrintUnformatted (json_lib()->PrintUnformatted)
#define cJSON_Delete (json_lib()->Delete)
#define cJSON_CreateObject (json_lib()->CreateObject)
#define cJSON_CreateArray (json_lib()->CreateArray)
#define cJSON_CreateString (json_lib()->CreateString)
#define cJSON_AddItemToArray (json_lib()->AddItemToArray)
#define cJSON_AddItemToObject (json_lib()->AddItemToObject)
#define cJSON_AddArrayToObject (json_lib()->AddArrayToObject)
#define cJSON_AddBoolToObject (json_lib()->AddBoolToObject)
#define cJSON_AddNumberToObject (json_lib()->AddNumberToObject)
#define cJSON_AddStringToObject (json_lib()->AddStringToObject)
#define cJSON_AddTrueToObject (json_lib()->AddTrueToObject)
#define cJSON_GetObjectItemCaseSensitive (json_lib()->GetObjectItemCaseSensitive)
#define cJSON_GetStringValue (json_lib()->GetStringValue)
#define cJSON_DeleteItemFromObjectCaseSensitive (json_lib()->DeleteItemFromObjectCaseSensitive)
#define cJSON_ReplaceItemInArray (json_lib()->ReplaceItemInArray)
#define cJSON_IsArray (json_lib()->IsArray)
#define cJSON_IsNumber (json_lib()->IsNumber)
#define cJSON_IsObject (json_lib()->IsObject)
#define cJSON_IsString (json_lib()->IsString)
#define cJSON_IsTrue (json_lib()->IsTrue)
#endif

#endif
