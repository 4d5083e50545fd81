#!/usr/bin/env bats
# Apache httpd, single-file layout: a module generated, built, installed and
# activated with the apxs persona loads into a real server and answers.

load ../helper
load servers

teardown() { stop_servers; }

@test "an apxs -g module builds, installs into a scratch ServerRoot, activates in httpd.conf and answers" {
	need_apache
	local root="$BATS_TEST_TMPDIR/root" port
	port=$(free_port)
	mkdir -p "$root/conf" "$root/modules" "$root/logs"
	{
		apache_base "$root" "$port"
		apache_loads
		apache_location hello
	} >"$root/conf/httpd.conf"

	run apxs -g -n hello
	assert_success
	assert [ -f hello/mod_hello.c ]
	cd hello

	run apxs -c mod_hello.c
	assert_success
	assert [ -f mod_hello.la ]
	assert [ -f .libs/mod_hello.so ]

	# As upstream apxs on a non-Debian system: TARGET is httpd, so httpd.conf.
	run apxs -i -a -S TARGET=httpd -S SYSCONFDIR="$root/conf" -S LIBEXECDIR="$root/modules" mod_hello.la
	assert_success
	assert [ -f "$root/modules/mod_hello.so" ]
	run grep -c '^LoadModule hello_module ' "$root/conf/httpd.conf"
	assert_output 1
	run grep '^LoadModule hello_module ' "$root/conf/httpd.conf"
	assert_output "$(printf 'LoadModule %-18s %s' hello_module "$root/modules/mod_hello.so")"

	run "$APACHE2" -t -f "$root/conf/httpd.conf"
	assert_success
	assert_output --partial "Syntax OK"

	start_apache "$root/conf/httpd.conf" "$root" "$port"
	run curl -sS --max-time 10 "http://127.0.0.1:$port/hello"
	assert_success
	assert_output --partial "mod_hello"
}
