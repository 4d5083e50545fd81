#!/usr/bin/env bats
# -c options, each as a user passes it.

bats_require_minimum_version 1.5.0

load ../helper

# The symbol check's cache goes to the test's scratch space, not $HOME.
setup_file() {
	export XDG_CACHE_HOME="$BATS_FILE_TMPDIR/cache"
}

# mod_opt.c: a record that needs nothing.
setup_more() {
	printf 'int opt_module = 1;\n' >mod_opt.c
}

@test "-I, -D and -Wc reach the compiler" {
	mkdir inc
	echo '#define FROM_HEADER 1' >inc/extra.h
	cat >mod_flags.c <<'EOF'
#include "extra.h"
#if VALUE != 5 || !defined(FLAG) || !defined(WC_DEF) || !FROM_HEADER
#error the options did not arrive
#endif
int flags_module = 1;
EOF
	run modxs -c -v -I inc -D VALUE=5 -D FLAG -Wc,"-DWC_DEF -O1" mod_flags.c
	assert_success
	assert_line --partial " -DWC_DEF -O1 -Iinc -DVALUE=5 -DFLAG "
}

@test "-L and -l link a library from a directory, and the check finds it there" {
	mkdir lib
	echo 'int extra(void) { return 7; }' >extra.c
	cc -fPIC -shared extra.c -o lib/libextra.so
	printf 'int extra(void);\nint lib_module = 1;\nint f(void) { return extra(); }\n' >mod_lib.c
	run modxs -c -v -L lib -l extra mod_lib.c
	assert_success
	assert_line --partial ".libs/mod_lib.o -Llib -lextra"
	readelf -d .libs/mod_lib.so | grep -q 'NEEDED.*libextra.so'
	grep -q "^dependency_libs=' -Llib -lextra'" mod_lib.la
}

@test "-Wl,\" -lm -lz \" is split on spaces; bare linker flags get -Wl," {
	run modxs -c -v -Wl," -lm -lz " -Wl,--as-needed -Wl,-z,relro mod_opt.c
	assert_success
	assert_line --partial ".libs/mod_opt.o -lm -lz -Wl,--as-needed -Wl,-z,relro"
	grep -q "^dependency_libs=' -lm -lz'" mod_opt.la
}

@test "-S CC=\"LAUNCHER COMPILER\" runs the launcher with the compiler as an argument" {
	cat >"my launcher" <<'EOF'
#!/bin/sh
printf '%s\n' "$*" >>"$(dirname "$0")/launched.log"
exec "$@"
EOF
	chmod +x "my launcher"
	run modxs -c -S CC="'$PWD/my launcher' cc" mod_opt.c
	assert_success
	run cat launched.log
	assert_line --index 0 --regexp "^cc .*-c mod_opt.c -o .libs/mod_opt.o$"
	assert_line --index 1 --regexp "^cc -shared .*-o .libs/mod_opt.so"
}

@test "-S CC=\"ccache gcc\" builds through ccache" {
	skip_unless ccache "ccache is not installed (apt-get install ccache)"
	skip_unless gcc "gcc is not installed"
	export CCACHE_DIR="$BATS_TEST_TMPDIR/ccache"
	run modxs -c -v -S CC="ccache gcc" mod_opt.c
	assert_success
	assert_line --index 0 --regexp "^ccache gcc "
	[ -f .libs/mod_opt.so ]
	ccache -s | grep -Eiq 'cache (miss|hit)|misses'
}

@test "-p builds a host program whose symbols modules can see" {
	cat >host.c <<'EOF'
#include <stdio.h>
void host_api(void) { puts("host api"); }
int main(void) { host_api(); return 0; }
EOF
	run modxs -c -p -v host.c
	assert_success
	assert_line --partial "$(modxs -q EXPORT_DYNAMIC_FLAG) -o host "
	[ -x host ] && [ ! -e host.la ]
	run ./host
	assert_output "host api"
	nm -D host | grep -q ' T host_api$'
}

@test "--pkg adds a package's cflags and libs" {
	mkdir pc
	cat >pc/modxs-test-pkg.pc <<'EOF'
Name: modxs-test-pkg
Description: a package for the tests
Version: 1.0
Cflags: -DFROM_PKG=1
Libs: -lm
EOF
	printf '#if !FROM_PKG\n#error no pkg cflags\n#endif\nint pkg_module;\n' >mod_pkg.c
	PKG_CONFIG_PATH="$PWD/pc" run modxs -c -v --pkg modxs-test-pkg mod_pkg.c
	assert_success
	assert_line --partial " -DFROM_PKG=1 "
	assert_line --partial ".libs/mod_pkg.o -lm"
}

@test "--pkg with a missing package is an error naming it" {
	PKG_CONFIG_PATH="$PWD" run modxs -c --pkg no-such-package-xyz mod_opt.c
	assert_failure 3
	assert_output --partial "modxs: error: package 'no-such-package-xyz' not found"
	[ ! -e .libs ]
}

@test "-j 2 runs two compilers at once" {
	# Each compile waits (up to 10 s) until another has started: only
	# parallel compiles finish quickly.
	cat >barrier <<'EOF'
#!/bin/sh
dir=$(dirname "$0")
case "$*" in *" -c "*)
	touch "$dir/started.$$"
	n=0
	while [ "$(ls "$dir" | grep -c '^started\.')" -lt 2 ] && [ $n -lt 100 ]; do
		sleep 0.1; n=$((n + 1))
	done
	[ $n -lt 100 ] || { echo "compiles ran one at a time" >&2; exit 1; } ;;
esac
exec cc "$@"
EOF
	chmod +x barrier
	echo 'int one;' >one.c
	run modxs -c -j 2 -S CC="$PWD/barrier" mod_opt.c one.c
	assert_success
	assert_line "[3/3] LINK .libs/mod_opt.so"
}

@test "-j with a bad count is a usage error" {
	run modxs -c -j 0 mod_opt.c
	assert_failure 1
	assert_output --partial "invalid job count '0'"
}

@test "--dry-run prints the commands and writes nothing" {
	run modxs -c --dry-run mod_opt.c
	assert_success
	assert_line --index 0 --regexp " -c mod_opt.c -o .libs/mod_opt.o$"
	assert_line --index 1 --regexp " -o .libs/mod_opt.so "
	run ls -A
	assert_output "mod_opt.c"
}

@test "-v prints lines a shell runs to the same result, odd names included" {
	cp mod_opt.c "mod_it's a;b.c"
	run modxs -c -v --no-check "mod_it's a;b.c"
	assert_success
	[ -f ".libs/mod_it's a;b.so" ]
	printf '%s\n' "${lines[@]}" >commands.sh
	rm ".libs/mod_it's a;b.so" ".libs/mod_it's a;b.o"
	run bash -e commands.sh
	assert_success
	[ -f ".libs/mod_it's a;b.so" ]
}

@test "--compdb writes compile_commands.json with one entry per source, merged on rerun" {
	skip_unless python3 "python3 is needed to read the JSON"
	echo 'int one;' >one.c
	echo 'int two;' >two.c
	modxs -c --compdb mod_opt.c one.c
	modxs -c --compdb mod_opt.c one.c two.c
	run python3 -c '
import json, sys
db = json.load(open("compile_commands.json"))
print(len(db))
for e in db:
    assert e["directory"] and e["arguments"][-1] == e["output"], e
    print(e["file"], e["arguments"][-3])'
	assert_success
	assert_line --index 0 3
	assert_line "mod_opt.c mod_opt.c"
	assert_line "two.c two.c"
}

@test "--json lists files, commands as argv arrays, and checks" {
	skip_unless python3 "python3 is needed to read the JSON"
	run --separate-stderr modxs -c --json mod_opt.c
	assert_success
	echo "$output" | python3 -c '
import json, sys
d = json.load(sys.stdin)
kinds = {f["kind"]: f["path"] for f in d["files"]}
assert kinds["module"] == ".libs/mod_opt.so", kinds
assert kinds["la"] == "mod_opt.la", kinds
assert kinds["object"] == ".libs/mod_opt.o", kinds
assert len(d["commands"]) == 2 and d["commands"][0]["argv"][-1] == ".libs/mod_opt.o"
assert all(c["exit"] == 0 for c in d["commands"])
assert [c["name"] for c in d["checks"]] == ["record", "symbols"], d["checks"]
assert all(c["ok"] for c in d["checks"])
assert d["module"] == "opt" and d["exit"] == 0'
}

@test "--libtool builds the same files through libtool" {
	skip_unless libtool "libtool is not installed (apt-get install libtool-bin)"
	echo 'int one;' >one.c
	run modxs -c --libtool -v mod_opt.c one.c
	assert_success
	assert_line --regexp "libtool .*--mode=compile .* -c -o mod_opt.lo mod_opt.c$"
	assert_line --regexp "libtool .*--mode=link .* -o mod_opt.la -rpath .* -module -avoid-version mod_opt.lo one.lo"
	for f in mod_opt.la mod_opt.lo mod_opt.slo one.lo .libs/mod_opt.o .libs/one.o \
		.libs/mod_opt.so .libs/mod_opt.lai; do
		[ -f "$f" ] || fail "missing $f"
	done
	run modxs -c --libtool mod_opt.c one.c
	assert_success
	assert_output ""
}

@test "--clean removes what -c wrote and nothing else" {
	echo 'int one;' >one.c
	modxs -c mod_opt.c one.c
	run modxs --clean mod_opt.c one.c
	assert_success
	run ls -A
	assert_output "mod_opt.c
one.c"
}

@test "prxs -d -n NAME removes the module's files" {
	modxs -c mod_opt.c
	run modxs --persona prxs --host demo -d -n opt
	assert_success
	[ ! -e mod_opt.la ] && [ ! -e .libs/mod_opt.so ]
}

@test "--json with --libtool keeps libtool's own output off stdout" {
	skip_unless libtool "libtool is not installed (apt-get install libtool-bin)"
	skip_unless python3 "python3 is needed to read the JSON"
	run --separate-stderr modxs -c --libtool --json mod_opt.c
	assert_success
	echo "$output" | python3 -c 'import json, sys; json.load(sys.stdin)'
	[[ $stderr == *"libtool: compile:"* ]]
}

@test "-n with anything but letters, digits and _ is a usage error" {
	run modxs -c -n '../x' mod_opt.c
	assert_failure 1
	assert_output "modxs: error: invalid module name '../x': use only letters, digits and '_'"
}

@test "--json on a no-op rebuild runs no command and says the checks still hold" {
	skip_unless python3 "python3 is needed to read the JSON"
	modxs -c mod_opt.c
	run modxs -c --json mod_opt.c
	assert_success
	echo "$output" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert "commands" not in d, d
assert [(c["name"], c["ok"]) for c in d["checks"]] == [("record", True), ("symbols", True)]'
}

@test "--compdb with --libtool records the compiler's own command, not libtool's" {
	skip_unless libtool "libtool is not installed (apt-get install libtool-bin)"
	skip_unless python3 "python3 is needed to read the JSON"
	modxs -c --libtool --compdb mod_opt.c >/dev/null
	run python3 -c '
import json
e = json.load(open("compile_commands.json"))[0]
print(e["arguments"][0], e["arguments"][-3:])'
	assert_success
	assert_output "$(modxs -q CC) ['mod_opt.c', '-o', '.libs/mod_opt.o']"
}
