#include "httpd.h"
#include "http_config.h"

static int hello_handler(request_rec *r) { return DECLINED; }

module AP_MODULE_DECLARE_DATA hello_module = {
	STANDARD20_MODULE_STUFF, NULL, NULL, NULL, NULL, NULL, NULL
};
