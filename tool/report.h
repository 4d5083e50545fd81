/* report.h: the --json document: files, commands, edits and checks of a run. */
#ifndef MODXS_REPORT_H
#define MODXS_REPORT_H

#include <stdbool.h>

#include "msg.h"

/*
 * One document per run, kept in msgs and printed on its MSG_OUT at exit when
 * msgs->json is on. Every function is a no-op when it is off. Schema: modxs(1), JSON OUTPUT.
 */

/* A file the run produced or installed; kind: "object", "module", "la", "config", ... */
void report_file(struct msgs *msgs, const char *kind, const char *path);
/* A command the run executed (or would, under --dry-run), as its argv. */
void report_command(struct msgs *msgs, char *const *argv, int exit_code);
/* A config edit: the file, what was done ("activate", "deactivate", ...), the line. */
void report_edit(struct msgs *msgs, const char *file, const char *action, const char *line);
/* A check and its outcome; detail may be NULL. */
void report_check(struct msgs *msgs, const char *name, bool ok, const char *detail);
/* A free-form string value at the top level ("module": "x"). */
void report_set(struct msgs *msgs, const char *key, const char *value);
/* Print the document with the run's exit code; frees it. */
void report_finish(struct msgs *msgs, int rc);

#endif
