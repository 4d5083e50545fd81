#!/usr/bin/env bats
# cpack -G DEB: a .deb of modxs whose dependencies dpkg-shlibdeps computed,
# that apt can install on this Debian, and whose files work where they land:
# query, build, install and activate a module on the demo host.
#
# The package is unpacked into a scratch root (dpkg-deb -x) rather than
# installed on this machine, which stays free of modxs; apt only simulates
# the install, to prove its dependencies resolve.

bats_require_minimum_version 1.5.0
load ../helper

setup_file() {
	command -v cpack >/dev/null && command -v dpkg-shlibdeps >/dev/null || return 0
	local out=$BATS_FILE_TMPDIR/deb
	mkdir -p "$out"
	(cd "$MODXS_BUILD_DIR" && cpack -G DEB -B "$out") >"$BATS_FILE_TMPDIR/cpack.log" 2>&1 || true
}

deb_file() {
	command -v cpack >/dev/null || skip "cpack is not installed"
	command -v dpkg-shlibdeps >/dev/null || skip "dpkg-shlibdeps is not installed (dpkg-dev)"
	DEB=$(find "$BATS_FILE_TMPDIR/deb" -maxdepth 1 -name 'modxs_*.deb' | head -n 1)
	[ -n "$DEB" ] || fail "cpack made no .deb: $(cat "$BATS_FILE_TMPDIR/cpack.log")"
}

@test "cpack -G DEB makes modxs_VERSION_ARCH.deb with computed library dependencies" {
	deb_file
	assert_equal "$(basename "$DEB")" "modxs_$(modxs --version | cut -d' ' -f2)_$(dpkg --print-architecture).deb"
	run dpkg-deb -f "$DEB" Depends
	assert_success
	for lib in libc6 libelf1 libnettle8 libpkgconf3 libcjson1; do
		assert_output --regexp "(^|, )$lib( \(|,|$)"
	done
	assert_output --partial "gcc | c-compiler"
	echo "# $(basename "$DEB"): $(stat -c %s "$DEB") bytes; Depends: $output" >&3
}

@test "the .deb ships no receipts, state or build-tree paths" {
	deb_file
	run dpkg-deb -c "$DEB"
	assert_success
	refute_output --partial receipts
	refute_output --partial /var/lib/modxs
	refute_output --partial .modxs-journal
	assert_output --partial ./usr/bin/modxs
	assert_output --partial ./usr/lib/modxs/deps.so
	assert_output --partial ./usr/share/modxs/platform.json
}

@test "apt can install the .deb here: its dependencies resolve" {
	deb_file
	[ "$(id -u)" -eq 0 ] || skip "apt-get install --simulate of a local .deb needs root"
	run apt-get install --simulate --no-install-recommends "$DEB"
	assert_success
	assert_line --regexp "^Inst modxs "
}

@test "unpacked, its modxs queries, builds, installs and activates a module on the demo host" {
	deb_file
	dpkg-deb -x "$DEB" root
	local M=$PWD/root/usr/bin/modxs
	run "$M" -q PREFIX
	assert_success
	assert_output "$PWD/root/usr"
	cp "$MODXS_SOURCE_DIR/examples/hello/mod_hello.c" .
	run "$M" -c mod_hello.c
	assert_success
	run "$M" -i -a mod_hello.la
	assert_success
	[ -f root/usr/lib/modxs-demo/modules/mod_hello.so ]
	run root/usr/bin/modxs-demo
	assert_success
	assert_line "hello_module: Hello, world!"
}
