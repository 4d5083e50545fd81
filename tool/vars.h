/* vars.h: the variable table behind -q and -S, with make-style expansion. */
#ifndef MODXS_VARS_H
#define MODXS_VARS_H

#include <stdbool.h>

#include "util.h"

/* Where a variable's value came from; later layers replace earlier ones. */
enum var_origin {
	VAR_BUILTIN,  /* computed at run time: MODXS_PREFIX, MODXS_DATADIR */
	VAR_PLATFORM, /* platform.json */
	VAR_HOST,     /* the host profile's "vars" */
	VAR_OVERRIDE, /* -S NAME=VALUE: taken literally, never expanded */
};

struct var {
	char *name;
	char *raw;   /* as recorded, with $(X) and ${X} references */
	char *value; /* expanded, filled on first use */
	enum var_origin origin;
	bool busy; /* being expanded: a second visit is a cycle */
};

/* An ordered table: listing order is the order of first definition. */
struct vars {
	struct var *v;
	size_t n, cap;
	bool cached;  /* some value is expanded and must be forgotten on a change */
	size_t *slot; /* index by name: 1 + the position in v, 0 when free */
	size_t nslot; /* slots in the index: a power of two, 0 or more than 2n */
};
#define VARS_INIT                          \
	{                                  \
		NULL, 0, 0, false, NULL, 0 \
	}

/* Define or replace name; replacing keeps the original position. */
void vars_set(struct vars *t, const char *name, const char *raw, enum var_origin origin);
/*
 * Find a variable the way apxs does: the exact name, then its lowercase
 * form. NULL if neither exists.
 */
struct var *vars_find(struct vars *t, const char *name);
/*
 * The expanded value of name, or NULL when it is not defined. Undefined
 * references inside expand to "" as in make. On a reference cycle, sets
 * *err (if given) to a new message and returns NULL.
 */
const char *vars_get(struct vars *t, const char *name, char **err);
/*
 * Expand $(X), ${X} and $$ in s. Returns a new string, or NULL and a new
 * message in *err on a cycle or an unterminated reference.
 */
char *vars_expand(struct vars *t, const char *s, char **err);
/*
 * Apply "-S NAME=VALUE" to the variable NAME finds (exact, then lowercase),
 * taking VALUE literally; false with a message in *err when malformed or unknown.
 */
bool vars_override(struct vars *t, const char *assignment, char **err);
/*
 * Read the NAME = VALUE lines of a make-style file (Apache's config_vars.mk)
 * into t as apxs's get_config_vars reads them: the name is what stands
 * before the first '=', trimmed; the value follows it, leading blanks
 * dropped and the rest kept verbatim. Comment lines, lines without a name
 * and carriage returns are skipped; a later NAME replaces an earlier one in
 * place. The number of lines defined.
 */
size_t vars_read_make(struct vars *t, const char *text, size_t len, enum var_origin origin);
/* Free the table. */
void vars_release(struct vars *t);

#endif
