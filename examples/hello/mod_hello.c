/*
 * mod_hello.c: the smallest module for modxs-demo. Its init calls the host
 * function demo_host_say() by name, so loading it also proves the host
 * exports its symbols.
 */
#include "modxs-demo.h"

static int hello_init(const struct modxs_demo_host *host)
{
	(void)host;
	demo_host_say("hello_module", "Hello, world!");
	return 0;
}

/* The record the host finds by the name in `LoadModule hello_module ...`. */
MODXS_DEMO_DECLARE_DATA struct modxs_demo_module hello_module = {
	MODXS_DEMO_MODULE_STUFF,
	hello_init,
};
