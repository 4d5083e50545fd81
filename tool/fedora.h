/* fedora.h: the Fedora layout: one drop-in per module, conf.modules.d/NN-NAME.conf. */
#ifndef MODXS_FEDORA_H
#define MODXS_FEDORA_H

#include "conf.h"
#include "journal.h"
#include "place.h"
#include "receipt.h"
#include "record.h"

/*
 * Make module name's activation under p follow a in its drop-in (an
 * existing NN-NAME.conf, else 10-NAME.conf): key and line are its
 * LoadModule argument and line (line NULL when a turns it off).
 * --uninstall deletes the drop-in. Runs the config test after a change;
 * records the edits in r when given.
 */
int fedora_edit(struct ctx *c, struct journal *j, const struct conf_place *p, enum conf_action a,
		const char *name, const char *key, const char *line, struct receipt *r);

#endif
