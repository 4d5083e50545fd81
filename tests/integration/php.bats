#!/usr/bin/env bats
# PHP: an extension built, installed and enabled by modxs alone, the Debian
# way (mods-available/NAME.ini linked as conf.d/20-NAME.ini for each SAPI,
# as phpenmod does) or in a single php.ini; the real php lists it and
# calls its function.

load ../helper
load servers

setup_more() {
	EXT=$BATS_TEST_TMPDIR/ext
	ETC=$BATS_TEST_TMPDIR/etc
	mkdir -p "$EXT" "$ETC"
	H=(--host php -S "LIBEXECDIR=$EXT" -S "SYSCONFDIR=$ETC" -S "PHP_INI_PATH=$ETC/cli")
}

write_ext() {
	cat >myext.c <<'SRC'
/* myext: a PHP extension with one function, myext_hello(). */
#include "php.h"

PHP_FUNCTION(myext_hello)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_STRING("hello from myext");
}

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_myext_hello, 0, 0, IS_STRING, 0)
ZEND_END_ARG_INFO()

static const zend_function_entry myext_functions[] = {
	PHP_FE(myext_hello, arginfo_myext_hello)
	PHP_FE_END
};

zend_module_entry myext_module_entry = {
	STANDARD_MODULE_HEADER, "myext", myext_functions, NULL, NULL, NULL, NULL, NULL,
	"0.1", STANDARD_MODULE_PROPERTIES,
};

ZEND_GET_MODULE(myext)
SRC
}

# php_here ARGS...: the recorded php, reading the scratch SAPI's conf.d and
# loading extensions from the scratch extension dir.
php_here() {
	PHP_INI_SCAN_DIR="$ETC/cli/conf.d" "$(modxs --host php -q PHP_BINARY)" \
		-d "extension_dir=$EXT" "$@"
}

@test "modxs --host php -c -i -a myext.c: mods-available/myext.ini, linked per SAPI; php -m lists it, php -r calls it" {
	need_php
	mkdir -p "$ETC/mods-available" "$ETC/cli/conf.d" "$ETC/fpm/conf.d"
	write_ext
	run php_here -m
	refute_line myext

	run modxs "${H[@]}" -c -i -a myext.c
	assert_success
	assert [ -f "$EXT/myext.so" ]
	assert_equal "$(cat "$ETC/mods-available/myext.ini")" "extension=myext.so"
	assert_equal "$(readlink "$ETC/cli/conf.d/20-myext.ini")" "$ETC/mods-available/myext.ini"
	assert_equal "$(readlink "$ETC/fpm/conf.d/20-myext.ini")" "$ETC/mods-available/myext.ini"
	run php_here -m
	assert_success
	assert_line myext
	run php_here -r 'echo myext_hello(), "\n";'
	assert_success
	assert_output "hello from myext"
	run modxs "${H[@]}" --list
	assert_line --regexp "^myext.so +active +present +exported +- +$EXT/myext.so$"

	run modxs "${H[@]}" --deactivate myext
	assert_success
	assert [ ! -e "$ETC/cli/conf.d/20-myext.ini" ]
	assert [ ! -e "$ETC/fpm/conf.d/20-myext.ini" ]
	run php_here -m
	refute_line myext
	run modxs "${H[@]}" --uninstall myext
	assert_success
	assert [ ! -e "$ETC/mods-available/myext.ini" ]
	assert [ ! -e "$EXT/myext.so" ]
}

@test "php with no mods-available: the line goes into the one php.ini, after its extension lines" {
	need_php
	mkdir -p "$ETC/cli"
	printf '[PHP]\n;extension=bz2\n;extension=curl\n\n[Date]\n;date.timezone =\n' >"$ETC/cli/php.ini"
	write_ext
	run modxs "${H[@]}" -c -i -a myext.c
	assert_success
	assert_equal "$(cat "$ETC/cli/php.ini")" "[PHP]
;extension=bz2
;extension=curl
extension=myext.so

[Date]
;date.timezone ="
	cp "$ETC/cli/php.ini" once
	run modxs "${H[@]}" -e -a myext.la
	cmp once "$ETC/cli/php.ini"
	PHP_INI_SCAN_DIR= run "$(modxs --host php -q PHP_BINARY)" -c "$ETC/cli/php.ini" -d "extension_dir=$EXT" -r 'echo myext_hello(), "\n";'
	assert_success
	assert_output "hello from myext"
	run modxs "${H[@]}" --deactivate myext
	assert_success
	assert_equal "$(sed -n 4p "$ETC/cli/php.ini")" ";extension=myext.so"
}

@test "php: an extension without get_module fails the record check; -g's extension passes make test" {
	need_php
	printf 'int myext_nothing(void) { return 0; }\n' >bad.c
	run modxs --host php -c bad.c
	assert_failure 4
	assert_output --partial "does not export its module record 'get_module'"
	run modxs --host php -g -n gen
	assert_success
	cd gen
	run make test
	assert_success
	assert_line "hello from gen"
}

@test "php --list: an extension= line with an absolute path names that file, as php reads it" {
	need_php
	mkdir -p "$ETC/cli" other
	: >other/absext.so
	printf '[PHP]\nextension=%s\nextension=rel\n' "$PWD/other/absext.so" >"$ETC/cli/php.ini"
	run modxs "${H[@]}" --list
	assert_success
	assert_line --regexp "^$PWD/other/absext\.so +active +present .* $PWD/other/absext\.so\$"
	assert_line --regexp "^rel +active +missing .* $EXT/rel\.so\$"
}

@test "php --list: an extension phpenmod enabled at its own priority is active; php.ini's examples are not modules" {
	need_php
	mkdir -p "$ETC/mods-available" "$ETC/cli/conf.d" "$EXT"
	: >"$EXT/pdo.so"
	# As Debian ships pdo: priority 10 in the file, so linked as 10-pdo.ini.
	printf '; configuration for php common module\n; priority=10\nextension=pdo.so\n' \
		>"$ETC/mods-available/pdo.ini"
	ln -s "$ETC/mods-available/pdo.ini" "$ETC/cli/conf.d/10-pdo.ini"
	# php.ini's own prose, as Debian's has it, and one extension commented out.
	cat >"$ETC/cli/php.ini" <<-'INI'
		[PHP]
		; If you wish to have an extension loaded automatically, use the following
		; syntax:
		;
		;   extension=modulename
		;
		;   extension=/path/to/extension/mysqli.so
		;
		; - Many DLL files are located in the ext/
		;   extension folders as well as the separate PECL DLL download.
		;
		;extension=bz2
	INI
	run modxs "${H[@]}" --list
	assert_success
	assert_line --regexp "^pdo\.so +active +present .* $EXT/pdo\.so\$"
	assert_line --regexp "^bz2 +commented +missing "
	refute_output --partial modulename
	refute_output --partial mysqli
	refute_output --partial folders
}
