/* elfcheck.h: what a linked module exports and needs, and its data, read with libelf. */
#ifndef MODXS_ELFCHECK_H
#define MODXS_ELFCHECK_H

#include <stdbool.h>
#include <stddef.h>

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
/* Called with each exported, defined symbol's name; false stops the walk. */
typedef bool elfcheck_export_fn(const char *name, void *arg);
/*
 * Call fn on each symbol path exports and defines (data or code), from its
 * dynamic symbol table. 0, or -1 (errno) when it is not a readable ELF object.
 */
int elfcheck_each_export(const struct deps *lib, const char *path, elfcheck_export_fn *fn,
			 void *arg);

/* The leading bytes of an exported data symbol, and how the file lays out data. */
struct elf_bytes {
	unsigned char *bytes; /* len bytes read from the file */
	size_t len;	      /* at most the want asked for, and the symbol's size */
	size_t size;	      /* the symbol's size; 0 when the file does not say */
	bool is64;	      /* ELFCLASS64: pointers and longs are 8 bytes */
	bool big_endian;
};
/*
 * Read the first want bytes of symbol as path's file holds them, without
 * loading it: 1 when path exports it, 0 when not, -1 (errno) when path is
 * not a readable ELF object. Free with elf_bytes_release().
 */
int elfcheck_symbol_data(const struct deps *lib, const char *path, const char *symbol, size_t want,
			 struct elf_bytes *out);
/* Free what elfcheck_symbol_data() read. */
void elf_bytes_release(struct elf_bytes *b);

#endif
