#!/usr/bin/env bats
# kill -9, a power cut or an OOM kill in the middle of -i -a, --deactivate
# or --uninstall: no handler runs, so the journal in the state dir must let
# the next run that installs, activates, deactivates, uninstalls or lists
# put things right. It says so ("interrupted run"), uses the undo copies
# the killed run saved, and leaves config, module and receipt agreeing (see
# `consistent` in tests/stress/lib.bash); --uninstall then works.

bats_require_minimum_version 1.5.0
load ../helper
load install_lib
load trust_lib

setup_more() {
	trust_setup
	skip_unless python3 "python3 is needed to read receipts"
	fake_host
	printf 'Listen 80\n' >"$CONF"
	cp "$CONF" conf.orig
	sed -i "2i if [ -e '$BATS_TEST_TMPDIR/slow' ]; then : >'$BATS_TEST_TMPDIR/slow.started'; sleep 10; fi" \
		"$BATS_TEST_TMPDIR/fake-server"
	LAYOUT=single
}

# fresh: nothing installed, the config as at first.
fresh() {
	rm -rf "$MODS" "$MODXS_STATEDIR" "$ETC"
	mkdir -p "$ETC"
	cp conf.orig "$CONF"
	if [ "$LAYOUT" = debian ]; then mkdir -p "$ETC/mods-available" "$ETC/mods-enabled"; fi
}

# crash_at N ARGS...: run modxs ARGS with MODXS_FAILPOINT=pause:N and kill -9
# it in the pause: $CRASHED is yes; or, when N is past its last file commit,
# the run must go through: $CRASHED is no.
crash_at() {
	local n=$1
	shift
	MODXS_FAILPOINT=pause:$n start out "$@"
	CRASHED=no
	if wait_paused "$PID"; then
		kill -9 "$PID"
		CRASHED=yes
	fi
	finish
	[ "$CRASHED" = yes ] || [ "$STATUS" -eq 0 ] || fail "the run with pause:$n failed: $(cat out)"
}

# recovery WHAT ARGS...: print what is wrong, if anything, after the next
# run, modxs ARGS: it must succeed, say on stderr that it found an
# interrupted run (unless $NOTHING_DONE says the killed run changed nothing
# yet), and leave a consistent install; a second run finds nothing to recover.
recovery() {
	local what=$1 rc=0 why
	shift
	"$MODXS" "${HOST[@]}" "$@" >next.out 2>next.err || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "$what: 'modxs $*' after the crash: exit $rc: $(cat next.err)"
		return
	fi
	why=$(consistent "$MODXS_STATEDIR" "$MODS" "$ETC" "$CONF" "$LAYOUT" hello) ||
		echo "$what: after 'modxs $*': $why"
	grep -q "interrupted run" next.err || [ -n "${NOTHING_DONE:-}" ] ||
		echo "$what: 'modxs $*' did not report the interrupted run"
	"$MODXS" "${HOST[@]}" --list >/dev/null 2>next.err || true
	! grep -q "interrupted run" next.err || echo "$what: a second run recovered again"
}

# uninstall_after WHAT: print what is wrong, if anything: with a receipt,
# --uninstall must succeed and leave no module, line, receipt or leftover;
# without one, nothing may be installed.
uninstall_after() {
	local rc=0 why
	if [ -n "$(receipts_in "$MODXS_STATEDIR" hello "$MODS")" ]; then
		"$MODXS" "${HOST[@]}" --uninstall hello >next.out 2>&1 || rc=$?
		[ "$rc" -eq 0 ] || echo "$1: --uninstall after recovery: exit $rc: $(cat next.out)"
	fi
	why=$(consistent "$MODXS_STATEDIR" "$MODS" "$ETC" "$CONF" "$LAYOUT" hello) ||
		echo "$1: after --uninstall: $why"
	[ ! -e "$MODS/mod_hello.so" ] || echo "$1: after --uninstall the module is still there"
	why=$(find "$ETC" "$MODS" \( -name '.*.modxs-*' -o -name '*.lock' \) 2>/dev/null)
	[ -z "$why" ] || echo "$1: left behind: $why"
}

# problems_none PROBLEMS...: fail listing the problems, if any.
problems_none() {
	local all
	all=$(printf '%s\n' "$@" | sed '/^$/d')
	[ -z "$all" ] || fail "$all"
}

# crash_sweep SETUP NEXT -- ARGS...: for N = 1, 2, ...: run SETUP (a
# function), kill -9 `modxs ARGS` in its Nth file commit, then check that
# `modxs NEXT` recovers and that --uninstall works; report every point.
crash_sweep() {
	needs_failpoints
	local setup=$1 next=() n problems=()
	shift
	while [ "$1" != -- ]; do next+=("$1") && shift; done
	shift
	for n in $(seq 1 12); do
		fresh
		$setup
		crash_at "$n" "${HOST[@]}" "$@"
		[ "$CRASHED" = yes ] || break
		problems+=("$(recovery "kill -9 at pause:$n of '$*'" "${next[@]}")")
		problems+=("$(uninstall_after "kill -9 at pause:$n of '$*'")")
	done
	[ "$n" -gt 1 ] || fail "'$*' never paused, so the sweep proves nothing"
	echo "# $*: killed at $((n - 1)) points, then '${next[*]}'" >&3
	problems_none "${problems[@]}"
}

nothing() { :; }
v1_active() { modxs "${HOST[@]}" --quiet -i -a mod_hello.so; }
v1_commented() { modxs "${HOST[@]}" --quiet -i -A mod_hello.so; }

@test "kill -9 in each file commit of a first -i -a: the next --list recovers" {
	crash_sweep nothing --list -- -i -a mod_hello.so
}

@test "kill -9 in each file commit of an -i -a upgrade: the next --list recovers" {
	crash_sweep v1_commented --list -- -i -a v2/mod_hello.so
}

@test "kill -9 in each file commit of an -i -a upgrade: the next -i -a recovers, then installs" {
	crash_sweep v1_commented -i -a v2/mod_hello.so -- -i -a v2/mod_hello.so
}

@test "kill -9 in each file commit of an -i -a upgrade: the next -e -a recovers, then activates" {
	crash_sweep v1_commented -e -a mod_hello.so -- -i -a v2/mod_hello.so
}

@test "kill -9 in each file commit of an -i -a upgrade: the next --deactivate recovers" {
	crash_sweep v1_active --deactivate hello -- -i -a v2/mod_hello.so
}

@test "kill -9 in each file commit of an -i -a upgrade: the next --uninstall recovers, then uninstalls" {
	crash_sweep v1_active --uninstall hello -- -i -a v2/mod_hello.so
}

@test "kill -9 in each file commit of --deactivate: the next --list recovers" {
	crash_sweep v1_active --list -- --deactivate hello
}

@test "kill -9 in each file commit of --uninstall: the next --list recovers" {
	crash_sweep v1_active --list -- --uninstall hello
}

@test "kill -9 in each file commit of a Debian-layout -i -a: the next --list recovers" {
	fake_host debian
	LAYOUT=debian
	crash_sweep nothing --list -- -i -a mod_hello.so
}

@test "kill -9 mid-upgrade: the next run puts back the old module from the undo copy, byte for byte" {
	needs_failpoints
	# Kill in the first file commit after the new module is in place.
	for n in $(seq 1 8); do
		fresh
		v1_commented
		cp "$CONF" conf.v1
		receipts_in "$MODXS_STATEDIR" hello "$MODS" >receipt.path
		cp "$(cat receipt.path)" receipt.v1
		crash_at "$n" "${HOST[@]}" -i -a v2/mod_hello.so
		[ "$CRASHED" = yes ] || fail "no file commit of the upgrade came after the new module was in place"
		cmp -s v2/mod_hello.so "$MODS/mod_hello.so" && break
	done
	run modxs "${HOST[@]}" --list
	cmp mod_hello.so "$MODS/mod_hello.so"
	cmp conf.v1 "$CONF"
	assert_output --partial "interrupted run"
	cmp receipt.v1 "$(receipt_of hello)"
}

@test "kill -9 while the config test of an -i -a upgrade runs: the next --list recovers" {
	v1_commented
	touch slow
	start out "${HOST[@]}" -i -a v2/mod_hello.so
	for _ in $(seq 1 500); do
		[ -e slow.started ] && break
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.02
	done
	rm -f slow
	[ -e slow.started ] || fail "the config test never started: $(cat out)"
	kill -9 "$PID"
	finish
	problems_none "$(recovery "kill -9 in the config test" --list)" \
		"$(uninstall_after "kill -9 in the config test")"
}

@test "kill -9 while --uninstall waits for the config lock: the next --list puts the module back" {
	v1_active
	cp "$CONF" conf.v1
	hold_lock "$CONF.lock"
	MODXS_LOCK_TIMEOUT=30000 start out "${HOST[@]}" --uninstall hello
	# Once the module is gone (or after 2 s, if the config is locked first).
	wait_gone "$MODS/mod_hello.so"
	if [ -e "$MODS/mod_hello.so" ]; then NOTHING_DONE=1; fi
	kill -9 "$PID"
	finish
	release_locks
	problems_none "$(recovery "kill -9 waiting for the config lock" --list)"
	cmp mod_hello.so "$MODS/mod_hello.so"
	cmp conf.v1 "$CONF"
	problems_none "$(uninstall_after "kill -9 waiting for the config lock")"
}
