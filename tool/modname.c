/* modname.c: module names from -n, sources and file names. */
#include "modname.h"

#include <string.h>

#include "util.h"

bool modname_valid(const char *name)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
	return name && *name && strspn(name, ok) == strlen(name);
}

char *modname_from_source(const char *text, size_t len)
{
	(void)text;
	(void)len;
	return NULL;
}

char *modname_from_path(const char *path)
{
	const char *base = path_base(path);
	const char *dot = strrchr(base, '.');

	if (!str_starts(base, "mod_") || !dot || dot == base + 4)
		return NULL;
	return xstrndup(base + 4, (size_t)(dot - base - 4));
}

char *modname_derive(const char *explicit_name, const char *module_path)
{
	if (explicit_name)
		return xstrdup(explicit_name);
	return modname_from_path(module_path);
}
