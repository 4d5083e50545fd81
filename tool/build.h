/* build.h: -c, compiling and linking sources into a module or program. */
#ifndef MODXS_BUILD_H
#define MODXS_BUILD_H

#include "record.h"

/* One command of a build: a compile or the link. */
struct build_cmd {
	const char *label;  /* what the progress line says: "CC", "CXX" or "LINK" */
	const char *input;  /* the source it compiles; NULL for the link */
	const char *output; /* the file its -o names */
	char *const *argv;  /* the command, NULL-terminated; the plan owns it */
	bool stale;	    /* out of date: it runs, and --dry-run shows it */
};

/* The plan's working state, private to build.c. */
struct plan;

/* What a request's -c does, worked out before anything runs. */
struct build_plan {
	struct build_cmd *cmds; /* the compiles in the order given, then the link */
	size_t n;
	const char *out;    /* NAME.la, or the program with -p: what -c -i installs */
	const char *target; /* .libs/NAME.so, or the program */
	struct plan *p;
};

/*
 * Plan -c for c->req->args into bp: every command and whether it is
 * stale, running nothing. Prints one error and returns its code on
 * failure. Release bp with build_plan_release() either way.
 */
int build_plan(struct ctx *c, struct build_plan *bp);
/*
 * Run the stale commands of a plan (show them, under --dry-run), then the
 * module checks. Appends what it produced (NAME.la, or the program) to
 * out, so that -c -i can install it.
 */
int build_run(struct build_plan *bp, struct strvec *out);
/* Free what build_plan() made. */
void build_plan_release(struct build_plan *bp);
/* prxs -d: remove what -c produced for the module. */
int build_clean(struct ctx *c);

#endif
