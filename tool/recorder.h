/* recorder.h: the hosts modxs can record, each with its recorder. */
#ifndef MODXS_RECORDER_H
#define MODXS_RECORDER_H

#include "recording.h"

/*
 * The recorders of apache (rec_apache.c), proftpd (rec_proftpd.c), the
 * host of rec_nginx.c (whose recording runs the server's configure, which
 * no recipe says) and of each host with a recipe in the data dir's
 * recipes/ (rec_recipe.c).
 */
extern const struct recorder recorder_apache;
extern const struct recorder recorder_proftpd;
extern const struct recorder recorder_nginx;
extern const struct recorder recorder_recipe;

/* The recorder of host (recipes read from datadir), or NULL when modxs cannot record it. */
const struct recorder *recorder_find(const char *datadir, const char *host);
/*
 * Advice for an unknown host: how to record it, when modxs can (a new
 * string, "" when it cannot). Looks for the server's files on this machine.
 */
char *recorder_hint(struct msgs *msgs, const char *datadir, const char *host);
/* Every host modxs can record, in the order a run without names records them, appended to out. */
void recorder_all(const char *datadir, struct strvec *out);
/* The names of the hosts modxs records, comma-separated, for messages: a new string. */
char *recorder_names(const char *datadir);
/* The server of host (recorded by rec) as messages name it. */
const char *recorder_server(const struct recorder *rec, const char *host);

#endif
