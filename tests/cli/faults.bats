#!/usr/bin/env bats
# Fault injection: every failpoint (write, fsync, rename, mkdir, lock) at
# every point it is reached during -i -a, -i -A, a Debian-layout install and
# --uninstall, and kill -9 at random moments during -i -a. A failed run
# leaves the config, the installed module, the receipt and the links exactly
# as they were, with no temp or lock file, one error line and the exit code
# of what failed; an interrupted run leaves each file old or new, and the
# next run proceeds.

bats_require_minimum_version 1.5.0
load ../helper

setup_more() {
	skip_unless cc "no C compiler (cc) to build test modules"
	ROOT=$BATS_TEST_TMPDIR/root
	ETC=$ROOT/etc
	MODS=$ROOT/mods
	# Receipts live in the state dir: keep it in the tree that is compared and restored.
	export MODXS_STATEDIR=$ROOT/state
	mkdir -p "$ETC"
	S=(-S "SYSCONFDIR=$ETC" -S "LIBEXECDIR=$MODS" --no-config-test --quiet)
	CONF=$ETC/modxs-demo.conf
	printf 'Listen 80\n' >"$CONF"
	printf 'int hello_module = 1;\n' >v1.c
	printf 'int hello_module = 2; int v2 = 2;\n' >v2.c
	cc -shared -fPIC -o v1.so v1.c
	cc -shared -fPIC -o v2.so v2.c
	mkdir -p src
}

# with_module V: src/mod_hello.so is version V (1 or 2).
with_module() { cp "v$1.so" src/mod_hello.so; }

# tree: every file and link under ROOT with its content hash or target;
# .bak files are left out (a failed run may refresh a backup of the same text),
# and so are the state dir's own directories (its receipts are files, so they count).
tree() {
	(cd "$ROOT" && find . ! -name '*.bak' \( -type f -printf '%p f ' -exec sh -c \
		'sha256sum <"$1" | cut -c1-16' _ {} \; -o -type l -printf '%p -> %l\n' \
		-o -type d ! -path ./state ! -path './state/*' -printf '%p/\n' \) | sort)
}

# sweep POINT CODES ARGS...: the tree under ROOT is the old state. For
# (FP_ALSO, when set, is put before the failpoint: "link," makes every
# hard link fail too.)
# N = 1, 2, ... run modxs ARGS with the failpoint POINT:N until a run
# succeeds; each failing run must exit with one of CODES (a|b), print one
# error line, and leave the tree exactly as it was.
sweep() {
	local point=$1 codes=$2 n old new
	shift 2
	grep -q '^MODXS_FAILPOINTS:BOOL=ON' "$MODXS_BUILD_DIR/CMakeCache.txt" 2>/dev/null ||
		skip "failpoints are not compiled in (configure with -DMODXS_FAILPOINTS=ON)"
	cp -a "$ROOT" "$BATS_TEST_TMPDIR/root.old"
	old=$(tree)
	# What a run without faults leaves: every successful run must match it.
	modxs "$@"
	new=$(tree)
	[ "$new" != "$old" ] || fail "the run changes nothing, so the sweep proves nothing"
	for n in $(seq 1 40); do
		rm -rf "$ROOT"
		cp -a "$BATS_TEST_TMPDIR/root.old" "$ROOT"
		MODXS_FAILPOINT=${FP_ALSO:-}$point:$n run modxs "$@"
		if [ "$status" -eq 0 ]; then
			assert_equal "$(tree)" "$new"
			echo "# $point: $((n - 1)) injected failures, 0 lost or changed files" >&3
			[ "$n" -gt 1 ] || fail "failpoint '$point' was never reached"
			return
		fi
		[[ "$status" =~ ^($codes)$ ]] ||
			fail "$point:$n: exit $status, expected $codes; output: $output"
		assert_equal "${#lines[@]}" 1
		assert_output --regexp "^modxs: error: cannot (write|fsync|rename|lock|create|remove|back up) "
		assert_equal "$(tree)" "$old"
	done
	fail "failpoint '$point' still fails after 40 hits"
}

# installed V [A]: version V installed and activated (-a), or commented (-A).
installed() {
	with_module "$1"
	modxs "${S[@]}" -i "${2:--a}" src/mod_hello.so
}

@test "write: an -i -A upgrade that fails at any write changes nothing (exit 5 or 7)" {
	installed 1
	with_module 2
	sweep write '5|7' "${S[@]}" -i -A src/mod_hello.so
}

@test "fsync: an -i -A upgrade that fails at any fsync changes nothing (exit 5 or 7)" {
	installed 1
	with_module 2
	sweep fsync '5|7' "${S[@]}" -i -A src/mod_hello.so
}

@test "rename: an -i -A upgrade that fails at any rename changes nothing (exit 5 or 7)" {
	installed 1
	with_module 2
	sweep rename '5|7' "${S[@]}" -i -A src/mod_hello.so
}

@test "lock: an -i -A upgrade that cannot take any lock changes nothing (exit 6)" {
	installed 1
	with_module 2
	sweep lock 6 "${S[@]}" -i -A src/mod_hello.so
}

@test "mkdir: a first install into new directories that fails at any mkdir creates nothing (exit 5)" {
	with_module 1
	S=(-S "SYSCONFDIR=$ETC" -S "LIBEXECDIR=$ROOT/lib/new/mods" --no-config-test --quiet)
	sweep mkdir '5|7' "${S[@]}" -i -a src/mod_hello.so
}

@test "write and rename: a first -i -a leaves no module, receipt or line behind on failure" {
	with_module 1
	sweep write '5|7' "${S[@]}" -i -a src/mod_hello.so
	rm -rf "$ROOT" && cp -a "$BATS_TEST_TMPDIR/root.old" "$ROOT" && rm -rf "$BATS_TEST_TMPDIR/root.old"
	sweep rename '5|7' "${S[@]}" -i -a src/mod_hello.so
}

@test "every failpoint: --uninstall that fails at any step keeps module, line and receipt" {
	installed 1
	for point in write fsync rename lock; do
		rm -rf "$BATS_TEST_TMPDIR/root.old"
		sweep "$point" '5|6|7' "${S[@]}" --uninstall hello
		rm -rf "$ROOT" && cp -a "$BATS_TEST_TMPDIR/root.old" "$ROOT"
	done
}

@test "every failpoint: a Debian-layout -i -a (a .load file and a link) is all or nothing" {
	with_module 1
	for point in write fsync rename lock; do
		rm -rf "$BATS_TEST_TMPDIR/root.old"
		sweep "$point" '5|6|7' "${S[@]}" --layout debian -i -a src/mod_hello.so
		rm -rf "$ROOT" && cp -a "$BATS_TEST_TMPDIR/root.old" "$ROOT"
	done
}

@test "link: where hard links fail, the undo keeps copies and still restores everything" {
	installed 1
	with_module 2
	FP_ALSO=link, sweep write '5|7' "${S[@]}" -i -A src/mod_hello.so
	rm -rf "$ROOT" && cp -a "$BATS_TEST_TMPDIR/root.old" "$ROOT" && rm -rf "$BATS_TEST_TMPDIR/root.old"
	FP_ALSO=link, sweep rename '5|7' "${S[@]}" -i -A src/mod_hello.so
}

@test "kill -9 at random moments during 100 -i -a runs: each file old or new, the next run proceeds" {
	installed 1 -a
	cp "$MODS/mod_hello.so" mod.1 && cp "$CONF" conf.1
	installed 2 -A
	cp "$MODS/mod_hello.so" mod.2 && cp "$CONF" conf.2
	partial=0
	for i in $(seq 1 100); do
		v=$((i % 2 + 1))
		with_module "$v"
		"$MODXS" "${S[@]}" -i "$([ "$v" = 1 ] && echo -a || echo -A)" src/mod_hello.so 2>>log &
		pid=$!
		sleep "0.0$((RANDOM % 10))"
		kill -9 "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		{ cmp -s "$MODS/mod_hello.so" mod.1 || cmp -s "$MODS/mod_hello.so" mod.2; } ||
			partial=$((partial + 1))
		{ cmp -s "$CONF" conf.1 || cmp -s "$CONF" conf.2; } || partial=$((partial + 1))
	done
	echo "# 100 kills during -i -a: $partial partial files" >&3
	assert_equal "$partial" 0
	with_module 2
	MODXS_LOCK_TIMEOUT=10000 run modxs "${S[@]}" -i -A src/mod_hello.so
	assert_success
	cmp "$MODS/mod_hello.so" mod.2
	cmp "$CONF" conf.2
	run find "$ROOT" \( -name '.*.modxs-*' -o -name '*.lock' -o -name '*.modxs-undo' \)
	assert_output ""
}
