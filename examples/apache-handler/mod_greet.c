/*
 * mod_greet.c: an Apache httpd content handler. Requests mapped to the
 * "greet" handler get a plain-text greeting naming the method and path,
 * and the GreetText directive changes the greeting per directory.
 *
 *   LoadModule greet_module modules/mod_greet.so
 *   <Location /greet>
 *       SetHandler greet
 *       GreetText "Hello from mod_greet"
 *   </Location>
 */
#include <string.h>

#include "httpd.h"
#include "http_config.h"
#include "http_protocol.h"
#include "ap_config.h"

extern module AP_MODULE_DECLARE_DATA greet_module;

/* Per-directory settings. */
struct greet_conf {
	const char *text; /* NULL: not set here, inherit */
};

static void *greet_create_dir(apr_pool_t *p, char *dir)
{
	(void)dir;
	return apr_pcalloc(p, sizeof(struct greet_conf));
}

/* A nested section keeps its parent's text unless it sets its own. */
static void *greet_merge_dir(apr_pool_t *p, void *basev, void *addv)
{
	const struct greet_conf *base = basev, *add = addv;
	struct greet_conf *conf = apr_pcalloc(p, sizeof(*conf));

	conf->text = add->text ? add->text : base->text;
	return conf;
}

static const char *greet_set_text(cmd_parms *cmd, void *dconf, const char *arg)
{
	struct greet_conf *conf = dconf;

	(void)cmd;
	conf->text = arg;
	return NULL;
}

static const command_rec greet_cmds[] = {
	AP_INIT_TAKE1("GreetText", greet_set_text, NULL, OR_ALL,
		      "the greeting the greet handler answers with"),
	{.name = NULL},
};

static int greet_handler(request_rec *r)
{
	const struct greet_conf *conf;

	if (!r->handler || strcmp(r->handler, "greet") != 0)
		return DECLINED;
	if (r->method_number != M_GET)
		return HTTP_METHOD_NOT_ALLOWED;
	conf = ap_get_module_config(r->per_dir_config, &greet_module);
	ap_set_content_type(r, "text/plain");
	if (!r->header_only)
		ap_rprintf(r, "%s: %s %s\n", conf->text ? conf->text : "Hello from mod_greet",
			   r->method, r->uri);
	return OK;
}

static void greet_register_hooks(apr_pool_t *p)
{
	(void)p;
	ap_hook_handler(greet_handler, NULL, NULL, APR_HOOK_MIDDLE);
}

module AP_MODULE_DECLARE_DATA greet_module = {
	STANDARD20_MODULE_STUFF,
	greet_create_dir,     /* create per-directory config */
	greet_merge_dir,      /* merge per-directory config */
	NULL,                 /* create per-server config */
	NULL,                 /* merge per-server config */
	greet_cmds,           /* config directives */
	greet_register_hooks, /* register hooks */
	AP_MODULE_FLAG_NONE,  /* flags */
};
