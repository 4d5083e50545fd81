/* args.c: apxs-compatible option parsing, plus modxs's long options. */
#include "args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"

void opts_init(struct opts *o, enum persona p)
{
	memset(o, 0, sizeof(*o));
	o->persona = p;
}

void opts_release(struct opts *o)
{
	struct strvec *lists[] = {&o->sets, &o->defines, &o->incdirs, &o->libdirs, &o->libs,
				  &o->wc,   &o->wl,	 &o->pkgs,    &o->args};
	for (size_t i = 0; i < sizeof(lists) / sizeof(*lists); i++)
		strvec_release(lists[i]);
}

enum persona persona_from_argv0(const char *argv0)
{
	const char *base = path_base(argv0 ? argv0 : "");

	if (strcmp(base, "apxs") == 0 || strcmp(base, "apxs2") == 0)
		return PERSONA_APXS;
	if (strcmp(base, "prxs") == 0)
		return PERSONA_PRXS;
	return PERSONA_MODXS;
}

const char *persona_name(enum persona p)
{
	switch (p) {
	case PERSONA_APXS:
		return "apxs";
	case PERSONA_PRXS:
		return "prxs";
	default:
		return "modxs";
	}
}

enum arg_kind { FLAG, VALUE };

struct longopt {
	const char *name;
	enum arg_kind kind;
	int id;
};

enum {
	L_HOST = 256,
	L_PROFILE,
	L_JSON,
	L_DRY_RUN,
	L_QUIET,
	L_VERBOSE,
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
	L_HELP,
	L_VERSION,
	L_PERSONA,
	L_JOBS,
	L_NAME,
	L_COMPILE,
	L_INSTALL,
	L_CLEAN,
};

static const struct longopt longopts[] = {
	{"host", VALUE, L_HOST},
	{"profile", VALUE, L_PROFILE},
	{"json", FLAG, L_JSON},
	{"dry-run", FLAG, L_DRY_RUN},
	{"quiet", FLAG, L_QUIET},
	{"verbose", FLAG, L_VERBOSE},
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
	{"help", FLAG, L_HELP},
	{"version", FLAG, L_VERSION},
	{"persona", VALUE, L_PERSONA},
	{"jobs", VALUE, L_JOBS},
	{"name", VALUE, L_NAME},
	{"compile", FLAG, L_COMPILE},
	{"install", FLAG, L_INSTALL},
	{"clean", FLAG, L_CLEAN},
	{NULL, FLAG, 0},
};

/* Short options taking a value, per persona. */
static const char *valued_shorts(enum persona p)
{
	return p == PERSONA_PRXS ? "nDILlWS" : "noDILlWSj";
}

static int set_jobs(struct opts *o, const char *v)
{
	if (!parse_int(v, 1, 1024, &o->jobs))
		return error(RC_USAGE, "invalid job count '%s': expected 1 to 1024", v);
	return RC_OK;
}

static int set_target(struct opts *o, unsigned mode, const char *v)
{
	o->mode |= mode;
	o->target = v;
	return RC_OK;
}

static int take_value(struct opts *o, int id, const char *v)
{
	switch (id) {
	case 'n':
	case L_NAME:
		o->name = v;
		return RC_OK;
	case 'o':
		o->output = v;
		return RC_OK;
	case 'D':
		strvec_push(&o->defines, v);
		return RC_OK;
	case 'I':
		strvec_push(&o->incdirs, v);
		return RC_OK;
	case 'L':
		strvec_push(&o->libdirs, v);
		return RC_OK;
	case 'l':
		strvec_push(&o->libs, v);
		return RC_OK;
	case 'S':
		strvec_push(&o->sets, v);
		return RC_OK;
	case 'j':
	case L_JOBS:
		return set_jobs(o, v);
	case 'W':
		if (v[0] == 'c' && v[1] == ',')
			strvec_push(&o->wc, v + 2);
		else if (v[0] == 'l' && v[1] == ',')
			strvec_push(&o->wl, v + 2);
		else
			return error(RC_USAGE,
				     "invalid option '-W%s': expected -Wc,FLAGS or -Wl,FLAGS", v);
		return RC_OK;
	case L_HOST:
		o->host = v;
		return RC_OK;
	case L_PROFILE:
		o->profile = v;
		return RC_OK;
	case L_PKG:
		strvec_push(&o->pkgs, v);
		return RC_OK;
	case L_LAYOUT:
		o->layout = v;
		return RC_OK;
	case L_DESTDIR:
		o->destdir = v;
		return RC_OK;
	case L_DEACTIVATE:
		return set_target(o, MODE_DEACTIVATE, v);
	case L_UNINSTALL:
		return set_target(o, MODE_UNINSTALL, v);
	case L_PERSONA:
		if (strcmp(v, "apxs") == 0)
			o->persona = PERSONA_APXS;
		else if (strcmp(v, "prxs") == 0)
			o->persona = PERSONA_PRXS;
		else if (strcmp(v, "modxs") == 0)
			o->persona = PERSONA_MODXS;
		else
			return error(RC_USAGE, "unknown persona '%s': expected modxs, apxs or prxs",
				     v);
		return RC_OK;
	}
	return error(RC_INTERNAL, "option %d has no handler", id);
}

static int take_flag(struct opts *o, int id)
{
	switch (id) {
	case 'q':
		o->mode |= MODE_QUERY;
		break;
	case 'g':
		o->mode |= MODE_GENERATE;
		break;
	case 'c':
	case L_COMPILE:
		o->mode |= MODE_COMPILE;
		break;
	case 'i':
	case L_INSTALL:
		o->mode |= MODE_INSTALL;
		break;
	case 'e':
		o->mode |= MODE_EDIT;
		break;
	case 'd':
	case L_CLEAN:
		o->mode |= MODE_CLEAN;
		break;
	case 'a':
		o->activate = true;
		break;
	case 'A':
		o->commented = true;
		break;
	case 'p':
		o->program = true;
		break;
	case 'v':
	case L_VERBOSE:
		o->verbose = true;
		break;
	case 'h':
	case L_HELP:
		o->mode |= MODE_HELP;
		break;
	case L_VERSION:
		o->mode |= MODE_VERSION;
		break;
	case L_JSON:
		o->json = true;
		break;
	case L_DRY_RUN:
		o->dry_run = true;
		break;
	case L_QUIET:
		o->quiet = true;
		break;
	case L_FORCE:
		o->force = true;
		break;
	case L_NO_CHECK:
		o->no_check = true;
		break;
	case L_NO_CONFIG_TEST:
		o->no_config_test = true;
		break;
	case L_LIBTOOL:
		o->libtool = true;
		break;
	case L_COMPDB:
		o->compdb = true;
		break;
	case L_LIST:
		o->mode |= MODE_LIST;
		break;
	default:
		return error(RC_INTERNAL, "option %d has no handler", id);
	}
	return RC_OK;
}

static const struct longopt *find_long(const char *name, size_t len)
{
	for (const struct longopt *l = longopts; l->name; l++)
		if (strlen(l->name) == len && memcmp(l->name, name, len) == 0)
			return l;
	return NULL;
}

/* "--name[=value]"; may consume the next argument. */
static int parse_long(struct opts *o, char **argv, int *i)
{
	const char *arg = argv[*i] + (argv[*i][1] == '-' ? 2 : 1);
	const char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
	const struct longopt *l = find_long(arg, len);

	if (!l)
		return error(RC_USAGE, "unknown option '--%.*s'", (int)len, arg);
	if (l->kind == FLAG) {
		if (eq)
			return error(RC_USAGE, "option '--%s' takes no value", l->name);
		return take_flag(o, l->id);
	}
	if (eq)
		return take_value(o, l->id, eq + 1);
	if (!argv[*i + 1])
		return error(RC_USAGE, "option '--%s' needs a value", l->name);
	return take_value(o, l->id, argv[++*i]);
}

/* A cluster such as "-cia" or "-nfoo" or "-I" "dir"; may consume the next argument. */
static int parse_short(struct opts *o, char **argv, int *i)
{
	const char *p = argv[*i] + 1;
	const char *valued = valued_shorts(o->persona);
	const char *flags = o->persona == PERSONA_PRXS ? "cidhavqgep" : "qgcieaApvh";

	for (; *p; p++) {
		if (strchr(valued, *p)) {
			if (p[1])
				return take_value(o, *p, p + 1);
			if (!argv[*i + 1])
				return error(RC_USAGE, "option '-%c' needs a value", *p);
			return take_value(o, *p, argv[++*i]);
		}
		if (!strchr(flags, *p))
			return error(RC_USAGE, "unknown option '-%c'", *p);
		int rc = take_flag(o, *p);
		if (rc)
			return rc;
	}
	return RC_OK;
}

/* prxs (Getopt::Long) also takes long options after one dash: -name, -compile. */
static bool prxs_long(const struct opts *o, const char *arg)
{
	const char *body = arg + 1;
	size_t len = strcspn(body, "=");

	return o->persona == PERSONA_PRXS && len > 1 && find_long(body, len);
}

/*
 * apxs stops at the first file: what follows goes to the link line as it
 * stands. prxs (Getopt::Long) takes options anywhere.
 */
int opts_parse(struct opts *o, int argc, char **argv)
{
	bool permute = o->persona == PERSONA_PRXS;
	bool files = false;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int rc;
		if (files || a[0] != '-' || a[1] == '\0') {
			strvec_push(&o->args, a);
			files = !permute;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			files = true;
			continue;
		}
		if (a[1] == '-' || prxs_long(o, a))
			rc = parse_long(o, argv, &i);
		else
			rc = parse_short(o, argv, &i);
		if (rc)
			return rc;
	}
	return RC_OK;
}

static const char modxs_usage[] =
	"usage: modxs -q [-v] [--json] [-S VAR=VAL] [VAR ...]\n"
	"       modxs -g -n NAME [--host HOST]\n"
	"       modxs -c [-S VAR=VAL] [-o FILE] [-D N[=V]] [-I DIR] [-L DIR] [-l LIB]\n"
	"                [-Wc,FLAGS] [-Wl,FLAGS] [--pkg PKG] [-j N] [-p] FILE ...\n"
	"       modxs -i [-a|-A] [-n NAME] [--destdir DIR] MODULE ...\n"
	"       modxs -e [-a|-A] [-n NAME] MODULE ...\n"
	"       modxs --list | --deactivate NAME | --uninstall NAME\n"
	"\n"
	"common: --host NAME, --profile FILE, -v/--verbose, --quiet, --dry-run, --json,\n"
	"        --force, --no-check, --no-config-test, --libtool, --compdb, --layout L,\n"
	"        --persona apxs|prxs, --help, --version\n"
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

void opts_usage(const struct opts *o)
{
	switch (o->persona) {
	case PERSONA_APXS:
		fputs(apxs_usage, stdout);
		break;
	case PERSONA_PRXS:
		fputs(prxs_usage, stdout);
		break;
	default:
		fputs(modxs_usage, stdout);
	}
}
