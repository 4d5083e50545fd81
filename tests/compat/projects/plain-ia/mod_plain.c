/* mod_plain: answers the "plain" handler; the answer shows the build ran as planned. */
#include "httpd.h"

#include "http_config.h"
#include "http_protocol.h"

static int plain_handler(request_rec *r)
{
	if (!r->handler || strcmp(r->handler, "plain"))
		return DECLINED;
	r->content_type = "text/plain";
	if (!r->header_only)
		ap_rprintf(r, "plain: %s\n", "installed and enabled by apxs -i -a");
	return OK;
}

static void plain_register_hooks(apr_pool_t *p)
{
	(void)p;
	ap_hook_handler(plain_handler, NULL, NULL, APR_HOOK_MIDDLE);
}

module AP_MODULE_DECLARE_DATA plain_module = {STANDARD20_MODULE_STUFF, NULL, NULL, NULL, NULL, NULL,
					      plain_register_hooks};
