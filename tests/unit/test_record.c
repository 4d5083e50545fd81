/* test_record.c: loading platform.json and host profiles, and what a bad one says. */
#include <cjson/cJSON.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture.h"
#include "check.h"
#include "jsonfile.h"
#include "msg.h"
#include "record.h"
#include "scratch.h"

static char dir[] = "/tmp/modxs-test-record-XXXXXX";

/* Check that what was reported is exactly the error want (one line, newline added). */
#define CHECK_ERR(got, want) check_err(got, want, __LINE__)

static void check_err(const char *got, const char *want, int line)
{
	char *w = xasprintf("modxs: error: %s\n", want);
	if (strcmp(got, w) != 0) {
		fprintf(stderr, "%s:%d: stderr\n  want: %s  got:  %s", __FILE__, line, w,
			*got ? got : "(nothing)\n");
		failures++;
	}
	free(w);
}

static char *path_in(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static const char platform[] = "{\n"
			       "  \"modxs_platform\": 1,\n"
			       "  \"default_host\": \"demo\",\n"
			       "  \"vars\": {\n"
			       "    \"CC\": \"cc\",\n"
			       "    \"CFLAGS\": \"-O2\",\n"
			       "    \"PIC_FLAG\": \"-fPIC\"\n"
			       "  }\n"
			       "}\n";

static const char demo[] = "{\n"
			   "  \"modxs_profile\": 1,\n"
			   "  \"name\": \"demo\",\n"
			   "  \"vars\": {\n"
			   "    \"TARGET\": \"demo\",\n"
			   "    \"CFLAGS\": \"-g $(PIC_FLAG)\",\n"
			   "    \"libexecdir\": \"/m\"\n"
			   "  }\n"
			   "}\n";

static void setup(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(2);
	}
	char *hosts = path_in("hosts");
	if (mkdir(hosts, 0700) < 0) {
		perror(hosts);
		exit(2);
	}
	free(hosts);
	scratch_put_in(dir, "platform.json", platform);
	scratch_put_in(dir, "hosts/demo.json", demo);
	scratch_put_in(dir, "hosts/other.json",
		       "{\"modxs_profile\": 1, \"name\": \"other\", "
		       "\"vars\": {\"TARGET\": \"other\"}}\n");
	setenv("MODXS_DATADIR", dir, 1);
	unsetenv("MODXS_HOST");
	msgs_init(msgs, "modxs");
}

static void teardown(void)
{
	const char *names[] = {"platform.json",
			       "hosts/demo.json",
			       "hosts/other.json",
			       "hosts/bad.json",
			       "bad.json",
			       "hosts",
			       NULL};
	for (size_t i = 0; names[i]; i++) {
		char *p = path_in(names[i]);
		if (remove(p) < 0 && strcmp(names[i], "bad.json") != 0 &&
		    strcmp(names[i], "hosts/bad.json") != 0)
			perror(p);
		free(p);
	}
	rmdir(dir);
}

/* json_load on text; returns what it reported, and whether it parsed. */
static const char *load_text(const char *text, bool *parsed)
{
	char *p = path_in("bad.json"), *kept = NULL;
	cJSON *root;

	scratch_put_in(dir, "bad.json", text);
	capture_start();
	root = json_load(msgs, p, &kept);
	const char *err = capture_err();
	*parsed = root != NULL;
	cJSON_Delete(root);
	free(kept);
	free(p);
	return err;
}

static void test_json_errors(void)
{
	bool parsed;
	char *want;

	const char *err = load_text("{\n  \"a\": 1,\n  \"b\": ,\n}\n", &parsed);
	CHECK(!parsed);
	/* Line and column of the culprit, never its text. */
	want = xasprintf("'%s/bad.json': line 3, column 8: malformed JSON", dir);
	CHECK_ERR(err, want);
	free(want);

	err = load_text("{\"a\": 1}\n\n{\"b\": 2}\n", &parsed);
	CHECK(!parsed);
	want = xasprintf("'%s/bad.json': line 3, column 1: trailing data after the JSON object",
			 dir);
	CHECK_ERR(err, want);
	free(want);

	err = load_text("", &parsed);
	CHECK(!parsed);
	want = xasprintf("'%s/bad.json': line 1: malformed JSON: the file is empty", dir);
	CHECK_ERR(err, want);
	free(want);

	err = load_text("[1, 2]\n", &parsed);
	CHECK(!parsed);
	want = xasprintf("'%s/bad.json': line 1: expected a JSON object", dir);
	CHECK_ERR(err, want);
	free(want);

	err = load_text("{\n\"unterminated\": \"abc\n}\n", &parsed);
	CHECK(!parsed);
	CHECK(strstr(err, "bad.json': line 2, column ") != NULL);
	CHECK(strstr(err, "abc") == NULL);

	err = load_text("{\"ok\": true}\n", &parsed);
	CHECK(parsed);
	CHECK(*err == '\0');

	char *missing = path_in("missing.json"), *kept = NULL;
	capture_start();
	CHECK(json_load(msgs, missing, &kept) == NULL);
	err = capture_err();
	want = xasprintf("cannot read '%s': No such file or directory", missing);
	CHECK_ERR(err, want);
	free(want);
	free(missing);
	free(kept);
}

/* ctx_load with a host name; returns rc and what it reported in *err. */
static int load(struct ctx *c, struct request *o, const char **err)
{
	capture_start();
	int rc = ctx_load(c, msgs, o);
	*err = capture_err();
	return rc;
}

static void test_layers(void)
{
	struct request o;
	struct ctx c;
	const char *err;

	request_init(&o, PERSONA_MODXS);
	strvec_push(&o.sets, "CC=clang");
	CHECK(load(&c, &o, &err) == RC_OK);
	CHECK(*err == '\0');
	CHECK(strcmp(c.host.name, "demo") == 0);
	/* The host's CFLAGS replace the platform's and may refer to platform vars. */
	CHECK(strcmp(ctx_var(&c, "CFLAGS"), "-g -fPIC") == 0);
	CHECK(strcmp(ctx_var(&c, "CC"), "clang") == 0);
	CHECK(strcmp(ctx_var(&c, "LIBEXECDIR"), "/m") == 0);
	CHECK(strcmp(ctx_var(&c, "MODXS_DATADIR"), dir) == 0);
	CHECK(strcmp(ctx_var(&c, "NOT_DEFINED"), "") == 0);
	/* Sections left out get the documented defaults. */
	CHECK(strcmp(c.host.load_fmt.text, "LoadModule %-18s %s") == 0);
	CHECK(strcmp(c.host.config_file, "$(SYSCONFDIR)/$(TARGET).conf") == 0);
	CHECK(strcmp(c.host.cxxflags, c.host.cflags) == 0);
	struct strvec w = STRVEC_INIT;
	CHECK(ctx_words(&c, "$(CC) '$(CFLAGS)' x", &w));
	CHECK(w.n == 3 && strcmp(w.v[1], "-g -fPIC") == 0);
	strvec_release(&w);
	ctx_release(&c);
	request_release(&o);
}

static void test_host_choice(void)
{
	struct request o;
	struct ctx c;
	const char *err;
	char *other = path_in("hosts/other.json");

	/* MODXS_HOST beats the recorded default. */
	setenv("MODXS_HOST", "other", 1);
	request_init(&o, PERSONA_MODXS);
	CHECK(load(&c, &o, &err) == RC_OK && strcmp(c.host.name, "other") == 0);
	ctx_release(&c);
	/* --profile beats MODXS_HOST. */
	setenv("MODXS_HOST", "nope", 1);
	o.profile = other;
	CHECK(load(&c, &o, &err) == RC_OK && strcmp(c.host.name, "other") == 0);
	ctx_release(&c);
	/* --host beats --profile. */
	o.host = "demo";
	CHECK(load(&c, &o, &err) == RC_OK && strcmp(c.host.name, "demo") == 0);
	ctx_release(&c);
	unsetenv("MODXS_HOST");

	o.profile = NULL;
	o.host = "missing";
	CHECK(load(&c, &o, &err) == RC_USAGE);
	CHECK_ERR(err, "unknown host 'missing'; known hosts: demo, other");
	ctx_release(&c);
	/* A name that could walk out of hosts/ is not looked up at all. */
	o.host = "../platform";
	CHECK(load(&c, &o, &err) == RC_USAGE);
	CHECK_ERR(err, "unknown host '../platform'; known hosts: demo, other");
	ctx_release(&c);
	request_release(&o);
	free(other);
}

/* Load hosts/bad.json holding text; check the one error line. */
static void expect_bad(const char *text, int rc, const char *want_tail, int line)
{
	struct request o;
	struct ctx c;
	const char *err;

	scratch_put_in(dir, "hosts/bad.json", text);
	request_init(&o, PERSONA_MODXS);
	o.host = "bad";
	int got = load(&c, &o, &err);
	char *want = xasprintf("modxs: error: '%s/hosts/bad.json': %s\n", dir, want_tail);
	if (got != rc || strcmp(err, want) != 0) {
		fprintf(stderr, "%s:%d: want rc %d and %s  got rc %d and %s", __FILE__, line, rc,
			want, got, *err ? err : "(nothing)\n");
		failures++;
	}
	free(want);
	ctx_release(&c);
	request_release(&o);
}
#define EXPECT_BAD(text, tail) expect_bad(text, RC_DATA, tail, __LINE__)

static void test_bad_profiles(void)
{
	EXPECT_BAD("{\n  \"modxs_profile\": 1,\n  \"name\": \"bad\",\n  \"vars\": {\n"
		   "    \"CC\": \"cc\",\n    \"CFLAGS\": 5\n  }\n}\n",
		   "line 6: 'CFLAGS' must be a string");
	EXPECT_BAD("{\n  \"modxs_profile\": 1,\n  \"name\": \"bad\",\n  \"vars\": {},\n"
		   "  \"build\": {\n    \"cflags\": [\"-O2\"]\n  }\n}\n",
		   "line 6: 'cflags' must be a string");
	EXPECT_BAD("{\n  \"modxs_profile\": 1,\n  \"name\": \"bad\",\n  \"vars\": {},\n"
		   "  \"config\": {\n    \"test\": \"apachectl -t\"\n  }\n}\n",
		   "line 6: 'test' must be an array of strings");
	EXPECT_BAD("{\n  \"modxs_profile\": 1,\n  \"name\": \"bad\",\n  \"vars\": {},\n"
		   "  \"config\": {\n    \"test\": [\"x\",\n      7]\n  }\n}\n",
		   "line 6: 'test' must be an array of strings");
	EXPECT_BAD("{\n  \"modxs_profile\": 1,\n  \"name\": \"bad\",\n  \"vars\": []\n}\n",
		   "line 4: 'vars' must be an object");
	EXPECT_BAD("{\n  \"modxs_profile\": 1,\n  \"name\": \"bad\",\n  \"module\": \"x\",\n"
		   "  \"vars\": {}\n}\n",
		   "line 4: 'module' must be an object");
	EXPECT_BAD("{\"modxs_profile\": 1, \"name\": \"bad\"}\n", "line 1: missing key 'vars'");
	EXPECT_BAD("{\"modxs_profile\": 1, \"vars\": {}}\n", "line 1: missing key 'name'");
	EXPECT_BAD("{\"name\": \"bad\", \"vars\": {}}\n", "line 1: missing key 'modxs_profile'");
	EXPECT_BAD("{\n\"modxs_profile\": 3, \"name\": \"bad\", \"vars\": {}}\n",
		   "line 2: 'modxs_profile' must be a version from 1 to 2");
	EXPECT_BAD("{\n\"modxs_profile\": 1.5, \"name\": \"bad\", \"vars\": {}}\n",
		   "line 2: 'modxs_profile' must be a version from 1 to 2");
	EXPECT_BAD("{\n\"modxs_profile\": \"1\", \"name\": \"bad\", \"vars\": {}}\n",
		   "line 2: 'modxs_profile' must be a version from 1 to 2");
	EXPECT_BAD("{\n  \"modxs_profile\": 1,\n  \"name\": \"bad\"\n  \"vars\": {}\n}\n",
		   "line 4, column 3: malformed JSON");
	EXPECT_BAD("{\"modxs_profile\": 1, \"name\": true, \"vars\": {}}\n",
		   "line 1: 'name' must be a string");
	/* A cycle fails the load, even in a variable nothing asked for. */
	EXPECT_BAD("{\"modxs_profile\": 1, \"name\": \"bad\",\n"
		   " \"vars\": {\"UNUSED\": \"$(LOOP)\", \"LOOP\": \"x $(UNUSED)\"}}\n",
		   "variable 'UNUSED' refers to itself");
	/* Formats reach a formatter: only %s may be in them. */
	EXPECT_BAD("{\n  \"modxs_profile\": 1,\n  \"name\": \"bad\",\n  \"vars\": {},\n"
		   "  \"module\": {\n    \"load_line\": \"LoadModule %n %s\"\n  }\n}\n",
		   "line 6: 'load_line' may hold at most 2 %s conversions and no other");
	EXPECT_BAD("{\n  \"modxs_profile\": 1,\n  \"name\": \"bad\",\n  \"vars\": {},\n"
		   "  \"module\": {\n    \"symbol\": \"%s_%s_module\"\n  }\n}\n",
		   "line 6: 'symbol' may hold at most 1 %s conversion and no other");
	EXPECT_BAD("{\n  \"modxs_profile\": 1,\n  \"name\": \"bad\",\n  \"vars\": {},\n"
		   "  \"module\": {\n    \"file\": \"mod_%d.so\"\n  }\n}\n",
		   "line 6: 'file' may hold at most 1 %s conversion and no other");
}

static void test_good_formats(void)
{
	struct request o;
	struct ctx c;
	const char *err;

	scratch_put_in(dir, "hosts/bad.json",
		       "{\"modxs_profile\": 1, \"name\": \"fmt\", \"vars\": {},\n"
		       " \"module\": {\"load_line\": \"LoadModule %-18s %s # 100%%\",\n"
		       "  \"symbol\": \"%s_module\", \"file\": \"%s.so\"}}\n");
	request_init(&o, PERSONA_MODXS);
	o.host = "bad";
	CHECK(load(&c, &o, &err) == RC_OK);
	CHECK(*err == '\0');
	CHECK(strcmp(c.host.load_fmt.text, "LoadModule %-18s %s # 100%%") == 0);
	ctx_release(&c);
	request_release(&o);
}

static void test_bad_platform(void)
{
	struct request o;
	struct ctx c;
	const char *err;

	scratch_put_in(dir, "platform.json",
		       "{\n  \"modxs_platform\": 1,\n  \"vars\": {\n    \"CC\": null\n  }\n}\n");
	request_init(&o, PERSONA_MODXS);
	CHECK(load(&c, &o, &err) == RC_DATA);
	char *want = xasprintf("'%s/platform.json': line 4: 'CC' must be a string", dir);
	CHECK_ERR(err, want);
	free(want);
	ctx_release(&c);

	scratch_put_in(dir, "platform.json",
		       "{\"modxs_platform\": 1, \"vars\": {\"LDFLAGS\": \"$(LDFLAGS) -g\"}}\n");
	CHECK(load(&c, &o, &err) == RC_DATA);
	want = xasprintf("'%s/platform.json': variable 'LDFLAGS' refers to itself", dir);
	CHECK_ERR(err, want);
	free(want);
	ctx_release(&c);

	setenv("MODXS_DATADIR", "/nonexistent/modxs", 1);
	CHECK(load(&c, &o, &err) == RC_DATA);
	CHECK_ERR(err, "no data dir with platform.json; searched '/nonexistent/modxs' "
		       "(from MODXS_DATADIR)");
	ctx_release(&c);
	setenv("MODXS_DATADIR", dir, 1);
	scratch_put_in(dir, "platform.json", platform);
	request_release(&o);
}

int main(void)
{
	setup();
	test_json_errors();
	test_layers();
	test_host_choice();
	test_bad_profiles();
	test_good_formats();
	test_bad_platform();
	teardown();
	return check_status("test_record");
}
