/* mod_cxxq: the C glue of a module whose answer comes from C++. */
#include "httpd.h"

#include "http_config.h"
#include "http_protocol.h"

const char *cxxq_text(char *buf, unsigned long len);

static int cxxq_handler(request_rec *r)
{
	char buf[64];
	if (!r->handler || strcmp(r->handler, "cxxq"))
		return DECLINED;
	r->content_type = "text/plain";
	if (!r->header_only)
		ap_rprintf(r, "cxxq: %s\n", cxxq_text(buf, sizeof buf));
	return OK;
}

static void cxxq_register_hooks(apr_pool_t *p)
{
	(void)p;
	ap_hook_handler(cxxq_handler, NULL, NULL, APR_HOOK_MIDDLE);
}

module AP_MODULE_DECLARE_DATA cxxq_module = {STANDARD20_MODULE_STUFF, NULL, NULL, NULL, NULL, NULL,
					     cxxq_register_hooks};
