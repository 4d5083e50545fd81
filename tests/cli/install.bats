#!/usr/bin/env bats
# -i: installing modules into the modules dir, and --uninstall.

bats_require_minimum_version 1.5.0
load ../helper
load install_lib

@test "-i installs a .so as BASE.so, mode 0644, creating the modules dir" {
	mkmod hello
	chmod 755 mod_hello.so
	run modxs "${S[@]}" -i mod_hello.so
	assert_success
	assert_output --partial "installed '$MODS/mod_hello.so'"
	cmp mod_hello.so "$MODS/mod_hello.so"
	run stat -c %a "$MODS/mod_hello.so"
	assert_output "644"
	no_leftovers "$MODS"
}

@test "-i replaces an installed module by rename, never rewriting it in place" {
	mkmod hello
	modxs "${S[@]}" -i mod_hello.so
	before=$(stat -c %i "$MODS/mod_hello.so")
	printf 'int hello_module = 2; int more;\n' >v2.c
	cc -shared -fPIC -o mod_hello.so v2.c
	run modxs "${S[@]}" -i mod_hello.so
	assert_success
	cmp mod_hello.so "$MODS/mod_hello.so"
	[ "$(stat -c %i "$MODS/mod_hello.so")" != "$before" ]
	no_leftovers "$MODS"
}

@test "-i with other extensions installs as BASE.so, as apxs names it" {
	mkmod hello mod_hello.dylib
	run modxs "${S[@]}" -i mod_hello.dylib
	assert_success
	[ -f "$MODS/mod_hello.so" ]
}

@test "-i a.so b.so installs each under its own name, and -a activates each" {
	mkmod alpha
	mkmod beta
	touch "$CONF"
	run modxs "${S[@]}" --no-config-test -i -a mod_alpha.so mod_beta.so
	assert_success
	[ -f "$MODS/mod_alpha.so" ] && [ -f "$MODS/mod_beta.so" ]
	run cat "$CONF"
	assert_output "LoadModule alpha_module $MODS/mod_alpha.so
LoadModule beta_module $MODS/mod_beta.so"
}

@test "the name comes from the record symbol the .so exports when there is no source" {
	mkmod greeter libgreet.so
	touch "$CONF"
	run modxs "${S[@]}" --no-config-test -i -a libgreet.so
	assert_success
	run cat "$CONF"
	assert_output "LoadModule greeter_module $MODS/libgreet.so"
}

@test "the name comes from the source beside the module before the file name" {
	mkmod other mod_x.so
	printf 'AP_DECLARE_MODULE(fromsrc) = {\n};\n' >mod_x.c
	touch "$CONF"
	run modxs "${S[@]}" --no-config-test -i -a mod_x.so
	assert_success
	run cat "$CONF"
	assert_output "LoadModule fromsrc_module $MODS/mod_x.so"
}

@test "-n wins over every other source of the name" {
	mkmod hello
	touch "$CONF"
	run modxs "${S[@]}" --no-config-test -n custom -i -a mod_hello.so
	assert_success
	assert_equal "$(cat "$CONF")" "LoadModule custom_module $MODS/mod_hello.so"
}

@test "an invalid -n is an error and installs nothing" {
	mkmod hello
	for bad in 'a-b' '../x' 'a b' 'x;rm'; do
		run modxs "${S[@]}" -n "$bad" -i mod_hello.so
		assert_failure 1
		assert_output "modxs: error: invalid module name '$bad': use only letters, digits and '_'"
	done
	[ ! -e "$MODS" ]
}

@test "a file with no module name anywhere asks for -n" {
	printf 'int nothing;\n' >x.c
	cc -shared -fPIC -o libplain.so x.c
	run modxs "${S[@]}" -i libplain.so
	assert_failure 1
	assert_output --partial "cannot work out the module name of 'libplain.so': give it with -n NAME"
}

@test "a missing input file is an install error naming it" {
	run modxs "${S[@]}" -n x -i nosuch.so
	assert_failure 5
	assert_output "modxs: error: cannot read 'nosuch.so': No such file or directory"
}

@test "a file name with shell characters installs like any other" {
	mkmod odd 'mod_odd;$(touch pwned).so'
	run modxs "${S[@]}" -n odd -i 'mod_odd;$(touch pwned).so'
	assert_success
	[ -f "$MODS/mod_odd;\$(touch pwned).so" ]
	[ ! -e pwned ]
}

@test "DESTDIR stages files and config edits (and with --receipt the receipt); LoadModule names the final path" {
	mkmod hello
	mkdir -p "stage$ETC"
	printf 'Listen 80\n' >"stage$CONF"
	DESTDIR=$PWD/stage run modxs "${S[@]}" --receipt -i -a mod_hello.so
	assert_success
	[ -f "stage$MODS/mod_hello.so" ]
	[ ! -e "$MODS" ]
	assert_equal "$(tail -n 1 "stage$CONF")" "LoadModule hello_module $MODS/mod_hello.so"
	run cat "$(find "stage$MODXS_STATEDIR/receipts" -name hello.json 2>/dev/null || true)"
	assert_output --partial "\"path\":	\"$MODS/mod_hello.so\""
}

@test "--destdir does the same as DESTDIR and wins over it" {
	mkmod hello
	DESTDIR=$PWD/ignored run modxs "${S[@]}" --destdir "$PWD/stage/" -i mod_hello.so
	assert_success
	[ -f "stage$MODS/mod_hello.so" ]
	[ ! -e ignored ]
}

@test "-i writes a receipt with the file's sha256" {
	mkmod hello
	modxs "${S[@]}" -i mod_hello.so
	receipt=$(receipt_of hello)
	sum=$(sha256sum mod_hello.so | cut -d' ' -f1)
	run cat "$receipt"
	assert_output --partial "\"sha256\":	\"$sum\""
	assert_output --partial "\"name\":	\"hello\""
}

@test "--uninstall removes the file, its line and its receipt" {
	mkmod hello
	printf 'Listen 80\n' >"$CONF"
	modxs "${S[@]}" --no-config-test -i -a mod_hello.so
	run modxs "${S[@]}" --no-config-test --uninstall hello
	assert_success
	[ ! -e "$MODS/mod_hello.so" ]
	no_receipt hello
	assert_equal "$(cat "$CONF")" "Listen 80"
}

@test "--uninstall refuses a file changed since install, and --force removes it" {
	mkmod hello
	modxs "${S[@]}" -i mod_hello.so
	echo tampered >>"$MODS/mod_hello.so"
	run modxs "${S[@]}" --uninstall hello
	assert_failure 5
	assert_output --partial "modxs: error: '$MODS/mod_hello.so' changed since it was installed"
	[ -f "$MODS/mod_hello.so" ]
	run modxs "${S[@]}" --force --uninstall hello
	assert_success
	[ ! -e "$MODS/mod_hello.so" ]
}

@test "--uninstall without a receipt needs --force, which removes the default file" {
	mkdir -p "$MODS"
	mkmod hello "$MODS/mod_hello.so"
	run modxs "${S[@]}" --uninstall hello
	assert_failure 5
	assert_output --partial "no install receipt for 'hello'"
	[ -f "$MODS/mod_hello.so" ]
	run modxs "${S[@]}" --force --uninstall hello
	assert_success
	[ ! -e "$MODS/mod_hello.so" ]
}

@test "--uninstall with an invalid name is a usage error" {
	run modxs "${S[@]}" --uninstall '../etc/passwd'
	assert_failure 1
	assert_output --partial "invalid module name '../etc/passwd'"
}

@test "--dry-run -i -a prints what it would do and writes nothing" {
	mkmod hello
	printf 'Listen 80\n' >"$CONF"
	run modxs "${S[@]}" --dry-run -i -a mod_hello.so
	assert_success
	assert_output --partial "install 'mod_hello.so' -> '$MODS/mod_hello.so'"
	assert_output --partial "+LoadModule hello_module $MODS/mod_hello.so"
	[ ! -e "$MODS" ]
	no_receipt hello
	assert_equal "$(cat "$CONF")" "Listen 80"
}

@test "--json lists the installed module and the config edit" {
	mkmod hello
	touch "$CONF"
	run --separate-stderr modxs "${S[@]}" --json --no-config-test -i -a mod_hello.so
	assert_success
	assert_output --partial "{\"kind\":\"module\",\"path\":\"$MODS/mod_hello.so\"}"
	assert_output --partial "\"action\":\"activate\""
	assert_output --partial "\"exit\":0"
}

@test "-i of a libtool .la installs the object its dlname names" {
	skip_unless libtool "libtool is not installed"
	printf 'int lt_module = 1;\n' >mod_lt.c
	libtool --quiet --tag=CC --mode=compile cc -c mod_lt.c >/dev/null
	libtool --quiet --tag=CC --mode=link cc -module -avoid-version -rpath /nowhere -o mod_lt.la mod_lt.lo
	run modxs "${S[@]}" -i mod_lt.la
	if [[ $output == *"not available in this build"* ]]; then
		skip "reading .la files is not implemented in this build"
	fi
	assert_success
	cmp .libs/mod_lt.so "$MODS/mod_lt.so"
}

@test "a modules dir with blanks is quoted in the LoadModule line" {
	mkmod hello
	touch "$CONF"
	run modxs -S "SYSCONFDIR=$ETC" -S "LIBEXECDIR=$PWD/my mods" --no-config-test -i -a mod_hello.so
	assert_success
	assert_equal "$(cat "$CONF")" "LoadModule hello_module \"$PWD/my mods/mod_hello.so\""
	run modxs -S "SYSCONFDIR=$ETC" -S "LIBEXECDIR=$PWD/my mods" --list
	assert_output --regexp "^hello_module +active +present +exported +- +$PWD/my mods/mod_hello.so$"
}

@test "a module path that would break the config line is refused before anything is written" {
	mkmod hello
	printf 'Listen 80\n' >"$CONF"
	for dir in "$PWD/a\"b" "$PWD/new
Include /etc/shadow" "$PWD/back\\slash"; do
		run modxs -S "SYSCONFDIR=$ETC" -S "LIBEXECDIR=$dir" --no-config-test -i -a mod_hello.so
		assert_failure 5
		assert_output --partial "in a config line: it holds a quote, a backslash or a control character"
		[ ! -e "$dir" ]
	done
	assert_equal "$(cat "$CONF")" "Listen 80"
}

@test "an empty or relative LIBEXECDIR is an error, not an install into the current dir" {
	mkmod hello
	for dir in "" "relative/mods"; do
		run modxs -S "LIBEXECDIR=$dir" -i mod_hello.so
		assert_failure 5
		assert_output "modxs: error: the modules dir LIBEXECDIR '$dir' is not an absolute path (set one with -S LIBEXECDIR=DIR)"
	done
	[ ! -e relative ]
}
