#!/usr/bin/env bats
# The apxs persona: modxs run as apxs answers -q exactly as Debian's apxs.

load ../helper

CONFIG_VARS=/usr/share/apache2/build/config_vars.mk

setup_more() {
	APXS="$MODXS_BUILD_DIR/libexec/modxs/apxs"
}

need_apache() {
	[ -f "$MODXS_BUILD_DIR/share/modxs/hosts/apache.json" ] ||
		skip "the apache host is not recorded (apt-get install apache2-dev, then reconfigure)"
}

need_real_apxs() {
	need_apache
	[ -x /usr/bin/apxs ] || skip "/usr/bin/apxs is not installed (apt-get install apache2-dev)"
	[ -f "$CONFIG_VARS" ] || skip "$CONFIG_VARS is missing (apt-get install apache2-dev)"
}

# The names of config_vars.mk, each once, in file order.
file_names() {
	sed -n 's/^[[:space:]]*\([^[:space:]=]*\)[[:space:]]*=.*/\1/p' "$CONFIG_VARS" | awk '!seen[$0]++'
}

# make's value of one variable of config_vars.mk.
make_value() {
	printf 'include %s\n$(info $(%s))\nmodxs-print: ; @:\n' "$CONFIG_VARS" "$1" |
		make -s -f - modxs-print
}

# apache_src NAME: a minimal Apache module mod_NAME.c.
apache_src() {
	cat <<SRC
#include "httpd.h"
#include "http_config.h"
module AP_MODULE_DECLARE_DATA $1_module = { STANDARD20_MODULE_STUFF, NULL, NULL, NULL, NULL, NULL, NULL };
SRC
}

# Both tools' stdout, then the exit status, for one command line.
answer() { "$@" 2>/dev/null; echo "exit=$?"; }

@test "the build tree's apxs, apxs2 and prxs are text files that run the build tree's modxs" {
	for p in apxs apxs2 prxs; do
		assert [ -f "$MODXS_BUILD_DIR/libexec/modxs/$p" ] && assert [ ! -L "$MODXS_BUILD_DIR/libexec/modxs/$p" ]
		assert [ -x "$MODXS_BUILD_DIR/libexec/modxs/$p" ]
		run head -n 1 "$MODXS_BUILD_DIR/libexec/modxs/$p"
		assert_output "#!$(cd "$MODXS_BUILD_DIR" && pwd)/bin/modxs --persona-file"
	done
}

@test "mod_jk's check finds Apache 2 in the apxs file: grep prints its STANDARD20 line" {
	# GNU grep prints nothing for a match in a binary file; apxs is text.
	APA=$(grep STANDARD20 "$APXS")
	assert [ -n "$APA" ]
	run grep -c STANDARD20_MODULE_STUFF "$APXS"
	assert_output 1
}

@test "arguments reach the persona as given: no shell reads them" {
	run "$APXS" -q -S 'TARGET=a;b $(x) `y` "z"' TARGET
	assert_success
	assert_output 'a;b $(x) `y` "z"'
	# A script run through perl, as a Perl apxs could be, still reaches modxs.
	skip_unless perl "perl is not installed"
	run perl "$APXS" -q -S 'TARGET=x y' TARGET
	assert_success
	assert_output 'x y'
}

@test "cmake --install writes apxs, apxs2 and prxs to PREFIX/libexec/modxs, off PATH, for the final prefix" {
	skip_unless cmake "cmake is not installed"
	local root="$BATS_TEST_TMPDIR/stage" prefix=/opt/modxs-test
	DESTDIR="$root" run cmake --install "$MODXS_BUILD_DIR" --prefix "$prefix"
	assert_success
	for p in apxs apxs2 prxs; do
		run head -n 1 "$root$prefix/libexec/modxs/$p"
		assert_output "#!$prefix/bin/modxs --persona-file"
		assert [ -x "$root$prefix/libexec/modxs/$p" ]
	done
	# Nothing named apxs or prxs lands in bin/, where it would shadow the system's.
	assert [ ! -e "$root$prefix/bin/apxs" ]
	assert [ ! -e "$root$prefix/bin/prxs" ]
	# Installed for real (no DESTDIR), the persona runs the installed modxs.
	prefix="$BATS_TEST_TMPDIR/prefix"
	root=""
	run cmake --install "$MODXS_BUILD_DIR" --prefix "$prefix"
	assert_success
	# Through the installed file, modxs finds its installed data and answers as apxs.
	run "$root$prefix/libexec/modxs/apxs" -q TARGET
	if [ -f "$MODXS_BUILD_DIR/share/modxs/hosts/apache.json" ]; then
		assert_success
		assert_output "apache2"
	else
		assert_failure 1
		assert_output --partial "apxs: error: unknown host 'apache'"
	fi
}

@test "invoked as apxs, apxs2 or with --persona=apxs, modxs answers for Apache" {
	need_apache
	run "$APXS" -q TARGET
	assert_success
	assert_output "apache2"
	run "$MODXS_BUILD_DIR/libexec/modxs/apxs2" -q TARGET
	assert_output "apache2"
	run modxs --persona=apxs -q TARGET
	assert_output "apache2"
}

@test "errors carry the persona's name" {
	need_apache
	run "$APXS" -q NO_SUCH_VARIABLE
	assert_failure 1
	assert_output "apxs: error: invalid query string 'NO_SUCH_VARIABLE'"
}

@test "-q answers every variable of config_vars.mk byte for byte as apxs" {
	need_real_apxs
	local n differ=0 warned=""
	for n in $(file_names); do
		real=$(/usr/bin/apxs -q "$n" 2>"$BATS_TEST_TMPDIR/err"; echo "exit=$?")
		if [ -s "$BATS_TEST_TMPDIR/err" ]; then
			warned="$warned $n"
			continue
		fi
		ours=$(answer "$APXS" -q "$n")
		if [ "$real" != "$ours" ]; then
			echo "$n: apxs [$real] modxs [$ours]"
			differ=1
		fi
	done
	echo "apxs warned on:$warned"
	[ "$differ" = 0 ]
	# The test must have compared something real.
	[ "$(file_names | wc -l)" -gt 50 ]
}

@test "where apxs warns and prints nothing, the persona gives make's value" {
	need_real_apxs
	local n checked=0
	for n in $(file_names); do
		/usr/bin/apxs -q "$n" >/dev/null 2>"$BATS_TEST_TMPDIR/err"
		[ -s "$BATS_TEST_TMPDIR/err" ] || continue
		assert_equal "$("$APXS" -q "$n")" "$(make_value "$n")"
		checked=$((checked + 1))
	done
	echo "checked $checked variables"
	[ "$checked" -gt 0 ]
}

@test "the variables configure scripts ask for match apxs, including the empty ones" {
	need_real_apxs
	for n in CC CFLAGS LIBTOOL LIBDIR SBINDIR TARGET INCLUDEDIR LIBEXECDIR SYSCONFDIR \
		PREFIX LDFLAGS_SHLIB LIBS_SHLIB CFLAGS_SHLIB LD_SHLIB APR_CONFIG APU_CONFIG \
		BINDIR DATADIR PROGNAME EXTRA_INCLUDES CPPFLAGS LDFLAGS; do
		assert_equal "$(answer "$APXS" -q "$n")" "$(answer /usr/bin/apxs -q "$n")"
	done
	run "$APXS" -q CFLAGS_SHLIB
	assert_success
	assert_output ""
}

@test "several names, unknown names and odd arguments give apxs's output and exit code" {
	need_real_apxs
	for args in "CC CFLAGS" "TARGET CC" "CC TARGET" "CC NOPE" "NOPE CC" "cc" "-- CC" "- CC" \
		"libexecdir LIBEXECDIR"; do
		# shellcheck disable=SC2086
		assert_equal "$(answer "$APXS" -q $args)" "$(answer /usr/bin/apxs -q $args)"
	done
}

@test "-q alone lists the same name=value lines as apxs; -q -v is identical" {
	need_real_apxs
	assert_equal "$("$APXS" -q | sort)" "$(/usr/bin/apxs -q | sort)"
	assert_equal "$("$APXS" -q -v)" "$(/usr/bin/apxs -q -v)"
	assert_equal "$("$APXS" -q -v | wc -l)" "$(file_names | wc -l)"
}

@test "-S follows apxs: file variables are reported as recorded, TARGET as set" {
	need_real_apxs
	assert_equal "$(answer "$APXS" -S LIBEXECDIR=/x -q LIBEXECDIR)" \
		"$(answer /usr/bin/apxs -S LIBEXECDIR=/x -q LIBEXECDIR)"
	run "$APXS" -S TARGET=httpd -q TARGET
	assert_success
	assert_output "httpd"
	assert_equal "$("$APXS" -S CC=clang -q -v)" "$(/usr/bin/apxs -q -v)"
}

@test "-S with a name apxs does not know fails with exit 1, as apxs" {
	need_apache
	run "$APXS" -S LIBS=-lz -q CC
	assert_failure 1
	assert_output "apxs: error: no config variable 'LIBS'"
	run "$APXS" -S NOT_A_VAR=1 -q CC
	assert_failure 1
	run "$APXS" -S cc=gcc -q CC
	assert_failure 1
	run "$APXS" -S CC -q CC
	assert_failure 1
	assert_output --partial "malformed -S 'CC'"
}

@test "-S of a variable apxs has empty (Debian's PREFIX) fails with exit 1, as apxs" {
	need_real_apxs
	[ -z "$(/usr/bin/apxs -q PREFIX)" ] || skip "this Apache records a PREFIX"
	run /usr/bin/apxs -S PREFIX=/opt -q CC
	assert_failure 1
	run "$APXS" -S PREFIX=/opt -q CC
	assert_failure 1
	assert_output --partial "no config variable 'PREFIX'"
}

@test "usage errors exit 1 as apxs does" {
	need_apache
	for args in "" "-g" "-x -q CC" "-q -S" "-c" "-i" "-e"; do
		# shellcheck disable=SC2086
		run "$APXS" $args
		assert_failure 1
		[ "${#lines[@]}" -eq 1 ]
	done
}

@test "everything after the first file goes to the link line, as apxs passes it" {
	need_apache
	apache_src la >mod_la.c
	run "$APXS" -c --dry-run mod_la.c -lm -Wl,-z,defs -DAFTER=1
	assert_success
	# The compile line has none of it; the link line has all of it, in order.
	[[ "${lines[0]}" == *" -c mod_la.c "* ]]
	[[ "${lines[0]}" != *"-lm"* && "${lines[0]}" != *"AFTER"* ]]
	[[ "${lines[1]}" == *" -lm -Wl,-z,defs -DAFTER=1"* ]]
}

@test "a failed compile exits 1, as apxs does, and shows the compiler's message" {
	need_real_apxs
	echo 'int broken = ;' >mod_broken.c
	/usr/bin/apxs -c mod_broken.c >/dev/null 2>&1 && false
	real=$?
	run "$APXS" -c mod_broken.c
	assert_failure "$real"
	assert_output --partial "mod_broken.c:1:"
	assert_output --partial "apxs: error: compiling 'mod_broken.c' failed"
	# modxs itself keeps its own, finer exit codes.
	run modxs --host apache -c mod_broken.c
	assert_failure 3
}

# A Debian-layout config dir at $1, empty of modules.
debian_etc() {
	mkdir -p "$1/mods-available" "$1/mods-enabled"
	printf 'IncludeOptional mods-enabled/*.load\n' >"$1/apache2.conf"
}

@test "the DESTDIR variable changes nothing, as for apxs: a staged LIBEXECDIR is not staged again" {
	need_apache
	local stage=$BATS_TEST_TMPDIR/stage
	apache_src dd >mod_dd.c
	run "$APXS" -c mod_dd.c
	assert_success
	# make install DESTDIR=/stage exports DESTDIR to a recipe that already staged the path.
	DESTDIR=$stage run "$APXS" -i -S LIBEXECDIR="$stage/mods" mod_dd.la
	assert_success
	assert [ -f "$stage/mods/mod_dd.so" ]
	assert [ ! -e "$stage$stage" ]
	# -a edits SYSCONFDIR's config, not one under DESTDIR.
	debian_etc "$BATS_TEST_TMPDIR/etc"
	DESTDIR=$stage run "$APXS" --no-config-test -i -a -S SYSCONFDIR="$BATS_TEST_TMPDIR/etc" \
		-S LIBEXECDIR="$BATS_TEST_TMPDIR/mods" mod_dd.la
	assert_success
	assert [ -f "$BATS_TEST_TMPDIR/mods/mod_dd.so" ]
	assert_equal "$(cat "$BATS_TEST_TMPDIR/etc/mods-available/dd.load")" \
		"$(printf "LoadModule %-18s %s" dd_module "$BATS_TEST_TMPDIR/mods/mod_dd.so")"
	assert [ -L "$BATS_TEST_TMPDIR/etc/mods-enabled/dd.load" ]
	assert [ ! -e "$stage$BATS_TEST_TMPDIR" ]
}

@test "modxs never prefixes DESTDIR to a path that already starts with it" {
	need_apache
	local stage=$BATS_TEST_TMPDIR/stage
	apache_src st >mod_st.c
	"$APXS" -c mod_st.c >/dev/null 2>&1
	DESTDIR=$stage run modxs --host apache -i -S LIBEXECDIR="$stage/mods" mod_st.la
	assert_success
	assert [ -f "$stage/mods/mod_st.so" ]
	assert [ ! -e "$stage$stage" ]
	run modxs --host apache --destdir "$stage" -i -S LIBEXECDIR="$stage/other" mod_st.la
	assert_success
	assert [ -f "$stage/other/mod_st.so" ]
	# So is a state dir already under it.
	MODXS_STATEDIR=$stage/state run modxs --host apache --destdir "$stage" --receipt -i \
		-S LIBEXECDIR="$stage/mods" mod_st.la
	assert_success
	assert [ -n "$(find "$stage/state/receipts" -name st.json)" ]
	# A path that only shares a prefix with DESTDIR is staged as usual.
	run modxs --host apache --destdir "$stage" -i -S LIBEXECDIR="${stage}x/mods" mod_st.la
	assert_success
	assert [ -f "$stage${stage}x/mods/mod_st.so" ]
}

@test "-n is checked only where apxs uses it: -c and -i without -a ignore it" {
	need_apache
	local mods=$BATS_TEST_TMPDIR/mods
	apache_src nn >mod_nn.c
	run "$APXS" -c -n mod_nn.so mod_nn.c
	assert_success
	assert [ -f .libs/mod_nn.so ]
	run "$APXS" -i -S LIBEXECDIR="$mods" -n mod_nn.so mod_nn.la
	assert_success
	assert [ -f "$mods/mod_nn.so" ]
	# Where the name goes into a LoadModule line, a name that cannot be one is refused.
	debian_etc "$BATS_TEST_TMPDIR/etc"
	run "$APXS" --no-config-test -i -a -S SYSCONFDIR="$BATS_TEST_TMPDIR/etc" \
		-S LIBEXECDIR="$mods" -n mod_nn.so mod_nn.la
	assert_failure 1
	assert_output --partial "invalid module name 'mod_nn.so'"
}

@test "MODXS_HOST and MODXS_PROFILE do not change what the persona answers for" {
	need_apache
	local want
	want=$("$APXS" -q INCLUDEDIR)
	MODXS_HOST=demo run "$APXS" -q INCLUDEDIR
	assert_success
	assert_output "$want"
	MODXS_PROFILE=/nonexistent/host.json run "$APXS" -q TARGET
	assert_success
	assert_output "apache2"
	# On its command line, --host still chooses.
	run "$APXS" --host demo -q TARGET
	assert_success
	assert_output "$(modxs --host demo -q TARGET)"
}

@test "header operands on -c are dropped from the compile and the link, as libtool drops them" {
	need_apache
	mkdir include
	# gcc handed a header compiles it, and the link line has no -I for its includes.
	printf '#include "httpd.h"\nint helper(void);\n' >include/x.h
	printf '#include "include/x.h"\nint helper(void) { return 1; }\n' >b.c
	apache_src x >a.c
	run "$APXS" -c -o mod_x.la a.c b.c include/x.h
	assert_success
	assert [ -f .libs/mod_x.so ]
	assert [ ! -e include/x.h.gch ]
	run "$APXS" -c --dry-run -o mod_x.la a.c b.c include/x.h
	refute_output --partial "x.h"
}

@test "configure checks that grep the apxs file for STANDARD20 find it" {
	need_apache
	# As in: if grep STANDARD20 "$APXS" >/dev/null; then apache2=yes; fi
	run grep STANDARD20 "$APXS"
	assert_success
	run grep -q STANDARD20_MODULE_STUFF "$APXS"
	assert_success
	# The build dir it names holds the config_vars.mk such scripts include.
	run "$APXS" -q exp_installbuilddir
	assert_success
	assert [ -f "$output/config_vars.mk" ]
}

@test "a libtool convenience library on -c is linked whole, as libtool links it" {
	need_apache
	mkdir .libs
	apache_src cv >cv.c
	cc -fPIC -I"$("$APXS" -q INCLUDEDIR)" $("$APXS" -q EXTRA_INCLUDES) -c cv.c -o .libs/cv.o
	ar cr .libs/libcv.a .libs/cv.o
	cat >libcv.la <<'LA'
# libcv.la - a libtool library file
dlname=''
library_names=''
old_library='libcv.a'
inherited_linker_flags=''
dependency_libs=''
weak_library_names=''
current=
age=
revision=
installed=no
shouldnotlink=no
dlopen=''
dlpreopen=''
libdir=''
LA
	run "$APXS" -c -o mod_cv.la libcv.la -lz
	assert_success
	run nm -D --defined-only .libs/mod_cv.so
	assert_output --partial " cv_module"
	# A glue source beside it: the record is the library's, not mod_glue's.
	echo 'int glue_version(void) { return 1; }' >mod_glue.c
	run "$APXS" -c mod_glue.c libcv.la
	assert_success
	run nm -D --defined-only .libs/mod_glue.so
	assert_output --partial " cv_module"
}

@test "on a single-file config, -a names a module under PREFIX relative to it, as upstream apxs does" {
	local srv=$BATS_TEST_TMPDIR/srv
	mkdir -p "$srv/conf" "$srv/modules"
	cat >host.json <<JSON
{
  "modxs_profile": 1,
  "name": "upstream",
  "vars": {"TARGET": "httpd", "PREFIX": "$srv", "SYSCONFDIR": "$srv/conf",
           "LIBEXECDIR": "$srv/modules", "SBINDIR": "$srv/bin"},
  "module": {"symbol": "%s_module", "load_line": "LoadModule %-18s %s", "file": "mod_%s.so"},
  "config": {"layout": "single", "file": "\$(SYSCONFDIR)/\$(TARGET).conf"},
  "server": "$srv/bin/httpd"
}
JSON
	printf 'ServerRoot "%s"\nLoadModule a_module modules/mod_a.so\n' "$srv" >"$srv/conf/httpd.conf"
	printf 'int rel_module = 1;\n' >rel.c
	cc -shared -fPIC -o mod_rel.so rel.c
	run "$MODXS" --persona=apxs --profile host.json -i -a mod_rel.so
	assert_success
	assert_equal "$(tail -n 1 "$srv/conf/httpd.conf")" \
		"$(printf 'LoadModule %-18s %s' rel_module modules/mod_rel.so)"
	# modxs itself names the full path.
	run modxs --profile host.json -i -a -n rel mod_rel.so
	assert_success
	assert_equal "$(tail -n 1 "$srv/conf/httpd.conf")" \
		"$(printf 'LoadModule %-18s %s' rel_module "$srv/modules/mod_rel.so")"
}

@test "apxs options and bare words after the files are dropped from the link, as libtool drops them" {
	need_apache
	apache_src after >mod_after.c
	# apxs stops reading options at the first file: -n after reaches libtool, which ignores it.
	run "$APXS" -c mod_after.c -n after
	assert_success
	assert [ -f .libs/mod_after.so ]
	rm -rf .libs
	run "$APXS" -c --dry-run mod_after.c -n after -lm
	assert_success
	local link=${lines[1]}
	[[ "$link" == *" -shared "* && "$link" == *" -lm"* ]]
	[[ "$link" != *" -n "* && "$link" != *" after "* && "$link" != *" after" ]]
}
