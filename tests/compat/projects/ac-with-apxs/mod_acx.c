/* mod_acx: answers the "acx" handler with the compiler configure found. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include "httpd.h"

#include "http_config.h"
#include "http_protocol.h"

static int acx_handler(request_rec *r)
{
	if (!r->handler || strcmp(r->handler, "acx"))
		return DECLINED;
	r->content_type = "text/plain";
	if (!r->header_only)
		ap_rputs("acx: configured for " ACX_CC "\n", r);
	return OK;
}

static void acx_register_hooks(apr_pool_t *p)
{
	(void)p;
	ap_hook_handler(acx_handler, NULL, NULL, APR_HOOK_MIDDLE);
}

module AP_MODULE_DECLARE_DATA acx_module = {STANDARD20_MODULE_STUFF, NULL, NULL, NULL, NULL, NULL,
					    acx_register_hooks};
