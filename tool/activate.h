/* activate.h: turning a module's LoadModule line on or off in whatever layout the server has. */
#ifndef MODXS_ACTIVATE_H
#define MODXS_ACTIVATE_H

#include "conf.h"
#include "journal.h"
#include "msg.h"
#include "place.h"
#include "receipt.h"
#include "record.h"

/*
 * Make module name's activation follow action, for the module installed
 * at final path module (NULL for CONF_DEACTIVATE and CONF_REMOVE): one
 * transaction per file, followed by the config test. Records the edit in
 * r when r is given.
 */
int conf_module_edit(struct ctx *c, struct journal *j, const struct conf_place *p,
		     enum conf_action action, const char *name, const char *module,
		     struct receipt *r);
/*
 * RC_OK if path can be written as one word of a config line (quoted when it
 * has blanks); else prints why not and returns RC_INSTALL.
 */
int conf_check_path(struct msgs *msgs, const char *path);
/* The symbol the host knows module name by (module.symbol: "x_module"), as a new string. */
char *conf_module_symbol(struct ctx *c, const char *name);

#endif
