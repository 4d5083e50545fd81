/* place.h: where one run's config edits go: the layout, SYSCONFDIR, DESTDIR and the main config. */
#ifndef MODXS_PLACE_H
#define MODXS_PLACE_H

#include <stdbool.h>

#include "receipt.h"
#include "record.h"
#include "util.h"

/* How a server's config names its modules. */
enum layout {
	LAYOUT_SINGLE,	/* one file, LoadModule lines in it (upstream httpd.conf) */
	LAYOUT_DEBIAN,	/* config.dropin: mods-available/NAME.load, linked from mods-enabled/ */
	LAYOUT_FEDORA,	/* conf.modules.d/NN-NAME.conf */
	LAYOUT_PROFTPD, /* LoadModule mod_NAME.c inside <IfModule mod_dso.c> */
	LAYOUT_DEMO,	/* the demo host's own file: LoadModule NAME PATH */
};

/* Where one run's config edits go. */
struct conf_place {
	enum layout layout;
	char *destdir;	       /* "" when none */
	char *sysconfdir;      /* final, without destdir */
	char *config;	       /* the main config file, final */
	char *avail;	       /* the Debian layout's dir of module files, final */
	struct strvec enabled; /* the dirs that link them, final */
};

/* The layout's name ("single", "debian", ...). */
const char *conf_layout_name(enum layout l);
/*
 * Work out the layout (--layout, then the profile, then what is on disk at
 * SYSCONFDIR) and the config file. RC_USAGE for an unknown --layout.
 */
int conf_place_init(struct ctx *c, const char *destdir, struct conf_place *p);
/* Free the place. */
void conf_place_release(struct conf_place *p);
/* The path under DESTDIR where the final path is written, as a new string. */
char *conf_place_staged(const struct conf_place *p, const char *final);
/* True for the layouts that give each module its own file in a dir (Debian, Fedora). */
bool conf_place_drop_in(const struct conf_place *p);
/*
 * Before --uninstall removes anything: the config r recorded its LoadModule
 * line in (single-file layouts; p->config once taken from r) must be
 * readable, or the module would go while that config, moved or renamed,
 * may still load it. RC_OK when it is, when r recorded none, or with
 * --force; else RC_CONF naming it.
 */
int conf_check_recorded(struct ctx *c, const struct conf_place *p, const struct receipt *r);

#endif
