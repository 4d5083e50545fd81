/*
 * mod_squeeze.c: a demo-host module made of two sources and a pkg-config
 * dependency. Its init compresses a text with zlib (squeeze.c) and reports
 * the sizes through the host.
 */
#include <stdio.h>
#include <string.h>

#include "modxs-demo.h"
#include "squeeze.h"

static const char sample[] =
	"modxs builds modules with the flags the server was built with. "
	"modxs builds modules with the flags the server was built with. "
	"modxs builds modules with the flags the server was built with.";

static int squeeze_init(const struct modxs_demo_host *host)
{
	char line[160];
	size_t len = strlen(sample), packed = squeeze_size(sample, len);

	(void)host;
	if (!packed)
		return 1;
	snprintf(line, sizeof(line), "zlib %s squeezed %zu bytes into %zu",
		 squeeze_zlib_version(), len, packed);
	demo_host_say("squeeze_module", line);
	return 0;
}

/* The record the host starts: `LoadModule squeeze_module PATH`. */
struct modxs_demo_module squeeze_module = {
	MODXS_DEMO_MODULE_STUFF,
	squeeze_init,
};
