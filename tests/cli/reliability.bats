#!/usr/bin/env bats
# Config edits and installs under concurrency, crashes and write failures:
# the config is always the old or the new version, never partial.

bats_require_minimum_version 1.5.0
load ../helper
load install_lib

# A module file with no record symbol, so each copy is named by its file name.
plain_so() {
	printf 'int plain;\n' >"$BATS_TEST_TMPDIR/plain.c"
	cc -shared -fPIC -o "$1" "$BATS_TEST_TMPDIR/plain.c"
}

# A config of N lines that names a few modules, for crash tests.
big_conf() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++)
		if (i % 100 == 0) print "LoadModule m" i "_module /m/mod_m" i ".so";
		else print "# filler line " i " of a long config file" }' >"$CONF"
}

teardown() {
	if [ -n "${IMMUTABLE:-}" ]; then chattr -i "$IMMUTABLE" 2>/dev/null || true; fi
	if [ -n "${HOLDER:-}" ]; then kill "$HOLDER" 2>/dev/null || true; fi
}

@test "64 concurrent -e -a runs for 64 modules leave 64 lines, and the demo host accepts the config" {
	mkdir -p "$MODS"
	plain_so "$MODS/mod_m0.so"
	for i in $(seq 1 63); do cp "$MODS/mod_m0.so" "$MODS/mod_m$i.so"; done
	printf '# demo host config\n' >"$CONF"
	demo_bin=$MODXS_BUILD_DIR/bin
	pids=()
	for i in $(seq 0 63); do
		"$MODXS" "${S[@]}" -S "SBINDIR=$demo_bin" --quiet -e -a "$MODS/mod_m$i.so" \
			2>>errors &
		pids+=($!)
	done
	failed=0
	for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
	run cat errors
	assert_output ""
	assert_equal "$failed" 0
	assert_equal "$(grep -c '^LoadModule m[0-9]*_module ' "$CONF")" 64
	assert_equal "$(grep '^LoadModule' "$CONF" | sort | uniq -d)" ""
	for i in $(seq 0 63); do
		grep -qx "LoadModule m${i}_module $MODS/mod_m$i.so" "$CONF"
	done
	no_leftovers "$ETC"
	[ -x "$demo_bin/modxs-demo" ] || skip "64 lines written; the demo host is not built, so its checker did not run"
	run "$demo_bin/modxs-demo" -t -f "$CONF"
	assert_success
}

@test "64 concurrent -e -a runs on an httpd.conf pass apache2 -t" {
	skip_unless apache2 "apache2 is not installed"
	skip_unless apxs "apache2-dev (apxs) is not installed"
	for i in $(seq 0 63); do
		echo "module AP_MODULE_DECLARE_DATA m${i}_module = { STANDARD20_MODULE_STUFF, NULL, NULL, NULL, NULL, NULL, NULL };"
	done >records.h
	printf '#include "httpd.h"\n#include "http_config.h"\n#include "records.h"\n' >mods.c
	# shellcheck disable=SC2046
	cc -shared -fPIC $(apxs -q CFLAGS) -I"$(apxs -q INCLUDEDIR)" -I"$(apxs -q APR_INCLUDEDIR)" \
		-o mod_all.so mods.c
	mkdir -p "$MODS"
	for i in $(seq 0 63); do cp mod_all.so "$MODS/mod_m$i.so"; done
	mpm=$(apxs -q LIBEXECDIR)/mod_mpm_event.so
	cat >"$ETC/httpd.conf" <<-EOF
	ServerRoot "$BATS_TEST_TMPDIR"
	ServerName localhost
	Listen 127.0.0.1:18080
	PidFile $BATS_TEST_TMPDIR/httpd.pid
	ErrorLog $BATS_TEST_TMPDIR/error.log
	LoadModule mpm_event_module $mpm
	<IfModule mpm_event_module>
	</IfModule>
	EOF
	pids=()
	for i in $(seq 0 63); do
		"$MODXS" "${S[@]}" -S TARGET=httpd --layout single --no-config-test --quiet \
			-e -a "$MODS/mod_m$i.so" 2>>errors &
		pids+=($!)
	done
	failed=0
	for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
	run cat errors
	assert_output ""
	assert_equal "$failed" 0
	assert_equal "$(grep -c '^LoadModule m[0-9]*_module ' "$ETC/httpd.conf")" 64
	run apache2 -t -f "$ETC/httpd.conf"
	assert_success
	assert_output --partial "Syntax OK"
}

@test "kill -9 at random moments during 200 edits leaves the config old or new, and no lock blocks" {
	big_conf 2000
	# The two versions an edit flips between: hello's line naming p0/ or p1/.
	edit_to() { "$MODXS" "${S[@]}" -S "LIBEXECDIR=$BATS_TEST_TMPDIR/p$1" --no-config-test --quiet -e -a mod_hello.so; }
	edit_to 1 && cp "$CONF" state1
	edit_to 0 && cp "$CONF" state0
	partial=0 stale=0
	for i in $(seq 1 200); do
		"$MODXS" "${S[@]}" -S "LIBEXECDIR=$BATS_TEST_TMPDIR/p$((i % 2))" --no-config-test -e -a mod_hello.so \
			2>>log &
		pid=$!
		sleep "0.00$((RANDOM % 10))"
		kill -9 "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		cmp -s "$CONF" state0 || cmp -s "$CONF" state1 || partial=$((partial + 1))
	done
	stale=$(grep -c 'removed stale lock' log || true)
	echo "# 200 kills: $partial partial configs, $stale stale locks removed" >&3
	assert_equal "$partial" 0
	MODXS_LOCK_TIMEOUT=10000 run edit_to 1
	assert_success
	cmp "$CONF" state1
	no_leftovers "$ETC"
}

@test "a lock nobody holds is removed at once, whatever pid it names; a held one times out with exit 6" {
	printf 'Listen 80\n' >"$CONF"
	sh -c 'echo $$' >"$CONF.lock"
	run modxs "${S[@]}" --no-config-test -e -a mod_hello.so
	assert_success
	assert_output --partial "removed stale lock '$CONF.lock' left by pid"
	[ ! -e "$CONF.lock" ]

	# A live process whose pid is in the file does not hold the lock: only a flock does.
	sleep 30 &
	HOLDER=$!
	echo "$HOLDER" >"$CONF.lock"
	MODXS_LOCK_TIMEOUT=30000 run timeout 10 "$MODXS" "${S[@]}" --no-config-test -e -a mod_third.so
	assert_success
	assert_output --partial "removed stale lock '$CONF.lock' left by pid $HOLDER"
	kill "$HOLDER"

	cp "$CONF" orig
	flock "$CONF.lock" sh -c 'echo $$ >"$1"; exec sleep 30' _ "$CONF.lock" &
	HOLDER=$!
	while [ ! -s "$CONF.lock" ]; do sleep 0.05; done
	MODXS_LOCK_TIMEOUT=300 run modxs "${S[@]}" --no-config-test -e -a mod_other.so
	assert_failure 6
	assert_output --regexp "^modxs: error: cannot lock '$CONF': held by pid [0-9]+$"
	cmp orig "$CONF"
	[ -s "$CONF.lock" ]
}

# fault POINT CODE MESSAGE ARGS...: with the failpoint on, modxs fails with CODE
# and MESSAGE; the config and the installed module stay byte-identical.
fault() {
	local point=$1 code=$2 message=$3
	shift 3
	failpoints_built || skip "failpoints are not compiled in (configure with -DMODXS_FAILPOINTS=ON)"
	mkmod hello
	printf 'Listen 80\n' >"$CONF"
	modxs "${S[@]}" --no-config-test -i -a mod_hello.so
	cp "$CONF" conf.orig
	cp "$MODS/mod_hello.so" mod.orig
	printf 'int hello_module = 2; int v2;\n' >v2.c
	cc -shared -fPIC -o mod_hello.so v2.c
	MODXS_FAILPOINT=$point run modxs "${S[@]}" --no-config-test "$@"
	assert_failure "$code"
	assert_output --partial "modxs: error: $message"
	cmp conf.orig "$CONF"
	cmp mod.orig "$MODS/mod_hello.so"
	no_leftovers "$ETC"
	no_leftovers "$MODS"
}

@test "failpoint write: a full disk while installing leaves the module as it was (exit 5)" {
	fault write 5 "cannot write '$MODS/mod_hello.so': No space left on device" -i -a mod_hello.so
}

@test "failpoint write: a full disk while editing leaves the config as it was (exit 7)" {
	fault write 7 "cannot write '$CONF': No space left on device" -S "LIBEXECDIR=$BATS_TEST_TMPDIR/new" -e -a mod_hello.so
}

@test "failpoint fsync: a failing fsync leaves module and config as they were" {
	fault fsync 5 "cannot fsync '$MODS/mod_hello.so': Input/output error" -i -a mod_hello.so
	MODXS_FAILPOINT=fsync run modxs "${S[@]}" --no-config-test -S "LIBEXECDIR=$BATS_TEST_TMPDIR/new" -e -a mod_hello.so
	assert_failure 7
	cmp conf.orig "$CONF"
}

@test "failpoint rename: a failing rename leaves module and config as they were" {
	fault rename 5 "cannot rename '$MODS/mod_hello.so': Read-only file system" -i -a mod_hello.so
	MODXS_FAILPOINT=rename run modxs "${S[@]}" --no-config-test -S "LIBEXECDIR=$BATS_TEST_TMPDIR/new" -e -a mod_hello.so
	assert_failure 7
	assert_output "modxs: error: cannot rename '$CONF': Read-only file system"
	cmp conf.orig "$CONF"
	no_leftovers "$ETC"
}

@test "failpoint mkdir: a modules dir that cannot be made is an install error (exit 5)" {
	fault mkdir 5 "cannot create directory '$BATS_TEST_TMPDIR/newmods': Permission denied" \
		-S "LIBEXECDIR=$BATS_TEST_TMPDIR/newmods" -i -a mod_hello.so
	[ ! -e "$BATS_TEST_TMPDIR/newmods" ]
}

@test "failpoint lock: a lock that cannot be taken is exit 6, with nothing changed" {
	fault lock 6 "cannot lock" -i -a mod_hello.so
}

@test "an unwritable config dir: a clear error, the config unchanged, nothing left behind" {
	printf 'Listen 80\n' >"$CONF"
	cp "$CONF" orig
	if [ "$(id -u)" = 0 ]; then
		chattr +i "$ETC" 2>/dev/null || skip "cannot make '$ETC' immutable (chattr) to deny root"
		IMMUTABLE=$ETC
		want="Operation not permitted"
	else
		chmod 555 "$ETC"
		want="Permission denied"
	fi
	run modxs "${S[@]}" --no-config-test -e -a mod_hello.so
	chattr -i "$ETC" 2>/dev/null || chmod 755 "$ETC"
	assert_failure 7
	assert_output "modxs: error: cannot create lock '$CONF.lock': $want"
	cmp orig "$CONF"
	no_leftovers "$ETC"
}

@test "a read-only file system: a clear error, the config unchanged" {
	printf 'Listen 80\n' >"$CONF"
	cp "$CONF" orig
	unshare -m true 2>/dev/null || skip "cannot make a mount namespace (needs root) for a read-only mount"
	run unshare -m sh -c 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && shift && exec "$@"' \
		sh "$ETC" "$MODXS" "${S[@]}" --no-config-test -e -a mod_hello.so
	assert_failure 7
	assert_output "modxs: error: cannot create lock '$CONF.lock': Read-only file system"
	cmp orig "$CONF"
}

@test "activation in a 100,000-line config is linear and fast" {
	big_conf 100000
	start=$(date +%s%N)
	run modxs "${S[@]}" --no-config-test -e -a mod_hello.so
	end=$(date +%s%N)
	assert_success
	ms=$(((end - start) / 1000000))
	echo "# 100,000-line activation: $ms ms" >&3
	# The bound is loose so a loaded machine does not fail it; a quadratic
	# edit would take seconds.
	[ "$ms" -lt 1000 ]
	assert_equal "$(wc -l <"$CONF")" 100001
}

@test "a .bak that already links to the config, as a killed run leaves it, leaves no temp file" {
	printf 'Listen 80\n' >"$CONF"
	ln "$CONF" "$CONF.bak"
	run modxs "${S[@]}" --no-config-test -e -a mod_hello.so
	assert_success
	assert_equal "$(cat "$CONF.bak")" "Listen 80"
	no_leftovers "$ETC"
}

@test "SIGTERM or SIGHUP while holding the lock removes the lock and the temp file" {
	failpoints_built || skip "failpoints are not compiled in (configure with -DMODXS_FAILPOINTS=ON)"
	printf 'Listen 80\n' >"$CONF"
	cp "$CONF" orig
	for sig in TERM HUP; do
		MODXS_FAILPOINT=pause "$MODXS" "${S[@]}" --no-config-test -e -a mod_hello.so 2>/dev/null &
		pid=$!
		for _ in $(seq 100); do
			[ -n "$(find "$ETC" -name '.*.modxs-*')" ] && break
			sleep 0.05
		done
		[ -e "$CONF.lock" ]
		kill -"$sig" "$pid"
		status=0
		wait "$pid" || status=$?
		assert_equal "$status" "$((128 + $(kill -l "$sig")))"
		cmp orig "$CONF"
		no_leftovers "$ETC"
	done
}

@test "a really full disk (a small tmpfs): a clear error, the config unchanged, no temp file" {
	unshare -m true 2>/dev/null || skip "cannot make a mount namespace (needs root) for a small tmpfs"
	# 60 KiB of config on a 96 KiB file system: the new copy cannot fit beside it.
	run unshare -m sh -c '
		mount -t tmpfs -o size=96k tmpfs "$1" || exit 99
		awk "BEGIN { for (i = 0; i < 1500; i++) print \"# filler line \" i \" of the config\" }" >"$1/modxs-demo.conf"
		cp "$1/modxs-demo.conf" "$2/orig"
		"$3" -S "SYSCONFDIR=$1" -S "LIBEXECDIR=$2/m" --no-config-test -e -a mod_hello.so
		echo "exit=$?"
		cmp "$1/modxs-demo.conf" "$2/orig" && echo identical
		ls -A "$1"' sh "$ETC" "$BATS_TEST_TMPDIR" "$MODXS"
	[ "$status" -ne 99 ] || skip "cannot mount a tmpfs here"
	assert_line --index 0 "modxs: error: cannot write '$ETC/modxs-demo.conf': No space left on device"
	assert_line --index 1 "exit=7"
	assert_line --index 2 "identical"
	assert_line --index 3 "modxs-demo.conf"
	assert_equal "${#lines[@]}" 4
}

@test "a 20 MB config is edited in bounded memory, a line at a time" {
	[ -x /usr/bin/time ] || skip "/usr/bin/time is not installed to measure peak memory"
	if grep -q '^MODXS_SANITIZE:BOOL=ON' "$MODXS_BUILD_DIR/CMakeCache.txt" 2>/dev/null; then
		skip "sanitizer builds use more memory by design"
	fi
	big_conf 500000
	size=$(stat -c %s "$CONF")
	run /usr/bin/time -f 'maxrss %M' "$MODXS" "${S[@]}" --no-config-test -e -a mod_hello.so
	assert_success
	rss=$(printf '%s\n' "$output" | awk '/^maxrss/ { print $2 }')
	echo "# $size-byte config: peak RSS $rss KiB" >&3
	[ "$rss" -lt 8192 ]
	# After the last LoadModule line, which big_conf puts at line 499901.
	assert_equal "$(sed -n 499902p "$CONF")" "LoadModule hello_module $MODS/mod_hello.so"
	assert_equal "$(wc -l <"$CONF")" 500001
}

@test "a line longer than 1 MiB is not a text config: an error, the file unchanged" {
	{ printf 'Listen 80\n'; head -c 1100000 /dev/zero | tr '\0' x; printf '\n'; } >"$CONF"
	cp "$CONF" orig
	run modxs "${S[@]}" --no-config-test -e -a mod_hello.so
	assert_failure 7
	assert_output "modxs: error: '$CONF': line 2: longer than 1 MiB: not a text config"
	cmp orig "$CONF"
	no_leftovers "$ETC"
}

@test "-i -a is one transaction: a config that fails to write puts the new module back too" {
	failpoints_built || skip "failpoints are not compiled in (configure with -DMODXS_FAILPOINTS=ON)"
	mkmod hello
	printf 'Listen 80\n' >"$CONF"
	modxs "${S[@]}" --no-config-test -i -A mod_hello.so
	cp "$CONF" conf.orig
	cp "$MODS/mod_hello.so" mod.orig
	receipt=$(receipt_of hello)
	cp "$receipt" receipt.orig
	printf 'int hello_module = 2; int v2;\n' >v2.c
	cc -shared -fPIC -o mod_hello.so v2.c
	# The first rename puts the new module in place; the second, the config's, fails.
	MODXS_FAILPOINT=rename:2 run modxs "${S[@]}" --no-config-test -i -a mod_hello.so
	assert_failure 7
	assert_output --partial "modxs: error: cannot rename '$CONF': Read-only file system"
	cmp conf.orig "$CONF"
	cmp mod.orig "$MODS/mod_hello.so"
	cmp receipt.orig "$receipt"
	no_leftovers "$ETC"
	no_leftovers "$MODS"
}

@test "a first -i -a rejected by the config test leaves no module, receipt or new dir behind" {
	fake_host
	mkmod bad
	printf 'Listen 80\n' >"$CONF"
	cp "$CONF" orig
	run modxs "${HOST[@]}" -i -a mod_bad.so
	assert_failure 8
	cmp orig "$CONF"
	[ ! -e "$MODS" ]
	no_receipt bad
}
