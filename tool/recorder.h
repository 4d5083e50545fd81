/* recorder.h: `modxs --record`: host profiles written from the servers' own build files. */
#ifndef MODXS_RECORDER_H
#define MODXS_RECORDER_H

#include <stdbool.h>

#include "json.h"
#include "msg.h"
#include "record.h"
#include "util.h"
#include "vars.h"

/*
 * A profile being recorded: what a host's recorder fills in and recorder.c
 * writes out as modxs-profile(5) says. Values are raw, with $(X) references.
 */
struct recording {
	char *description;
	struct strvec aliases; /* other names of the host */
	struct vars vars;      /* "vars", in the order the build files define them */
	char *cflags, *ldflags;
	char *symbol, *load_line, *file;
	char *key; /* module.key, the load line's argument when set */
	char *layout, *config_file;
	char *section, *module_path; /* config.section and config.module_path when set */
	struct strvec includes;	     /* config.include */
	struct strvec config_test;
	char *server;
	char *abi;	       /* the "abi" object's text, NULL when the headers say nothing */
	struct strvec sources; /* every file read or run, as found (under the root) */
	cJSON *tree;	       /* a whole profile to write as it is instead (a recipe's) */
	/* Files the profile names, written beside it: pairs of a path in the data dir and its text. */
	struct strvec data;
};
#define RECORDING_INIT                                                                        \
	{                                                                                     \
		NULL, STRVEC_INIT, VARS_INIT, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, \
			NULL, NULL, STRVEC_INIT, STRVEC_INIT, NULL, NULL, STRVEC_INIT, NULL,  \
			STRVEC_INIT                                                           \
	}

/* Where one --record run looks: its messages, the platform's variables, the root. */
struct recorder_env {
	struct msgs *msgs;
	struct vars *platform; /* platform.json's vars: CC, PKG_CONFIG */
	const char *root;      /* the servers' files are read under it; "" for / */
	const char *host;      /* the host being recorded */
	const char *datadir;   /* the data dir in use, with recipes/ */
	const char *outdir;    /* the data dir the profile is written into */
};

/*
 * One host's recorder. Each host that modxs can record from its server's
 * dev files has one of these in recorder.c's table.
 */
struct recorder {
	const char *host;   /* the profile's name; NULL for one that records many */
	const char *server; /* the server, as messages name it; NULL: the host's name */
	/* For a recorder of many hosts: can it record host (data dir datadir)? */
	bool (*has)(const char *datadir, const char *host);
	/* For a recorder of many hosts: append the names of those it can record. */
	void (*names)(const char *datadir, struct strvec *out);
	/*
	 * The build files of the server: from (the file --from names) or found
	 * under e->root, appended to found, in the recorder's own order ("" for
	 * one that is missing). False when there is nothing to record from.
	 */
	bool (*find)(const struct recorder_env *e, const char *from, struct strvec *found);
	/* Read what find found into r; RC_OK, or the code of the error it said. */
	int (*record)(const struct recorder_env *e, const struct strvec *found,
		      struct recording *r);
};

/*
 * The recorders of apache (rec_apache.c), proftpd (rec_proftpd.c), the
 * host of rec_nginx.c (whose recording runs the server's configure, which
 * no recipe says) and of each host with a recipe in the data dir's
 * recipes/ (rec_recipe.c).
 */
extern const struct recorder recorder_apache;
extern const struct recorder recorder_proftpd;
extern const struct recorder recorder_nginx;
extern const struct recorder recorder_recipe;

/* The recorder of host (recipes read from datadir), or NULL when modxs cannot record it. */
const struct recorder *recorder_find(const char *datadir, const char *host);
/*
 * Advice for an unknown host: how to record it, when modxs can (a new
 * string, "" when it cannot). Looks for the server's files on this machine.
 */
char *recorder_hint(struct msgs *msgs, const char *datadir, const char *host);
/*
 * --record [platform] [HOST...]: the platform record when named, then the
 * host profiles named (every one found when none). c is loaded here; the
 * caller releases it.
 */
int recorder_main(struct ctx *c, struct msgs *msgs, const struct request *req);
/* --record: write the profiles c->req names (every one found when none), "platform" aside. */
int recorder_run(struct ctx *c);
/*
 * The profile's JSON text for host, as --record writes it; sources are
 * stat()ed now. A recording with a tree is written in the recipe's style.
 */
char *recording_json(const char *host, const struct recording *r, const struct strvec *args);
/* Free r. */
void recording_release(struct recording *r);

/* s as a JSON string literal, appended to b. */
void recorder_json_str(struct buf *b, const char *s);
/*
 * Replace path with text under its lock (a temp file beside it, renamed
 * over it), unless it holds text already: its time is then kept.
 * *changed says which.
 */
int recorder_write(struct msgs *msgs, const char *path, const char *text, bool *changed);
/*
 * --record platform: write datadir/platform.json from this machine's
 * compiler (-S and the environment's CC, CXX, flags; the rest found on
 * PATH), default_host from --host. RC_OK, or the code of the error said.
 */
int recorder_platform(struct msgs *msgs, const struct request *req, const char *datadir);

/* root + path, for a file the server names: path itself when root is "". */
char *recorder_path(const struct recorder_env *e, const char *path);
/* True if the file exists under e's root (path as the server names it). */
bool recorder_exists(const struct recorder_env *e, const char *path);
/*
 * The stdout of argv[0] (as the server names it, run from under the root)
 * with argv's other words, trailing blanks dropped; NULL when it is missing
 * or fails. A program run is appended to sources.
 */
char *recorder_output(const struct recorder_env *e, const char *const *argv,
		      struct strvec *sources);
/*
 * The part of `#define NAME VALUE` in header (as the server names it, read
 * under the root) that regex's first group matches, in the first line
 * that defines name and matches; a new string, NULL when none. A header
 * read is appended to sources.
 */
char *recorder_define(const struct recorder_env *e, const char *header, const char *name,
		      const char *regex, struct strvec *sources);
/*
 * The words of the line after label in text (a server's -V output, such as
 * "configure arguments:"), split as a shell splits them, appended to out.
 * False when no line has label, or its quotes do not close.
 */
bool recorder_words_after(const char *text, const char *label, struct strvec *out);
/* The value of name defined exactly so (no lowercase fallback) in t, or NULL. */
const char *recorder_var(const struct vars *t, const char *name);

/*
 * Read prxs's recorded `my $name = q(value);` lines into t (compiler,
 * cflags, sbindir, ...), values trimmed.
 */
void proftpd_read_prxs(const char *text, struct vars *t);
/*
 * Read what `proftpd -V` says into t: config, moddir, incdir (the Files
 * section), prefix and sysconfdir (the configure line), version.
 */
void proftpd_read_v(const char *text, struct vars *t);
/* flags without -DPR_SHARED_MODULE (as a word), trimmed: a new string. */
char *proftpd_drop_shared(const char *flags);

/*
 * v as CMake's string(JSON) writes it (its bundled jsoncpp's styled
 * writer: members sorted, "key" : value, short arrays on one line), so a
 * recipe's profile is the same bytes whichever of the two recorded it.
 */
void recipe_json_styled(struct buf *b, const cJSON *v);

#endif
