#!/usr/bin/env bats
# modxs --record platform: platform.json written from this machine's
# compiler, into a scratch data dir; the build's is written by the same code.

bats_require_minimum_version 1.5.0
load ../helper

# hosts_of_build: the build's host profiles into data/, so -q can use data/.
hosts_of_build() { cp -r "$MODXS_BUILD_DIR/share/modxs/hosts" data/; }

# fake_cc DIR TRIPLE: DIR/cc, a compiler that answers -dumpmachine with TRIPLE.
fake_cc() {
	mkdir -p "$1"
	printf '#!/bin/sh\n[ "$1" = -dumpmachine ] && echo %s\n' "$2" >"$1/cc"
	chmod +x "$1/cc"
}

@test "the platform.json the build wrote is the one --record platform writes, byte for byte" {
	run modxs --record --datadir data platform
	assert_success
	assert_output "recorded platform 'data/platform.json': $(cc -dumpmachine)"
	cmp "$MODXS_BUILD_DIR/share/modxs/platform.json" data/platform.json
	# Unchanged, the file is left as it was.
	touch -d '-1 hour' data/platform.json
	before=$(stat -c %Y data/platform.json)
	run modxs --record --datadir data platform
	assert_success
	assert_output --partial "is up to date"
	[ "$(stat -c %Y data/platform.json)" = "$before" ]
	# The data dir recorded into is usable: -q answers from it.
	hosts_of_build
	MODXS_DATADIR=$PWD/data run modxs -q CC
	assert_success
	assert_output "$(command -v cc)"
}

@test "a missing compiler is one clear error, and nothing is written" {
	run modxs --record --datadir data -S CC=/nonexistent/cc platform
	assert_failure 3
	assert_output "modxs: error: no C compiler '/nonexistent/cc' found; name one with -S CC=PROGRAM"
	[ ! -e data/platform.json ]
	CXX=no-such-c++ run modxs --record --datadir data platform
	assert_failure 3
	assert_output "modxs: error: no C++ compiler 'no-such-c++' found; name one with -S CXX=PROGRAM"
}

@test "a compiler's -dumpmachine is the recorded TARGET_TRIPLE; CC and flags from the environment" {
	fake_cc bin aarch64-linux-gnu
	CC=$PWD/bin/cc CFLAGS='-O3 -pipe' run modxs --record --datadir data --host apache platform
	assert_success
	assert_output "recorded platform 'data/platform.json': aarch64-linux-gnu"
	hosts_of_build
	MODXS_DATADIR=$PWD/data run modxs --host demo -q TARGET_TRIPLE CC CFLAGS CXXFLAGS
	assert_output "aarch64-linux-gnu;;$PWD/bin/cc;;-O3 -pipe;;-g -O2"
	grep -qx '  "default_host": "apache",' data/platform.json
	# Found on PATH by name, and made absolute; -S wins over the environment.
	PATH=$PWD/bin:$PATH CC=/nonexistent run modxs --record --datadir d2 -S CC=cc platform
	assert_success
	grep -qx "    \"CC\": \"$PWD/bin/cc\"," d2/platform.json
}

@test "a compiler modxs does not know the flags of is refused, not guessed" {
	mkdir bin
	printf '#!/bin/sh\nexit 1\n' >bin/cc
	chmod +x bin/cc
	run modxs --record --datadir data -S CC="$PWD/bin/cc" platform
	assert_failure 3
	assert_output "modxs: error: compiler '$PWD/bin/cc' does not answer -dumpmachine: modxs records the flags of GNU-compatible compilers (gcc, clang) only"
	fake_cc win x86_64-w64-mingw32
	run modxs --record --datadir data -S CC="$PWD/win/cc" platform
	assert_failure 3
	assert_output "modxs: error: compiler '$PWD/win/cc' builds for 'x86_64-w64-mingw32': modxs records ELF platforms only"
	[ ! -e data/platform.json ]
}

@test "libtool's facts are read from its --config, as it states them" {
	mkdir bin
	printf '%s\n' '#!/bin/sh' 'cat <<"X"' '# a comment' 'objdir=_libs' 'wl="-Xl,"' \
		'pic_flag="  -fpic -DPIC"' 'export_dynamic_flag_spec="\$wl-E"' 'X' >bin/libtool
	chmod +x bin/libtool
	run modxs --record --datadir data -S LIBTOOL_PROGRAM="$PWD/bin/libtool" platform
	assert_success
	hosts_of_build
	MODXS_DATADIR=$PWD/data run modxs -q LIBTOOL_PIC_FLAG LIBTOOL_EXPORT_DYNAMIC_FLAG OBJDIR
	assert_output "-fpic -DPIC;;-Xl,-E;;_libs"
}

@test "-S of a name the platform record does not have is refused" {
	run modxs --record --datadir data -S NOPE=1 platform
	assert_failure 1
	assert_output "modxs: error: -S 'NOPE=1': the platform record has no such variable"
}

@test "recording again keeps the chosen default host and launcher; --host changes the host" {
	run modxs --record --datadir data --host apache platform
	assert_success
	sed -i 's|^  "default_host": "apache",$|&\n  "launcher": "ccache",|' data/platform.json
	run modxs --record --datadir data platform
	assert_success
	grep -qx '  "default_host": "apache",' data/platform.json
	grep -qx '  "launcher": "ccache",' data/platform.json
	run modxs --record --datadir data --host demo platform
	grep -qx '  "default_host": "demo",' data/platform.json
}

@test "--target x86_64-w64-mingw32 platform: the Windows target's record, from TRIPLE-gcc on PATH" {
	mkdir bin
	printf '#!/bin/sh\nexit 0\n' >bin/x86_64-w64-mingw32-gcc
	cp bin/x86_64-w64-mingw32-gcc bin/x86_64-w64-mingw32-ar
	chmod +x bin/*
	PATH=$PWD/bin:$PATH run modxs --record --datadir data --target x86_64-w64-mingw32 platform
	assert_success
	assert_output "recorded platform 'data/targets/x86_64-w64-mingw32.json': x86_64-w64-mingw32"
	run python3 -c 'import json, sys; v = json.load(open(sys.argv[1]))["vars"]; print(v["CC"], v["CXX"] or "-", v["AR"], v["OBJECT_FORMAT"], v["PIC_FLAG"] or "-", v["IMPLIB_SUFFIX"])' data/targets/x86_64-w64-mingw32.json
	assert_output "$PWD/bin/x86_64-w64-mingw32-gcc - $PWD/bin/x86_64-w64-mingw32-ar pe - .lib"
	[ ! -e data/platform.json ]
	# The build's record, when the cross compiler is here, is this command's.
	built=$MODXS_BUILD_DIR/share/modxs/targets/x86_64-w64-mingw32.json
	if [ -f "$built" ]; then
		run modxs --record --datadir d2 --target x86_64-w64-mingw32 platform
		assert_success
		cmp "$built" d2/targets/x86_64-w64-mingw32.json
	fi
	PATH=/nonexistent run "$MODXS" --record --datadir d3 --target x86_64-w64-mingw32 platform
	assert_failure 3
	assert_output "modxs: error: no C compiler 'x86_64-w64-mingw32-gcc' found; name one with -S CC=PROGRAM"
	run modxs --record --datadir d3 --target aarch64-linux-gnu platform
	assert_failure 1
	assert_output --partial "cannot record target 'aarch64-linux-gnu'"
}
