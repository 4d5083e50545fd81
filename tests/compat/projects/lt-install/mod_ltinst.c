/* mod_ltinst: answers the "ltinst" handler; the answer shows the build ran as planned. */
#include "httpd.h"

#include "http_config.h"
#include "http_protocol.h"

static int ltinst_handler(request_rec *r)
{
	if (!r->handler || strcmp(r->handler, "ltinst"))
		return DECLINED;
	r->content_type = "text/plain";
	if (!r->header_only)
		ap_rprintf(r, "ltinst: %s\n", "installed by libtool --mode=install");
	return OK;
}

static void ltinst_register_hooks(apr_pool_t *p)
{
	(void)p;
	ap_hook_handler(ltinst_handler, NULL, NULL, APR_HOOK_MIDDLE);
}

module AP_MODULE_DECLARE_DATA ltinst_module = {
	STANDARD20_MODULE_STUFF, NULL, NULL, NULL, NULL, NULL, ltinst_register_hooks};
