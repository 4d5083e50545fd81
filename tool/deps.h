/* deps.h: libelf, nettle and libpkgconf, reached through modxs's own plugin. */
#ifndef MODXS_DEPS_H
#define MODXS_DEPS_H

#include <stddef.h>

#include <gelf.h>
#include <libelf.h>
#include <nettle/sha2.h>
#ifdef MODXS_HAVE_LIBPKGCONF
#include <libpkgconf/libpkgconf.h>

#include "msg.h"
#endif

/*
 * modxs itself links only libc (it opens cJSON itself: json.h): `modxs -q`
 * must start about as fast as /bin/true, and mapping and binding libelf,
 * nettle and libpkgconf (the last two built BIND_NOW) cost more than all
 * of -q's own work. They are linked, as usual, by a plugin this project
 * builds and installs in LIBDIR/modxs/deps.so (so packaging tools still
 * see them in its DT_NEEDED), which exports one table of the functions
 * modxs calls. main.c loads it before any run that may need it, so a
 * missing plugin or library is one error before anything is changed,
 * never a failure half-way through an install; the table it gets is the
 * run's (ctx->deps), handed to what reads modules, hashes files or asks
 * pkg-config.
 *
 * Each member has the type the library's header gives the function and
 * the header's name: lib->elf_begin(...). nettle's sha256_init is a
 * macro for nettle_sha256_init, so the member follows it.
 */
#define DEPS_LIBELF_FUNCS(X) \
	X(elf_version)       \
	X(elf_begin)         \
	X(elf_end)           \
	X(elf_kind)          \
	X(elf_nextscn)       \
	X(elf_getdata)       \
	X(elf_strptr)        \
	X(gelf_getclass)     \
	X(gelf_getehdr)      \
	X(gelf_getshdr)      \
	X(gelf_getsym)       \
	X(gelf_getdyn)
#define DEPS_NETTLE_FUNCS(X) \
	X(sha256_init)       \
	X(sha256_update)     \
	X(sha256_digest)
#ifdef MODXS_HAVE_LIBPKGCONF
#define DEPS_PKGCONF_FUNCS(X)                \
	X(pkgconf_cross_personality_default) \
	X(pkgconf_cross_personality_deinit)  \
	X(pkgconf_client_new)                \
	X(pkgconf_client_free)               \
	X(pkgconf_client_set_warn_handler)   \
	X(pkgconf_client_set_flags)          \
	X(pkgconf_client_set_sysroot_dir)    \
	X(pkgconf_client_set_buildroot_dir)  \
	X(pkgconf_fragment_filter)           \
	X(pkgconf_fragment_has_system_dir)   \
	X(pkgconf_path_add)                  \
	X(pkgconf_path_split)                \
	X(pkgconf_path_free)                 \
	X(pkgconf_client_dir_list_build)     \
	X(pkgconf_pkg_find)                  \
	X(pkgconf_pkg_unref)                 \
	X(pkgconf_pkg_cflags)                \
	X(pkgconf_pkg_libs)                  \
	X(pkgconf_fragment_free)             \
	X(pkgconf_queue_push)                \
	X(pkgconf_queue_apply)               \
	X(pkgconf_queue_free)
#else
#define DEPS_PKGCONF_FUNCS(X)
#endif

struct msgs;

/* A member of the function's own type: a mismatch with the header cannot compile. */
#define DEPS_MEMBER(f) __typeof__(f) *f;

/* The plugin's table; version and size must match the modxs that loads it. */
struct deps {
	const char *version;
	size_t size;
	DEPS_LIBELF_FUNCS(DEPS_MEMBER)
	DEPS_NETTLE_FUNCS(DEPS_MEMBER)
	DEPS_PKGCONF_FUNCS(DEPS_MEMBER)
};

/* The symbol the plugin exports its table under. */
#define DEPS_SYMBOL "modxs_deps_table"

/*
 * Load exe_dir's plugin and point *out at its table (at the one linked in,
 * in unit tests); RC_DATA with one error line if it cannot be used. The
 * caller keeps the table (struct ctx does) and hands it to what reads
 * modules, hashes files or asks pkg-config.
 */
int deps_load(struct msgs *msgs, const char *exe_dir, const struct deps **out);

struct icecc_plugin;
/*
 * Load exe_dir's LIBDIR/modxs/icecc.so, built only where libicecc-dev is:
 * its table, or NULL with why in *why (the caller frees it). Optional, so
 * it says nothing: the caller decides what a missing plugin means.
 */
const struct icecc_plugin *deps_icecc_load(const char *exe_dir, char **why);

#endif
