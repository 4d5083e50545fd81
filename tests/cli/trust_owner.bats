#!/usr/bin/env bats
# Who owns an installed module: the server loads it as root, so after -i it
# belongs to the user who ran modxs, mode 0644, whatever file it replaced.
# A module left there by another user, setuid and world-writable, must not
# hand its owner and mode on to the new module.

bats_require_minimum_version 1.5.0
load ../helper
load install_lib
load trust_lib

setup_more() {
	trust_setup
}

@test "-i over a module owned by nobody, mode 4777: the new module is root:root, mode 644" {
	modxs "${S[@]}" --quiet -i mod_hello.so
	chown nobody:nogroup "$MODS/mod_hello.so"
	chmod 4777 "$MODS/mod_hello.so"
	run modxs "${S[@]}" -i v2/mod_hello.so
	assert_success
	assert_equal "$(stat -c %U:%G:%a "$MODS/mod_hello.so")" "root:root:644"
	cmp v2/mod_hello.so "$MODS/mod_hello.so"
}

@test "-i -a over a module owned by another group, mode 2775: the new module is root:root, mode 644" {
	modxs "${S[@]}" --no-config-test --quiet -i -a mod_hello.so
	chown root:nogroup "$MODS/mod_hello.so"
	chmod 2775 "$MODS/mod_hello.so"
	run modxs "${S[@]}" --no-config-test -i -a v2/mod_hello.so
	assert_success
	assert_equal "$(stat -c %U:%G:%a "$MODS/mod_hello.so")" "root:root:644"
}

@test "-i over a module that is a link to a nobody-owned file in the modules dir: that file becomes root:root, 644" {
	modxs "${S[@]}" --quiet -i mod_hello.so
	mv "$MODS/mod_hello.so" "$MODS/mod_hello-1.0.so"
	ln -s mod_hello-1.0.so "$MODS/mod_hello.so"
	chown nobody:nogroup "$MODS/mod_hello-1.0.so"
	chmod 4777 "$MODS/mod_hello-1.0.so"
	run modxs "${S[@]}" -i v2/mod_hello.so
	assert_success
	cmp v2/mod_hello.so "$MODS/mod_hello-1.0.so"
	assert_equal "$(stat -c %U:%G:%a "$MODS/mod_hello-1.0.so")" "root:root:644"
}

@test "a first -i under umask 077 still installs the module mode 644" {
	run sh -c 'umask 077 && exec "$0" "$@"' "$MODXS" "${S[@]}" -i mod_hello.so
	assert_success
	assert_equal "$(stat -c %U:%G:%a "$MODS/mod_hello.so")" "root:root:644"
}

@test "nobody installing over a root-owned module in a dir nobody owns gets a module nobody:nogroup, 644" {
	nobody_dir
	mkdir "$NB/mods" "$NB/src"
	cp mod_hello.so "$NB/mods/mod_hello.so"
	cp v2/mod_hello.so "$NB/src/mod_hello.so"
	chown nobody:nogroup "$NB/mods" "$NB/src/mod_hello.so"
	chmod 4755 "$NB/mods/mod_hello.so"
	run as_nobody env MODXS_STATEDIR="$NB/state" "$MODXS" -S "LIBEXECDIR=$NB/mods" -i "$NB/src/mod_hello.so"
	assert_success
	cmp v2/mod_hello.so "$NB/mods/mod_hello.so"
	assert_equal "$(stat -c %U:%G:%a "$NB/mods/mod_hello.so")" "nobody:nogroup:644"
}
