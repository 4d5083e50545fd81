#!/usr/bin/env bats
# Locks are OS locks: PATH.lock held with flock(2) by the run that holds it.
# A lock file no process holds is stale at once, whatever pid it names (a
# pid is reused, and a killed run leaves its file behind); a lock a live
# process holds makes a run wait, then fail with exit 6.

bats_require_minimum_version 1.5.0
load ../helper
load install_lib
load trust_lib

setup_more() {
	trust_setup
}

# live_pid: the pid of a live process that holds no lock (killed in teardown).
live_pid() {
	sleep 300 3>&- &
	HOLDERS+=($!)
	LIVE=$!
}

# timed ARGS...: `run` modxs ARGS, giving up after 20 s; $ms is how long it took.
timed() {
	local t0 t1
	t0=$(date +%s%N)
	run timeout 20 "$MODXS" "$@"
	t1=$(date +%s%N)
	ms=$(((t1 - t0) / 1000000))
	[ "$status" -ne 124 ] || fail "modxs still waited for the lock after 20 seconds"
}

@test "a lock file naming a live process that does not hold it is stale at once" {
	live_pid
	echo "$LIVE" >"$CONF.lock"
	MODXS_LOCK_TIMEOUT=30000 timed "${S[@]}" --no-config-test -e -a mod_hello.so
	assert_success
	[ "$ms" -lt 5000 ] || fail "took $ms ms to take a lock no one held"
	grep -q '^LoadModule hello_module ' "$CONF"
	no_leftovers "$ETC"
}

@test "a lock file with no pid, or not a pid, and a time in the future is stale at once" {
	for text in "" "not a pid" "1"; do
		printf '%s' "$text" >"$CONF.lock"
		touch -d '+1 hour' "$CONF.lock"
		MODXS_LOCK_TIMEOUT=30000 timed "${S[@]}" --no-config-test -e -a -n "m${#text}" mod_hello.so
		assert_success
		[ "$ms" -lt 5000 ] || fail "took $ms ms to take a lock no one held ('$text')"
		grep -q "^LoadModule m${#text}_module " "$CONF"
	done
	no_leftovers "$ETC"
}

@test "stale lock files beside the module, the config and the receipt are all taken at once" {
	modxs "${S[@]}" --no-config-test --quiet -i -a mod_hello.so
	receipt=$(receipt_of hello)
	live_pid
	for f in "$MODS/mod_hello.so" "$CONF" "$receipt"; do echo "$LIVE" >"$f.lock"; done
	MODXS_LOCK_TIMEOUT=30000 timed "${S[@]}" --no-config-test -i -A v2/mod_hello.so
	assert_success
	[ "$ms" -lt 5000 ] || fail "took $ms ms to take locks no one held"
	cmp v2/mod_hello.so "$MODS/mod_hello.so"
	grep -q '^#LoadModule hello_module ' "$CONF"
	no_leftovers "$ETC"
	no_leftovers "$MODS"
}

@test "a config lock held with flock by a live process: the run waits, then fails with exit 6, changing nothing" {
	hold_lock "$CONF.lock"
	ino=$(stat -c %i "$CONF.lock")
	MODXS_LOCK_TIMEOUT=500 timed "${S[@]}" --no-config-test -i -a mod_hello.so
	assert_failure 6
	one_error "$CONF"
	[[ $ERROR == "modxs: error: cannot lock '$CONF'"* ]] || fail "not a lock error: $ERROR"
	[ "$ms" -ge 400 ] || fail "gave up after $ms ms, before the 500 ms timeout"
	assert_equal "$(cat "$CONF")" "Listen 80"
	[ ! -e "$MODS/mod_hello.so" ]
	# The holder's lock file is left alone.
	assert_equal "$(stat -c %i "$CONF.lock")" "$ino"
}

@test "a module lock held with flock by a live process: -i fails with exit 6, the module unchanged" {
	modxs "${S[@]}" --quiet -i mod_hello.so
	hold_lock "$MODS/mod_hello.so.lock"
	MODXS_LOCK_TIMEOUT=500 timed "${S[@]}" -i v2/mod_hello.so
	assert_failure 6
	one_error "$MODS/mod_hello.so"
	cmp mod_hello.so "$MODS/mod_hello.so"
}

@test "a receipt lock held with flock by a live process: -i -a fails with exit 6, nothing changed" {
	modxs "${S[@]}" --no-config-test --quiet -i -a mod_hello.so
	receipt=$(receipt_of hello)
	cp "$CONF" conf.before
	cp "$receipt" receipt.before
	hold_lock "$receipt.lock"
	MODXS_LOCK_TIMEOUT=500 timed "${S[@]}" --no-config-test -i -A v2/mod_hello.so
	assert_failure 6
	cmp mod_hello.so "$MODS/mod_hello.so"
	cmp conf.before "$CONF"
	cmp receipt.before "$receipt"
}

@test "while a run holds the config lock, flock on CONF.lock fails" {
	needs_failpoints
	MODXS_FAILPOINT=pause start out "${S[@]}" --no-config-test -e -a mod_hello.so
	wait_paused "$PID" || fail "the run ended before its file commit"
	run flock -n "$CONF.lock" true
	assert_failure
	kill -TERM "$PID"
	finish
}

@test "16 runs that find the same stale lock take it in turn: no edit is lost" {
	live_pid
	echo "$LIVE" >"$CONF.lock"
	pids=()
	for i in $(seq 1 16); do
		MODXS_LOCK_TIMEOUT=10000 timeout 20 "$MODXS" "${S[@]}" --no-config-test --quiet \
			-e -a -n "m$i" mod_hello.so 2>>errors 3>&- &
		pids+=($!)
	done
	failed=0
	for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
	run cat errors
	assert_output ""
	assert_equal "$failed" 0
	assert_equal "$(grep -c '^LoadModule m[0-9]*_module ' "$CONF")" 16
	no_leftovers "$ETC"
}

@test "a lock file that is a symlink is not followed: its target is neither written nor created" {
	ln -s "$VICTIM" "$CONF.lock"
	MODXS_LOCK_TIMEOUT=500 timed "${S[@]}" --no-config-test -e -a mod_hello.so
	[[ $status =~ ^(0|6)$ ]] || fail "exit $status: $output"
	victim_intact
	rm -f "$CONF.lock"
	ln -s "$BATS_TEST_TMPDIR/created" "$CONF.lock"
	MODXS_LOCK_TIMEOUT=500 timed "${S[@]}" --no-config-test -e -a -n other mod_hello.so
	[[ $status =~ ^(0|6)$ ]] || fail "exit $status: $output"
	[ ! -e "$BATS_TEST_TMPDIR/created" ]
}
