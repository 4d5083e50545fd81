/*
 * test_build_plan.c: the commands a request's -c produces, planned through
 * the library without running anything, against a profile written here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"
#include "capture.h"
#include "check.h"
#include "deps.h"
#include "msg.h"
#include "proc.h"
#include "scratch.h"
#include "words.h"

static char dir[] = "/tmp/modxs-test-build-plan-XXXXXX";

/* The platform's facts, fixed here so that every planned word is known. */
static const char platform[] = "{\n"
			       "  \"modxs_platform\": 1,\n"
			       "  \"default_host\": \"plan\",\n"
			       "  \"vars\": {\n"
			       "    \"CC\": \"cc\",\n"
			       "    \"CXX\": \"c++\",\n"
			       "    \"PIC_FLAG\": \"-fPIC\",\n"
			       "    \"SHLIB_LDFLAGS\": \"-shared\",\n"
			       "    \"EXPORT_DYNAMIC_FLAG\": \"-Wl,--export-dynamic\",\n"
			       "    \"SONAME_FLAG\": \"-Wl,-soname,\",\n"
			       "    \"MODULE_SUFFIX\": \".so\",\n"
			       "    \"LIBTOOL_PROGRAM\": \"libtool\"\n"
			       "  }\n"
			       "}\n";

/* A host with flags of its own in each place the build reads one. */
static const char host[] = "{\n"
			   "  \"modxs_profile\": 1,\n"
			   "  \"name\": \"plan\",\n"
			   "  \"vars\": {\"TARGET\": \"plan\", \"LIBEXECDIR\": \"/mods\"},\n"
			   "  \"build\": {\n"
			   "    \"cflags\": \"-O2 -Ihost\",\n"
			   "    \"cxxflags\": \"-O2 -std=c++17\",\n"
			   "    \"ldflags\": \"-Lhostlib\",\n"
			   "    \"libs\": \"-lhost\"\n"
			   "  }\n"
			   "}\n";

/* A host whose compiles run under a launcher, set with a variable. */
static const char launch_host[] =
	"{\n"
	"  \"modxs_profile\": 1,\n"
	"  \"name\": \"launch\",\n"
	"  \"vars\": {\"TOOLS\": \"/opt/cc\", \"CFLAGS\": \"\"},\n"
	"  \"build\": {\"cflags\": \"\", \"launcher\": \"$(TOOLS)/ccache\"}\n"
	"}\n";

/* One run's request and context, loaded with the profile above given as --profile. */
struct run {
	struct request req;
	struct ctx c;
	struct build_plan bp;
	char *profile;
};

static void run_init(struct run *r)
{
	request_init(&r->req, PERSONA_MODXS);
	r->req.mode = MODE_COMPILE;
	r->profile = path_join(dir, "plan.json");
	r->req.profile = r->profile;
}

/* Load the context and plan; the plan's rc, with any error line in *err. */
static int run_plan(struct run *r, const char **err)
{
	int rc;

	capture_start();
	rc = ctx_load(&r->c, msgs, &r->req);
	if (!rc)
		rc = deps_load(msgs, r->c.exe_dir, &r->c.deps);
	if (!rc)
		rc = build_plan(&r->c, &r->bp);
	*err = capture_err();
	return rc;
}

static void run_release(struct run *r)
{
	build_plan_release(&r->bp);
	ctx_release(&r->c);
	request_release(&r->req);
	free(r->profile);
}

/* Command i of the plan is label, writes output, runs line (its argv joined), and is stale. */
#define CHECK_CMD(bp, i, label, output, line) \
	check_cmd((bp), (i), (label), (output), (line), __LINE__)

static void check_cmd(const struct build_plan *bp, size_t i, const char *label, const char *output,
		      const char *line, int at)
{
	if (i >= bp->n) {
		fprintf(stderr, "%s:%d: the plan has %zu commands, not %zu\n", __FILE__, at, bp->n,
			i + 1);
		failures++;
		return;
	}
	char *got = words_join(bp->cmds[i].argv);
	if (strcmp(got, line) != 0 || strcmp(bp->cmds[i].label, label) != 0 ||
	    strcmp(bp->cmds[i].output, output) != 0 || !bp->cmds[i].stale) {
		fprintf(stderr,
			"%s:%d: command %zu\n  want: %s %s -> %s (stale)\n  got:  %s %s -> %s%s\n",
			__FILE__, at, i, label, line, output, bp->cmds[i].label, got,
			bp->cmds[i].output, bp->cmds[i].stale ? " (stale)" : "");
		failures++;
	}
	free(got);
}

/* Nothing ran: planning made no .libs, no object and no module. */
static void check_nothing_ran(void)
{
	CHECK(access(".libs", F_OK) != 0);
	CHECK(access("mod_a.la", F_OK) != 0);
	CHECK(access("mod_a.lo", F_OK) != 0);
}

static void test_one_c_file(void)
{
	struct run r;
	const char *err;

	run_init(&r);
	strvec_push(&r.req.args, "mod_a.c");
	CHECK(run_plan(&r, &err) == RC_OK && *err == '\0');
	CHECK(r.bp.n == 2);
	CHECK_CMD(&r.bp, 0, "CC", ".libs/mod_a.o",
		  "cc -O2 -Ihost -fPIC -MD -MF .libs/.deps/mod_a.d -c mod_a.c -o .libs/mod_a.o");
	CHECK(r.bp.cmds[0].input && strcmp(r.bp.cmds[0].input, "mod_a.c") == 0);
	CHECK_CMD(&r.bp, 1, "LINK", ".libs/mod_a.so",
		  "cc -shared -Lhostlib -o .libs/mod_a.so -Wl,-soname,mod_a.so .libs/mod_a.o "
		  "-lhost");
	CHECK(r.bp.cmds[1].input == NULL);
	CHECK_STR(r.bp.out, "mod_a.la");
	CHECK_STR(r.bp.target, ".libs/mod_a.so");
	check_nothing_ran();
	run_release(&r);
}

static void test_cxx_file(void)
{
	struct run r;
	const char *err;

	run_init(&r);
	strvec_push(&r.req.args, "mod_b.cpp");
	CHECK(run_plan(&r, &err) == RC_OK && *err == '\0');
	CHECK(r.bp.n == 2);
	CHECK_CMD(&r.bp, 0, "CXX", ".libs/mod_b.o",
		  "c++ -O2 -std=c++17 -fPIC -MD -MF .libs/.deps/mod_b.d -c mod_b.cpp -o "
		  ".libs/mod_b.o");
	/* A C++ source links with the C++ driver. */
	CHECK_CMD(&r.bp, 1, "LINK", ".libs/mod_b.so",
		  "c++ -shared -Lhostlib -o .libs/mod_b.so -Wl,-soname,mod_b.so .libs/mod_b.o "
		  "-lhost");
	run_release(&r);
}

/* -D, -I and -Wc go to the compile; -Wl, -L and -l to the link, in the documented order. */
static void test_flags(void)
{
	struct run r;
	const char *err;

	run_init(&r);
	strvec_push(&r.req.defines, "X=1");
	strvec_push(&r.req.defines, "Y");
	strvec_push(&r.req.incdirs, "inc");
	strvec_push(&r.req.libdirs, "lib");
	strvec_push(&r.req.libs, "m");
	strvec_push(&r.req.wc, "-O3 -g");
	strvec_push(&r.req.wl, "-s -rpath /opt/x");
	strvec_push(&r.req.args, "mod_a.c");
	CHECK(run_plan(&r, &err) == RC_OK && *err == '\0');
	CHECK_CMD(&r.bp, 0, "CC", ".libs/mod_a.o",
		  "cc -O2 -Ihost -O3 -g -Iinc -DX=1 -DY -fPIC -MD -MF .libs/.deps/mod_a.d -c "
		  "mod_a.c -o .libs/mod_a.o");
	CHECK_CMD(&r.bp, 1, "LINK", ".libs/mod_a.so",
		  "cc -shared -Lhostlib -o .libs/mod_a.so -Wl,-soname,mod_a.so .libs/mod_a.o "
		  "-Wl,-s -Wl,-rpath,/opt/x -Llib -lm -lhost");
	run_release(&r);
}

/* -o names the .la and the shared object beside it; objects stay by their sources. */
static void test_output(void)
{
	struct run r;
	const char *err;

	run_init(&r);
	r.req.output = "out/mod_x.la";
	strvec_push(&r.req.args, "mod_a.c");
	CHECK(run_plan(&r, &err) == RC_OK && *err == '\0');
	CHECK_CMD(&r.bp, 0, "CC", ".libs/mod_a.o",
		  "cc -O2 -Ihost -fPIC -MD -MF .libs/.deps/mod_a.d -c mod_a.c -o .libs/mod_a.o");
	CHECK_CMD(&r.bp, 1, "LINK", "out/.libs/mod_x.so",
		  "cc -shared -Lhostlib -o out/.libs/mod_x.so -Wl,-soname,mod_x.so .libs/mod_a.o "
		  "-lhost");
	CHECK_STR(r.bp.out, "out/mod_x.la");
	run_release(&r);

	/* A directory is no output file. */
	run_init(&r);
	r.req.output = "out/";
	strvec_push(&r.req.args, "mod_a.c");
	CHECK(run_plan(&r, &err) == RC_USAGE);
	CHECK_STR(err, "modxs: error: -o 'out/' names a directory, not an output file (give one "
		       "such as 'DIR/mod_NAME.la')\n");
	CHECK(r.bp.n == 0);
	run_release(&r);
}

/* -n names the module without changing a command; a name that is no C identifier is refused. */
static void test_name(void)
{
	struct run r;
	const char *err;

	run_init(&r);
	r.req.name = "hello";
	strvec_push(&r.req.args, "mod_a.c");
	CHECK(run_plan(&r, &err) == RC_OK && *err == '\0');
	CHECK_CMD(&r.bp, 1, "LINK", ".libs/mod_a.so",
		  "cc -shared -Lhostlib -o .libs/mod_a.so -Wl,-soname,mod_a.so .libs/mod_a.o "
		  "-lhost");
	run_release(&r);

	run_init(&r);
	r.req.name = "no-such name";
	strvec_push(&r.req.args, "mod_a.c");
	CHECK(run_plan(&r, &err) == RC_USAGE);
	CHECK(strstr(err, "'no-such name'") != NULL);
	CHECK(r.bp.n == 0);
	run_release(&r);
}

/* --libtool: libtool compiles to the .lo and links the .la, with the modules dir as -rpath. */
static void test_libtool(void)
{
	struct run r;
	const char *err;

	run_init(&r);
	r.req.libtool = true;
	strvec_push(&r.req.args, "mod_a.c");
	CHECK(run_plan(&r, &err) == RC_OK && *err == '\0');
	CHECK_CMD(&r.bp, 0, "CC", "mod_a.lo",
		  "libtool --mode=compile --tag=disable-static cc -O2 -Ihost -MD -MF "
		  ".libs/.deps/mod_a.d -c -o mod_a.lo mod_a.c");
	CHECK_CMD(&r.bp, 1, "LINK", "mod_a.la",
		  "libtool --mode=link --tag=disable-static cc -Lhostlib -o mod_a.la -rpath /mods "
		  "-module -avoid-version mod_a.lo -lhost");
	run_release(&r);
}

/* -p: a host program, linked with the export-dynamic flag and named after the source. */
static void test_program(void)
{
	struct run r;
	const char *err;

	run_init(&r);
	r.req.program = true;
	strvec_push(&r.req.args, "prog.c");
	CHECK(run_plan(&r, &err) == RC_OK && *err == '\0');
	CHECK_CMD(&r.bp, 0, "CC", ".libs/prog.o",
		  "cc -O2 -Ihost -fPIC -MD -MF .libs/.deps/prog.d -c prog.c -o .libs/prog.o");
	CHECK_CMD(&r.bp, 1, "LINK", "prog",
		  "cc -Wl,--export-dynamic -Lhostlib -o prog .libs/prog.o -lhost");
	CHECK_STR(r.bp.out, "prog");
	CHECK_STR(r.bp.target, "prog");
	run_release(&r);
}

/* Two sources: a compile each, in order, one link of both, named after the first. */
static void test_two_sources(void)
{
	struct run r;
	const char *err;

	run_init(&r);
	strvec_push(&r.req.args, "mod_a.c");
	strvec_push(&r.req.args, "util.c");
	CHECK(run_plan(&r, &err) == RC_OK && *err == '\0');
	CHECK(r.bp.n == 3);
	CHECK_CMD(&r.bp, 0, "CC", ".libs/mod_a.o",
		  "cc -O2 -Ihost -fPIC -MD -MF .libs/.deps/mod_a.d -c mod_a.c -o .libs/mod_a.o");
	CHECK_CMD(&r.bp, 1, "CC", ".libs/util.o",
		  "cc -O2 -Ihost -fPIC -MD -MF .libs/.deps/util.d -c util.c -o .libs/util.o");
	CHECK_CMD(&r.bp, 2, "LINK", ".libs/mod_a.so",
		  "cc -shared -Lhostlib -o .libs/mod_a.so -Wl,-soname,mod_a.so .libs/mod_a.o "
		  ".libs/util.o -lhost");
	check_nothing_ran();
	run_release(&r);
}

/* The launcher goes in front of every compile, word by word, never in front of the link. */
static void test_launcher(void)
{
	struct run r;
	const char *err;

	run_init(&r);
	r.req.launcher = "env 'A=b c' ccache";
	strvec_push(&r.req.args, "mod_a.c");
	CHECK(run_plan(&r, &err) == RC_OK && *err == '\0');
	CHECK_CMD(&r.bp, 0, "CC", ".libs/mod_a.o",
		  "env 'A=b c' ccache cc -O2 -Ihost -fPIC -MD -MF .libs/.deps/mod_a.d -c mod_a.c "
		  "-o .libs/mod_a.o");
	CHECK_CMD(&r.bp, 1, "LINK", ".libs/mod_a.so",
		  "cc -shared -Lhostlib -o .libs/mod_a.so -Wl,-soname,mod_a.so .libs/mod_a.o "
		  "-lhost");
	run_release(&r);

	/* libtool runs it: after libtool's own words, as in CC="ccache cc" under libtool. */
	run_init(&r);
	r.req.launcher = "ccache";
	r.req.libtool = true;
	strvec_push(&r.req.args, "mod_b.cpp");
	CHECK(run_plan(&r, &err) == RC_OK && *err == '\0');
	CHECK_CMD(&r.bp, 0, "CXX", "mod_b.lo",
		  "libtool --mode=compile --tag=disable-static --tag=CXX ccache c++ -O2 "
		  "-std=c++17 -MD -MF .libs/.deps/mod_b.d -c -o mod_b.lo mod_b.cpp");
	CHECK_CMD(&r.bp, 1, "LINK", "mod_b.la",
		  "libtool --mode=link --tag=disable-static --tag=CXX c++ -Lhostlib -o mod_b.la "
		  "-rpath /mods -module -avoid-version mod_b.lo -lhost");
	run_release(&r);

	/* libtool evals its words: a launcher with shell syntax is refused. */
	run_init(&r);
	r.req.launcher = "ccache;x";
	r.req.libtool = true;
	strvec_push(&r.req.args, "mod_a.c");
	CHECK(run_plan(&r, &err) == RC_USAGE);
	CHECK(strstr(err, "'ccache;x'") != NULL);
	run_release(&r);

	run_init(&r);
	r.req.launcher = "'ccache";
	strvec_push(&r.req.args, "mod_a.c");
	CHECK(run_plan(&r, &err) == RC_USAGE);
	CHECK_STR(err, "modxs: error: unterminated quote in --launcher ''ccache'\n");
	run_release(&r);
}

/* MODXS_LAUNCHER, then the profile's build.launcher; --launcher '' turns either off. */
static void test_launcher_settings(void)
{
	struct run r;
	const char *err;

	setenv("MODXS_LAUNCHER", "distcc", 1);
	run_init(&r);
	strvec_push(&r.req.args, "mod_a.c");
	CHECK(run_plan(&r, &err) == RC_OK && *err == '\0');
	CHECK_CMD(&r.bp, 0, "CC", ".libs/mod_a.o",
		  "distcc cc -O2 -Ihost -fPIC -MD -MF .libs/.deps/mod_a.d -c mod_a.c -o "
		  ".libs/mod_a.o");
	run_release(&r);

	run_init(&r);
	r.req.launcher = "";
	strvec_push(&r.req.args, "mod_a.c");
	CHECK(run_plan(&r, &err) == RC_OK && *err == '\0');
	CHECK_CMD(&r.bp, 0, "CC", ".libs/mod_a.o",
		  "cc -O2 -Ihost -fPIC -MD -MF .libs/.deps/mod_a.d -c mod_a.c -o .libs/mod_a.o");
	run_release(&r);

	/* The environment beats the profile; without it the profile's setting, expanded. */
	run_init(&r);
	free(r.profile);
	r.req.profile = r.profile = path_join(dir, "launch.json");
	strvec_push(&r.req.args, "mod_a.c");
	CHECK(run_plan(&r, &err) == RC_OK && *err == '\0');
	CHECK(r.bp.n == 2 && strcmp(r.bp.cmds[0].argv[0], "distcc") == 0);
	run_release(&r);
	unsetenv("MODXS_LAUNCHER");

	run_init(&r);
	free(r.profile);
	r.req.profile = r.profile = path_join(dir, "launch.json");
	strvec_push(&r.req.args, "mod_a.c");
	CHECK(run_plan(&r, &err) == RC_OK && *err == '\0');
	CHECK_CMD(
		&r.bp, 0, "CC", ".libs/mod_a.o",
		"/opt/cc/ccache cc -fPIC -MD -MF .libs/.deps/mod_a.d -c mod_a.c -o .libs/mod_a.o");
	CHECK_CMD(&r.bp, 1, "LINK", ".libs/mod_a.so",
		  "cc -shared -o .libs/mod_a.so -Wl,-soname,mod_a.so .libs/mod_a.o");
	run_release(&r);
}

/* A source that is not there is refused while planning, before any command. */
static void test_missing_source(void)
{
	struct run r;
	const char *err;

	run_init(&r);
	strvec_push(&r.req.args, "mod_gone.c");
	CHECK(run_plan(&r, &err) == RC_BUILD);
	CHECK_STR(err,
		  "modxs: error: cannot read source 'mod_gone.c': No such file or directory\n");
	run_release(&r);
}

int main(void)
{
	char *data, *hosts, *src;

	capture_stderr("modxs");
	msgs->quiet = true;
	unsetenv("MODXS_HOST");
	unsetenv("MODXS_LAUNCHER");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	data = path_join(dir, "data");
	hosts = path_join(data, "hosts");
	src = path_join(dir, "src");
	if (mkdir(data, 0700) != 0 || mkdir(hosts, 0700) != 0 || mkdir(src, 0700) != 0 ||
	    chdir(src) != 0) {
		perror(dir);
		return 2;
	}
	scratch_put_in(data, "platform.json", platform);
	scratch_put_in(hosts, "plan.json", host);
	scratch_put_in(dir, "plan.json", host);
	scratch_put_in(dir, "launch.json", launch_host);
	setenv("MODXS_DATADIR", data, 1);
	scratch_put("mod_a.c", "int a;\n");
	scratch_put("mod_b.cpp", "int b;\n");
	scratch_put("util.c", "int u;\n");
	scratch_put("prog.c", "int main(void) { return 0; }\n");

	test_one_c_file();
	test_cxx_file();
	test_flags();
	test_output();
	test_name();
	test_libtool();
	test_program();
	test_two_sources();
	test_launcher();
	test_launcher_settings();
	test_missing_source();

	char *rm[] = {"rm", "-rf", dir, NULL};
	if (chdir("/") == 0)
		spawn_run(rm);
	free(src);
	free(hosts);
	free(data);
	return check_status("test_build_plan");
}
