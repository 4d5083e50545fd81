/* pecheck.h: the module checks of elfcheck.h, for Windows DLL modules. */
#ifndef MODXS_PECHECK_H
#define MODXS_PECHECK_H

#include <stdbool.h>

#include "msg.h"
#include "pe.h"
#include "util.h"

/* True when path is a file that starts like a PE image: the PE checks apply. */
bool pecheck_applies(const char *path);
/*
 * Read the first want bytes of the data symbol the DLL at path exports,
 * without loading it: 1 when it does, 0 when not, -1 (errno; EINVAL when
 * path is no readable PE image) otherwise. Free with pe_bytes_release().
 */
int pecheck_symbol_data(const char *path, const char *symbol, size_t want, struct pe_bytes *out);
/*
 * Check (a): the DLL's export table holds `symbol` (its module record).
 * When not, prints an error listing the exported data symbols ending in
 * `suffix` and returns RC_CHECK.
 */
int pecheck_record(struct msgs *msgs, const char *module, const char *symbol, const char *suffix);
/*
 * Check (b): every import of module is a system DLL's, is defined by one
 * of the host's import libraries (implibs), or is exported by a DLL of
 * that name in libdirs. With no import library readable, unresolved
 * imports are only a warning, as a missing server is for ELF. Prints the
 * unresolved names and returns RC_CHECK.
 */
int pecheck_symbols(struct msgs *msgs, const char *module, const struct strvec *implibs,
		    const struct strvec *libdirs);

#endif
