#!/usr/bin/env bats
# Ctrl-C, a closed terminal or a `kill` in the middle of a run: SIGINT,
# SIGTERM or SIGHUP at any point of a transaction must undo it like an
# error does. Afterwards the config has its old bytes, the module is there
# or not as before, the receipt is as before (or absent), no temp, undo,
# lock or journal file is left, and modxs exits non-zero after one error
# line that says the run was interrupted.

bats_require_minimum_version 1.5.0
load ../helper
load install_lib
load trust_lib

setup_more() {
	trust_setup
	fake_host
	printf 'Listen 80\n' >"$CONF"
	# The config test sleeps while the file 'slow' exists, so a signal can land in it.
	sed -i "2i if [ -e '$BATS_TEST_TMPDIR/slow' ]; then : >'$BATS_TEST_TMPDIR/slow.started'; sleep 10; fi" \
		"$BATS_TEST_TMPDIR/fake-server"
	SIGS=(INT TERM HUP)
}

# rolled_back WHAT BEFORE: the background run that got a signal exited
# non-zero, said once that it was interrupted, and left the files as BEFORE.
rolled_back() {
	[ "$STATUS" -ne 0 ] || fail "$1: the run exited 0"
	local now
	now=$(state_files)
	[ "$now" = "$2" ] || fail "$1: the files are not as before the run:
$(diff <(echo "$2") <(echo "$now"))"
	run cat out
	error_line
	[[ $ERROR == *interrupted* ]] || fail "$1: the error does not say the run was interrupted: $ERROR"
}

# during_config_test SIG ARGS...: run modxs ARGS and send SIG while its config test runs.
during_config_test() {
	local sig=$1
	shift
	rm -f slow.started
	touch slow
	start out "$@"
	for _ in $(seq 1 500); do
		[ -e slow.started ] && break
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.02
	done
	rm -f slow
	[ -e slow.started ] || fail "the config test never started: $(cat out)"
	kill -"$sig" "$PID"
	finish
}

# signal_sweep ARGS...: for N = 1, 2, ...: run modxs ARGS with
# MODXS_FAILPOINT=pause:N, and once it pauses in its Nth file commit send it
# SIGINT, SIGTERM or SIGHUP in turn; each run must roll back. The sweep ends
# with the first run that does not pause, which must succeed.
signal_sweep() {
	needs_failpoints
	local before n sig
	before=$(state_files)
	for n in $(seq 1 12); do
		MODXS_FAILPOINT=pause:$n start out "$@"
		if ! wait_paused "$PID"; then
			finish
			[ "$STATUS" -eq 0 ] || fail "the run with pause:$n failed: $(cat out)"
			[ "$n" -gt 1 ] || fail "the run never paused, so the sweep proves nothing"
			echo "# interrupted at $((n - 1)) points, all undone" >&3
			return
		fi
		sig=${SIGS[n % 3]}
		kill -"$sig" "$PID"
		finish
		rolled_back "SIG$sig at pause:$n" "$before"
	done
	fail "still pausing after 12 file commits"
}

@test "SIGINT, SIGTERM or SIGHUP while the config test runs undoes a first -i -a" {
	before=$(state_files)
	for sig in "${SIGS[@]}"; do
		during_config_test "$sig" "${HOST[@]}" -i -a mod_hello.so
		rolled_back "SIG$sig" "$before"
		[ ! -e "$MODS/mod_hello.so" ]
		no_receipt hello
	done
}

@test "SIGINT, SIGTERM or SIGHUP while the config test runs undoes an -i -a upgrade" {
	modxs "${HOST[@]}" --quiet -i -A mod_hello.so
	before=$(state_files)
	for sig in "${SIGS[@]}"; do
		during_config_test "$sig" "${HOST[@]}" -i -a v2/mod_hello.so
		rolled_back "SIG$sig" "$before"
		cmp mod_hello.so "$MODS/mod_hello.so"
	done
}

@test "a signal in each file commit of a first -i -a undoes it" {
	signal_sweep "${HOST[@]}" -i -a mod_hello.so
}

@test "a signal in each file commit of an -i -a upgrade undoes it" {
	modxs "${HOST[@]}" --quiet -i -A mod_hello.so
	signal_sweep "${HOST[@]}" -i -a v2/mod_hello.so
}

@test "a signal in each file commit of --deactivate undoes it" {
	modxs "${HOST[@]}" --quiet -i -a mod_hello.so
	signal_sweep "${HOST[@]}" --deactivate hello
}

@test "a signal in each file commit of --uninstall undoes it, the module back in place" {
	modxs "${HOST[@]}" --quiet -i -a mod_hello.so
	signal_sweep "${HOST[@]}" --uninstall hello
}

@test "a signal in each file commit of a Debian-layout -i -a undoes it, links included" {
	fake_host debian
	mkdir -p "$ETC/mods-available" "$ETC/mods-enabled"
	signal_sweep "${HOST[@]}" -i -a mod_hello.so
}

@test "a signal while an -i -a upgrade waits for the config lock puts the old module back" {
	modxs "${HOST[@]}" --quiet -i -A mod_hello.so
	before=$(state_files)
	hold_lock "$CONF.lock"
	MODXS_LOCK_TIMEOUT=30000 start out "${HOST[@]}" -i -a v2/mod_hello.so
	# Once the new module is in place (or after 2 s, if the config is locked first).
	for _ in $(seq 1 100); do
		cmp -s v2/mod_hello.so "$MODS/mod_hello.so" && break
		sleep 0.02
	done
	sleep 0.2
	kill -TERM "$PID"
	finish
	release_locks
	rm -f "$CONF.lock"
	rolled_back "SIGTERM waiting for the config lock" "$before"
	cmp mod_hello.so "$MODS/mod_hello.so"
}

@test "a signal while --uninstall waits for the config lock puts the module back" {
	modxs "${HOST[@]}" --quiet -i -a mod_hello.so
	before=$(state_files)
	hold_lock "$CONF.lock"
	MODXS_LOCK_TIMEOUT=30000 start out "${HOST[@]}" --uninstall hello
	# Once the module is gone (or after 2 s, if the config is locked first).
	wait_gone "$MODS/mod_hello.so"
	kill -INT "$PID"
	finish
	release_locks
	rm -f "$CONF.lock"
	rolled_back "SIGINT waiting for the config lock" "$before"
	cmp mod_hello.so "$MODS/mod_hello.so"
}
