/* test_modname.c: module names from -n, sources and file names, as apxs finds them. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "check.h"
#include "deps.h"
#include "modname.h"
#include "msg.h"
#include "scratch.h"
#include "util.h"

static char dir[] = "/tmp/modxs-test-modname-XXXXXX";
/* libelf, from the table the unit tests link in. */
static const struct deps *lib;

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

static char *path_in(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

/* The one error line and its code, for each way a name is refused. */
static void test_messages(void)
{
	capture_start();
	int rc = modname_check(msgs, "hello_2");
	CHECK(rc == RC_OK);
	CHECK_STR(capture_err(), "");

	capture_start();
	rc = modname_check(msgs, "../x");
	CHECK(rc == RC_USAGE);
	CHECK_STR(capture_err(),
		  "modxs: error: invalid module name '../x': use only letters, digits and '_'\n");

	capture_start();
	rc = modname_check(msgs, "");
	CHECK(rc == RC_USAGE);
	CHECK_STR(capture_err(),
		  "modxs: error: invalid module name '': use only letters, digits and '_'\n");

	capture_start();
	rc = modname_invalid(msgs, "x", "some reason");
	CHECK(rc == RC_USAGE);
	CHECK_STR(capture_err(), "modxs: error: invalid module name 'x': some reason\n");

	/* -g's names start C identifiers: a leading digit is refused too, with its own reason. */
	capture_start();
	rc = modname_check_ident(msgs, "1st");
	CHECK(rc == RC_USAGE);
	CHECK_STR(capture_err(), "modxs: error: invalid module name '1st': it names C identifiers, "
				 "so it must not start with a digit\n");

	capture_start();
	rc = modname_check_ident(msgs, "a-b");
	CHECK(rc == RC_USAGE);
	CHECK_STR(capture_err(),
		  "modxs: error: invalid module name 'a-b': use only letters, digits and '_'\n");

	capture_start();
	rc = modname_check_ident(msgs, "st1");
	CHECK(rc == RC_OK);
	CHECK_STR(capture_err(), "");
}

/* -c: -n, a declaration in any source, mod_NAME of a source, of the output, its stem. */
static void test_for_build(void)
{
	char *plain = path_in("plain.c");
	char *declares = path_in("declares.c");
	char *mod_src = path_in("mod_fromsrc.c");
	char *missing = path_in("missing.c");

	scratch_put_in(dir, "plain.c", "int x;\n");
	scratch_put_in(dir, "declares.c", "AP_DECLARE_MODULE(declared) = {};\n");
	scratch_put_in(dir, "mod_fromsrc.c", "int y;\n");

	const char *both[] = {mod_src, declares};
	CHECK_NAME(modname_for_build("given", both, 2, "mod_out.la"), "given");
	/* A declaration in a later source beats the file name of an earlier one. */
	CHECK_NAME(modname_for_build(NULL, both, 2, "mod_out.la"), "declared");

	const char *named[] = {missing, plain, mod_src};
	CHECK_NAME(modname_for_build(NULL, named, 3, "mod_out.la"), "fromsrc");

	const char *none[] = {plain};
	CHECK_NAME(modname_for_build(NULL, none, 1, "dir/mod_out.la"), "out");
	CHECK_NAME(modname_for_build(NULL, none, 1, "dir/other.la"), "other");
	CHECK_NAME(modname_for_build(NULL, NULL, 0, "dir/.hidden"), ".hidden");

	free(plain);
	free(declares);
	free(mod_src);
	free(missing);
}

/* -i and -a: -n, the source beside the file, the object's record, the file name; validated. */
static void test_for_install(void)
{
	char *beside = path_in("mod_file.la");
	char *plain = path_in("mod_plain.so");
	char *bare = path_in("bare.so");
	char *name = NULL;
	struct fmt sym;
	int rc;

	CHECK(fmt_parse(&sym, "%s_module", 1, 1) == FMT_OK);
	scratch_put_in(dir, "mod_file.c", "module AP_MODULE_DECLARE_DATA inside_module = {};\n");
	scratch_put_in(dir, "mod_plain.so", "not an ELF object\n");
	scratch_put_in(dir, "bare.so", "not an ELF object\n");

	CHECK(modname_for_install(msgs, lib, "given", beside, beside, &sym, NULL, &name) == RC_OK);
	CHECK_NAME(name, "given");
	CHECK(modname_for_install(msgs, lib, NULL, beside, beside, &sym, NULL, &name) == RC_OK);
	CHECK_NAME(name, "inside");
	/* An object that is not ELF names nothing; the file name does. */
	CHECK(modname_for_install(msgs, lib, NULL, plain, plain, &sym, NULL, &name) == RC_OK);
	CHECK_NAME(name, "plain");

	capture_start();
	rc = modname_for_install(msgs, lib, NULL, bare, bare, &sym, NULL, &name);
	const char *err = capture_err();
	char *want = xasprintf("modxs: error: cannot work out the module name of '%s': give it "
			       "with -n NAME\n",
			       bare);
	CHECK(rc == RC_USAGE);
	CHECK_STR(err, want);
	CHECK(name == NULL);
	free(want);

	capture_start();
	rc = modname_for_install(msgs, lib, "a;b", beside, beside, &sym, NULL, &name);
	CHECK(rc == RC_USAGE);
	CHECK_STR(capture_err(),
		  "modxs: error: invalid module name 'a;b': use only letters, digits and '_'\n");
	free(name);

	free(beside);
	free(plain);
	free(bare);
	fmt_release(&sym);
}

int main(void)
{
	if (deps_load(msgs, "", &lib) != RC_OK)
		return 2;
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

	CHECK(modname_exports(lib, "/nonexistent.so", "x_module") == -1);
	struct fmt sym;
	CHECK(fmt_parse(&sym, "%s_module", 1, 1) == FMT_OK);
	CHECK_NAME(modname_from_object(lib, "/nonexistent.so", &sym), NULL);
	fmt_release(&sym);

	capture_stderr("modxs");
	if (!mkdtemp(dir)) {
		perror(dir);
		return 2;
	}
	test_messages();
	test_for_build();
	test_for_install();
	{
		const char *files[] = {"plain.c",    "declares.c",   "mod_fromsrc.c",
				       "mod_file.c", "mod_plain.so", "bare.so"};
		for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
			char *p = path_in(files[i]);
			unlink(p);
			free(p);
		}
		rmdir(dir);
	}

	return check_status("test_modname");
}
