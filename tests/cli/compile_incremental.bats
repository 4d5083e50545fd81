#!/usr/bin/env bats
# Rebuilds: only what changed is compiled; a no-op runs nothing.

load ../helper

# The symbol check's cache goes to the test's scratch space, not $HOME.
setup_file() {
	export XDG_CACHE_HOME="$BATS_FILE_TMPDIR/cache"
}

# A compiler wrapper that logs each run ("compile FILE" / "link"), then runs cc.
setup_more() {
	cat >logcc <<'EOF'
#!/bin/sh
log="$(dirname "$0")/cc.log"
case " $* " in
*" -c "*) for a; do case $a in *.c) echo "compile $a" >>"$log" ;; esac; done ;;
*) echo link >>"$log" ;;
esac
exec cc "$@"
EOF
	chmod +x logcc
	echo '#define ANSWER 42' >answer.h
	printf '#include "answer.h"\nint inc_module = ANSWER;\n' >mod_inc.c
	printf 'int other(void) { return 1; }\n' >other.c
}

# build ARGS...: build mod_inc with the logging compiler, log cleared first.
build() {
	rm -f cc.log
	modxs -c -S CC="$PWD/logcc" "$@" mod_inc.c other.c
}

# The log of the last build, "" when nothing ran.
log() { cat cc.log 2>/dev/null || true; }

@test "a no-op rebuild runs no compiler and no linker and prints nothing" {
	build
	before=$(stat -c %Y.%y .libs/mod_inc.so)
	run build
	assert_success
	assert_output ""
	run log
	assert_output ""
	[ "$(stat -c %Y.%y .libs/mod_inc.so)" = "$before" ]
}

@test "touching a header recompiles only the source that includes it, then relinks" {
	build
	sleep 0.01
	touch answer.h
	run build
	assert_success
	assert_output "[1/2] CC mod_inc.c
[2/2] LINK .libs/mod_inc.so"
	run log
	assert_output "compile mod_inc.c
link"
}

@test "touching a source recompiles it" {
	build
	sleep 0.01
	touch other.c
	build
	run log
	assert_output "compile other.c
link"
}

@test "changed flags recompile everything they reach" {
	build
	build -D EXTRA=1
	run sort cc.log
	assert_output "compile mod_inc.c
compile other.c
link"
	build -D EXTRA=1
	run log
	assert_output ""
}

@test "changed link flags relink without compiling" {
	build
	rm -f cc.log
	modxs -c -S CC="$PWD/logcc" mod_inc.c other.c -lm
	run log
	assert_output "link"
}

@test "a deleted object is rebuilt, and a deleted .la rewritten" {
	build
	rm .libs/other.o
	build
	run log
	assert_output "compile other.c
link"
	rm mod_inc.la
	build
	[ -f mod_inc.la ]
}

@test "a newer library on the link line relinks" {
	echo 'int lib_fn(void) { return 3; }' >lib.c
	cc -fPIC -c lib.c -o lib.o
	ar rc libx.a lib.o
	modxs -c -S CC="$PWD/logcc" mod_inc.c other.c libx.a
	sleep 0.01
	touch libx.a
	rm -f cc.log
	modxs -c -S CC="$PWD/logcc" mod_inc.c other.c libx.a
	run log
	assert_output "link"
}

@test "a header that no longer exists makes its includer recompile" {
	echo '#define EXTRA 1' >gone.h
	printf '#include "gone.h"\nint other(void) { return EXTRA; }\n' >other.c
	build
	rm gone.h
	printf 'int other(void) { return 2; }\n' >other.c
	touch -d '2000-01-01' other.c
	build
	run log
	assert_output "compile other.c
link"
}

@test "a header whose name has a space, a # or a \$ is tracked too" {
	echo '#define ODD 1' >'odd #$ header.h'
	printf '#include "odd #$ header.h"\nint other(void) { return ODD; }\n' >other.c
	build
	sleep 0.01
	touch 'odd #$ header.h'
	build
	run log
	assert_output "compile other.c
link"
	build
	run log
	assert_output ""
}

@test "a header named on a continuation line of the depfile is tracked" {
	for i in $(seq 1 30); do
		echo "#define H$i $i" >"a_rather_long_header_name_to_fill_the_line_$i.h"
		echo "#include \"a_rather_long_header_name_to_fill_the_line_$i.h\""
	done >all.h
	printf '#include "all.h"\nint other(void) { return H30; }\n' >other.c
	build
	[ "$(grep -c '\\$' .libs/.deps/other.d)" -gt 10 ]
	sleep 0.01
	touch a_rather_long_header_name_to_fill_the_line_30.h
	build
	run log
	assert_output "compile other.c
link"
}
