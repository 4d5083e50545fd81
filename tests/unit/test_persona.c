/* test_persona.c: apxs's Perl interpolation of config_vars.mk values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "persona.h"
#include "vars.h"

#define CHECK_VALUE(t, name, want)                                                                 \
	do {                                                                                       \
		char *got_ = apxs_value((t), (name));                                              \
		const char *want_ = (want);                                                        \
		if ((got_ == NULL) != (want_ == NULL) || (got_ && strcmp(got_, want_) != 0)) {     \
			fprintf(stderr, "%s:%d: apxs_value(%s): got %s%s%s, want %s%s%s\n",        \
				__FILE__, __LINE__, (name), got_ ? "'" : "", got_ ? got_ : "NULL", \
				got_ ? "'" : "", want_ ? "'" : "", want_ ? want_ : "NULL",         \
				want_ ? "'" : "");                                                 \
			failures++;                                                                \
		}                                                                                  \
		free(got_);                                                                        \
	} while (0)

static void host(struct vars *t, const char *name, const char *raw)
{
	vars_set(t, name, raw, VAR_HOST);
}

int main(void)
{
	struct vars t = VARS_INIT;

	host(&t, "prefix", "/opt/httpd");
	host(&t, "exec_prefix", "${prefix}");
	host(&t, "includedir", "${exec_prefix}/include");
	host(&t, "sysconfdir", "$(prefix)/conf");
	host(&t, "htdocsdir", "${prefix}/htdocs");
	host(&t, "manualdir", "${htdocsdir}/manual");
	host(&t, "LIBTOOL", "/usr/bin/libtool");
	host(&t, "SH_LIBTOOL", "$(LIBTOOL)");
	host(&t, "EXTRA_INCLUDES", "-I$(includedir) -I.");
	host(&t, "PARENS", "f(x) (y)");
	host(&t, "MAIL", "root@localhost");
	host(&t, "AT_END", "a @ b");
	host(&t, "ESCAPED", "a\\$b c\\\\d");
	host(&t, "TRAILING", "-O2 ");
	host(&t, "EMPTY", "");
	host(&t, "INDEXED", "$prefix[0]");
	host(&t, "LONE_DOLLAR", "cost $");
	vars_set(&t, "PIC_FLAG", "-fPIC", VAR_PLATFORM);

	/* What apxs prints: its own Perl variables interpolate. */
	CHECK_VALUE(&t, "prefix", "/opt/httpd");
	CHECK_VALUE(&t, "exec_prefix", "/opt/httpd");
	CHECK_VALUE(&t, "includedir", "/opt/httpd/include");
	CHECK_VALUE(&t, "sysconfdir", "/opt/httpd/conf");
	CHECK_VALUE(&t, "EXTRA_INCLUDES", "-I/opt/httpd/include -I.");
	/* The lowercase fallback, as get_vars does it. */
	CHECK_VALUE(&t, "SYSCONFDIR", "/opt/httpd/conf");
	/* Parentheses vanish, trailing blanks stay, backslashes escape. */
	CHECK_VALUE(&t, "PARENS", "fx y");
	CHECK_VALUE(&t, "TRAILING", "-O2 ");
	CHECK_VALUE(&t, "EMPTY", "");
	CHECK_VALUE(&t, "ESCAPED", "a$b c\\d");
	CHECK_VALUE(&t, "AT_END", "a @ b");
	/* Where Perl fails under strict (apxs warns and prints ""): NULL. */
	CHECK_VALUE(&t, "manualdir", NULL);
	CHECK_VALUE(&t, "SH_LIBTOOL", NULL);
	CHECK_VALUE(&t, "MAIL", NULL);
	CHECK_VALUE(&t, "INDEXED", NULL);
	CHECK_VALUE(&t, "LONE_DOLLAR", NULL);
	/* Only the host's file variables are apxs's; platform facts are not. */
	CHECK_VALUE(&t, "PIC_FLAG", NULL);
	CHECK_VALUE(&t, "NO_SUCH", NULL);

	vars_release(&t);

	/* apxs's own variables referring to each other end, too. */
	host(&t, "prefix", "${exec_prefix}");
	host(&t, "exec_prefix", "${prefix}");
	CHECK_VALUE(&t, "prefix", NULL);
	vars_release(&t);
	return check_status("test_persona");
}
