#!/usr/bin/env bats
# Compiler launchers (ccache, distcc, icecc): --launcher, MODXS_LAUNCHER and the
# records' setting put a command in front of every compile, never the link,
# and never through a shell. A logging launcher stands in for the real ones
# here; tests/integration/launchers.bats runs ccache, distccd and icecream.

load ../helper

setup_file() {
	export XDG_CACHE_HOME="$BATS_FILE_TMPDIR/cache"
}

# A launcher that logs "launch ARGS" and runs the rest of its words.
setup_more() {
	unset MODXS_LAUNCHER
	mkdir "bin dir"
	cat >"bin dir/log launcher" <<EOF
#!/bin/sh
printf 'launch %s\\n' "\$*" >>'$PWD/launch.log'
exec "\$@"
EOF
	chmod +x "bin dir/log launcher"
	launcher="$PWD/bin dir/log launcher"
	printf 'int one_module = 1;\n' >mod_one.c
	printf 'int two(void) { return 2; }\n' >'x y.c'
	printf 'int three(void) { return 3; }\n' >'a;b.c'
}

# The launcher's log, "" when it never ran.
log() { cat launch.log 2>/dev/null || true; }

# quoted WORD: WORD as modxs takes it back from a -Wc-style value.
quoted() { printf "'%s'" "$1"; }

@test "--launcher goes in front of each compile, with its blanks kept, and not in front of the link" {
	run modxs -v --launcher "$(quoted "$launcher")" -j 1 -c mod_one.c 'x y.c' 'a;b.c'
	assert_success
	cc=$(modxs -q CC)
	assert_line --index 0 "'$launcher' $cc $(modxs -q CFLAGS) -I$(modxs -q INCLUDEDIR) -fPIC -MD -MF .libs/.deps/mod_one.d -c mod_one.c -o .libs/mod_one.o"
	assert_line --partial "'$launcher' $cc "
	assert_line --regexp "^$cc -shared .*-o .libs/mod_one.so"
	run log
	assert_line --index 0 --regexp "^launch $cc .* -c mod_one.c -o .libs/mod_one.o$"
	assert_line --index 1 --regexp "^launch $cc .* -c x y.c -o .libs/x y.o$"
	assert_line --index 2 --regexp "^launch $cc .* -c a;b.c -o .libs/a;b.o$"
	[ "${#lines[@]}" -eq 3 ]
	[ -f .libs/mod_one.so ]
}

@test "the launcher is never handed to a shell" {
	run modxs --launcher "$(quoted "$launcher") ;touch pwned" -c mod_one.c
	assert_failure 3
	[ ! -e pwned ]
	[ ! -e ';touch' ]
}

@test "-q CC, the stamps and compile_commands.json name the compiler: switching the launcher rebuilds nothing" {
	skip_unless jq "jq reads compile_commands.json (apt-get install jq)"
	cc=$(modxs -q CC)
	run modxs --launcher "$(quoted "$launcher")" -q CC
	assert_output "$cc"
	modxs --compdb -c mod_one.c 'x y.c'
	before=$(stat -c %y .libs/mod_one.o .libs/mod_one.so)
	cp compile_commands.json plain.json
	run modxs --launcher "$(quoted "$launcher")" --compdb -c mod_one.c 'x y.c'
	assert_success
	assert_output ""
	run log
	assert_output ""
	[ "$(stat -c %y .libs/mod_one.o .libs/mod_one.so)" = "$before" ]
	cmp plain.json compile_commands.json
	run jq -r '.[0].arguments[0]' compile_commands.json
	assert_output "$cc"
	# A compile that does run under the launcher leaves it out of the entry too.
	touch mod_one.c
	modxs --launcher "$(quoted "$launcher")" --compdb -c mod_one.c 'x y.c'
	run log
	assert_output --regexp "^launch .* -c mod_one.c "
	cmp plain.json compile_commands.json
	# And turning it off again rebuilds nothing either.
	run modxs -c mod_one.c 'x y.c'
	assert_success
	assert_output ""
}

@test "MODXS_LAUNCHER sets the launcher; --launcher overrides it, and '' runs the compiler alone" {
	MODXS_LAUNCHER="$(quoted "$launcher")" modxs -c mod_one.c
	run log
	assert_line --index 0 --partial " -c mod_one.c -o .libs/mod_one.o"
	rm -rf .libs launch.log
	run env MODXS_LAUNCHER="$(quoted "$launcher")" "$MODXS" -v --launcher '' -c mod_one.c
	assert_success
	assert_line --index 0 --regexp "^$(modxs -q CC) "
	run log
	assert_output ""
}

@test "a profile's build.launcher and the platform's launcher are used, expanded; the environment beats them" {
	skip_unless jq "jq edits the profiles (apt-get install jq)"
	private_datadir
	sed 's/launch %s/recorded %s/' "$launcher" >"$MODXS_DATADIR/launch"
	chmod +x "$MODXS_DATADIR/launch"
	jq '.build.launcher = "$(MODXS_DATADIR)/launch"' "$MODXS_DATADIR/hosts/demo.json" >demo.json
	mv demo.json "$MODXS_DATADIR/hosts/demo.json"
	modxs -c mod_one.c
	run log
	assert_output --regexp "^recorded .* -c mod_one.c -o .libs/mod_one.o$"

	rm -rf .libs launch.log
	MODXS_LAUNCHER="$(quoted "$launcher")" modxs -c mod_one.c
	run log
	assert_output --regexp "^launch .* -c mod_one.c -o .libs/mod_one.o$"

	# The platform's, for a host that sets none.
	rm -rf .libs launch.log
	jq 'del(.build.launcher)' "$MODXS_DATADIR/hosts/demo.json" >demo.json
	mv demo.json "$MODXS_DATADIR/hosts/demo.json"
	jq '.launcher = "$(MODXS_DATADIR)/launch"' "$MODXS_DATADIR/platform.json" >platform.json
	mv platform.json "$MODXS_DATADIR/platform.json"
	modxs -c mod_one.c
	run log
	assert_output --regexp "^recorded .* -c mod_one.c -o .libs/mod_one.o$"
}

@test "a launcher that is not a string is an error naming the file and line" {
	skip_unless jq "jq edits the profile (apt-get install jq)"
	private_datadir
	jq '.build.launcher = ["ccache"]' "$MODXS_DATADIR/hosts/demo.json" >demo.json
	mv demo.json "$MODXS_DATADIR/hosts/demo.json"
	run modxs -c mod_one.c
	assert_failure 2
	assert_output --regexp "^modxs: error: '$MODXS_DATADIR/hosts/demo.json': line [0-9]+: 'launcher' must be a string$"
}

@test "a missing launcher is one error naming it and where it was set" {
	run modxs --launcher no-such-launcher -c mod_one.c 'x y.c'
	assert_failure 3
	assert_line "modxs: error: cannot run the launcher 'no-such-launcher' to compile 'mod_one.c': No such file or directory; it is set by --launcher (--launcher '' runs the compiler alone)"
	[ "$(grep -c '^modxs: error:' <<<"$output")" -eq 1 ]
	[ ! -e .libs/mod_one.so ]

	run env MODXS_LAUNCHER=no-such-launcher "$MODXS" -c mod_one.c
	assert_failure 3
	assert_output --partial "it is set by MODXS_LAUNCHER"
}

@test "a failing launcher is one error naming it" {
	printf '#!/bin/sh\necho "broken launcher" >&2\nexit 9\n' >broken
	chmod +x broken
	run modxs --launcher "$PWD/broken" -j 2 -c mod_one.c 'x y.c' 'a;b.c'
	assert_failure 3
	# Whichever compile ends first is named; the launcher failed them all.
	assert_line --regexp "^modxs: error: compiling '(mod_one.c|x y.c)' under the launcher '$PWD/broken' failed \(exit 9\); it is set by --launcher$"
	[ "$(grep -c '^modxs: error:' <<<"$output")" -eq 1 ]
	assert_line "broken launcher"
}

@test "an unterminated quote in --launcher is a usage error" {
	run modxs --launcher "'ccache" -c mod_one.c
	assert_failure 1
	assert_output "modxs: error: unterminated quote in --launcher ''ccache'"
}

@test "--libtool: libtool runs the launcher in front of the compiler, as with CC=\"ccache cc\"" {
	[ -n "$(modxs -q LIBTOOL_PROGRAM)" ] || skip "libtool is not installed (apt-get install libtool-bin)"
	ln -s "$launcher" launch
	run modxs --libtool --launcher "$PWD/launch" -c mod_one.c
	assert_success
	run log
	assert_line --index 0 --regexp "^launch $(modxs -q CC) .*-c mod_one.c .*-o .libs/mod_one.o$"
	[ -f .libs/mod_one.so ]
}

@test "under distcc the default -j is what distcc -j says; -j still wins" {
	# A distcc that says one job, logs each compile's start and end, and runs it.
	mkdir fake
	cat >fake/distcc <<'EOF'
#!/bin/sh
log="$(dirname "$0")/../distcc.log"
if [ "$1" = -j ]; then echo asked >>"$log"; echo 1; exit 0; fi
echo start >>"$log"; sleep 0.3; "$@"; rc=$?; echo end >>"$log"; exit $rc
EOF
	chmod +x fake/distcc
	printf 'int f%d(void) { return 0; }\n' 1 >f1.c
	printf 'int f%d(void) { return 0; }\n' 2 >f2.c
	printf 'int f%d(void) { return 0; }\n' 3 >f3.c
	run modxs --launcher "$PWD/fake/distcc" --no-check -c mod_one.c f1.c f2.c f3.c
	assert_success
	run cat distcc.log
	assert_output "asked
start
end
start
end
start
end
start
end"
	# With -j given, distcc is not asked.
	rm -rf .libs distcc.log
	modxs --launcher "$PWD/fake/distcc" --no-check -j 4 -c mod_one.c f1.c f2.c f3.c
	run grep -c asked distcc.log
	assert_output 0
}

@test "under icecc with no scheduler to ask: one warning naming icecc and -j, then one job per CPU" {
	# An icecc that runs the compile; nothing listens where ICECC_SCHEDULER points.
	mkdir fake
	printf '#!/bin/sh\nexec "$@"\n' >fake/icecc
	chmod +x fake/icecc
	printf 'int f%d(void) { return 0; }\n' 1 >f1.c
	printf 'int f%d(void) { return 0; }\n' 2 >f2.c
	export ICECC_SCHEDULER=127.0.0.1:1
	run modxs --launcher "$PWD/fake/icecc" --no-check -c mod_one.c f1.c f2.c
	assert_success
	cpus=$(nproc)
	assert_line --regexp "^modxs: warning: cannot learn how many jobs icecc's farm takes: .*; running $cpus compiles at once, one per CPU here \(-j N sets how many\)$"
	# Which reason depends on whether this modxs has the plugin; both are said.
	assert_line --regexp "(no icecc scheduler answered on '127.0.0.1:1' \(ICECC_SCHEDULER\) within 2 s|this modxs was built without libicecc-dev)"
	[ "$(grep -c 'warning:' <<<"$output")" = 1 ]
	[ -f .libs/mod_one.so ]

	# -j given, or a single compile: nothing is asked, nothing is said.
	rm -rf .libs
	run modxs --launcher "$PWD/fake/icecc" --no-check -j 2 -c mod_one.c f1.c f2.c
	assert_success
	refute_output --partial warning
	rm -rf .libs
	run modxs --launcher "$PWD/fake/icecc" --no-check -c mod_one.c
	assert_success
	refute_output --partial warning
}

@test "apxs users: -S CC=\"LAUNCHER cc\" still works, and MODXS_LAUNCHER reaches apxs -c" {
	apxs=$MODXS_BUILD_DIR/libexec/modxs/apxs
	[ -f "$MODXS_BUILD_DIR/share/modxs/hosts/apache.json" ] || skip "the apache host is not recorded"
	ln -s "$launcher" launch
	printf '#include "httpd.h"\n#include "http_config.h"\nmodule AP_MODULE_DECLARE_DATA one_module = {STANDARD20_MODULE_STUFF};\n' >mod_one.c
	run "$apxs" -S CC="$PWD/launch $("$apxs" -q CC)" -c mod_one.c
	assert_success
	run log
	assert_line --index 0 --partial "-c mod_one.c"
	[ -f .libs/mod_one.so ]

	# A Makefile that runs apxs gets the launcher from the environment, and -q CC is unchanged.
	rm -rf .libs launch.log
	cc=$("$apxs" -q CC)
	MODXS_LAUNCHER="$PWD/launch" "$apxs" -c mod_one.c
	run log
	assert_line --index 0 --regexp "^launch $cc .*-c mod_one.c"
	run env MODXS_LAUNCHER="$PWD/launch" "$apxs" -q CC
	assert_output "$cc"
}
