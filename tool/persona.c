/* persona.c: the apxs and prxs personas, where they differ from modxs. */
#include "persona.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "modname.h"
#include "msg.h"

/*
 * Some configure scripts decide "this is Apache 2.x" by grepping the file
 * $APXS names for STANDARD20, which the real apxs, a Perl script, holds.
 * The persona is this binary, so it holds the word too.
 */
__attribute__((used)) static const char apxs_marker[] = "STANDARD20_MODULE_STUFF";

/* apxs keeps these as $CFG_NAME; -S accepts no other name. */
static const char *const apxs_cfg[] = {
	"PREFIX",     "TARGET", "SYSCONFDIR", "CFLAGS",	 "LDFLAGS",
	"INCLUDEDIR", "CC",	"LIBEXECDIR", "SBINDIR", NULL,
};

/*
 * apxs answers these from its own variables when the file lacks them.
 * A host profile records them as vars, but apxs never lists them.
 */
static const char *const apxs_internal[] = {
	"TARGET", "CFLAGS_SHLIB", "LD_SHLIB", "LDFLAGS_SHLIB", "LIBS_SHLIB", NULL,
};

/* apxs's %internal_vars: what -q answers from $CFG_NAME when the file lacks it. */
static const char *const apxs_answers[] = {
	"TARGET",	 "CC",	       "CFLAGS", "CFLAGS_SHLIB", "LD_SHLIB",
	"LDFLAGS_SHLIB", "LIBS_SHLIB", "PREFIX", "SBINDIR",	 "INCLUDEDIR",
	"LIBEXECDIR",	 "SYSCONFDIR", NULL,
};

/* apxs's file-scope Perl variables a value may interpolate, and their sources. */
static const struct lexical {
	const char *perl;
	const char *var; /* the config variable it holds; NULL: always "" */
} apxs_lexicals[] = {
	{"prefix", "prefix"},
	{"exec_prefix", "exec_prefix"},
	{"datadir", "datadir"},
	{"localstatedir", "localstatedir"},
	{"includedir", "includedir"},
	{"libexecdir", "libexecdir"},
	{"sbindir", "sbindir"},
	{"installbuilddir", "installbuilddir"},
	{"CFG_PREFIX", "prefix"},
	{"CFG_TARGET", "progname"},
	{"CFG_SYSCONFDIR", "sysconfdir"},
	{"CFG_INCLUDEDIR", "includedir"},
	{"CFG_CC", "CC"},
	{"CFG_LIBEXECDIR", "libexecdir"},
	{"CFG_SBINDIR", "sbindir"},
	{"destdir", NULL},
	{NULL, NULL},
};

/* Deep enough for any real file; a deeper chain is treated as a Perl failure. */
#define APXS_DEPTH 16

static bool in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

static const char *sets_value(const struct request *req, const char *name)
{
	size_t len = strlen(name);
	const char *found = NULL;

	for (size_t i = 0; i < req->sets.n; i++)
		if (strncmp(req->sets.v[i], name, len) == 0 && req->sets.v[i][len] == '=')
			found = req->sets.v[i] + len + 1;
	return found;
}

/* prxs's module name: mod_X of the first mod_X.c or mod_X.la operand; it never reads -n. */
static char *prxs_module_name(const struct request *req)
{
	for (size_t i = 0; i < req->args.n; i++) {
		const char *base = path_base(req->args.v[i]);
		size_t n = strlen(base);
		if (str_starts(base, "mod_") && n > 4 &&
		    (str_ends(base, ".c") || str_ends(base, ".la")))
			return xstrndup(base, n - (str_ends(base, ".c") ? 2 : 3));
	}
	return xstrdup("mod_unknown");
}

/*
 * prxs -c refuses a module whose dir has its own configure script (the
 * dir of the last mod_X.c operand), printing the steps to use instead.
 */
static int prxs_check_configure(struct msgs *msgs, const struct request *req)
{
	char *script = NULL;

	for (size_t i = 0; i < req->args.n; i++) {
		const char *a = req->args.v[i];
		const char *base = path_base(a);
		if (!str_starts(base, "mod_") || !str_ends(base, ".c") || strlen(base) <= 6)
			continue;
		free(script);
		script = xasprintf("%s%.*sconfigure", a[0] == '/' ? "" : "./", (int)(base - a), a);
	}
	struct stat st;
	if (!script || stat(script, &st) != 0 || !S_ISREG(st.st_mode)) {
		free(script);
		return RC_OK;
	}
	char *name = prxs_module_name(req);
	struct buf b = BUF_INIT;
	buf_printf(&b, "\nCannot compile %s using prxs.  Use existing %s script instead:\n\n", name,
		   script);
	if (strcmp(script, "./configure") != 0)
		buf_printf(&b, "  cd %.*s\n", (int)(strlen(script) - strlen("configure")), script);
	buf_puts(&b, "  ./configure\n  make\n  make install\n");
	/* prxs's own words, beside the output as its STDERR was: no "prxs: error:" prefix. */
	msg_write(msgs, MSG_ASIDE, b.s, b.len);
	buf_release(&b);
	free(name);
	free(script);
	return RC_USAGE;
}

/* prxs -c compiles .c files and nothing else: any other operand stops it first. */
static int prxs_check_sources(struct msgs *msgs, const struct request *req)
{
	for (size_t i = 0; i < req->args.n; i++) {
		if (str_ends(req->args.v[i], ".c"))
			continue;
		char *line = xasprintf("Cannot compile non-.c file %s, aborting\n", req->args.v[i]);
		msg_write(msgs, MSG_ASIDE, line, strlen(line));
		free(line);
		return RC_USAGE;
	}
	return RC_OK;
}

int persona_check(struct msgs *msgs, const struct request *req)
{
	if (req->persona == PERSONA_PRXS && (req->mode & MODE_COMPILE)) {
		int rc = prxs_check_sources(msgs, req);
		return rc ? rc : prxs_check_configure(msgs, req);
	}
	if (req->persona != PERSONA_APXS)
		return RC_OK;
	for (size_t i = 0; i < req->sets.n; i++) {
		const char *s = req->sets.v[i];
		const char *eq = strchr(s, '=');
		if (!eq || eq == s)
			return error(msgs, RC_USAGE, "malformed -S '%s': expected VAR=VALUE", s);
		char *name = xstrndup(s, (size_t)(eq - s));
		bool ok = in_list(apxs_cfg, name);
		int rc = ok ? RC_OK : error(msgs, RC_USAGE, "no config variable '%s'", name);
		free(name);
		if (rc)
			return rc;
	}
	return RC_OK;
}

bool apxs_file_var(const struct var *v)
{
	return v->origin == VAR_HOST && !in_list(apxs_internal, v->name);
}

static struct var *find_file_var(struct vars *t, const char *name, size_t len)
{
	for (size_t i = 0; i < t->n; i++)
		if (apxs_file_var(&t->v[i]) && strlen(t->v[i].name) == len &&
		    memcmp(t->v[i].name, name, len) == 0)
			return &t->v[i];
	return NULL;
}

/* apxs's get_vars lookup: the exact name, then its lowercase form. */
static struct var *apxs_find(struct vars *t, const char *name)
{
	size_t len = strlen(name);
	struct var *v = find_file_var(t, name, len);

	if (v)
		return v;
	char *lower = xstrdup(name);
	for (char *p = lower; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	v = find_file_var(t, lower, len);
	free(lower);
	return v;
}

static char *apxs_value_at(struct vars *t, const char *name, int depth);

static bool is_ident_start(char c)
{
	return isalpha((unsigned char)c) || c == '_';
}

static bool is_ident(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* The value of $perl inside apxs, or false where Perl would fail under strict. */
static bool lexical(struct vars *t, const char *perl, size_t len, struct buf *out, int depth)
{
	for (const struct lexical *l = apxs_lexicals; l->perl; l++) {
		if (strlen(l->perl) != len || memcmp(l->perl, perl, len) != 0)
			continue;
		if (!l->var)
			return true;
		char *v = apxs_value_at(t, l->var, depth + 1);
		if (!v)
			return false;
		buf_puts(out, v);
		free(v);
		return true;
	}
	return false;
}

/* "$name" or "${name}" at s; advances *s. False where Perl would not interpolate cleanly. */
static bool interp_scalar(struct vars *t, const char **s, struct buf *out, int depth)
{
	const char *p = *s + 1, *name, *end;

	if (*p == '{') {
		name = p + 1;
		end = name;
		while (is_ident(*end))
			end++;
		if (*end != '}' || end == name)
			return false;
		*s = end + 1;
	} else {
		if (!is_ident_start(*p))
			return false;
		name = p;
		end = p;
		while (is_ident(*end))
			end++;
		/* $x[, $x{, $x-> and $x:: index or qualify: never a plain scalar here. */
		if (*end == '[' || *end == '{' || (end[0] == '-' && end[1] == '>') ||
		    (end[0] == ':' && end[1] == ':'))
			return false;
		*s = end;
	}
	return lexical(t, name, (size_t)(end - name), out, depth);
}

/*
 * Interpolate s as Perl's qq() does inside apxs: $scalars from apxs's own
 * variables, backslash escapes, and no arrays. False where Perl would warn.
 */
static bool interp(struct vars *t, const char *s, struct buf *out, int depth)
{
	while (*s) {
		char ch = *s;
		if (ch == '$') {
			if (!interp_scalar(t, &s, out, depth))
				return false;
			continue;
		}
		if (ch == '@' && (is_ident_start(s[1]) || (s[1] && strchr(":{$", s[1]))))
			return false;
		if (ch == '\\') {
			char e = s[1];
			if (!e || isalnum((unsigned char)e)) {
				if (e != 'n' && e != 't')
					return false;
				ch = e == 'n' ? '\n' : '\t';
			} else {
				ch = e;
			}
			s++;
		}
		buf_putc(out, ch);
		s++;
	}
	return true;
}

static char *apxs_value_at(struct vars *t, const char *name, int depth)
{
	struct var *v = apxs_find(t, name);
	struct buf raw = BUF_INIT, out = BUF_INIT;

	if (!v || depth > APXS_DEPTH)
		return NULL;
	/* apxs deletes every parenthesis, so $(X) becomes the Perl variable $X. */
	for (const char *p = v->raw; *p; p++)
		if (*p != '(' && *p != ')')
			buf_putc(&raw, *p);
	bool ok = interp(t, raw.s ? raw.s : "", &out, depth);
	buf_release(&raw);
	if (!ok) {
		buf_release(&out);
		return NULL;
	}
	return buf_detach(&out);
}

char *apxs_value(struct vars *t, const char *name)
{
	return apxs_value_at(t, name, 0);
}

/* Where apxs warns and prints nothing, a user is better served by make's value. */
static void file_answer(struct vars *t, struct var *v, struct buf *out)
{
	char *val = apxs_value(t, v->name);

	if (val) {
		buf_puts(out, val);
		free(val);
		return;
	}
	const char *mk = vars_get(t, v->name, NULL);
	buf_puts(out, mk ? mk : "");
}

bool apxs_file_answer(struct vars *t, const char *name, struct buf *out)
{
	struct var *v = apxs_find(t, name);

	if (!v)
		return false;
	file_answer(t, v, out);
	return true;
}

bool apxs_internal_answer(struct ctx *c, struct vars *t, const char *name, struct buf *out)
{
	if (!in_list(apxs_answers, name))
		return false;
	if (strcmp(name, "TARGET") == 0) {
		const char *set = sets_value(c->req, "TARGET");
		struct var *v = apxs_find(t, "progname");
		if (set)
			buf_puts(out, set);
		else if (v)
			file_answer(t, v, out);
		else
			buf_puts(out, ctx_var(c, "TARGET"));
	} else if (!in_list(apxs_internal, name)) {
		buf_puts(out, ctx_var(c, name));
	}
	return true;
}

int apxs_load(const struct ctx *c, struct ctx *plain)
{
	struct request req = *c->req;

	memset(&req.sets, 0, sizeof(req.sets));
	int rc = ctx_load(plain, c->msgs, &req);
	/* plain->req points at this frame's copy: callers only read its vars. */
	plain->req = c->req;
	return rc;
}

/* apxs refuses -S for a $CFG_ variable that is empty, such as Debian's PREFIX. */
static int check_empty_sets(struct ctx *c, struct vars *t)
{
	static const char *const source[][2] = {
		{"PREFIX", "prefix"},	      {"TARGET", "progname"},
		{"SYSCONFDIR", "sysconfdir"}, {"INCLUDEDIR", "includedir"},
		{"LIBEXECDIR", "libexecdir"}, {"SBINDIR", "sbindir"},
	};

	for (size_t i = 0; i < sizeof(source) / sizeof(*source); i++) {
		struct var *v = find_file_var(t, source[i][1], strlen(source[i][1]));
		if (!sets_value(c->req, source[i][0]) || !v)
			continue;
		const char *val = vars_get(t, v->name, NULL);
		if (!val || !*val)
			return error(c->msgs, RC_USAGE,
				     "no config variable '%s': apxs has no value to override",
				     source[i][0]);
	}
	return RC_OK;
}

int persona_check_ctx(struct ctx *c)
{
	struct ctx file;

	if (c->req->persona != PERSONA_APXS || !c->req->sets.n)
		return RC_OK;
	int rc = apxs_load(c, &file);
	if (!rc)
		rc = check_empty_sets(c, &file.vars);
	ctx_release(&file);
	return rc;
}

/* prxs's hint: the first "$Libraries: -lfoo -lbar$" line of a source. */
static void scan_libraries(struct msgs *msgs, struct request *req, const char *src)
{
	FILE *f = fopen(src, "r");
	char line[4096];

	if (!f) {
		/* A missing source is for the compile step to report, once. */
		if (errno != ENOENT)
			warn(msgs, "cannot scan '%s' for the $Libraries$ hint:", src);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		char *p = strstr(line, "$Libraries:");
		char *end;
		if (!p || !isspace((unsigned char)p[11]) || !(end = strrchr(p + 11, '$')))
			continue;
		*end = '\0';
		struct strvec words = STRVEC_INIT;
		for (char *w = strtok(p + 11, " \t\r\n"); w; w = strtok(NULL, " \t\r\n"))
			strvec_push(&words, w);
		for (size_t i = 0; i < words.n; i++) {
			const char *w = words.v[i];
			if (str_starts(w, "-l"))
				strvec_push(&req->libs, w + 2);
			else if (w[0] == '-')
				strvec_push(&req->args, w);
			else
				strvec_push(&req->libs, w);
		}
		strvec_release(&words);
		break;
	}
	fclose(f);
}

/* The NAME.la prxs -i installs: mod_NAME.la for -n NAME, else the first mod_X.c or .la's. */
static char *prxs_install_la(const struct request *req)
{
	if (req->name)
		return xasprintf("mod_%s.la", req->name);
	for (size_t i = 0; i < req->args.n; i++) {
		const char *base = path_base(req->args.v[i]);
		if (str_starts(base, "mod_") && str_ends(base, ".la"))
			return xstrdup(base);
		if (str_starts(base, "mod_") && str_ends(base, ".c"))
			return xasprintf("%.*s.la", (int)(strlen(base) - 2), base);
	}
	/* prxs would say mod_unknown; the first source's own .la is what -c linked. */
	for (size_t i = 0; i < req->args.n; i++) {
		const char *base = path_base(req->args.v[i]);
		if (str_ends(base, ".c"))
			return xasprintf("%.*s.la", (int)(strlen(base) - 2), base);
	}
	return NULL;
}

/* prxs -i names the sources, as -c does; it installs one NAME.la from the current dir. */
static void prxs_install_args(struct request *req)
{
	char *la = prxs_install_la(req);

	if (!la)
		return;
	strvec_release(&req->args);
	strvec_push_owned(&req->args, la);
}

void persona_prepare(struct msgs *msgs, struct request *req)
{
	/* apxs reads -n for -g and for the LoadModule line of -a and -A, and nowhere else. */
	if (req->persona == PERSONA_APXS && !(req->mode & MODE_GENERATE) && !req->activate &&
	    !req->commented)
		req->name = NULL;
	if (req->persona != PERSONA_PRXS)
		return;
	/* prxs users name modules as files do ("mod_sql"); the record is sql_module. */
	if (req->name && str_starts(req->name, "mod_") && req->name[4])
		req->name += 4;
	if (!(req->mode & MODE_COMPILE)) {
		prxs_install_args(req);
		return;
	}
	size_t n = req->args.n;
	for (size_t i = 0; i < n; i++)
		if (str_ends(req->args.v[i], ".c"))
			scan_libraries(msgs, req, req->args.v[i]);
}

static void prxs_advice(struct msgs *msgs, const char *name)
{
	msg_out(msgs,
		"\nTo load your newly installed module into proftpd, be sure\n"
		"to edit your proftpd.conf and add the following:\n\n"
		"  <IfModule mod_dso.c>\n"
		"    LoadModule mod_%s.c\n"
		"  </IfModule>\n\n"
		"and then restart your proftpd server, so that the config change\n"
		"becomes live.\n\n",
		name);
}

void persona_finish(struct ctx *c, const struct strvec *installed)
{
	const struct request *req = c->req;

	if (req->persona != PERSONA_PRXS || !(req->mode & MODE_INSTALL) || req->activate ||
	    req->commented || req->dry_run || req->json)
		return;
	for (size_t i = 0; i < installed->n; i++) {
		char *name = modname_derive(req->name, installed->v[i]);
		if (name)
			prxs_advice(c->msgs, name);
		free(name);
	}
}

int persona_exit(enum persona p, int rc)
{
	return p == PERSONA_MODXS || rc == RC_OK ? rc : 1;
}
