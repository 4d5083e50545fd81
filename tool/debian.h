/* debian.h: the Debian layout: mods-available/NAME.load, enabled by links in mods-enabled/. */
#ifndef MODXS_DEBIAN_H
#define MODXS_DEBIAN_H

#include "conf.h"
#include "journal.h"
#include "place.h"
#include "receipt.h"
#include "record.h"

/*
 * Make module name's activation under p follow a, as a2enmod and a2dismod
 * would: key and line are its LoadModule argument and line (line NULL when
 * a turns it off). Writes mods-available/NAME.load for -a and -A, links it
 * (and NAME.conf when there is one) from mods-enabled for -a, unlinks for
 * --deactivate and --uninstall, which also deletes NAME.load. Runs the
 * config test after -a changed something; records the edits in r when given.
 */
int debian_edit(struct ctx *c, struct journal *j, const struct conf_place *p, enum conf_action a,
		const char *name, const char *key, const char *line, struct receipt *r);

#endif
