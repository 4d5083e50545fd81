#!/usr/bin/env bats
# The build files `modxs -g` writes, used in a checkout whose path holds
# quotes, $(...), blanks and ';'. make, make test, make install and a CMake
# build must run no command from the path (a canary file 'PWN' must never
# appear), and work there where the server's config can name the path.

load ../helper

# A directory name a shell would run code from, if it ever parsed it.
HOSTILE="q'\$(touch PWN)'q \"d\" x;y"

setup_more() {
	skip_unless make "make is not installed"
	skip_unless cc "no C compiler (cc) to build test modules"
	mkdir "$HOSTILE"
	cd "$HOSTILE" || return 1
}

# no_canary: nothing ran a command planted in the path.
no_canary() {
	run find "$BATS_TEST_TMPDIR" -name 'PWN*'
	assert_output ""
}

# installed_server HOST: skip unless the host's server is installed.
installed_server() {
	modxs --host "$1" -q TARGET >/dev/null 2>&1 || skip "no '$1' host profile in this build"
	server="$(modxs --host "$1" -q SBINDIR)/$(modxs --host "$1" -q TARGET)"
	[ -x "$server" ] || skip "the $1 server '$server' is not installed"
}

# gen_make HOST NAME: generate NAME for HOST and build it with make.
gen_make() {
	modxs --host "$1" -g -n "$2" >/dev/null 2>&1
	cd "$2" || return 1
	run make
	assert_success
	[ -f ".libs/mod_$2.so" ]
	no_canary
}

# staged_install NAME: make install DESTDIR=... stages the module, runs nothing.
staged_install() {
	local stage=$BATS_TEST_TMPDIR/stage
	run make install DESTDIR="$stage"
	assert_success
	run find "$stage" -name "mod_$1.so"
	assert_output --partial "mod_$1.so"
	no_canary
}

@test "demo: make, make test and make install in a hostile checkout path run nothing from it" {
	gen_make demo mkt
	run make test
	assert_success
	assert_line "mkt_module: Hello from mod_mkt"
	no_canary
	staged_install mkt
}

@test "apache: make, make test and make install in a hostile checkout path run nothing from it" {
	installed_server apache
	gen_make apache web
	run make test
	assert_success
	assert_output --partial "Syntax OK"
	assert_line "mod_web loads into $server"
	no_canary
	staged_install web
}

@test "proftpd: make, make test and make install in a hostile checkout path run nothing from it" {
	installed_server proftpd
	gen_make proftpd ftp
	run make test
	assert_success
	assert_line "mod_ftp loads into $server"
	no_canary
	staged_install ftp
}

@test "apxs persona: Apache's make rules and make install in a hostile checkout path run nothing" {
	modxs --host apache -q TARGET >/dev/null 2>&1 || skip "no apache host profile in this build"
	[ -f "$(modxs --host apache -q installbuilddir)/special.mk" ] ||
		skip "Apache's build files (apache2-dev) are not installed"
	modxs --persona apxs -g -n web >/dev/null 2>&1
	cd web
	run make
	assert_success
	no_canary
	run make install DESTDIR="$BATS_TEST_TMPDIR/stage"
	assert_success
	[ -f "$BATS_TEST_TMPDIR/stage$(modxs --host apache -q LIBEXECDIR)/mod_web.so" ]
	no_canary
}

@test "the generated CMakeLists.txt builds in a hostile checkout path and runs nothing from it" {
	skip_unless cmake "cmake is not installed"
	# CMake splits paths at ';' (its list separator) before anything else
	# runs, so the checkout here holds every other hostile character.
	cd "$BATS_TEST_TMPDIR"
	mkdir "${HOSTILE%;*}"
	cd "${HOSTILE%;*}"
	modxs -g -n mkt >/dev/null 2>&1
	run cmake -S mkt -B "build dir"
	assert_success
	run cmake --build "build dir"
	assert_success
	[ -f "build dir/.libs/mod_mkt.so" ]
	no_canary
}

@test "CMake fails in a checkout path with ';' but runs nothing from it" {
	skip_unless cmake "cmake is not installed"
	modxs -g -n mkt >/dev/null 2>&1
	run cmake -S mkt -B build
	run cmake --build build
	no_canary
}

@test "-g refuses to write a modxs path that make or the shell would read as code" {
	cd "$BATS_TEST_TMPDIR"
	private_datadir
	mkdir 'bin$(touch PWN)'
	cp "$MODXS" 'bin$(touch PWN)/modxs'
	run './bin$(touch PWN)/modxs' -g -n mkt
	assert_failure 2
	assert_line --regexp "^modxs: error: '.*/templates/demo/Makefile': line [0-9]+: '@MODXS@' is '.*/bin\\\$\(touch PWN\)/modxs', which a generated build file cannot hold safely \('\\$' is special to make and the shell\)$"
	[ ! -e mkt ]
	no_canary
}
