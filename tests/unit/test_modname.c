/* test_modname.c: module names from -n, sources and file names, as apxs finds them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "modname.h"

#define CHECK_NAME(got, want)                                                               \
	do {                                                                                \
		char *g_ = (got);                                                           \
		const char *w_ = (want);                                                    \
		if ((g_ == NULL) != (w_ == NULL) || (g_ && strcmp(g_, w_) != 0)) {          \
			fprintf(stderr, "%s:%d: got '%s', want '%s'\n", __FILE__, __LINE__, \
				g_ ? g_ : "(null)", w_ ? w_ : "(null)");                    \
			failures++;                                                         \
		}                                                                           \
		free(g_);                                                                   \
	} while (0)

static char *src(const char *text)
{
	return modname_from_source(text, strlen(text));
}

int main(void)
{
	CHECK(modname_valid("hello_2"));
	CHECK(!modname_valid(""));
	CHECK(!modname_valid("a-b"));
	CHECK(!modname_valid("../x"));
	CHECK(!modname_valid("a b"));
	CHECK(!modname_valid(NULL));

	CHECK_NAME(src("AP_DECLARE_MODULE(foo) = {\n"), "foo");
	CHECK_NAME(src("AP_DECLARE_MODULE ( foo )\n  =\n"), "foo");
	CHECK_NAME(src("module AP_MODULE_DECLARE_DATA bar_module = {"), "bar");
	CHECK_NAME(src("module bar_module={"), "bar");
	CHECK_NAME(src("static module\n\tbaz_module =\n"), "baz");
	/* The AP_DECLARE_MODULE form wins over the older one, as in apxs. */
	CHECK_NAME(src("module old_module = {};\nAP_DECLARE_MODULE(new) = {};"), "new");
	/* apxs's greedy patterns take the last declaration. */
	CHECK_NAME(src("AP_DECLARE_MODULE(a) = x; AP_DECLARE_MODULE(b) = y;"), "b");
	/* Declarations without a definition, and look-alikes, are not records. */
	CHECK_NAME(src("extern module AP_MODULE_DECLARE_DATA x_module;"), NULL);
	CHECK_NAME(src("AP_DECLARE_MODULE(x);"), NULL);
	CHECK_NAME(src("submodule y_module = 1;"), NULL);
	CHECK_NAME(src("int x;"), NULL);

	CHECK_NAME(modname_from_path("mod_hello.c"), "hello");
	CHECK_NAME(modname_from_path("dir/.libs/mod_hello.so"), "hello");
	CHECK_NAME(modname_from_path("hello.so"), NULL);
	CHECK_NAME(modname_from_path("mod_.so"), NULL);

	CHECK_NAME(modname_derive("given", "mod_x.la"), "given");
	CHECK_NAME(modname_derive(NULL, "/nonexistent/mod_x.la"), "x");

	CHECK(modname_exports("/nonexistent.so", "x_module") == -1);
	CHECK_NAME(modname_from_object("/nonexistent.so", "%s_module"), NULL);

	return check_status("test_modname");
}
