/* build.c: planning and running compiles and links. */
#include "build.h"

#include "json.h"
#include "jsonfile.h"
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "abicheck.h"
#include "compdb.h"
#include "elfcheck.h"
#include "fileio.h"
#include "icecc.h"
#include "la.h"
#include "modname.h"
#include "msg.h"
#include "outfile.h"
#include "pecheck.h"
#include "pkg.h"
#include "proc.h"
#include "report.h"
#include "stamp.h"
#include "words.h"

enum lang { LANG_C, LANG_CXX };

/* One source and what compiling it produces, in apxs/libtool's layout. */
struct unit {
	char *src;
	char *lo;     /* x.lo: the libtool object file */
	char *slo;    /* x.slo: apxs's stamp, empty */
	char *nonpic; /* x.o: libtool's non-PIC object, as prxs's libtool leaves it */
	char *obj;    /* .libs/x.o: the PIC object */
	char *dep;    /* .libs/.deps/x.d: the compiler's depfile */
	char *stamp;  /* .libs/.deps/x.o.hash: hash of the command that built obj */
	enum lang lang;
	struct strvec argv;
	char hash[17];
	bool stale;
};

/* Everything -c will do, worked out before anything runs. */
struct plan {
	struct ctx *c;
	const struct request *req;
	struct unit *units;
	size_t nunits;
	struct strvec link_in;	/* after the objects: inputs and verbatim words, in order */
	struct strvec link_raw; /* the same as given, .lo and .la unresolved, for libtool */
	struct strvec in_files; /* linked files whose times make the link stale */
	struct strvec deplibs;	/* -L and -l words: the .la's dependency_libs */
	struct strvec libdirs;	/* -L directories, for the symbol check */
	struct strvec pkg_cflags, pkg_libs;
	struct strvec launcher; /* words in front of every compile: "ccache", "distcc" */
	char *launcher_from;	/* where they were set, for messages */
	bool cxx;		/* a C++ source: link with the C++ driver */
	char *out;		/* NAME.la, or the program with -p */
	char *target;		/* .libs/NAME.so, or the program */
	char *dlname;		/* NAME.so */
	char *archive;		/* .libs/NAME.a: libtool's static archive, for prxs */
	char *link_stamp;	/* .libs/.deps/NAME.so.hash (NAME.hash for a program) */
	struct strvec link;
	char link_hash[17];
	bool link_stale;
	char *checked; /* the stamp says the checks passed for this */
	struct mtimes mtimes;
	int started, total; /* progress: [started/total] */
	bool progress;
	int rc;
};

/* --- names ------------------------------------------------------------ */

static bool is_cxx(const char *f)
{
	return str_ends(f, ".cc") || str_ends(f, ".cpp") || str_ends(f, ".cxx") ||
	       str_ends(f, ".C") || str_ends(f, ".c++");
}

static bool is_source(const char *f)
{
	return f[0] != '-' && (str_ends(f, ".c") || is_cxx(f));
}

/* The length of path up to and including its last '/' (0 when none). */
static size_t dir_len(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? (size_t)(slash - path) + 1 : 0;
}

/* path with the suffix of its base name replaced (or added): "a/x.c" -> "a/x.lo". */
static char *with_suffix(const char *path, const char *suffix)
{
	const char *base = path + dir_len(path);
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot != base ? (size_t)(dot - path) : strlen(path);
	return xasprintf("%.*s%s", (int)n, path, suffix);
}

/* "a/x.c" -> "a/SUB/x" + suffix. */
static char *in_sub(const char *path, const char *sub, const char *suffix)
{
	size_t d = dir_len(path);
	char *stem = with_suffix(path + d, "");
	char *p = xasprintf("%.*s%s/%s%s", (int)d, path, sub, stem, suffix);
	free(stem);
	return p;
}

/* "a/x.c" -> "a/.libs/x" + suffix: where libtool keeps the real files. */
static char *in_libs(const char *path, const char *suffix)
{
	return in_sub(path, ".libs", suffix);
}

/*
 * "a/x.c" -> "a/.libs/.deps/x" + suffix: depfiles and command hashes.
 * Not .libs/x.d: libtool's link clears .libs/NAME.* and would take them
 * with it. Not .deps/: apxs -g makes .deps a file that Apache's Makefiles
 * include.
 */
static char *in_deps(const char *path, const char *suffix)
{
	return in_sub(path, ".libs/.deps", suffix);
}

/* --- words from the context ------------------------------------------- */

/*
 * A host may record its C++ compiler empty (Apache's config_vars.mk says
 * "CXX =", and -q must say so too); C++ modules then build with the
 * compiler the platform recorded.
 */
static char *platform_var(struct ctx *c, const char *name)
{
	char *text = NULL, *val = NULL;
	cJSON *root = json_load(c->msgs, c->platform, &text);
	const cJSON *vars = cJSON_GetObjectItemCaseSensitive(root, "vars");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(vars, name);

	if (cJSON_IsString(v))
		val = xstrdup(v->valuestring);
	cJSON_Delete(root);
	free(text);
	return val;
}

/* Split the expanded value of a variable into out. */
static bool var_words(struct plan *p, const char *name, struct strvec *out)
{
	const char *val = ctx_var(p->c, name);
	char *fallback = NULL;
	bool ok;

	if (!*val && strcmp(name, "CXX") == 0 && (fallback = platform_var(p->c, name)))
		val = fallback;
	ok = words_split(val, out);
	if (!ok)
		p->rc = error(p->c->msgs, RC_DATA, "unterminated quote in %s '%s'", name, val);
	free(fallback);
	return ok;
}

/*
 * The compiler driver, split into words ("ccache gcc" is a launcher and a
 * compiler). With CXX empty in both the host and the platform, C++ falls
 * back to c++.
 */
static bool driver_words(struct plan *p, bool cxx, struct strvec *out)
{
	size_t before = out->n;

	if (!var_words(p, cxx ? "CXX" : "CC", out))
		return false;
	if (out->n == before && cxx) {
		strvec_push(out, "c++");
	} else if (out->n == before) {
		p->rc = error(p->c->msgs, RC_DATA,
			      "no C compiler recorded: CC is empty (set one with -S CC=COMPILER)");
		return false;
	}
	if (p->req->sysroot)
		strvec_push_owned(out, xasprintf("--sysroot=%s", p->req->sysroot));
	return true;
}

/*
 * --sysroot: the host profile's -I and -L dirs are the target's, so they
 * are looked up under the sysroot, as pkg-config's are.
 */
static void sysroot_dirs(struct plan *p, struct strvec *a, size_t from)
{
	for (size_t i = from; p->req->sysroot && i < a->n; i++) {
		char *w = a->v[i];
		if ((str_starts(w, "-I/") || str_starts(w, "-L/")) &&
		    !str_starts(w + 2, p->req->sysroot)) {
			a->v[i] = xasprintf("%.2s%s%s", w, p->req->sysroot, w + 2);
			free(w);
		}
	}
}

/*
 * The launcher's setting and where it was made: --launcher (where "" means
 * none), then MODXS_LAUNCHER, the host profile's build.launcher,
 * platform.json's launcher. NULL when none is set.
 */
static const char *launcher_setting(struct plan *p, bool *recorded)
{
	struct ctx *c = p->c;
	const char *env = getenv("MODXS_LAUNCHER");

	*recorded = false;
	if (p->req->launcher) {
		p->launcher_from = xstrdup("--launcher");
		return p->req->launcher;
	}
	if (env && *env) {
		p->launcher_from = xstrdup("MODXS_LAUNCHER");
		return env;
	}
	*recorded = true;
	if (c->host.launcher) {
		p->launcher_from = xasprintf("build.launcher in '%s'", c->host.file);
		return c->host.launcher;
	}
	if (c->launcher) {
		p->launcher_from = xasprintf("launcher in '%s/platform.json'", c->datadir);
		return c->launcher;
	}
	return NULL;
}

/*
 * The words every compile runs under, split like -Wc values and never
 * handed to a shell. The records' setting is expanded as their flags are;
 * the user's is taken as given.
 */
static bool plan_launcher(struct plan *p)
{
	bool recorded;
	const char *raw = launcher_setting(p, &recorded);

	if (!raw)
		return true;
	if (recorded) {
		if (!ctx_words(p->c, raw, &p->launcher))
			p->rc = RC_DATA;
		return !p->rc;
	}
	if (!words_split(raw, &p->launcher))
		p->rc = error(p->c->msgs, RC_USAGE, "unterminated quote in %s '%s'",
			      p->launcher_from, raw);
	return !p->rc;
}

/* libtool as apxs runs it: the host's LIBTOOL (Apache's), else the platform's. */
static bool libtool_words(struct plan *p, const char *mode, bool cxx, struct strvec *out)
{
	const char *lt = ctx_var(p->c, "LIBTOOL");
	size_t before = out->n;

	if (!*lt)
		lt = ctx_var(p->c, "LIBTOOL_PROGRAM");
	if (!words_split(lt, out) || out->n == before) {
		p->rc = error(p->c->msgs, RC_BUILD,
			      "--libtool: no libtool recorded (install libtool, or set "
			      "one with -S LIBTOOL_PROGRAM=PATH)");
		return false;
	}
	strvec_push(out, mode);
	strvec_push(out, "--tag=disable-static");
	if (cxx)
		strvec_push(out, "--tag=CXX");
	return true;
}

/*
 * Refuse a word for libtool that holds shell syntax, naming it and the
 * culprit. libtool is a shell script that evals file names ("libobj name
 * may not contain shell special characters"), so no quoting keeps such a
 * byte inert on its way through.
 */
static bool libtool_word_ok(struct plan *p, const char *w)
{
	const char *bad = words_special(w);

	if (!bad)
		return true;
	p->rc = error(p->c->msgs, RC_USAGE,
		      "--libtool: cannot hand '%s' to libtool: it runs its arguments through "
		      "the shell, where '%c' is special (build without --libtool)",
		      w, *bad);
	return false;
}

/* Every word of a from a->v[from] on is safe to hand to libtool. */
static bool libtool_words_ok(struct plan *p, const struct strvec *a, size_t from)
{
	for (size_t i = from; i < a->n; i++)
		if (!libtool_word_ok(p, a->v[i]))
			return false;
	return true;
}

/* Split each entry of a list (-Wc, -Wl) the way a shell would have. */
static bool list_words(struct plan *p, const struct strvec *list, const char *what,
		       struct strvec *out)
{
	for (size_t i = 0; i < list->n; i++) {
		if (!words_split(list->v[i], out)) {
			p->rc = error(p->c->msgs, RC_USAGE, "unterminated quote in %s'%s'", what,
				      list->v[i]);
			return false;
		}
	}
	return true;
}

/* Linker options that take the next word as their argument. */
static bool ld_takes_arg(const char *w)
{
	static const char *const opts[] = {"-rpath", "-z", "-soname",	       "-R",	      "-T",
					   "-u",     "-e", "--version-script", "-rpath-link", NULL};
	for (size_t i = 0; opts[i]; i++)
		if (strcmp(w, opts[i]) == 0)
			return true;
	return false;
}

/* Words the compiler driver understands itself; others from -Wl go to the linker. */
static bool driver_word(const char *w)
{
	return w[0] != '-' || str_starts(w, "-l") || str_starts(w, "-L") || str_starts(w, "-Wl,") ||
	       str_starts(w, "-Xlinker") || str_starts(w, "-f") || strcmp(w, "-pthread") == 0 ||
	       strcmp(w, "-static-libgcc") == 0 || strcmp(w, "-static-libstdc++") == 0;
}

/*
 * -Wl,FLAGS as apxs users mean it: split on blanks; -lfoo and -L/dir stay
 * driver words, bare linker options get "-Wl," so that the driver passes
 * them on rather than rejecting them.
 */
static bool wl_words(struct plan *p, struct strvec *out)
{
	struct strvec w = STRVEC_INIT;
	bool ok = list_words(p, &p->req->wl, "-Wl,", &w);

	for (size_t i = 0; ok && i < w.n; i++) {
		if (driver_word(w.v[i]))
			strvec_push(out, w.v[i]);
		else if (ld_takes_arg(w.v[i]) && i + 1 < w.n) {
			strvec_push_owned(out, xasprintf("-Wl,%s,%s", w.v[i], w.v[i + 1]));
			i++;
		} else
			strvec_push_owned(out, xasprintf("-Wl,%s", w.v[i]));
	}
	strvec_release(&w);
	return ok;
}

/* Remember a -L or -l word for dependency_libs and the library search. */
static void note_deplib(struct plan *p, const char *w)
{
	if (str_starts(w, "-L") && w[2])
		strvec_push(&p->libdirs, w + 2);
	if ((str_starts(w, "-L") || str_starts(w, "-l")) && !strvec_has(&p->deplibs, w))
		strvec_push(&p->deplibs, w);
}

static void note_deplibs(struct plan *p, const struct strvec *words, size_t from)
{
	for (size_t i = from; i < words->n; i++)
		note_deplib(p, words->v[i]);
}

/*
 * Whether -c also leaves what prxs's libtool leaves beside the module: a
 * non-PIC x.o per source and a static archive .libs/NAME.a (and no apxs
 * .slo). Build systems and packaging rules written against prxs find them.
 */
static bool like_prxs(const struct request *req)
{
	return req->persona == PERSONA_PRXS && !req->program && !req->libtool;
}

/* --- planning ---------------------------------------------------------- */

/*
 * A unit for src. Its objects go next to it, as apxs's libtool puts them,
 * or, under prxs, whose libtool is given only the name, in the current dir.
 */
static void unit_init(struct unit *u, const char *src, enum persona persona)
{
	const char *at = persona == PERSONA_PRXS ? path_base(src) : src;

	memset(u, 0, sizeof(*u));
	u->src = xstrdup(src);
	u->lo = with_suffix(at, ".lo");
	u->slo = with_suffix(at, ".slo");
	u->nonpic = with_suffix(at, ".o");
	u->obj = in_libs(at, ".o");
	u->dep = in_deps(at, ".d");
	u->stamp = in_deps(at, ".o.hash");
	u->lang = is_cxx(src) ? LANG_CXX : LANG_C;
}

static void unit_release(struct unit *u)
{
	free(u->src);
	free(u->lo);
	free(u->slo);
	free(u->nonpic);
	free(u->obj);
	free(u->dep);
	free(u->stamp);
	strvec_release(&u->argv);
}

/* An .lo names its PIC object relative to its own directory. */
static int add_lo(struct plan *p, const char *path)
{
	struct lo lo = LO_INIT;
	int rc = lo_read(p->c->msgs, path, RC_BUILD, &lo);
	const char *obj;

	if (rc)
		return rc;
	obj = lo.pic_object && strcmp(lo.pic_object, "none") ? lo.pic_object : lo.non_pic_object;
	if (!obj || strcmp(obj, "none") == 0) {
		lo_release(&lo);
		return error(p->c->msgs, RC_DATA, "'%s': line 1: names no object", path);
	}
	char *full = xasprintf("%.*s%s", (int)dir_len(path), path, obj);
	strvec_push(&p->link_in, full);
	strvec_push_owned(&p->in_files, full);
	lo_release(&lo);
	return RC_OK;
}

/* libtool's convenience library: an archive with no dlname, never to be installed. */
static bool is_convenience(const struct la *la)
{
	return (!la->dlname || !*la->dlname) && la->old_library && *la->old_library &&
	       (!la->libdir || !*la->libdir);
}

/* An .la contributes its shared object (or archive) and its dependency_libs. */
static int add_la(struct plan *p, const char *path)
{
	struct la la = LA_INIT;
	struct strvec deps = STRVEC_INIT;
	int rc = la_read_as(p->c->msgs, path, RC_BUILD, &la);

	if (rc)
		return rc;
	if ((!la.dlname || !*la.dlname) && (!la.old_library || !*la.old_library)) {
		la_release(&la);
		return error(p->c->msgs, RC_DATA, "'%s': line 1: names no library to link", path);
	}
	char *obj = la_object(path, &la);
	/* A convenience library holds the module's own code: libtool links it whole. */
	bool whole = is_convenience(&la);
	strvec_push_owned(&p->libdirs, path_dir(obj));
	if (whole)
		strvec_push(&p->link_in, "-Wl,--whole-archive");
	strvec_push(&p->link_in, obj);
	if (whole)
		strvec_push(&p->link_in, "-Wl,--no-whole-archive");
	strvec_push_owned(&p->in_files, obj);
	if (la.dependency_libs && !words_split(la.dependency_libs, &deps))
		rc = error(p->c->msgs, RC_DATA, "'%s': unterminated quote in dependency_libs",
			   path);
	strvec_extend(&p->link_in, &deps);
	note_deplibs(p, &deps, 0);
	strvec_release(&deps);
	la_release(&la);
	return rc;
}

static bool is_header(const char *a)
{
	return a[0] != '-' && (str_ends(a, ".h") || str_ends(a, ".hh") || str_ends(a, ".hpp") ||
			       str_ends(a, ".hxx"));
}

static bool is_object(const char *a)
{
	return str_ends(a, ".o") || str_ends(a, ".a") || str_ends(a, ".so") ||
	       strstr(path_base(a), ".so.");
}

/*
 * What apxs hands libtool after the files that libtool's module link
 * drops, and the compiler would not: a word that names no input (the
 * value of an -n given after a file), and apxs's own flags (-n, -a, -i).
 */
static bool apxs_dropped(const struct request *req, const char *a)
{
	if (req->persona != PERSONA_APXS)
		return false;
	if (a[0] == '-')
		return a[1] && !a[2] && strchr("naAiecqv", a[1]);
	return !is_source(a) && !is_object(a) && !str_ends(a, ".lo") && !str_ends(a, ".la");
}

/*
 * One word after -c: a source to compile, a file to link (.lo and .la
 * resolved to what they name), or a word for the link line as it stands.
 */
static int add_input(struct plan *p, const char *a)
{
	/* libtool links a module from objects and libraries only: a header goes nowhere. */
	if (!p->req->program && (is_header(a) || apxs_dropped(p->req, a)))
		return RC_OK;
	if (is_source(a)) {
		if (access(a, R_OK) < 0 &&
		    !(p->req->dry_run && p->req->generated && strcmp(p->req->generated, a) == 0))
			return error(p->c->msgs, RC_BUILD, "cannot read source '%s':", a);
		unit_init(&p->units[p->nunits++], a, p->req->persona);
		return RC_OK;
	}
	strvec_push(&p->link_raw, a);
	if (a[0] != '-' && str_ends(a, ".lo"))
		return add_lo(p, a);
	if (a[0] != '-' && str_ends(a, ".la"))
		return add_la(p, a);
	if (a[0] != '-' && is_object(a)) {
		if (access(a, R_OK) < 0)
			return error(p->c->msgs, RC_BUILD, "cannot read '%s':", a);
		strvec_push(&p->in_files, a);
	} else {
		note_deplib(p, a);
	}
	strvec_push(&p->link_in, a);
	return RC_OK;
}

/* Two sources must not share an object: foo.c and foo.cc would. */
static int check_objects(struct plan *p)
{
	for (size_t i = 0; i < p->nunits; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->units[i].obj, p->units[j].obj) == 0)
				return error(p->c->msgs, RC_USAGE,
					     "'%s' and '%s' would both compile to '%s'",
					     p->units[j].src, p->units[i].src, p->units[i].obj);
	return RC_OK;
}

/* Sort the words after -c into sources, linked inputs and verbatim words. */
static int plan_inputs(struct plan *p)
{
	const struct strvec *args = &p->req->args;

	p->units = xcalloc(args->n ? args->n : 1, sizeof(*p->units));
	for (size_t i = 0; i < args->n; i++)
		if ((p->rc = add_input(p, args->v[i])))
			return p->rc;
	for (size_t i = 0; i < p->nunits; i++)
		p->cxx = p->cxx || p->units[i].lang == LANG_CXX;
	if ((p->rc = check_objects(p)))
		return p->rc;
	if (!p->nunits && !p->in_files.n)
		return p->rc = error(p->c->msgs, RC_USAGE, "no source or object files given");
	return RC_OK;
}

/* The first file named: the output is named after it, as apxs does. */
static const char *first_file(const struct plan *p)
{
	if (p->nunits)
		return p->units[0].src;
	for (size_t i = 0; i < p->req->args.n; i++)
		if (p->req->args.v[i][0] != '-')
			return p->req->args.v[i];
	return "mod_unknown.la";
}

/*
 * prxs links mod_NAME.la in the current dir, whose LoadModule mod_NAME.c
 * finds mod_NAME.so: NAME is -n, else that of the first mod_NAME.c operand.
 */
static char *prxs_output(const struct request *req, const char *first)
{
	if (req->name)
		return xasprintf("mod_%s.la", req->name);
	for (size_t i = 0; i < req->args.n; i++) {
		const char *base = path_base(req->args.v[i]);
		if (str_starts(base, "mod_") && str_ends(base, ".c") && strlen(base) > 6)
			return with_suffix(base, ".la");
	}
	return xstrdup(first);
}

/* NAME.la and .libs/NAME.so as apxs names them, or the program with -p. */
static void plan_outputs(struct plan *p)
{
	const char *first = p->req->output ? p->req->output : first_file(p);
	const char *suffix = ctx_var(p->c, "MODULE_SUFFIX");
	char *named = NULL;

	if (p->req->persona == PERSONA_PRXS && !p->req->output && !p->req->program)
		first = named = prxs_output(p->req, first);

	if (!*suffix)
		suffix = ".so";
	if (p->req->program) {
		p->out = p->req->output ? xstrdup(p->req->output) :
					  with_suffix(first, ctx_var(p->c, "EXE_SUFFIX"));
		p->target = xstrdup(p->out);
		free(named);
		p->link_stamp = in_deps(p->out, ".hash");
		return;
	}
	p->out = with_suffix(first, ".la");
	free(named);
	p->dlname = with_suffix(path_base(p->out), suffix);
	p->target = xasprintf("%.*s.libs/%s", (int)dir_len(p->out), p->out, p->dlname);
	if (like_prxs(p->req)) {
		char *a = with_suffix(path_base(p->out), ".a");
		p->archive = xasprintf("%.*s.libs/%s", (int)dir_len(p->out), p->out, a);
		free(a);
	}
	p->link_stamp = in_deps(p->out, ".so.hash");
}

/*
 * -S PKG_CONFIG=PROGRAM, else $PKG_CONFIG: a pkg-config to run instead of
 * libpkgconf (a cross one, a wrapper). The recorded PKG_CONFIG only says
 * which pkg-config libpkgconf stands for.
 */
static const char *pkg_program(struct ctx *c)
{
	const char *v = NULL;

	for (size_t i = 0; i < c->req->sets.n; i++)
		if (str_starts(c->req->sets.v[i], "PKG_CONFIG="))
			v = c->req->sets.v[i] + strlen("PKG_CONFIG=");
	return v ? ctx_var(c, "PKG_CONFIG") : getenv("PKG_CONFIG");
}

/* The host profile's packages, then --pkg: their cflags and libs. */
static int plan_pkgs(struct plan *p)
{
	struct strvec names = STRVEC_INIT;
	int rc = RC_OK;

	for (size_t i = 0; i < p->c->host.pkgs.n; i++) {
		char *n = ctx_expand(p->c, p->c->host.pkgs.v[i]);
		if (!n) {
			strvec_release(&names);
			return p->rc = RC_DATA;
		}
		strvec_push_owned(&names, n);
	}
	strvec_extend(&names, &p->req->pkgs);
	if (names.n)
		rc = pkg_flags(p->c->msgs, p->c->deps, pkg_program(p->c), p->req->sysroot, &names,
			       &p->pkg_cflags, &p->pkg_libs);
	note_deplibs(p, &p->pkg_libs, 0);
	strvec_release(&names);
	return p->rc = rc;
}

/* "-I" + each dir, "-D" + each define, ... */
static void push_prefixed(struct strvec *out, const char *prefix, const struct strvec *list)
{
	for (size_t i = 0; i < list->n; i++)
		strvec_push_owned(out, xasprintf("%s%s", prefix, list->v[i]));
}

/*
 * CC host-cflags -Wc -I -D pkg-cflags PIC -MD -MF dep -c src -o obj; with
 * --libtool, "libtool --mode=compile CC ... -c -o x.lo src" (libtool adds
 * its own PIC flags and writes .libs/x.o itself). With launch, the
 * launcher's words go in front of CC.
 */
static bool plan_compile(struct plan *p, const struct unit *u, bool lt, bool launch,
			 struct strvec *a)
{
	struct ctx *c = p->c;
	bool cxx = u->lang == LANG_CXX;
	size_t from;

	if (lt && (!libtool_word_ok(p, u->src) || !libtool_words(p, "--mode=compile", cxx, a)))
		return false;
	from = a->n;
	if (launch)
		strvec_extend(a, &p->launcher);
	if (!driver_words(p, cxx, a))
		return false;
	size_t host = a->n;
	if (!ctx_words(c, cxx ? c->host.cxxflags : c->host.cflags, a)) {
		p->rc = RC_DATA;
		return false;
	}
	sysroot_dirs(p, a, host);
	if (!list_words(p, &p->req->wc, "-Wc,", a))
		return false;
	push_prefixed(a, "-I", &p->req->incdirs);
	push_prefixed(a, "-D", &p->req->defines);
	strvec_extend(a, &p->pkg_cflags);
	if (!lt && !var_words(p, "PIC_FLAG", a))
		return false;
	const char *tail[] = {"-MD", "-MF", u->dep, "-c", u->src, "-o", u->obj};
	const char *lt_tail[] = {"-MD", "-MF", u->dep, "-c", "-o", u->lo, u->src};
	for (size_t i = 0; i < sizeof(tail) / sizeof(*tail); i++)
		strvec_push(a, lt ? lt_tail[i] : tail[i]);
	return !lt || libtool_words_ok(p, a, from);
}

/* Is u's object up to date with its source, headers and command? */
static bool unit_stale(struct plan *p, const struct unit *u)
{
	struct stat st;

	if (stat(u->obj, &st) < 0 || !stamp_matches(u->stamp, u->hash, NULL))
		return true;
	/* An object another persona built lacks the x.o prxs's archive is made of. */
	if (like_prxs(p->req) && access(u->nonpic, F_OK) < 0)
		return true;
	return stamp_deps_newer(&p->mtimes, u->dep, &st.st_mtim);
}

static int plan_units(struct plan *p)
{
	for (size_t i = 0; i < p->nunits; i++) {
		struct unit *u = &p->units[i];
		struct strvec bare = STRVEC_INIT;
		bool lt = p->req->libtool;
		if (!plan_compile(p, u, lt, false, &bare) ||
		    !plan_compile(p, u, lt, true, &u->argv)) {
			strvec_release(&bare);
			return p->rc ? p->rc : RC_DATA;
		}
		/* Without the launcher: turning one on or off rebuilds nothing. */
		stamp_hash(bare.v, NULL, u->hash);
		strvec_release(&bare);
		u->stale = unit_stale(p, u);
		p->total += u->stale;
	}
	return RC_OK;
}

/* Where libtool installs the module: the host's LIBEXECDIR. */
static const char *libdir(struct plan *p)
{
	const char *d = ctx_var(p->c, "LIBEXECDIR");
	return *d ? d : "/usr/local/lib";
}

/*
 * Where the platform makes them (Windows), a program's import library and
 * .def beside it: PROG.exe -> PROG.lib, PROG.def. Modules link the former.
 */
static void program_exports(struct plan *p, struct strvec *a)
{
	const char *flags[] = {"IMPLIB_FLAG", "DEF_FLAG"};
	const char *suffixes[] = {ctx_var(p->c, "IMPLIB_SUFFIX"), ".def"};

	for (size_t i = 0; i < 2; i++) {
		const char *flag = ctx_var(p->c, flags[i]);
		if (!*flag || !*suffixes[0])
			continue;
		char *file = with_suffix(p->target, suffixes[i]);
		strvec_push_owned(a, xasprintf("%s%s", flag, file));
		free(file);
	}
}

/* CC -shared host-ldflags -o target soname: the direct link's head. */
static bool link_head(struct plan *p, struct strvec *a)
{
	struct ctx *c = p->c;

	size_t from;

	if (!driver_words(p, p->cxx, a) ||
	    !var_words(p, p->req->program ? "EXPORT_DYNAMIC_FLAG" : "SHLIB_LDFLAGS", a))
		return false;
	from = a->n;
	if (!ctx_words(c, c->host.ldflags, a)) {
		p->rc = RC_DATA;
		return false;
	}
	sysroot_dirs(p, a, from);
	/* Apache's LDFLAGS carry -l words; libtool puts them in dependency_libs. */
	note_deplibs(p, a, from);
	strvec_push(a, "-o");
	strvec_push(a, p->target);
	if (!p->req->program && *ctx_var(c, "SONAME_FLAG"))
		strvec_push_owned(a, xasprintf("%s%s", ctx_var(c, "SONAME_FLAG"), p->dlname));
	if (p->req->program)
		program_exports(p, a);
	return true;
}

/* After libtool's words: CC host-ldflags -o NAME.la -rpath DIR -module -avoid-version */
static bool link_head_libtool(struct plan *p, struct strvec *a)
{
	struct ctx *c = p->c;

	if (!driver_words(p, p->cxx, a))
		return false;
	if (p->req->program && !var_words(p, "EXPORT_DYNAMIC_FLAG", a))
		return false;
	if (!ctx_words(c, c->host.ldflags, a)) {
		p->rc = RC_DATA;
		return false;
	}
	strvec_push(a, "-o");
	strvec_push(a, p->out);
	if (!p->req->program) {
		const char *tail[] = {"-rpath", libdir(p), "-module", "-avoid-version"};
		for (size_t i = 0; i < 4; i++)
			strvec_push(a, tail[i]);
	}
	return true;
}

/*
 * On a platform with import libraries (Windows), a module reaches its host
 * through the host's: the profile names it as HOST_IMPLIB.
 */
static bool host_implib_words(struct plan *p, struct strvec *a)
{
	if (p->req->program || !*ctx_var(p->c, "IMPLIB_SUFFIX"))
		return true;
	return ctx_words(p->c, "$(HOST_IMPLIB)", a);
}

/*
 * HEAD objects inputs -Wl -L -l pkg-libs host-libs. libtool is given the
 * .lo and .la files themselves; the direct link the objects they name.
 */
static bool plan_link(struct plan *p)
{
	struct ctx *c = p->c;
	struct strvec *a = &p->link;
	bool lt = p->req->libtool;
	size_t from, user;

	if (lt && !libtool_words(p, "--mode=link", p->cxx, a))
		return false;
	user = a->n;
	if (!(lt ? link_head_libtool(p, a) : link_head(p, a)))
		return false;
	for (size_t i = 0; i < p->nunits; i++)
		strvec_push(a, lt ? p->units[i].lo : p->units[i].obj);
	strvec_extend(a, lt ? &p->link_raw : &p->link_in);
	from = a->n;
	if (!wl_words(p, a))
		return false;
	push_prefixed(a, "-L", &p->req->libdirs);
	push_prefixed(a, "-l", &p->req->libs);
	strvec_extend(a, &p->pkg_libs);
	size_t host = a->n;
	if (!ctx_words(c, c->host.libs, a) || !host_implib_words(p, a)) {
		p->rc = RC_DATA;
		return false;
	}
	sysroot_dirs(p, a, host);
	note_deplibs(p, a, from);
	return !lt || libtool_words_ok(p, a, user);
}

/* What the .la says besides the link command; part of the link's hash. */
static char *la_extra(struct plan *p)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "libdir=%s;", libdir(p));
	for (size_t i = 0; i < p->deplibs.n; i++)
		buf_printf(&b, " %s", p->deplibs.v[i]);
	return buf_detach(&b);
}

/* Must the link run: a compile ran, an input is newer, the command or the .la changed? */
static void plan_link_state(struct plan *p)
{
	struct stat st;
	char *extra = la_extra(p);

	stamp_hash(p->link.v, extra, p->link_hash);
	free(extra);
	p->link_stale = p->total > 0 || stat(p->target, &st) < 0 ||
			!stamp_matches(p->link_stamp, p->link_hash, &p->checked);
	for (size_t i = 0; !p->link_stale && i < p->nunits; i++)
		p->link_stale = stamp_file_newer(p->units[i].obj, &st.st_mtim);
	for (size_t i = 0; !p->link_stale && i < p->in_files.n; i++)
		p->link_stale = stamp_file_newer(p->in_files.v[i], &st.st_mtim);
	if (!p->req->program && !p->link_stale && access(p->out, F_OK) < 0)
		p->link_stale = true;
	p->total += p->link_stale;
}

/* Free everything the plan holds. */
static void plan_release(struct plan *p)
{
	for (size_t i = 0; i < p->nunits; i++)
		unit_release(&p->units[i]);
	free(p->units);
	struct strvec *lists[] = {&p->link_in,	&p->link_raw, &p->in_files,
				  &p->deplibs,	&p->libdirs,  &p->pkg_cflags,
				  &p->pkg_libs, &p->link,     &p->launcher};
	for (size_t i = 0; i < sizeof(lists) / sizeof(*lists); i++)
		strvec_release(lists[i]);
	free(p->out);
	free(p->target);
	free(p->dlname);
	free(p->archive);
	free(p->link_stamp);
	free(p->checked);
	free(p->launcher_from);
	stamp_mtimes_release(&p->mtimes);
}

/* --- running ----------------------------------------------------------- */

/* Commands go to stdout like apxs and make -n; stderr when stdout holds --json. */
static void show_command(struct msgs *msgs, char *const *argv)
{
	char *line = words_join(argv);

	msg_print(msgs, "%s\n", line);
	free(line);
}

/* ninja's "[3/16] CC foo.c", when more than one source is built and nobody asked for quiet. */
static void show_progress(struct plan *p, const char *what, const char *file)
{
	p->started++;
	if (p->req->verbose || p->req->dry_run || !p->progress)
		return;
	notice(p->c->msgs, "[%d/%d] %s %s", p->started, p->total, what, file);
}

/* The driver could not be started: name the variable that chose it. */
static int cannot_run(const char *var, const char *prog, const char *doing, const char *file,
		      int err, struct ctx *c)
{
	return error(c->msgs, RC_BUILD,
		     "cannot run '%s' to %s '%s': %s; %s is '%s' "
		     "(choose another with -S %s=COMPILER)",
		     prog, doing, file, strerror(err), var, ctx_var(c, var), var);
}

/* The launcher could not be started: name it and the setting that chose it. */
static int cannot_launch(struct plan *p, const char *doing, const char *file, int err)
{
	return error(p->c->msgs, RC_BUILD,
		     "cannot run the launcher '%s' to %s '%s': %s; it is set by %s "
		     "(--launcher '' runs the compiler alone)",
		     p->launcher.v[0], doing, file, strerror(err), p->launcher_from);
}

/*
 * A compile exited non-zero: under a launcher, the launcher may be what
 * failed, and then it fails every compile running: it is named once.
 */
static int compile_failed(struct plan *p, const struct unit *u, int status)
{
	if (!p->launcher.n)
		return error(p->c->msgs, RC_BUILD, "compiling '%s' failed (exit %d)", u->src,
			     status);
	if (p->rc)
		return p->rc;
	return error(p->c->msgs, RC_BUILD,
		     "compiling '%s' under the launcher '%s' failed (exit %d); it is set by %s",
		     u->src, p->launcher.v[0], status, p->launcher_from);
}

/* The pool starts a compile: its progress line, or its command under -v. */
static void unit_start(struct job *j, void *arg)
{
	struct plan *p = arg;
	struct unit *u = j->data;

	show_progress(p, u->lang == LANG_CXX ? "CXX" : "CC", u->src);
	if (p->req->verbose)
		show_command(p->c->msgs, j->argv);
}

/*
 * prxs's libtool compiles each source twice, the second time without PIC
 * into x.o for the static archive. One compile serves here: the PIC object
 * is a copy's source, and an archive of PIC code links wherever a non-PIC
 * one does.
 */
static int copy_nonpic(struct msgs *msgs, const struct unit *u)
{
	if ((unlink(u->nonpic) < 0 && errno != ENOENT) || file_copy(u->obj, u->nonpic) < 0)
		return error(msgs, RC_BUILD, "cannot write '%s':", u->nonpic);
	return RC_OK;
}

/*
 * Record a compiled unit: its command hash, its .lo (libtool writes its
 * own), and apxs's .slo, or prxs's non-PIC x.o.
 */
static int unit_finish(struct msgs *msgs, struct unit *u, bool libtool, bool prxs)
{
	struct lo lo = LO_INIT;
	int rc = RC_OK;

	if (libtool)
		goto stamps;
	lo.pic_object = xstrdup(u->obj + dir_len(u->lo));
	lo.non_pic_object = xstrdup(prxs ? u->nonpic + dir_len(u->lo) : "none");
	rc = lo_write(msgs, u->lo, &lo);
	lo_release(&lo);
stamps:
	if (!rc)
		rc = prxs ? copy_nonpic(msgs, u) : outfile_touch(msgs, u->slo);
	if (!rc)
		rc = stamp_write(msgs, u->stamp, u->hash, NULL);
	return rc;
}

/* A compile ended: its output as it was, then one error line if it failed. */
static bool unit_done(struct job *j, void *arg)
{
	struct plan *p = arg;
	struct unit *u = j->data;

	if (j->out.len)
		msg_write(p->c->msgs, MSG_ASIDE, j->out.s, j->out.len);
	report_command(p->c->msgs, j->argv, j->status);
	if (j->status == SPAWN_FAILED) {
		const char *var = u->lang == LANG_CXX ? "CXX" : "CC";
		p->rc = p->launcher.n && !p->req->libtool ?
				cannot_launch(p, "compile", u->src, j->err) :
				cannot_run(var, j->argv[0], "compile", u->src, j->err, p->c);
		return false;
	}
	if (j->status) {
		unlink(u->stamp);
		p->rc = compile_failed(p, u, j->status);
		return false;
	}
	int rc = unit_finish(p->c->msgs, u, p->req->libtool, like_prxs(p->req));
	if (rc)
		p->rc = rc;
	return !rc;
}

/* Create the directory file goes in (.libs, .libs/.deps). */
static int make_dirs_for(struct msgs *msgs, const char *file)
{
	char *dir = path_dir(file);
	int rc = outfile_mkdirs(msgs, dir);
	free(dir);
	return rc;
}

/*
 * How many jobs distcc can take, as "distcc -j" counts them from
 * DISTCC_HOSTS; 0 when the launcher is not distcc or cannot tell.
 */
static int distcc_jobs(struct plan *p)
{
	struct buf out = BUF_INIT;
	int n = 0;

	for (size_t i = 0; i < p->launcher.n; i++) {
		if (strcmp(path_base(p->launcher.v[i]), "distcc") != 0)
			continue;
		char *argv[] = {p->launcher.v[i], "-j", NULL};
		if (spawn_capture(argv, &out) == 0 && out.s) {
			out.s[strcspn(out.s, "\n")] = '\0';
			if (!parse_int(out.s, 1, 1024, &n))
				n = 0;
		}
		break;
	}
	buf_release(&out);
	return n;
}

/* Whether a word of the launcher runs name ("distcc", "/usr/bin/icecc"). */
static bool launcher_is(struct plan *p, const char *name)
{
	for (size_t i = 0; i < p->launcher.n; i++)
		if (strcmp(path_base(p->launcher.v[i]), name) == 0)
			return true;
	return false;
}

/*
 * How many jobs icecc's farm takes, as its scheduler lists the nodes
 * (icecc.h); 0 when the launcher is not icecc. When the scheduler cannot
 * tell, one warning says so and how to choose, and 0 leaves the local CPUs.
 */
static int icecc_farm_size(struct plan *p)
{
	char *sched, *why;
	int nodes, n;

	if (!launcher_is(p, "icecc"))
		return 0;
	n = icecc_jobs(p->c->exe_dir, &sched, &nodes, &why);
	if (n && p->req->verbose)
		notice(p->c->msgs, "icecc's scheduler '%s' lists %d job%s on %d node%s: -j %d",
		       sched, n, n == 1 ? "" : "s", nodes, nodes == 1 ? "" : "s", n);
	if (!n)
		warn(p->c->msgs,
		     "cannot learn how many jobs icecc's farm takes: %s; running %d compiles at "
		     "once, one per CPU here (-j N sets how many)",
		     why, spawn_cpus());
	free(sched);
	free(why);
	return n;
}

/*
 * -j, else what a distributing launcher can take, else the local CPUs:
 * with distcc or icecc the compiles run elsewhere, and more of them at
 * once pay.
 */
static int compile_jobs(struct plan *p)
{
	int n;

	if (p->req->jobs)
		return p->req->jobs;
	if ((n = distcc_jobs(p)) || (n = icecc_farm_size(p)))
		return n;
	return spawn_cpus();
}

/* Compile the stale units, -j at once; under --dry-run only show them. */
static int run_compiles(struct plan *p)
{
	struct job *jobs = xcalloc(p->nunits ? p->nunits : 1, sizeof(*jobs));
	size_t n = 0;
	struct pool_cb cb = {unit_start, unit_done, p};

	for (size_t i = 0; i < p->nunits; i++) {
		struct unit *u = &p->units[i];
		if (!u->stale)
			continue;
		if (p->req->dry_run) {
			show_progress(p, u->lang == LANG_CXX ? "CXX" : "CC", u->src);
			show_command(p->c->msgs, u->argv.v);
			report_command(p->c->msgs, u->argv.v, 0);
			continue;
		}
		if ((p->rc = make_dirs_for(p->c->msgs, u->obj)) ||
		    (p->rc = make_dirs_for(p->c->msgs, u->dep)))
			break;
		jobs[n++] = (struct job){
			.argv = u->argv.v, .data = u, .fd = -1, .out_to_err = p->c->msgs->json};
	}
	if (!p->rc && n)
		spawn_pool(jobs, n, n > 1 ? compile_jobs(p) : 1, &cb);
	for (size_t i = 0; i < n; i++)
		job_release(&jobs[i]);
	free(jobs);
	return p->rc;
}

/* NAME.la, .libs/NAME.lai (what libtool --mode=install copies) and .libs/NAME.la. */
static int write_la(struct plan *p)
{
	struct la la = LA_INIT;
	struct buf deps = BUF_INIT;
	char *lai = xasprintf("%.*s.libs/%si", (int)dir_len(p->out), p->out, path_base(p->out));
	char *link = with_suffix(lai, ".la");
	char *target = xasprintf("../%s", path_base(p->out));
	int rc;

	for (size_t i = 0; i < p->deplibs.n; i++)
		buf_printf(&deps, " %s", p->deplibs.v[i]);
	la.dlname = xstrdup(p->dlname);
	la.library_names = xasprintf("%s %s %s", p->dlname, p->dlname, p->dlname);
	la.old_library = xstrdup(p->archive ? path_base(p->archive) : "");
	la.dependency_libs = buf_detach(&deps);
	la.libdir = xstrdup(libdir(p));
	la.module = true;
	rc = la_write(p->c->msgs, p->out, &la);
	la.installed = true;
	if (!rc)
		rc = la_write(p->c->msgs, lai, &la);
	if (!rc && (unlink(link) == 0 || errno == ENOENT) && symlink(target, link) < 0)
		rc = error(p->c->msgs, RC_BUILD, "cannot create symlink '%s':", link);
	la_release(&la);
	free(lai);
	free(link);
	free(target);
	return rc;
}

/* .libs/NAME.a from the units' non-PIC objects, as libtool's "ar cr" then "ranlib". */
static int write_archive(struct plan *p)
{
	struct strvec a = STRVEC_INIT;
	const char *ar = ctx_var(p->c, "AR");
	int status;

	if (unlink(p->archive) < 0 && errno != ENOENT)
		return p->rc = error(p->c->msgs, RC_BUILD, "cannot remove '%s':", p->archive);
	strvec_push(&a, *ar ? ar : "ar");
	strvec_push(&a, "crs");
	strvec_push(&a, p->archive);
	for (size_t i = 0; i < p->nunits; i++)
		strvec_push(&a, p->units[i].nonpic);
	if (p->req->verbose)
		show_command(p->c->msgs, a.v);
	struct job j = {.argv = a.v, .fd = -1, .out_to_err = p->c->msgs->json};
	status = spawn_job(&j);
	report_command(p->c->msgs, a.v, status);
	if (status == SPAWN_FAILED)
		p->rc = error(p->c->msgs, RC_BUILD, "cannot run '%s' to write '%s': %s", a.v[0],
			      p->archive, strerror(j.err));
	else if (status)
		p->rc = error(p->c->msgs, RC_BUILD, "writing '%s' failed (exit %d)", p->archive,
			      status);
	job_release(&j);
	strvec_release(&a);
	return p->rc;
}

/* Link, then write the .la files and the link's stamp. */
static int run_link(struct plan *p)
{
	const char *var = p->cxx ? "CXX" : "CC";
	int status;

	show_progress(p, "LINK", p->target);
	if (p->req->verbose || p->req->dry_run)
		show_command(p->c->msgs, p->link.v);
	if (p->req->dry_run) {
		report_command(p->c->msgs, p->link.v, 0);
		return RC_OK;
	}
	if ((p->rc = make_dirs_for(p->c->msgs, p->target)) ||
	    (p->rc = make_dirs_for(p->c->msgs, p->link_stamp)))
		return p->rc;
	unlink(p->link_stamp);
	struct job j = {.argv = p->link.v, .fd = -1, .out_to_err = p->c->msgs->json};
	status = spawn_job(&j);
	report_command(p->c->msgs, p->link.v, status);
	if (status == SPAWN_FAILED)
		return p->rc = cannot_run(var, p->link.v[0], "link", p->target, errno, p->c);
	if (status)
		return p->rc = error(p->c->msgs, RC_BUILD, "linking '%s' failed (exit %d)",
				     p->target, status);
	if (!p->req->program && !p->req->libtool)
		p->rc = write_la(p);
	if (!p->rc && p->archive)
		p->rc = write_archive(p);
	if (!p->rc)
		p->rc = stamp_write(p->c->msgs, p->link_stamp, p->link_hash, NULL);
	return p->rc;
}

/* --- checks ------------------------------------------------------------- */

/* The -n a build goes by: apxs -c never reads it, so its persona builds without it. */
static const char *build_name(const struct request *req)
{
	return req->persona == PERSONA_APXS ? NULL : req->name;
}

/* modname's rule for a build, over this plan's sources and output. */
static char *module_name(struct plan *p)
{
	const char **srcs = xcalloc(p->nunits ? p->nunits : 1, sizeof(*srcs));
	char *name;

	for (size_t i = 0; i < p->nunits; i++)
		srcs[i] = p->units[i].src;
	name = modname_for_build(build_name(p->req), srcs, p->nunits, p->out);
	free(srcs);
	return name;
}

/*
 * The name the checks look for. apxs -c reads no -n, so where the usual
 * rule names a record the module lacks (mod_glue.c linked with the
 * convenience library that holds x_module), the persona takes the one
 * record the module exports, as apxs -i later does.
 */
static char *apxs_record_name(struct plan *p)
{
	char *name = module_name(p);

	if (p->req->persona != PERSONA_APXS || p->req->dry_run)
		return name;
	char *symbol = fmt_apply(&p->c->host.symbol_fmt, name, NULL);
	char *found = modname_exports(p->c->deps, p->target, symbol) == 0 ?
			      modname_from_object(p->c->deps, p->target, &p->c->host.symbol_fmt) :
			      NULL;
	free(symbol);
	if (!found)
		return name;
	free(name);
	return found;
}

/* module.symbol with name; its text after the name is what records end in. */
static char *record_symbol(struct plan *p, const char *name, const char **suffix)
{
	*suffix = fmt_suffix(&p->c->host.symbol_fmt);
	return fmt_apply(&p->c->host.symbol_fmt, name, NULL);
}

/* A Windows DLL's checks: its export table, and its imports against the host's import library. */
static int pe_checks(struct plan *p, const char *symbol, const char *suffix)
{
	struct strvec implibs = STRVEC_INIT;
	int rc = pecheck_record(p->c->msgs, p->target, symbol, suffix);

	if (!rc && !ctx_words(p->c, "$(HOST_IMPLIB)", &implibs))
		rc = RC_DATA;
	if (!rc)
		rc = pecheck_symbols(p->c->msgs, p->target, &implibs, &p->libdirs);
	strvec_release(&implibs);
	return rc;
}

/*
 * An ELF module: its record and ABI stamp, the symbols the host looks it up by, its build
 * signature where the host stamps one, and that its needs are met.
 */
static int elf_checks(struct plan *p, const char *name, const char *symbol, const char *suffix,
		      const char *server)
{
	struct ctx *c = p->c;
	int rc = elfcheck_record(c->msgs, c->deps, p->target, symbol, suffix,
				 c->host.symbol_function);

	if (!rc)
		rc = abi_check(c, name, p->target, true);
	if (!rc)
		rc = elfcheck_exports(c->msgs, c->deps, p->target, &c->host.exports);
	if (!rc && c->host.signature)
		rc = elfcheck_signature(c->msgs, c->deps, p->target, server, c->host.signature,
					p->req->verbose);
	if (!rc)
		rc = elfcheck_symbols(c->msgs, c->deps, p->target, server, &p->libdirs,
				      p->req->verbose);
	return rc;
}

/*
 * After a failed check: the .la files go, so -i cannot install the module
 * (the shared object stays, for nm and objdump), and the stamp, so the
 * next run links again.
 */
static void drop_la(struct plan *p)
{
	char *lai = xasprintf("%.*s.libs/%si", (int)dir_len(p->out), p->out, path_base(p->out));
	char *link = with_suffix(lai, ".la");

	unlink(p->out);
	unlink(lai);
	unlink(link);
	unlink(p->link_stamp);
	free(lai);
	free(link);
}

/* --sysroot: the server the module is checked against is the target's. */
static char *sysroot_path(struct plan *p, char *path)
{
	if (!path || !p->req->sysroot || path[0] != '/')
		return path;
	char *in = xasprintf("%s%s", p->req->sysroot, path);
	free(path);
	return in;
}

/*
 * Run the checks unless the stamp says they passed for this very symbol
 * and server: a no-op rebuild reads no ELF file.
 */
static int run_checks(struct plan *p)
{
	char *name = apxs_record_name(p);
	const char *suffix;
	char *symbol = record_symbol(p, name, &suffix);
	char *server = sysroot_path(p, ctx_expand(p->c, p->c->host.server));
	char *abi = abi_expected(&p->c->host.abi);
	/* The stamp the server wants is part of what passed: a new one checks again. */
	char *what = server ? xasprintf("%s %s%s%s", symbol, server, *abi ? " " : "", abi) : NULL;
	int rc = server ? RC_OK : RC_DATA;

	report_set(p->c->msgs, "module", name);
	if (!rc && !p->link_stale && p->checked && strcmp(p->checked, what) == 0) {
		report_check(p->c->msgs, "record", true, "unchanged since it passed");
		report_check(p->c->msgs, "symbols", true, "unchanged since it passed");
		if (*abi)
			report_check(p->c->msgs, "abi", true, "unchanged since it passed");
		goto out;
	}
	if (pecheck_applies(p->target)) {
		/* A DLL's record is not read yet: its stamp goes unchecked, as -i's would. */
		if (!(rc = pe_checks(p, symbol, suffix)))
			rc = abi_check(p->c, name, p->target, false);
	} else {
		rc = elf_checks(p, name, symbol, suffix, server);
	}
	if (!rc)
		rc = stamp_write(p->c->msgs, p->link_stamp, p->link_hash, what);
	else if (rc == RC_CHECK)
		drop_la(p);
out:
	free(what);
	free(abi);
	free(server);
	free(symbol);
	free(name);
	return p->rc = rc;
}

/* --- the whole of -c ----------------------------------------------------- */

/* --json: the files this build produced. */
static void report_outputs(struct plan *p)
{
	for (size_t i = 0; i < p->nunits; i++) {
		report_file(p->c->msgs, "object", p->units[i].obj);
		report_file(p->c->msgs, "lo", p->units[i].lo);
	}
	if (p->req->program) {
		report_file(p->c->msgs, "program", p->target);
		return;
	}
	report_file(p->c->msgs, "module", p->target);
	report_file(p->c->msgs, "la", p->out);
}

/* --compdb: one entry per source in ./compile_commands.json. */
static int write_compdb(struct plan *p)
{
	struct compdb_entry *e = xcalloc(p->nunits ? p->nunits : 1, sizeof(*e));
	char *cwd = getcwd(NULL, 0);
	int rc;

	if (!cwd) {
		free(e);
		return error(p->c->msgs, RC_BUILD, "cannot get the current directory:");
	}
	/* Tools read the compiler's own command: not libtool's, not the launcher's. */
	struct strvec *direct = xcalloc(p->nunits ? p->nunits : 1, sizeof(*direct));
	for (size_t i = 0; i < p->nunits; i++) {
		struct unit *u = &p->units[i];
		plan_compile(p, u, false, false, &direct[i]);
		e[i] = (struct compdb_entry){u->src, u->obj, direct[i].v};
	}
	rc = compdb_update(p->c->msgs, "compile_commands.json", cwd, e, p->nunits);
	for (size_t i = 0; i < p->nunits; i++)
		strvec_release(&direct[i]);
	free(direct);
	free(cwd);
	free(e);
	return rc;
}

/* Work out every command and what is stale, running nothing. */
static int plan_all(struct plan *p)
{
	if (plan_inputs(p) || plan_pkgs(p))
		return p->rc;
	plan_outputs(p);
	/*
	 * The shared object's base name is the soname argument of the link,
	 * and ld reads "-soname,-mod_x.so" as the option -m od_x.so.
	 */
	if (p->dlname && p->dlname[0] == '-')
		return p->rc = error(p->c->msgs, RC_USAGE,
				     "'%s': a module name may not start with '-'; "
				     "rename it or use -o",
				     p->out);
	if (!plan_launcher(p) || plan_units(p) || !plan_link(p))
		return p->rc ? p->rc : RC_DATA;
	plan_link_state(p);
	/* modxs shows every build's steps; apxs and prxs print what their tools print. */
	p->progress = !p->req->quiet && (p->nunits > 1 || p->req->persona == PERSONA_MODXS);
	return RC_OK;
}

/*
 * -o must name a file: with "/", "dir/", "." or a directory the outputs
 * would be "/.la" and "/.libs", beside or above what the user meant.
 */
static int check_output(struct msgs *msgs, const char *out)
{
	struct stat st;

	if (!out)
		return RC_OK;
	const char *base = path_base(out);
	if (*base && strcmp(base, ".") != 0 && strcmp(base, "..") != 0 &&
	    !(stat(out, &st) == 0 && S_ISDIR(st.st_mode)))
		return RC_OK;
	return error(msgs, RC_USAGE,
		     "-o '%s' names a directory, not an output file (give one such as "
		     "'DIR/mod_NAME.la')",
		     out);
}

/* The plan's commands as the library shows them: each compile, then the link. */
static void plan_commands(struct plan *p, struct build_plan *bp)
{
	bool lt = p->req->libtool;

	bp->cmds = xcalloc(p->nunits + 1, sizeof(*bp->cmds));
	for (size_t i = 0; i < p->nunits; i++) {
		struct unit *u = &p->units[i];
		bp->cmds[bp->n++] = (struct build_cmd){u->lang == LANG_CXX ? "CXX" : "CC", u->src,
						       lt ? u->lo : u->obj, u->argv.v, u->stale};
	}
	bp->cmds[bp->n++] = (struct build_cmd){"LINK", NULL, lt ? p->out : p->target, p->link.v,
					       p->link_stale};
	bp->out = p->out;
	bp->target = p->target;
}

int build_plan(struct ctx *c, struct build_plan *bp)
{
	struct plan *p = xcalloc(1, sizeof(*p));
	int rc;

	memset(bp, 0, sizeof(*bp));
	bp->p = p;
	p->c = c;
	p->req = c->req;
	if (build_name(c->req) && (rc = modname_check(c->msgs, c->req->name)))
		return rc;
	if ((rc = check_output(c->msgs, c->req->output)))
		return rc;
	if (plan_all(p))
		return p->rc;
	plan_commands(p, bp);
	return RC_OK;
}

int build_run(struct build_plan *bp, struct strvec *out)
{
	struct plan *p = bp->p;
	const struct request *req = p->req;
	bool check = !req->no_check && !req->program;

	if (run_compiles(p))
		return p->rc;
	if (p->link_stale && run_link(p))
		return p->rc;
	if (!req->dry_run && check && run_checks(p))
		return p->rc;
	if (!req->dry_run && req->compdb && (p->rc = write_compdb(p)))
		return p->rc;
	report_outputs(p);
	strvec_push(out, p->out);
	return RC_OK;
}

void build_plan_release(struct build_plan *bp)
{
	if (bp->p)
		plan_release(bp->p);
	free(bp->p);
	free(bp->cmds);
	memset(bp, 0, sizeof(*bp));
}

/* Remove path if it exists; say so under -v; only --dry-run leaves it. */
static int remove_output(struct msgs *msgs, const struct request *req, const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return RC_OK;
	if (req->verbose || req->dry_run) {
		char *argv[] = {"rm", "-f", (char *)path, NULL};
		show_command(msgs, argv);
	}
	if (req->dry_run)
		return RC_OK;
	if (unlink(path) < 0 && errno != ENOENT)
		return error(msgs, RC_BUILD, "cannot remove '%s':", path);
	report_file(msgs, "removed", path);
	return RC_OK;
}

/* .libs/.deps and .libs go too once nothing else is in them. */
static void remove_dir_if_empty(const struct request *req, const char *file)
{
	char *dir = path_dir(file);
	if (!req->dry_run)
		rmdir(dir);
	free(dir);
}

/* Every file -c writes for the plan's units and output. */
static void clean_list(struct plan *p, struct strvec *files)
{
	for (size_t i = 0; i < p->nunits; i++) {
		struct unit *u = &p->units[i];
		const char *f[] = {u->lo, u->slo, u->obj, u->dep, u->stamp};
		for (size_t k = 0; k < sizeof(f) / sizeof(*f); k++)
			strvec_push(files, f[k]);
		if (p->req->persona == PERSONA_PRXS)
			strvec_push(files, u->nonpic);
	}
	if (p->archive)
		strvec_push(files, p->archive);
	strvec_push(files, p->target);
	strvec_push(files, p->link_stamp);
	if (p->req->program)
		return;
	strvec_push(files, p->out);
	strvec_push_owned(
		files, xasprintf("%.*s.libs/%si", (int)dir_len(p->out), p->out, path_base(p->out)));
	strvec_push_owned(
		files, xasprintf("%.*s.libs/%s", (int)dir_len(p->out), p->out, path_base(p->out)));
}

/* Whether the plan has a unit for src already. */
static bool has_unit(const struct plan *p, const char *src)
{
	for (size_t i = 0; i < p->nunits; i++)
		if (strcmp(p->units[i].src, src) == 0)
			return true;
	return false;
}

/* With only -n NAME (as prxs -d is used): NAME.la or mod_NAME.la. */
static const char *clean_target(const struct request *req, char **owned)
{
	*owned = NULL;
	if (req->output || !req->name)
		return req->output;
	if (str_starts(req->name, "mod_"))
		return *owned = xasprintf("%s.la", req->name);
	return *owned = xasprintf("mod_%s.la", req->name);
}

int build_clean(struct ctx *c)
{
	struct plan p = {.c = c, .req = c->req};
	struct request req = *c->req;
	struct strvec files = STRVEC_INIT;
	char *owned;

	req.output = clean_target(c->req, &owned);
	p.req = &req;
	if (!req.output && !req.args.n) {
		free(owned);
		return error(c->msgs, RC_USAGE, "-d: name the sources or give -n NAME");
	}
	if ((p.rc = check_output(c->msgs, req.output))) {
		free(owned);
		return p.rc;
	}
	glob_t lo = {0};
	/* prxs -d runs libtool --mode=clean on every *.lo of the current dir. */
	if (req.persona == PERSONA_PRXS && glob("*.lo", 0, NULL, &lo) != 0)
		lo.gl_pathc = 0;
	p.units = xcalloc(req.args.n + lo.gl_pathc + 1, sizeof(*p.units));
	for (size_t i = 0; i < req.args.n; i++)
		if (is_source(req.args.v[i]))
			unit_init(&p.units[p.nunits++], req.args.v[i], req.persona);
	for (size_t i = 0; i < lo.gl_pathc; i++) {
		char *src = with_suffix(lo.gl_pathv[i], ".c");
		if (!has_unit(&p, src))
			unit_init(&p.units[p.nunits++], src, req.persona);
		free(src);
	}
	if (req.persona == PERSONA_PRXS)
		globfree(&lo);
	plan_outputs(&p);
	clean_list(&p, &files);
	for (size_t i = 0; i < files.n && !p.rc; i++)
		p.rc = remove_output(c->msgs, &req, files.v[i]);
	/* Twice: .libs empties only once .libs/.deps has gone. */
	for (size_t pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < files.n && !p.rc; i++)
			remove_dir_if_empty(&req, files.v[i]);
	strvec_release(&files);
	plan_release(&p);
	free(owned);
	return p.rc;
}
