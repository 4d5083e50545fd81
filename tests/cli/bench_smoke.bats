#!/usr/bin/env bats
# bench/run --smoke: the benchmark still runs and reports every measure.
# The full benchmark is not a test; this keeps it from rotting unseen.

load ../helper

# Run the smoke benchmark once for the whole file, when what it needs is here.
setup_file() {
	export RESULTS="$BATS_FILE_TMPDIR/RESULTS.md"
	local need
	for need in cc /usr/bin/time perl; do
		if ! command -v "$need" >/dev/null 2>&1; then
			echo "bench/run needs $need (apt-get install gcc time perl)" >"$BATS_FILE_TMPDIR/skip"
			return 0
		fi
	done
	"$MODXS_SOURCE_DIR/bench/run" --smoke --build-dir "$MODXS_BUILD_DIR" \
		--out "$RESULTS" >"$BATS_FILE_TMPDIR/run.log" 2>&1
	echo $? >"$BATS_FILE_TMPDIR/rc"
}

# Skip visibly when setup_file could not run the benchmark.
setup_more() {
	if [ -f "$BATS_FILE_TMPDIR/skip" ]; then
		skip "$(cat "$BATS_FILE_TMPDIR/skip")"
	fi
}

@test "bench/run --smoke succeeds and writes a results file" {
	run cat "$BATS_FILE_TMPDIR/run.log"
	echo "$output"
	[ "$(cat "$BATS_FILE_TMPDIR/rc")" = 0 ]
	[ -s "$RESULTS" ]
	assert_output --partial "results in $RESULTS"
}

@test "the results have every measure and no ERROR" {
	for id in query build1 build17 ccache proftpd noop nginx nginx-noop activate-1k activate-10k activate-100k rss; do
		grep -q "^### $id: " "$RESULTS" || fail "no '$id' measure in $RESULTS"
	done
	run grep -n 'ERROR' "$RESULTS"
	assert_failure
}

@test "the results state every goal with a verdict" {
	for g in '`-q CC` ≥ 10× faster than `apxs -q CC`' \
		'single-file build ≤ 1.05× the bare compiler' \
		'17-file build ≤ 0.6× the bare serial compiler' \
		'17-file cold rebuild with a warm ccache ≤ 0.25× without' \
		'no-op rebuild ≤ 10 ms' \
		'nginx one-file module, cold build ≤ 0.1× `configure --add-dynamic-module && make modules`' \
		'nginx no-op rebuild ≤ 10 ms' \
		'activation at 100k lines ≤ 50 ms, growing linearly' \
		'peak RSS ≤ 5 MiB'; do
		grep -F "| $g" "$RESULTS" | grep -Eq '\*\*(PASS|MISS|SKIP|N/A)\*\*' ||
			fail "no verdict for '$g' in $RESULTS"
	done
}

@test "the results give the machine facts" {
	grep -q '^- CPU: .*[0-9] cores' "$RESULTS"
	grep -q '^- compiler: ' "$RESULTS"
	grep -q '^- date: ' "$RESULTS"
}

@test "every measure has figures for modxs" {
	if grep -q '^N/A: ' "$RESULTS"; then
		skip "this modxs lacks a mode the benchmark measures: $(grep -m1 '^N/A: ' "$RESULTS")"
	fi
	if grep -q '^SKIP' "$RESULTS"; then
		skip "a peer is not installed: $(grep -m1 '^SKIP' "$RESULTS")"
	fi
	for id in query build1 build17 proftpd noop activate-1k activate-10k activate-100k; do
		awk -v id="### $id: " 'index($0, id) == 1 { on = 1; next } /^### / { on = 0 } on' "$RESULTS" |
			grep -q '^| modxs | [0-9]' || fail "no modxs figures for '$id'"
	done
	# modxs under ccache, against modxs alone.
	awk 'index($0, "### ccache: ") == 1 { on = 1; next } /^### / { on = 0 } on' "$RESULTS" |
		grep -q '^| ccache | [0-9]' || fail "no figures with ccache"
}
