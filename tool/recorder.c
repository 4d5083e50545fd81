/* recorder.c: the table of the hosts modxs can record, each with its recorder. */
#include "recorder.h"

#include <stdlib.h>
#include <string.h>

/* Every host modxs can record; a new host adds its recorder here. */
static const struct recorder *const recorders[] = {
	&recorder_apache, &recorder_proftpd, &recorder_nginx,
	&recorder_recipe, /* last: the hosts described by data */
};
#define NRECORDERS (sizeof(recorders) / sizeof(*recorders))

const struct recorder *recorder_find(const char *datadir, const char *host)
{
	for (size_t i = 0; i < NRECORDERS; i++)
		if (recorders[i]->host ? strcmp(recorders[i]->host, host) == 0 :
					 recorders[i]->has(datadir, host))
			return recorders[i];
	return NULL;
}

void recorder_all(const char *datadir, struct strvec *out)
{
	for (size_t i = 0; i < NRECORDERS; i++)
		if (recorders[i]->host)
			strvec_push(out, recorders[i]->host);
		else
			recorders[i]->names(datadir, out);
}

const char *recorder_server(const struct recorder *rec, const char *host)
{
	return rec->server ? rec->server : host;
}

char *recorder_hint(struct msgs *msgs, const char *datadir, const char *host)
{
	const struct recorder *rec = recorder_find(datadir, host);
	struct recorder_env e = {msgs, NULL, "", host, datadir, datadir};
	struct strvec found = STRVEC_INIT;

	if (!rec)
		return xstrdup("");
	bool installed = rec->find(&e, NULL, &found);
	strvec_release(&found);
	if (installed)
		return xasprintf("; %s is installed: record it with 'modxs --record %s'",
				 recorder_server(rec, host), host);
	return xasprintf("; record it with 'modxs --record %s' once %s's build files are "
			 "installed",
			 host, recorder_server(rec, host));
}

char *recorder_names(const char *datadir)
{
	struct strvec all = STRVEC_INIT;
	struct buf b = BUF_INIT;

	recorder_all(datadir, &all);
	for (size_t i = 0; i < all.n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", all.v[i]);
	strvec_release(&all);
	return buf_detach(&b);
}
