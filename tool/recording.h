/* recording.h: a profile being recorded, the helpers each host's recorder reads with, its JSON. */
#ifndef MODXS_RECORDING_H
#define MODXS_RECORDING_H

#include <stdbool.h>

#include "json.h"
#include "msg.h"
#include "util.h"
#include "vars.h"

/* No profile comes near this; a bigger file in its place is not compared, only replaced. */
#define RECORDING_MAX_PROFILE (16u << 20)

/*
 * A profile being recorded: what a host's recorder fills in and recording_json()
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
	struct strvec keep_last;     /* config.keep_last */
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
			NULL, NULL, STRVEC_INIT, STRVEC_INIT, STRVEC_INIT, NULL, NULL,        \
			STRVEC_INIT, NULL, STRVEC_INIT                                        \
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
/* The members of obj sorted by key, as jsoncpp keeps them; *n set. Caller frees. */
cJSON **recording_sorted_members(const cJSON *obj, size_t *n);
/*
 * v as CMake's string(JSON) writes it (its bundled jsoncpp's styled
 * writer: members sorted, "key" : value, short arrays on one line), so a
 * recipe's profile is the same bytes whichever of the two recorded it.
 */
void recipe_json_styled(struct buf *b, const cJSON *v);

#endif
