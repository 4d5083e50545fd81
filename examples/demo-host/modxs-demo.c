/*
 * modxs-demo.c: a small server host that loads modules the way Apache's
 * mod_so does, so modules built with modxs can be loaded and run without
 * any real server installed.
 *
 * Usage: modxs-demo [-f CONF] [-t] [-v]
 *
 * The config is read line by line, in order:
 *	# comment            (whole lines only)
 *	ModulePath DIR       where later relative paths are found
 *	LoadFile PATH        dlopen a library with RTLD_GLOBAL, for later modules
 *	LoadModule NAME PATH dlopen a module and start its record NAME
 * Directive names are case-insensitive; an argument with spaces is quoted
 * with "..." or '...' (a backslash escapes the next character inside).
 *
 * Relative paths: a ModulePath DIR is relative to the config file's
 * directory. A LoadFile or LoadModule PATH is relative to the last
 * ModulePath before it, or to the config file's directory if none.
 *
 * The default CONF is ../etc/modxs-demo/modxs-demo.conf from the directory
 * of the executable, so the host works from any install prefix.
 * With -t, the config is only checked (syntax, every file exists) and
 * "Syntax OK" is printed on stderr, as `apache2 -t` does.
 * Exit status: 0 on success, 1 on any error.
 */
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* This file is the host: it exports the API that modxs-demo.h declares. */
#define MODXS_DEMO_HOST
#include "modxs-demo.h"

#ifdef _WIN32
/*
 * Windows: LoadLibrary and GetProcAddress stand in for dlopen and dlsym.
 * A DLL's imports are bound through import libraries at link time, so
 * RTLD_GLOBAL has nothing to do: LoadFile only loads the library early.
 */
#include <windows.h>

#define RTLD_NOW 0
#define RTLD_GLOBAL 0

static void *dlopen(const char *path, int flags)
{
	(void)flags;
	return LoadLibraryA(path);
}

static void *dlsym(void *handle, const char *name)
{
	FARPROC f = GetProcAddress(handle, name);
	void *p;

	/* A record is data, but GetProcAddress returns any export as a function pointer. */
	memcpy(&p, &f, sizeof(p));
	return p;
}

static int dlclose(void *handle)
{
	return FreeLibrary(handle) ? 0 : -1;
}

/* The system's text for the last error, in a buffer each call reuses. */
static const char *dlerror(void)
{
	static char text[256];
	DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
				 GetLastError(), 0, text, sizeof(text), NULL);

	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r' || text[n - 1] == '.'))
		text[--n] = '\0';
	if (n == 0)
		snprintf(text, sizeof(text), "error %lu", (unsigned long)GetLastError());
	return text;
}

/* getline(3), which the Windows C library lacks: one line, the newline kept. */
static ssize_t getline(char **line, size_t *cap, FILE *f)
{
	size_t len = 0;
	int ch;

	while ((ch = getc(f)) != EOF) {
		if (len + 2 > *cap) {
			size_t want = *cap ? *cap * 2 : 128;
			char *p = realloc(*line, want);
			if (!p)
				return -1;
			*line = p;
			*cap = want;
		}
		(*line)[len++] = (char)ch;
		if (ch == '\n')
			break;
	}
	if (len == 0)
		return -1;
	(*line)[len] = '\0';
	return (ssize_t)len;
}
#else
#include <dlfcn.h>
#endif

#ifndef MODXS_DEMO_VERSION
#define MODXS_DEMO_VERSION "unknown"
#endif

/* A directive takes at most two arguments; more words are only counted. */
#define MAX_WORDS 3

/* The state of one config being read. */
struct conf {
	const char *file;  /* the config, as named */
	char *dir;	   /* its directory: the base of relative paths */
	char *module_path; /* the last ModulePath, resolved; NULL if none */
	int line;	   /* the line being read */
	bool check_only;   /* -t: check files exist, load nothing */
	char **names;	   /* module records loaded so far */
	size_t nnames;
	struct modxs_demo_host host;
};

/* One config line split into words. */
struct words {
	char *v[MAX_WORDS];
	int n; /* every word, including those not kept */
};

/* "modxs-demo: KIND: ['CONF': line N: ]..." on stderr, after anything already on stdout. */
__attribute__((format(printf, 3, 0))) static void vsay(const char *kind, const struct conf *c,
						       const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "modxs-demo: %s: ", kind);
	if (c)
		fprintf(stderr, "'%s': line %d: ", c->file, c->line);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

static void say_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* An error not tied to a config line. */
static void say_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay("error", NULL, fmt, ap);
	va_end(ap);
}

static int conf_error(const struct conf *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* An error at the current config line; returns -1 for `return conf_error(...)`. */
static int conf_error(const struct conf *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay("error", c, fmt, ap);
	va_end(ap);
	return -1;
}

static void conf_warn(const struct conf *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A warning at the current config line. */
static void conf_warn(const struct conf *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay("warning", c, fmt, ap);
	va_end(ap);
}

/* malloc, exiting on exhaustion: a host that cannot allocate cannot start. */
static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		say_error("out of memory");
		exit(1);
	}
	return p;
}

/* strdup with xmalloc. */
static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

/* A new string "a/b". */
static char *join_path(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = xmalloc(la + lb + 2);

	memcpy(s, a, la);
	s[la] = '/';
	memcpy(s + la + 1, b, lb + 1);
	return s;
}

/* The directory part of path, "." when there is none. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *s;

	if (!slash)
		return xstrdup(".");
	s = xstrdup(path);
	/* "/x.conf" lives in "/". */
	s[slash == path ? 1 : slash - path] = '\0';
	return s;
}

/* True for an absolute path: /x, and on Windows also \\x and C:x. */
static bool is_absolute(const char *path)
{
#ifdef _WIN32
	if (path[0] == '\\' || (isalpha((unsigned char)path[0]) && path[1] == ':'))
		return true;
#endif
	return path[0] == '/';
}

/* path resolved by the documented rule: absolute, or against base. */
static char *resolve(const char *base, const char *path)
{
	return is_absolute(path) ? xstrdup(path) : join_path(base, path);
}

/* Split line in place into words; -1 after an error for an unclosed quote. */
static int split_words(const struct conf *c, char *line, struct words *w)
{
	char *p = line, *out;

	w->n = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			return 0;
		char quote = (*p == '"' || *p == '\'') ? *p++ : 0;
		if (w->n < MAX_WORDS)
			w->v[w->n] = p;
		w->n++;
		for (out = p; *p && (quote ? *p != quote : (*p != ' ' && *p != '\t')); p++) {
			if (quote && *p == '\\' && p[1])
				p++;
			*out++ = *p;
		}
		if (quote && *p != quote)
			return conf_error(c, "unclosed %c quote", quote);
		if (*p)
			p++;
		*out = '\0';
	}
}

/* A C identifier, as a record name must be to be found with dlsym. */
static bool is_identifier(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

/* 0 if path is a readable regular file, else -1 after an error. */
static int check_file(const struct conf *c, const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return conf_error(c, "cannot find '%s': %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return conf_error(c, "'%s' is not a regular file", path);
	if (access(path, R_OK) < 0)
		return conf_error(c, "cannot read '%s': %s", path, strerror(errno));
	return 0;
}

static int do_module_path(struct conf *c, const char *arg)
{
	char *dir = resolve(c->dir, arg);
	struct stat st;

	if (stat(dir, &st) < 0)
		conf_error(c, "cannot find ModulePath '%s': %s", dir, strerror(errno));
	else if (!S_ISDIR(st.st_mode))
		conf_error(c, "ModulePath '%s' is not a directory", dir);
	else {
		free(c->module_path);
		c->module_path = dir;
		return 0;
	}
	free(dir);
	return -1;
}

static int do_load_file(struct conf *c, const char *arg)
{
	char *path = resolve(c->module_path ? c->module_path : c->dir, arg);
	int rc = check_file(c, path);

	if (rc == 0 && !c->check_only) {
		if (!dlopen(path, RTLD_NOW | RTLD_GLOBAL))
			rc = conf_error(c, "cannot load '%s': %s", path, dlerror());
		else
			printf("loaded file %s\n", path);
	}
	free(path);
	return rc;
}

/* The record named name in handle, checked; NULL after an error. */
static const struct modxs_demo_module *find_record(const struct conf *c, void *handle,
						   const char *name, const char *path)
{
	const struct modxs_demo_module *m = dlsym(handle, name);

	if (!m) {
		conf_error(c, "cannot find module record '%s' in '%s'", name, path);
		return NULL;
	}
	if (m->magic != MODXS_DEMO_MAGIC) {
		conf_error(c,
			   "'%s' in '%s' is not a modxs-demo module record: bad magic number "
			   "0x%lx, expected 0x%lx",
			   name, path, m->magic, MODXS_DEMO_MAGIC);
		return NULL;
	}
	if (m->api_version != MODXS_DEMO_API_VERSION) {
		conf_error(c, "'%s' in '%s' was built for API version %d, this host has %d", name,
			   path, m->api_version, MODXS_DEMO_API_VERSION);
		return NULL;
	}
	return m;
}

/* dlopen path, find and check record name, start it. */
static int load_module(struct conf *c, const char *name, const char *path)
{
	const struct modxs_demo_module *m;
	void *handle = dlopen(path, RTLD_NOW);
	int rc;

	if (!handle)
		return conf_error(c, "cannot load '%s': %s", path, dlerror());
	m = find_record(c, handle, name, path);
	if (!m) {
		dlclose(handle);
		return -1;
	}
	printf("loaded %s from %s\n", name, path);
	if (m->init && (rc = m->init(&c->host)) != 0)
		return conf_error(c, "module '%s' failed to start: its init returned %d", name, rc);
	return 0;
}

/* True if record name was already loaded; remembers it if not. */
static bool seen_module(struct conf *c, const char *name)
{
	for (size_t i = 0; i < c->nnames; i++)
		if (strcmp(c->names[i], name) == 0)
			return true;
	char **v = realloc(c->names, (c->nnames + 1) * sizeof(*v));
	if (!v) {
		say_error("out of memory");
		exit(1);
	}
	c->names = v;
	c->names[c->nnames++] = xstrdup(name);
	return false;
}

static int do_load_module(struct conf *c, const char *name, const char *arg)
{
	char *path;
	int rc;

	if (!is_identifier(name))
		return conf_error(c, "'%s' is not a valid module record name", name);
	if (seen_module(c, name)) {
		/* Apache's mod_so only warns here, so a duplicate line is not fatal. */
		conf_warn(c, "module '%s' is already loaded, skipping", name);
		return 0;
	}
	path = resolve(c->module_path ? c->module_path : c->dir, arg);
	rc = check_file(c, path);
	if (rc == 0 && !c->check_only)
		rc = load_module(c, name, path);
	free(path);
	return rc;
}

/* Check one directive's argument count; -1 after an error. */
static int want_args(const struct conf *c, const struct words *w, int n, const char *what)
{
	if (w->n - 1 == n)
		return 0;
	return conf_error(c, "%s takes %s, not %d argument%s", w->v[0], what, w->n - 1,
			  w->n == 2 ? "" : "s");
}

/* Act on one config line. */
static int do_line(struct conf *c, char *line)
{
	struct words w;

	if (split_words(c, line, &w) < 0)
		return -1;
	if (w.n == 0 || w.v[0][0] == '#')
		return 0;
	if (strcasecmp(w.v[0], "ModulePath") == 0) {
		if (want_args(c, &w, 1, "one argument, a directory") < 0)
			return -1;
		return do_module_path(c, w.v[1]);
	}
	if (strcasecmp(w.v[0], "LoadFile") == 0) {
		if (want_args(c, &w, 1, "one argument, a library file") < 0)
			return -1;
		return do_load_file(c, w.v[1]);
	}
	if (strcasecmp(w.v[0], "LoadModule") == 0) {
		if (want_args(c, &w, 2, "two arguments, a module record name and a file") < 0)
			return -1;
		return do_load_module(c, w.v[1], w.v[2]);
	}
	return conf_error(c, "unknown directive '%s'", w.v[0]);
}

/* Read and act on every line of c->file; -1 after the first error. */
static int read_conf(struct conf *c)
{
	FILE *f = fopen(c->file, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = 0;

	if (!f) {
		say_error("cannot open '%s': %s", c->file, strerror(errno));
		return -1;
	}
	while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
		c->line++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		if (strlen(line) != (size_t)len)
			rc = conf_error(c, "the line holds a NUL byte");
		else
			rc = do_line(c, line);
	}
	if (rc == 0 && ferror(f)) {
		say_error("cannot read '%s': %s", c->file, strerror(errno));
		rc = -1;
	}
	free(line);
	fclose(f);
	return rc;
}

/* PREFIX/etc/modxs-demo/modxs-demo.conf, PREFIX being the executable's dir/..; NULL on error. */
static char *default_conf(void)
{
	char exe[PATH_MAX];
#ifdef _WIN32
	DWORD got = GetModuleFileNameA(NULL, exe, sizeof(exe));
	ssize_t n = got > 0 && got < sizeof(exe) ? (ssize_t)got : -1;
	for (char *p = exe; n > 0 && p < exe + n; p++)
		if (*p == '\\')
			*p = '/';
#else
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
#endif

	if (n < 0) {
		say_error("cannot find the executable to locate the default config "
			  "(give one with -f): %s",
			  strerror(errno));
		return NULL;
	}
	exe[n] = '\0';
	for (int i = 0; i < 2; i++) {
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
	}
	return join_path(exe, "etc/modxs-demo/modxs-demo.conf");
}

void demo_host_say(const char *module, const char *text)
{
	printf("%s: %s\n", module, text);
}

int demo_host_api_version(void)
{
	return MODXS_DEMO_API_VERSION;
}

static int usage(FILE *f)
{
	fputs("usage: modxs-demo [-f CONF] [-t] [-v]\n"
	      "  -f CONF  read CONF instead of PREFIX/etc/modxs-demo/modxs-demo.conf\n"
	      "  -t       check the config only (syntax, files exist); print Syntax OK\n"
	      "  -v       print the version and module API version\n",
	      f);
	return f == stdout ? 0 : 1;
}

/* Load (or with -t, check) the config; the exit status. */
static int run(struct conf *c)
{
	int rc = read_conf(c);

	if (rc == 0 && c->check_only)
		fputs("Syntax OK\n", stderr);
	else if (rc == 0 && c->nnames == 0)
		printf("no modules loaded: add LoadModule lines to '%s'\n", c->file);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		say_error("cannot write output: %s", strerror(errno));
		rc = -1;
	}
	return rc == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct conf c = {0};
	char *def = NULL;
	int opt, rc;

	while ((opt = getopt(argc, argv, "f:thv")) != -1) {
		switch (opt) {
		case 'f':
			c.file = optarg;
			break;
		case 't':
			c.check_only = true;
			break;
		case 'h':
			return usage(stdout);
		case 'v':
			printf("modxs-demo %s (module API %d)\n", MODXS_DEMO_VERSION,
			       MODXS_DEMO_API_VERSION);
			return 0;
		default:
			return usage(stderr);
		}
	}
	if (optind < argc) {
		say_error("unexpected argument '%s'", argv[optind]);
		return usage(stderr);
	}
	if (!c.file && !(c.file = def = default_conf()))
		return 1;
	c.dir = dir_of(c.file);
	c.host.api_version = MODXS_DEMO_API_VERSION;
	c.host.version = MODXS_DEMO_VERSION;
	c.host.config_file = c.file;
	rc = run(&c);
	for (size_t i = 0; i < c.nnames; i++)
		free(c.names[i]);
	free(c.names);
	free(c.module_path);
	free(c.dir);
	free(def);
	return rc;
}
