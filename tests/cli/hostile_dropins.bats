#!/usr/bin/env bats
# Drop-in layouts as administrators and tools leave them: a module enabled
# by an absolute link, by a copy, or by another file altogether. Apache
# loads every one of them, so --deactivate and --uninstall must count each
# as enabled: remove what is the module's own, refuse (changing nothing)
# what is not, and never say "already disabled" while Apache still loads it.

load ../helper
load install_lib

# Edits of scratch configs whose modules do not exist: no config test.
edit() { modxs "${S[@]}" --no-config-test "$@"; }

# debian_installed: hello installed and enabled in a Debian layout.
debian_installed() {
	mkdir -p "$ETC/mods-available" "$ETC/mods-enabled"
	mkmod hello
	edit --layout debian -i -a mod_hello.so
	[ -L "$ETC/mods-enabled/hello.load" ]
}

# gone PATH: nothing at all is at PATH, not even a dangling link.
gone() {
	[ ! -e "$1" ] && [ ! -L "$1" ] || fail "'$1' is still there"
}

@test "debian: --deactivate removes an absolute link in mods-enabled" {
	debian_installed
	ln -sfn "$ETC/mods-available/hello.load" "$ETC/mods-enabled/hello.load"
	run edit --deactivate hello
	assert_success
	refute_output --partial "already disabled"
	gone "$ETC/mods-enabled/hello.load"
	[ -f "$ETC/mods-available/hello.load" ]
}

@test "debian: --deactivate removes a copy in mods-enabled, keeping it as .bak" {
	debian_installed
	rm "$ETC/mods-enabled/hello.load"
	cp "$ETC/mods-available/hello.load" "$ETC/mods-enabled/hello.load"
	run edit --deactivate hello
	assert_success
	refute_output --partial "already disabled"
	gone "$ETC/mods-enabled/hello.load"
	cmp "$ETC/mods-available/hello.load" "$ETC/mods-enabled/hello.load.bak"
}

@test "debian: --deactivate removes an absolute .conf link with the .load" {
	debian_installed
	touch "$ETC/mods-available/hello.conf"
	ln -sfn "$ETC/mods-available/hello.conf" "$ETC/mods-enabled/hello.conf"
	run edit --deactivate hello
	assert_success
	gone "$ETC/mods-enabled/hello.load"
	gone "$ETC/mods-enabled/hello.conf"
}

@test "debian: a module enabled only by a copy, with no mods-available file, is deactivated" {
	mkdir -p "$ETC/mods-available" "$ETC/mods-enabled"
	printf 'LoadModule hello_module /m/mod_hello.so\n' >"$ETC/mods-enabled/hello.load"
	run edit --layout debian --deactivate hello
	assert_success
	gone "$ETC/mods-enabled/hello.load"
}

@test "debian: --deactivate of a module nothing enables says so" {
	debian_installed
	edit --deactivate hello
	run edit --deactivate hello
	assert_success
	assert_output "'hello' is already disabled"
}

@test "debian: --uninstall leaves no dangling absolute link" {
	debian_installed
	ln -sfn "$ETC/mods-available/hello.load" "$ETC/mods-enabled/hello.load"
	run edit --uninstall hello
	assert_success
	gone "$ETC/mods-enabled/hello.load"
	gone "$ETC/mods-available/hello.load"
	gone "$MODS/mod_hello.so"
}

@test "debian: --uninstall removes a copy in mods-enabled too" {
	debian_installed
	rm "$ETC/mods-enabled/hello.load"
	cp "$ETC/mods-available/hello.load" "$ETC/mods-enabled/hello.load"
	run edit --uninstall hello
	assert_success
	gone "$ETC/mods-enabled/hello.load"
	gone "$MODS/mod_hello.so"
}

@test "debian: --dry-run --deactivate shows the absolute link it would remove" {
	debian_installed
	ln -sfn "$ETC/mods-available/hello.load" "$ETC/mods-enabled/hello.load"
	run edit --dry-run --deactivate hello
	assert_success
	assert_output "unlink '$ETC/mods-enabled/hello.load'"
	[ -L "$ETC/mods-enabled/hello.load" ]
}

@test "debian: another enabled file that loads the module is refused, and nothing changes" {
	debian_installed
	printf 'LoadModule hello_module %s/mod_hello.so\n' "$MODS" >"$ETC/mods-enabled/zz-local.load"
	run edit --deactivate hello
	assert_failure 7
	assert_output "modxs: error: '$ETC/mods-enabled/zz-local.load': line 1: still loads 'hello_module'; changed nothing (disable it there by hand)"
	[ -L "$ETC/mods-enabled/hello.load" ]
	run edit --uninstall hello
	assert_failure 7
	[ -L "$ETC/mods-enabled/hello.load" ] && [ -f "$ETC/mods-available/hello.load" ]
	[ -f "$MODS/mod_hello.so" ]
	no_leftovers "$ETC"
}

@test "fedora: another drop-in that loads the module is refused, and nothing changes" {
	mkdir -p "$ETC/conf.modules.d"
	mkmod hello
	edit --layout fedora -i -a mod_hello.so
	printf 'LoadModule hello_module %s/mod_hello.so\n' "$MODS" >"$ETC/conf.modules.d/00-extra.conf"
	run edit --layout fedora --deactivate hello
	assert_failure 7
	assert_output "modxs: error: '$ETC/conf.modules.d/00-extra.conf': line 1: still loads 'hello_module'; changed nothing (disable it there by hand)"
	assert_equal "$(cat "$ETC/conf.modules.d/10-hello.conf")" "LoadModule hello_module $MODS/mod_hello.so"
	run edit --layout fedora --uninstall hello
	assert_failure 7
	[ -f "$ETC/conf.modules.d/10-hello.conf" ] && [ -f "$MODS/mod_hello.so" ]
}

@test "fedora: a module only another drop-in loads is named, not called missing" {
	mkdir -p "$ETC/conf.modules.d"
	printf 'LoadModule a_module /m/a.so\nLoadModule hello_module /m/mod_hello.so\n' \
		>"$ETC/conf.modules.d/00-base.conf"
	run edit --layout fedora --deactivate hello
	assert_failure 7
	assert_output "modxs: error: '$ETC/conf.modules.d/00-base.conf': line 2: still loads 'hello_module'; changed nothing (disable it there by hand)"
}
