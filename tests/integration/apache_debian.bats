#!/usr/bin/env bats
# Apache httpd, Debian layout: apxs -a activates through mods-available and
# mods-enabled, as a2enmod does, and the real server loads the module.

load ../helper
load servers

teardown() { stop_servers; }

@test "apxs -i -a on a Debian tree writes mods-available/NAME.load, enables it, and the server answers" {
	need_apache
	local etc="$BATS_TEST_TMPDIR/etc/apache2" mods="$BATS_TEST_TMPDIR/modules" port
	port=$(free_port)
	mkdir -p "$etc/mods-available" "$etc/mods-enabled" "$etc/logs" "$mods"
	apache_loads | grep mpm_prefork >"$etc/mods-available/mpm_prefork.load"
	apache_loads | grep authz_core >"$etc/mods-available/authz_core.load"
	ln -s ../mods-available/mpm_prefork.load "$etc/mods-enabled/mpm_prefork.load"
	ln -s ../mods-available/authz_core.load "$etc/mods-enabled/authz_core.load"
	{
		apache_base "$etc" "$port"
		echo "IncludeOptional mods-enabled/*.load"
		echo "IncludeOptional mods-enabled/*.conf"
		apache_location hello
	} >"$etc/apache2.conf"
	cp "$etc/apache2.conf" "$BATS_TEST_TMPDIR/apache2.conf.orig"

	run apxs -g -n hello
	assert_success
	cd hello
	run apxs -c mod_hello.c
	assert_success

	run apxs -i -a -S SYSCONFDIR="$etc" -S LIBEXECDIR="$mods" mod_hello.la
	assert_success
	assert [ -f "$mods/mod_hello.so" ]
	run cat "$etc/mods-available/hello.load"
	assert_output "$(printf 'LoadModule %-18s %s' hello_module "$mods/mod_hello.so")"
	run readlink "$etc/mods-enabled/hello.load"
	assert_output "../mods-available/hello.load"
	# The Debian way leaves apache2.conf alone.
	run cmp "$BATS_TEST_TMPDIR/apache2.conf.orig" "$etc/apache2.conf"
	assert_success

	run "$APACHE2" -t -f "$etc/apache2.conf"
	assert_success
	assert_output --partial "Syntax OK"

	start_apache "$etc/apache2.conf" "$etc" "$port"
	run curl -sS --max-time 10 "http://127.0.0.1:$port/hello"
	assert_success
	assert_output --partial "mod_hello"
}
