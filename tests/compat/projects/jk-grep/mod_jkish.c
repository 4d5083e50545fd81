/* mod_jkish: answers the "jkish" handler; the answer shows the build ran as planned. */
#include "httpd.h"

#include "http_config.h"
#include "http_protocol.h"

static int jkish_handler(request_rec *r)
{
	if (!r->handler || strcmp(r->handler, "jkish"))
		return DECLINED;
	r->content_type = "text/plain";
	if (!r->header_only)
		ap_rprintf(r, "jkish: %s\n", "built by the libtool apxs names");
	return OK;
}

static void jkish_register_hooks(apr_pool_t *p)
{
	(void)p;
	ap_hook_handler(jkish_handler, NULL, NULL, APR_HOOK_MIDDLE);
}

module AP_MODULE_DECLARE_DATA jkish_module = {STANDARD20_MODULE_STUFF, NULL, NULL, NULL, NULL, NULL,
					      jkish_register_hooks};
