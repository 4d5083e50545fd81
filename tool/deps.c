/*
 * deps.c: loading the libraries modxs does not link: LIBDIR/modxs/deps.so,
 * the plugin that links libelf, nettle and libpkgconf, and libcjson.
 */
#include "deps.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "failpoint.h"
#include "json.h"
#include "msg.h"
#include "util.h"

/* Where the plugin lives under the prefix: cmake/plugin.cmake sets it from LIBDIR. */
#ifndef MODXS_DEPS_DIR
#define MODXS_DEPS_DIR "lib/modxs"
#endif
#ifndef MODXS_VERSION
#define MODXS_VERSION "0.0.0"
#endif
/* libcjson's soname, as the build found it (cmake/deps.cmake). */
#ifndef MODXS_CJSON_SONAME
#define MODXS_CJSON_SONAME "libcjson.so.1"
#endif

/*
 * Unit tests link tool/plugin/deps_table.c in and need no plugin; modxs
 * does not, and this is then NULL.
 */
extern const struct deps modxs_deps_table __attribute__((weak));
/* Likewise tool/plugin/json_table.c, with libcjson linked. */
extern const struct json_lib modxs_json_table __attribute__((weak));

/*
 * The loaded table. Like the dynamic loader's own bindings it is set once,
 * before the run does anything, and never changes: it is not run state.
 */
static const struct deps *bound;
/* libcjson's functions, set the same way by json_lib_load(). */
static struct json_lib json_bound;
static bool json_loaded;

/* Say what cannot be loaded and why, on one line: reason is already a whole phrase. */
static int refuse(const char *path, const char *reason)
{
	return error(RC_DATA,
		     "cannot load '%s', which modxs needs to read modules and hash files: %s", path,
		     reason);
}

/* Open path and check that its table is this modxs's. */
static int bind_plugin(const char *path)
{
	const struct deps *t;
	void *h;

	/* MODXS_FAILPOINT=deps: the plugin is there but will not load. */
	if (FAILPOINT("deps"))
		return refuse(path, "refused by a failpoint");
	if (access(path, R_OK) != 0)
		return refuse(path, strerror(errno));
	/* RTLD_NOW: a library the plugin needs and cannot find fails here, not at a call. */
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return refuse(path, dlerror());
	t = dlsym(h, DEPS_SYMBOL);
	if (!t || t->size != sizeof(*t) || !t->version || strcmp(t->version, MODXS_VERSION) != 0) {
		dlclose(h);
		return refuse(path, "not the plugin of modxs " MODXS_VERSION);
	}
	/* Never closed: the table points into the libraries for the rest of the run. */
	bound = t;
	return RC_OK;
}

int deps_load(const char *exe_dir)
{
	char *prefix, *path;
	int rc;

	if (bound || &modxs_deps_table)
		return RC_OK;
	prefix = path_dir(exe_dir);
	/* A LIBDIR given as an absolute path is where the plugin is, whatever the prefix. */
	if (MODXS_DEPS_DIR[0] == '/')
		path = xstrdup(MODXS_DEPS_DIR "/deps.so");
	else
		path = xasprintf("%s/%s/deps.so", prefix, MODXS_DEPS_DIR);
	rc = bind_plugin(path);
	free(path);
	free(prefix);
	return rc;
}

const struct deps *deps(void)
{
	const struct deps *t = bound ? bound : &modxs_deps_table;

	if (!t) {
		error(RC_INTERNAL, "libelf, nettle and libpkgconf used before deps_load()");
		abort();
	}
	return t;
}

/* Look up cJSON_NAME in h; a function pointer cannot be assigned from dlsym's void * in ISO C. */
#define JSON_BIND(f)                          \
	if (!(sym = dlsym(h, "cJSON_" #f))) { \
		missing = "cJSON_" #f;        \
		goto out;                     \
	}                                     \
	memcpy(&t.f, &sym, sizeof(sym));

int json_lib_load(void)
{
	struct json_lib t;
	const char *missing = NULL;
	void *h, *sym;

	if (json_loaded || &modxs_json_table)
		return RC_OK;
	/* MODXS_FAILPOINT=json: libcjson is there but will not load. */
	if (FAILPOINT("json"))
		return error(RC_DATA, "cannot load '%s': refused by a failpoint",
			     MODXS_CJSON_SONAME);
	/* By soname, as DT_NEEDED would: a modxs copied anywhere finds the system's. */
	h = dlopen(MODXS_CJSON_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return error(RC_DATA, "cannot load '%s': %s", MODXS_CJSON_SONAME, dlerror());
	JSON_FUNCS(JSON_BIND)
out:
	if (missing) {
		dlclose(h);
		return error(RC_DATA, "cannot load '%s': no '%s' in it", MODXS_CJSON_SONAME,
			     missing);
	}
	/* Never closed: cJSON's objects and functions are used until exit. */
	json_bound = t;
	json_loaded = true;
	return RC_OK;
}

const struct json_lib *json_lib(void)
{
	if (json_loaded)
		return &json_bound;
	if (!&modxs_json_table) {
		error(RC_INTERNAL, "cJSON used before json_lib_load()");
		abort();
	}
	return &modxs_json_table;
}
