/*
 * deps.c: loading the libraries modxs does not link: LIBDIR/modxs/deps.so,
 * the plugin that links libelf, nettle and libpkgconf, and libcjson.
 */
/* RTLD_DEFAULT: glibc declares it only for _GNU_SOURCE. */
#define _GNU_SOURCE
#include "deps.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "failpoint.h"
#include "icecc.h"
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

/* Say what cannot be loaded and why, on one line: reason is already a whole phrase. */
static int refuse(struct msgs *msgs, const char *path, const char *reason)
{
	return error(msgs, RC_DATA,
		     "cannot load '%s', which modxs needs to read modules and hash files: %s", path,
		     reason);
}

/* Open path and check that its table is this modxs's. */
static int bind_plugin(struct msgs *msgs, const char *path, const struct deps **out)
{
	const struct deps *t;
	void *h;

	/* MODXS_FAILPOINT=deps: the plugin is there but will not load. */
	if (FAILPOINT("deps"))
		return refuse(msgs, path, "refused by a failpoint");
	if (access(path, R_OK) != 0)
		return refuse(msgs, path, strerror(errno));
	/* RTLD_NOW: a library the plugin needs and cannot find fails here, not at a call. */
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return refuse(msgs, path, dlerror());
	t = dlsym(h, DEPS_SYMBOL);
	if (!t || t->size != sizeof(*t) || !t->version || strcmp(t->version, MODXS_VERSION) != 0) {
		dlclose(h);
		return refuse(msgs, path, "not the plugin of modxs " MODXS_VERSION);
	}
	/* Never closed: the table points into the libraries for the rest of the run. */
	*out = t;
	return RC_OK;
}

/* Where exe_dir's modxs keeps the plugin file: LIBDIR/modxs/file under its prefix. */
static char *plugin_path(const char *exe_dir, const char *file)
{
	char *prefix, *path;

	/* A LIBDIR given as an absolute path is where the plugin is, whatever the prefix. */
	if (MODXS_DEPS_DIR[0] == '/')
		return xasprintf("%s/%s", MODXS_DEPS_DIR, file);
	prefix = path_dir(exe_dir);
	path = xasprintf("%s/%s/%s", prefix, MODXS_DEPS_DIR, file);
	free(prefix);
	return path;
}

int deps_load(struct msgs *msgs, const char *exe_dir, const struct deps **out)
{
	char *path;
	int rc;

	*out = &modxs_deps_table;
	if (*out)
		return RC_OK;
	path = plugin_path(exe_dir, "deps.so");
	rc = bind_plugin(msgs, path, out);
	free(path);
	return rc;
}

const struct icecc_plugin *deps_icecc_load(const char *exe_dir, char **why)
{
	const struct icecc_plugin *t = NULL;
	char *path = plugin_path(exe_dir, "icecc.so");
	void *h;

	*why = NULL;
	if (access(path, R_OK) != 0) {
		*why = xasprintf("no '%s' (%s): this modxs was built without libicecc-dev", path,
				 strerror(errno));
		goto out;
	}
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		*why = xasprintf("cannot load '%s': %s", path, dlerror());
		goto out;
	}
	t = dlsym(h, ICECC_SYMBOL);
	if (!t || t->size != sizeof(*t) || !t->version || strcmp(t->version, MODXS_VERSION) != 0) {
		*why = xasprintf("cannot load '%s': not the plugin of modxs " MODXS_VERSION, path);
		dlclose(h);
		t = NULL;
	}
	/* Otherwise never closed: libstdc++ and libicecc stay mapped until exit. */
out:
	free(path);
	return t;
}

/* Check that h has cJSON_f, or say which function it lacks. */
#define JSON_CHECK(f)                           \
	if (!missing && !dlsym(h, "cJSON_" #f)) \
		missing = "cJSON_" #f;

int json_lib_load(struct msgs *msgs)
{
	const char *missing = NULL;
	void *h;

	if (&modxs_json_table)
		return RC_OK;
	/* MODXS_FAILPOINT=json: libcjson is there but will not load. */
	if (FAILPOINT("json"))
		return error(msgs, RC_DATA, "cannot load '%s': refused by a failpoint",
			     MODXS_CJSON_SONAME);
	/*
	 * By soname, as DT_NEEDED would: a modxs copied anywhere finds the
	 * system's. RTLD_GLOBAL, so that json_lib_sym() finds its functions
	 * where the loader finds every other library's; loading it again is a
	 * no-op. Never closed: cJSON's objects and functions are used until exit.
	 */
	h = dlopen(MODXS_CJSON_SONAME, RTLD_NOW | RTLD_GLOBAL);
	if (!h)
		return error(msgs, RC_DATA, "cannot load '%s': %s", MODXS_CJSON_SONAME, dlerror());
	/* Every function now, so that no call later can find one missing. */
	JSON_FUNCS(JSON_CHECK)
	if (missing)
		return error(msgs, RC_DATA, "cannot load '%s': no '%s' in it", MODXS_CJSON_SONAME,
			     missing);
	return RC_OK;
}

void *json_lib_sym(const char *name)
{
	void *p = dlsym(RTLD_DEFAULT, name);

	/* Only a call before json_lib_load(): it checked that every function is there. */
	if (!p)
		abort();
	return p;
}
