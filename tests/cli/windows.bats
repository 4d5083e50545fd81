#!/usr/bin/env bats
# Windows DLL modules: the mingw-w64 platform record, the demo host built
# as modxs-demo.exe with its import library, the PE checks, and the proof
# under Wine that the host loads a module modxs built and the module calls
# back into the host.

bats_require_minimum_version 1.5.0
load ../helper
load abi_lib

TRIPLE=x86_64-w64-mingw32
DEMO_SRC="$MODXS_SOURCE_DIR/examples/demo-host/modxs-demo.c"
HELLO_SRC="$MODXS_SOURCE_DIR/examples/hello/mod_hello.c"

# missing WHAT: a tool the tests need is absent: fails under MODXS_CI=1, else skips visibly.
missing() {
	if [ -n "${MODXS_CI:-}" ]; then
		fail "$1 (MODXS_CI is set: install it, see .ci/deps)"
	fi
	skip "$1"
}

setup_file() {
	export XDG_CACHE_HOME="$BATS_FILE_TMPDIR/cache"
	export WINEPREFIX="$BATS_FILE_TMPDIR/wine" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
	unset DISPLAY
}

teardown_file() {
	# Stop the wineserver this file's prefix started, and only that one.
	if [ -d "${WINEPREFIX:-}" ] && command -v "$(wineserver_path)" >/dev/null 2>&1; then
		"$(wineserver_path)" -k 2>/dev/null || true
	fi
}

setup_more() {
	[ -f "$MODXS_BUILD_DIR/share/modxs/targets/$TRIPLE.json" ] ||
		missing "no $TRIPLE platform record: mingw-w64 was not installed at modxs's build (apt-get install gcc-mingw-w64-x86-64, then reconfigure)"
	W=(--target "$TRIPLE" -S "PREFIX=$PWD/win" -S "INCLUDEDIR=$MODXS_BUILD_DIR/include/modxs-demo")
}

wine_path() { command -v wine64 || echo /usr/lib/wine/wine64; }
# wine_run ARGS...: a Windows program under wine64, its CRLF line ends made LF.
wine_run() {
	local rc=0
	"$(wine_path)" "$@" </dev/null >wine.out 2>&1 || rc=$?
	tr -d '\r' <wine.out
	return "$rc"
}
wineserver_path() { command -v wineserver || echo /usr/lib/wine/wineserver64; }

# need_wine: wine64 is installed and runs a program here, else skips (fails if absent in CI).
need_wine() {
	[ -x "$(wine_path)" ] || missing "wine64 is not installed (apt-get install wine64)"
	"$(wine_path)" "$PWD/win/bin/modxs-demo.exe" -v </dev/null >wine-probe.out 2>&1 ||
		skip "wine64 cannot run a program here: $(tail -1 wine-probe.out)"
}

# host: the demo host built for Windows by modxs -p, in win/bin, with an empty config.
host() {
	mkdir -p win/bin win/etc/modxs-demo win/lib/modxs-demo/modules
	echo "# modules" >win/etc/modxs-demo/modxs-demo.conf
	# A copy: a build leaves its objects beside the source, never in the checkout.
	mkdir -p src
	cp "$DEMO_SRC" "${DEMO_SRC%.c}.h" src/
	modxs "${W[@]}" -p -c -o win/bin/modxs-demo.exe src/modxs-demo.c
}

# dll_exports FILE / dll_imports FILE: what objdump (not modxs) reads in a PE file.
dll_exports() { "$TRIPLE-objdump" -p "$1" | sed -n '/Ordinal\/Name Pointer/,/^$/p'; }
dll_imports() { "$TRIPLE-objdump" -p "$1" | sed -n '/DLL Name:/,/^$/p'; }

@test "--target $TRIPLE: -q answers from the Windows record, the native record is unchanged" {
	run modxs --target "$TRIPLE" -q CC
	assert_success
	assert_output "$(command -v "$TRIPLE-gcc")"
	run modxs --target "$TRIPLE" -q PIC_FLAG SHLIB_LDFLAGS EXE_SUFFIX IMPLIB_SUFFIX TARGET_TRIPLE
	assert_output ";;-shared;;.exe;;.lib;;$TRIPLE"
	run modxs -S "TARGET_TRIPLE=$TRIPLE" -q CC
	assert_output "$(command -v "$TRIPLE-gcc")"
	run modxs -q TARGET_TRIPLE
	assert_output "$(cc -dumpmachine)"
}

@test "an unknown --target is a usage error naming the recorded ones" {
	run modxs --target sparc-sun-solaris -q CC
	assert_failure 1
	assert_output "modxs: error: no platform record for target 'sparc-sun-solaris'; recorded: native ('$(cc -dumpmachine)'), $TRIPLE"
}

@test "a profile that names its target selects it" {
	private_datadir
	sed 's/"name": "demo",/"name": "demo-win", "target": "'"$TRIPLE"'",/' \
		"$MODXS_DATADIR/hosts/demo.json" >"$MODXS_DATADIR/hosts/demo-win.json"
	run modxs --host demo-win -q TARGET_TRIPLE MODULE_SUFFIX
	assert_success
	assert_output "$TRIPLE;;.so"
}

@test "-p builds modxs-demo.exe exporting its API, and writes its import library beside it" {
	run host
	assert_success
	[ "$(head -c 2 win/bin/modxs-demo.exe)" = MZ ]
	[ -s win/bin/modxs-demo.lib ] && [ -s win/bin/modxs-demo.def ]
	run dll_exports win/bin/modxs-demo.exe
	assert_output --partial demo_host_say
	assert_output --partial demo_host_api_version
	run "$TRIPLE-nm" win/bin/modxs-demo.lib
	assert_output --partial "T demo_host_say"
}

@test "-c builds a PE DLL module that exports its record and imports the host's function" {
	host
	cp "$HELLO_SRC" .
	run modxs "${W[@]}" -c mod_hello.c
	assert_success
	run dll_exports .libs/mod_hello.so
	assert_output --partial hello_module
	run dll_imports .libs/mod_hello.so
	assert_output --partial "DLL Name: modxs-demo.exe"
	assert_output --partial demo_host_say
}

@test "a module whose record is not exported is refused at build, exit 4" {
	host
	cat >mod_norec.c <<'EOF'
#include "modxs-demo.h"
MODXS_DEMO_DECLARE_DATA int norec_table[2];
struct modxs_demo_module norec_module = { MODXS_DEMO_MODULE_STUFF, 0 };
EOF
	run modxs "${W[@]}" -c --quiet mod_norec.c
	assert_failure 4
	assert_output "modxs: error: '.libs/mod_norec.so' does not export its module record 'norec_module'; no exported data symbol looks like one (a DLL exports what is marked __declspec(dllexport))"
}

@test "a module exporting another record is told which, exit 4" {
	host
	printf '#include "modxs-demo.h"\nMODXS_DEMO_DECLARE_DATA struct modxs_demo_module other_module = { MODXS_DEMO_MODULE_STUFF, 0 };\n' >mod_right.c
	run modxs "${W[@]}" -c --quiet mod_right.c
	assert_failure 4
	assert_output "modxs: error: '.libs/mod_right.so' does not export its module record 'right_module'; it exports other_module (use -n NAME, or rename the record)"
}

# mod_newer.c: a module calling demo_host_secret(), which this host does not export.
newer_module() {
	cat >mod_newer.c <<'EOF'
#include "modxs-demo.h"
MODXS_DEMO_API void demo_host_secret(void);
static int newer_init(const struct modxs_demo_host *h) { (void)h; demo_host_secret(); return 0; }
MODXS_DEMO_DECLARE_DATA struct modxs_demo_module newer_module = { MODXS_DEMO_MODULE_STUFF, newer_init };
EOF
}

@test "a module importing a symbol the host does not export is refused, naming it, exit 4" {
	host
	newer_module
	# As if built against a newer host: an import library that claims the symbol.
	printf 'LIBRARY modxs-demo.exe\nEXPORTS\ndemo_host_secret\n' >newer.def
	"$TRIPLE-dlltool" -d newer.def -l newer.lib
	run modxs "${W[@]}" -c --quiet mod_newer.c newer.lib
	assert_failure 4
	assert_output "modxs: error: '.libs/mod_newer.so': imports that neither the host's import library '$PWD/win/bin/modxs-demo.lib' nor a system DLL provides: demo_host_secret (from modxs-demo.exe) (link the library that has them, or skip this check with --no-check)"
}

@test "without any library that has the symbol, the link itself fails, exit 3" {
	host
	newer_module
	run modxs "${W[@]}" -c mod_newer.c
	assert_failure 3
	assert_output --partial "undefined reference to \`__imp_demo_host_secret'"
	assert_line "modxs: error: linking '.libs/mod_newer.so' failed (exit 1)"
}

@test "-g makes a module that builds for Windows" {
	host
	run modxs "${W[@]}" -g -n greet
	assert_success
	cd greet
	run modxs "${W[@]}" -c -n greet mod_greet.c
	assert_success
	run dll_exports .libs/mod_greet.so
	assert_output --partial greet_module
}

@test "-i -a with DESTDIR stages the DLL and the LoadModule line" {
	host
	cp "$HELLO_SRC" . && modxs "${W[@]}" -c mod_hello.c
	mkdir -p stage/opt/win/etc/modxs-demo
	echo "# modules" >stage/opt/win/etc/modxs-demo/modxs-demo.conf
	DESTDIR=$PWD/stage run modxs --target "$TRIPLE" -S PREFIX=/opt/win -i -a mod_hello.la
	assert_success
	[ "$(head -c 2 stage/opt/win/lib/modxs-demo/modules/mod_hello.so)" = MZ ]
	run cat stage/opt/win/etc/modxs-demo/modxs-demo.conf
	assert_output "# modules
LoadModule hello_module /opt/win/lib/modxs-demo/modules/mod_hello.so"
}

@test "--list reads an installed DLL's export table for its record" {
	host
	cp "$HELLO_SRC" . && modxs "${W[@]}" -c mod_hello.c
	modxs "${W[@]}" --no-config-test -i -a mod_hello.la
	run modxs "${W[@]}" --list
	assert_success
	assert_output --regexp "^hello_module +active +present +exported +- +$PWD/win/lib/modxs-demo/modules/mod_hello.so$"
}

@test "under Wine, modxs-demo.exe loads the module modxs built and the module calls the host" {
	host
	need_wine
	cp "$HELLO_SRC" .
	modxs "${W[@]}" -c mod_hello.c
	echo "LoadModule hello_module .libs/mod_hello.so" >demo.conf
	run wine_run win/bin/modxs-demo.exe -f demo.conf
	assert_success
	# The second line is printed by the host's demo_host_say(), called by the module.
	assert_output "loaded hello_module from ./.libs/mod_hello.so
hello_module: Hello, world!"
}

@test "under Wine, the host loads a module installed with -i -a from its default config" {
	host
	need_wine
	cp "$HELLO_SRC" . && modxs "${W[@]}" -c mod_hello.c
	# The config test would run modxs-demo.exe, which Linux cannot exec.
	run modxs "${W[@]}" --no-config-test -i -a mod_hello.la
	assert_success
	cd win
	run wine_run bin/modxs-demo.exe
	assert_success
	assert_line "loaded hello_module from $PWD/lib/modxs-demo/modules/mod_hello.so"
	assert_line "hello_module: Hello, world!"
}

# httpd_win: a stand-in for a Windows httpd's include and lib dirs: a header
# shaped like Apache's for what the test module uses, and import libraries
# made by dlltool from the DLL names and exports of a real build.
httpd_win() {
	mkdir -p httpd-win/include httpd-win/lib
	cat >httpd-win/include/httpd.h <<'H'
#include <stddef.h>
#define AP_DECLARE(type) __declspec(dllimport) type
#define APR_DECLARE(type) __declspec(dllimport) type
#define AP_MODULE_DECLARE_DATA __declspec(dllexport)
typedef struct apr_pool_t apr_pool_t;
typedef struct request_rec { apr_pool_t *pool; const char *handler; } request_rec;
typedef struct module_struct {
	int version, minor_version, module_index;
	const char *name;
	void *dynamic_load_handle;
	struct module_struct *next;
	unsigned long magic;
	void (*rewrite_args)(void *process);
} module;
#ifndef MODULE_MAGIC_NUMBER_MAJOR
#define MODULE_MAGIC_NUMBER_MAJOR 20120211
#endif
#define MODULE_MAGIC_COOKIE 0x41503234UL
#define STANDARD20_MODULE_STUFF MODULE_MAGIC_NUMBER_MAJOR, 0, -1, __FILE__, NULL, NULL, MODULE_MAGIC_COOKIE, NULL
AP_DECLARE(int) ap_rputs(const char *str, request_rec *r);
AP_DECLARE(int) ap_gone(void);
APR_DECLARE(char *) apr_pstrdup(apr_pool_t *p, const char *s);
H
	printf 'LIBRARY libhttpd.dll\nEXPORTS\nap_rputs\nap_hook_handler\n' >libhttpd.def
	printf 'LIBRARY libapr-1.dll\nEXPORTS\napr_pstrdup\n' >libapr-1.def
	printf 'LIBRARY libaprutil-1.dll\nEXPORTS\napu_version_string\n' >libaprutil-1.def
	for l in libhttpd libapr-1 libaprutil-1; do
		"$TRIPLE-dlltool" -d $l.def -l httpd-win/lib/$l.lib
	done
	A=(--host apache-win -S "INCLUDEDIR=$PWD/httpd-win/include" -S "LIBDIR=$PWD/httpd-win/lib")
}

# mod_shout.c: an Apache-shaped module calling httpd and APR; CALL is one more statement.
shout_module() {
	cat >mod_shout.c <<C
#include "httpd.h"
int shout(request_rec *r);
int shout(request_rec *r) { $1 return ap_rputs(apr_pstrdup(r->pool, "HELLO"), r); }
module AP_MODULE_DECLARE_DATA shout_module = { STANDARD20_MODULE_STUFF };
C
}

@test "apache-win: -S INCLUDEDIR and LIBDIR build a DLL that imports libhttpd and libapr" {
	httpd_win
	shout_module ""
	run modxs "${A[@]}" -c mod_shout.c
	assert_success
	run dll_imports .libs/mod_shout.so
	assert_output --partial "DLL Name: libhttpd.dll"
	assert_output --partial ap_rputs
	assert_output --partial "DLL Name: libapr-1.dll"
	run dll_exports .libs/mod_shout.so
	assert_output --partial shout_module
}

@test "apache-win: an import libhttpd.lib does not define is refused, exit 4" {
	httpd_win
	shout_module "ap_gone();"
	# An import library of another httpd build that still had ap_gone.
	printf 'LIBRARY libhttpd.dll\nEXPORTS\nap_gone\n' >old.def
	"$TRIPLE-dlltool" -d old.def -l old.lib
	run modxs "${A[@]}" -c mod_shout.c old.lib
	assert_failure 4
	assert_output --partial "'.libs/mod_shout.so': imports that neither the host's import library '$PWD/httpd-win/lib/libhttpd.lib', "
	assert_output --partial "provides: ap_gone (from libhttpd.dll)"
}

# The ABI stamp of a DLL: read from the PE export table and laid out as
# Windows lays it (LLP64: long is 4 bytes), as an ELF module's is.

@test "apache-win: a DLL with Apache's stamp passes -c; one built for another API is refused, exit 4" {
	httpd_win
	shout_module ""
	run --separate-stderr modxs "${A[@]}" --json -c mod_shout.c
	assert_success
	assert_output --partial '{"name":"abi","ok":true,"detail":"Apache API 20120211, Apache magic cookie 0x41503234"}'
	run modxs "${A[@]}" -DMODULE_MAGIC_NUMBER_MAJOR=20051115 -c mod_shout.c
	assert_failure 4
	assert_line "modxs: error: '.libs/mod_shout.so': module 'shout' was built for Apache API 20051115, this server is 20120211"
	# As after any failed check, -i has no .la to install.
	assert [ ! -e mod_shout.la ]
}

@test "apache-win: -i -a of a DLL whose record was rewritten installs nothing, exit 4" {
	httpd_win
	shout_module ""
	modxs "${A[@]}" -c mod_shout.c
	mkdir -p ap/conf && echo "# modules" >ap/conf/httpd.conf
	cp .libs/mod_shout.so good.so
	set_pe_int "$TRIPLE" .libs/mod_shout.so shout_module 0 20051115
	run modxs "${A[@]}" -S "PREFIX=$PWD/ap" -i -a mod_shout.la
	assert_failure 4
	assert_output "modxs: error: '.libs/mod_shout.so': module 'shout' was built for Apache API 20051115, this server is 20120211"
	assert [ ! -e ap/modules/mod_shout.so ]
	assert_equal "$(cat ap/conf/httpd.conf)" "# modules"
	# The cookie, an unsigned long: 4 bytes at 40 on 64-bit Windows.
	cp good.so .libs/mod_shout.so
	set_pe_int "$TRIPLE" .libs/mod_shout.so shout_module 40 0x41503133
	run modxs "${A[@]}" -S "PREFIX=$PWD/ap" -i -a mod_shout.la
	assert_failure 4
	assert_output --partial "module 'shout' was built for Apache magic cookie 0x41503133, this server is 0x41503234"
	assert_equal "$(cat ap/conf/httpd.conf)" "# modules"
	cp good.so .libs/mod_shout.so
	run modxs "${A[@]}" -S "PREFIX=$PWD/ap" -i -a mod_shout.la
	assert_success
	assert [ -f ap/modules/mod_shout.so ]
}

# demo_win_stamp: the demo profile with the stamp of modxs-demo.h, whose
# record starts with an unsigned long: its API number is at 4 on Windows, 8 on 64-bit ELF.
demo_win_stamp() {
	private_datadir
	stamp_demo_profile
}

# win_module FILE NAME API: a demo module for Windows whose record says API.
win_module() {
	cat >"$1" <<C
#include "modxs-demo.h"
static int init(const struct modxs_demo_host *h) { (void)h; demo_host_say("$2_module", "up"); return 0; }
MODXS_DEMO_DECLARE_DATA struct modxs_demo_module $2_module = { MODXS_DEMO_MAGIC, $3, __FILE__, init };
C
}

@test "demo with a stamp: -c reads a DLL's record as LLP64 and refuses another API, exit 4" {
	demo_win_stamp
	host
	win_module mod_good.c good 1
	run modxs "${W[@]}" -c mod_good.c
	assert_success
	win_module mod_old.c old 2
	run modxs "${W[@]}" -c mod_old.c
	assert_failure 4
	assert_line "modxs: error: '.libs/mod_old.so': module 'old' was built for modxs-demo API 2, this server is 1"
}

@test "demo with a stamp: -i of a DLL with a rewritten API number is refused; --list shows abi-ok and abi-mismatch" {
	demo_win_stamp
	host
	win_module mod_good.c good 1
	win_module mod_old.c old 1
	modxs "${W[@]}" -c mod_good.c
	modxs "${W[@]}" -c mod_old.c
	set_pe_int "$TRIPLE" .libs/mod_old.so old_module 4 20051115
	run modxs "${W[@]}" --no-config-test -i -a mod_old.la
	assert_failure 4
	assert_output "modxs: error: '.libs/mod_old.so': module 'old' was built for modxs-demo API 20051115, this server is 1"
	assert [ ! -e win/lib/modxs-demo/modules/mod_old.so ]
	assert_equal "$(cat win/etc/modxs-demo/modxs-demo.conf)" "# modules"
	modxs "${W[@]}" --no-config-test -i -a mod_good.la
	modxs "${W[@]}" --no-config-test --no-check -i -a mod_old.la
	run modxs "${W[@]}" --list
	assert_success
	assert_line --regexp "^good_module +active +present +exported +abi-ok +$PWD/win/lib/modxs-demo/modules/mod_good.so$"
	assert_line --regexp "^old_module +active +present +exported +abi-mismatch +$PWD/win/lib/modxs-demo/modules/mod_old.so$"
}

@test "under Wine, modxs-demo.exe refuses the rewritten record modxs refuses, and loads the other" {
	demo_win_stamp
	host
	need_wine
	win_module mod_good.c good 1
	win_module mod_old.c old 1
	modxs "${W[@]}" -c mod_good.c
	modxs "${W[@]}" -c mod_old.c
	set_pe_int "$TRIPLE" .libs/mod_old.so old_module 4 20051115
	echo "LoadModule good_module .libs/mod_good.so" >good.conf
	run wine_run win/bin/modxs-demo.exe -f good.conf
	assert_success
	assert_line "good_module: up"
	echo "LoadModule old_module .libs/mod_old.so" >old.conf
	run wine_run win/bin/modxs-demo.exe -f old.conf
	assert_failure
	assert_output --partial "was built for API version 20051115, this host has 1"
}
