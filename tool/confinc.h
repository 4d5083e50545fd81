/* confinc.h: the files a config reads through its include directives (Include, IncludeOptional). */
#ifndef MODXS_CONFINC_H
#define MODXS_CONFINC_H

#include "conf.h"
#include "place.h"
#include "record.h"

/*
 * The files the main config of p reads, as final paths: itself first, then
 * what its include directives (config.include) name, depth first, each
 * glob and dir in name order, relative names against the server root
 * (config.server_root, else the config's dir). Files in the drop-in dirs
 * of the Debian and Fedora layouts are left to those layouts. A loop, or
 * a file that is not there for a directive that needs one, is RC_CONF
 * after one error naming the including line.
 */
int confinc_walk(struct ctx *c, const struct conf_place *p, struct strvec *files);
/* The module lines of each file of a walk: m[i], n[i] of them, for files->v[i]. */
struct confinc_mods {
	struct conf_module **m;
	size_t *n;
	size_t count;
};
#define CONFINC_MODS_INIT     \
	{                     \
		NULL, NULL, 0 \
	}
/*
 * confinc_walk, reading each file's module lines (as conf_scan_file) in
 * the same pass into mods, one entry per file found.
 */
int confinc_walk_mods(struct ctx *c, const struct conf_place *p, struct strvec *files,
		      struct confinc_mods *mods);
/* Free what confinc_walk_mods read. */
void confinc_mods_release(struct confinc_mods *mods);
/* The last value of directive name in the main config or a file it includes; *out NULL when none. */
int confinc_directive(struct ctx *c, const struct conf_place *p, const char *name, char **out);
/* The server root relative include paths resolve against: config.server_root, or the config's dir. */
char *confinc_root(struct ctx *c, const struct conf_place *p);

#endif
