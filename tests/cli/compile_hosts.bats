#!/usr/bin/env bats
# -c against the recorded Apache and ProFTPD hosts, when they are recorded.

load ../helper

setup_file() {
	export XDG_CACHE_HOME="$BATS_FILE_TMPDIR/cache"
}

# need_host NAME: skip visibly unless modxs recorded the host's profile.
need_host() {
	[ -f "$MODXS_BUILD_DIR/share/modxs/hosts/$1.json" ] ||
		skip "the $1 host is not recorded (install its -dev package and reconfigure)"
}

# apache_module NAME [DECLARATIONS] [STATEMENTS]: mod_NAME.c with a handler.
apache_module() {
	{
		printf '#include "httpd.h"\n#include "http_config.h"\n#include "http_protocol.h"\n'
		printf '%s\n' "${2:-}"
		printf 'static int %s_handler(request_rec *r)\n{\n' "$1"
		printf '\tif (!r->handler || strcmp(r->handler, "%s")) return DECLINED;\n' "$1"
		printf '\tap_rputs("hello\\n", r);\n\t%s\n\treturn OK;\n}\n' "${3:-}"
		printf 'static void %s_hooks(apr_pool_t *p) { ap_hook_handler(%s_handler, NULL, NULL, APR_HOOK_MIDDLE); }\n' "$1" "$1"
		printf 'module AP_MODULE_DECLARE_DATA %s_module = { STANDARD20_MODULE_STUFF, NULL, NULL, NULL, NULL, NULL, %s_hooks };\n' "$1" "$1"
	} >"mod_$1.c"
}

@test "an Apache module builds with Apache's recorded compiler and flags" {
	need_host apache
	apache_module web
	run modxs --host apache -c -v mod_web.c
	assert_success
	cc=$(modxs --host apache -q CC)
	[ "${lines[0]%% *}" = "$cc" ]
	assert_line --index 0 --partial " -I$(modxs --host apache -q INCLUDEDIR) "
	assert_line --index 0 --partial " -c mod_web.c -o .libs/mod_web.o"
	[ -f mod_web.la ] && [ -f .libs/mod_web.so ]
}

@test "an Apache module calling a function Apache lacks fails the check" {
	need_host apache
	[ -x "$(modxs --host apache -q SBINDIR)/$(modxs --host apache -q TARGET)" ] ||
		skip "the Apache server binary is not installed"
	apache_module bad 'void ap_no_such_function(void);' 'ap_no_such_function();'
	run modxs --host apache -c mod_bad.c
	assert_failure 4
	assert_output --partial "provide: ap_no_such_function"
}

@test "a C++ Apache module builds with a C++ driver even though Apache records no CXX" {
	need_host apache
	cat >mod_cx.cpp <<'SRC'
#include "httpd.h"
#include "http_config.h"
int *cx_kept;
static void cx_hooks(apr_pool_t *) { cx_kept = new int(1); }
extern "C" { module AP_MODULE_DECLARE_DATA cx_module = { STANDARD20_MODULE_STUFF, NULL, NULL, NULL, NULL, NULL, cx_hooks }; }
SRC
	run modxs --host apache -c mod_cx.cpp
	assert_success
	readelf -d .libs/mod_cx.so | grep -q 'libstdc++'
}

@test "--libtool uses Apache's libtool as apxs does" {
	need_host apache
	lt=$(modxs --host apache -q LIBTOOL)
	[ -x "${lt%% *}" ] || skip "Apache's libtool '$lt' is not installed"
	apache_module lt
	run modxs --host apache -c --libtool -v mod_lt.c
	assert_success
	assert_line --index 0 --partial "${lt%% *} "
	[ -f mod_lt.la ] && [ -f .libs/mod_lt.so ]
}

@test "a ProFTPD module builds with ProFTPD's recorded flags" {
	need_host proftpd
	cat >mod_pt.c <<'SRC'
#include "conf.h"
module pt_module = { NULL, NULL, 0x20, "pt", NULL, NULL, NULL, NULL, NULL, NULL };
SRC
	run modxs --host proftpd -c -v mod_pt.c
	assert_success
	assert_line --index 0 --partial " -DPR_SHARED_MODULE "
	[ -f mod_pt.la ] && [ -f .libs/mod_pt.so ]
}
