#!/usr/bin/env bats
# A C++ Apache module, its record declared extern "C", builds with the apxs
# persona, loads into a real server and answers. apxs itself cannot do this.

load ../helper
load servers

teardown() { stop_servers; }

write_cxx_module() {
	cat >mod_cxxhello.cpp <<'SRC'
#include <string>

#include "httpd.h"
#include "http_config.h"
#include "http_protocol.h"

static int cxxhello_handler(request_rec *r)
{
	if (!r->handler || std::string(r->handler) != "cxxhello")
		return DECLINED;
	r->content_type = "text/plain";
	std::string text = "hello from C++, " + std::to_string(6 * 7) + "\n";
	if (!r->header_only)
		ap_rputs(text.c_str(), r);
	return OK;
}

static void cxxhello_register_hooks(apr_pool_t *)
{
	ap_hook_handler(cxxhello_handler, NULL, NULL, APR_HOOK_MIDDLE);
}

extern "C" {
module AP_MODULE_DECLARE_DATA cxxhello_module = {
	STANDARD20_MODULE_STUFF, NULL, NULL, NULL, NULL, NULL, cxxhello_register_hooks
};
}
SRC
}

@test "a C++ module with an extern \"C\" record builds, loads and answers" {
	need_apache
	skip_unless g++ "g++ is not installed (apt-get install g++)"
	local root="$BATS_TEST_TMPDIR/root" port
	port=$(free_port)
	mkdir -p "$root/conf" "$root/modules" "$root/logs"
	{
		apache_base "$root" "$port"
		apache_loads
		apache_location cxxhello
	} >"$root/conf/httpd.conf"
	write_cxx_module

	run apxs -c mod_cxxhello.cpp
	assert_success
	assert [ -f mod_cxxhello.la ]
	# The record is there under its C name, not mangled.
	run nm -D --defined-only .libs/mod_cxxhello.so
	assert_output --partial " cxxhello_module"

	run apxs -i -a -S TARGET=httpd -S SYSCONFDIR="$root/conf" -S LIBEXECDIR="$root/modules" mod_cxxhello.la
	assert_success
	run grep -c '^LoadModule cxxhello_module ' "$root/conf/httpd.conf"
	assert_output 1

	run "$APACHE2" -t -f "$root/conf/httpd.conf"
	assert_success

	start_apache "$root/conf/httpd.conf" "$root" "$port"
	run curl -sS --max-time 10 "http://127.0.0.1:$port/cxxhello"
	assert_success
	assert_output "hello from C++, 42"
}
