/*
 * modxs-demo.h: the module API of modxs-demo, the small host bundled with
 * modxs. A module defines one record, named in the host's config by
 * `LoadModule NAME PATH`, and may call the host functions below by name.
 *
 *	#include "modxs-demo.h"
 *
 *	static int hello_init(const struct modxs_demo_host *host)
 *	{
 *		demo_host_say("hello_module", "Hello, world!");
 *		return 0;
 *	}
 *
 *	MODXS_DEMO_DECLARE_DATA struct modxs_demo_module hello_module = {
 *		MODXS_DEMO_MODULE_STUFF,
 *		hello_init,
 *	};
 *
 * Build it with `modxs -c mod_hello.c`; the host profile adds the include
 * directory of this header.
 */
#ifndef MODXS_DEMO_H
#define MODXS_DEMO_H

#ifdef __cplusplus
extern "C" {
#endif

/*
 * On Windows a DLL exports only what it marks, and a module reaches the
 * host through the host's import library (modxs -p writes it beside
 * modxs-demo.exe). MODXS_DEMO_DECLARE_DATA marks a module's record for
 * export, as Apache's AP_MODULE_DECLARE_DATA; MODXS_DEMO_API marks the host
 * functions, exported by the host (which defines MODXS_DEMO_HOST) and
 * imported by modules. Elsewhere both are empty.
 */
#ifdef _WIN32
#define MODXS_DEMO_DECLARE_DATA __declspec(dllexport)
#ifdef MODXS_DEMO_HOST
#define MODXS_DEMO_API __declspec(dllexport)
#else
#define MODXS_DEMO_API __declspec(dllimport)
#endif
#else
#define MODXS_DEMO_DECLARE_DATA
#define MODXS_DEMO_API
#endif

/* Every module record starts with this number ("MXDM"): not a record without it. */
#define MODXS_DEMO_MAGIC 0x4d58444dUL
/* The API this header describes; the host refuses records built for another. */
#define MODXS_DEMO_API_VERSION 1

/* What the host tells a module's init function about itself. */
struct modxs_demo_host {
	int api_version;	 /* MODXS_DEMO_API_VERSION of the host */
	const char *version;	 /* the host's version string */
	const char *config_file; /* the config being loaded */
};

/* The module record: a global object the host finds with dlsym(). */
struct modxs_demo_module {
	unsigned long magic; /* MODXS_DEMO_MAGIC */
	int api_version;     /* MODXS_DEMO_API_VERSION the module was built for */
	const char *name;    /* the source file, as Apache records it */
	/* Called once after loading; non-zero means the module failed to start. */
	int (*init)(const struct modxs_demo_host *host);
};

/* The first fields of every record, like Apache's STANDARD20_MODULE_STUFF. */
#define MODXS_DEMO_MODULE_STUFF MODXS_DEMO_MAGIC, MODXS_DEMO_API_VERSION, __FILE__

/*
 * Host functions. Modules call them by name, so the host must export its
 * symbols (it is linked with the platform's export-dynamic flag, or on
 * Windows exports what MODXS_DEMO_API marks).
 */

/* Print "MODULE: TEXT" on the host's standard output. */
MODXS_DEMO_API void demo_host_say(const char *module, const char *text);
/* The host's API version, for modules that adapt to older hosts. */
MODXS_DEMO_API int demo_host_api_version(void);

#ifdef __cplusplus
}
#endif

#endif
