#!/usr/bin/env bats
# A small run of tests/stress/signals, so the normal suite exercises it:
# kill -9 at 40 random points of -i -a, --deactivate and --uninstall across
# the single, debian, fedora and proftpd layouts, each followed by a run that
# must recover; then SIGINT, SIGTERM or SIGHUP at 20 points, none of which
# may leave a run half-applied. The full run is `tests/stress/signals`.

bats_require_minimum_version 1.5.0
load ../helper

@test "tests/stress/signals 40 20: no inconsistent install after kill -9, no half-applied run after a signal" {
	skip_unless cc "no C compiler (cc) to build test modules"
	skip_unless python3 "python3 is needed to read receipts"
	run "$MODXS_SOURCE_DIR/tests/stress/signals" 40 20
	echo "# ${lines[-2]:-}" >&3
	assert_line "kill -9: 40 runs, 0 inconsistent; signals: 20 runs, 0 half-applied"
	assert_line "60 passed, 0 failed"
	assert_success
}
