/* mod_multi: answers the "multi" handler with values from its other source,
 * its -D define and libm, so the answer shows every part was linked. */
#include "httpd.h"

#include "http_config.h"
#include "http_protocol.h"

#include "multi.h"

static int multi_handler(request_rec *r)
{
	if (!r->handler || strcmp(r->handler, "multi"))
		return DECLINED;
	r->content_type = "text/plain";
	if (!r->header_only)
		ap_rprintf(r, "multi: scale %d, root %d\n", MULTI_SCALE, multi_root(9));
	return OK;
}

static void multi_register_hooks(apr_pool_t *p)
{
	(void)p;
	ap_hook_handler(multi_handler, NULL, NULL, APR_HOOK_MIDDLE);
}

module AP_MODULE_DECLARE_DATA multi_module = {STANDARD20_MODULE_STUFF, NULL, NULL, NULL, NULL, NULL,
					      multi_register_hooks};
