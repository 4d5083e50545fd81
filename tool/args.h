/* args.h: the command line of each persona, parsed into one struct. */
#ifndef MODXS_ARGS_H
#define MODXS_ARGS_H

#include <stdbool.h>
#include <stdio.h>

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
};

struct opts {
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
	int jobs;	       /* -j N; 0 means the number of CPUs */
	const char *host;      /* --host NAME */
	const char *profile;   /* --profile FILE */
	const char *name;      /* -n NAME */
	const char *output;    /* -o FILE */
	const char *layout;    /* --layout single|debian|fedora|proftpd|demo */
	const char *destdir;   /* --destdir DIR, else $DESTDIR */
	const char *target;    /* the NAME of --deactivate and --uninstall */
	struct strvec sets;    /* -S VAR=VALUE, in order */
	struct strvec defines; /* -D N[=V] */
	struct strvec incdirs; /* -I DIR */
	struct strvec libdirs; /* -L DIR */
	struct strvec libs;    /* -l LIB */
	struct strvec wc;      /* -Wc,FLAGS: one entry per option, unsplit */
	struct strvec wl;      /* -Wl,FLAGS: one entry per option, unsplit */
	struct strvec pkgs;    /* --pkg NAME */
	struct strvec args;    /* everything from the first file on, in order */
	char *err;	       /* why opts_parse or opts_check refused the line */
};

/* Zero the struct and set the persona the program was started as. */
void opts_init(struct opts *o, enum persona p);
/* Free what parsing allocated. */
void opts_release(struct opts *o);
/* The persona argv[0] names: apxs or apxs2, prxs, else modxs. */
enum persona persona_from_argv0(const char *argv0);
/* The name a persona prints as ("modxs", "apxs", "prxs"). */
const char *persona_name(enum persona p);
/*
 * Parse argv (argv[0] included) into o. A --persona anywhere on the line
 * settles o->persona first, as it changes how the rest parses. Returns
 * RC_OK, or RC_USAGE with the reason in o->err; prints nothing.
 */
int opts_parse(struct opts *o, int argc, char **argv);
/* Check that a parsed line asks for something to do; RC_USAGE with the reason in o->err. */
int opts_check(struct opts *o);
/* Print persona p's short help on out. */
void opts_usage(enum persona p, FILE *out);

/* An option as one persona takes it, for checking help text and completion. */
struct opt_desc {
	const char *name; /* the long name, without "--"; NULL when it has none */
	char letter;	  /* the short letter; 0 when the persona takes none */
	bool value;	  /* it takes a value */
};
/* Describe option i of the table for persona p; false when i is past the last. */
bool opts_describe(enum persona p, size_t i, struct opt_desc *d);

#endif
