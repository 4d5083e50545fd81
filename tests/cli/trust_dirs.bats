#!/usr/bin/env bats
# Directories others can write to: anyone who can write the config dir can
# swap the config between modxs's read and its rename, or plant names in
# it. A config dir writable by group or others and not sticky is refused
# (exit 7) unless --force. A modules dir reached through a symlink is refused
# (exit 5) unless --force, however LIBEXECDIR spells it.

bats_require_minimum_version 1.5.0
load ../helper
load install_lib
load trust_lib

setup_more() {
	trust_setup
}

@test "a group-writable config dir is refused (exit 7), naming it; --force allows it" {
	chmod 0775 "$ETC"
	run modxs "${S[@]}" --no-config-test -i -a mod_hello.so
	assert_failure 7
	one_error "$ETC"
	assert_equal "$(cat "$CONF")" "Listen 80"
	[ ! -e "$MODS/mod_hello.so" ]
	no_receipt hello
	run modxs "${S[@]}" --no-config-test --force -i -a mod_hello.so
	assert_success
	grep -q '^LoadModule hello_module ' "$CONF"
}

@test "a config dir writable by others is refused (exit 7) for -e -a, --deactivate and --uninstall" {
	modxs "${S[@]}" --no-config-test --quiet -i -a mod_hello.so
	cp "$CONF" conf.before
	chmod 0777 "$ETC"
	for args in "-e -a -n other mod_hello.so" "--deactivate hello" "--uninstall hello"; do
		# shellcheck disable=SC2086
		run modxs "${S[@]}" --no-config-test $args
		assert_failure 7
		one_error "$ETC"
		cmp conf.before "$CONF"
		[ -f "$MODS/mod_hello.so" ]
	done
}

@test "a config dir writable by others with the sticky bit (like /tmp) is accepted" {
	chmod 1777 "$ETC"
	run modxs "${S[@]}" --no-config-test -e -a mod_hello.so
	assert_success
	grep -q '^LoadModule hello_module ' "$CONF"
}

@test "a config dir writable only by its owner, the invoking user, is accepted" {
	chmod 0700 "$ETC"
	run modxs "${S[@]}" --no-config-test -e -a mod_hello.so
	assert_success
	grep -q '^LoadModule hello_module ' "$CONF"
}

@test "Debian layout: a group-writable mods-available or mods-enabled is refused (exit 7), naming it" {
	mkdir -p "$ETC/mods-available" "$ETC/mods-enabled"
	for sub in mods-available mods-enabled; do
		chmod 0775 "$ETC/$sub"
		run modxs "${S[@]}" --no-config-test --layout debian -i -a mod_hello.so
		assert_failure 7
		one_error "$ETC/$sub"
		[ ! -e "$ETC/mods-available/hello.load" ]
		[ ! -L "$ETC/mods-enabled/hello.load" ]
		[ ! -e "$MODS/mod_hello.so" ]
		chmod 0755 "$ETC/$sub"
	done
}

@test "Fedora layout: a conf.modules.d writable by others is refused (exit 7), naming it" {
	mkdir "$ETC/conf.modules.d"
	chmod 0777 "$ETC/conf.modules.d"
	run modxs "${S[@]}" --no-config-test --layout fedora -e -a mod_hello.so
	assert_failure 7
	one_error "$ETC/conf.modules.d"
	[ -z "$(ls -A "$ETC/conf.modules.d")" ]
}

@test "LIBEXECDIR=.../mods/. where mods is a symlink elsewhere is refused (exit 5); --force allows it" {
	mkdir elsewhere
	ln -s elsewhere "$MODS"
	for dir in "$MODS/." "$MODS/./" "$MODS//" "$MODS/"; do
		run modxs -S "SYSCONFDIR=$ETC" -S "LIBEXECDIR=$dir" --no-config-test -i -a mod_hello.so
		assert_failure 5
		error_line
		[[ $ERROR == *"symlink"* ]] || fail "the error does not say it is a symlink: $ERROR"
		[ -z "$(ls -A elsewhere)" ] || fail "'$dir' let modxs write into elsewhere/"
		assert_equal "$(cat "$CONF")" "Listen 80"
	done
	run modxs -S "SYSCONFDIR=$ETC" -S "LIBEXECDIR=$MODS/." --no-config-test --force -i -a mod_hello.so
	assert_success
	[ -f elsewhere/mod_hello.so ]
}

@test "SYSCONFDIR=.../etc/. where etc is a symlink elsewhere is refused (exit 7); --force allows it" {
	mv "$ETC" etc.real
	ln -s etc.real "$ETC"
	run modxs -S "SYSCONFDIR=$ETC/." -S "LIBEXECDIR=$MODS" --no-config-test -i -a mod_hello.so
	assert_failure 7
	error_line
	[[ $ERROR == *"symlink"* ]] || fail "the error does not say it is a symlink: $ERROR"
	assert_equal "$(cat etc.real/modxs-demo.conf)" "Listen 80"
	[ ! -e "$MODS/mod_hello.so" ]
	run modxs -S "SYSCONFDIR=$ETC/." -S "LIBEXECDIR=$MODS" --no-config-test --force -i -a mod_hello.so
	assert_success
}
