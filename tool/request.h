/* request.h: what one run is asked to do, and the persona it speaks as. */
#ifndef MODXS_REQUEST_H
#define MODXS_REQUEST_H

#include <stdbool.h>

#include "util.h"

enum persona {
	PERSONA_MODXS,
	PERSONA_APXS,
	PERSONA_PRXS,
};

/* What to do; several may be combined, as in apxs -c -i -a. */
enum mode {
	MODE_QUERY = 1 << 0,	  /* -q */
	MODE_GENERATE = 1 << 1,	  /* -g */
	MODE_COMPILE = 1 << 2,	  /* -c */
	MODE_INSTALL = 1 << 3,	  /* -i */
	MODE_EDIT = 1 << 4,	  /* -e: edit the config only */
	MODE_CLEAN = 1 << 5,	  /* -d (prxs) */
	MODE_LIST = 1 << 6,	  /* --list */
	MODE_DEACTIVATE = 1 << 7, /* --deactivate NAME */
	MODE_UNINSTALL = 1 << 8,  /* --uninstall NAME */
	MODE_HELP = 1 << 9,	  /* -h, --help */
	MODE_VERSION = 1 << 10,	  /* --version */
	MODE_RECORD = 1 << 11,	  /* --record [HOST...] */
};

/*
 * One run's request, as the command line of any persona (or a caller of
 * the library) states it. Strings are borrowed: the caller keeps them
 * alive while the request is in use. The vectors are owned.
 */
struct request {
	enum persona persona;
	unsigned mode;
	bool activate;	       /* -a */
	bool commented;	       /* -A */
	bool program;	       /* -p: build a host program, not a module */
	bool verbose;	       /* -v */
	bool quiet;	       /* --quiet */
	bool dry_run;	       /* --dry-run */
	bool json;	       /* --json */
	bool force;	       /* --force */
	bool no_check;	       /* --no-check */
	bool no_config_test;   /* --no-config-test */
	bool libtool;	       /* --libtool */
	bool compdb;	       /* --compdb */
	bool persona_file;     /* started by a persona file's #! line, not as modxs itself */
	bool receipt;	       /* --receipt: write receipts under DESTDIR too */
	int jobs;	       /* -j N; 0 means the number of CPUs */
	const char *host;      /* --host NAME */
	const char *profile;   /* --profile FILE */
	const char *platform;  /* --target TRIPLE: the platform record to build for */
	const char *name;      /* -n NAME */
	const char *output;    /* -o FILE */
	const char *layout;    /* --layout single|debian|fedora|proftpd|demo */
	const char *destdir;   /* --destdir DIR, else $DESTDIR */
	const char *sysroot;   /* --sysroot DIR: build against another root */
	const char *target;    /* the NAME of --deactivate and --uninstall */
	const char *root;      /* --root DIR: --record reads the servers' files under DIR */
	const char *datadir;   /* --datadir DIR: where --record writes */
	struct strvec froms;   /* --from HOST=FILE: --record reads HOST from FILE */
	const char *launcher;  /* --launcher CMD: "" for none; NULL when not given */
	struct strvec sets;    /* -S VAR=VALUE, in order */
	struct strvec defines; /* -D N[=V] */
	struct strvec incdirs; /* -I DIR */
	struct strvec libdirs; /* -L DIR */
	struct strvec libs;    /* -l LIB */
	struct strvec wc;      /* -Wc,FLAGS: one entry per option, unsplit */
	struct strvec wl;      /* -Wl,FLAGS: one entry per option, unsplit */
	struct strvec pkgs;    /* --pkg NAME */
	struct strvec args;    /* everything from the first file on, in order */
	/* A source of args the build writes first (an addon's module list): not there under --dry-run. */
	const char *generated;
};

/* Zero the request and set the persona it speaks as. */
void request_init(struct request *r, enum persona p);
/* Free the vectors the request owns. */
void request_release(struct request *r);
/* The name a persona prints as ("modxs", "apxs", "prxs"). */
const char *persona_name(enum persona p);

#endif
