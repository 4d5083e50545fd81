/* mod_ruled: answers the "ruled" handler; the answer shows the build ran as planned. */
#include "httpd.h"

#include "http_config.h"
#include "http_protocol.h"

static int ruled_handler(request_rec *r)
{
	if (!r->handler || strcmp(r->handler, "ruled"))
		return DECLINED;
	r->content_type = "text/plain";
	if (!r->header_only)
		ap_rprintf(r, "ruled: %s\n", RULED_TEXT);
	return OK;
}

static void ruled_register_hooks(apr_pool_t *p)
{
	(void)p;
	ap_hook_handler(ruled_handler, NULL, NULL, APR_HOOK_MIDDLE);
}

module AP_MODULE_DECLARE_DATA ruled_module = {STANDARD20_MODULE_STUFF, NULL, NULL, NULL, NULL, NULL,
					      ruled_register_hooks};
