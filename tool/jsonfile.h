/* jsonfile.h: JSON files read whole and parsed, their errors naming the file's lines. */
#ifndef MODXS_JSONFILE_H
#define MODXS_JSONFILE_H

#include "json.h"
#include "msg.h"

/* No JSON file modxs reads (a profile, a receipt) comes near this: a bigger one is an error. */
#define JSON_MAX_FILE (16u << 20)
/*
 * Parse a JSON file with cJSON. On failure prints "'FILE': line N, column
 * M: ..." (never the file's text) and returns NULL. The text is kept in
 * *text (caller frees) so later type errors can name lines.
 */
struct cJSON *json_load(struct msgs *msgs, const char *path, char **text);
/* The line in text where "key" (after "parent", if given) first appears. */
int json_line(const char *text, const char *parent, const char *key);

/* The line (from 1) of pos in text. */
int json_line_at(const char *text, const char *pos);

#endif
