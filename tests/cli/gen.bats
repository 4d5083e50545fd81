#!/usr/bin/env bats
# -g: generating a module skeleton from the host's templates.

load ../helper
bats_require_minimum_version 1.5.0

# The hosts recorded in this build tree.
has_host() { [[ -f $MODXS_BUILD_DIR/share/modxs/hosts/$1.json ]]; }
skip_unless_host() { has_host "$1" || skip "the $1 host is not recorded in this build"; }

@test "-g creates NAME/ from the demo templates and says what it creates, like apxs" {
	run modxs -g -n hi
	assert_success
	assert_output "Creating [DIR]  hi
Creating [FILE] hi/CMakeLists.txt
Creating [FILE] hi/Makefile
Creating [FILE] hi/mod_hi.c"
	[ -f hi/mod_hi.c ] && [ -f hi/Makefile ] && [ -f hi/CMakeLists.txt ]
}

@test "-g replaces placeholders in file names and contents" {
	modxs -g -n hi 2>/dev/null
	run grep -rn '@[A-Za-z_][A-Za-z0-9_]*@' hi
	assert_failure
	run grep -c 'hi_module' hi/mod_hi.c
	assert_success
	refute_output 0
	run grep -F "MODXS ?= $MODXS" hi/Makefile
	assert_success
	run grep -F 'MODXS_HOST = demo' hi/Makefile
	assert_success
	run grep -F "find_package(modxs REQUIRED HINTS \"$MODXS_BUILD_DIR\")" hi/CMakeLists.txt
	assert_success
}

@test "-g refuses a directory that already exists and leaves it alone" {
	mkdir hi
	echo keep >hi/mine
	run modxs -g -n hi
	assert_failure 1
	assert_output "modxs: error: directory 'hi' already exists; remove it first"
	[ "$(ls hi)" = mine ]
}

@test "-g refuses a file in the way" {
	echo keep >hi
	run modxs -g -n hi
	assert_failure 1
	assert_output "modxs: error: file 'hi' already exists; remove it first"
	[ "$(cat hi)" = keep ]
}

@test "-g refuses an invalid module name and creates nothing" {
	for name in 'a;b' '../x' 'x y' 'mod-x' ''; do
		run modxs -g -n "$name"
		assert_failure 1
		assert_output --partial "invalid module name '$name'"
	done
	[ -z "$(ls -A)" ]
}

@test "-g refuses a name starting with a digit: it would not be a C identifier" {
	run modxs -g -n 1st
	assert_failure 1
	assert_output --partial "invalid module name '1st'"
	[ ! -e 1st ]
}

@test "-g without -n is a usage error" {
	run modxs -g
	assert_failure 1
	assert_output "modxs: error: -g needs -n NAME"
}

@test "-g for a host without templates fails and names what is missing" {
	private_datadir
	sed 's/"name": "demo"/"name": "bare"/' "$MODXS_DATADIR/hosts/demo.json" >"$MODXS_DATADIR/hosts/bare.json"
	run modxs -g -n hi --host bare
	assert_failure 2
	assert_output "modxs: error: no templates for host 'bare': '$MODXS_DATADIR/templates/bare' is missing"
	[ ! -e hi ]
}

@test "a template with an unknown placeholder fails with file and line, and leaves nothing behind" {
	private_datadir
	printf 'one\ntwo @NO_SUCH_THING@\n' >"$MODXS_DATADIR/templates/demo/zz.txt"
	run modxs -g -n hi
	assert_failure 2
	assert_output --partial "modxs: error: '$MODXS_DATADIR/templates/demo/zz.txt': line 2: unknown placeholder '@NO_SUCH_THING@'"
	[ ! -e hi ]
}

@test "template placeholders take any recorded variable, and -S changes it" {
	private_datadir
	printf 'target=@TARGET@ host=@HOST@ name=@NAME@ symbol=@SYMBOL@ file=@MODULE_FILE@\n' \
		>"$MODXS_DATADIR/templates/demo/@NAME@.txt"
	modxs -S TARGET=other -g -n hi 2>/dev/null
	run cat hi/hi.txt
	assert_output "target=other host=demo name=hi symbol=hi_module file=mod_hi.so"
}

@test "-g fills the profile's symbol and file formats, %% as a '%'" {
	private_datadir
	sed -i -e 's/"mod_%s.so"/"lib%s-100%%.so"/' -e 's/"%s_module"/"rec_%s"/' \
		"$MODXS_DATADIR/hosts/demo.json"
	printf 'symbol=@SYMBOL@ file=@MODULE_FILE@\n' >"$MODXS_DATADIR/templates/demo/@NAME@.txt"
	modxs -g -n hi 2>/dev/null
	run cat hi/hi.txt
	assert_output "symbol=rec_hi file=libhi-100%.so"
}

@test "-g keeps a template's executable bit" {
	private_datadir
	printf '#!/bin/sh\necho @NAME@\n' >"$MODXS_DATADIR/templates/demo/run-@NAME@"
	chmod 755 "$MODXS_DATADIR/templates/demo/run-@NAME@"
	modxs -g -n hi 2>/dev/null
	[ -x hi/run-hi ]
	run ./hi/run-hi
	assert_output hi
}

@test "-g --dry-run says what it would create and creates nothing" {
	run modxs -g -n hi --dry-run
	assert_success
	assert_line "Creating [FILE] hi/mod_hi.c"
	[ ! -e hi ]
}

@test "-g --quiet creates the files silently" {
	run modxs -g -n hi --quiet
	assert_success
	assert_output ""
	[ -f hi/mod_hi.c ]
}

@test "-g --json lists the files it created" {
	skip_unless jq "jq is not installed"
	run --separate-stderr modxs -g -n hi --json
	assert_success
	run jq -r '.files[] | "\(.kind) \(.path)"' <<<"$output"
	assert_success
	assert_line "directory hi"
	assert_line "source hi/mod_hi.c"
}

@test "-g in an unwritable directory fails with one clear line" {
	mkdir ro && chmod 555 ro && cd ro
	# Root writes anywhere, so run as nobody when the tests run as root.
	as=()
	if [ "$(id -u)" = 0 ]; then
		skip_unless setpriv "setpriv is needed to run as nobody"
		as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
		"${as[@]}" test -r "$MODXS_BUILD_DIR/share/modxs/platform.json" ||
			skip "nobody cannot read the build tree"
	fi
	run "${as[@]}" "$MODXS" -g -n hi
	assert_failure 5
	assert_line "modxs: error: cannot create directory 'hi': Permission denied"
	[ ! -e hi ]
}

@test "the generated demo module compiles warning-free with -Wall -Wextra and loads" {
	modxs -g -n hi 2>/dev/null
	cc -Wall -Wextra -Wpedantic -Werror -fPIC -shared \
		-I"$MODXS_BUILD_DIR/include/modxs-demo" -o mod_hi.so hi/mod_hi.c
	echo "LoadModule hi_module $PWD/mod_hi.so" >demo.conf
	run "$MODXS_BUILD_DIR/bin/modxs-demo" -f demo.conf
	assert_success
	assert_line "hi_module: Hello from mod_hi"
}

@test "the generated Apache module compiles warning-free with -Wall -Wextra" {
	skip_unless_host apache
	skip_unless apxs "apxs (apache2-dev) is not installed"
	modxs --host apache -g -n web 2>/dev/null
	# The flags apxs compiles with, plus the warnings.
	cc -Wall -Wextra -Werror -fPIC -c $(apxs -q CFLAGS EXTRA_CPPFLAGS | tr -d ';') \
		-I"$(apxs -q INCLUDEDIR)" $(apr-1-config --includes) -o web.o web/mod_web.c
}

@test "the generated ProFTPD module compiles warning-free with -Wall -Wextra" {
	skip_unless_host proftpd
	[ -f /usr/include/proftpd/conf.h ] || skip "the ProFTPD headers (proftpd-dev) are not installed"
	modxs --host proftpd -g -n ftp 2>/dev/null
	cc -Wall -Wextra -Werror -fPIC -c -DPR_SHARED_MODULE -I. -I/usr/include/proftpd \
		-o ftp.o ftp/mod_ftp.c
}

@test "the apxs persona generates apxs's files: Makefile, modules.mk, mod_NAME.c, .deps" {
	skip_unless_host apache
	run modxs --persona apxs -g -n web
	assert_success
	assert_output "Creating [DIR]  web
Creating [FILE] web/.deps
Creating [FILE] web/Makefile
Creating [FILE] web/mod_web.c
Creating [FILE] web/modules.mk"
	[ -f web/.deps ] && [ ! -s web/.deps ]
}

@test "the apxs persona's Makefile and modules.mk are the ones real apxs writes" {
	skip_unless_host apache
	skip_unless apxs "apxs (apache2-dev) is not installed"
	mkdir real ours
	(cd real && apxs -g -n web 2>/dev/null)
	(cd ours && modxs --persona apxs -g -n web 2>/dev/null)
	diff real/web/Makefile ours/web/Makefile
	diff real/web/modules.mk ours/web/modules.mk
	# The source differs only where apxs's would warn under -Wextra.
	run diff real/web/mod_web.c ours/web/mod_web.c
	assert_output --partial '(void)p;'
	assert_output --partial 'AP_MODULE_FLAG_NONE'
}

# The server a host profile names, when it is installed here.
host_server() { echo "$(modxs --host "$1" -q SBINDIR)/$(modxs --host "$1" -q TARGET)"; }

# Strict warnings for the generated code, through -c.
STRICT='-Wc,-Wall -Wc,-Wextra -Wc,-Werror'

@test "a generated demo module builds warning-free with make, and make test loads it" {
	skip_unless make "make is not installed"
	modxs -g -n hi 2>/dev/null
	cd hi
	run make MODXSFLAGS="$STRICT -Wc,-Wpedantic" test
	assert_success
	assert_line "hi_module: Hello from mod_hi"
	assert_line "mod_hi loads into $MODXS_BUILD_DIR/bin/modxs-demo"
	[ -f mod_hi.la ] && [ -f .libs/mod_hi.so ]
}

@test "the generated Makefile builds for its own host whatever MODXS_HOST says" {
	skip_unless make "make is not installed"
	modxs -g -n hi 2>/dev/null
	cd hi
	run env MODXS_HOST=no_such_host make
	assert_success
	[ -f .libs/mod_hi.so ]
}

@test "make test fails when the generated module does not load" {
	skip_unless make "make is not installed"
	modxs -g -n hi 2>/dev/null
	cd hi
	# A record under another name: the host cannot find hi_module.
	sed -i "s/struct modxs_demo_module hi_module/struct modxs_demo_module other_module/" mod_hi.c
	run make MODXSFLAGS=--no-check test
	assert_failure
	assert_output --partial "hi_module"
}

@test "make clean leaves only the generated files" {
	skip_unless make "make is not installed"
	modxs -g -n hi 2>/dev/null
	cd hi
	make test >/dev/null 2>&1
	make clean >/dev/null
	run ls -A
	assert_output "CMakeLists.txt
Makefile
mod_hi.c"
}

@test "the generated CMakeLists.txt builds the module out of tree, with the source dir left clean" {
	skip_unless cmake "cmake is not installed"
	modxs -g -n hi 2>/dev/null
	run cmake -S hi -B build
	assert_success
	run cmake --build build
	assert_success
	[ -f build/.libs/mod_hi.so ]
	run ls -A hi
	assert_output "CMakeLists.txt
Makefile
mod_hi.c"
	echo "LoadModule hi_module $PWD/build/.libs/mod_hi.so" >demo.conf
	run "$MODXS_BUILD_DIR/bin/modxs-demo" -f demo.conf
	assert_line "hi_module: Hello from mod_hi"
}

@test "make install puts the generated module in the host's modules dir" {
	skip_unless make "make is not installed"
	modxs -g -n hi 2>/dev/null
	cd hi
	run make install INSTALLFLAGS="-S LIBEXECDIR=$BATS_TEST_TMPDIR/mods"
	if [[ $output == *"not available in this build"* ]]; then
		skip "modxs -i is not in this build"
	fi
	assert_success
	[ -f "$BATS_TEST_TMPDIR/mods/mod_hi.so" ]
}

@test "make install INSTALLFLAGS=-a installs and activates; the host then loads the module" {
	skip_unless make "make is not installed"
	modxs -g -n hi 2>/dev/null
	mkdir etc mods
	touch etc/modxs-demo.conf
	cd hi
	run make install INSTALLFLAGS="-a -S LIBEXECDIR=$BATS_TEST_TMPDIR/mods -S SYSCONFDIR=$BATS_TEST_TMPDIR/etc"
	if [[ $output == *"not available in this build"* ]]; then
		skip "modxs -i is not in this build"
	fi
	assert_success
	run "$MODXS_BUILD_DIR/bin/modxs-demo" -f "$BATS_TEST_TMPDIR/etc/modxs-demo.conf"
	assert_success
	assert_line "loaded hi_module from $BATS_TEST_TMPDIR/mods/mod_hi.so"
	assert_line "hi_module: Hello from mod_hi"
}

@test "a generated Apache module builds warning-free, and make test passes apache2 -t" {
	skip_unless make "make is not installed"
	skip_unless_host apache
	server=$(host_server apache)
	[ -x "$server" ] || skip "the Apache server '$server' is not installed"
	modxs --host apache -g -n web 2>/dev/null
	cd web
	run make MODXSFLAGS="$STRICT" test
	assert_success
	assert_output --partial "Syntax OK"
	assert_line "mod_web loads into $server"
	# Without the module the directive is unknown: the test proves the load.
	sed -i '/LoadModule web_module/d' test-root/httpd.conf
	run "$server" -t -f "$PWD/test-root/httpd.conf"
	assert_failure
	assert_output --partial "webGreeting"
}

@test "a generated ProFTPD module builds warning-free, and make test passes proftpd -t" {
	skip_unless make "make is not installed"
	skip_unless_host proftpd
	server=$(host_server proftpd)
	[ -x "$server" ] || skip "the ProFTPD server '$server' is not installed"
	modxs --host proftpd -g -n ftp 2>/dev/null
	cd ftp
	run make MODXSFLAGS="$STRICT" test
	assert_success
	assert_line "mod_ftp loads into $server"
	# Without the module the directive is unknown: the test proves the load.
	sed -i '/LoadModule mod_ftp.c/d' test-root/proftpd.conf
	run "$server" -t -c "$PWD/test-root/proftpd.conf"
	assert_failure
	assert_output --partial "ftpMessage"
}

@test "a generated ProFTPD module's make test passes where the host name does not resolve" {
	skip_unless make "make is not installed"
	skip_unless_host proftpd
	server=$(host_server proftpd)
	[ -x "$server" ] || skip "the ProFTPD server '$server' is not installed"
	need_unresolvable_host
	modxs --host proftpd -g -n ftp 2>/dev/null
	cd ftp
	# As in many containers and CI runners: the name is in no /etc/hosts.
	run without_host_name make test
	assert_success
	assert_line "mod_ftp loads into $server"
	refute_output --partial "unable to determine IP address"
}

@test "the apxs persona's skeleton builds with Apache's own make rules, as apxs's does" {
	skip_unless_host apache
	skip_unless make "make is not installed"
	[ -f "$(modxs --host apache -q installbuilddir)/special.mk" ] ||
		skip "Apache's build files (apache2-dev) are not installed"
	modxs --persona apxs -g -n web 2>/dev/null
	cd web
	run make
	assert_success
	[ -f .libs/mod_web.so ]
}

@test "the apxs persona builds the skeleton it generated: apxs -g, then apxs -c" {
	skip_unless_host apache
	modxs --persona apxs -g -n web 2>/dev/null
	cd web
	run "$MODXS" --persona apxs -c mod_web.c
	assert_success
	[ -f .libs/mod_web.so ]
	# apxs's .deps stays the file Apache's rules.mk includes.
	[ -f .deps ]
}
