/*
 * test_args.c: the one option table. What each persona accepts and
 * refuses, how the persona is chosen, and that --help and the shell
 * completions name only options the table has, and all of modxs's.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "capture.h"
#include "check.h"
#include "fileio.h"
#include "msg.h"

/* Every word parsed, kept to the end: requests point into their argv, as into main's. */
static struct strvec parsed = STRVEC_INIT;
/* Why the last line parsed or checked was refused. */
static char *err;

/* Parse line (words split at spaces) as a program started as persona start. */
static int parse(struct request *o, enum persona start, const char *line)
{
	char *copy = xstrdup(line);
	size_t first = parsed.n;
	char **argv;
	int rc;

	strvec_push(&parsed, "x");
	for (char *w = strtok(copy, " "); w; w = strtok(NULL, " "))
		strvec_push(&parsed, w);
	argv = xcalloc(parsed.n - first + 1, sizeof(*argv));
	for (size_t i = first; i < parsed.n; i++)
		argv[i - first] = parsed.v[i];
	request_init(o, start);
	free(err);
	err = NULL;
	rc = args_parse(o, (int)(parsed.n - first), argv, &err);
	free(argv);
	free(copy);
	return rc;
}

/* The line parses; o is left for the caller to look at and release. */
#define CHECK_OK(o, start, line)                                                               \
	do {                                                                                   \
		if (parse((o), (start), (line)) != RC_OK) {                                    \
			fprintf(stderr, "%s:%d: '%s' as %s refused: %s\n", __FILE__, __LINE__, \
				(line), persona_name(start), err ? err : "(no reason)");       \
			failures++;                                                            \
		}                                                                              \
	} while (0)

/* The line is refused with exactly this reason. */
#define CHECK_REFUSED(start, line, want)                        \
	do {                                                    \
		struct request o_;                              \
		CHECK(parse(&o_, (start), (line)) == RC_USAGE); \
		CHECK_STR(err, (want));                         \
		request_release(&o_);                           \
	} while (0)

static void test_modxs_and_apxs(enum persona p)
{
	struct request o;

	CHECK_OK(&o, p, "-A -o out.so -j 4 -cia -nfoo -Iinc -L lib -lm -Wc,-O2 -Wl,-s x.c");
	CHECK(o.commented && o.activate && o.mode == (MODE_COMPILE | MODE_INSTALL));
	CHECK_STR(o.output, "out.so");
	CHECK(o.jobs == 4);
	CHECK_STR(o.name, "foo");
	CHECK(o.incdirs.n == 1 && o.libdirs.n == 1 && o.libs.n == 1);
	CHECK(o.wc.n == 1 && o.wl.n == 1);
	CHECK(o.args.n == 1);
	request_release(&o);
	/* The first file ends the options: the rest is for the link line. */
	CHECK_OK(&o, p, "-c x.c -lm -DX=1");
	CHECK(o.libs.n == 0 && o.defines.n == 0 && o.args.n == 3);
	CHECK_STR(o.args.v[1], "-lm");
	request_release(&o);
	/* One dash is a cluster of letters, never a long name. */
	CHECK_OK(&o, p, "-name x");
	CHECK_STR(o.name, "ame");
	request_release(&o);
	/* The long names of every persona. */
	CHECK_OK(&o, p, "--clean --compile --install --name=n --jobs 2 --json --verbose");
	CHECK(o.mode == (MODE_CLEAN | MODE_COMPILE | MODE_INSTALL) && o.json && o.verbose);
	request_release(&o);
	if (p == PERSONA_MODXS) {
		CHECK_OK(&o, p, "-d -n x");
		CHECK(o.mode == MODE_CLEAN);
		request_release(&o);
	} else {
		CHECK_REFUSED(p, "-d", "unknown option '-d'");
	}
	CHECK_REFUSED(p, "-x -q CC", "unknown option '-x'");
	CHECK_REFUSED(p, "-q -S", "option '-S' needs a value");
}

static void test_prxs(void)
{
	struct request o;

	/* Options anywhere, and Getopt::Long's long names after one dash. */
	CHECK_OK(&o, PERSONA_PRXS, "mod_x.c -c -name mod_x -lm -d mod_y.c -compile");
	CHECK(o.mode == (MODE_COMPILE | MODE_CLEAN));
	CHECK_STR(o.name, "mod_x");
	CHECK(o.libs.n == 1 && o.args.n == 2);
	request_release(&o);
	CHECK_OK(&o, PERSONA_PRXS, "-i --jobs=2 -n x");
	CHECK(o.jobs == 2);
	request_release(&o);
	CHECK_REFUSED(PERSONA_PRXS, "-A", "unknown option '-A'");
	CHECK_REFUSED(PERSONA_PRXS, "-c -o x", "unknown option '-o'");
	CHECK_REFUSED(PERSONA_PRXS, "-j 2", "unknown option '-j'");
	CHECK_REFUSED(PERSONA_PRXS, "-c -n", "option '-n' needs a value");
}

static void test_every_persona(enum persona p)
{
	CHECK_REFUSED(p, "--json=1", "option '--json' takes no value");
	CHECK_REFUSED(p, "--nope", "unknown option '--nope'");
	CHECK_REFUSED(p, "--host", "option '--host' needs a value");
	CHECK_REFUSED(p, "-Wx,y", "invalid option '-Wx,y': expected -Wc,FLAGS or -Wl,FLAGS");
	CHECK_REFUSED(p, "--jobs 0", "invalid job count '0': expected 1 to 1024");
	CHECK_REFUSED(p, "--persona=apxs2",
		      "unknown persona 'apxs2': expected modxs, apxs or prxs");
	CHECK_REFUSED(p, "--launcher", "option '--launcher' needs a value");
}

/* --launcher: every persona takes it; "" is a value (no launcher), not its absence. */
static void test_launcher(enum persona p)
{
	struct request o;

	CHECK_OK(&o, p, "--launcher ccache -c x.c");
	CHECK_STR(o.launcher, "ccache");
	request_release(&o);
	CHECK_OK(&o, p, "--launcher= -c x.c");
	CHECK(o.launcher && *o.launcher == '\0');
	request_release(&o);
	CHECK_OK(&o, p, "-c x.c");
	CHECK(o.launcher == NULL);
	request_release(&o);
}

static void test_persona_choice(void)
{
	struct request o;

	CHECK(persona_from_argv0("/usr/libexec/modxs/apxs") == PERSONA_APXS);
	CHECK(persona_from_argv0("apxs2") == PERSONA_APXS);
	CHECK(persona_from_argv0("../prxs") == PERSONA_PRXS);
	CHECK(persona_from_argv0("modxs-demo") == PERSONA_MODXS);
	CHECK(persona_from_argv0(NULL) == PERSONA_MODXS);

	/* A persona file's "#!" line: the file's path becomes argv[0]. */
	char *fromfile[] = {"/opt/bin/modxs", ARGS_PERSONA_FILE, "./apxs", "-q", "CC", NULL};
	char **av = fromfile;
	int ac = 5;
	CHECK(args_skip_launcher(&ac, &av));
	CHECK(ac == 3 && persona_from_argv0(av[0]) == PERSONA_APXS && !strcmp(av[1], "-q"));
	/* The marker alone, or later on the line, is no launcher. */
	char *alone[] = {"modxs", ARGS_PERSONA_FILE, NULL};
	av = alone;
	ac = 2;
	CHECK(!args_skip_launcher(&ac, &av));
	CHECK(ac == 2 && av == alone);
	char *later[] = {"modxs", "-q", ARGS_PERSONA_FILE, "CC", NULL};
	av = later;
	ac = 4;
	CHECK(!args_skip_launcher(&ac, &av));
	CHECK(ac == 4 && av == later);
	CHECK_STR(persona_name(PERSONA_APXS), "apxs");
	CHECK_STR(persona_name(PERSONA_PRXS), "prxs");
	CHECK_STR(persona_name(PERSONA_MODXS), "modxs");

	/* --persona rules the whole line, options before it included. */
	CHECK_OK(&o, PERSONA_MODXS, "-A -q --persona apxs");
	CHECK(o.persona == PERSONA_APXS && o.commented);
	request_release(&o);
	CHECK_REFUSED(PERSONA_MODXS, "-A --persona=prxs", "unknown option '-A'");
	/* The last one wins; a name that is no persona is refused, not skipped. */
	CHECK_OK(&o, PERSONA_APXS, "--persona modxs --persona=prxs -d");
	CHECK(o.persona == PERSONA_PRXS);
	request_release(&o);
	CHECK(parse(&o, PERSONA_APXS, "--persona bogus -q") == RC_USAGE);
	CHECK(o.persona == PERSONA_APXS);
	request_release(&o);
	/* A line started as prxs may say it with one dash, as Getopt::Long allows. */
	CHECK_OK(&o, PERSONA_PRXS, "-persona apxs -A -q");
	CHECK(o.persona == PERSONA_APXS && o.commented);
	request_release(&o);
	CHECK_REFUSED(PERSONA_MODXS, "-persona apxs", "unknown option '-r'");
	/* After apxs's first file, --persona is a file too, but still names the persona. */
	CHECK_OK(&o, PERSONA_APXS, "-c x.c --persona apxs");
	CHECK(o.args.n == 3);
	request_release(&o);
}

static void test_check(void)
{
	struct request o;

	request_init(&o, PERSONA_MODXS);
	CHECK(args_check(&o, &err) == RC_USAGE);
	CHECK_STR(err, "nothing to do: give -q, -g, -c, -i, -e, --list, --deactivate or "
		       "--uninstall (see --help)");
	o.mode = MODE_GENERATE;
	CHECK(args_check(&o, &err) == RC_USAGE);
	CHECK_STR(err, "-g needs -n NAME");
	o.mode = MODE_INSTALL;
	CHECK(args_check(&o, &err) == RC_USAGE);
	CHECK_STR(err, "no files given");
	o.mode = MODE_COMPILE | MODE_CLEAN;
	CHECK(args_check(&o, &err) == RC_OK);
	request_release(&o);
}

/* The letters persona p takes, in table order, and whether each wants a value. */
static void letters_of(enum persona p, char *flags, char *valued)
{
	struct opt_desc d;

	*flags = *valued = '\0';
	for (size_t i = 0; args_describe(p, i, &d); i++) {
		char *to = d.value ? valued : flags;
		if (d.letter)
			strncat(to, &d.letter, 1);
	}
}

/* Every character of a is in b, and every one of b in a. */
static bool same_set(const char *a, const char *b)
{
	for (const char *p = a; *p; p++)
		if (!strchr(b, *p))
			return false;
	for (const char *p = b; *p; p++)
		if (!strchr(a, *p))
			return false;
	return true;
}

static void test_table(void)
{
	char flags[64], valued[64];
	struct opt_desc d, e;

	/* What modxs(1) lists for each persona. */
	letters_of(PERSONA_MODXS, flags, valued);
	CHECK(same_set(flags, "qgciedaApvh") && same_set(valued, "noDILlWSj"));
	letters_of(PERSONA_APXS, flags, valued);
	CHECK(same_set(flags, "qgcieaApvh") && same_set(valued, "noDILlWSj"));
	letters_of(PERSONA_PRXS, flags, valued);
	CHECK(same_set(flags, "cidhavqgep") && same_set(valued, "nDILlWS"));
	/* Every option has a spelling, and no spelling is taken twice. */
	for (size_t i = 0; args_describe(PERSONA_MODXS, i, &d); i++) {
		args_describe(PERSONA_PRXS, i, &e);
		CHECK(d.name || d.letter || e.letter);
		for (size_t j = i + 1; args_describe(PERSONA_MODXS, j, &e); j++) {
			CHECK(!d.name || !e.name || strcmp(d.name, e.name) != 0);
			CHECK(!d.letter || d.letter != e.letter);
		}
	}
}

/* Whether persona p takes --name (len bytes), or the letter c when len is 0. */
static bool takes(enum persona p, const char *name, size_t len, char c)
{
	struct opt_desc d;

	for (size_t i = 0; args_describe(p, i, &d); i++) {
		if (len && d.name && strlen(d.name) == len && memcmp(d.name, name, len) == 0)
			return true;
		if (!len && d.letter && d.letter == c)
			return true;
	}
	return false;
}

/*
 * The next option named in text from *s on: a '-' at the start or after a
 * blank or one of "[|(){,/'*", then letters ("-Wc," is the letter W).
 * Sets *name and *len to its name without dashes; false at the end.
 */
static bool next_option(const char *text, const char **s, const char **name, size_t *len,
			bool *dashes)
{
	for (const char *p = *s; *p; p++) {
		if (*p != '-' ||
		    (p > text && !isspace((unsigned char)p[-1]) && !strchr("[|(){,/'*", p[-1])))
			continue;
		*dashes = p[1] == '-';
		*name = p + 1 + *dashes;
		*len = 0;
		while (isalpha((unsigned char)(*name)[*len]) || (*len && (*name)[*len] == '-'))
			(*len)++;
		if (!*len)
			continue;
		*s = *name + *len;
		return true;
	}
	return false;
}

/* Check every option text names against persona p's table; returns how many it names. */
static int check_named(enum persona p, const char *text, const char *what)
{
	const char *s = text, *name;
	size_t len;
	bool dashes;
	int found = 0;

	while (next_option(text, &s, &name, &len, &dashes)) {
		found++;
		if (dashes ? takes(p, name, len, 0) : takes(p, NULL, 0, name[0]))
			continue;
		fprintf(stderr, "%s: %s names '-%s%.*s', which %s does not take\n", __FILE__, what,
			dashes ? "-" : "", (int)(dashes ? len : 1), name, persona_name(p));
		failures++;
	}
	return found;
}

/* Whether text names the option d describes, by its long name or its letter. */
static bool names(const char *text, const struct opt_desc *d)
{
	const char *s = text, *name;
	size_t len;
	bool dashes;

	while (next_option(text, &s, &name, &len, &dashes)) {
		if (dashes && d->name && strlen(d->name) == len && memcmp(d->name, name, len) == 0)
			return true;
		if (!dashes && d->letter && name[0] == d->letter)
			return true;
	}
	return false;
}

/*
 * Every modxs option is in text by one of its spellings; --clean is
 * prxs's, which modxs takes but leaves to modxs(1).
 */
static void check_complete(const char *text, const char *what)
{
	struct opt_desc d;

	for (size_t i = 0; args_describe(PERSONA_MODXS, i, &d); i++) {
		char letter[3] = {'-', d.letter, '\0'};
		if (names(text, &d) || (d.name && strcmp(d.name, "clean") == 0))
			continue;
		fprintf(stderr, "%s: %s does not offer %s%s\n", __FILE__, what, d.name ? "--" : "",
			d.name ? d.name : letter);
		failures++;
	}
}

static char *usage_of(enum persona p)
{
	char *s = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&s, &len);

	args_usage(p, out);
	fclose(out);
	return s;
}

static void test_usage(void)
{
	static const enum persona all[] = {PERSONA_MODXS, PERSONA_APXS, PERSONA_PRXS};

	for (size_t i = 0; i < sizeof(all) / sizeof(*all); i++) {
		char *u = usage_of(all[i]);
		CHECK(check_named(all[i], u, "the usage") > 5);
		if (all[i] == PERSONA_MODXS)
			check_complete(u, "modxs's usage");
		free(u);
	}
	/* apxs's own words, as scripts and people know them. */
	const char *first = "Usage: apxs -g [-S <var>=<val>] -n <modname>\n";
	char *u = usage_of(PERSONA_APXS);
	CHECK(strncmp(u, first, strlen(first)) == 0);
	free(u);
}

/* A file of the source tree, which holds this one as tests/unit/test_args.c. */
static char *source_file(const char *rel)
{
	const char *self = __FILE__;
	const char *end = strstr(self, "tests/unit/test_args.c");
	char *path = xasprintf("%.*s%s", (int)(end ? end - self : 0), self, rel);
	size_t len;
	char *text = file_read_max(path, 1 << 20, &len);

	if (!text) {
		fprintf(stderr, "%s: cannot read '%s'\n", __FILE__, path);
		failures++;
	}
	free(path);
	return text;
}

/* The text of s from the end of from up to the next until; NULL when from is not in s. */
static char *between(const char *s, const char *from, const char *until)
{
	const char *p = s ? strstr(s, from) : NULL;
	const char *q;

	if (!p)
		return NULL;
	p += strlen(from);
	q = strstr(p, until);
	return xstrndup(p, q ? (size_t)(q - p) : strlen(p));
}

static void test_completion(void)
{
	char *bash = source_file("share/completion/modxs.bash");
	char *zsh = source_file("share/completion/_modxs");
	char *words = between(bash, "_modxs_options='", "'");
	char *mode = between(bash, "\t\t-[", "]*)");
	char *spec = between(zsh, "\n_arguments -s -S \\\n", "'*:operand:");
	char flags[64], valued[64];

	CHECK(words && mode && spec);
	if (words && mode && spec) {
		CHECK(check_named(PERSONA_MODXS, words, "modxs.bash") > 30);
		check_complete(words, "modxs.bash");
		/* The clusters that set the mode are modxs's flag letters. */
		letters_of(PERSONA_MODXS, flags, valued);
		CHECK(same_set(mode, flags));
		CHECK(check_named(PERSONA_MODXS, spec, "_modxs") > 30);
		check_complete(spec, "_modxs");
	}
	free(words);
	free(mode);
	free(spec);
	free(bash);
	free(zsh);
}

int main(void)
{
	capture_stderr("modxs");
	test_modxs_and_apxs(PERSONA_MODXS);
	test_modxs_and_apxs(PERSONA_APXS);
	test_prxs();
	test_every_persona(PERSONA_MODXS);
	test_every_persona(PERSONA_APXS);
	test_every_persona(PERSONA_PRXS);
	test_launcher(PERSONA_MODXS);
	test_launcher(PERSONA_APXS);
	test_launcher(PERSONA_PRXS);
	test_persona_choice();
	test_check();
	test_table();
	test_usage();
	test_completion();
	strvec_release(&parsed);
	free(err);
	return check_status("test_args");
}
