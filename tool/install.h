/* install.h: -i, -e, -a, -A and --uninstall. */
#ifndef MODXS_INSTALL_H
#define MODXS_INSTALL_H

#include "record.h"

/* Install (with -i) each module of mods and activate it (with -a or -A). */
int install_run(struct ctx *c, const struct strvec *mods);
/* --uninstall NAME: remove the installed file and its activation. */
int install_uninstall(struct ctx *c, const char *name);
/* --deactivate NAME: comment out or disable the module's activation. */
int install_deactivate(struct ctx *c, const char *name);
/* --list: the modules the config names, with their state. */
int install_list(struct ctx *c);

#endif
