/*
 * mod_@NAME@.c: a module for modxs-demo, the host bundled with modxs, made
 * by `modxs -g -n @NAME@`.
 *
 * Build it, install it into the host's modules directory and activate it:
 *
 *   make && make install INSTALLFLAGS=-a
 *
 * (or by hand: `modxs -c mod_@NAME@.c` and `modxs -i -a mod_@NAME@.la`,
 * which adds `LoadModule @NAME@_module PATH` to the host's config). Then
 * `modxs-demo` loads it and its init says hello. `make test` loads it from
 * the build directory with a scratch config.
 */
#include "modxs-demo.h"

/* Called once after the host has loaded the module; non-zero fails the load. */
static int @NAME@_init(const struct modxs_demo_host *host)
{
	if (host->api_version < MODXS_DEMO_API_VERSION)
		return 1;
	/* A host function, called by name: the host exports its symbols. */
	demo_host_say("@NAME@_module", "Hello from mod_@NAME@");
	return 0;
}

/* The module record the host finds by the name in `LoadModule @NAME@_module ...`. */
MODXS_DEMO_DECLARE_DATA struct modxs_demo_module @NAME@_module = {
	MODXS_DEMO_MODULE_STUFF,
	@NAME@_init,
};
