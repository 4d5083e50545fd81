/*
 * fuzz_la.c: the libtool .la and .lo parsers. Whatever parses must write
 * back and parse again to the same fields.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "la.h"
#include "msg.h"

/* In an .la an absent field and '' mean the same, and la_write writes ''. */
static int same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static void check_la(const uint8_t *data, size_t size)
{
	char *path = fuzz_file("mod_f.la", data, size);
	char *again = fuzz_path("mod_g.la");
	struct la a = LA_INIT, b = LA_INIT;

	if (la_read_as(msgs, path, RC_INSTALL, &a) == RC_OK) {
		free(la_object(path, &a));
		if (la_write(msgs, again, &a) != RC_OK ||
		    la_read_as(msgs, again, RC_INSTALL, &b) != RC_OK)
			fuzz_fail("an .la that parsed did not write and read back");
		if (!same(a.dlname, b.dlname) || !same(a.libdir, b.libdir) ||
		    !same(a.dependency_libs, b.dependency_libs) || a.installed != b.installed)
			fuzz_fail("an .la changed on a write and read back");
	}
	la_release(&a);
	la_release(&b);
	free(again);
	free(path);
}

/* In a .lo an absent object and "none" mean the same, and lo_write writes "none". */
static int same_obj(const char *a, const char *b)
{
	return same(a ? a : "none", b ? b : "none");
}

static void check_lo(const uint8_t *data, size_t size)
{
	char *path = fuzz_file("f.lo", data, size);
	char *again = fuzz_path("g.lo");
	struct lo a = LO_INIT, b = LO_INIT;

	if (lo_read(msgs, path, RC_BUILD, &a) == RC_OK) {
		if (lo_write(msgs, again, &a) != RC_OK ||
		    lo_read(msgs, again, RC_BUILD, &b) != RC_OK)
			fuzz_fail("a .lo that parsed did not write and read back");
		if (!same_obj(a.pic_object, b.pic_object) ||
		    !same_obj(a.non_pic_object, b.non_pic_object))
			fuzz_fail("a .lo changed on a write and read back");
	}
	lo_release(&a);
	lo_release(&b);
	free(again);
	free(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_la(data, size);
	check_lo(data, size);
	return 0;
}
