/* elfcheck.h: what a linked module exports and needs, read with libelf. */
#ifndef MODXS_ELFCHECK_H
#define MODXS_ELFCHECK_H

#include <stdbool.h>

#include "msg.h"
#include "util.h"

struct deps;

/*
 * Check (a): module exports `symbol` (its module record), a data object,
 * or a function when function is set (module.symbol_type). When it does
 * not, prints an error listing the exported symbols of that kind that look
 * like records (ending in `suffix`) and returns RC_CHECK.
 */
int elfcheck_record(struct msgs *msgs, const struct deps *lib, const char *module,
		    const char *symbol, const char *suffix, bool function);
/*
 * Check (b): every undefined symbol of module is provided by the server
 * binary's exported symbols, the libraries it needs, or the module's own
 * libraries (searched also in libdirs). A missing server is skipped (said
 * under verbose). Prints the unresolved names and returns RC_CHECK.
 */
int elfcheck_symbols(struct msgs *msgs, const struct deps *lib, const char *module,
		     const char *server, const struct strvec *libdirs, bool verbose);

/*
 * module exports each data symbol of names (besides its record: what the
 * host looks the module up by). Prints the first missing one, RC_CHECK.
 */
int elfcheck_exports(struct msgs *msgs, const struct deps *lib, const char *module,
		     const struct strvec *names);
/*
 * The build signature: the strings of module's read-only data that match
 * the extended regular expression pattern must each be one the server
 * binary holds too. Prints what differs and returns RC_CHECK. A missing
 * server is skipped (said under verbose).
 */
int elfcheck_signature(struct msgs *msgs, const struct deps *lib, const char *module,
		       const char *server, const char *pattern, bool verbose);

#endif
