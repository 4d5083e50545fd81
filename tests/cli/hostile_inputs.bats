#!/usr/bin/env bats
# Inputs that are not what they claim: an output name with no file in it,
# a module path a config line would expand, a "profile" that is a secret
# file, a .la that is a directory, a device or a FIFO. Each gets one clear
# error line naming it, and nothing is written, echoed or read forever.

load ../helper

HELLO_SRC="$MODXS_SOURCE_DIR/examples/hello/mod_hello.c"

setup_more() {
	skip_unless cc "no C compiler (cc) to build test modules"
	cp "$HELLO_SRC" mod_hello.c
}

# --- -c -o -------------------------------------------------------------

@test "-c -o naming a directory rather than a file is refused, and nothing is written" {
	mkdir sub
	# '/' last: on a tool that accepted it, the others fail first.
	for o in sub/ sub . .. "$PWD/" "$PWD/sub" ./ /; do
		run modxs -c -o "$o" mod_hello.c
		assert_failure 1
		assert_output "modxs: error: -o '$o' names a directory, not an output file (give one such as 'DIR/mod_NAME.la')"
	done
	[ ! -e .libs ] && [ ! -e sub/.libs ] && [ ! -e ..la ] && [ ! -e .la ] && [ ! -e sub/.la ]
	[ ! -e mod_hello.lo ]
}

@test "--clean -o naming a directory is refused" {
	run modxs --clean -o / mod_hello.c
	assert_failure 1
	assert_output "modxs: error: -o '/' names a directory, not an output file (give one such as 'DIR/mod_NAME.la')"
}

@test "-c -o naming a file in a directory still builds there" {
	mkdir sub
	run modxs -c -o sub/mod_x.la mod_hello.c
	assert_success
	[ -f sub/mod_x.la ] && [ -f sub/.libs/mod_x.so ]
}
