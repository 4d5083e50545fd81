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
 * the same function looked up in the loaded library, as a pointer of the
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

/* The cJSON functions modxs calls (tool/plugin/json_table.c links them in). */
struct json_lib {
	JSON_FUNCS(JSON_MEMBER)
};

struct msgs;

/* Open libcjson by its soname, once; RC_DATA with one error line (to msgs) if it cannot be used. */
int json_lib_load(struct msgs *msgs);
/* cJSON_name's address in the loaded libcjson; aborts if json_lib_load() was not called. */
void *json_lib_sym(const char *name);

/* tool/plugin/json_table.c takes the functions' addresses and defines MODXS_JSON_DIRECT. */
#ifndef MODXS_JSON_DIRECT
#include <string.h>

/*
 * The dynamic loader keeps the binding, as it does for the functions of
 * every library modxs links: each call looks its function up (0.1-0.2 us;
 * a few hundred calls in a run that loads a profile) instead of keeping a
 * table in process-wide state. memcpy, as ISO C has no cast from void *
 * to a function pointer.
 */
#define JSON_LOOKUP(f)                                         \
	static inline __typeof__(cJSON_##f) *json_fn_##f(void) \
	{                                                      \
		__typeof__(cJSON_##f) *fn;                     \
		void *p = json_lib_sym("cJSON_" #f);           \
		memcpy(&fn, &p, sizeof(fn));                   \
		return fn;                                     \
	}
JSON_FUNCS(JSON_LOOKUP)

#define cJSON_ParseWithLength (json_fn_ParseWithLength())
#define cJSON_ParseWithLengthOpts (json_fn_ParseWithLengthOpts())
#define cJSON_Print (json_fn_Print())
#define cJSON_PrintUnformatted (json_fn_PrintUnformatted())
#define cJSON_Delete (json_fn_Delete())
#define cJSON_CreateObject (json_fn_CreateObject())
#define cJSON_CreateArray (json_fn_CreateArray())
#define cJSON_CreateString (json_fn_CreateString())
#define cJSON_AddItemToArray (json_fn_AddItemToArray())
#define cJSON_AddItemToObject (json_fn_AddItemToObject())
#define cJSON_AddArrayToObject (json_fn_AddArrayToObject())
#define cJSON_AddBoolToObject (json_fn_AddBoolToObject())
#define cJSON_AddNumberToObject (json_fn_AddNumberToObject())
#define cJSON_AddStringToObject (json_fn_AddStringToObject())
#define cJSON_AddTrueToObject (json_fn_AddTrueToObject())
#define cJSON_GetObjectItemCaseSensitive (json_fn_GetObjectItemCaseSensitive())
#define cJSON_GetStringValue (json_fn_GetStringValue())
#define cJSON_DeleteItemFromObjectCaseSensitive (json_fn_DeleteItemFromObjectCaseSensitive())
#define cJSON_ReplaceItemInArray (json_fn_ReplaceItemInArray())
#define cJSON_IsArray (json_fn_IsArray())
#define cJSON_IsNumber (json_fn_IsNumber())
#define cJSON_IsObject (json_fn_IsObject())
#define cJSON_IsString (json_fn_IsString())
#define cJSON_IsTrue (json_fn_IsTrue())
#endif

#endif
