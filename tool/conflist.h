/* conflist.h: --list: the modules a server's config loads, and the state of each. */
#ifndef MODXS_CONFLIST_H
#define MODXS_CONFLIST_H

#include "place.h"
#include "record.h"

/* Print the modules the config names, each with its state (--list). */
int conf_list(struct ctx *c, const struct conf_place *p);

#endif
