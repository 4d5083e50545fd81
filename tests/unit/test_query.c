/* test_query.c: -q's one path: its sort, its formats, and what each persona answers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "check.h"
#include "msg.h"
#include "query.h"
#include "vars.h"

/* What one call printed, as the registered handler and sink received it. */
struct printed {
	char *out;
	char err[1024];
	int rc;
};

static void printed_release(struct printed *p)
{
	free(p->out);
	memset(p, 0, sizeof(*p));
}

static struct printed run(struct ctx *c)
{
	struct printed p = {NULL, "", 0};

	capture_start();
	c->msgs = msgs;
	p.rc = query_run(c);
	p.out = xstrdup(capture_out());
	snprintf(p.err, sizeof(p.err), "%s", capture_err());
	return p;
}

static char *print(const struct query_answers *a, enum query_format f)
{
	struct buf b = BUF_INIT;

	query_render(a, f, &b);
	return buf_detach(&b);
}

static void test_print(void)
{
	struct query_answers a = QUERY_ANSWERS_INIT;
	char *s;

	query_answers_add(&a, "CC", xstrdup("gcc"));
	query_answers_add(&a, "LIBEXECDIR", xstrdup("/usr/lib/mods"));
	query_answers_add(&a, "EMPTY", xstrdup(""));
	CHECK_STR(s = print(&a, QUERY_JOINED), "gcc;;/usr/lib/mods;;\n");
	free(s);
	CHECK_STR(s = print(&a, QUERY_LINES), "CC=gcc\nLIBEXECDIR=/usr/lib/mods\nEMPTY=\n");
	free(s);
	CHECK_STR(s = print(&a, QUERY_ALIGNED), "CC         = gcc\n"
						"LIBEXECDIR = /usr/lib/mods\n"
						"EMPTY      = \n");
	free(s);
	CHECK_STR(s = print(&a, QUERY_JSON),
		  "{\"CC\":\"gcc\",\"LIBEXECDIR\":\"/usr/lib/mods\",\"EMPTY\":\"\"}\n");
	free(s);
	query_answers_release(&a);
	CHECK(a.n == 0 && a.v == NULL);

	/* Nothing to print: one empty line, or an empty object. */
	CHECK_STR(s = print(&a, QUERY_JOINED), "\n");
	free(s);
	CHECK_STR(s = print(&a, QUERY_LINES), "");
	free(s);
	CHECK_STR(s = print(&a, QUERY_JSON), "{}\n");
	free(s);
	/* JSON escapes what it must. */
	query_answers_add(&a, "CFLAGS", xstrdup("-DMSG=\"a\\b\"\t"));
	CHECK_STR(s = print(&a, QUERY_JSON), "{\"CFLAGS\":\"-DMSG=\\\"a\\\\b\\\"\\t\"}\n");
	free(s);
	query_answers_release(&a);
}

static void test_sort(void)
{
	static const char *const names[] = {"LIB_X", "LIBS_SHLIB", "libexecdir", "LIBZ",
					    "LIBS",  "LIBEXECDIR", "CC"};
	static const char *const want[] = {"CC",	 "LIBEXECDIR", "libexecdir", "LIBS",
					   "LIBS_SHLIB", "LIBZ",       "LIB_X"};
	struct query_answers a = QUERY_ANSWERS_INIT;

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		query_answers_add(&a, names[i], xstrdup(""));
	query_answers_sort(&a);
	CHECK(a.n == sizeof(want) / sizeof(*want));
	/* By uppercased name, '_' after the letters; byte order between cases. */
	for (size_t i = 0; i < a.n; i++)
		CHECK_STR(a.v[i].name, want[i]);
	query_answers_release(&a);
}

/*
 * A context as a host profile leaves it: platform facts, the host file's
 * variables (with apxs's own TARGET among them), a reference to expand.
 */
static void fill(struct ctx *c, struct request *o, enum persona p)
{
	memset(c, 0, sizeof(*c));
	request_init(o, p);
	c->req = o;
	c->host.file = "/data/hosts/web.json";
	vars_set(&c->vars, "PIC_FLAG", "-fPIC", VAR_PLATFORM);
	vars_set(&c->vars, "prefix", "/srv/web", VAR_HOST);
	vars_set(&c->vars, "libexecdir", "${prefix}/modules", VAR_HOST);
	vars_set(&c->vars, "TARGET", "web", VAR_HOST);
	vars_set(&c->vars, "LIBS_SHLIB", "-lweb", VAR_HOST);
	vars_set(&c->vars, "CC", "gcc", VAR_HOST);
}

static void unfill(struct ctx *c, struct request *o)
{
	vars_release(&c->vars);
	request_release(o);
}

#define CHECK_RUN(c, want_rc, want_out, want_err)          \
	do {                                               \
		struct printed p_ = run(c);                \
		CHECK(p_.rc == (want_rc));                 \
		CHECK_STR(p_.out ? p_.out : "", want_out); \
		CHECK_STR(p_.err, want_err);               \
		printed_release(&p_);                      \
	} while (0)

/* modxs and prxs list every variable, expanded; names must all be known. */
static void test_modxs(enum persona p)
{
	struct request o;
	struct ctx c;

	fill(&c, &o, p);
	CHECK_RUN(&c, RC_OK,
		  "PIC_FLAG=-fPIC\nprefix=/srv/web\nlibexecdir=/srv/web/modules\n"
		  "TARGET=web\nLIBS_SHLIB=-lweb\nCC=gcc\n",
		  "");
	o.verbose = true;
	CHECK_RUN(&c, RC_OK,
		  "CC         = gcc\nlibexecdir = /srv/web/modules\nLIBS_SHLIB = -lweb\n"
		  "PIC_FLAG   = -fPIC\nprefix     = /srv/web\nTARGET     = web\n",
		  "");
	o.verbose = false;
	strvec_push(&o.args, "libexecdir");
	strvec_push(&o.args, "PIC_FLAG");
	CHECK_RUN(&c, RC_OK, "/srv/web/modules;;-fPIC\n", "");
	o.json = true;
	CHECK_RUN(&c, RC_OK, "{\"libexecdir\":\"/srv/web/modules\",\"PIC_FLAG\":\"-fPIC\"}\n", "");
	o.json = false;
	/* The lowercase fallback, as apxs's. */
	strvec_push(&o.args, "LIBEXECDIR");
	CHECK_RUN(&c, RC_OK, "/srv/web/modules;;-fPIC;;/srv/web/modules\n", "");
	/* One unknown name fails the lot, wherever it is. */
	strvec_push(&o.args, "NO_SUCH");
	strvec_push(&o.args, "CC");
	msgs->prog = persona_name(p);
	char *err = xasprintf("%s: error: invalid query string 'NO_SUCH'\n", persona_name(p));
	CHECK_RUN(&c, RC_USAGE, "", err);
	free(err);
	msgs->prog = "modxs";
	unfill(&c, &o);
}

/* A reference cycle is a data error that names the profile. */
static void test_modxs_cycle(void)
{
	struct request o;
	struct ctx c;

	fill(&c, &o, PERSONA_MODXS);
	vars_set(&c.vars, "LOOP", "$(LOOP)", VAR_HOST);
	strvec_push(&o.args, "LOOP");
	struct printed p = run(&c);
	CHECK(p.rc == RC_DATA);
	CHECK_STR(p.out, "");
	const char *want = "modxs: error: '/data/hosts/web.json': ";
	CHECK(strncmp(p.err, want, strlen(want)) == 0);
	printed_release(&p);
	unfill(&c, &o);
}

/* apxs lists its file's own variables as written, and looks names up as get_vars. */
static void test_apxs(void)
{
	struct request o;
	struct ctx c;

	fill(&c, &o, PERSONA_APXS);
	CHECK_RUN(&c, RC_OK, "prefix=/srv/web\nlibexecdir=${prefix}/modules\nCC=gcc\n", "");
	o.verbose = true;
	CHECK_RUN(&c, RC_OK,
		  "CC         = gcc\nlibexecdir = ${prefix}/modules\nprefix     = /srv/web\n", "");
	o.verbose = false;
	/* Perl interpolation, and the lowercase fallback. */
	strvec_push(&o.args, "LIBEXECDIR");
	CHECK_RUN(&c, RC_OK, "/srv/web/modules\n", "");
	/* After a name is found, unknown ones are skipped. */
	strvec_push(&o.args, "NOPE");
	CHECK_RUN(&c, RC_OK, "/srv/web/modules\n", "");
	/* apxs's own names: TARGET from its variable, the *_SHLIB ones empty. */
	strvec_release(&o.args);
	strvec_push(&o.args, "LIBS_SHLIB");
	CHECK_RUN(&c, RC_OK, "\n", "");
	strvec_release(&o.args);
	strvec_push(&o.args, "TARGET");
	strvec_push(&o.args, "LIBS_SHLIB");
	CHECK_RUN(&c, RC_OK, "web\n", "");
	/* After a name is found, apxs's own names are no longer consulted. */
	strvec_release(&o.args);
	strvec_push(&o.args, "CC");
	strvec_push(&o.args, "LIBS_SHLIB");
	strvec_push(&o.args, "CC");
	CHECK_RUN(&c, RC_OK, "gcc;;gcc\n", "");
	/* An unknown first name fails. */
	strvec_release(&o.args);
	strvec_push(&o.args, "NOPE");
	strvec_push(&o.args, "CC");
	msgs->prog = "apxs";
	CHECK_RUN(&c, RC_USAGE, "", "apxs: error: invalid query string 'NOPE'\n");
	msgs->prog = "modxs";
	/* --json keeps apxs's listing, and -S shows in it. */
	strvec_release(&o.args);
	o.json = true;
	vars_set(&c.vars, "PIC_FLAG", "-fpic", VAR_OVERRIDE);
	CHECK_RUN(&c, RC_OK,
		  "{\"CC\":\"gcc\",\"libexecdir\":\"${prefix}/modules\",\"PIC_FLAG\":\"-fpic\","
		  "\"prefix\":\"/srv/web\"}\n",
		  "");
	unfill(&c, &o);
}

int main(void)
{
	test_print();
	test_sort();
	test_modxs(PERSONA_MODXS);
	test_modxs(PERSONA_PRXS);
	test_modxs_cycle();
	test_apxs();
	return check_status("test_query");
}
