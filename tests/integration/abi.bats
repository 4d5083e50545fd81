#!/usr/bin/env bats
# The ABI stamp against real servers: a module whose record carries another
# API number is refused by modxs after -c and before -i, exactly where the
# real Apache and ProFTPD refuse to load it, and the same module with the
# server's own stamp is accepted by both.

bats_require_minimum_version 1.5.0
load ../helper
load servers
load ../cli/abi_lib

teardown() { stop_servers; }

# An Apache config under ROOT that loads only the module FILE (and an MPM).
apache_conf_loading() {
	mkdir -p "$1/logs"
	apache_base "$1" "$(free_port)"
	apache_loads
	echo "LoadModule stamp_module $2"
}

@test "apache: another MODULE_MAGIC_NUMBER_MAJOR is refused at -c and -i, as httpd refuses it" {
	need_apache
	skip_unless readelf "no readelf (binutils) to rewrite a record"
	local root="$BATS_TEST_TMPDIR/root" mmn
	mmn=$(sed -n 's/^#define MODULE_MAGIC_NUMBER_MAJOR \([0-9]*\)$/\1/p' \
		"$(modxs --host apache -q INCLUDEDIR)/ap_mmn.h")
	[ -n "$mmn" ]
	mkdir -p "$root/conf" "$root/modules"
	: >"$root/conf/httpd.conf"
	local S=(--host apache -S TARGET=httpd -S SYSCONFDIR="$root/conf" -S LIBEXECDIR="$root/modules")
	apache_module_source stamp >mod_stamp.c

	# With the server's own headers: built, and httpd loads it.
	run modxs --host apache -c mod_stamp.c
	assert_success
	apache_conf_loading "$root" "$PWD/.libs/mod_stamp.so" >good.conf
	run "$APACHE2" -t -f "$PWD/good.conf"
	assert_success
	cp .libs/mod_stamp.so mod_good.so

	# The same source built for another API.
	run modxs --host apache -c -Wc,-DMODULE_MAGIC_NUMBER_MAJOR=20051115 mod_stamp.c
	assert_failure 4
	assert_line "modxs: error: '.libs/mod_stamp.so': module 'stamp' was built for Apache API 20051115, this server is $mmn"
	# The apxs persona says the same, with apxs's exit status.
	run apxs -c -Wc,-DMODULE_MAGIC_NUMBER_MAJOR=20051115 mod_stamp.c
	assert_failure 1
	assert_line "apxs: error: '.libs/mod_stamp.so': module 'stamp' was built for Apache API 20051115, this server is $mmn"
	# httpd refuses it when it loads it.
	run modxs --host apache --no-check -c -Wc,-DMODULE_MAGIC_NUMBER_MAJOR=20051115 mod_stamp.c
	assert_success
	apache_conf_loading "$root" "$PWD/.libs/mod_stamp.so" >old.conf
	run "$APACHE2" -t -f "$PWD/old.conf"
	assert_failure
	assert_output --partial "is not compatible with this version of Apache (found 20051115, need $mmn)"
	# -i -a of that file installs and edits nothing.
	run modxs "${S[@]}" -i -a mod_stamp.la
	assert_failure 4
	assert_line "modxs: error: '.libs/mod_stamp.so': module 'stamp' was built for Apache API 20051115, this server is $mmn"
	assert [ ! -e "$root/modules/mod_stamp.so" ]
	assert_equal "$(cat "$root/conf/httpd.conf")" ""

	# The good file with only its version member rewritten: refused by both.
	cp mod_good.so mod_stamp.so
	set_int mod_stamp.so stamp_module 0 20051115
	apache_conf_loading "$root" "$PWD/mod_stamp.so" >patched.conf
	run "$APACHE2" -t -f "$PWD/patched.conf"
	assert_failure
	assert_output --partial "(found 20051115, need $mmn)"
	run modxs "${S[@]}" -i -a mod_stamp.so
	assert_failure 4
	assert [ ! -e "$root/modules/mod_stamp.so" ]
	assert_equal "$(cat "$root/conf/httpd.conf")" ""

	# And with its cookie rewritten (after three ints and three pointers).
	cp mod_good.so mod_stamp.so
	set_int mod_stamp.so stamp_module 40 0x41503133
	apache_conf_loading "$root" "$PWD/mod_stamp.so" >cookie.conf
	run "$APACHE2" -t -f "$PWD/cookie.conf"
	assert_failure
	assert_output --partial "is garbled - expected signature 41503234 but saw 41503133"
	run modxs "${S[@]}" -i -a mod_stamp.so
	assert_failure 4
	assert_line "modxs: error: 'mod_stamp.so': module 'stamp' was built for Apache magic cookie 0x41503133, this server is 0x41503234"

	# The untouched file installs, activates, and --list says its stamp matches.
	cp mod_good.so mod_stamp.so
	run modxs "${S[@]}" --no-config-test -i -a mod_stamp.so
	assert_success
	run modxs "${S[@]}" --list
	assert_success
	assert_line --regexp "^stamp_module +active +present +exported +abi-ok +$root/modules/mod_stamp.so$"
}

@test "apache: every module Debian ships reads abi-ok in --list" {
	need_apache
	[ -d /etc/apache2/mods-available ] || skip "not Debian's Apache layout"
	run modxs --host apache --list
	assert_success
	refute_line --partial "abi-mismatch"
	assert_line --partial "abi-ok"
}

# A ProFTPD module whose record says api_version API.
proftpd_module() {
	cat <<SRC
#include "conf.h"
module $1_module = { NULL, NULL, $2, "$1", NULL, NULL, NULL, NULL, NULL, "x/1" };
SRC
}

# A ProFTPD config that loads mod_NAME.c from DIR, and nothing else. The
# address is given: proftpd -t refuses a server whose host name does not resolve.
proftpd_conf_loading() {
	cat <<CONF
ServerType standalone
Port 0
DefaultAddress 127.0.0.1
<IfModule mod_dso.c>
  ModulePath $2
  LoadModule mod_$1.c
</IfModule>
CONF
}

@test "proftpd: an api_version older than the server's is refused at -c and -i, as proftpd refuses it" {
	need_proftpd
	local api mods="$BATS_TEST_TMPDIR/mods"
	api=$(sed -n 's/^#define PR_MODULE_API_VERSION[[:space:]]*\(0x[0-9a-fA-F]*\)$/\1/p' \
		/usr/include/proftpd/version.h)
	[ -n "$api" ]
	proftpd_module old 0x10 >mod_old.c
	run modxs --host proftpd -c mod_old.c
	assert_failure 4
	assert_line "modxs: error: '.libs/mod_old.so': module 'old' was built for ProFTPD module API 0x10, this server needs at least $api"
	run prxs -c mod_old.c
	assert_failure 1
	assert_output --partial "module 'old' was built for ProFTPD module API 0x10, this server needs at least $api"
	run modxs --host proftpd --no-check -c mod_old.c
	assert_success
	proftpd_conf_loading old "$PWD/.libs" >old.conf
	run "$PROFTPD" -t -c "$PWD/old.conf"
	assert_failure
	assert_output --partial "has wrong API version (0x10)"
	run modxs --host proftpd -S LIBEXECDIR="$mods" -i mod_old.la
	assert_failure 4
	assert [ ! -e "$mods/mod_old.so" ]

	# A newer number loads in the server, and modxs takes it too.
	proftpd_module new 0x30 >mod_new.c
	run modxs --host proftpd -c mod_new.c
	assert_success
	proftpd_conf_loading new "$PWD/.libs" >new.conf
	run "$PROFTPD" -t -c "$PWD/new.conf"
	assert_success
	run modxs --host proftpd -S LIBEXECDIR="$mods" -i mod_new.la
	assert_success
	assert [ -f "$mods/mod_new.so" ]

	# That file with its api_version (after two pointers) rewritten to 0x10:
	# proftpd refuses it, and -i -a installs and edits nothing.
	skip_unless readelf "no readelf (binutils) to rewrite a record"
	local etc="$BATS_TEST_TMPDIR/etc"
	mkdir -p "$etc"
	printf '<IfModule mod_dso.c>\n  ModulePath %s\n</IfModule>\n' "$mods" >"$etc/proftpd.conf"
	cp "$etc/proftpd.conf" conf.before
	cp .libs/mod_new.so mod_re.so
	set_int mod_re.so new_module 16 0x10
	cp mod_re.so .libs/mod_new.so
	run "$PROFTPD" -t -c "$PWD/new.conf"
	assert_failure
	assert_output --partial "has wrong API version (0x10)"
	run modxs --host proftpd -S LIBEXECDIR="$mods/re" -S SYSCONFDIR="$etc" -S TARGET=proftpd \
		--no-config-test -i -a mod_re.so
	assert_failure 4
	assert_line "modxs: error: 'mod_re.so': module 'new' was built for ProFTPD module API 0x10, this server needs at least $api"
	assert [ ! -e "$mods/re" ]
	cmp conf.before "$etc/proftpd.conf"
}

@test "proftpd: every module Debian ships passes the stamp check at -i" {
	need_proftpd
	local f n=0
	for f in /usr/lib/proftpd/mod_*.so; do
		[ -f "$f" ] || continue
		run modxs --host proftpd --dry-run -S LIBEXECDIR="$BATS_TEST_TMPDIR/mods" -i "$f"
		assert_success
		n=$((n + 1))
	done
	[ "$n" -gt 0 ] || skip "no ProFTPD modules in /usr/lib/proftpd"
}
