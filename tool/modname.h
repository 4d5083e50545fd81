/* modname.h: working out a module's name the way apxs does. */
#ifndef MODXS_MODNAME_H
#define MODXS_MODNAME_H

#include <stdbool.h>
#include <stddef.h>

#include "fmt.h"
#include "msg.h"

struct deps;

/* True if name matches [A-Za-z0-9_]+. */
bool modname_valid(const char *name);
/* Print the one "invalid module name 'NAME': REASON" error; returns RC_USAGE. */
int modname_invalid(struct msgs *msgs, const char *name, const char *reason);
/* RC_OK if name is valid; else modname_invalid's error for it (RC_USAGE). */
int modname_check(struct msgs *msgs, const char *name);
/* modname_check, and no leading digit: -g's name starts C identifiers. */
int modname_check_ident(struct msgs *msgs, const char *name);
/*
 * The name a source text declares: AP_DECLARE_MODULE(x), then
 * "module [AP_MODULE_DECLARE_DATA] x_module =". NULL when neither is there.
 */
char *modname_from_source(const char *text, size_t len);
/* "mod_x.c" / "dir/mod_x.la" -> "x"; NULL when the base name has no mod_ prefix. */
char *modname_from_path(const char *path);
/*
 * The name in a file's base name as module.file (file_fmt) names modules:
 * "dir/x.la" -> "x" for "%s.so", as modname_from_path for "mod_%s.so";
 * NULL when it does not fit.
 */
char *modname_from_file(const char *path, const struct fmt *file_fmt);
/* The name declared by the source apxs looks for beside a module file (BASE.c); NULL if none. */
char *modname_from_beside(const char *module_path);
/*
 * The name in the one exported symbol of a shared object that matches
 * symbol_fmt (module.symbol); NULL when there is none, or more than one.
 */
char *modname_from_object(const struct deps *lib, const char *so_path,
			  const struct fmt *symbol_fmt);
/* 1 if the shared object exports symbol, 0 if not, -1 if it cannot be read as ELF. */
int modname_exports(const struct deps *lib, const char *so_path, const char *symbol);
/*
 * apxs's full rule for a module file: -n, then the source beside it
 * (BASE.c), then the file name. NULL when none gives a name.
 */
char *modname_derive(const char *explicit_name, const char *module_path);
/*
 * -c's rule for the module a build makes: -n, then the declaration in the
 * first of srcs that has one, then mod_NAME of a source, then of out, then
 * out's base name without its suffix. Never NULL; not validated.
 */
char *modname_for_build(const char *explicit_name, const char *const *srcs, size_t nsrcs,
			const char *out);
/*
 * -i and -a's rule for a module file: -n, then the source beside it, then
 * the one symbol_fmt record the object exports (when it can be read), then
 * the file name. RC_OK with a valid *name, else one error and RC_USAGE.
 */
int modname_for_install(struct msgs *msgs, const struct deps *lib, const char *explicit_name,
			const char *module_path, const char *object, const struct fmt *symbol_fmt,
			const struct fmt *file_fmt, char **name);

#endif
