#!/usr/bin/env bats
# nginx: dynamic modules built by modxs from their own `config` file against
# the recorded configure of Debian's nginx-dev, installed with DESTDIR, loaded
# by the packaged nginx on 127.0.0.1 and answering a request.

load ../helper
load servers

teardown() { stop_servers; }

# hello_addon DIR: a one-module addon in the config form nginx documents.
hello_addon() {
	mkdir -p "$1"
	cat >"$1/config" <<'CONF'
ngx_addon_name=ngx_http_hello_module
if test -n "$ngx_module_link"; then
    ngx_module_type=HTTP
    ngx_module_name=ngx_http_hello_module
    ngx_module_srcs="$ngx_addon_dir/ngx_http_hello_module.c"
    . auto/module
else
    HTTP_MODULES="$HTTP_MODULES ngx_http_hello_module"
    NGX_ADDON_SRCS="$NGX_ADDON_SRCS $ngx_addon_dir/ngx_http_hello_module.c"
fi
CONF
	nginx_handler_source ngx_http_hello_module hello '"hello from modxs\n"' \
		>"$1/ngx_http_hello_module.c"
}

@test "a module built from its config answers a request in the packaged nginx" {
	need_nginx
	local root="$BATS_TEST_TMPDIR/root" dest="$BATS_TEST_TMPDIR/dest" port moddir so
	port=$(free_port)
	moddir=$(modxs --host nginx -q LIBEXECDIR)
	hello_addon hello
	mkdir -p "$root"

	run modxs --host nginx -c hello
	assert_success
	assert [ -f .libs/ngx_http_hello_module.so ]
	# The module list nginx's own build would have generated.
	run cat ngx_http_hello_module_modules.c
	assert_output --partial 'ngx_module_t *ngx_modules[] = {'
	assert_output --partial '    &ngx_http_hello_module,'
	run nm -D --defined-only .libs/ngx_http_hello_module.so
	assert_output --partial ' ngx_modules'

	DESTDIR="$dest" run modxs --host nginx -i ngx_http_hello_module.la
	assert_success
	so="$dest$moddir/ngx_http_hello_module.so"
	assert [ -f "$so" ]

	nginx_conf "$root" "$port" "load_module $so;" \
		'location /hello { hello; }' >"$root/nginx.conf"
	run "$NGINX" -t -p "$root" -c "$root/nginx.conf"
	assert_success
	# The control: without the module the directive is unknown.
	nginx_conf "$root" "$port" "" 'location /hello { hello; }' >"$root/bare.conf"
	run "$NGINX" -t -p "$root" -c "$root/bare.conf"
	assert_failure
	assert_output --partial 'unknown directive "hello"'

	start_nginx "$root/nginx.conf" "$root" "$port"
	run curl -sS "http://127.0.0.1:$port/hello"
	assert_success
	assert_output "hello from modxs"
}

@test "--dry-run of a fresh addon shows every command, the generated module list's too, and writes nothing" {
	need_nginx
	hello_addon hello
	touch stamp
	find . -exec touch -d '-1 hour' {} +
	touch -d '-30 min' stamp
	run modxs --host nginx --dry-run -c hello
	assert_success
	assert_output --partial ' -c ngx_http_hello_module_modules.c -o .libs/ngx_http_hello_module_modules.o'
	assert_output --partial ' -o .libs/ngx_http_hello_module.so '
	assert_equal "$(find . -newer stamp)" ""
	assert [ ! -e ngx_http_hello_module_modules.c ]
}

@test "a no-op rebuild compiles nothing; an edited source recompiles alone" {
	need_nginx
	hello_addon hello
	run modxs --host nginx -c hello
	assert_success
	run modxs --host nginx -c hello
	assert_success
	refute_output --partial 'CC'
	refute_output --partial 'LINK'
	touch -d '+2 seconds' hello/ngx_http_hello_module.c
	run modxs --host nginx -c hello
	assert_success
	assert_output --partial 'ngx_http_hello_module.c'
	refute_output --partial 'CC ngx_http_hello_module_modules.c'
}

@test "a two-module addon with a library from pkg-config loads, both modules answer" {
	need_nginx
	skip_unless pkg-config "pkg-config is not installed"
	pkg-config --exists zlib || skip "zlib's pkg-config file is missing (apt-get install zlib1g-dev)"
	local root="$BATS_TEST_TMPDIR/root" dest="$BATS_TEST_TMPDIR/dest" port moddir so
	port=$(free_port)
	moddir=$(modxs --host nginx -q LIBEXECDIR)
	mkdir -p pair "$root"
	cat >pair/config <<'CONF'
ngx_addon_name=ngx_http_pair
ngx_module_type=HTTP
ngx_module_name="ngx_http_pair_crc_module ngx_http_pair_echo_module"
ngx_module_incs="$(pkg-config --cflags-only-I zlib | sed 's/-I//g')"
ngx_module_srcs="$ngx_addon_dir/crc.c $ngx_addon_dir/echo.c"
ngx_module_libs="$(pkg-config --libs zlib)"
. auto/module
CONF
	# crc answers zlib's crc32 of "modxs", computed in the module.
	nginx_handler_source ngx_http_pair_crc_module crc '"crc"' |
		sed -e 's/^#include <ngx_http.h>$/&\n#include <zlib.h>/' \
			-e 's/return crc_answer(r, text, sizeof(text) - 1);/u_char buf[32]; (void)text; return crc_answer(r, buf, ngx_sprintf(buf, "%08xD", (uint32_t)crc32(0, (const Bytef *)"modxs", 5)) - buf);/' \
			>pair/crc.c
	nginx_handler_source ngx_http_pair_echo_module echo2 '"second module\n"' >pair/echo.c

	run modxs --host nginx -c pair
	assert_success
	run readelf -d .libs/ngx_http_pair_crc_module.so
	assert_output --partial 'libz.so'
	DESTDIR="$dest" run modxs --host nginx -i ngx_http_pair_crc_module.la
	assert_success
	so="$dest$moddir/ngx_http_pair_crc_module.so"
	assert [ -f "$so" ]

	nginx_conf "$root" "$port" "load_module $so;" \
		'location /crc { crc; } location /echo { echo2; }' >"$root/nginx.conf"
	start_nginx "$root/nginx.conf" "$root" "$port"
	run curl -sS "http://127.0.0.1:$port/crc"
	assert_output "$(python3 -c 'import zlib; print("%08x" % zlib.crc32(b"modxs"))')"
	run curl -sS "http://127.0.0.1:$port/echo"
	assert_output "second module"
}

@test "a module built against another signature is refused before install" {
	need_nginx
	local dest="$BATS_TEST_TMPDIR/dest" moddir
	moddir=$(modxs --host nginx -q LIBEXECDIR)
	hello_addon hello
	# As for an nginx configured without --with-compat.
	DESTDIR="$dest" run modxs --host nginx -c -i -D NGX_COMPAT=0 hello
	assert_failure 4
	# One error line, naming both signatures and where they part.
	assert_equal "$(grep -c 'error' <<<"$output")" 1
	assert_output --regexp "modxs: error: '.libs/ngx_http_hello_module.so' was built with signature '8,4,8,[01]+' but the server '$NGINX' has '8,4,8,[01]+' \(they differ at character [0-9]+\)"
	assert [ ! -e "$dest$moddir/ngx_http_hello_module.so" ]
	# Built without the checks, it is still refused by -i.
	run modxs --host nginx -c --no-check -D NGX_COMPAT=0 hello
	assert_success
	DESTDIR="$dest" run modxs --host nginx -i ngx_http_hello_module.la
	assert_failure 4
	assert_output --partial "was built with signature"
	assert [ ! -e "$dest$moddir/ngx_http_hello_module.so" ]
	# The control: the same module with the server's flags passes.
	DESTDIR="$dest" run modxs --host nginx -c -i hello
	assert_success
	assert [ -f "$dest$moddir/ngx_http_hello_module.so" ]
}

@test "-q answers the recorded configure: flags, include dirs, its headers; the source dir is untouched" {
	need_nginx
	run modxs --host nginx -q NGINX_BUILD
	assert_success
	assert [ -f "$output/ngx_auto_config.h" ]
	assert [ -f "$output/ngx_auto_headers.h" ]
	run grep -c 'define NGX_COMPAT  1' "$(modxs --host nginx -q NGINX_BUILD)/ngx_auto_config.h"
	assert_output 1
	run modxs --host nginx -q NGINX_INCS
	assert_output --partial "-I$(modxs --host nginx -q NGINX_SRC)/src/core"
	# The compile flags are those nginx -V reports (its --with-cc-opt).
	local ccopt
	ccopt=$("$NGINX" -V 2>&1 | sed -n "s/.*--with-cc-opt='\([^']*\)'.*/\1/p")
	run modxs --host nginx -q CFLAGS
	assert_output --partial "$ccopt"
	src=$(modxs --host nginx -q NGINX_SRC)
	assert [ ! -e "$src/objs" ]
	assert [ ! -e "$src/Makefile" ]
}

@test "-g makes a skeleton whose Makefile builds it and make test loads it; CMake builds it out of tree" {
	need_nginx
	run modxs --host nginx -g -n greet
	assert_success
	for f in config ngx_http_greet_module.c Makefile CMakeLists.txt; do
		assert [ -f "greet/$f" ]
	done
	run make -C greet MODXSFLAGS=-Wc,-Wextra test
	assert_success
	assert_output --partial "ngx_http_greet_module loads into $NGINX"
	make -C greet clean
	run ls -A greet
	assert_output "$(printf '%s\n' CMakeLists.txt Makefile config ngx_http_greet_module.c)"

	skip_unless cmake "cmake is not installed"
	run cmake -S greet -B build
	assert_success
	run cmake --build build
	assert_success
	assert [ -f build/.libs/ngx_http_greet_module.so ]
	run ls -A greet
	assert_output "$(printf '%s\n' CMakeLists.txt Makefile config ngx_http_greet_module.c)"
}

@test "a bad module dir is one clear error: no config, a name that is no C name, a failing config" {
	need_nginx
	mkdir empty
	run modxs --host nginx -c empty
	assert_failure 1
	assert_output "modxs: error: 'empty' holds no 'config' file to build the module from"

	mkdir bad
	printf 'ngx_module_type=HTTP\nngx_module_name="x;y"\nngx_module_srcs=$ngx_addon_dir/x.c\n. auto/module\n' >bad/config
	run modxs --host nginx -c bad
	assert_failure 3
	assert_output "modxs: error: '$PWD/bad/config': 'x;y' is not a module name (letters, digits and '_' only)"
	assert [ ! -e 'x;y_modules.c' ]

	mkdir fails
	printf 'echo checking something\nexit 7\n' >fails/config
	run modxs --host nginx -c fails
	assert_failure 3
	assert_line "modxs: error: '$PWD/fails/config' failed (exit 7)"
}

@test "the older HTTP_MODULES/NGX_ADDON_SRCS form builds one module set" {
	need_nginx
	mkdir old
	cat >old/config <<'CONF'
ngx_addon_name=ngx_http_old_module
HTTP_MODULES="$HTTP_MODULES ngx_http_old_module"
NGX_ADDON_SRCS="$NGX_ADDON_SRCS $ngx_addon_dir/old.c"
CONF
	nginx_handler_source ngx_http_old_module old '"old\n"' >old/old.c
	run modxs --host nginx -c old
	assert_success
	assert [ -f .libs/ngx_http_old_module.so ]
	run grep -c '&ngx_http_old_module,' ngx_http_old_module_modules.c
	assert_output 1
}
