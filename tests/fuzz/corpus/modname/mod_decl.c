#include "httpd.h"
#include "http_config.h"
/* module fake_module = in a comment */
AP_DECLARE_MODULE(decl) = {
	STANDARD20_MODULE_STUFF, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};
