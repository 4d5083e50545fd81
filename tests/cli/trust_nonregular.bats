#!/usr/bin/env bats
# Files that are not regular files where modxs expects one: a config that is
# (or links to) a device or a FIFO, an installed module path that is a FIFO,
# a device or a directory. modxs must not read a device or hang on a FIFO,
# and must not replace either: it refuses, naming the file.

bats_require_minimum_version 1.5.0
load ../helper
load install_lib
load trust_lib

setup_more() {
	trust_setup
	mkdir -p dev
	mknod dev/null c 1 3 2>/dev/null || DEVNULL_SKIP="cannot make a device node here (mknod)"
}

# a_device PATH: PATH is the character device 1,3 (a null device) made by setup.
a_device() {
	[ -z "${DEVNULL_SKIP:-}" ] || skip "$DEVNULL_SKIP"
	mv dev/null "$1"
}

# still_device PATH: PATH is still that device, not replaced by a file.
still_device() {
	assert_equal "$(stat -c '%F %t,%T' "$1")" "character special file 1,3"
}

# prompt: the last `run timeout 20 ...` ended by itself, not by the timeout.
prompt() {
	[ "$status" -ne 124 ] || fail "modxs still ran after 20 seconds (blocked opening a FIFO?)"
}

@test "a config that is a character device: -e -a is refused (exit 7), the device stays a device" {
	rm "$CONF"
	a_device "$CONF"
	run modxs "${S[@]}" --no-config-test -e -a mod_hello.so
	assert_failure 7
	one_error "$CONF"
	still_device "$CONF"
	[ ! -e "$CONF.bak" ]
	no_leftovers "$ETC"
}

@test "a config that links to a character device: -i -a is refused (exit 7), and nothing is installed" {
	rm "$CONF"
	a_device "$BATS_TEST_TMPDIR/dev/cdev"
	ln -s ../dev/cdev "$CONF"
	run modxs "${S[@]}" --no-config-test -i -a mod_hello.so
	assert_failure 7
	one_error_naming_any "$CONF" "$BATS_TEST_TMPDIR/dev/cdev"
	still_device dev/cdev
	[ -L "$CONF" ]
	[ ! -e "$MODS/mod_hello.so" ]
	no_receipt hello
	no_leftovers "$BATS_TEST_TMPDIR/dev"
}

@test "a config that is a FIFO: -e -a returns at once with exit 7, the FIFO left as it is" {
	rm "$CONF"
	mkfifo "$CONF"
	run timeout 20 "$MODXS" "${S[@]}" --no-config-test -e -a mod_hello.so
	prompt
	assert_failure 7
	one_error "$CONF"
	[ -p "$CONF" ]
	[ ! -e "$CONF.bak" ]
	no_leftovers "$ETC"
}

@test "a config that links to a FIFO: -i -a returns at once with exit 7, and nothing is installed" {
	rm "$CONF"
	mkfifo fifo
	ln -s ../fifo "$CONF"
	run timeout 20 "$MODXS" "${S[@]}" --no-config-test -i -a mod_hello.so
	prompt
	assert_failure 7
	one_error_naming_any "$CONF" "$BATS_TEST_TMPDIR/fifo"
	[ -p fifo ] && [ -L "$CONF" ]
	[ ! -e "$MODS/mod_hello.so" ]
	no_receipt hello
}

@test "--list on a FIFO config returns at once with exit 7" {
	rm "$CONF"
	mkfifo "$CONF"
	run timeout 20 "$MODXS" "${S[@]}" --list
	prompt
	assert_failure 7
	one_error "$CONF"
}

@test "--list on a Debian layout whose .load is a FIFO returns at once with exit 7" {
	mkdir -p "$ETC/mods-available" "$ETC/mods-enabled"
	mkfifo "$ETC/mods-available/evil.load"
	run timeout 20 "$MODXS" "${S[@]}" --layout debian --list
	prompt
	assert_failure 7
	one_error "$ETC/mods-available/evil.load"
}

@test "a Debian .load that is a FIFO: -e -a returns at once with exit 7" {
	mkdir -p "$ETC/mods-available" "$ETC/mods-enabled"
	mkfifo "$ETC/mods-available/hello.load"
	run timeout 20 "$MODXS" "${S[@]}" --no-config-test --layout debian -e -a mod_hello.so
	prompt
	assert_failure 7
	one_error "$ETC/mods-available/hello.load"
	[ -p "$ETC/mods-available/hello.load" ]
	[ ! -e "$ETC/mods-enabled/hello.load" ]
}

@test "an installed module path that is a FIFO: -i is refused (exit 5), the FIFO left as it is" {
	mkdir -p "$MODS"
	mkfifo "$MODS/mod_hello.so"
	run timeout 20 "$MODXS" "${S[@]}" --no-config-test -i -a mod_hello.so
	prompt
	assert_failure 5
	one_error "$MODS/mod_hello.so"
	[ -p "$MODS/mod_hello.so" ]
	assert_equal "$(cat "$CONF")" "Listen 80"
	no_receipt hello
	no_leftovers "$MODS"
}

@test "an installed module path that is a device: -i is refused (exit 5), the device left as it is" {
	mkdir -p "$MODS"
	a_device "$MODS/mod_hello.so"
	run modxs "${S[@]}" --no-config-test -i -a mod_hello.so
	assert_failure 5
	one_error "$MODS/mod_hello.so"
	still_device "$MODS/mod_hello.so"
	assert_equal "$(cat "$CONF")" "Listen 80"
	no_receipt hello
	no_leftovers "$MODS"
}

@test "an installed module path that is a directory: -i is refused (exit 5), the directory left as it is" {
	mkdir -p "$MODS/mod_hello.so"
	touch "$MODS/mod_hello.so/keep"
	run modxs "${S[@]}" --no-config-test -i -a mod_hello.so
	assert_failure 5
	one_error "$MODS/mod_hello.so"
	[ -f "$MODS/mod_hello.so/keep" ]
	assert_equal "$(cat "$CONF")" "Listen 80"
	no_receipt hello
}
