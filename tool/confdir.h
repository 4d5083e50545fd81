/* confdir.h: the dirs a server includes every file of (mods-enabled, conf.modules.d). */
#ifndef MODXS_CONFDIR_H
#define MODXS_CONFDIR_H

#include "conf.h"
#include "msg.h"

#include "util.h"

/* Append the files of dir whose names end with suffix, then sort out; none when dir cannot be read. */
void confdir_files(const char *dir, const char *suffix, struct strvec *out);
/*
 * Before a module is disabled: no file in dir whose name ends in one of
 * suffixes (what the server includes from there), other than the files
 * named in own (the module's, which the caller changes), may load it. One
 * that does is the administrator's to change, so it is RC_CONF after an
 * error naming its line, before anything changed.
 */
int confdir_check_unloaded(struct msgs *msgs, const struct conf_syntax *syn, const char *dir,
			   const char *const *suffixes, const char *const *own, const char *key);

#endif
