/* abicheck.h: the ABI check of -c, -i and -a, and the state --list shows. */
#ifndef MODXS_ABICHECK_H
#define MODXS_ABICHECK_H

#include <stdbool.h>

#include "record.h"

/*
 * The check of -c, -i and -a: module name's file at path carries the stamp
 * of the host's server. RC_OK (also when the host has no stamp), else
 * RC_CHECK after one error line naming both values. Unless must_read, a
 * file that is neither ELF nor PE, lacks the record or has one too small for the
 * stamp passes (said under -v): only a stamp that is there can say the
 * module is for another server.
 */
int abi_check(struct ctx *c, const char *name, const char *path, bool must_read);
/* For --list: "abi-ok", "abi-mismatch", or "-" when there is nothing to compare. */
const char *abi_state(struct ctx *c, const char *symbol, const char *path);

#endif
