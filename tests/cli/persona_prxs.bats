#!/usr/bin/env bats
# The prxs persona: ProFTPD's module tool, with -n that works, the
# $Libraries$ hint, DESTDIR, and its LoadModule advice.

load ../helper

setup_more() {
	PRXS="$MODXS_BUILD_DIR/libexec/modxs/prxs"
}

need_proftpd() {
	[ -f "$MODXS_BUILD_DIR/share/modxs/hosts/proftpd.json" ] ||
		skip "the proftpd host is not recorded (apt-get install proftpd-dev, then reconfigure)"
	[ -d /usr/include/proftpd ] || skip "the ProFTPD headers are missing (apt-get install proftpd-dev)"
}

# mod_NAME.c: a ProFTPD module with a directive, and an optional $Libraries$ hint.
write_module() {
	cat >"mod_$1.c" <<SRC
/* mod_$1 -- a test module. ${2:+\$Libraries: $2\$} */
#include "conf.h"
#include <math.h>

module $1_module;

MODRET set_$1(cmd_rec *cmd)
{
	CHECK_ARGS(cmd, 1);
	add_config_param_str(cmd->argv[0], 1, cmd->argv[1]);
	return PR_HANDLED(cmd);
}

static conftable $1_conftab[] = {
	{"${1}Directive", set_$1, NULL},
	{NULL, NULL, NULL},
};

module $1_module = {
	NULL, NULL, 0x20, "$1", $1_conftab, NULL, NULL, NULL, NULL, "mod_$1/0.1",
};
SRC
}

@test "invoked as prxs, or with --persona=prxs, modxs answers for ProFTPD" {
	need_proftpd
	run "$PRXS" -q TARGET
	assert_success
	assert_output "proftpd"
	run modxs --persona=prxs -q TARGET
	assert_output "proftpd"
}

@test "prxs -h prints its usage and succeeds; no action fails with exit 1" {
	run "$PRXS" -h
	assert_success
	assert_output --partial "-c/--compile"
	run "$PRXS" mod_x.c
	assert_failure 1
	assert_output --partial "prxs: error: nothing to do"
}

@test "prxs takes Getopt::Long's spellings: --name, -name and -n" {
	need_proftpd
	write_module spelled
	for opt in --name -name -n; do
		run "$PRXS" -c "$opt" 'a;b' mod_spelled.c
		assert_failure 1
		assert_output --partial "prxs: error: invalid module name 'a;b'"
	done
	# prxs users name modules as their files: mod_spelled means spelled_module.
	run "$PRXS" -c --name=mod_spelled mod_spelled.c
	assert_success
}

@test "prxs -c links the libraries of the \$Libraries\$ hint" {
	need_proftpd
	write_module hint "-lm -lz"
	run "$PRXS" -c --dry-run -v mod_hint.c
	assert_success
	assert_output --regexp "(^|[ '])-lm( |'|$)"
	assert_output --regexp "(^|[ '])-lz( |'|$)"
}

@test "prxs -c leaves what prxs's libtool leaves: the module, x.o, .libs/NAME.a; no .slo" {
	need_proftpd
	write_module named
	run "$PRXS" -c -n mod_other mod_named.c
	# The record is named_module, so -n other must be refused by the record check...
	assert_failure
	run "$PRXS" -c mod_named.c
	assert_success
	assert [ -f .libs/mod_named.so ]
	# Build systems written against prxs find libtool's other products too.
	assert [ -f mod_named.o ]
	run ar t .libs/mod_named.a
	assert_output mod_named.o
	run grep -E "^(non_pic_object|old_library)=" mod_named.lo mod_named.la
	assert_line "mod_named.lo:non_pic_object='mod_named.o'"
	assert_line "mod_named.la:old_library='mod_named.a'"
	assert [ ! -e mod_named.slo ]
	assert [ ! -e mod_named.a ]
}

@test "prxs -c after plain modxs built the same object still writes x.o and the archive" {
	need_proftpd
	write_module named
	run -0 modxs --host proftpd -c mod_named.c
	assert [ ! -e mod_named.o ]
	# The object is up to date, but prxs's archive needs the x.o it never had.
	run "$PRXS" -c mod_named.c
	assert_success
	run ar t .libs/mod_named.a
	assert_output mod_named.o
}

@test "prxs -i honours DESTDIR and prints the LoadModule advice" {
	need_proftpd
	write_module advice
	run "$PRXS" -c mod_advice.c
	assert_success
	libexec=$("$PRXS" -q LIBEXECDIR)
	DESTDIR="$BATS_TEST_TMPDIR/dest" run "$PRXS" -i mod_advice.c
	assert_success
	assert [ -f "$BATS_TEST_TMPDIR/dest$libexec/mod_advice.so" ]
	assert_output --partial "    LoadModule mod_advice.c"
	assert_output --partial "<IfModule mod_dso.c>"
}

@test "prxs -i installs what libtool --mode=install does: .so and .la 0755, .a 0644; no receipt under DESTDIR" {
	need_proftpd
	write_module staged
	run "$PRXS" -c mod_staged.c
	assert_success
	libexec=$("$PRXS" -q LIBEXECDIR)
	local dest="$BATS_TEST_TMPDIR/dest"
	DESTDIR="$dest" run "$PRXS" -i mod_staged.c
	assert_success
	assert_equal "$(find "$dest" -type f -printf '%m %P\n' | LC_ALL=C sort)" \
		"$(printf '%s\n' "644 ${libexec#/}/mod_staged.a" "755 ${libexec#/}/mod_staged.la" \
			"755 ${libexec#/}/mod_staged.so")"
	# The installed .la is libtool's installed form.
	run grep -c "^installed=yes" "$dest$libexec/mod_staged.la"
	assert_output 1
}

@test "prxs -i into a live modules dir records .so, .la and .a; --uninstall removes all three" {
	need_proftpd
	write_module live
	run "$PRXS" -c mod_live.c
	assert_success
	local mods="$BATS_TEST_TMPDIR/mods"
	mkdir -p "$mods"
	MODXS_STATEDIR="$BATS_TEST_TMPDIR/state" run "$PRXS" -i -S LIBEXECDIR="$mods" mod_live.c
	assert_success
	assert [ -f "$mods/mod_live.so" ] && assert [ -f "$mods/mod_live.la" ] && assert [ -f "$mods/mod_live.a" ]
	# A config of the test's own: --uninstall also takes the module's lines out of it.
	mkdir -p etc
	: >etc/proftpd.conf
	MODXS_STATEDIR="$BATS_TEST_TMPDIR/state" run "$MODXS" --host proftpd -S LIBEXECDIR="$mods" \
		-S SYSCONFDIR="$PWD/etc" --uninstall live
	assert_success
	run find "$mods" -type f
	assert_output ""
}

@test "prxs -c -d leaves no build products" {
	need_proftpd
	write_module clean
	run "$PRXS" -c mod_clean.c
	assert_success
	run "$PRXS" -d mod_clean.c
	assert_success
	assert [ ! -e mod_clean.la ]
	assert [ ! -e .libs/mod_clean.so ]
	assert [ -f mod_clean.c ]
}

@test "prxs refuses a module that ships its own configure, as prxs does, writing nothing" {
	need_proftpd
	write_module cf
	touch configure
	run "$PRXS" -c mod_cf.c
	assert_failure 1
	assert_output "
Cannot compile mod_cf using prxs.  Use existing ./configure script instead:

  ./configure
  make
  make install"
	assert_equal "$(ls -A)" "$(printf 'configure\nmod_cf.c')"
	# In a subdirectory, prxs says to go there first.
	mkdir sub
	mv configure mod_cf.c sub/
	run "$PRXS" -c -i sub/mod_cf.c
	assert_failure 1
	assert_line --index 0 "Cannot compile mod_cf using prxs.  Use existing ./sub/configure script instead:"
	assert_line --index 1 "  cd ./sub/"
	assert_equal "$(ls -A)" "sub"
	assert_equal "$(ls -A sub)" "$(printf 'configure\nmod_cf.c')"
}

@test "prxs -c -i -n names the module file as the LoadModule line it activates" {
	need_proftpd
	write_module quip
	mv mod_quip.c quipsrc.c
	local dest=$BATS_TEST_TMPDIR/dest libexec
	libexec=$("$PRXS" -q LIBEXECDIR)
	DESTDIR=$dest run "$PRXS" -c -i -n quip quipsrc.c
	assert_success
	# proftpd's LoadModule mod_quip.c loads mod_quip.so from its ModulePath.
	assert_output --partial "    LoadModule mod_quip.c"
	assert [ -f "$dest$libexec/mod_quip.so" ]
	assert [ ! -e "$dest$libexec/quipsrc.so" ]
	# Installing in a second step finds the same file.
	rm -rf "$dest"
	DESTDIR=$dest run "$PRXS" -i -n quip quipsrc.c
	assert_success
	assert [ -f "$dest$libexec/mod_quip.so" ]
}

@test "prxs -d removes every build product, .lo, x.o, .libs/*.o, .libs/*.a and .deps included" {
	need_proftpd
	write_module tidy
	run "$PRXS" -c mod_tidy.c
	assert_success
	run "$PRXS" -d mod_tidy.c
	assert_success
	assert_equal "$(find . -mindepth 1 | sort)" "./mod_tidy.c"
	# -i -d together, as prxs's own usage suggests (prxs -c -i -d mod_custom.c).
	DESTDIR=$BATS_TEST_TMPDIR/dest run "$PRXS" -c -i -d mod_tidy.c
	assert_success
	assert_equal "$(find . -mindepth 1 -path ./dest -prune -o -print | sort)" "./mod_tidy.c"
}

@test "prxs -c names the module after its mod_NAME.c operand, wherever it is on the line" {
	need_proftpd
	write_module two
	echo 'int two_util(void) { return 2; }' >two_util.c
	run "$PRXS" -c two_util.c mod_two.c
	assert_success
	assert [ -f mod_two.la ]
	assert [ -f .libs/mod_two.so ]
	assert [ ! -e two_util.la ]
	# Built from contrib/, the module is linked in the current dir, as prxs links it.
	mkdir contrib
	write_module sub
	mv mod_sub.c contrib/
	run "$PRXS" -c contrib/mod_sub.c
	assert_success
	assert [ -f mod_sub.la ]
	assert [ -f .libs/mod_sub.so ]
}

@test "prxs -c refuses an operand that is no .c file before writing anything, in prxs's words" {
	need_proftpd
	write_module strict
	touch strict.h
	run --separate-stderr "$PRXS" -c mod_strict.c strict.h
	assert_failure 1
	assert_equal "$stderr" "Cannot compile non-.c file strict.h, aborting"
	assert [ ! -e mod_strict.lo ] && assert [ ! -e mod_strict.o ] && assert [ ! -e .libs ]
}

@test "prxs -c contrib/mod_x.c compiles into the current dir, as prxs's libtool does; -d cleans it" {
	need_proftpd
	mkdir contrib
	write_module away
	mv mod_away.c contrib/
	run "$PRXS" -c contrib/mod_away.c
	assert_success
	assert [ -f mod_away.lo ] && assert [ -f mod_away.o ] && assert [ -f .libs/mod_away.o ]
	assert [ -f .libs/mod_away.so ]
	assert_equal "$(find contrib -mindepth 1)" "contrib/mod_away.c"
	run "$PRXS" -d contrib/mod_away.c
	assert_success
	assert_equal "$(find . -mindepth 1 | sort)" "$(printf '%s\n' ./contrib ./contrib/mod_away.c)"
}
