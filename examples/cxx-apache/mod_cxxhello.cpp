/*
 * mod_cxxhello.cpp: an Apache httpd module written in C++. Apache finds
 * modules by a C symbol, so the module record and everything Apache calls
 * are declared extern "C"; inside, the handler is ordinary C++.
 *
 *   LoadModule cxxhello_module modules/mod_cxxhello.so
 *   <Location /cxxhello>
 *       SetHandler cxxhello
 *   </Location>
 */
#include <sstream>
#include <string>

#include "httpd.h"
#include "http_config.h"
#include "http_protocol.h"
#include "ap_config.h"

extern "C" module AP_MODULE_DECLARE_DATA cxxhello_module;

namespace {

// The body of the answer, built with the C++ library.
std::string describe(const request_rec *r)
{
	std::ostringstream out;
	out << "Hello from C++: " << r->method << ' ' << r->uri;
	if (r->args)
		out << " (query: " << std::string(r->args).size() << " bytes)";
	out << '\n';
	return out.str();
}

} // namespace

extern "C" {

static int cxxhello_handler(request_rec *r)
{
	if (!r->handler || std::string(r->handler) != "cxxhello")
		return DECLINED;
	ap_set_content_type(r, "text/plain");
	if (!r->header_only) {
		// Exceptions must not cross into Apache's C code.
		try {
			const std::string body = describe(r);
			ap_rwrite(body.data(), static_cast<int>(body.size()), r);
		} catch (...) {
			return HTTP_INTERNAL_SERVER_ERROR;
		}
	}
	return OK;
}

static void cxxhello_register_hooks(apr_pool_t *)
{
	ap_hook_handler(cxxhello_handler, nullptr, nullptr, APR_HOOK_MIDDLE);
}

module AP_MODULE_DECLARE_DATA cxxhello_module = {
	STANDARD20_MODULE_STUFF,
	nullptr,                 /* create per-directory config */
	nullptr,                 /* merge per-directory config */
	nullptr,                 /* create per-server config */
	nullptr,                 /* merge per-server config */
	nullptr,                 /* config directives */
	cxxhello_register_hooks, /* register hooks */
	AP_MODULE_FLAG_NONE,     /* flags */
};

} // extern "C"
