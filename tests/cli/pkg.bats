#!/usr/bin/env bats
# --pkg as pkg-config --cflags --libs gives it (tests/unit/test_pkg.c compares
# every installed package); here what a user sees of it.

bats_require_minimum_version 1.5.0
load ../helper

setup_more() {
	skip_unless pkg-config "pkg-config is not installed"
	printf 'int pk_module = 1;\n' >mod_pk.c
}

@test "--pkg xft compiles a source that includes Xft.h: Requires.private cflags are kept" {
	pkg-config --exists xft || skip "xft's development files are not installed (libxft-dev)"
	printf '#include <X11/Xft/Xft.h>\nint pk_module = 1;\n' >mod_pk.c
	run modxs -c --no-check --pkg xft mod_pk.c
	assert_success
}

@test "--pkg leaves out the system dirs pkg-config leaves out" {
	run modxs -c --dry-run --pkg zlib mod_pk.c
	assert_success
	refute_output --partial -I/usr/include
	refute_output --regexp "-L/usr/lib[^ ]*"
	assert_output --partial -lz
}

@test "--pkg 'NAME >= V' names the version found" {
	run modxs -c --pkg 'zlib >= 99' mod_pk.c
	assert_failure 3
	assert_output --regexp "^modxs: error: package 'zlib >= 99' not found: version [0-9.]+ is installed \(.*/zlib.pc\)$"
}

@test "-S PKG_CONFIG=PROGRAM runs that program instead" {
	run modxs -c -S PKG_CONFIG=/bin/false --pkg zlib mod_pk.c
	assert_failure 3
	assert_output "modxs: error: '/bin/false --cflags zlib' failed (exit 1)"
	printf '#!/bin/sh\necho "-DFROM_WRAPPER $*"\n' >pc-wrapper
	chmod +x pc-wrapper
	run modxs -c --dry-run -S PKG_CONFIG="$PWD/pc-wrapper" --pkg zlib mod_pk.c
	assert_success
	assert_output --partial -DFROM_WRAPPER
}

@test "PKG_CONFIG_SYSROOT_DIR prefixes the package's dirs, as pkg-config does" {
	mkdir -p pc
	printf 'prefix=/opt/x\nName: x\nDescription: x\nVersion: 1\nCflags: -I${prefix}/include\nLibs: -L${prefix}/lib -lx\n' >pc/sr.pc
	PKG_CONFIG_PATH=$PWD/pc PKG_CONFIG_SYSROOT_DIR=/sr run modxs -c --dry-run --pkg sr mod_pk.c
	assert_success
	assert_output --partial -I/sr/opt/x/include
	assert_output --partial -L/sr/opt/x/lib
	PKG_CONFIG_PATH=$PWD/pc PKG_CONFIG_SYSROOT_DIR=/sr run pkg-config --cflags --libs sr
	assert_output --partial "-I/sr/opt/x/include -L/sr/opt/x/lib -lx"
}
