/* conftest.h: the server's own check of an edited config (apachectl -t, proftpd -t). */
#ifndef MODXS_CONFTEST_H
#define MODXS_CONFTEST_H

#include "place.h"
#include "record.h"

/*
 * Run the host's config test on p's main config, unless there is none, it
 * is off (--no-config-test, --dry-run, a DESTDIR) or the server is not
 * installed. When the server rejects the config, prints its words and an
 * error and returns RC_CONFTEST: the caller's transaction puts back every
 * file of the run, this config included.
 */
int conftest_run(struct ctx *c, const struct conf_place *p);

#endif
