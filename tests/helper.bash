# helper.bash: shared setup for the bats suites. Load with `load ../helper`.
# Each test runs in its own scratch directory, with the modxs under test
# and the assertion libraries from Debian's bats-support and bats-assert.

bats_load_library bats-support 2>/dev/null || load '/usr/lib/bats/bats-support/load'
bats_load_library bats-assert 2>/dev/null || load '/usr/lib/bats/bats-assert/load'

: "${MODXS_BUILD_DIR:?run through ctest, or set MODXS_BUILD_DIR to the build tree}"
: "${MODXS:=$MODXS_BUILD_DIR/bin/modxs}"
: "${MODXS_SOURCE_DIR:=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}"
export MODXS MODXS_BUILD_DIR MODXS_SOURCE_DIR
unset MODXS_HOST MODXS_DATADIR DESTDIR

# Run every test in a fresh scratch directory, with its own state dir so
# that receipts and journals never reach the real one.
setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	export MODXS_STATEDIR=$BATS_TEST_TMPDIR/state
	if declare -F setup_more >/dev/null; then setup_more; fi
}

# modxs ARGS...: the tool under test.
modxs() { "$MODXS" "$@"; }

# A private copy of the data dir, so a test may edit profiles freely.
# Sets MODXS_DATADIR to it.
private_datadir() {
	cp -r "$MODXS_BUILD_DIR/share/modxs" "$BATS_TEST_TMPDIR/data"
	export MODXS_DATADIR="$BATS_TEST_TMPDIR/data"
}

# receipt_of NAME: the path of NAME's install receipt, found anywhere in the
# state dir's receipts/; fails, saying so, when there is none or more than one.
receipt_of() {
	local found
	found=$(find "$MODXS_STATEDIR/receipts" -name "$1.json" 2>/dev/null || true)
	if [ -z "$found" ]; then
		echo "no receipt '$1.json' under '$MODXS_STATEDIR/receipts'" >&2
		return 1
	fi
	if [ "$(printf '%s\n' "$found" | wc -l)" -ne 1 ]; then
		printf 'more than one receipt for %s:\n%s\n' "$1" "$found" >&2
		return 1
	fi
	printf '%s\n' "$found"
}

# no_receipt NAME: NAME has no install receipt in the state dir.
no_receipt() {
	local found
	found=$(find "$MODXS_STATEDIR" -name "$1.json" 2>/dev/null || true)
	[ -z "$found" ] || { echo "unexpected receipt: $found" >&2; return 1; }
}

# skip_unless CMD REASON: skip visibly when a program the test needs is missing.
skip_unless() {
	command -v "$1" >/dev/null 2>&1 || skip "$2"
}

# in_ci: the suite runs in CI mode (MODXS_CI set, as `tests/run --ci` does, or CI=true).
in_ci() { [ -n "${MODXS_CI:-}" ] || [ "${CI:-}" = true ]; }

# need_real CMD REASON: skip visibly when a real tool the test drives is
# missing; in CI mode, where .ci/deps installs it, fail instead.
need_real() {
	command -v "$1" >/dev/null 2>&1 && return 0
	if in_ci; then
		fail "$2; CI installs it (.ci/deps), so its absence fails the test"
		return 1
	fi
	skip "$2"
}

# A host name that does not resolve: skips unless a UTS namespace of the
# test's own can be had (root, or user namespaces).
NOHOST=modxs-test.invalid
need_unresolvable_host() {
	unshare --uts true 2>/dev/null || skip "cannot unshare the UTS namespace to change the host name"
	! getent hosts "$NOHOST" >/dev/null || skip "'$NOHOST' resolves here"
}

# without_host_name CMD ARGS...: run CMD on a machine whose host name does not resolve.
without_host_name() {
	unshare --uts sh -c 'hostname "$0" && exec "$@"' "$NOHOST" "$@"
}
