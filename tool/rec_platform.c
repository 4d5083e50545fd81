/* rec_platform.c: `modxs --record platform`, platform.json from this machine's compiler. */
#include "rec_platform.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "proc.h"
#include "recording.h"

/* Every key of platform.json's vars, in the order it is written (modxs-profile(5)). */
static const char *const platform_keys[] = {
	"CC",
	"CXX",
	"CFLAGS",
	"CXXFLAGS",
	"CPPFLAGS",
	"LDFLAGS",
	"PIC_FLAG",
	"SHLIB_LDFLAGS",
	"EXPORT_DYNAMIC_FLAG",
	"SONAME_FLAG",
	"RPATH_FLAG",
	"MODULE_SUFFIX",
	"AR",
	"TARGET_TRIPLE",
	"LIBTOOL_PROGRAM",
	"LIBTOOL_PIC_FLAG",
	"LIBTOOL_EXPORT_DYNAMIC_FLAG",
	"OBJDIR",
	"PKG_CONFIG",
	"INSTALL_PROGRAM",
	"MODXS_VERSION",
};
#define NKEYS (sizeof(platform_keys) / sizeof(*platform_keys))

/* The keys of a Windows (mingw-w64) target's record, targets/TRIPLE.json. */
static const char *const pe_keys[] = {
	"CC",
	"CXX",
	"CFLAGS",
	"CXXFLAGS",
	"CPPFLAGS",
	"LDFLAGS",
	"PIC_FLAG",
	"SHLIB_LDFLAGS",
	"EXPORT_DYNAMIC_FLAG",
	"IMPLIB_FLAG",
	"IMPLIB_SUFFIX",
	"DEF_FLAG",
	"EXE_SUFFIX",
	"SONAME_FLAG",
	"RPATH_FLAG",
	"MODULE_SUFFIX",
	"AR",
	"TARGET_TRIPLE",
	"OBJECT_FORMAT",
	"LIBTOOL_PROGRAM",
	"LIBTOOL_PIC_FLAG",
	"LIBTOOL_EXPORT_DYNAMIC_FLAG",
	"OBJDIR",
	"PKG_CONFIG",
	"INSTALL_PROGRAM",
	"MODXS_VERSION",
};
#define NPEKEYS (sizeof(pe_keys) / sizeof(*pe_keys))

/* Define a platform variable. */
static void put(struct vars *v, const char *name, const char *value)
{
	vars_set(v, name, value, VAR_PLATFORM);
}

/* What modules are built with when CFLAGS is empty: autoconf's and Debian's default. */
#define MODULE_CFLAGS "-g -O2"

/* The value of key: the last -S KEY=VALUE, else the environment's, else NULL. */
static const char *given(const struct request *req, const char *key, bool env)
{
	const char *found = env ? getenv(key) : NULL;
	size_t len = strlen(key);

	for (size_t i = 0; i < req->sets.n; i++)
		if (strncmp(req->sets.v[i], key, len) == 0 && req->sets.v[i][len] == '=')
			found = req->sets.v[i] + len + 1;
	return found;
}

/* name (a path, or a program found on PATH) as an absolute path; NULL when not executable. */
static char *program_path(const char *name)
{
	char *found = *name ? spawn_find(name) : NULL, *cwd;

	if (!found || found[0] == '/')
		return found;
	cwd = getcwd(NULL, 0);
	char *abs = cwd ? path_join(cwd, found) : NULL;
	free(cwd);
	free(found);
	return abs;
}

/* The first of names found on PATH, absolute; "" when none is. */
static char *first_program(const char *const *names)
{
	for (size_t i = 0; names[i]; i++) {
		char *p = program_path(names[i]);
		if (p)
			return p;
	}
	return xstrdup("");
}

/* The compiler -S or the environment names as var, else fallback; NULL after an error. */
static char *compiler(struct msgs *msgs, const struct request *req, const char *var,
		      const char *fallback)
{
	const char *name = given(req, var, true);
	char *path;

	if (!name || !*name)
		name = fallback;
	path = program_path(name);
	if (!path)
		error(msgs, RC_BUILD, "no %s compiler '%s' found; name one with -S %s=PROGRAM",
		      strcmp(var, "CC") == 0 ? "C" : "C++", name, var);
	return path;
}

/* The value libtool --config gives after "\nKEY=\"", up to the closing quote; NULL when none. */
static char *lt_quoted(const char *conf, const char *key)
{
	char *mark = xasprintf("\n%s=\"", key), *value = NULL;

	for (const char *p = strstr(conf, mark); p && !value; p = strstr(p + 1, mark)) {
		const char *v = p + strlen(mark), *end = strchr(v, '"');
		if (end)
			value = xstrndup(v, (size_t)(end - v));
	}
	free(mark);
	return value;
}

/* s with every "\$wl" replaced by wl: a new string. */
static char *lt_expand_wl(const char *s, const char *wl)
{
	struct buf b = BUF_INIT;

	for (const char *p = s; *p;) {
		if (strncmp(p, "\\$wl", 4) == 0) {
			buf_puts(&b, wl);
			p += 4;
		} else
			buf_putc(&b, *p++);
	}
	return buf_detach(&b);
}

/* libtool's facts, as its own --config states them: pic_flag, export_dynamic_flag_spec, objdir. */
static void libtool_facts(const char *libtool, struct vars *v)
{
	char *argv[] = {(char *)libtool, "--config", NULL}, *pic = NULL, *wl = NULL, *spec = NULL;
	struct buf out = BUF_INIT;
	char *pic_flag = xstrdup(""), *export = xstrdup(""), *objdir = xstrdup(".libs");

	if (*libtool && spawn_output(argv, &out) == 0 && out.s) {
		const char *o = strstr(out.s, "\nobjdir=");
		if ((pic = lt_quoted(out.s, "pic_flag"))) {
			free(pic_flag);
			pic_flag = xstrdup(pic + strspn(pic, " "));
		}
		wl = lt_quoted(out.s, "wl");
		if ((spec = lt_quoted(out.s, "export_dynamic_flag_spec"))) {
			free(export);
			export = lt_expand_wl(spec, wl ? wl : "");
		}
		if (o) {
			free(objdir);
			o += strlen("\nobjdir=");
			objdir = xstrndup(o, strcspn(o, "\n"));
		}
	}
	put(v, "LIBTOOL_PIC_FLAG", pic_flag);
	put(v, "LIBTOOL_EXPORT_DYNAMIC_FLAG", export);
	put(v, "OBJDIR", objdir);
	free(pic_flag);
	free(export);
	free(objdir);
	free(pic);
	free(wl);
	free(spec);
	buf_release(&out);
}

/*
 * The target of cc, from its -dumpmachine; NULL after an error. A compiler
 * that does not answer is not one modxs knows the flags of: gcc and clang do.
 */
static char *target_of(struct msgs *msgs, const char *cc)
{
	char *argv[] = {(char *)cc, "-dumpmachine", NULL};
	struct buf out = BUF_INIT;
	char *triple;

	if (spawn_output(argv, &out) != 0 || !out.s || !out.s[strspn(out.s, " \t\r\n")]) {
		buf_release(&out);
		error(msgs, RC_BUILD,
		      "compiler '%s' does not answer -dumpmachine: modxs records the flags of "
		      "GNU-compatible compilers (gcc, clang) only",
		      cc);
		return NULL;
	}
	while (out.len && strchr(" \t\r\n", out.s[out.len - 1]))
		out.s[--out.len] = '\0';
	triple = buf_detach(&out);
	if (strstr(triple, "mingw") || strstr(triple, "windows") || strstr(triple, "cygwin") ||
	    strstr(triple, "darwin") || strstr(triple, "apple")) {
		error(msgs, RC_BUILD,
		      "compiler '%s' builds for '%s': modxs records ELF platforms only", cc,
		      triple);
		free(triple);
		return NULL;
	}
	return triple;
}

/* The flags var gets: -S or the environment's, else fallback. */
static void set_flags(struct vars *v, const struct request *req, const char *var,
		      const char *fallback)
{
	const char *f = given(req, var, true);

	put(v, var, f && f[strspn(f, " \t")] ? f : fallback);
}

/* The programs found on PATH unless -S names them. */
static void set_program(struct vars *v, const struct request *req, const char *var,
			const char *const *names, const char *suffix)
{
	const char *f = given(req, var, false);
	char *p = f ? xstrdup(f) : first_program(names);
	char *value = xasprintf("%s%s", p, *p && !f ? suffix : "");

	put(v, var, value);
	free(value);
	free(p);
}

/* The platform's variables into v; RC_OK, or the code of the error said. */
static int platform_vars(struct msgs *msgs, const struct request *req, struct vars *v)
{
	static const char *const ar[] = {"ar", NULL}, *const lt[] = {"libtool", "glibtool", NULL};
	static const char *const pc[] = {"pkg-config", "pkgconf", NULL};
	static const char *const inst[] = {"install", "ginstall", NULL};
	char *cc = compiler(msgs, req, "CC", "cc"), *cxx = NULL, *triple = NULL;
	int rc = RC_BUILD;

	if (!cc || !(cxx = compiler(msgs, req, "CXX", "c++")) || !(triple = target_of(msgs, cc)))
		goto out;
	put(v, "CC", cc);
	put(v, "CXX", cxx);
	set_flags(v, req, "CFLAGS", MODULE_CFLAGS);
	set_flags(v, req, "CXXFLAGS", MODULE_CFLAGS);
	set_flags(v, req, "CPPFLAGS", "");
	set_flags(v, req, "LDFLAGS", "");
	/* What GNU-compatible compilers and linkers take for ELF shared objects. */
	put(v, "PIC_FLAG", "-fPIC");
	put(v, "SHLIB_LDFLAGS", "-shared");
	put(v, "EXPORT_DYNAMIC_FLAG", "-Wl,--export-dynamic");
	put(v, "SONAME_FLAG", "-Wl,-soname,");
	put(v, "RPATH_FLAG", "-Wl,-rpath,");
	put(v, "MODULE_SUFFIX", ".so");
	set_program(v, req, "AR", ar, "");
	put(v, "TARGET_TRIPLE", triple);
	set_program(v, req, "LIBTOOL_PROGRAM", lt, "");
	libtool_facts(recorder_var(v, "LIBTOOL_PROGRAM"), v);
	set_program(v, req, "PKG_CONFIG", pc, "");
	set_program(v, req, "INSTALL_PROGRAM", inst, " -c");
	put(v, "MODXS_VERSION", MODXS_VERSION);
	rc = RC_OK;
out:
	free(cc);
	free(cxx);
	free(triple);
	return rc;
}

/* TRIPLE-NAME found on PATH unless -S names var; "" when neither. */
static void set_tool(struct vars *v, const struct request *req, const char *var, const char *triple,
		     const char *name)
{
	char *prog = xasprintf("%s-%s", triple, name);
	const char *names[] = {prog, NULL};

	set_program(v, req, var, names, "");
	free(prog);
}

/*
 * A Windows target's variables: its cross compiler's, with the facts of
 * the PE toolchain, which are fixed; RC_OK, or the code of the error said.
 */
static int pe_vars(struct msgs *msgs, const struct request *req, const char *triple, struct vars *v)
{
	static const char *const inst[] = {"install", "ginstall", NULL};
	char *gcc = xasprintf("%s-gcc", triple);
	const char *cc_given = given(req, "CC", false);
	char *cc = program_path(cc_given && *cc_given ? cc_given : gcc);

	if (!cc) {
		error(msgs, RC_BUILD, "no C compiler '%s' found; name one with -S CC=PROGRAM",
		      cc_given && *cc_given ? cc_given : gcc);
		free(gcc);
		return RC_BUILD;
	}
	put(v, "CC", cc);
	set_tool(v, req, "CXX", triple, "g++");
	const char *f = given(req, "CFLAGS", false);
	put(v, "CFLAGS", f ? f : "-O2");
	f = given(req, "CXXFLAGS", false);
	put(v, "CXXFLAGS", f ? f : "-O2");
	f = given(req, "CPPFLAGS", false);
	put(v, "CPPFLAGS", f ? f : "");
	f = given(req, "LDFLAGS", false);
	put(v, "LDFLAGS", f ? f : "");
	/* DLL code is position independent already: no -fPIC. */
	put(v, "PIC_FLAG", "");
	put(v, "SHLIB_LDFLAGS", "-shared");
	/* A host exports what it marks __declspec(dllexport), not everything. */
	put(v, "EXPORT_DYNAMIC_FLAG", "");
	/* -p writes the program's import library and .def beside it. */
	put(v, "IMPLIB_FLAG", "-Wl,--out-implib,");
	put(v, "IMPLIB_SUFFIX", ".lib");
	put(v, "DEF_FLAG", "-Wl,--output-def,");
	put(v, "EXE_SUFFIX", ".exe");
	/* Apache for Windows (and modxs-demo) load mod_NAME.so files that are DLLs. */
	put(v, "MODULE_SUFFIX", ".so");
	set_tool(v, req, "AR", triple, "ar");
	put(v, "TARGET_TRIPLE", triple);
	put(v, "OBJECT_FORMAT", "pe");
	put(v, "OBJDIR", ".libs");
	set_program(v, req, "INSTALL_PROGRAM", inst, " -c");
	put(v, "MODXS_VERSION", MODXS_VERSION);
	free(cc);
	free(gcc);
	return RC_OK;
}

/*
 * The string key of the platform record at path, a new string; NULL when
 * none. The launcher (an image's ccache) and the default host are chosen,
 * not found: recording again keeps them.
 */
static char *old_value(const char *path, const char *key)
{
	size_t len = 0;
	char *text = file_read_max(path, 1u << 20, &len), *found = NULL;
	cJSON *root = text ? cJSON_ParseWithLength(text, len) : NULL;
	const cJSON *l = cJSON_GetObjectItemCaseSensitive(root, key);

	if (cJSON_IsString(l))
		found = xstrdup(l->valuestring);
	cJSON_Delete(root);
	free(text);
	return found;
}

/* platform.json's text: vars in platform_keys' order, as the format has always been written. */
static char *platform_json(const struct vars *v, const char *const *keys, size_t nkeys,
			   const char *default_host, const char *launcher)
{
	struct buf b = BUF_INIT;

	buf_puts(&b, "{\n  \"modxs_platform\": 1,\n  \"default_host\": ");
	recorder_json_str(&b, default_host);
	if (launcher) {
		buf_puts(&b, ",\n  \"launcher\": ");
		recorder_json_str(&b, launcher);
	}
	buf_puts(&b, ",\n  \"vars\": {\n");
	for (size_t i = 0; i < nkeys; i++) {
		const char *value = recorder_var(v, keys[i]);
		buf_puts(&b, i ? ",\n    " : "    ");
		recorder_json_str(&b, keys[i]);
		buf_puts(&b, ": ");
		recorder_json_str(&b, value ? value : "");
	}
	buf_puts(&b, "\n  }\n}\n");
	return buf_detach(&b);
}

/* A -S that names no key of platform.json is a mistake, not a new variable. */
static int check_sets(struct msgs *msgs, const struct request *req, const char *const *keys,
		      size_t nkeys)
{
	for (size_t i = 0; i < req->sets.n; i++) {
		const char *s = req->sets.v[i];
		size_t len = strcspn(s, "="), k = 0;
		while (k < nkeys && (strlen(keys[k]) != len || strncmp(keys[k], s, len) != 0))
			k++;
		if (!s[len] || k == nkeys || strcmp(keys[k], "MODXS_VERSION") == 0)
			return error(msgs, RC_USAGE,
				     "-S '%s': the platform record has no such variable", s);
	}
	return RC_OK;
}

/* A Windows target modxs can record: a mingw-w64 triple. */
static bool is_pe_target(const char *triple)
{
	return strstr(triple, "-w64-mingw32") != NULL;
}

int recorder_platform(struct msgs *msgs, const struct request *req, const char *datadir)
{
	const char *triple = req->platform;
	bool pe = triple && is_pe_target(triple);
	const char *const *keys = pe ? pe_keys : platform_keys;
	size_t nkeys = pe ? NPEKEYS : NKEYS;
	struct vars v = VARS_INIT;
	char *dir = pe ? path_join(datadir, "targets") : xstrdup(datadir);
	char *path = pe ? xasprintf("%s/%s.json", dir, triple) : path_join(dir, "platform.json");
	char *launcher = old_value(path, "launcher"), *host = old_value(path, "default_host");
	char *text = NULL, *failed = NULL;
	bool changed;
	int rc = check_sets(msgs, req, keys, nkeys);

	if (!rc && triple && !pe)
		rc = error(msgs, RC_USAGE,
			   "cannot record target '%s': modxs records the native platform and "
			   "mingw-w64 targets (x86_64-w64-mingw32)",
			   triple);
	if (!rc && file_mkdirs(dir, 0755, &failed) != 0)
		rc = error(msgs, RC_INSTALL, "cannot create directory '%s':", failed);
	if (!rc)
		rc = pe ? pe_vars(msgs, req, triple, &v) : platform_vars(msgs, req, &v);
	if (!rc) {
		text = platform_json(&v, keys, nkeys,
				     req->host ? req->host :
				     host      ? host :
						 "demo",
				     launcher);
		rc = recorder_write(msgs, path, text, &changed);
	}
	if (!rc)
		notice(msgs,
		       changed ? "recorded platform '%s': %s" : "platform '%s' is up to date: %s",
		       path, recorder_var(&v, "TARGET_TRIPLE"));
	free(launcher);
	free(host);
	free(failed);
	free(text);
	free(path);
	free(dir);
	vars_release(&v);
	return rc;
}
