/*
 * fuzz_modname.c: module-name derivation from source text and file names.
 * The source is handed over with its length and no terminating NUL, as a
 * mapped file would be.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "modname.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size heap copy, so a read past the end is caught by ASan. */
	char *src = xmalloc(size);
	memcpy(src, data, size);
	char *name = modname_from_source(src, size);
	if (name && !modname_valid(name))
		fuzz_fail("modname_from_source returned an invalid name");
	free(name);
	free(src);

	/* The same bytes as a path, and as a module file beside no source. */
	char *path = fuzz_str(data, size);
	free(modname_from_path(path));
	if (!strchr(path, '/')) {
		char *in_dir = fuzz_path(path);
		free(modname_derive(NULL, in_dir));
		free(in_dir);
	}
	name = modname_derive(path, "mod_x.so");
	if (!name || strcmp(name, path) != 0)
		fuzz_fail("modname_derive did not take the explicit name");
	free(name);
	free(path);
	return 0;
}
