#!/usr/bin/env bats
# Install receipts decide what --uninstall deletes, so they must live where
# only the installing user can write: a state dir ($MODXS_STATEDIR; else,
# for root, LOCALSTATEDIR/lib/modxs, and for others $XDG_STATE_HOME/modxs or
# ~/.local/state/modxs), in receipts/KEY/NAME.json with KEY naming the
# modules dir. A state dir others can write, and a receipt that is a link or
# not a regular file, are refused (exit 5), the link's target untouched.

bats_require_minimum_version 1.5.0
load ../helper
load install_lib
load trust_lib

setup_more() {
	trust_setup
}

# as_before: the module is not installed and the config is as it was.
as_before() {
	[ ! -e "$MODS/mod_hello.so" ]
	assert_equal "$(cat "$CONF")" "Listen 80"
}

@test "-i -a writes the receipt in the state dir, under receipts/KEY/, not beside the modules dir" {
	run modxs "${S[@]}" --no-config-test -i -a mod_hello.so
	assert_success
	receipt=$(receipt_of hello)
	assert_equal "$(dirname "$(dirname "$receipt")")" "$MODXS_STATEDIR/receipts"
	grep -q "\"$MODS/mod_hello.so\"" "$receipt"
	[ ! -e "$BATS_TEST_TMPDIR/modxs-receipts" ]
	# Only the installing user can write there.
	for d in "$MODXS_STATEDIR" "$MODXS_STATEDIR/receipts"; do
		assert_equal "$(stat -c %U "$d")" root
		[ $((0$(stat -c %a "$d") & 022)) -eq 0 ] || fail "'$d' is writable by group or others"
	done
	run modxs "${S[@]}" --no-config-test --uninstall hello
	assert_success
	no_receipt hello
	[ ! -e "$MODS/mod_hello.so" ]
}

@test "two modules dirs side by side keep separate receipts, and each uninstalls on its own" {
	M1=$BATS_TEST_TMPDIR/m1 M2=$BATS_TEST_TMPDIR/m2
	modxs -S "SYSCONFDIR=$ETC" -S "LIBEXECDIR=$M1" --no-config-test --quiet -i mod_hello.so
	modxs -S "SYSCONFDIR=$ETC" -S "LIBEXECDIR=$M2" --no-config-test --quiet -i v2/mod_hello.so
	run receipts_under "$MODXS_STATEDIR/receipts" hello
	assert_equal "${#lines[@]}" 2
	assert_not_equal "$(dirname "${lines[0]}")" "$(dirname "${lines[1]}")"
	run modxs -S "SYSCONFDIR=$ETC" -S "LIBEXECDIR=$M1" --no-config-test --uninstall hello
	assert_success
	[ ! -e "$M1/mod_hello.so" ]
	cmp v2/mod_hello.so "$M2/mod_hello.so"
	run modxs -S "SYSCONFDIR=$ETC" -S "LIBEXECDIR=$M2" --no-config-test --uninstall hello
	assert_success
	[ ! -e "$M2/mod_hello.so" ]
	no_receipt hello
}

@test "under DESTDIR --receipt stages the receipt at DESTDIR plus the state dir, and nothing goes to the state dir itself" {
	DESTDIR=$PWD/stage run modxs "${S[@]}" --receipt -i mod_hello.so
	assert_success
	run receipts_under "stage$MODXS_STATEDIR/receipts" hello
	assert_equal "${#lines[@]}" 1
	grep -q "\"$MODS/mod_hello.so\"" "${lines[0]}"
	no_receipt hello
}

@test "a state dir writable by its group or by others is refused (exit 5), naming it" {
	for mode in 0775 0757 0777; do
		mkdir -p "$MODXS_STATEDIR"
		chmod "$mode" "$MODXS_STATEDIR"
		run modxs "${S[@]}" --no-config-test -i -a mod_hello.so
		assert_failure 5
		one_error "$MODXS_STATEDIR"
		as_before
		no_receipt hello
	done
}

@test "a state dir owned by another user is refused (exit 5), naming it" {
	mkdir -m 0755 "$MODXS_STATEDIR"
	chown nobody:nogroup "$MODXS_STATEDIR"
	run modxs "${S[@]}" --no-config-test -i -a mod_hello.so
	assert_failure 5
	one_error "$MODXS_STATEDIR"
	as_before
}

@test "a receipts dir writable by others or owned by another user is refused (exit 5), naming it" {
	modxs "${S[@]}" --no-config-test --quiet -i mod_hello.so
	dir=$MODXS_STATEDIR/receipts
	[ -d "$dir" ]
	chmod 0777 "$dir"
	run modxs "${S[@]}" --no-config-test -i v2/mod_hello.so
	assert_failure 5
	one_error "$dir"
	cmp mod_hello.so "$MODS/mod_hello.so"
	chmod 0755 "$dir"
	chown nobody:nogroup "$dir"
	run modxs "${S[@]}" --no-config-test --uninstall hello
	assert_failure 5
	one_error "$dir"
	cmp mod_hello.so "$MODS/mod_hello.so"
}

@test "a receipt that is a symlink to another file: -i, --deactivate and --uninstall refuse it, the target untouched" {
	modxs "${S[@]}" --no-config-test --quiet -i -a mod_hello.so
	receipt=$(receipt_of hello)
	cp "$CONF" conf.before
	# The target reads as JSON, so only refusing the link can save it.
	echo '{"keep": true}' >target.json
	chmod 600 target.json
	rm "$receipt"
	ln -s "$BATS_TEST_TMPDIR/target.json" "$receipt"
	for args in "-i -a v2/mod_hello.so" "--deactivate hello" "--uninstall hello"; do
		# shellcheck disable=SC2086
		run modxs "${S[@]}" --no-config-test $args
		assert_failure 5
		assert_equal "$(cat target.json)" '{"keep": true}'
		assert_equal "$(stat -c %U:%a target.json)" "root:600"
		[ -L "$receipt" ]
		cmp mod_hello.so "$MODS/mod_hello.so"
		cmp conf.before "$CONF"
	done
}

@test "a receipt that is a dangling symlink: -i refuses it (exit 5), and its target is not created" {
	modxs "${S[@]}" --no-config-test --quiet -i -a mod_hello.so
	receipt=$(receipt_of hello)
	rm "$receipt"
	ln -s "$BATS_TEST_TMPDIR/planted.json" "$receipt"
	run modxs "${S[@]}" --no-config-test -i -a v2/mod_hello.so
	assert_failure 5
	[ ! -e "$BATS_TEST_TMPDIR/planted.json" ]
	cmp mod_hello.so "$MODS/mod_hello.so"
}

@test "a receipt that is a FIFO or a directory is refused at once (exit 5)" {
	modxs "${S[@]}" --no-config-test --quiet -i -a mod_hello.so
	receipt=$(receipt_of hello)
	rm "$receipt"
	mkfifo "$receipt"
	run timeout 20 "$MODXS" "${S[@]}" --no-config-test --uninstall hello
	[ "$status" -ne 124 ] || fail "modxs still ran after 20 seconds (blocked opening a FIFO?)"
	assert_failure 5
	[ -p "$receipt" ]
	[ -f "$MODS/mod_hello.so" ]
	rm "$receipt"
	mkdir "$receipt"
	run modxs "${S[@]}" --no-config-test -i -a v2/mod_hello.so
	assert_failure 5
	[ -d "$receipt" ]
	cmp mod_hello.so "$MODS/mod_hello.so"
}

@test "the journal of a running transaction is in the state dir's journal/, and gone when it ends" {
	needs_failpoints
	modxs "${S[@]}" --no-config-test --quiet -i -a mod_hello.so
	MODXS_FAILPOINT=pause:2 start out "${S[@]}" --no-config-test -i -a v2/mod_hello.so
	wait_paused "$PID" || fail "the run ended before its second file commit"
	journal=$(find "$MODXS_STATEDIR/journal" -type f 2>/dev/null || true)
	kill -TERM "$PID"
	finish
	[ -n "$journal" ] || fail "no journal in '$MODXS_STATEDIR/journal' while the run was in progress"
	assert_equal "$(find "$MODXS_STATEDIR/journal" -type f)" ""
	# A run that ends well leaves no journal either.
	run modxs "${S[@]}" --no-config-test -i -a v2/mod_hello.so
	assert_success
	assert_equal "$(find "$MODXS_STATEDIR/journal" -type f)" ""
}

@test "without MODXS_STATEDIR, a user's receipts go to \$XDG_STATE_HOME/modxs, else ~/.local/state/modxs" {
	nobody_dir
	mkdir "$NB/xdg" "$NB/home" "$NB/etc"
	cp mod_hello.so "$NB/"
	printf 'Listen 80\n' >"$NB/etc/modxs-demo.conf"
	chown -R nobody:nogroup "$NB"
	cd "$NB"
	args=(-S "SYSCONFDIR=$NB/etc" -S "LIBEXECDIR=$NB/mods" --no-config-test)
	run as_nobody env -u MODXS_STATEDIR HOME="$NB/home" XDG_STATE_HOME="$NB/xdg" \
		"$MODXS" "${args[@]}" -i -a mod_hello.so
	assert_success
	run receipts_under "$NB/xdg/modxs/receipts" hello -user nobody
	assert_equal "${#lines[@]}" 1
	run as_nobody env -u MODXS_STATEDIR HOME="$NB/home" XDG_STATE_HOME="$NB/xdg" \
		"$MODXS" "${args[@]}" --uninstall hello
	assert_success
	[ ! -e "$NB/mods/mod_hello.so" ]

	run as_nobody env -u MODXS_STATEDIR -u XDG_STATE_HOME HOME="$NB/home" \
		"$MODXS" "${args[@]}" -i -a mod_hello.so
	assert_success
	run receipts_under "$NB/home/.local/state/modxs/receipts" hello -user nobody
	assert_equal "${#lines[@]}" 1
}
