#!/usr/bin/env bats
# Bad input through the personas: a clear error, a non-zero exit, nothing
# installed.

load ../helper

setup_more() {
	APXS="$MODXS_BUILD_DIR/libexec/modxs/apxs"
	PRXS="$MODXS_BUILD_DIR/libexec/modxs/prxs"
}

need_host() {
	[ -f "$MODXS_BUILD_DIR/share/modxs/hosts/$1.json" ] ||
		skip "the $1 host is not recorded (apt-get install $1-dev, then reconfigure)"
}

@test "a ProFTPD module built with the apxs persona fails with the compiler's message and installs nothing" {
	need_host apache
	cat >mod_ftpish.c <<'SRC'
#include "conf.h"
module ftpish_module = { NULL, NULL, 0x20, "ftpish" };
SRC
	mkdir mods
	run "$APXS" -c -i -S LIBEXECDIR="$PWD/mods" mod_ftpish.c
	assert_failure
	[ "$status" -ne 0 ]
	assert_output --partial "conf.h"
	assert_output --partial "apxs: error:"
	run ls -A mods
	assert_output ""
}

@test "an Apache module built with the prxs persona fails with the compiler's message and installs nothing" {
	need_host proftpd
	cat >mod_webish.c <<'SRC'
#include "httpd.h"
#include "http_config.h"
module AP_MODULE_DECLARE_DATA webish_module = { STANDARD20_MODULE_STUFF };
SRC
	DESTDIR="$PWD/dest" run "$PRXS" -c -i mod_webish.c
	assert_failure
	assert_output --partial "httpd.h"
	assert [ ! -e dest ] || [ -z "$(find dest -type f)" ]
}

@test "-n with a path or shell characters is an error, for every persona" {
	for name in ../evil 'a;b' 'x y' '$(id)' 'a/b' ''; do
		# apxs reads -n only for the LoadModule line of -a and -A.
		run "$APXS" -i -a -n "$name" mod_x.so
		assert_failure 1
		assert_output --partial "invalid module name"
		run "$PRXS" -c -n "$name" mod_x.c
		assert_failure 1
		run modxs -g -n "$name"
		assert_failure 1
	done
}
