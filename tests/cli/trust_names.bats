#!/usr/bin/env bats
# Backup, undo and temp copies under names an attacker can predict: modxs
# used .NAME.modxs-bak-PID, -old-PID and -link-PID, and a pid is easy to
# guess (it is the pid of the `sh` that execs modxs). Whatever is planted at
# those names, a link to a file the attacker wants overwritten or a directory
# to make the run fail, modxs must neither write through it nor fail: its
# copies are made exclusively, under random names.

bats_require_minimum_version 1.5.0
load ../helper
load install_lib
load trust_lib

setup_more() {
	trust_setup
	VICTIM2=$BATS_TEST_TMPDIR/victim2
	echo precious >"$VICTIM2"
	chmod 600 "$VICTIM2"
}

# planted_run HOW ARGS...: run modxs ARGS (with `run`) after planting, for each
# DIR/BASE in $PLANT, the old names DIR/.BASE.modxs-bak-PID, -old-PID and
# -link-PID, PID being the one modxs will have. HOW is "link" (symlinks to
# $VICTIM and $VICTIM2) or "dir" (directories holding a file 'keep').
planted_run() {
	local how=$1
	shift
	run env PLANT="$PLANT" HOW="$how" V="$VICTIM" V2="$VICTIM2" sh -c '
		for f in $PLANT; do
			d=${f%/*} b=${f##*/}
			for kind in bak old link; do
				name="$d/.$b.modxs-$kind-$$"
				if [ "$HOW" = link ]; then
					if [ "$kind" = bak ]; then ln -s "$V" "$name"; else ln -s "$V2" "$name"; fi
				else
					mkdir "$name" && touch "$name/keep"
				fi || exit 99
			done
		done
		exec "$0" "$@"' "$MODXS" "$@"
	[ "$status" -ne 99 ] || fail "could not plant the names"
}

# planted_dirs_kept: every directory planted by planted_run dir is still there, with its file.
planted_dirs_kept() {
	local n
	n=$(find "$@" -path '*.modxs-*-[0-9]*/keep' | wc -l)
	[ "$n" -gt 0 ] || fail "the planted directories are gone"
}

@test "links planted at the old names for the config and the module: an -i -a upgrade writes through none" {
	modxs "${S[@]}" --no-config-test --quiet -i -a mod_hello.so
	PLANT="$CONF $MODS/mod_hello.so"
	planted_run link "${S[@]}" --no-config-test -i -a v2/mod_hello.so
	assert_success
	victim_intact "$VICTIM"
	victim_intact "$VICTIM2"
	cmp v2/mod_hello.so "$MODS/mod_hello.so"
	grep -q '^LoadModule hello_module ' "$CONF"
}

@test "links planted at the old names: -e -a with a new path and --uninstall write through none" {
	modxs "${S[@]}" --no-config-test --quiet -i -a mod_hello.so
	PLANT="$CONF $MODS/mod_hello.so"
	planted_run link "${S[@]}" -S "LIBEXECDIR=$BATS_TEST_TMPDIR/other" --no-config-test -e -a mod_hello.so
	assert_success
	victim_intact "$VICTIM"
	victim_intact "$VICTIM2"
	planted_run link "${S[@]}" --no-config-test --uninstall hello
	assert_success
	victim_intact "$VICTIM"
	victim_intact "$VICTIM2"
	[ ! -e "$MODS/mod_hello.so" ]
}

@test "links planted at the old names in mods-available and mods-enabled: a Debian -i -a writes through none" {
	mkdir -p "$ETC/mods-available" "$ETC/mods-enabled"
	PLANT="$ETC/mods-available/hello.load $ETC/mods-enabled/hello.load $MODS/mod_hello.so"
	mkdir -p "$MODS"
	planted_run link "${S[@]}" --no-config-test --layout debian -i -a mod_hello.so
	assert_success
	victim_intact "$VICTIM"
	victim_intact "$VICTIM2"
	assert_equal "$(readlink "$ETC/mods-enabled/hello.load")" "../mods-available/hello.load"
}

@test "links planted at the old names beside the receipt: an -i -a upgrade writes through none" {
	modxs "${S[@]}" --no-config-test --quiet -i -a mod_hello.so
	receipt=$(receipt_of hello)
	PLANT="$receipt"
	planted_run link "${S[@]}" --no-config-test -i -a v2/mod_hello.so
	assert_success
	victim_intact "$VICTIM"
	victim_intact "$VICTIM2"
	grep -q "$(sha256sum v2/mod_hello.so | cut -d' ' -f1)" "$receipt"
}

@test "directories planted at the old names for the config do not make -e -a fail" {
	PLANT="$CONF"
	planted_run dir "${S[@]}" --no-config-test -e -a mod_hello.so
	assert_success
	grep -q '^LoadModule hello_module ' "$CONF"
	assert_equal "$(cat "$CONF.bak")" "Listen 80"
	planted_dirs_kept "$ETC"
}

@test "directories planted at the old names for the module do not make an -i upgrade fail" {
	modxs "${S[@]}" --no-config-test --quiet -i -a mod_hello.so
	PLANT="$MODS/mod_hello.so $CONF"
	planted_run dir "${S[@]}" --no-config-test -i -A v2/mod_hello.so
	assert_success
	cmp v2/mod_hello.so "$MODS/mod_hello.so"
	grep -q '^#LoadModule hello_module ' "$CONF"
	planted_dirs_kept "$MODS"
}

@test "directories planted at the old names for a Debian link do not make -e -a fail" {
	mkdir -p "$ETC/mods-available" "$ETC/mods-enabled"
	PLANT="$ETC/mods-enabled/hello.load"
	planted_run dir "${S[@]}" --no-config-test --layout debian -e -a mod_hello.so
	assert_success
	assert_equal "$(readlink "$ETC/mods-enabled/hello.load")" "../mods-available/hello.load"
	planted_dirs_kept "$ETC/mods-enabled"
}

@test "while a run is in progress, none of its copies is named after its pid" {
	needs_failpoints
	modxs "${S[@]}" --no-config-test --quiet -i -a mod_hello.so
	named=()
	# Pause in each file commit in turn: the module's, the config's, the receipt's.
	for args in "-i -a v2/mod_hello.so" "--uninstall hello"; do
		for n in 1 2 3; do
			# shellcheck disable=SC2086
			MODXS_FAILPOINT=pause:$n start out "${S[@]}" --no-config-test $args
			if wait_paused "$PID"; then
				mapfile -t -O "${#named[@]}" named < <(find "$ETC" "$MODS" \
					"$MODXS_STATEDIR/receipts" -name "*-$PID" 2>/dev/null)
				kill -TERM "$PID"
			fi
			finish
		done
	done
	[ "${#named[@]}" -eq 0 ] || fail "named after the pid: ${named[*]}"
}
