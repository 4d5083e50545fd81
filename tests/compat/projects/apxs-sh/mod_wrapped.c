/* mod_wrapped: answers the "wrapped" handler; the answer shows the build ran as planned. */
#include "httpd.h"

#include "http_config.h"
#include "http_protocol.h"

static int wrapped_handler(request_rec *r)
{
	if (!r->handler || strcmp(r->handler, "wrapped"))
		return DECLINED;
	r->content_type = "text/plain";
	if (!r->header_only)
		ap_rprintf(r, "wrapped: %s\n", "built through apxs.sh");
	return OK;
}

static void wrapped_register_hooks(apr_pool_t *p)
{
	(void)p;
	ap_hook_handler(wrapped_handler, NULL, NULL, APR_HOOK_MIDDLE);
}

module AP_MODULE_DECLARE_DATA wrapped_module = {
	STANDARD20_MODULE_STUFF, NULL, NULL, NULL, NULL, NULL, wrapped_register_hooks};
