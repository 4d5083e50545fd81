/* mod_varsd: answers the "varsd" handler; the answer shows the build ran as planned. */
#include "httpd.h"

#include "http_config.h"
#include "http_protocol.h"

static int varsd_handler(request_rec *r)
{
	if (!r->handler || strcmp(r->handler, "varsd"))
		return DECLINED;
	r->content_type = "text/plain";
	if (!r->header_only)
		ap_rprintf(r, "varsd: %s\n", "built with config_vars.mk");
	return OK;
}

static void varsd_register_hooks(apr_pool_t *p)
{
	(void)p;
	ap_hook_handler(varsd_handler, NULL, NULL, APR_HOOK_MIDDLE);
}

module AP_MODULE_DECLARE_DATA varsd_module = {STANDARD20_MODULE_STUFF, NULL, NULL, NULL, NULL, NULL,
					      varsd_register_hooks};
