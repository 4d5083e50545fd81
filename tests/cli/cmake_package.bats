#!/usr/bin/env bats
# find_package(modxs), modxs_add_module(), modxs_install_module(), and modxs.pc.

load ../helper
bats_require_minimum_version 1.5.0

setup_more() {
	skip_unless cmake "cmake is not installed"
}

# project BODY...: a scratch CMake project in src/ whose CMakeLists.txt
# finds modxs and then holds BODY, with the named example sources copied in.
project() {
	mkdir -p src
	{
		echo 'cmake_minimum_required(VERSION 3.16)'
		echo 'project(scratch LANGUAGES NONE)'
		echo 'find_package(modxs 0.1 REQUIRED)'
		printf '%s\n' "$@"
	} >src/CMakeLists.txt
}

configure() {
	cmake -S src -B bin -DCMAKE_PREFIX_PATH="$MODXS_BUILD_DIR" "$@"
}

@test "find_package(modxs) finds the build tree's modxs and its version" {
	project 'message(STATUS "exe=${MODXS_EXECUTABLE} version=${MODXS_VERSION}")' \
		'get_target_property(loc modxs::modxs IMPORTED_LOCATION)' \
		'message(STATUS "target=${loc}")'
	run configure
	assert_success
	assert_line "-- exe=$MODXS_BUILD_DIR/bin/modxs version=$(modxs --version | cut -d' ' -f2)"
	assert_line "-- target=$MODXS_BUILD_DIR/bin/modxs"
}

@test "find_package(modxs) refuses an incompatible version" {
	project
	sed -i 's/find_package(modxs 0.1 REQUIRED)/find_package(modxs 99 REQUIRED)/' src/CMakeLists.txt
	run configure
	assert_failure
	assert_output --partial 'requested version "99"'
	assert_output --partial "modxsConfig.cmake, version: $(modxs --version | cut -d' ' -f2)"
}

@test "modxs_add_module builds an example with the recorded flags, out of tree" {
	mkdir src
	cp "$MODXS_SOURCE_DIR/examples/hello/mod_hello.c" src/
	project 'modxs_add_module(hello SOURCES mod_hello.c)'
	configure >/dev/null
	run cmake --build bin
	assert_success
	[ -f bin/mod_hello.la ] && [ -f bin/.libs/mod_hello.so ]
	# Nothing lands next to the sources.
	run ls -A src
	assert_output "CMakeLists.txt
mod_hello.c"
	echo "LoadModule hello_module $PWD/bin/.libs/mod_hello.so" >demo.conf
	run "$MODXS_BUILD_DIR/bin/modxs-demo" -f demo.conf
	assert_success
	assert_line "hello_module: Hello, world!"
}

@test "modxs_add_module with PKG and several sources builds the multi-zlib example" {
	pkg-config --exists zlib 2>/dev/null || skip "zlib's pkg-config file is missing (zlib1g-dev)"
	cp -r "$MODXS_SOURCE_DIR/examples/multi-zlib" src
	# A header in SOURCES is for IDEs; it must not reach the link line.
	sed -i 's/SOURCES mod_squeeze.c squeeze.c/SOURCES mod_squeeze.c squeeze.c squeeze.h/' src/CMakeLists.txt
	grep -q 'squeeze.h HOST' src/CMakeLists.txt
	run cmake -S src -B bin -DCMAKE_PREFIX_PATH="$MODXS_BUILD_DIR"
	assert_success
	run cmake --build bin -v
	assert_success
	assert_line --regexp "modxs.* -c .*squeeze\.c"
	refute_line --regexp "modxs.* -c .*squeeze\.h"
	echo "LoadModule squeeze_module $PWD/bin/.libs/mod_squeeze.so" >demo.conf
	run "$MODXS_BUILD_DIR/bin/modxs-demo" -f demo.conf
	assert_success
	assert_line --partial "squeeze_module: zlib"
}

@test "modxs_add_module runs the module check: a module without its record fails the build" {
	printf 'int nothing_here(void);\nint nothing_here(void) { return 0; }\n' >mod_hello.c
	mkdir src && mv mod_hello.c src/
	project 'modxs_add_module(hello SOURCES mod_hello.c)'
	configure >/dev/null
	run cmake --build bin
	assert_failure
	assert_output --partial "hello_module"
}

@test "modxs_add_module passes LIBS and OPTIONS, and a source change rebuilds" {
	mkdir src
	cat >src/mod_m.c <<'EOF'
#include <math.h>
#include "modxs-demo.h"
static int m_init(const struct modxs_demo_host *h)
{
	(void)h;
	demo_host_say("m_module", cos(0.0) == 1.0 ? GREETING : "wrong");
	return 0;
}
struct modxs_demo_module m_module = { MODXS_DEMO_MODULE_STUFF, m_init };
EOF
	project 'modxs_add_module(m SOURCES mod_m.c LIBS m OPTIONS -DGREETING="one")'
	configure >/dev/null
	run cmake --build bin
	assert_success
	echo "LoadModule m_module $PWD/bin/.libs/mod_m.so" >demo.conf
	run "$MODXS_BUILD_DIR/bin/modxs-demo" -f demo.conf
	assert_line "m_module: one"
	sed -i 's/GREETING/"two"/' src/mod_m.c
	run cmake --build bin
	assert_success
	run "$MODXS_BUILD_DIR/bin/modxs-demo" -f demo.conf
	assert_line "m_module: two"
}

@test "modxs_add_module rejects a bad name and two sources with one name" {
	mkdir -p src one two
	touch src/mod_x.c one/x.c two/x.c
	project 'modxs_add_module(bad-name SOURCES mod_x.c)'
	run configure
	assert_failure
	assert_output --partial "invalid module name 'bad-name'"
	project 'modxs_add_module(x SOURCES mod_x.c ../one/x.c ../two/x.c)'
	run configure
	assert_failure
	assert_output --partial "two sources named 'x.c'"
}

@test "modxs_install_module installs with modxs -i under DESTDIR" {
	mkdir src
	cp "$MODXS_SOURCE_DIR/examples/hello/mod_hello.c" src/
	project 'modxs_add_module(hello SOURCES mod_hello.c)' \
		"modxs_install_module(hello OPTIONS -S LIBEXECDIR=/opt/mods)"
	configure >/dev/null
	cmake --build bin >/dev/null
	run env DESTDIR="$PWD/stage" cmake --install bin
	if [[ $output == *"not available in this build"* ]]; then
		skip "modxs -i is not in this build"
	fi
	assert_success
	[ -f stage/opt/mods/mod_hello.so ]
}

@test "modxs_install_module ACTIVATE installs and activates; the host then loads the module" {
	mkdir src etc
	touch etc/modxs-demo.conf
	cp "$MODXS_SOURCE_DIR/examples/hello/mod_hello.c" src/
	project 'modxs_add_module(hello SOURCES mod_hello.c HOST demo)' \
		"modxs_install_module(hello ACTIVATE OPTIONS -S LIBEXECDIR=$PWD/mods -S SYSCONFDIR=$PWD/etc)"
	configure >/dev/null
	cmake --build bin >/dev/null
	run cmake --install bin
	if [[ $output == *"not available in this build"* ]]; then
		skip "modxs -i is not in this build"
	fi
	assert_success
	assert_line "-- Installing module hello with modxs"
	run "$MODXS_BUILD_DIR/bin/modxs-demo" -f etc/modxs-demo.conf
	assert_success
	assert_line "hello_module: Hello, world!"
}

@test "a failing modxs -i fails cmake --install" {
	mkdir src
	cp "$MODXS_SOURCE_DIR/examples/hello/mod_hello.c" src/
	project 'modxs_add_module(hello SOURCES mod_hello.c)' \
		"modxs_install_module(hello ACTIVATE OPTIONS -S SYSCONFDIR=$PWD/no/such/dir -S LIBEXECDIR=$PWD/mods)"
	configure >/dev/null
	cmake --build bin >/dev/null
	run cmake --install bin
	assert_failure
	assert_output --partial "modxs could not install module 'hello'"
}

@test "modxs.pc gives the tool's path, data dir and version to pkg-config" {
	skip_unless pkg-config "pkg-config is not installed"
	export PKG_CONFIG_PATH=$MODXS_BUILD_DIR/share/pkgconfig
	run pkg-config --variable=modxs modxs
	assert_success
	assert_output "$MODXS_BUILD_DIR/bin/modxs"
	run pkg-config --variable=datadir modxs
	assert_output "$MODXS_BUILD_DIR/share/modxs"
	[ -f "$output/platform.json" ]
	run pkg-config --variable=hostsdir modxs
	assert_output "$MODXS_BUILD_DIR/share/modxs/hosts"
	run pkg-config --modversion modxs
	assert_output "$(modxs --version | cut -d' ' -f2)"
	run pkg-config --cflags --libs modxs
	assert_success
	assert_output ""
}

@test "a Makefile finds modxs through pkg-config and builds a module" {
	skip_unless pkg-config "pkg-config is not installed"
	skip_unless make "make is not installed"
	export PKG_CONFIG_PATH=$MODXS_BUILD_DIR/share/pkgconfig
	cp "$MODXS_SOURCE_DIR/examples/hello/mod_hello.c" .
	printf 'MODXS := $(shell pkg-config --variable=modxs modxs)\nall:\n\t$(MODXS) -c mod_hello.c\n' >Makefile
	run make
	assert_success
	[ -f .libs/mod_hello.so ]
}

@test "cmake --install puts the package, modxs.pc, completion and templates in a prefix" {
	run cmake --install "$MODXS_BUILD_DIR" --prefix "$PWD/prefix"
	assert_success
	for f in share/cmake/modxs/modxsConfig.cmake share/cmake/modxs/modxsConfigVersion.cmake \
		share/pkgconfig/modxs.pc share/bash-completion/completions/modxs \
		share/zsh/site-functions/_modxs share/modxs/templates/demo/mod_@NAME@.c \
		share/modxs/templates/apache-apxs/.deps; do
		[ -e "prefix/$f" ] || {
			echo "not installed: $f" >&2
			return 1
		}
	done
	# The installed .pc names the prefix it was installed to.
	run env PKG_CONFIG_PATH="$PWD/prefix/share/pkgconfig" pkg-config --variable=modxs modxs
	assert_output "$PWD/prefix/bin/modxs"
	# The installed package finds the installed modxs, and -g works from there.
	mkdir src
	cp "$MODXS_SOURCE_DIR/examples/hello/mod_hello.c" src/
	project 'modxs_add_module(hello SOURCES mod_hello.c)' \
		'message(STATUS "exe=${MODXS_EXECUTABLE}")'
	run cmake -S src -B bin -DCMAKE_PREFIX_PATH="$PWD/prefix"
	assert_success
	assert_line "-- exe=$PWD/prefix/bin/modxs"
	run cmake --build bin
	assert_success
	run prefix/bin/modxs -g -n gen --quiet
	assert_success
	run grep -F "MODXS ?= $PWD/prefix/bin/modxs" gen/Makefile
	assert_success
}
