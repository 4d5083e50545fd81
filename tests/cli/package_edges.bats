#!/usr/bin/env bats
# What a package maintainer or a CI author runs into: DESTDIR installs,
# option order, failed checks, help and completion, --json, and leftovers.

bats_require_minimum_version 1.5.0
load ../helper
load install_lib

demo_source() {
	cat >"mod_$1.c" <<EOF
#include "modxs-demo.h"
static int init(const struct modxs_demo_host *host)
{
	(void)host;
	demo_host_say("$1_module", "hi");
	return 0;
}
struct modxs_demo_module $1_module = { MODXS_DEMO_MODULE_STUFF, init };
EOF
}

@test "a DESTDIR install stages no receipt, no journal and no state dir" {
	mkmod hello
	DESTDIR=$PWD/stage run modxs "${S[@]}" -i mod_hello.so
	assert_success
	[ -f "stage$MODS/mod_hello.so" ]
	run find stage -name '*.json' -o -name journal -o -name modxs -type d
	assert_output ""
	[ ! -e "$MODXS_STATEDIR" ]
}

@test "--receipt stages the receipt under DESTDIR, as before" {
	mkmod hello
	run modxs "${S[@]}" --destdir "$PWD/stage" --receipt -i mod_hello.so
	assert_success
	run find "stage$MODXS_STATEDIR/receipts" -name hello.json
	assert_output --partial hello.json
	run find stage -path '*journal*' -type f
	assert_output ""
}

@test "-a under DESTDIR with an unstaged one-file config says so and still stages the module" {
	mkmod hello
	run modxs "${S[@]}" --no-config-test --destdir "$PWD/stage" -i -a mod_hello.so
	assert_success
	[ -f "stage$MODS/mod_hello.so" ]
	assert_output --partial "not activating 'hello': '$CONF' is not staged under '$PWD/stage'"
	run find stage -name '*.lock'
	assert_output ""
}

@test "modxs_install_module(ACTIVATE) under DESTDIR stages the module" {
	skip_unless cmake "cmake is not installed"
	mkdir src
	cp "$MODXS_SOURCE_DIR/examples/hello/mod_hello.c" src/
	cat >src/CMakeLists.txt <<EOF
cmake_minimum_required(VERSION 3.16)
project(scratch LANGUAGES NONE)
find_package(modxs 0.1 REQUIRED)
modxs_add_module(hello SOURCES mod_hello.c HOST demo)
modxs_install_module(hello ACTIVATE OPTIONS -S LIBEXECDIR=/opt/mods -S SYSCONFDIR=/etc/nowhere)
EOF
	cmake -S src -B bin -DCMAKE_PREFIX_PATH="$MODXS_BUILD_DIR" >/dev/null
	cmake --build bin >/dev/null
	run env DESTDIR="$PWD/stage" cmake --install bin
	assert_success
	[ -f stage/opt/mods/mod_hello.so ]
}

@test "--uninstall and --deactivate take their NAME after other options" {
	mkmod hello
	run modxs "${S[@]}" -i mod_hello.so
	assert_success
	run modxs "${S[@]}" --uninstall --force hello
	assert_success
	[ ! -e "$MODS/mod_hello.so" ]
	run modxs "${S[@]}" --uninstall --force
	assert_failure 1
	assert_output "modxs: error: option '--uninstall' needs a module name"
}

@test "a failed record check removes the .la, so -i cannot install the module" {
	printf 'int other_data = 1;\n' >mod_norec.c
	run modxs -c mod_norec.c
	assert_failure 4
	[ ! -e mod_norec.la ]
	run modxs "${S[@]}" -i mod_norec.la
	assert_failure
	[ ! -e "$MODS/mod_norec.so" ]
}

@test "a function named like the record does not pass the record check" {
	printf 'void x_module(void) {}\n' >mod_x.c
	run modxs -c mod_x.c
	assert_failure 4
	assert_output --partial "'x_module', but not as a data object"
}

@test "--help names --compile, --install, --clean and -d" {
	run modxs --help
	assert_success
	assert_output --partial "--compile"
	assert_output --partial "--install"
	assert_output --partial "--clean"
	assert_output --regexp "-d[ ,|]"
}

@test "bash completion offers --compile, --install, --clean, and upper-case -q names" {
	local comp=$MODXS_BUILD_DIR/share/bash-completion/completions/modxs
	complete() {
		bash --norc --noprofile -c 'source "$1" || exit 1; shift; COMP_WORDS=("$@")
			COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _modxs; printf "%s\n" "${COMPREPLY[@]}"' \
			x "$comp" "$MODXS" "$@"
	}
	run complete --cl
	assert_line --clean
	run complete --comp
	assert_line --compile
	run complete --inst
	assert_line --install
	[ -f "$MODXS_BUILD_DIR/share/modxs/hosts/apache.json" ] ||
		skip "the apache host is not recorded in this build"
	run complete --host apache -q LIBEX
	assert_line LIBEXECDIR
}

@test "--json prints a JSON object also when the line is refused or a query fails" {
	run -1 --separate-stderr modxs --json --bogus
	assert_equal "$(jq -c . <<<"$output")" '{"exit":1}'
	run -1 --separate-stderr modxs --bogus --json
	assert_equal "$(jq -c . <<<"$output")" '{"exit":1}'
	run -1 --separate-stderr modxs --json -q NOPE
	assert_equal "$(jq -c . <<<"$output")" '{"exit":1}'
}

@test "--json: with the server missing, the symbol check is not reported ok" {
	private_datadir
	sed -i 's|"server": *"[^"]*"|"server": "/nonexistent/server"|' "$MODXS_DATADIR/hosts/demo.json"
	grep -q /nonexistent/server "$MODXS_DATADIR/hosts/demo.json"
	demo_source js
	run --separate-stderr modxs --json -c mod_js.c
	assert_success
	assert_equal "$(jq -c '.checks[] | select(.name == "symbols") | .ok' <<<"$output")" false
}

@test "the recorded CFLAGS of the platform and the demo host are not empty" {
	run modxs -q CFLAGS
	assert_success
	[ -n "$(echo "$output" | tr -d ' ')" ]
	run modxs --host demo -q CFLAGS
	[ -n "$(echo "$output" | tr -d ' ')" ]
}

@test "--uninstall removes a fedora drop-in's .bak too" {
	mkmod hello
	mkdir -p "$ETC/conf.modules.d"
	run modxs "${S[@]}" --no-config-test --layout fedora -i -a mod_hello.so
	assert_success
	run modxs "${S[@]}" --no-config-test --layout fedora --deactivate hello
	assert_success
	[ -e "$ETC/conf.modules.d/10-hello.conf.bak" ]
	run modxs "${S[@]}" --no-config-test --layout fedora --uninstall hello
	assert_success
	run ls -A "$ETC/conf.modules.d"
	assert_output ""
}

@test "a single-file build prints its progress like a multi-file one" {
	demo_source one
	run modxs -c mod_one.c
	assert_success
	assert_output "[1/2] CC mod_one.c
[2/2] LINK .libs/mod_one.so"
}

@test "modxs_add_module targets are in compile_commands.json" {
	skip_unless cmake "cmake is not installed"
	mkdir src
	cp "$MODXS_SOURCE_DIR/examples/hello/mod_hello.c" src/
	cat >src/CMakeLists.txt <<EOF
cmake_minimum_required(VERSION 3.16)
project(scratch LANGUAGES NONE)
find_package(modxs 0.1 REQUIRED)
modxs_add_module(hello SOURCES mod_hello.c)
EOF
	cmake -S src -B bin -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DCMAKE_PREFIX_PATH="$MODXS_BUILD_DIR" >/dev/null
	cmake --build bin >/dev/null
	run jq -r '.[].file' bin/compile_commands.json
	assert_success
	assert_output "$(realpath src/mod_hello.c)"
}
