/*
 * mod_@NAME@.c: an Apache httpd handler module, made by `modxs -g -n @NAME@`.
 *
 * Build it, install it into the server's modules directory and activate it:
 *
 *   make && make install INSTALLFLAGS=-a
 *
 * (or by hand: `modxs --host apache -c mod_@NAME@.c` and
 * `modxs --host apache -i -a mod_@NAME@.la`). Then map a URL to the handler
 * in the server's config, and optionally set what it answers:
 *
 *   <Location /@NAME@>
 *       SetHandler @NAME@
 *   </Location>
 *   @NAME@Greeting "Hello, world"
 *
 * `make test` checks that the module loads, with apache2 -t and a scratch
 * config that uses the @NAME@Greeting directive: Apache only knows the
 * directive once the module is loaded.
 */
#include <string.h>

#include "httpd.h"
#include "http_config.h"
#include "http_protocol.h"
#include "ap_config.h"

extern module AP_MODULE_DECLARE_DATA @NAME@_module;

/* Per-server settings: what the handler answers with. */
struct @NAME@_conf {
	const char *greeting;
};

static void *@NAME@_create_server(apr_pool_t *p, server_rec *s)
{
	(void)s;
	return apr_pcalloc(p, sizeof(struct @NAME@_conf));
}

/* A virtual host inherits the main server's greeting unless it sets its own. */
static void *@NAME@_merge_server(apr_pool_t *p, void *basev, void *addv)
{
	const struct @NAME@_conf *base = basev, *add = addv;
	struct @NAME@_conf *conf = apr_pcalloc(p, sizeof(*conf));

	conf->greeting = add->greeting ? add->greeting : base->greeting;
	return conf;
}

static const char *@NAME@_set_greeting(cmd_parms *cmd, void *dconf, const char *arg)
{
	struct @NAME@_conf *conf =
		ap_get_module_config(cmd->server->module_config, &@NAME@_module);

	(void)dconf;
	conf->greeting = arg;
	return NULL;
}

static const command_rec @NAME@_cmds[] = {
	AP_INIT_TAKE1("@NAME@Greeting", @NAME@_set_greeting, NULL, RSRC_CONF,
		      "the text the @NAME@ handler answers with"),
	{.name = NULL},
};

/* The content handler: answers requests mapped with SetHandler @NAME@. */
static int @NAME@_handler(request_rec *r)
{
	const struct @NAME@_conf *conf;

	if (!r->handler || strcmp(r->handler, "@NAME@") != 0)
		return DECLINED;
	conf = ap_get_module_config(r->server->module_config, &@NAME@_module);
	ap_set_content_type(r, "text/plain");
	if (!r->header_only)
		ap_rprintf(r, "%s\n",
			   conf->greeting ? conf->greeting : "The sample page from mod_@NAME@.c");
	return OK;
}

static void @NAME@_register_hooks(apr_pool_t *p)
{
	(void)p;
	ap_hook_handler(@NAME@_handler, NULL, NULL, APR_HOOK_MIDDLE);
}

/* The module record Apache looks up by name when it loads the file. */
module AP_MODULE_DECLARE_DATA @NAME@_module = {
	STANDARD20_MODULE_STUFF,
	NULL,                    /* create per-directory config */
	NULL,                    /* merge per-directory config */
	@NAME@_create_server,    /* create per-server config */
	@NAME@_merge_server,     /* merge per-server config */
	@NAME@_cmds,             /* config directives */
	@NAME@_register_hooks,   /* register hooks */
	AP_MODULE_FLAG_NONE,     /* flags */
};
