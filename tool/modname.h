/* modname.h: working out a module's name the way apxs does. */
#ifndef MODXS_MODNAME_H
#define MODXS_MODNAME_H

#include <stdbool.h>
#include <stddef.h>

/* True if name matches [A-Za-z0-9_]+. */
bool modname_valid(const char *name);
/*
 * The name a source text declares: AP_DECLARE_MODULE(x), then
 * "module [AP_MODULE_DECLARE_DATA] x_module =". NULL when neither is there.
 */
char *modname_from_source(const char *text, size_t len);
/* "mod_x.c" / "dir/mod_x.la" -> "x"; NULL when the base name has no mod_ prefix. */
char *modname_from_path(const char *path);
/* The name declared by the source apxs looks for beside a module file (BASE.c); NULL if none. */
char *modname_from_beside(const char *module_path);
/*
 * The name of the one exported symbol of a shared object that matches
 * symbol_fmt ("%s_module"); NULL when there is none, or more than one.
 */
char *modname_from_object(const char *so_path, const char *symbol_fmt);
/* 1 if the shared object exports symbol, 0 if not, -1 if it cannot be read as ELF. */
int modname_exports(const char *so_path, const char *symbol);
/*
 * apxs's full rule for a module file: -n, then the source beside it
 * (BASE.c), then the file name. NULL when none gives a name.
 */
char *modname_derive(const char *explicit_name, const char *module_path);

#endif
