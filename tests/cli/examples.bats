#!/usr/bin/env bats
# examples/: each one builds with modxs -c, warning-free, and loads into its host.

load ../helper
bats_require_minimum_version 1.5.0

EXAMPLES=$MODXS_SOURCE_DIR/examples
STRICT=(-Wc,-Wall -Wc,-Wextra -Wc,-Werror)

# Build in a scratch copy, so the source tree stays clean.
copy_example() {
	cp -r "$EXAMPLES/$1" "$BATS_TEST_TMPDIR/$1"
	cd "$BATS_TEST_TMPDIR/$1"
}

skip_unless_host() {
	[ -f "$MODXS_BUILD_DIR/share/modxs/hosts/$1.json" ] ||
		skip "the $1 host is not recorded in this build"
}

# The server binary a host profile names; skips when it is not installed.
need_server() {
	server="$(modxs --host "$1" -q SBINDIR)/$(modxs --host "$1" -q TARGET)"
	[ -x "$server" ] || skip "the $1 server '$server' is not installed"
}

# A TCP port on 127.0.0.1 that nothing listens on.
free_port() {
	local port
	for _ in $(seq 50); do
		port=$((20000 + RANDOM % 20000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return 0
		fi
	done
	return 1
}

# apache_conf MODULE-LINE...: a scratch ServerRoot config in $PWD/root.
apache_conf() {
	local dir
	dir=$(modxs --host apache -q LIBEXECDIR)
	mkdir -p root
	{
		echo "ServerRoot \"$PWD/root\""
		echo "ServerName localhost"
		echo "Listen 127.0.0.1:${PORT:-8080}"
		echo "PidFile httpd.pid"
		echo "ErrorLog error.log"
		for m in mpm_event authz_core; do
			[ ! -f "$dir/mod_$m.so" ] || echo "LoadModule ${m}_module \"$dir/mod_$m.so\""
		done
		printf '%s\n' "$@"
	} >root/httpd.conf
}

# serve_and_get PATH: start Apache on the scratch config, fetch PATH, stop it.
serve_and_get() {
	skip_unless curl "curl is not installed"
	PORT=$(free_port) || skip "no free port on 127.0.0.1"
	sed -i "s/^Listen .*/Listen 127.0.0.1:$PORT/" root/httpd.conf
	APACHE_CONF=$PWD/root/httpd.conf
	"$server" -f "$APACHE_CONF" -k start
	for _ in $(seq 50); do
		curl -fsS "http://127.0.0.1:$PORT$1" -o body 2>/dev/null && break
		sleep 0.1
	done
	run cat body
}

teardown() {
	if [ -n "${APACHE_CONF:-}" ]; then
		"$server" -f "$APACHE_CONF" -k stop 2>/dev/null || true
		for _ in $(seq 50); do
			[ -f "${APACHE_CONF%/*}/httpd.pid" ] || break
			sleep 0.1
		done
	fi
}

@test "every example has a one-paragraph README" {
	for ex in hello apache-handler proftpd-directive cxx-apache multi-zlib; do
		readme=$EXAMPLES/$ex/README.md
		[ -f "$readme" ] || {
			echo "examples/$ex has no README.md" >&2
			return 1
		}
		# A title, a blank line, then one paragraph: no second blank line.
		[ "$(grep -c '^$' "$readme")" -le 1 ] || {
			echo "examples/$ex/README.md has more than one paragraph" >&2
			return 1
		}
	done
}

@test "hello builds with -c and loads into the demo host" {
	copy_example hello
	run modxs -c "${STRICT[@]}" -Wc,-Wpedantic mod_hello.c
	assert_success
	echo "LoadModule hello_module $PWD/.libs/mod_hello.so" >demo.conf
	run "$MODXS_BUILD_DIR/bin/modxs-demo" -f demo.conf
	assert_success
	assert_line "hello_module: Hello, world!"
}

@test "multi-zlib builds two sources with --pkg zlib and loads into the demo host" {
	skip_unless pkg-config "pkg-config is not installed"
	pkg-config --exists zlib || skip "zlib's pkg-config file is missing (zlib1g-dev)"
	copy_example multi-zlib
	run modxs -c --pkg zlib "${STRICT[@]}" -Wc,-Wpedantic mod_squeeze.c squeeze.c
	assert_success
	assert_line "[3/3] LINK .libs/mod_squeeze.so"
	echo "LoadModule squeeze_module $PWD/.libs/mod_squeeze.so" >demo.conf
	run "$MODXS_BUILD_DIR/bin/modxs-demo" -f demo.conf
	assert_success
	assert_line --regexp "^squeeze_module: zlib $(pkg-config --modversion zlib | sed 's/\./\\./g')[^ ]* squeezed 188 bytes into [0-9]+$"
}

@test "multi-zlib without --pkg zlib fails the symbol check and names the symbol" {
	pkg-config --exists zlib 2>/dev/null || skip "zlib's pkg-config file is missing (zlib1g-dev)"
	copy_example multi-zlib
	run modxs -c mod_squeeze.c squeeze.c
	assert_failure 4
	assert_output --partial "compress"
}

@test "apache-handler builds warning-free, loads with apache2 -t and answers" {
	skip_unless_host apache
	need_server apache
	copy_example apache-handler
	run modxs --host apache -c "${STRICT[@]}" mod_greet.c
	assert_success
	apache_conf "LoadModule greet_module \"$PWD/.libs/mod_greet.so\"" \
		'<Location /greet>' '    SetHandler greet' '    GreetText "Hello from the tests"' \
		'</Location>'
	run --separate-stderr "$server" -t -f "$PWD/root/httpd.conf"
	assert_success
	serve_and_get /greet
	assert_output "Hello from the tests: GET /greet"
}

@test "cxx-apache builds with the C++ driver, loads with apache2 -t and answers" {
	skip_unless_host apache
	need_server apache
	copy_example cxx-apache
	run modxs --host apache -c "${STRICT[@]}" mod_cxxhello.cpp
	assert_success
	run nm -D --defined-only .libs/mod_cxxhello.so
	assert_line --regexp ' cxxhello_module$'
	apache_conf "LoadModule cxxhello_module \"$PWD/.libs/mod_cxxhello.so\"" \
		'<Location /cxxhello>' '    SetHandler cxxhello' '</Location>'
	run --separate-stderr "$server" -t -f "$PWD/root/httpd.conf"
	assert_success
	serve_and_get '/cxxhello?a=1'
	assert_output "Hello from C++: GET /cxxhello (query: 3 bytes)"
}

# quip_conf: a scratch proftpd.conf in $PWD that loads mod_quip from .libs and
# uses its directive. It names its address, as every test config does: by
# default ProFTPD looks up the machine's host name, which many containers and
# CI runners cannot resolve.
quip_conf() {
	{
		echo 'ServerName "quip test"'
		echo 'ServerType standalone'
		echo 'Port 2121'
		echo 'DefaultAddress 127.0.0.1'
		echo "PidFile \"$PWD/proftpd.pid\""
		echo "ScoreboardFile \"$PWD/proftpd.scoreboard\""
		echo '<IfModule mod_delay.c>'
		echo '  DelayEngine off'
		echo '</IfModule>'
		echo '<IfModule mod_ctrls.c>'
		echo '  ControlsEngine off'
		echo '</IfModule>'
		echo '<IfModule mod_dso.c>'
		echo "  ModulePath \"$PWD/.libs\""
		echo '  LoadModule mod_quip.c'
		echo '</IfModule>'
		echo 'QuipText "Files are like cats"'
	} >proftpd.conf
}

@test "proftpd-directive builds warning-free and proftpd -t accepts its directive only when loaded" {
	skip_unless_host proftpd
	need_server proftpd
	copy_example proftpd-directive
	run modxs --host proftpd -c "${STRICT[@]}" mod_quip.c
	assert_success
	quip_conf
	run "$server" -t -c "$PWD/proftpd.conf"
	assert_success
	sed -i '/LoadModule mod_quip.c/d' proftpd.conf
	run "$server" -t -c "$PWD/proftpd.conf"
	assert_failure
	assert_output --partial "QuipText"
}

@test "proftpd-directive's config passes proftpd -t where the host name does not resolve" {
	skip_unless_host proftpd
	need_server proftpd
	need_unresolvable_host
	copy_example proftpd-directive
	modxs --host proftpd -c mod_quip.c >/dev/null
	quip_conf
	run without_host_name "$server" -t -c "$PWD/proftpd.conf"
	assert_success
	refute_output --partial "unable to determine IP address"
}

@test "each example's CMakeLists.txt builds it through find_package(modxs)" {
	skip_unless cmake "cmake is not installed"
	tree_state() { git -C "$MODXS_SOURCE_DIR" status --porcelain --ignored -- examples; }
	git -C "$MODXS_SOURCE_DIR" rev-parse --git-dir >/dev/null 2>&1 && before=$(tree_state)
	built=0
	for ex in apache-handler proftpd-directive cxx-apache multi-zlib; do
		host=$(sed -n 's/.*HOST \([a-z]*\).*/\1/p' "$EXAMPLES/$ex/CMakeLists.txt")
		[ -f "$MODXS_BUILD_DIR/share/modxs/hosts/$host.json" ] || continue
		[ "$ex" != multi-zlib ] || pkg-config --exists zlib 2>/dev/null || continue
		cmake -S "$EXAMPLES/$ex" -B "$BATS_TEST_TMPDIR/$ex" \
			-DCMAKE_PREFIX_PATH="$MODXS_BUILD_DIR" >/dev/null
		run cmake --build "$BATS_TEST_TMPDIR/$ex"
		assert_success
		ls "$BATS_TEST_TMPDIR/$ex"/.libs/mod_*.so >/dev/null
		built=$((built + 1))
	done
	[ "$built" -gt 0 ] || skip "no example's host is recorded in this build"
	# The source tree stays as it was (checked where it is a git checkout):
	# a hello built in place by the Quick start is there before and after.
	if git -C "$MODXS_SOURCE_DIR" rev-parse --git-dir >/dev/null 2>&1; then
		run tree_state
		assert_output "$before"
	fi
}
