/*
 * json_table.c: the cJSON functions linked in, for the unit tests and fuzz
 * replays (and modxs built with MODXS_STATIC_DEPS), which then open no
 * library at run time (json.h). The plugin holds it too, unused, so that
 * its DT_NEEDED names libcjson for packaging, with the symbols modxs needs.
 */
#define MODXS_JSON_DIRECT 1
#include "json.h"

#define JSON_ADDR(f) .f = cJSON_##f,

/* Declared here too, so the definition is checked against deps.c's use of it. */
extern const struct json_lib modxs_json_table;

const struct json_lib modxs_json_table = {JSON_FUNCS(JSON_ADDR)};
