#!/usr/bin/env bats
# Cross builds: -S CC=aarch64-linux-gnu-gcc with --sysroot DIR, a sysroot
# made here from Debian's arm64 cross libc. The checks never pass a module
# built for another machine than the server they check it against.

bats_require_minimum_version 1.5.0
load ../helper

CROSS=aarch64-linux-gnu-gcc

setup_more() {
	if ! command -v "$CROSS" >/dev/null; then
		[ -z "${MODXS_CI:-}" ] || fail "$CROSS is missing (gcc-aarch64-linux-gnu)"
		skip "$CROSS is not installed (gcc-aarch64-linux-gnu)"
	fi
	cp "$MODXS_SOURCE_DIR/examples/hello/mod_hello.c" .
	INCLUDEDIR=$(modxs -q INCLUDEDIR)
	SERVER=$(modxs -q SBINDIR)/modxs-demo
}

# make_sysroot: ./sysroot with arm64 libc, the demo host's header, and an
# arm64 build of a host that provides what modules call.
make_sysroot() {
	SYSROOT=$PWD/sysroot
	mkdir -p "$SYSROOT/usr" "$SYSROOT$INCLUDEDIR" "$SYSROOT${SERVER%/*}"
	cp -r /usr/aarch64-linux-gnu/include "$SYSROOT/usr/include"
	cp -r /usr/aarch64-linux-gnu/lib "$SYSROOT/usr/lib"
	cp "$INCLUDEDIR/modxs-demo.h" "$SYSROOT$INCLUDEDIR/"
	printf 'void demo_host_say(const char *m, const char *t) { (void)m; (void)t; }\nint main(void) { return 0; }\n' >host.c
	"$CROSS" --sysroot="$SYSROOT" -rdynamic -o "$SYSROOT$SERVER" host.c
}

@test "an aarch64 module checked against this machine's server fails, naming both machines" {
	[ "$(uname -m)" != aarch64 ] || skip "this machine is aarch64"
	run modxs -c --quiet -S CC=$CROSS mod_hello.c
	assert_failure 4
	assert_output "modxs: error: '.libs/mod_hello.so' is built for ARM aarch64 (64-bit), but the server '$SERVER' is x86-64 (64-bit) (check a cross build against the server in its sysroot: --sysroot DIR)"
	[ ! -e mod_hello.la ]
}

@test "--sysroot builds an aarch64 module against the sysroot's headers and server" {
	make_sysroot
	run modxs -c -v -S CC=$CROSS --sysroot "$SYSROOT" mod_hello.c
	assert_success
	assert_output --partial "--sysroot=$SYSROOT"
	assert_output --partial "-I$SYSROOT$INCLUDEDIR"
	run readelf -h .libs/mod_hello.so
	assert_output --regexp "Machine: +AArch64"
	[ -f mod_hello.la ]
}

@test "--sysroot looks for pkg-config packages in the sysroot and prefixes their dirs" {
	make_sysroot
	mkdir -p "$SYSROOT/usr/lib/aarch64-linux-gnu/pkgconfig" "$SYSROOT/usr/include/arm-only"
	printf 'prefix=/usr\nincludedir=${prefix}/include/arm-only\nName: arm-only\nDescription: x\nVersion: 1\nCflags: -I${includedir}\nLibs: -L${prefix}/lib/aarch64-linux-gnu -larmonly\n' \
		>"$SYSROOT/usr/lib/aarch64-linux-gnu/pkgconfig/arm-only.pc"
	run modxs -c --dry-run -S CC=$CROSS --sysroot "$SYSROOT" --pkg arm-only mod_hello.c
	assert_success
	assert_output --partial "-I$SYSROOT/usr/include/arm-only"
	assert_output --partial "-L$SYSROOT/usr/lib/aarch64-linux-gnu -larmonly"
	# This machine's packages are not the target's.
	run modxs -c --dry-run -S CC=$CROSS --sysroot "$SYSROOT" --pkg zlib mod_hello.c
	assert_failure 3
	assert_output --partial "package 'zlib' not found by pkg-config"
}
