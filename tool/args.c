/*
 * args.c: one option table, read the way modxs, apxs or prxs reads its
 * command line, into the request the core runs.
 */
#include "args.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"

/* A line being parsed: the request it fills, and where the reason for refusing it goes. */
struct parse {
	struct request *r;
	char **err;
};

/* How an option takes its argument. */
enum arg_kind { FLAG, VALUE };

/*
 * Option ids. An option with a short letter is known by that letter, as
 * in curl's tool_getparam.c; options with only a long name count from 256.
 */
enum {
	L_QUERY = 'q',
	L_GENERATE = 'g',
	L_COMPILE = 'c',
	L_INSTALL = 'i',
	L_EDIT = 'e',
	L_CLEAN = 'd',
	L_ACTIVATE = 'a',
	L_COMMENTED = 'A',
	L_PROGRAM = 'p',
	L_VERBOSE = 'v',
	L_HELP = 'h',
	L_NAME = 'n',
	L_OUTPUT = 'o',
	L_DEFINE = 'D',
	L_INCDIR = 'I',
	L_LIBDIR = 'L',
	L_LIB = 'l',
	L_PASS = 'W',
	L_SET = 'S',
	L_JOBS = 'j',
	L_HOST = 256,
	L_PROFILE,
	L_JSON,
	L_DRY_RUN,
	L_QUIET,
	L_FORCE,
	L_NO_CHECK,
	L_NO_CONFIG_TEST,
	L_LIBTOOL,
	L_COMPDB,
	L_PKG,
	L_LAYOUT,
	L_DESTDIR,
	L_LIST,
	L_DEACTIVATE,
	L_UNINSTALL,
	L_VERSION,
	L_PERSONA,
	L_RECORD,
	L_ROOT,
	L_FROM,
	L_DATADIR,
	L_RECEIPT,
	L_SYSROOT,
	L_LAUNCHER,
	L_TARGET,
};

/*
 * Every option, once: its long name (NULL for a short letter alone), the
 * argument it takes, and its id. Every persona takes the long names; the
 * short letters each persona takes are in its syntax below.
 */
static const struct optdef {
	const char *name;
	enum arg_kind kind;
	int id;
} options[] = {
	{NULL, FLAG, L_QUERY},
	{NULL, FLAG, L_GENERATE},
	{"compile", FLAG, L_COMPILE},
	{"install", FLAG, L_INSTALL},
	{NULL, FLAG, L_EDIT},
	{"clean", FLAG, L_CLEAN},
	{NULL, FLAG, L_ACTIVATE},
	{NULL, FLAG, L_COMMENTED},
	{NULL, FLAG, L_PROGRAM},
	{"verbose", FLAG, L_VERBOSE},
	{"help", FLAG, L_HELP},
	{"name", VALUE, L_NAME},
	{NULL, VALUE, L_OUTPUT},
	{NULL, VALUE, L_DEFINE},
	{NULL, VALUE, L_INCDIR},
	{NULL, VALUE, L_LIBDIR},
	{NULL, VALUE, L_LIB},
	{NULL, VALUE, L_PASS},
	{NULL, VALUE, L_SET},
	{"jobs", VALUE, L_JOBS},
	{"host", VALUE, L_HOST},
	{"profile", VALUE, L_PROFILE},
	{"json", FLAG, L_JSON},
	{"dry-run", FLAG, L_DRY_RUN},
	{"quiet", FLAG, L_QUIET},
	{"force", FLAG, L_FORCE},
	{"no-check", FLAG, L_NO_CHECK},
	{"no-config-test", FLAG, L_NO_CONFIG_TEST},
	{"libtool", FLAG, L_LIBTOOL},
	{"compdb", FLAG, L_COMPDB},
	{"pkg", VALUE, L_PKG},
	{"layout", VALUE, L_LAYOUT},
	{"destdir", VALUE, L_DESTDIR},
	{"list", FLAG, L_LIST},
	{"deactivate", VALUE, L_DEACTIVATE},
	{"uninstall", VALUE, L_UNINSTALL},
	{"version", FLAG, L_VERSION},
	{"persona", VALUE, L_PERSONA},
	{"record", FLAG, L_RECORD},
	{"root", VALUE, L_ROOT},
	{"from", VALUE, L_FROM},
	{"datadir", VALUE, L_DATADIR},
	{"receipt", FLAG, L_RECEIPT},
	{"sysroot", VALUE, L_SYSROOT},
	{"launcher", VALUE, L_LAUNCHER},
	{"target", VALUE, L_TARGET},
};
#define NOPTIONS (sizeof(options) / sizeof(*options))

static const char modxs_usage[] =
	"usage: modxs -q [-v] [--json] [-S VAR=VAL] [VAR ...]\n"
	"       modxs -g -n NAME [--host HOST]\n"
	"       modxs -c|--compile [-S VAR=VAL] [-o FILE] [-D N[=V]] [-I DIR] [-L DIR]\n"
	"                [-l LIB] [-Wc,FLAGS] [-Wl,FLAGS] [--pkg PKG] [--sysroot DIR] [-j N]\n"
	"                [--launcher CMD] [-p] FILE ...\n"
	"       modxs -i|--install [-a|-A] [-n NAME] [--destdir DIR [--receipt]] MODULE ...\n"
	"       modxs -d|--clean [-n NAME] [FILE ...]\n"
	"       modxs -e [-a|-A] [-n NAME] MODULE ...\n"
	"       modxs --list | --deactivate NAME | --uninstall NAME\n"
	"       modxs --record [--root DIR] [--from HOST=FILE] [--datadir DIR] [HOST ...]\n"
	"       modxs --record [--datadir DIR] [--host NAME] [--target T] [-S VAR=VALUE ...] platform\n"
	"\n"
	"common: --host NAME, --profile FILE, --target TRIPLE, -v/--verbose, --quiet,\n"
	"        --dry-run, --json, --force, --no-check, --no-config-test, --libtool,\n"
	"        --compdb, --layout L, --persona apxs|prxs, --help, --version\n"
	"See modxs(1) for everything.\n";

static const char apxs_usage[] =
	"Usage: apxs -g [-S <var>=<val>] -n <modname>\n"
	"       apxs -q [-v] [-S <var>=<val>] [<query> ...]\n"
	"       apxs -c [-S <var>=<val>] [-o <dsofile>] [-D <name>[=<value>]]\n"
	"               [-I <incdir>] [-L <libdir>] [-l <libname>] [-Wc,<flags>]\n"
	"               [-Wl,<flags>] [-p] <files> ...\n"
	"       apxs -i [-S <var>=<val>] [-a] [-A] [-n <modname>] <dsofile> ...\n"
	"       apxs -e [-S <var>=<val>] [-a] [-A] [-n <modname>] <dsofile> ...\n";

static const char prxs_usage[] =
	"usage: prxs <action> <opts> <source files>\n"
	"actions: -c/--compile, -i/--install, -d/--clean (several may be combined)\n"
	"options: -h/--help, -n/--name NAME, -D key[=value], -I dir, -L dir, -l lib, -a\n";

/* How each persona reads its command line. */
static const struct syntax {
	const char *alias;   /* another name it may be started as, or NULL */
	const char *letters; /* the short letters it takes: with a value, then flags */
	bool getopt;	     /* Getopt::Long: options anywhere, long names after one dash */
	const char *usage;   /* what -h prints */
} syntaxes[] = {
	[PERSONA_MODXS] = {.letters = "noDILlWSj"
				      "qgciedaApvh",
			   .usage = modxs_usage},
	[PERSONA_APXS] = {.alias = "apxs2",
			  .letters = "noDILlWSj"
				     "qgcieaApvh",
			  .usage = apxs_usage},
	[PERSONA_PRXS] = {.letters = "nDILlWS"
				     "cidhavqgep",
			  .getopt = true,
			  .usage = prxs_usage},
};
#define NPERSONAS (sizeof(syntaxes) / sizeof(*syntaxes))

enum persona persona_from_argv0(const char *argv0)
{
	const char *base = path_base(argv0 ? argv0 : "");

	for (size_t p = 0; p < NPERSONAS; p++)
		if (strcmp(base, persona_name((enum persona)p)) == 0 ||
		    (syntaxes[p].alias && strcmp(base, syntaxes[p].alias) == 0))
			return (enum persona)p;
	return PERSONA_MODXS;
}

bool args_skip_launcher(int *argc, char ***argv)
{
	if (*argc < 3 || strcmp((*argv)[1], ARGS_PERSONA_FILE) != 0)
		return false;
	*argc -= 2;
	*argv += 2;
	return true;
}

/* The persona --persona NAME names; false when NAME is none. */
static bool persona_lookup(const char *name, enum persona *p)
{
	for (size_t i = 0; i < NPERSONAS; i++)
		if (strcmp(name, persona_name((enum persona)i)) == 0) {
			*p = (enum persona)i;
			return true;
		}
	return false;
}

/*
 * Whether arg is the persona option as a line started as persona start
 * spells it: --persona, or prxs's -persona. *value is the value given
 * after '=', else NULL.
 */
static bool persona_opt(enum persona start, const char *arg, const char **value)
{
	const char *p;

	if (str_starts(arg, "--"))
		p = arg + 2;
	else if (syntaxes[start].getopt && arg[0] == '-')
		p = arg + 1;
	else
		return false;
	if (!str_starts(p, "persona"))
		return false;
	p += strlen("persona");
	*value = *p == '=' ? p + 1 : NULL;
	return *p == '=' || *p == '\0';
}

/*
 * The persona the line asks for: the last persona option naming one, else
 * start. It changes how the whole line parses, so it is read before the
 * rest; a name that is no persona is left for the parse to report.
 */
static enum persona persona_scan(enum persona start, int argc, char **argv)
{
	enum persona p = start;

	for (int i = 1; i < argc; i++) {
		const char *v;
		if (!persona_opt(start, argv[i], &v))
			continue;
		if (!v && i + 1 < argc)
			v = argv[i + 1];
		if (v)
			persona_lookup(v, &p);
	}
	return p;
}

/* Keep why the line is refused in *o->err, for the caller to print; returns rc. */
__attribute__((format(printf, 3, 4))) static int fail(struct parse *o, int rc, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	free(*o->err);
	*o->err = buf_detach(&b);
	return rc;
}

static int set_jobs(struct parse *o, const char *v)
{
	if (!parse_int(v, 1, 1024, &o->r->jobs))
		return fail(o, RC_USAGE, "invalid job count '%s': expected 1 to 1024", v);
	return RC_OK;
}

static int set_target(struct parse *o, unsigned mode, const char *v)
{
	o->r->mode |= mode;
	o->r->target = v;
	return RC_OK;
}

static int set_pass(struct parse *o, const char *v)
{
	if (v[0] == 'c' && v[1] == ',')
		strvec_push(&o->r->wc, v + 2);
	else if (v[0] == 'l' && v[1] == ',')
		strvec_push(&o->r->wl, v + 2);
	else
		return fail(o, RC_USAGE, "invalid option '-W%s': expected -Wc,FLAGS or -Wl,FLAGS",
			    v);
	return RC_OK;
}

/* persona_scan has settled the persona; here its name is only checked. */
static int check_persona(struct parse *o, const char *v)
{
	enum persona p;

	if (!persona_lookup(v, &p))
		return fail(o, RC_USAGE, "unknown persona '%s': expected modxs, apxs or prxs", v);
	return RC_OK;
}

static int take_value(struct parse *o, int id, const char *v)
{
	switch (id) {
	case L_NAME:
		o->r->name = v;
		return RC_OK;
	case L_OUTPUT:
		o->r->output = v;
		return RC_OK;
	case L_DEFINE:
		strvec_push(&o->r->defines, v);
		return RC_OK;
	case L_INCDIR:
		strvec_push(&o->r->incdirs, v);
		return RC_OK;
	case L_LIBDIR:
		strvec_push(&o->r->libdirs, v);
		return RC_OK;
	case L_LIB:
		strvec_push(&o->r->libs, v);
		return RC_OK;
	case L_SET:
		strvec_push(&o->r->sets, v);
		return RC_OK;
	case L_JOBS:
		return set_jobs(o, v);
	case L_PASS:
		return set_pass(o, v);
	case L_HOST:
		o->r->host = v;
		return RC_OK;
	case L_PROFILE:
		o->r->profile = v;
		return RC_OK;
	case L_TARGET:
		o->r->platform = v;
		return RC_OK;
	case L_PKG:
		strvec_push(&o->r->pkgs, v);
		return RC_OK;
	case L_LAYOUT:
		o->r->layout = v;
		return RC_OK;
	case L_DESTDIR:
		o->r->destdir = v;
		return RC_OK;
	case L_SYSROOT:
		o->r->sysroot = v;
		return RC_OK;
	case L_DEACTIVATE:
		return set_target(o, MODE_DEACTIVATE, v);
	case L_UNINSTALL:
		return set_target(o, MODE_UNINSTALL, v);
	case L_PERSONA:
		return check_persona(o, v);
	case L_ROOT:
		o->r->root = v;
		return RC_OK;
	case L_FROM:
		strvec_push(&o->r->froms, v);
		return RC_OK;
	case L_DATADIR:
		o->r->datadir = v;
		return RC_OK;
	case L_LAUNCHER:
		o->r->launcher = v;
		return RC_OK;
	}
	return fail(o, RC_INTERNAL, "option %d has no handler", id);
}

/* The mode an action option adds; 0 for an option that is not an action. */
static unsigned mode_of(int id)
{
	switch (id) {
	case L_QUERY:
		return MODE_QUERY;
	case L_GENERATE:
		return MODE_GENERATE;
	case L_COMPILE:
		return MODE_COMPILE;
	case L_INSTALL:
		return MODE_INSTALL;
	case L_EDIT:
		return MODE_EDIT;
	case L_CLEAN:
		return MODE_CLEAN;
	case L_HELP:
		return MODE_HELP;
	case L_VERSION:
		return MODE_VERSION;
	case L_LIST:
		return MODE_LIST;
	case L_RECORD:
		return MODE_RECORD;
	}
	return 0;
}

/* The switch a flag option turns on; NULL for an action. */
static bool *switch_of(struct parse *o, int id)
{
	switch (id) {
	case L_ACTIVATE:
		return &o->r->activate;
	case L_COMMENTED:
		return &o->r->commented;
	case L_PROGRAM:
		return &o->r->program;
	case L_VERBOSE:
		return &o->r->verbose;
	case L_JSON:
		return &o->r->json;
	case L_DRY_RUN:
		return &o->r->dry_run;
	case L_QUIET:
		return &o->r->quiet;
	case L_FORCE:
		return &o->r->force;
	case L_NO_CHECK:
		return &o->r->no_check;
	case L_NO_CONFIG_TEST:
		return &o->r->no_config_test;
	case L_LIBTOOL:
		return &o->r->libtool;
	case L_COMPDB:
		return &o->r->compdb;
	case L_RECEIPT:
		return &o->r->receipt;
	}
	return NULL;
}

static int take_flag(struct parse *o, int id)
{
	unsigned mode = mode_of(id);
	bool *on = switch_of(o, id);

	if (mode)
		o->r->mode |= mode;
	else if (on)
		*on = true;
	else
		return fail(o, RC_INTERNAL, "option %d has no handler", id);
	return RC_OK;
}

/* Options whose value is a module name. */
static bool takes_target(int id)
{
	return id == L_UNINSTALL || id == L_DEACTIVATE;
}

static const struct optdef *find_long(const char *name, size_t len)
{
	for (size_t i = 0; i < NOPTIONS; i++)
		if (options[i].name && strlen(options[i].name) == len &&
		    memcmp(options[i].name, name, len) == 0)
			return &options[i];
	return NULL;
}

/* The option persona p knows as -c; NULL when p takes no such letter. */
static const struct optdef *find_letter(enum persona p, char c)
{
	if (!strchr(syntaxes[p].letters, c))
		return NULL;
	for (size_t i = 0; i < NOPTIONS; i++)
		if (options[i].id == (unsigned char)c)
			return &options[i];
	return NULL;
}

/* "--name[=value]"; may consume the next argument. */
static int parse_long(struct parse *o, char **argv, int *i)
{
	const char *arg = argv[*i] + (argv[*i][1] == '-' ? 2 : 1);
	const char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
	const struct optdef *opt = find_long(arg, len);

	if (!opt)
		return fail(o, RC_USAGE, "unknown option '--%.*s'", (int)len, arg);
	if (opt->kind == FLAG) {
		if (eq)
			return fail(o, RC_USAGE, "option '--%s' takes no value", opt->name);
		return take_flag(o, opt->id);
	}
	if (eq)
		return take_value(o, opt->id, eq + 1);
	/* No module name starts with '-': "--uninstall --force NAME" names it later. */
	if (takes_target(opt->id) && (!argv[*i + 1] || argv[*i + 1][0] == '-'))
		return set_target(o, opt->id == L_UNINSTALL ? MODE_UNINSTALL : MODE_DEACTIVATE,
				  NULL);
	if (!argv[*i + 1])
		return fail(o, RC_USAGE, "option '--%s' needs a value", opt->name);
	return take_value(o, opt->id, argv[++*i]);
}

/* The target option a request names no NAME for yet, or NULL. */
static const char *missing_target(const struct request *r)
{
	if (r->target)
		return NULL;
	if (r->mode & MODE_UNINSTALL)
		return "uninstall";
	return (r->mode & MODE_DEACTIVATE) ? "deactivate" : NULL;
}

/* --uninstall or --deactivate that never got its NAME. */
static int check_target(struct parse *o)
{
	const char *opt = missing_target(o->r);

	if (opt)
		return fail(o, RC_USAGE, "option '--%s' needs a module name", opt);
	return RC_OK;
}

/* A cluster such as "-cia" or "-nfoo" or "-I" "dir"; may consume the next argument. */
static int parse_short(struct parse *o, char **argv, int *i)
{
	for (const char *p = argv[*i] + 1; *p; p++) {
		const struct optdef *opt = find_letter(o->r->persona, *p);
		if (!opt)
			return fail(o, RC_USAGE, "unknown option '-%c'", *p);
		if (opt->kind == FLAG) {
			int rc = take_flag(o, opt->id);
			if (rc)
				return rc;
			continue;
		}
		if (p[1])
			return take_value(o, opt->id, p + 1);
		if (!argv[*i + 1])
			return fail(o, RC_USAGE, "option '-%c' needs a value", *p);
		return take_value(o, opt->id, argv[++*i]);
	}
	return RC_OK;
}

/*
 * Whether arg, which has one dash, is a long option: prxs (Getopt::Long)
 * takes -name and -compile, and a line started as prxs may say -persona.
 */
static bool dash_long(const struct parse *o, enum persona start, const char *arg)
{
	const char *body = arg + 1;
	size_t len = strcspn(body, "=");
	const char *value;

	if (persona_opt(start, arg, &value))
		return true;
	return syntaxes[o->r->persona].getopt && len > 1 && find_long(body, len);
}

/*
 * apxs stops at the first file: what follows goes to the link line as it
 * stands. prxs (Getopt::Long) takes options anywhere.
 */
int args_parse(struct request *r, int argc, char **argv, char **err)
{
	struct parse line = {r, err}, *o = &line;
	enum persona start = r->persona;
	bool files = false;

	r->persona = persona_scan(start, argc, argv);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int rc;
		if (files || a[0] != '-' || a[1] == '\0') {
			/* "--uninstall --force NAME": the first word is the NAME. */
			if (missing_target(r)) {
				r->target = a;
				continue;
			}
			strvec_push(&r->args, a);
			files = !syntaxes[r->persona].getopt;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			files = true;
			continue;
		}
		if (a[1] == '-' || dash_long(o, start, a))
			rc = parse_long(o, argv, &i);
		else
			rc = parse_short(o, argv, &i);
		if (rc)
			return rc;
	}
	return check_target(o);
}

bool args_wants_json(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--json") == 0)
			return true;
	return false;
}

static const unsigned actions = MODE_QUERY | MODE_GENERATE | MODE_COMPILE | MODE_INSTALL |
				MODE_EDIT | MODE_CLEAN | MODE_LIST | MODE_DEACTIVATE |
				MODE_UNINSTALL | MODE_RECORD;

/* A refusal with a fixed reason, for checks that read the request without filling it. */
static int refuse(char **err, const char *why)
{
	free(*err);
	*err = xstrdup(why);
	return RC_USAGE;
}

int args_check(const struct request *r, char **err)
{
	if (!(r->mode & actions))
		return refuse(err, "nothing to do: give -q, -g, -c, -i, -e, --list, "
				   "--deactivate, --uninstall or --record (see --help)");
	if ((r->mode & MODE_RECORD) && (r->mode & actions) != MODE_RECORD)
		return refuse(err, "--record takes no other action");
	if (!(r->mode & MODE_RECORD) && (r->root || r->datadir || r->froms.n))
		return refuse(err, "--root, --from and --datadir go with --record");
	if ((r->mode & MODE_GENERATE) && !r->name)
		return refuse(err, "-g needs -n NAME");
	if ((r->mode & (MODE_COMPILE | MODE_INSTALL | MODE_EDIT)) && !r->args.n &&
	    !(r->mode & MODE_CLEAN))
		return refuse(err, "no files given");
	return RC_OK;
}

void args_usage(enum persona p, FILE *out)
{
	fputs(syntaxes[(size_t)p < NPERSONAS ? p : PERSONA_MODXS].usage, out);
}

bool args_describe(enum persona p, size_t i, struct opt_desc *d)
{
	if (i >= NOPTIONS)
		return false;
	d->name = options[i].name;
	d->letter = 0;
	if (options[i].id < 256 && find_letter(p, (char)options[i].id))
		d->letter = (char)options[i].id;
	d->value = options[i].kind == VALUE;
	return true;
}
