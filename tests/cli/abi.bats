#!/usr/bin/env bats
# The ABI stamp: a module whose record says it was built for another server
# is refused after -c and before -i or -a, and --list says which match.
# The host is modxs-demo, whose profile here carries the stamp its records
# start with (MODXS_DEMO_MAGIC, MODXS_DEMO_API_VERSION), so the real demo
# server shows what it makes of the same files.

bats_require_minimum_version 1.5.0
load ../helper
load install_lib
load abi_lib

DEMO="$MODXS_BUILD_DIR/bin/modxs-demo"

setup_more() {
	skip_unless cc "no C compiler (cc) to build test modules"
	skip_unless readelf "no readelf (binutils) to rewrite a record"
	ETC=$BATS_TEST_TMPDIR/etc
	MODS=$BATS_TEST_TMPDIR/mods
	mkdir -p "$ETC"
	S=(-S "SYSCONFDIR=$ETC" -S "LIBEXECDIR=$MODS")
	CONF=$ETC/modxs-demo.conf
	private_datadir
	stamp_demo_profile
	printf '# modules\n' >"$CONF"
}

# write_module FILE NAME API: a demo module whose record says API.
write_module() {
	cat >"$1" <<EOF
#include "modxs-demo.h"
static int init(const struct modxs_demo_host *h) { (void)h; demo_host_say("$2_module", "up"); return 0; }
struct modxs_demo_module $2_module = { MODXS_DEMO_MAGIC, $3, __FILE__, init };
EOF
}

# The bytes of the record's API member: after the 8-byte magic on LP64.
API_OFFSET=8

@test "a module with the server's stamp builds, installs, activates and loads in modxs-demo" {
	write_module mod_good.c good 1
	run modxs "${S[@]}" -c -i -a mod_good.c
	assert_success
	assert [ -f "$MODS/mod_good.so" ]
	run "$DEMO" -f "$CONF"
	assert_success
	assert_line "good_module: up"
}

@test "-c refuses a module built for another API: exit 4, one line naming both numbers" {
	write_module mod_old.c old 2
	run modxs "${S[@]}" -c -i -a mod_old.c
	assert_failure 4
	assert_line "modxs: error: '.libs/mod_old.so': module 'old' was built for modxs-demo API 2, this server is 1"
	assert [ ! -e "$MODS/mod_old.so" ]
	assert_equal "$(cat "$CONF")" "# modules"
	no_receipt old
	# The server refuses the same file the same way.
	printf 'LoadModule old_module %s/.libs/mod_old.so\n' "$PWD" >try.conf
	run "$DEMO" -f try.conf
	assert_failure 1
	assert_output --partial "was built for API version 2, this host has 1"
}

@test "-i and -a of a file built elsewhere with another API number install nothing" {
	write_module good.c patched 1
	cc -fPIC -shared -I"$MODXS_BUILD_DIR/include/modxs-demo" -o mod_patched.so good.c
	run modxs "${S[@]}" -i -a mod_patched.so
	assert_success
	modxs "${S[@]}" --uninstall patched >/dev/null
	set_int mod_patched.so patched_module "$API_OFFSET" 20051115
	printf 'LoadModule patched_module %s/mod_patched.so\n' "$PWD" >try.conf
	run "$DEMO" -f try.conf
	assert_failure 1
	assert_output --partial "was built for API version 20051115, this host has 1"
	printf '# modules\n' >"$CONF"
	run modxs "${S[@]}" -i -a mod_patched.so
	assert_failure 4
	assert_line "modxs: error: 'mod_patched.so': module 'patched' was built for modxs-demo API 20051115, this server is 1"
	assert [ ! -e "$MODS/mod_patched.so" ]
	assert_equal "$(cat "$CONF")" "# modules"
	no_receipt patched
	# -a alone checks the installed file.
	mkdir -p "$MODS" && cp mod_patched.so "$MODS/"
	run modxs "${S[@]}" -e -a mod_patched.so
	assert_failure 4
	assert_equal "$(cat "$CONF")" "# modules"
}

@test "a wrong magic cookie is named with its hex value" {
	cat >mod_cookie.c <<'EOF'
#include "modxs-demo.h"
struct modxs_demo_module cookie_module = { 0x41503133UL, MODXS_DEMO_API_VERSION, __FILE__, 0 };
EOF
	run modxs "${S[@]}" -c mod_cookie.c
	assert_failure 4
	assert_line "modxs: error: '.libs/mod_cookie.so': module 'cookie' was built for modxs-demo magic 0x41503133, this server is 0x4d58444d"
}

@test "--no-check skips the stamp at -c and at -i" {
	write_module mod_old.c old 2
	run modxs "${S[@]}" --no-check -c -i mod_old.c
	assert_success
	assert [ -f "$MODS/mod_old.so" ]
	rm -f "$MODS/mod_old.so"
	run modxs "${S[@]}" --no-check -i mod_old.la
	assert_success
	assert [ -f "$MODS/mod_old.so" ]
}

@test "-i of several modules installs none when one has another stamp" {
	write_module mod_a.c a 1
	write_module mod_b.c b 3
	modxs "${S[@]}" -c mod_a.c >/dev/null
	modxs "${S[@]}" --no-check -c mod_b.c >/dev/null
	run modxs "${S[@]}" -i -a mod_a.la mod_b.la
	assert_failure 4
	assert_output --partial "module 'b' was built for modxs-demo API 3, this server is 1"
	assert [ ! -e "$MODS/mod_a.so" ]
	assert_equal "$(cat "$CONF")" "# modules"
}

@test "a record too small for the stamp is refused at -c" {
	printf 'int tiny_module = 1;\n' >mod_tiny.c
	run modxs "${S[@]}" -c mod_tiny.c
	assert_failure 4
	assert_line "modxs: error: '.libs/mod_tiny.so': module record 'tiny_module' is too small to hold the modxs-demo magic"
}

@test "-i of a file that is not ELF or PE, has no record or too small a one is not checked; -v says why" {
	printf 'not a module\n' >mod_text.so
	run modxs "${S[@]}" -v -i mod_text.so
	assert_success
	assert_line "'mod_text.so' is not an ELF shared object, so its ABI stamp cannot be checked"
	printf 'MZ, then no PE headers\n' >mod_mz.so
	run modxs "${S[@]}" -v -i mod_mz.so
	assert_success
	assert_line "'mod_mz.so' is not a well-formed PE DLL, so its ABI stamp cannot be checked"
	printf 'int other = 1;\n' >x.c && cc -shared -fPIC -o mod_norec.so x.c
	run modxs "${S[@]}" -v -i mod_norec.so
	assert_success
	assert_line "'mod_norec.so' does not export its module record 'norec_module', so its ABI stamp cannot be checked"
	printf 'int tiny_module = 1;\n' >x.c && cc -shared -fPIC -o mod_tiny.so x.c
	run modxs "${S[@]}" -v -i mod_tiny.so
	assert_success
	assert_line "'mod_tiny.so': module record 'tiny_module' is too small to hold the modxs-demo magic"
}

@test "--list shows whether each module's stamp matches" {
	write_module mod_good.c good 1
	write_module mod_old.c old 2
	modxs "${S[@]}" -c -i -a mod_good.c >/dev/null
	modxs "${S[@]}" --no-check -c -i -a mod_old.c >/dev/null
	# A record with no room for the stamp says nothing either way, as for -i.
	printf 'int tiny_module = 1;\n' >x.c && cc -shared -fPIC -o mod_tiny.so x.c
	modxs "${S[@]}" -i -a mod_tiny.so >/dev/null
	run modxs "${S[@]}" --list
	assert_success
	assert_line --regexp "^good_module +active +present +exported +abi-ok +$MODS/mod_good.so$"
	assert_line --regexp "^old_module +active +present +exported +abi-mismatch +$MODS/mod_old.so$"
	assert_line --regexp "^tiny_module +active +present +exported +- +$MODS/mod_tiny.so$"
	run modxs "${S[@]}" --list --json
	assert_success
	assert_output --partial '{"name":"old_module","ok":false,"detail":"active present exported abi-mismatch '
	assert_output --partial '{"name":"good_module","ok":true,"detail":"active present exported abi-ok '
}

@test "--json names the abi check and what the server expects" {
	write_module mod_good.c good 1
	run --separate-stderr modxs "${S[@]}" --json -c mod_good.c
	assert_success
	assert_output --partial '{"name":"abi","ok":true,"detail":"modxs-demo magic 0x4d58444d, modxs-demo API 1"}'
}

@test "a rebuild with nothing changed checks again once the profile's stamp changes" {
	write_module mod_good.c good 1
	run modxs "${S[@]}" -c mod_good.c
	assert_success
	sed -i 's/"equals": "1"/"equals": "5"/' "$MODXS_DATADIR/hosts/demo.json"
	run modxs "${S[@]}" -c mod_good.c
	assert_failure 4
	assert_line "modxs: error: '.libs/mod_good.so': module 'good' was built for modxs-demo API 1, this server is 5"
}

@test "a malformed abi key is exit 2 naming the file and line" {
	sed -i 's/"record": \["unsigned long", "int"\]/"record": ["unsigned long", "float"]/' \
		"$MODXS_DATADIR/hosts/demo.json"
	local line
	line=$(grep -n '"record"' "$MODXS_DATADIR/hosts/demo.json" | cut -d: -f1)
	run modxs -c x.c
	assert_failure 2
	assert_line "modxs: error: '$MODXS_DATADIR/hosts/demo.json': line $line: 'abi.record' must hold C type names: char, short, int, long (each maybe unsigned) or pointer"
}
