/* args.h: the command line of each persona, parsed into one request. */
#ifndef MODXS_ARGS_H
#define MODXS_ARGS_H

#include <stdbool.h>
#include <stdio.h>

#include "request.h"

/* The persona argv[0] names: apxs or apxs2, prxs, else modxs. */
enum persona persona_from_argv0(const char *argv0);
/* What a persona file's "#!" line passes before the file's own path. */
#define ARGS_PERSONA_FILE "--persona-file"
/*
 * When the kernel started modxs from a persona file ("#!BINDIR/modxs
 * --persona-file"), drop the marker and the interpreter's name, so that
 * argv[0] is the file's path (its name is the persona) and the rest are the
 * arguments as given, and return true. Leaves any other line as it is.
 */
bool args_skip_launcher(int *argc, char ***argv);
/*
 * Parse argv (argv[0] included) into r, which request_init set up with
 * the persona the program was started as. A --persona anywhere on the
 * line settles r->persona first, as it changes how the rest parses.
 * Returns RC_OK, or RC_USAGE with the reason in *err (caller frees);
 * prints nothing. r's strings point into argv.
 */
int args_parse(struct request *r, int argc, char **argv, char **err);
/* Check that a parsed line asks for something to do; RC_USAGE with the reason in *err. */
int args_check(const struct request *r, char **err);
/* Print persona p's short help on out. */
void args_usage(enum persona p, FILE *out);

/* An option as one persona takes it, for checking help text and completion. */
struct opt_desc {
	const char *name; /* the long name, without "--"; NULL when it has none */
	char letter;	  /* the short letter; 0 when the persona takes none */
	bool value;	  /* it takes a value */
};
/* Describe option i of the table for persona p; false when i is past the last. */
bool args_describe(enum persona p, size_t i, struct opt_desc *d);

/* Whether the line says --json, read even when the line is refused, so the refusal is a JSON document too. */
bool args_wants_json(int argc, char **argv);

#endif
