/*
 * deps_table.c: LIBDIR/modxs/deps.so, the table of libelf, nettle and
 * libpkgconf functions that modxs loads when a run needs them (deps.h).
 * Unit tests link it in directly.
 */
#include "deps.h"

#ifndef MODXS_VERSION
#define MODXS_VERSION "0.0.0"
#endif

#define DEPS_ADDR(f) .f = f,

/* Declared here too, so the definition is checked against deps.c's use of it. */
extern const struct deps modxs_deps_table;

/* The plugin's one exported symbol (DEPS_SYMBOL); the build hides every other. */
__attribute__((visibility("default"))) const struct deps modxs_deps_table = {
	.version = MODXS_VERSION,
	.size = sizeof(struct deps),
	DEPS_LIBELF_FUNCS(DEPS_ADDR) DEPS_NETTLE_FUNCS(DEPS_ADDR) DEPS_PKGCONF_FUNCS(DEPS_ADDR)};
