#!/usr/bin/env bats
# The checks after linking: what apxs only shows when the server starts.

load ../helper

setup_more() {
	export XDG_CACHE_HOME="$BATS_TEST_TMPDIR/cache"  # a fresh cache per test
}

@test "a module that forgets its record fails with exit 4 and lists look-alikes" {
	printf 'int helo_module = 1;\nint other_data = 2;\n' >mod_hello.c
	run modxs -c --quiet mod_hello.c
	assert_failure 4
	assert_output "modxs: error: '.libs/mod_hello.so' does not export its module record 'hello_module'; it exports helo_module (use -n NAME, or rename the record)"
}

@test "a module with no record-like symbol at all says so" {
	printf 'int f(void) { return 1; }\n' >mod_none.c
	run modxs -c mod_none.c
	assert_failure 4
	assert_output --partial "does not export its module record 'none_module'; no exported data symbol looks like one"
}

@test "-n names the record to look for" {
	printf 'int custom_module = 1;\n' >mod_x.c
	run modxs -c -n custom mod_x.c
	assert_success
	run modxs -c mod_x.c
	assert_failure 4
}

@test "the record's name comes from the source as apxs reads it" {
	printf 'typedef int module;\nmodule declared_module = 1;\n' >mod_file.c
	run modxs -c mod_file.c
	assert_success
}

@test "a module calling a function nothing provides fails, naming it" {
	cat >mod_calls.c <<'EOF'
#include "modxs-demo.h"
void no_such_host_function(void);
static int init(const struct modxs_demo_host *h)
{
	(void)h;
	demo_host_say("calls_module", "hi");
	no_such_host_function();
	return 0;
}
struct modxs_demo_module calls_module = { MODXS_DEMO_MODULE_STUFF, init };
EOF
	run modxs -c --quiet mod_calls.c
	assert_failure 4
	assert_output --regexp "^modxs: error: '.libs/mod_calls.so': undefined symbols that neither '.*/modxs-demo', its libraries nor the module's libraries provide: no_such_host_function \(link the library"
	refute_output --partial demo_host_say
	refute_output --partial puts
}

@test "the host's functions and libc's resolve; a fixed module passes" {
	cat >mod_ok.c <<'EOF'
#include <stdio.h>
#include <string.h>
#include "modxs-demo.h"
static int init(const struct modxs_demo_host *h)
{
	(void)h;
	demo_host_say("ok_module", strchr("x", 'x'));
	return printf("%d\n", demo_host_api_version()) < 0;
}
struct modxs_demo_module ok_module = { MODXS_DEMO_MODULE_STUFF, init };
EOF
	run modxs -c mod_ok.c
	assert_success
}

@test "--no-check skips both checks" {
	printf 'void nowhere(void);\nvoid f(void) { nowhere(); }\n' >mod_skip.c
	run modxs -c mod_skip.c
	assert_failure 4
	run modxs -c --quiet --no-check mod_skip.c
	assert_success
	assert_output ""
}

@test "a failed check runs again on the next build instead of passing silently" {
	printf 'void nowhere(void);\nint again_module;\nvoid f(void) { nowhere(); }\n' >mod_again.c
	run modxs -c mod_again.c
	assert_failure 4
	run modxs -c mod_again.c
	assert_failure 4
}

@test "a library the module links provides its symbols" {
	mkdir lib
	echo 'int lib_only_function(void) { return 7; }' >lib.c
	cc -fPIC -shared lib.c -o lib/libonly.so
	printf 'int lib_only_function(void);\nint m_module;\nint f(void) { return lib_only_function(); }\n' >mod_m.c
	run modxs -c mod_m.c
	assert_failure 4
	assert_output --partial "provide: lib_only_function"
	run modxs -c mod_m.c -Llib -lonly
	assert_success
}

@test "what the server provides is cached, keyed by the server file" {
	printf 'int c_module;\n' >mod_c.c
	modxs -c mod_c.c
	run ls "$XDG_CACHE_HOME/modxs"
	assert_output --regexp '^server-[0-9a-f]{16}\.syms$'
	run head -1 "$XDG_CACHE_HOME"/modxs/server-*.syms
	assert_output --regexp "^modxs-syms 1 [0-9]+\.[0-9]+ [0-9]+ .*/modxs-demo$"
	grep -qx demo_host_say "$XDG_CACHE_HOME"/modxs/server-*.syms
}

@test "a host whose server is missing checks against libraries only" {
	private_datadir
	sed -i 's|"server": .*|"server": "/nonexistent/server"|' "$MODXS_DATADIR/hosts/demo.json"
	printf 'void from_server(void);\nint s_module;\nvoid f(void) { from_server(); }\n' >mod_s.c
	run modxs -c -v mod_s.c
	assert_success
	assert_line "server '/nonexistent/server' not found: checking symbols against libraries only"
	assert_line --partial "modxs: warning: '.libs/mod_s.so': undefined symbols no library provides, perhaps the server's ('/nonexistent/server', not found): from_server"
}

@test "-p programs are not checked for a module record" {
	printf 'int main(void) { return 0; }\n' >prog.c
	run modxs -c -p prog.c
	assert_success
}

@test "a library's cached symbols are read again when the library changes" {
	mkdir lib
	echo 'int lib_fn(void) { return 7; }' >lib.c
	cc -fPIC -shared lib.c -o lib/libchanging.so
	printf 'int lib_fn(void);\nint ch_module;\nint f(void) { return lib_fn(); }\n' >mod_ch.c
	run modxs -c mod_ch.c -Llib -lchanging -Wl,-rpath,"$PWD/lib"
	assert_success
	ls "$XDG_CACHE_HOME"/modxs/lib-*.syms
	# The library loses the function; the module, relinked, must fail.
	echo 'int other_fn(void) { return 8; }' >lib.c
	sleep 0.01
	cc -fPIC -shared lib.c -o lib/libchanging.so -Wl,--no-undefined
	run modxs -c mod_ch.c -Llib -lchanging -Wl,-rpath,"$PWD/lib" -Wl,--allow-shlib-undefined
	assert_failure 4
	assert_output --partial "provide: lib_fn"
}

@test "a cache file shuffled by hand still answers right" {
	printf 'void demo_host_say(const char *, const char *);\nint c_module;\nvoid g(void) { demo_host_say("c", "x"); }\n' >mod_c.c
	modxs -c mod_c.c
	f=$(ls "$XDG_CACHE_HOME"/modxs/server-*.syms)
	{ head -1 "$f"; tail -n +2 "$f" | sort -r; } >shuffled && cp shuffled "$f"
	run modxs -c mod_c.c -Wl,-z,defs -Wl,--unresolved-symbols=ignore-all
	assert_success
}
