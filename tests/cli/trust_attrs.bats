#!/usr/bin/env bats
# An edited config is a new file renamed into place; it must keep what the
# administrator set on the old one: owner, group, every mode bit (setgid
# included) and extended attributes (SELinux labels, ACLs and user
# attributes all live there).

bats_require_minimum_version 1.5.0
load ../helper
load install_lib
load trust_lib

setup_more() {
	trust_setup
}

# setxattr FILE NAME VALUE: set an extended attribute, or skip visibly where
# the file system refuses user attributes.
setxattr() {
	skip_unless python3 "python3 is needed to set extended attributes"
	python3 -c 'import os, sys; os.setxattr(sys.argv[1], sys.argv[2], sys.argv[3].encode())' "$@" ||
		skip "the file system here refuses user extended attributes"
}

# getxattr FILE NAME: the attribute's value, or "(none)".
getxattr() {
	python3 -c '
import os, sys
try:
    print(os.getxattr(sys.argv[1], sys.argv[2]).decode())
except OSError:
    print("(none)")' "$@"
}

@test "-e -a keeps the config's owner, group and mode, setgid included" {
	for mode in 2640 2750 0604; do
		printf 'Listen 80\n' >"$CONF"
		chown nobody:nogroup "$CONF"
		chmod "$mode" "$CONF"
		run modxs "${S[@]}" --no-config-test -e -a -n "m$mode" mod_hello.so
		assert_success
		grep -q "^LoadModule m${mode}_module " "$CONF"
		assert_equal "$(stat -c %U:%G:%a "$CONF")" "nobody:nogroup:${mode#0}"
	done
}

@test "-e -a keeps the config's extended attributes" {
	setxattr "$CONF" user.modxs_test kept
	run modxs "${S[@]}" --no-config-test -e -a mod_hello.so
	assert_success
	grep -q '^LoadModule hello_module ' "$CONF"
	assert_equal "$(getxattr "$CONF" user.modxs_test)" kept
}

@test "--deactivate and a Debian .load edit keep extended attributes too" {
	modxs "${S[@]}" --no-config-test --quiet -e -a mod_hello.so
	setxattr "$CONF" user.modxs_test kept
	run modxs "${S[@]}" --no-config-test --deactivate hello
	assert_success
	grep -q '^#LoadModule hello_module ' "$CONF"
	assert_equal "$(getxattr "$CONF" user.modxs_test)" kept

	mkdir -p "$ETC/mods-available" "$ETC/mods-enabled"
	printf 'LoadModule hello_module /old/mod_hello.so\n' >"$ETC/mods-available/hello.load"
	setxattr "$ETC/mods-available/hello.load" user.modxs_test load
	chmod 0640 "$ETC/mods-available/hello.load"
	run modxs "${S[@]}" --no-config-test --layout debian -e -a mod_hello.so
	assert_success
	assert_equal "$(cat "$ETC/mods-available/hello.load")" "LoadModule hello_module $MODS/mod_hello.so"
	assert_equal "$(getxattr "$ETC/mods-available/hello.load" user.modxs_test)" load
	assert_equal "$(stat -c %a "$ETC/mods-available/hello.load")" 640
}

@test "a config reached through a symlink keeps its target's owner, mode and attributes" {
	mv "$CONF" real.conf
	ln -s ../real.conf "$CONF"
	chown nobody:nogroup real.conf
	chmod 2640 real.conf
	setxattr real.conf user.modxs_test kept
	run modxs "${S[@]}" --no-config-test -e -a mod_hello.so
	assert_success
	[ -L "$CONF" ]
	grep -q '^LoadModule hello_module ' real.conf
	assert_equal "$(stat -c %U:%G:%a real.conf)" "nobody:nogroup:2640"
	assert_equal "$(getxattr real.conf user.modxs_test)" kept
}
