# trust_lib.bash: shared steps of the trust_*.bats files, which attack what
# modxs trusts: the files and dirs it reads and replaces, the names it makes,
# its locks, and its state when it is interrupted. Load after install_lib;
# each file's setup_more calls trust_setup.

# shellcheck source=../stress/lib.bash
source "$MODXS_SOURCE_DIR/tests/stress/lib.bash"

# trust_setup: $ETC, $MODS, $S and $CONF as install_lib sets them, a config,
# a module v1 (mod_hello.so) and a v2 (v2/mod_hello.so) to upgrade to, and a
# victim file an attacker wants written: root-owned, 0600.
trust_setup() {
	skip_unless cc "no C compiler (cc) to build test modules"
	ETC=$BATS_TEST_TMPDIR/etc
	MODS=$BATS_TEST_TMPDIR/mods
	mkdir -p "$ETC" v2
	S=(-S "SYSCONFDIR=$ETC" -S "LIBEXECDIR=$MODS")
	CONF=$ETC/modxs-demo.conf
	printf 'Listen 80\n' >"$CONF"
	mkmod hello
	printf 'int hello_module = 2; int v2 = 2;\n' >v2/rec.c
	cc -shared -fPIC -o v2/mod_hello.so v2/rec.c
	VICTIM=$BATS_TEST_TMPDIR/victim
	echo precious >"$VICTIM"
	chmod 600 "$VICTIM"
	HOLDERS=() BG=()
}

# Stop the lock holders and any background run still going (each was
# started by this test and not yet waited for, so its pid is still its own).
teardown() {
	local p
	for p in ${HOLDERS[@]+"${HOLDERS[@]}"} ${BG[@]+"${BG[@]}"}; do
		kill -9 "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	if [ -n "${NB:-}" ]; then rm -rf "$NB"; fi
}

# victim_intact [FILE]: the victim is as it was: content, owner and mode.
victim_intact() {
	local v=${1:-$VICTIM}
	[ -f "$v" ] && [ ! -L "$v" ] || fail "'$v' is no longer a regular file"
	assert_equal "$(cat "$v")" "precious"
	assert_equal "$(stat -c %U:%G:%a "$v")" "root:root:600"
}

# error_line: the one "modxs: error:" line of the output (other lines may be
# notices, such as what was put back); fails unless there is exactly one.
error_line() {
	local l found=()
	for l in "${lines[@]}"; do
		[[ $l == "modxs: error: "* ]] && found+=("$l")
	done
	[ "${#found[@]}" -eq 1 ] || fail "expected one error line, got ${#found[@]}: $output"
	ERROR=${found[0]}
}

# one_error PATH...: one error line, naming each PATH (quoted).
one_error() {
	error_line
	local p
	for p in "$@"; do
		[[ $ERROR == *"'$p'"* ]] || fail "the error does not name '$p': $ERROR"
	done
}

# one_error_naming_any PATH...: one error line, naming at least one PATH.
one_error_naming_any() {
	error_line
	local p
	for p in "$@"; do
		[[ $ERROR == *"'$p'"* ]] && return 0
	done
	fail "the error names none of $*: $ERROR"
}

# needs_failpoints: skip visibly in builds without failpoints.
needs_failpoints() {
	failpoints_built || skip "failpoints are not compiled in (configure with -DMODXS_FAILPOINTS=ON)"
}

# start OUT ARGS...: run modxs ARGS in the background, output to OUT, with
# SIGINT, SIGTERM and SIGHUP at their defaults (a background job ignores
# SIGINT otherwise); its pid is $PID.
start() {
	local out=$1
	shift
	env --default-signal "$MODXS" "$@" >"$out" 2>&1 3>&- &
	PID=$!
	BG+=("$PID")
}

# finish: wait for the background run; its exit status is $STATUS.
finish() {
	STATUS=0
	wait "$PID" || STATUS=$?
	local keep=() p
	for p in ${BG[@]+"${BG[@]}"}; do [ "$p" = "$PID" ] || keep+=("$p"); done
	BG=(${keep[@]+"${keep[@]}"})
}

# hold_lock FILE: a live process holds FILE with flock(2) until teardown.
hold_lock() {
	flock -F "$1" sleep 60 3>&- &
	HOLDERS+=($!)
	local i
	for i in $(seq 1 200); do
		flock -n "$1" true || return 0
		sleep 0.02
	done
	fail "could not see '$1' held by flock"
}

# release_locks: end the lock holders started by hold_lock.
release_locks() {
	local p
	for p in ${HOLDERS[@]+"${HOLDERS[@]}"}; do
		kill -9 "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	HOLDERS=()
}

# wait_gone FILE: until FILE is gone, for 2 s at most, then a moment more for the run to go on.
wait_gone() {
	local _
	for _ in $(seq 1 100); do
		[ ! -e "$1" ] && break
		sleep 0.02
	done
	sleep 0.2
}

# as_nobody CMD...: run CMD as nobody:nogroup with no other groups.
as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
}

# nobody_dir: $NB, a fresh dir nobody owns and can reach (the test's own
# temp dir is private to root); removed in teardown.
nobody_dir() {
	skip_unless setpriv "setpriv is needed to run as nobody"
	as_nobody "$MODXS" --version >/dev/null 2>&1 || skip "nobody cannot run '$MODXS'"
	# A build under /root is root's alone, as a fresh machine's clone is.
	as_nobody test -r "$MODXS_BUILD_DIR/share/modxs/platform.json" ||
		skip "nobody cannot read the build tree"
	NB=$(mktemp -d "${TMPDIR:-/tmp}/modxs-trust.XXXXXX")
	chmod 755 "$NB"
	chown nobody:nogroup "$NB"
}

# receipts_under DIR NAME [FIND-TESTS...]: the NAME.json files under DIR, one a
# line; nothing when DIR does not exist.
receipts_under() {
	local dir=$1 name=$2
	shift 2
	find "$dir" -name "$name.json" "$@" 2>/dev/null || true
}

# state_files: the modxs files in the config, modules and state dirs, with hashes.
state_files() {
	snapshot "$ETC" "$MODS" "$MODXS_STATEDIR"
}

# is_consistent [LAYOUT]: config, module and receipt of hello agree (see consistent).
is_consistent() {
	run consistent "$MODXS_STATEDIR" "$MODS" "$ETC" "$CONF" "${1:-single}" hello
	assert_success
}
