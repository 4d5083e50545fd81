#!/usr/bin/env bats
# -c: building a module from sources, as a module author does.

load ../helper

# The symbol check's cache goes to the test's scratch space, not $HOME.
setup_file() {
	export XDG_CACHE_HOME="$BATS_FILE_TMPDIR/cache"
}

DEMO_INC="$MODXS_BUILD_DIR/include/modxs-demo"
DEMO_HOST="$MODXS_BUILD_DIR/bin/modxs-demo"

# A demo-host module whose init greets through the host: mod_NAME.c.
demo_module() {
	local name=$1 text=${2:-Hello from $1}
	cat >"mod_$name.c" <<EOF
#include "modxs-demo.h"
static int init(const struct modxs_demo_host *host)
{
	(void)host;
	demo_host_say("${name}_module", "$text");
	return 0;
}
struct modxs_demo_module ${name}_module = { MODXS_DEMO_MODULE_STUFF, init };
EOF
}

# load_in_demo SO NAME: run the demo host on a config loading one module.
load_in_demo() {
	printf 'LoadModule %s_module %s\n' "$2" "$PWD/$1" >demo.conf
	"$DEMO_HOST" -f demo.conf
}

@test "a single C file builds into the libtool layout apxs writes" {
	demo_module hello
	run modxs -c mod_hello.c
	assert_success
	for f in mod_hello.la mod_hello.lo mod_hello.slo .libs/mod_hello.o .libs/mod_hello.so \
		.libs/mod_hello.lai; do
		[ -f "$f" ] || fail "missing $f"
	done
	[ "$(readlink .libs/mod_hello.la)" = "../mod_hello.la" ]
	[ ! -s mod_hello.slo ]
}

@test "the built module loads in the demo host and calls into it" {
	demo_module hello "Hi there"
	modxs -c mod_hello.c
	run load_in_demo .libs/mod_hello.so hello
	assert_success
	assert_output --partial "Hi there"
}

@test "the .la names the module and the host's module directory" {
	demo_module hello
	modxs -c mod_hello.c
	run grep -E "^(dlname|library_names|libdir|installed|shouldnotlink)=" mod_hello.la
	assert_line "dlname='mod_hello.so'"
	assert_line "library_names='mod_hello.so mod_hello.so mod_hello.so'"
	assert_line "libdir='$(modxs -q LIBEXECDIR)'"
	assert_line "installed=no"
	assert_line "shouldnotlink=yes"
	run grep -E "^(pic_object|non_pic_object)=" mod_hello.lo
	assert_line "pic_object='.libs/mod_hello.o'"
	assert_line "non_pic_object=none"
}

@test "libtool --mode=install installs the .la modxs wrote" {
	skip_unless libtool "libtool is not installed (apt-get install libtool-bin)"
	demo_module hello
	modxs -c mod_hello.c
	mkdir dest
	run libtool --mode=install install -c mod_hello.la "$PWD/dest/"
	assert_success
	[ -f dest/mod_hello.so ]
	run grep -c "installed=yes" dest/mod_hello.la
	assert_output 1
	run load_in_demo dest/mod_hello.so hello
	assert_success
}

@test "-o names the output; its suffix becomes .la as with apxs" {
	demo_module hello
	run modxs -c -o mod_other.so mod_hello.c
	assert_success
	[ -f mod_other.la ] && [ -f .libs/mod_other.so ] && [ -f mod_hello.lo ]
	run modxs -c -o sub/mod_deep.la mod_hello.c
	assert_success
	[ -f sub/mod_deep.la ] && [ -f sub/.libs/mod_deep.so ]
}

@test "several sources link into one module named after the first" {
	demo_module multi
	echo 'int helper_one(void) { return 1; }' >one.c
	echo 'int helper_two(void) { return 2; }' >two.c
	run modxs -c mod_multi.c one.c two.c
	assert_success
	assert_line "[1/4] CC mod_multi.c"
	assert_line "[4/4] LINK .libs/mod_multi.so"
	[ -f mod_multi.la ] && [ -f one.lo ] && [ -f .libs/two.o ]
	nm -D .libs/mod_multi.so | grep -q ' T helper_two$'
}

@test "one source shows its progress lines too; --quiet shows none" {
	demo_module hello
	echo 'int helper_one(void) { return 1; }' >one.c
	run modxs -c mod_hello.c
	assert_success
	assert_output "[1/2] CC mod_hello.c
[2/2] LINK .libs/mod_hello.so"
	run modxs -c --quiet mod_hello.c one.c
	assert_success
	assert_output ""
}

@test "a C++ module compiles with CXX and links with the C++ driver" {
	cat >mod_cxx.cc <<'EOF'
#include "modxs-demo.h"
#include <string>
static int init(const struct modxs_demo_host *)
{
	std::string s = std::string("from ") + "C++";
	demo_host_say("cxx_module", s.c_str());
	return 0;
}
extern "C" { struct modxs_demo_module cxx_module = { MODXS_DEMO_MODULE_STUFF, init }; }
EOF
	run modxs -c -v mod_cxx.cc
	assert_success
	cxx=$(modxs -q CXX)
	[ "${lines[0]%% *}" = "$cxx" ] && [[ ${lines[0]} == *" -c mod_cxx.cc -o .libs/mod_cxx.o" ]]
	[ "${lines[1]%% *}" = "$cxx" ] && [[ ${lines[1]} == *" -o .libs/mod_cxx.so "* ]]
	readelf -d .libs/mod_cxx.so | grep -q 'libstdc++'
	run load_in_demo .libs/mod_cxx.so cxx
	assert_success
	assert_output --partial "from C++"
}

@test "each C++ suffix is compiled as C++" {
	for s in cc cpp cxx C; do
		printf 'extern "C" { int x_%s_module; }\nnamespace n { int f() { return 1; } }\n' "$s" >"mod_x_$s.$s"
		run modxs -c -v --no-check "mod_x_$s.$s"
		assert_success
		[ "${lines[0]%% *}" = "$(modxs -q CXX)" ] || fail "not compiled as C++: ${lines[0]}"
	done
}

@test "a missing source is an error naming it" {
	run modxs -c mod_absent.c
	assert_failure 3
	assert_output "modxs: error: cannot read source 'mod_absent.c': No such file or directory"
}

@test "a compiler error passes its output through, then one modxs error, exit 3" {
	printf 'int broken(void) { return undeclared_thing; }\n' >mod_broken.c
	run modxs -c mod_broken.c
	assert_failure 3
	assert_output --partial "undeclared_thing"
	assert_line "modxs: error: compiling 'mod_broken.c' failed (exit 1)"
	[ ! -e .libs/mod_broken.so ] && [ ! -e mod_broken.la ]
}

@test "a missing compiler names CC and how to choose another" {
	demo_module hello
	run modxs -c --quiet -S CC=no-such-cc mod_hello.c
	assert_failure 3
	assert_output "modxs: error: cannot run 'no-such-cc' to compile 'mod_hello.c': No such file or directory; CC is 'no-such-cc' (choose another with -S CC=COMPILER)"
}

@test "a failed link names the module and exits 3" {
	demo_module hello
	run modxs -c mod_hello.c -lno_such_library_xyz
	assert_failure 3
	assert_output --partial "cannot find -lno_such_library_xyz"
	assert_line "modxs: error: linking '.libs/mod_hello.so' failed (exit 1)"
}

@test "an apxs -g directory's .deps file stays the file Apache's Makefiles include" {
	demo_module hello
	: >.deps
	run modxs -c mod_hello.c
	assert_success
	[ -f .deps ] && [ ! -s .deps ]
	run modxs -c mod_hello.c
	assert_output ""
}

@test "after a failed compile no further compile starts, and nothing links" {
	printf 'int broken(void) { return nope; }\n' >a_broken.c
	for f in b c d; do echo "int $f;" >"$f.c"; done
	cat >logcc <<'SH'
#!/bin/sh
for a; do case $a in *.c) echo "$a" >>"$(dirname "$0")/cc.log" ;; esac; done
exec cc "$@"
SH
	chmod +x logcc
	run modxs -c -j 1 -S CC="$PWD/logcc" a_broken.c b.c c.c d.c
	assert_failure 3
	assert_line "modxs: error: compiling 'a_broken.c' failed (exit 1)"
	run cat cc.log
	assert_output "a_broken.c"
	[ ! -e .libs/a_broken.so ]
}

@test "a compiler killed by a signal reports 128 + the signal" {
	demo_module hello
	printf '#!/bin/sh\nkill -9 $$\n' >dying-cc
	chmod +x dying-cc
	run modxs -c --quiet -S CC="$PWD/dying-cc" mod_hello.c
	assert_failure 3
	assert_output "modxs: error: compiling 'mod_hello.c' failed (exit 137)"
}
