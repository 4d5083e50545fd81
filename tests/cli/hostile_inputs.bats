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

# --- ${...} in a module path ---------------------------------------------

# apache_scratch: an Apache host (as the apxs user has it) on a scratch
# single-file config at $ETC/httpd.conf.
apache_scratch() {
	modxs --host apache -q TARGET >/dev/null 2>&1 || skip "no apache host profile in this build"
	ETC=$BATS_TEST_TMPDIR/etc
	mkdir -p "$ETC"
	printf 'Listen 80\n' >"$ETC/httpd.conf"
	printf 'int hello_module = 1;\n' >rec.c
	cc -shared -fPIC -o mod_hello.so rec.c
	X=(--host apache --no-config-test -S TARGET=httpd -S "SYSCONFDIR=$ETC")
}

@test "a module path holding \${...} is refused before anything is written: Apache would expand it" {
	apache_scratch
	mods="$BATS_TEST_TMPDIR/\${HOME}/mods"
	run modxs "${X[@]}" -S "LIBEXECDIR=$mods" -i -a mod_hello.so
	assert_failure 5
	assert_output "modxs: error: cannot name '$mods/mod_hello.so' in a config line: the server would expand '\${' in it, and has no escape for it"
	[ ! -e "$BATS_TEST_TMPDIR/\${HOME}" ]
	assert_equal "$(cat "$ETC/httpd.conf")" "Listen 80"
}

@test "-e -a of a module path holding \${...} is refused too" {
	apache_scratch
	run modxs "${X[@]}" -S 'LIBEXECDIR=/srv/${APACHE_RUN_USER}' -e -a mod_hello.so
	assert_failure 5
	assert_output --partial "the server would expand '\${' in it"
	assert_equal "$(cat "$ETC/httpd.conf")" "Listen 80"
}

@test "a module path with a plain '\$' still goes into the config" {
	apache_scratch
	mods="$BATS_TEST_TMPDIR/a\$b/mods"
	run modxs "${X[@]}" -S "LIBEXECDIR=$mods" -i -a mod_hello.so
	assert_success
	run grep -F "$mods/mod_hello.so" "$ETC/httpd.conf"
	assert_output --regexp '^LoadModule hello_module +/'
}

# --- a secret file given as a profile -----------------------------------

@test "--profile of a file that is not JSON names its line and column, never its content" {
	printf 'root:$6$SECRETSALT$SECRETHASH:19000:0:99999:7:::\n' >shadow
	run modxs --profile shadow -q CC
	assert_failure 2
	assert_output "modxs: error: 'shadow': line 1, column 1: malformed JSON"
}

@test "--profile /etc/shadow echoes none of it" {
	[ -r /etc/shadow ] || skip "/etc/shadow is not readable here"
	run modxs --profile /etc/shadow -q CC
	assert_failure 2
	assert_output --regexp "^modxs: error: '/etc/shadow': line [0-9]+, column [0-9]+: malformed JSON$"
}

@test "malformed JSON further in names line and column, and quotes nothing" {
	printf '{\n  "modxs_profile": 1,\n  "name": "SECRET1"\n  "vars": {"SECRET2": 1}\n}\n' >p.json
	run modxs --profile p.json -q CC
	assert_failure 2
	assert_output "modxs: error: 'p.json': line 4, column 3: malformed JSON"
}

@test "text after the JSON object is named by line and column, not quoted" {
	printf '{"modxs_profile": 1, "name": "x", "vars": {}}\nSECRET: hunter2\n' >p.json
	run modxs --profile p.json -q CC
	assert_failure 2
	assert_output "modxs: error: 'p.json': line 2, column 1: trailing data after the JSON object"
}

@test "a JSON file that is not a profile is refused before any of its keys is quoted" {
	printf '{"token": "SECRET1", "token": "SECRET2"}\n' >creds.json
	run modxs --profile creds.json -q CC
	assert_failure 2
	assert_output "modxs: error: 'creds.json': line 1: missing key 'modxs_profile'"
}

@test "a malformed platform.json names line and column, and quotes nothing" {
	private_datadir
	printf '{\n  "modxs_platform": 1,\n  "vars": {"CC": "SECRET" "LD": "x"}\n}\n' \
		>"$MODXS_DATADIR/platform.json"
	run modxs -q CC
	assert_failure 2
	assert_output "modxs: error: '$MODXS_DATADIR/platform.json': line 3, column 27: malformed JSON"
}

# --- .la and .lo files that are not files -------------------------------

# install_args: -i into a scratch modules dir.
install_args() {
	I=(-S "LIBEXECDIR=$BATS_TEST_TMPDIR/mods" -S "SYSCONFDIR=$BATS_TEST_TMPDIR/etc" --no-config-test)
}

@test "-i of a .la that is a directory says so, exit 5" {
	install_args
	mkdir mod_x.la
	run modxs "${I[@]}" -i mod_x.la
	assert_failure 5
	assert_output "modxs: error: cannot read 'mod_x.la': not a regular file"
}

@test "-i of a .la linked to /dev/zero is refused at once, not read until memory runs out" {
	install_args
	ln -s /dev/zero mod_x.la
	run timeout 20 "$MODXS" "${I[@]}" -i mod_x.la
	assert_failure 5
	assert_output "modxs: error: cannot read 'mod_x.la': not a regular file"
}

@test "-i of a .la that is a FIFO does not hang" {
	install_args
	mkfifo mod_x.la
	run timeout 20 "$MODXS" "${I[@]}" -i mod_x.la
	assert_failure 5
	assert_output "modxs: error: cannot read 'mod_x.la': not a regular file"
}

@test "-i of a .la over 1 MiB is refused before it is read" {
	install_args
	head -c 2000000 /dev/zero | tr '\0' '#' >mod_x.la
	run modxs "${I[@]}" -i mod_x.la
	assert_failure 5
	assert_output "modxs: error: cannot read 'mod_x.la': larger than 1 MiB, too large for a libtool file"
}

@test "-c with a .la or .lo that is a directory, a device or a FIFO fails at once, exit 3" {
	mkdir dir.la dir.lo
	ln -s /dev/zero zero.la
	ln -s /dev/zero zero.lo
	mkfifo fifo.la fifo.lo
	for f in dir.la dir.lo zero.la zero.lo fifo.la fifo.lo; do
		run timeout 20 "$MODXS" -c mod_hello.c "$f"
		assert_failure 3
		assert_output "modxs: error: cannot read '$f': not a regular file"
	done
	[ ! -e .libs/mod_hello.so ]
}

@test "-c with a .la that does not exist names it, exit 3 as for any missing input" {
	run modxs -c mod_hello.c missing.la
	assert_failure 3
	assert_output "modxs: error: cannot read 'missing.la': No such file or directory"
}

@test "--profile naming a FIFO does not hang" {
	mkfifo p.json
	run timeout 20 "$MODXS" --profile p.json -q CC
	assert_failure 2
	assert_output "modxs: error: cannot read 'p.json': not a regular file"
}
