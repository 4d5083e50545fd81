#!/usr/bin/env bats
# modxs-demo: the bundled host loads modules the way Apache's mod_so does.

load ../helper

DEMO="$MODXS_BUILD_DIR/bin/modxs-demo"
HELLO_SRC="$MODXS_SOURCE_DIR/examples/hello/mod_hello.c"

setup_more() {
	skip_unless cc "no C compiler (cc) to build test modules"
}

# demo ARGS...: the host under test.
demo() { "$DEMO" "$@"; }

# build_module OUT SRC [CC ARGS...]: a module built by hand, as a user would.
build_module() {
	local out=$1 src=$2
	shift 2
	cc -fPIC -shared -I"$MODXS_BUILD_DIR/include/modxs-demo" -o "$out" "$src" "$@"
}

# A module source whose record has the given magic and API version.
write_record_module() {
	cat >"$1" <<EOF
#include "modxs-demo.h"
struct modxs_demo_module odd_module = { $2, $3, __FILE__, 0 };
EOF
}

@test "LoadModule loads hello: the loaded line and its greeting" {
	build_module mod_hello.so "$HELLO_SRC"
	echo "LoadModule hello_module $PWD/mod_hello.so" >demo.conf
	run demo -f demo.conf
	assert_success
	assert_output "loaded hello_module from $PWD/mod_hello.so
hello_module: Hello, world!"
}

@test "the prebuilt hello module in the build tree loads" {
	local so="$MODXS_BUILD_DIR/examples/hello/mod_hello.so"
	[ -f "$so" ]
	echo "LoadModule hello_module $so" >demo.conf
	run demo -f demo.conf
	assert_success
	assert_line "hello_module: Hello, world!"
}

@test "a relative module path is found next to the config, not the working dir" {
	mkdir conf elsewhere
	build_module conf/mod_hello.so "$HELLO_SRC"
	echo "LoadModule hello_module mod_hello.so" >conf/demo.conf
	cd elsewhere
	run demo -f ../conf/demo.conf
	assert_success
	assert_line "loaded hello_module from ../conf/mod_hello.so"
}

@test "ModulePath sets where later relative module paths are found" {
	mkdir -p etc mods
	build_module mods/mod_hello.so "$HELLO_SRC"
	printf 'ModulePath ../mods\nLoadModule hello_module mod_hello.so\n' >etc/demo.conf
	run demo -f etc/demo.conf
	assert_success
	assert_line "loaded hello_module from etc/../mods/mod_hello.so"
	assert_line "hello_module: Hello, world!"
}

@test "a ModulePath that does not exist is an error naming the line" {
	printf '# modules\nModulePath nowhere\n' >demo.conf
	run demo -f demo.conf
	assert_failure 1
	assert_output "modxs-demo: error: 'demo.conf': line 2: cannot find ModulePath './nowhere': No such file or directory"
}

@test "LoadFile makes a library's symbols visible to the modules after it" {
	echo 'const char *greet_text(void) { return "Hello from a library"; }' >greet.c
	cc -fPIC -shared -o libgreet.so greet.c
	cat >mod_greet.c <<'EOF'
#include "modxs-demo.h"
const char *greet_text(void);
static int init(const struct modxs_demo_host *h) { (void)h; demo_host_say("greet_module", greet_text()); return 0; }
struct modxs_demo_module greet_module = { MODXS_DEMO_MODULE_STUFF, init };
EOF
	build_module mod_greet.so mod_greet.c
	printf 'LoadFile libgreet.so\nLoadModule greet_module mod_greet.so\n' >demo.conf
	run demo -f demo.conf
	assert_success
	assert_output "loaded file ./libgreet.so
loaded greet_module from ./mod_greet.so
greet_module: Hello from a library"

	# In the other order the symbol is not there yet, as with Apache.
	printf 'LoadModule greet_module mod_greet.so\nLoadFile libgreet.so\n' >demo.conf
	run demo -f demo.conf
	assert_failure 1
	assert_output --partial "'demo.conf': line 1: cannot load './mod_greet.so': "
	assert_output --partial "undefined symbol: greet_text"
}

@test "a missing module file is one error line and exit 1" {
	echo "LoadModule hello_module $PWD/mod_none.so" >demo.conf
	run demo -f demo.conf
	assert_failure 1
	assert_output "modxs-demo: error: 'demo.conf': line 1: cannot find '$PWD/mod_none.so': No such file or directory"
}

@test "a module without the named record is refused" {
	build_module mod_hello.so "$HELLO_SRC"
	echo "LoadModule other_module $PWD/mod_hello.so" >demo.conf
	run demo -f demo.conf
	assert_failure 1
	assert_output "modxs-demo: error: 'demo.conf': line 1: cannot find module record 'other_module' in '$PWD/mod_hello.so'"
}

@test "a record with the wrong magic number is refused" {
	write_record_module odd.c 0x12345678UL MODXS_DEMO_API_VERSION
	build_module mod_odd.so odd.c
	echo "LoadModule odd_module mod_odd.so" >demo.conf
	run demo -f demo.conf
	assert_failure 1
	assert_output "modxs-demo: error: 'demo.conf': line 1: 'odd_module' in './mod_odd.so' is not a modxs-demo module record: bad magic number 0x12345678, expected 0x4d58444d"
}

@test "a record built for another API version is refused" {
	write_record_module odd.c MODXS_DEMO_MAGIC 99
	build_module mod_odd.so odd.c
	echo "LoadModule odd_module mod_odd.so" >demo.conf
	run demo -f demo.conf
	assert_failure 1
	assert_output "modxs-demo: error: 'demo.conf': line 1: 'odd_module' in './mod_odd.so' was built for API version 99, this host has 1"
}

@test "a module whose init fails stops the host" {
	cat >bad.c <<'EOF'
#include "modxs-demo.h"
static int init(const struct modxs_demo_host *h) { (void)h; return 3; }
struct modxs_demo_module bad_module = { MODXS_DEMO_MODULE_STUFF, init };
EOF
	build_module mod_bad.so bad.c
	echo "LoadModule bad_module mod_bad.so" >demo.conf
	run demo -f demo.conf
	assert_failure 1
	assert_line "modxs-demo: error: 'demo.conf': line 1: module 'bad_module' failed to start: its init returned 3"
}

@test "an unknown directive is an error with file and line" {
	printf '# ok\n\nLoadModules hello_module mod_hello.so\n' >demo.conf
	run demo -f demo.conf
	assert_failure 1
	assert_output "modxs-demo: error: 'demo.conf': line 3: unknown directive 'LoadModules'"
}

@test "wrong argument counts are errors" {
	echo "LoadModule hello_module" >demo.conf
	run demo -f demo.conf
	assert_failure 1
	assert_output "modxs-demo: error: 'demo.conf': line 1: LoadModule takes two arguments, a module record name and a file, not 1 argument"

	echo "LoadFile a.so b.so c.so" >demo.conf
	run demo -f demo.conf
	assert_failure 1
	assert_output "modxs-demo: error: 'demo.conf': line 1: LoadFile takes one argument, a library file, not 3 arguments"

	# Comments are whole lines only: a trailing one is more arguments.
	echo "ModulePath . # here" >demo.conf
	run demo -f demo.conf
	assert_failure 1
	assert_output --partial "line 1: ModulePath takes one argument, a directory, not 3 arguments"
}

@test "an unclosed quote and a bad record name are errors" {
	echo 'LoadModule hello_module "x y.so' >demo.conf
	run demo -f demo.conf
	assert_failure 1
	assert_output "modxs-demo: error: 'demo.conf': line 1: unclosed \" quote"

	echo 'LoadModule hello-module x.so' >demo.conf
	run demo -f demo.conf
	assert_failure 1
	assert_output "modxs-demo: error: 'demo.conf': line 1: 'hello-module' is not a valid module record name"
}

@test "CRLF lines, comments, blank lines, quoting and any case are accepted" {
	mkdir "my mods"
	build_module "my mods/mod_hello.so" "$HELLO_SRC"
	printf '# a comment\r\n\r\n   \t\r\nmodulepath "my mods"\r\nLOADMODULE hello_module '"'"'mod_hello.so'"'"'\r\n' >demo.conf
	run demo -f demo.conf
	assert_success
	assert_output "loaded hello_module from ./my mods/mod_hello.so
hello_module: Hello, world!"
}

@test "the same module twice is loaded once, with a warning, as in Apache" {
	build_module mod_hello.so "$HELLO_SRC"
	printf 'LoadModule hello_module mod_hello.so\nLoadModule hello_module mod_hello.so\n' >demo.conf
	run demo -f demo.conf
	assert_success
	assert_line "modxs-demo: warning: 'demo.conf': line 2: module 'hello_module' is already loaded, skipping"
	[ "$(grep -c '^hello_module: Hello' <<<"$output")" -eq 1 ]
}

@test "-t checks the config without loading anything and says Syntax OK" {
	build_module mod_hello.so "$HELLO_SRC"
	echo "LoadModule hello_module mod_hello.so" >demo.conf
	run demo -t -f demo.conf
	assert_success
	assert_output "Syntax OK"

	# -t sees a missing file but does not load: a wrong record passes.
	echo "LoadModule other_module mod_hello.so" >demo.conf
	run demo -t -f demo.conf
	assert_success
	echo "LoadModule hello_module mod_gone.so" >demo.conf
	run demo -t -f demo.conf
	assert_failure 1
	assert_output "modxs-demo: error: 'demo.conf': line 1: cannot find './mod_gone.so': No such file or directory"
	refute_output --partial "Syntax OK"
}

@test "a missing config file is an error" {
	run demo -f nothing.conf
	assert_failure 1
	assert_output "modxs-demo: error: cannot open 'nothing.conf': No such file or directory"
}

@test "a bad option prints the usage and exits 1" {
	run demo -x
	assert_failure 1
	assert_output --partial "usage: modxs-demo [-f CONF] [-t] [-v]"
	run demo extra
	assert_failure 1
	assert_line "modxs-demo: error: unexpected argument 'extra'"
}

@test "without -f the host reads PREFIX/etc/modxs-demo/modxs-demo.conf next to itself" {
	mkdir -p prefix/bin prefix/etc/modxs-demo prefix/lib/modxs-demo/modules
	cp "$DEMO" prefix/bin/
	build_module prefix/lib/modxs-demo/modules/mod_hello.so "$HELLO_SRC"
	cp "$MODXS_BUILD_DIR/etc/modxs-demo/modxs-demo.conf" prefix/etc/modxs-demo/
	echo "LoadModule hello_module mod_hello.so" >>prefix/etc/modxs-demo/modxs-demo.conf
	run prefix/bin/modxs-demo
	assert_success
	assert_line "loaded hello_module from $PWD/prefix/etc/modxs-demo/../../lib/modxs-demo/modules/mod_hello.so"
	assert_line "hello_module: Hello, world!"
}

@test "the staged default config is valid and loads no modules" {
	run demo -t
	assert_success
	assert_output "Syntax OK"
	run demo
	assert_success
	assert_output "no modules loaded: add LoadModule lines to '$MODXS_BUILD_DIR/etc/modxs-demo/modxs-demo.conf'"
}

@test "the demo profile's directories exist in the staged prefix" {
	run modxs -q INCLUDEDIR
	assert_success
	[ -f "$output/modxs-demo.h" ]
	run modxs -q LIBEXECDIR
	[ -d "$output" ]
	run modxs -q SYSCONFDIR
	[ -f "$output/modxs-demo.conf" ]
	run modxs -q SBINDIR
	[ -x "$output/modxs-demo" ]
}

@test "a host built without export-dynamic cannot load hello: the flag matters" {
	build_module mod_hello.so "$HELLO_SRC"
	echo "LoadModule hello_module mod_hello.so" >demo.conf
	local src="$MODXS_SOURCE_DIR/examples/demo-host/modxs-demo.c"

	cc -o host-plain "$src" -ldl
	run ./host-plain -f demo.conf
	assert_failure 1
	assert_output "modxs-demo: error: 'demo.conf': line 1: cannot load './mod_hello.so': ./mod_hello.so: undefined symbol: demo_host_say"

	# The same source linked with the recorded flag loads it.
	local flag
	flag=$(modxs -q EXPORT_DYNAMIC_FLAG)
	[ -n "$flag" ]
	cc -o host-export $flag "$src" -ldl
	run ./host-export -f demo.conf
	assert_success
	assert_line "hello_module: Hello, world!"
}

@test "cmake --install puts the host, header, config and modules dir under the prefix" {
	skip_unless cmake "cmake is not installed"
	cmake --install "$MODXS_BUILD_DIR" --prefix "$PWD/inst" >/dev/null
	[ -x inst/bin/modxs-demo ]
	[ -f inst/include/modxs-demo/modxs-demo.h ]
	[ -d inst/lib/modxs-demo/modules ]
	run inst/bin/modxs-demo -t
	assert_success
	assert_output "Syntax OK"
}
