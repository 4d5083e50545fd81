#!/usr/bin/env bats
# File names with spaces, quotes and shell characters build like any other.

load ../helper

# The symbol check's cache goes to the test's scratch space, not $HOME.
setup_file() {
	export XDG_CACHE_HOME="$BATS_FILE_TMPDIR/cache"
}

# odd_build NAME: build mod NAME.c whose record is plain_module (-n plain).
odd_build() {
	printf 'int plain_module = 1;\n' >"$1.c"
	modxs -c -n plain "$1.c"
}

@test "a source with spaces builds" {
	run odd_build "mod x y"
	assert_success
	[ -f "mod x y.la" ] && [ -f ".libs/mod x y.so" ] && [ -f "mod x y.lo" ]
	grep -q "^dlname='mod x y.so'$" "mod x y.la"
}

@test "a source with ; and quotes builds, and its .la reads back" {
	run odd_build "mod_a;b'c\"d"
	assert_success
	[ -f ".libs/mod_a;b'c\"d.so" ]
	grep -q "^dlname='mod_a;b'\\\\''c\"d.so'$" "mod_a;b'c\"d.la"
	printf "int user_module;\n" >mod_user.c
	run modxs -c -v mod_user.c "mod_a;b'c\"d.lo"
	assert_success
	assert_line --partial " '.libs/mod_a;b'\\''c\"d.o'"
}

@test "command substitution in a file name runs nothing" {
	run odd_build 'mod_$(touch pwned)`touch pwned2`'
	assert_success
	[ ! -e pwned ] && [ ! -e pwned2 ]
	[ -f '.libs/mod_$(touch pwned)`touch pwned2`.so' ]
}

@test "a source in a directory with spaces builds there" {
	mkdir "src dir"
	printf 'int plain_module = 1;\n' >"src dir/mod_plain.c"
	run modxs -c "src dir/mod_plain.c"
	assert_success
	[ -f "src dir/mod_plain.la" ] && [ -f "src dir/.libs/mod_plain.so" ]
}

@test "modxs reads back an .la whose name needs quoting" {
	# (libtool itself cannot: it evals file names.)
	odd_build "mod it's"
	printf "int user_module;\n" >mod_user.c
	run modxs -c -v mod_user.c "mod it's.la"
	assert_success
	assert_line --partial " '.libs/mod it'\\''s.so'"
}
