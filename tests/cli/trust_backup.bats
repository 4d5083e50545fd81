#!/usr/bin/env bats
# The .bak beside an edited config: always a separate regular file holding
# the version before the last successful edit. An edit the server's config
# test rejects is undone, and must leave the .bak exactly as it was, never a
# hard link to the config (an edit of one would silently change the other).

bats_require_minimum_version 1.5.0
load ../helper
load install_lib
load trust_lib

setup_more() {
	trust_setup
	fake_host
	printf 'Listen 80\n' >"$CONF"
	mkmod good
	mkmod bad
}

# separate: CONF.bak is a regular file of its own, not a link to the config.
separate() {
	[ -f "$CONF.bak" ] && [ ! -L "$CONF.bak" ] || fail "'$CONF.bak' is not a regular file"
	assert_equal "$(stat -c %h "$CONF.bak")" 1
	assert_not_equal "$(stat -c %i "$CONF.bak")" "$(stat -c %i "$CONF")"
}

@test "after a successful edit, .bak is a separate regular file holding the version before" {
	run modxs "${HOST[@]}" -e -a mod_good.so
	assert_success
	separate
	assert_equal "$(cat "$CONF.bak")" "Listen 80"
	cp "$CONF" first
	run modxs "${HOST[@]}" -S "LIBEXECDIR=$BATS_TEST_TMPDIR/new" -e -a mod_good.so
	assert_success
	separate
	cmp first "$CONF.bak"
}

@test "an edit the config test rejects (exit 8) leaves the previous .bak exactly as it was" {
	modxs "${HOST[@]}" --quiet -e -a mod_good.so
	cp "$CONF" conf.before
	cp "$CONF.bak" bak.before
	ino=$(stat -c %i "$CONF.bak")
	run modxs "${HOST[@]}" -e -a mod_bad.so
	assert_failure 8
	cmp conf.before "$CONF"
	cmp bak.before "$CONF.bak"
	assert_equal "$(stat -c %i "$CONF.bak")" "$ino"
	separate
	# Not hard links of each other: appending to the config leaves the .bak alone.
	echo x >>"$CONF"
	cmp bak.before "$CONF.bak"
}

@test "a rejected first edit (exit 8) leaves no .bak where there was none" {
	run modxs "${HOST[@]}" -e -a mod_bad.so
	assert_failure 8
	assert_equal "$(cat "$CONF")" "Listen 80"
	[ ! -e "$CONF.bak" ]
}

@test "a rejected -i -a of a second module (exit 8) leaves the .bak as it was and installs nothing" {
	modxs "${HOST[@]}" --quiet -i -a mod_good.so
	modxs "${HOST[@]}" --quiet -S "LIBEXECDIR=$BATS_TEST_TMPDIR/new" -e -a mod_good.so
	cp "$CONF.bak" bak.before
	ino=$(stat -c %i "$CONF.bak")
	run modxs "${HOST[@]}" -i -a mod_bad.so
	assert_failure 8
	cmp bak.before "$CONF.bak"
	assert_equal "$(stat -c %i "$CONF.bak")" "$ino"
	separate
	[ ! -e "$MODS/mod_bad.so" ]
}

@test "a .bak that is a hard link to the config, as an undone edit used to leave it, is made separate by the next edit" {
	ln "$CONF" "$CONF.bak"
	run modxs "${HOST[@]}" -e -a mod_good.so
	assert_success
	separate
	assert_equal "$(cat "$CONF.bak")" "Listen 80"
}

@test "a .bak that is a symlink to another file is replaced by a regular file, the other file untouched" {
	ln -s "$VICTIM" "$CONF.bak"
	run modxs "${HOST[@]}" -e -a mod_good.so
	assert_success
	separate
	assert_equal "$(cat "$CONF.bak")" "Listen 80"
	victim_intact
}
