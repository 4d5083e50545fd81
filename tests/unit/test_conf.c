/* test_conf.c: LoadModule edits of config texts, line by line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "check.h"
#include "conf.h"
#include "msg.h"
#include "util.h"

static const char *line_x = "LoadModule x_module /m/mod_x.so";

/* Apply one edit; returns the new text (the old one when unchanged), NULL on error. */
/* ProFTPD's syntax: LoadModule mod_x.c, new lines inside <IfModule mod_dso.c>. */
static const struct conf_syntax proftpd = {"LoadModule", 1,    0,     '#', "IfModule",
					   "mod_dso.c",	 NULL, false, NULL};

static char *edit(const char *text, enum conf_action a, const char *key, const char *line, bool dso,
		  struct conf_result *res)
{
	struct conf_edit e = {a, key, line, dso ? &proftpd : NULL};
	struct buf out = BUF_INIT;
	struct conf_result local;

	if (!res)
		res = &local;
	if (conf_apply(msgs, "test.conf", text, strlen(text), &e, &out, res) != RC_OK) {
		buf_release(&out);
		conf_result_release(res);
		return NULL;
	}
	if (res == &local)
		conf_result_release(res);
	if (!res->changed) {
		buf_release(&out);
		return xstrdup(text);
	}
	return buf_detach(&out);
}

static char *activate(const char *text, struct conf_result *res)
{
	return edit(text, CONF_ACTIVATE, "x_module", line_x, false, res);
}

static void test_replace_in_place(void)
{
	struct conf_result res;
	char *s = activate("A\n  LoadModule x_module /old/mod_x.so\nB\n", &res);
	CHECK_STR(s, "A\n  LoadModule x_module /m/mod_x.so\nB\n");
	CHECK(res.changed && res.found && res.line == 2 && !res.where);
	free(s);

	s = activate("# LoadModule x_module /old/mod_x.so\nLoadModule y_module y.so\n", NULL);
	CHECK_STR(s, "LoadModule x_module /m/mod_x.so\nLoadModule y_module y.so\n");
	free(s);

	/* The active line wins over a commented one, and nothing is duplicated. */
	s = activate("#LoadModule x_module a.so\nLoadModule x_module b.so\n", NULL);
	CHECK_STR(s, "#LoadModule x_module a.so\nLoadModule x_module /m/mod_x.so\n");
	free(s);
}

static void test_same_line_is_no_change(void)
{
	struct conf_result res;
	char *s = activate("LoadModule x_module /m/mod_x.so\n", &res);
	CHECK(!res.changed && res.found);
	CHECK_STR(s, "LoadModule x_module /m/mod_x.so\n");
	free(s);
}

static void test_commented(void)
{
	char *s = edit("LoadModule x_module /old.so\n", CONF_COMMENTED, "x_module", line_x, false,
		       NULL);
	CHECK_STR(s, "#LoadModule x_module /m/mod_x.so\n");
	free(s);
	s = edit("LoadModule a_module a.so\n", CONF_COMMENTED, "x_module", line_x, false, NULL);
	CHECK_STR(s, "LoadModule a_module a.so\n#LoadModule x_module /m/mod_x.so\n");
	free(s);
}

static void test_insert_after_last_top_level(void)
{
	const char *in = "LoadModule a_module a.so\n"
			 "#LoadModule b_module b.so\n"
			 "<IfModule foo>\n"
			 "  LoadModule c_module c.so\n"
			 "</IfModule>\n"
			 "Listen 80\n";
	struct conf_result res;
	char *s = activate(in, &res);
	CHECK_STR(s, "LoadModule a_module a.so\n"
		     "#LoadModule b_module b.so\n"
		     "LoadModule x_module /m/mod_x.so\n"
		     "<IfModule foo>\n"
		     "  LoadModule c_module c.so\n"
		     "</IfModule>\n"
		     "Listen 80\n");
	CHECK(res.line == 3 && !res.found && !res.where);
	free(s);
}

static void test_insert_before_section_or_at_end(void)
{
	struct conf_result res;
	char *s = activate("ServerRoot /x\n<Directory />\n</Directory>\n", &res);
	CHECK_STR(s,
		  "ServerRoot /x\nLoadModule x_module /m/mod_x.so\n<Directory />\n</Directory>\n");
	CHECK(res.where && strstr(res.where, "before the first section, line 2"));
	conf_result_release(&res);
	free(s);

	s = activate("ServerRoot /x\nListen 80\n", &res);
	CHECK_STR(s, "ServerRoot /x\nListen 80\nLoadModule x_module /m/mod_x.so\n");
	CHECK(res.where && strstr(res.where, "at the end, line 3"));
	conf_result_release(&res);
	free(s);

	s = activate("", NULL);
	CHECK_STR(s, "LoadModule x_module /m/mod_x.so\n");
	free(s);
}

static void test_unbalanced_sections(void)
{
	CHECK(!activate("<Directory />\nLoadModule a_module a.so\n", NULL));
	CHECK(!activate("</Directory>\n", NULL));
	CHECK(!activate("<Directory />\n</Location>\n", NULL));
	/* Section tags in comments do not count. */
	char *s = activate("#<Directory />\n", NULL);
	CHECK(s != NULL);
	free(s);
}

static void test_crlf_and_final_newline(void)
{
	char *s = activate("LoadModule a_module a.so\r\nListen 80\r\n", NULL);
	CHECK_STR(s,
		  "LoadModule a_module a.so\r\nLoadModule x_module /m/mod_x.so\r\nListen 80\r\n");
	free(s);

	s = activate("Listen 80", NULL);
	CHECK_STR(s, "Listen 80\nLoadModule x_module /m/mod_x.so\n");
	free(s);

	s = activate("A\nLoadModule x_module old.so", NULL);
	CHECK_STR(s, "A\nLoadModule x_module /m/mod_x.so");
	free(s);

	s = activate("Listen 80\r\nServerName x", NULL);
	CHECK_STR(s, "Listen 80\r\nServerName x\r\nLoadModule x_module /m/mod_x.so\r\n");
	free(s);
}

static void test_deactivate_and_remove(void)
{
	struct conf_result res;
	char *s = edit("  LoadModule x_module a.so\n", CONF_DEACTIVATE, "x_module", NULL, false,
		       &res);
	CHECK_STR(s, "  #LoadModule x_module a.so\n");
	CHECK(res.changed && res.found);
	free(s);

	s = edit("#LoadModule x_module a.so\n", CONF_DEACTIVATE, "x_module", NULL, false, &res);
	CHECK(!res.changed && res.found);
	free(s);

	s = edit("A\n", CONF_DEACTIVATE, "x_module", NULL, false, &res);
	CHECK(!res.changed && !res.found);
	free(s);

	s = edit("LoadModule x_module a.so\nB\n#LoadModule x_module b.so\n", CONF_REMOVE,
		 "x_module", NULL, false, NULL);
	CHECK_STR(s, "B\n");
	free(s);
}

static void test_proftpd_block(void)
{
	const char *line = "LoadModule mod_x.c";
	char *s = edit("ServerName x\n", CONF_ACTIVATE, "mod_x.c", line, true, NULL);
	CHECK_STR(s, "ServerName x\n<IfModule mod_dso.c>\n  LoadModule mod_x.c\n</IfModule>\n");
	free(s);

	s = edit("<IfModule mod_dso.c>\n  LoadModule mod_a.c\n  LoadModule mod_b.c\n</IfModule>\n",
		 CONF_ACTIVATE, "mod_x.c", line, true, NULL);
	CHECK_STR(s, "<IfModule mod_dso.c>\n  LoadModule mod_a.c\n  LoadModule mod_b.c\n"
		     "  LoadModule mod_x.c\n</IfModule>\n");
	free(s);

	s = edit("<IfModule mod_dso.c>\n</IfModule>\n", CONF_ACTIVATE, "mod_x.c", line, true, NULL);
	CHECK_STR(s, "<IfModule mod_dso.c>\n  LoadModule mod_x.c\n</IfModule>\n");
	free(s);

	/* An existing line keeps its place, so the load order stays. */
	s = edit("#LoadModule mod_x.c\nLoadModule mod_a.c\n", CONF_ACTIVATE, "mod_x.c", line, true,
		 NULL);
	CHECK_STR(s, "LoadModule mod_x.c\nLoadModule mod_a.c\n");
	free(s);
}

static void test_nul_and_deep_nesting(void)
{
	struct conf_edit e = {CONF_ACTIVATE, "x_module", line_x, NULL};
	struct buf out = BUF_INIT;
	struct conf_result res;
	CHECK(conf_apply(msgs, "t", "A\n\0B\n", 5, &e, &out, &res) == RC_CONF);
	buf_release(&out);

	struct buf deep = BUF_INIT;
	for (int i = 0; i < 10000; i++)
		buf_puts(&deep, "<If x>\n");
	for (int i = 0; i < 10000; i++)
		buf_puts(&deep, "</If>\n");
	char *s = activate(deep.s, NULL);
	CHECK(s && str_starts(s, "LoadModule x_module"));
	free(s);
	buf_release(&deep);
}

/* Binary bytes are found wherever they sit in a line, words of eight bytes or not. */
static void test_binary_bytes(void)
{
	/* In a whole word, in a short tail, in a tail that overlaps a checked word. */
	static const char *bad[] = {"Listen 80 abcdefgh\x01xyz\n",
				    "ab\x7f\n",
				    "0123456789abcdef0123456\x1b\n",
				    "\x02",
				    "0123456789\x01\n",
				    "\t012345678\x7f\n"};
	static const char *good[] = {"ServerName caf\xc3\xa9\t\t\t\t\t\t\t\t\tx\r\n",
				     "\f\v\t# \xe6\x97\xa5\xe6\x9c\xac\n", "0123456789\tab\n",
				     "\t0123456789abcdef\tz\n"};

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		char *s = activate(bad[i], NULL);
		CHECK(s == NULL);
		free(s);
	}
	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++) {
		char *s = activate(good[i], NULL);
		CHECK(s != NULL);
		free(s);
	}
}

static void test_scan_and_directive(void)
{
	const char *t = "ModulePath /a\n#LoadModule a_module a.so\n<X>\nLoadModule b_module "
			"\"/b c.so\"\n</X>\nModulePath /z\n";
	struct conf_module *m;
	size_t n;
	conf_scan(msgs, NULL, t, strlen(t), &m, &n);
	CHECK(n == 2);
	if (n == 2) {
		CHECK_STR(m[0].key, "a_module");
		CHECK(!m[0].active && m[0].line == 2);
		CHECK_STR(m[1].path, "/b c.so");
		CHECK(m[1].active && m[1].line == 4);
	}
	conf_scan_release(m, n);
	char *d = conf_directive(msgs, NULL, t, strlen(t), "modulepath");
	CHECK_STR(d, "/z");
	free(d);
}

static void test_scan_tells_prose_from_lines_set_aside(void)
{
	const char *t = "#LoadModule a_module a.so\n#  LoadModule b_module b.so\n"
			"##\tLoadModule c_module c.so\n  LoadModule d_module d.so\n";
	struct conf_module *m;
	size_t n;

	conf_scan(msgs, NULL, t, strlen(t), &m, &n);
	CHECK(n == 4);
	if (n == 4) {
		CHECK(!m[0].active && !m[0].prose);
		CHECK(!m[1].active && m[1].prose);
		CHECK(!m[2].active && m[2].prose);
		/* Indentation before an active line is no comment's white space. */
		CHECK(m[3].active && !m[3].prose);
	}
	conf_scan_release(m, n);
}

/* An edit with syntax syn; the new text, or the old one when unchanged. */
static char *edit_as(const struct conf_syntax *syn, const char *text, enum conf_action a,
		     const char *key, const char *line)
{
	struct conf_edit e = {a, key, line, syn};
	struct buf out = BUF_INIT;
	struct conf_result res;
	int rc = conf_apply(msgs, "t.ini", text, strlen(text), &e, &out, &res);

	conf_result_release(&res);
	if (rc != RC_OK) {
		buf_release(&out);
		return NULL;
	}
	if (!res.changed) {
		buf_release(&out);
		return xstrdup(text);
	}
	return buf_detach(&out);
}

static void test_other_syntaxes(void)
{
	static const struct conf_syntax ini = {"extension", 1,	  0,	 ';', NULL,
					       NULL,	    NULL, false, NULL};
	static const struct conf_syntax swapped = {"UsePlugin", 2,    1,     '#', NULL,
						   NULL,	NULL, false, NULL};

	/* '=' with or without blanks, a quoted value, ';' comments. */
	char *s = edit_as(&ini, "[PHP]\n;extension = \"x.so\"\nextension=y.so\n", CONF_ACTIVATE,
			  "x.so", "extension=x.so");
	CHECK_STR(s, "[PHP]\nextension=x.so\nextension=y.so\n");
	free(s);
	s = edit_as(&ini, "[PHP]\nextension=x.so\n", CONF_DEACTIVATE, "x.so", NULL);
	CHECK_STR(s, "[PHP]\n;extension=x.so\n");
	free(s);
	/* "extensions=" is another directive, and '#' is no comment here. */
	s = edit_as(&ini, "extensions=x.so\n#extension=x.so\n", CONF_REMOVE, "x.so", NULL);
	CHECK_STR(s, "extensions=x.so\n#extension=x.so\n");
	free(s);
	/* The key is the second argument: a line naming x as its path is not x's. */
	s = edit_as(&swapped, "UsePlugin /p/x.so y\nUsePlugin /old/x.so x\n", CONF_ACTIVATE, "x",
		    "UsePlugin /new/x.so x");
	CHECK_STR(s, "UsePlugin /p/x.so y\nUsePlugin /new/x.so x\n");
	free(s);
	struct conf_module *m;
	size_t n;
	const char *t = "UsePlugin /a.so a\n# UsePlugin /b.so b\nUsePlugin\n";
	conf_scan(msgs, &swapped, t, strlen(t), &m, &n);
	CHECK(n == 2);
	if (n == 2) {
		CHECK_STR(m[0].key, "a");
		CHECK_STR(m[0].path, "/a.so");
		CHECK(!m[1].active && strcmp(m[1].key, "b") == 0);
	}
	conf_scan_release(m, n);
	t = "extension_dir = \"/x\"\n";
	char *d = conf_directive(msgs, &ini, t, strlen(t), "extension_dir");
	CHECK_STR(d, "/x");
	free(d);
}

static void test_diff(void)
{
	const char *a = "1\n2\n3\n4\n5\n6\n7\n8\n";
	const char *b = "1\n2\n3\n4\nX\n5\n6\n7\n8\n";
	struct buf d = BUF_INIT;
	conf_diff("f", a, strlen(a), "f", b, strlen(b), &d);
	CHECK_STR(d.s, "--- f\n+++ f\n@@ -2,6 +2,7 @@\n 2\n 3\n 4\n+X\n 5\n 6\n 7\n");
	buf_release(&d);
	conf_diff("/dev/null", "", 0, "f", "L\n", 2, &d);
	CHECK_STR(d.s, "--- /dev/null\n+++ f\n@@ -0,0 +1,1 @@\n+L\n");
	buf_release(&d);
}

/* An include ends as the module line does: nginx's "include mime.types;" names mime.types. */
static void test_include_before_tail(void)
{
	static const struct conf_syntax nginx = {"load_module", 1,   0,	   '#', NULL,
						 NULL,		";", true, NULL};
	const char text[] = "include mime.types;\ninclude /etc/x/*.conf ;\n";
	char path[] = "/tmp/modxs-test-conf-XXXXXX";
	int fd = mkstemp(path);
	struct strvec names = STRVEC_INIT;
	struct conf_module *m = NULL;
	size_t n = 0;

	CHECK(fd >= 0 && write(fd, text, sizeof(text) - 1) == (ssize_t)(sizeof(text) - 1));
	close(fd);
	strvec_push(&names, "include");
	CHECK(conf_find_file(msgs, &nginx, path, &names, &m, &n) == 0 && n == 2);
	CHECK(n == 2 && strcmp(m[0].path, "mime.types") == 0 &&
	      strcmp(m[1].path, "/etc/x/*.conf") == 0);
	for (size_t i = 0; i < n; i++) {
		free(m[i].key);
		free(m[i].path);
	}
	free(m);
	strvec_release(&names);
	unlink(path);
}

/* A module the profile keeps last stays after a new line, with the comment above it. */
static void test_keep_last(void)
{
	static const char *const last[] = {"mod_ifsession.c", NULL};
	struct conf_syntax top = {"LoadModule", 1, 0, '#', NULL, NULL, NULL, false, last};
	struct conf_syntax dso = proftpd;
	struct conf_edit e = {CONF_ACTIVATE, "mod_x.c", "LoadModule mod_x.c", &top};
	const char *t = "LoadModule mod_a.c\n\n# keep this module the last one\n"
			"LoadModule mod_ifsession.c\n";
	const char *d = "<IfModule mod_dso.c>\n  LoadModule mod_a.c\n  LoadModule mod_ifsession.c\n"
			"  LoadModule mod_b.c\n</IfModule>\n";
	struct conf_result res;
	struct buf out = BUF_INIT;

	CHECK(conf_apply(msgs, "test.conf", t, strlen(t), &e, &out, &res) == RC_OK);
	CHECK_STR(out.s,
		  "LoadModule mod_a.c\n\nLoadModule mod_x.c\n# keep this module the last one\n"
		  "LoadModule mod_ifsession.c\n");
	conf_result_release(&res);
	buf_release(&out);
	dso.keep_last = last;
	e.syn = &dso;
	CHECK(conf_apply(msgs, "test.conf", d, strlen(d), &e, &out, &res) == RC_OK);
	CHECK_STR(out.s, "<IfModule mod_dso.c>\n  LoadModule mod_a.c\n  LoadModule mod_x.c\n"
			 "  LoadModule mod_ifsession.c\n  LoadModule mod_b.c\n</IfModule>\n");
	conf_result_release(&res);
	buf_release(&out);
}

/* One read gives both the directives asked for and every module line. */
static void test_collect_file(void)
{
	const char text[] = "ServerRoot /r\nInclude a.conf\nLoadModule x_module x.so\n"
			    "#LoadModule y_module y.so\n#Include b.conf\n";
	char path[] = "/tmp/modxs-test-conf-XXXXXX";
	int fd = mkstemp(path);
	struct strvec names = STRVEC_INIT;
	struct conf_module *d = NULL, *m = NULL;
	size_t nd = 0, nm = 0;

	CHECK(fd >= 0 && write(fd, text, sizeof(text) - 1) == (ssize_t)(sizeof(text) - 1));
	close(fd);
	strvec_push(&names, "include");
	strvec_push(&names, "serverroot");
	CHECK(conf_collect_file(msgs, NULL, path, &names, &d, &nd, &m, &nm) == 0);
	CHECK(nd == 2 && nm == 2);
	if (nd == 2 && nm == 2) {
		CHECK_STR(d[0].key, "ServerRoot");
		CHECK_STR(d[0].path, "/r");
		CHECK_STR(d[1].path, "a.conf");
		CHECK(m[0].active && !m[1].active && m[1].line == 4);
		CHECK_STR(m[1].key, "y_module");
	}
	conf_scan_release(d, nd);
	conf_scan_release(m, nm);
	/* Without a place for module lines, only the directives. */
	CHECK(conf_collect_file(msgs, NULL, path, &names, &d, &nd, NULL, NULL) == 0 && nd == 2);
	conf_scan_release(d, nd);
	strvec_release(&names);
	unlink(path);
}

int main(void)
{
	capture_stderr("modxs");
	test_replace_in_place();
	test_include_before_tail();
	test_collect_file();
	test_keep_last();
	test_same_line_is_no_change();
	test_commented();
	test_insert_after_last_top_level();
	test_insert_before_section_or_at_end();
	test_unbalanced_sections();
	test_crlf_and_final_newline();
	test_deactivate_and_remove();
	test_proftpd_block();
	test_nul_and_deep_nesting();
	test_binary_bytes();
	test_scan_and_directive();
	test_scan_tells_prose_from_lines_set_aside();
	test_other_syntaxes();
	test_diff();
	return check_status("test_conf");
}
