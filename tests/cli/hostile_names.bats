#!/usr/bin/env bats
# Hostile file names and option values for -c: shell metacharacters,
# spaces, quotes, newlines and non-ASCII in sources, -n, -o, -I, -S and -D.
# None may run a command (a canary file 'PWNED' must never appear); each
# builds correctly or fails with one clear error line.

load ../helper

HELLO_SRC="$MODXS_SOURCE_DIR/examples/hello/mod_hello.c"
DEMO="$MODXS_BUILD_DIR/bin/modxs-demo"

setup_more() {
	skip_unless cc "no C compiler (cc) to build test modules"
}

# no_canary: nothing ran a shell command planted in a name.
no_canary() {
	run find . -name 'PWNED*'
	assert_output ""
}

# builds_as FILE [noload]: the demo hello module copied to FILE builds with
# -n hello, the module lands at .libs/BASE.so and the demo host loads it
# (unless noload: a config line cannot name a path holding a newline).
builds_as() {
	local f=$1 base
	cp "$HELLO_SRC" "$f"
	run modxs -c -n hello "$f"
	assert_success
	base=${f%.c}
	[ -f ".libs/$base.so" ] || fail "no '.libs/$base.so' was built"
	[ -f "$base.la" ] || fail "no '$base.la' was written"
	if [ "${2:-}" = noload ]; then
		no_canary
		return
	fi
	# Quoted as the demo config reads it: "..." with \ escaping \ and ".
	local q="$PWD/.libs/$base.so"
	q=${q//\\/\\\\}
	q=${q//\"/\\\"}
	printf 'LoadModule hello_module "%s"\n' "$q" >demo.conf
	run "$DEMO" -f demo.conf
	assert_success
	assert_line "hello_module: Hello, world!"
	no_canary
}

@test "a source named with ';' and a command builds and runs nothing" {
	builds_as 'mod_a;touch PWNED;.c'
}

@test "a source named with spaces builds" {
	builds_as 'mod_x  y z.c'
}

@test "a source named with single and double quotes builds" {
	builds_as "mod_q'u\"ote.c"
}

@test "a source named with \$(...) and backticks builds and runs nothing" {
	builds_as 'mod_$(touch PWNED)`touch PWNED2`.c'
}

@test "a source named with a newline builds" {
	builds_as $'mod_new\nline.c' noload
}

@test "a source named in UTF-8 builds" {
	builds_as 'mod_héllo_日本.c'
}

@test "a source named with glob and redirection characters builds" {
	builds_as 'mod_*?[a]>x<y|z&.c'
}

@test "a source named with backslashes builds" {
	builds_as 'mod_b\a\\c.c'
}

@test "a module file starting with '-' is refused with a clear error, and -o works around it" {
	cp "$HELLO_SRC" ./-mod_b.c
	run modxs -c -n hello ./-mod_b.c
	assert_failure 1
	assert_output "modxs: error: './-mod_b.la': a module name may not start with '-'; rename it or use -o"
	run modxs -c -n hello -o mod_b.la ./-mod_b.c
	assert_success
	[ -f .libs/mod_b.so ]
}

@test "without -n, a hostile file name gives one error line, newline escaped" {
	cp "$HELLO_SRC" $'mod_a;b\nc.c'
	run modxs -c --quiet $'mod_a;b\nc.c'
	assert_failure 4
	assert_equal "${#lines[@]}" 1
	assert_output --partial "modxs: error: '.libs/mod_a;b\\nc.so' does not export its module record"
	no_canary
}

@test "-n with a path, a space, a shell command or nothing is a usage error" {
	cp "$HELLO_SRC" mod_hello.c
	for n in ../x /etc/x 'a b' 'x;touch PWNED' '$(touch PWNED)' '' $'a\nb' 'héllo'; do
		run modxs -c -n "$n" mod_hello.c
		assert_failure 1
		assert_output --partial "modxs: error: invalid module name '"
		assert_equal "${#lines[@]}" 1
	done
	[ ! -e mod_hello.la ] || fail "a module was built despite the bad name"
	no_canary
}

@test "-o with metacharacters writes exactly that file" {
	cp "$HELLO_SRC" mod_hello.c
	run modxs -c -n hello -o 'out dir;$(touch PWNED).la' mod_hello.c
	assert_success
	[ -f 'out dir;$(touch PWNED).la' ]
	[ -f '.libs/out dir;$(touch PWNED).so' ]
	no_canary
}

@test "-o with a UTF-8 name writes exactly that file" {
	cp "$HELLO_SRC" mod_hello.c
	run modxs -c -n hello -o 'mod_ünïcödé_模块.la' mod_hello.c
	assert_success
	[ -f 'mod_ünïcödé_模块.la' ]
	[ -f '.libs/mod_ünïcödé_模块.so' ]
}

@test "-I with spaces and metacharacters finds the header there" {
	mkdir 'inc $(touch PWNED) `x` dir'
	echo '#define GREETING_OK 1' >'inc $(touch PWNED) `x` dir/greet.h'
	{ echo '#include "greet.h"'; echo '#if !GREETING_OK'; echo '#error no'; echo '#endif'
	  cat "$HELLO_SRC"; } >mod_hello.c
	run modxs -c -n hello -I 'inc $(touch PWNED) `x` dir' mod_hello.c
	assert_success
	no_canary
}

@test "-D with quotes and metacharacters reaches the compiler as one define" {
	{ echo '#include <string.h>'
	  echo 'static const char msg[] = MSG;'
	  echo '_Static_assert(sizeof(msg) == sizeof("a;b $(touch PWNED) c"), "MSG intact");'
	  cat "$HELLO_SRC"; } >mod_hello.c
	run modxs -c -n hello -D 'MSG="a;b $(touch PWNED) c"' mod_hello.c
	assert_success
	no_canary
}

@test "-S CC with a command in it fails to run that program, and runs nothing" {
	cp "$HELLO_SRC" mod_hello.c
	run modxs -S 'CC=cc;touch PWNED' -c --quiet -n hello mod_hello.c
	assert_failure 3
	assert_output --partial "modxs: error: cannot run 'cc;touch'"
	assert_equal "${#lines[@]}" 1
	no_canary
}

@test "-S CFLAGS with \$(...) and backticks passes them to the compiler as words" {
	cp "$HELLO_SRC" mod_hello.c
	run modxs -S 'CFLAGS=-O2 "-DX=$(touch PWNED)" -DY=`touch\ PWNED`' -c -n hello mod_hello.c
	assert_success
	no_canary
}

@test "-S with an unterminated quote is a clear error" {
	cp "$HELLO_SRC" mod_hello.c
	run modxs -S "CFLAGS=-O2 'oops" -c -n hello mod_hello.c
	assert_failure 2
	assert_output --partial "unterminated quote"
	assert_equal "${#lines[@]}" 1
}

@test "-S with a newline in the value splits words there, and runs nothing" {
	cp "$HELLO_SRC" mod_hello.c
	run modxs -S $'CFLAGS=-O2\n-DZ=1;touch PWNED' -c -n hello mod_hello.c
	# 'PWNED' reaches the compiler as a file name, as the shell would pass it.
	assert_failure 3
	assert_line "modxs: error: compiling 'mod_hello.c' failed (exit 1)"
	no_canary
}

@test "--json stays valid JSON with quotes, backslashes, newlines and control bytes in names" {
	skip_unless jq "jq parses the --json document"
	f=$'mod_"q\\uote\n\x01.c'
	cp "$HELLO_SRC" "$f"
	"$MODXS" --json -c -n hello "$f" >doc.json
	run jq -r '.files[]?, .module?' doc.json
	assert_success
	no_canary
}
