#!/usr/bin/env bats
# --libtool with hostile names. libtool is a shell script that evals file
# names (its own warning: "libobj name may not contain shell special
# characters"), so no quoting modxs could add keeps them inert: an argument
# libtool would read as shell code is refused before libtool runs, with one
# error line naming it, exit 1. Without --libtool the same names build.

load ../helper

HELLO_SRC="$MODXS_SOURCE_DIR/examples/hello/mod_hello.c"

setup_more() {
	skip_unless cc "no C compiler (cc) to build test modules"
	skip_unless libtool "libtool is not installed (apt-get install libtool-bin)"
}

# no_canary: nothing ran a shell command planted in a name.
no_canary() {
	run find . -name 'PWN*'
	assert_output ""
}

# refused ARG WHAT...: modxs --libtool WHAT... is refused naming ARG, and
# neither libtool nor the compiler ran.
refused() {
	local arg=$1
	shift
	run modxs --host demo --libtool -c -n hello "$@"
	assert_failure 1
	assert_output --regexp "^modxs: error: --libtool: cannot hand '.*' to libtool: it runs its arguments through the shell, where '.' is special \(build without --libtool\)$"
	assert_output --partial "'$arg'"
	no_canary
	[ ! -e .libs ]
}

@test "--libtool refuses a source named with \$(...) and runs nothing" {
	cp "$HELLO_SRC" 'mod_$(touch PWN).c'
	refused 'mod_$(touch PWN).c' -- 'mod_$(touch PWN).c'
}

@test "--libtool refuses a source named with backticks, quotes, ';' and spaces" {
	for f in 'mod_`touch PWN`.c' "mod_a'b.c" 'mod_a"b.c' 'mod_a;touch PWN;.c' 'mod_x y.c'; do
		cp "$HELLO_SRC" "$f"
		refused "$f" -- "$f"
		rm -f "$f"
	done
}

@test "--libtool refuses an output name with shell characters" {
	cp "$HELLO_SRC" mod_hello.c
	refused 'a$(touch PWN)b.la' -o 'a$(touch PWN)b.la' mod_hello.c
}

@test "--libtool refuses an include dir, a define and a -Wc word with shell characters" {
	cp "$HELLO_SRC" mod_hello.c
	refused '-I$(touch PWN)' -I '$(touch PWN)' mod_hello.c
	refused '-DX=`touch PWN`' -D 'X=`touch PWN`' mod_hello.c
	refused '-DY=$(id)' '-Wc,-DY=$(id)' mod_hello.c
}

@test "--libtool refuses a linked file and a library dir with shell characters" {
	cp "$HELLO_SRC" mod_hello.c
	refused '-L/tmp/$(touch PWN)' -L '/tmp/$(touch PWN)' mod_hello.c
	: >'lib;touch PWN.a'
	refused 'lib;touch PWN.a' mod_hello.c 'lib;touch PWN.a'
}

@test "--libtool refuses a modules dir with shell characters (libtool's -rpath)" {
	cp "$HELLO_SRC" mod_hello.c
	refused '/m/`touch PWN`' -S 'LIBEXECDIR=/m/`touch PWN`' mod_hello.c
}

@test "--libtool still builds plain names, in a plain subdirectory" {
	mkdir src
	cp "$HELLO_SRC" src/mod_hello.c
	run modxs --host demo --libtool -c -n hello -DGREETING=1 src/mod_hello.c
	assert_success
	[ -f src/.libs/mod_hello.so ] && [ -f src/mod_hello.la ]
}

@test "without --libtool, 'x y.c' and 'a;b.c' still build" {
	cp "$HELLO_SRC" 'mod_x y.c'
	cp "$HELLO_SRC" 'mod_a;b.c'
	run modxs --host demo -c -n hello 'mod_x y.c'
	assert_success
	[ -f '.libs/mod_x y.so' ]
	run modxs --host demo -c -n hello 'mod_a;b.c'
	assert_success
	[ -f '.libs/mod_a;b.so' ]
	no_canary
}
