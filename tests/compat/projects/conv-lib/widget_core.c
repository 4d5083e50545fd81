/* widget_core: the "widget" handler and module record of mod_widget. */
#include "httpd.h"

#include "http_config.h"
#include "http_protocol.h"

const char *widget_text(void);

static int widget_handler(request_rec *r)
{
	if (!r->handler || strcmp(r->handler, "widget"))
		return DECLINED;
	r->content_type = "text/plain";
	if (!r->header_only)
		ap_rprintf(r, "widget: %s\n", widget_text());
	return OK;
}

static void widget_register_hooks(apr_pool_t *p)
{
	(void)p;
	ap_hook_handler(widget_handler, NULL, NULL, APR_HOOK_MIDDLE);
}

module AP_MODULE_DECLARE_DATA widget_module = {
	STANDARD20_MODULE_STUFF, NULL, NULL, NULL, NULL, NULL, widget_register_hooks};
