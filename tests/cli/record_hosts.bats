#!/usr/bin/env bats
# Recording host profiles at configure time (cmake/record-hosts.cmake), run
# in a minimal CMake project so each case takes a second, not a full build.

load ../helper

setup_more() {
	skip_unless cmake "cmake is not installed"
	skip_unless python3 "python3 is not installed to check the JSON"
	mkdir -p proj
	cat >proj/CMakeLists.txt <<EOF
cmake_minimum_required(VERSION 3.25)
project(record_hosts_test NONE)
set(MODXS_STAGE \${CMAKE_BINARY_DIR})
include($MODXS_SOURCE_DIR/cmake/record-hosts.cmake)
EOF
}

# record ARGS...: configure the project with ARGS; profiles land in out/share/modxs/hosts.
record() {
	cmake -S proj -B out "$@"
}

# field FILE EXPR: a value of a recorded profile, by a Python expression on d.
field() {
	python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

@test "apache: every line of config_vars.mk is kept raw, odd characters and all" {
	printf '%s\n' 'prefix = /opt/ap' 'progname = first' 'exec_prefix = ${prefix}/usr' \
		'libexecdir = ${exec_prefix}/modules' 'sysconfdir = ${prefix}/conf' \
		'# comment = not a variable' 'SEMI = a;b;;c' 'BRACK = [x;y] [z' \
		'QUOTE = say "hi" \n \\ end\' 'TABS =	tabbed	value	' 'no assignment here' \
		'  SPACED  =  v  ' 'EMPTY =' 'INSTALL = $(LIBTOOL) --mode=install' \
		'progname = second' 'APR_CONFIG = /nonexistent/apr-1-config' >config_vars.mk
	printf 'CRLF = yes\r\n' >>config_vars.mk
	run record -DMODXS_APACHE_CONFIG_VARS="$PWD/config_vars.mk" -DMODXS_RECORD_PROFTPD=OFF
	assert_success
	assert_output --partial "Recorded host profile 'apache' from $PWD/config_vars.mk"
	p=out/share/modxs/hosts/apache.json
	run python3 - "$p" <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))["vars"]
want = {
    "prefix": "/opt/ap", "progname": "second", "exec_prefix": "${prefix}/usr",
    "libexecdir": "${exec_prefix}/modules", "sysconfdir": "${prefix}/conf",
    "SEMI": "a;b;;c", "BRACK": "[x;y] [z", "QUOTE": 'say "hi" \\n \\\\ end\\',
    "TABS": "tabbed\tvalue\t", "SPACED": "v  ", "EMPTY": "",
    "INSTALL": "$(LIBTOOL) --mode=install", "APR_CONFIG": "/nonexistent/apr-1-config",
    "CRLF": "yes", "TARGET": "$(progname)", "CFLAGS_SHLIB": "", "LD_SHLIB": "",
    "LDFLAGS_SHLIB": "", "LIBS_SHLIB": "",
}
assert v == want, (v, want)
# Later duplicates replace earlier ones in place: file order is kept.
assert list(v)[:3] == ["prefix", "progname", "exec_prefix"], list(v)
PY
	assert_success
	run modxs --profile "$p" -q TARGET LIBEXECDIR SYSCONFDIR SEMI
	assert_success
	assert_output "second;;/opt/ap/usr/modules;;/opt/ap/conf;;a;b;;c"
}

@test "apache: build flags are apxs's, without libtool's -prefer-pic" {
	printf '%s\n' 'SHLTCFLAGS = -prefer-pic' 'CFLAGS = -O2' 'progname = httpd' \
		'APR_CONFIG = /nonexistent' >config_vars.mk
	run record -DMODXS_APACHE_CONFIG_VARS="$PWD/config_vars.mk" -DMODXS_RECORD_PROFTPD=OFF
	assert_success
	p=out/share/modxs/hosts/apache.json
	run field "$p" 'd["build"]["cflags"]'
	assert_output --regexp '^\$\(CFLAGS\) \$\(CPPFLAGS\) \$\(NOTEST_CPPFLAGS\) \$\(EXTRA_CPPFLAGS\) \$\(EXTRA_CFLAGS\) -I\$\(INCLUDEDIR\)'
	refute_output --partial "SHLTCFLAGS"
	run field "$p" 'd["build"]["ldflags"]'
	assert_output --regexp '^\$\(LDFLAGS\) \$\(NOTEST_LDFLAGS\) \$\(SH_LDFLAGS\)'
	run field "$p" '(d["module"]["load_line"], d["config"]["layout"], d["config"]["test"], d["server"])'
	assert_output "('LoadModule %-18s %s', 'auto', ['\$(SBINDIR)/\$(TARGET)', '-t', '-f', '{config}'], '\$(SBINDIR)/\$(TARGET)')"
	run field "$p" '(d["modxs_profile"], d["aliases"])'
	assert_output "(2, ['apache2', 'httpd'])"
}

@test "apache: a named config_vars.mk that does not exist stops the configure" {
	run record -DMODXS_APACHE_CONFIG_VARS="$PWD/nothere.mk" -DMODXS_RECORD_PROFTPD=OFF
	assert_failure
	# CMake wraps the message; its words are what matter.
	assert_output --partial "CMake Error"
	assert_output --partial "MODXS_APACHE_CONFIG_VARS: '$PWD/nothere.mk' does not"
}

@test "apache: turning the recording off removes an earlier profile" {
	printf 'progname = httpd\n' >config_vars.mk
	record -DMODXS_APACHE_CONFIG_VARS="$PWD/config_vars.mk" -DMODXS_RECORD_PROFTPD=OFF
	[ -f out/share/modxs/hosts/apache.json ]
	run record -DMODXS_RECORD_APACHE=OFF
	assert_success
	[ ! -e out/share/modxs/hosts/apache.json ]
}

@test "apache: a changed config_vars.mk is recorded again on the next build" {
	printf 'progname = one\n' >config_vars.mk
	record -DMODXS_APACHE_CONFIG_VARS="$PWD/config_vars.mk" -DMODXS_RECORD_PROFTPD=OFF
	printf 'progname = two\n' >config_vars.mk
	touch -d '+5 seconds' config_vars.mk
	run cmake --build out
	assert_success
	run field out/share/modxs/hosts/apache.json 'd["vars"]["progname"]'
	assert_output "two"
}

@test "proftpd: prxs's recorded values become the apxs names" {
	[ -d /usr/include/proftpd ] || skip "ProFTPD's headers are not installed (proftpd-dev)"
	cat >prxs <<'EOF'
#! /usr/bin/perl
my $compiler = q(my-cc);
my $cflags = q( -DLINUX -O1 -DPR_SHARED_MODULE -Wall);
my $cppflags = q(-DX=1);
my $ltdl_ldflags = q(-avoid-version -export-dynamic -module);
my $sbindir = q(/opt/ftp/sbin);
my $includedir = q(/opt/ftp/include);
my $installer = q(/usr/bin/install -c);
my $libexecdir = q(/opt/ftp/libexec);
EOF
	run record -DMODXS_PRXS="$PWD/prxs" -DMODXS_RECORD_APACHE=OFF
	assert_success
	p=out/share/modxs/hosts/proftpd.json
	run field "$p" 'd["vars"]'
	assert_output --partial "'CC': 'my-cc'"
	# -DPR_SHARED_MODULE moves to build.cflags, so -S CFLAGS cannot drop it.
	assert_output --partial "'CFLAGS': '-DLINUX -O1 -Wall'"
	assert_output --partial "'CPPFLAGS': '-DX=1'"
	assert_output --partial "'SBINDIR': '/opt/ftp/sbin'"
	assert_output --partial "'INCLUDEDIR': '/opt/ftp/include'"
	assert_output --partial "'LIBEXECDIR': '/opt/ftp/libexec'"
	run field "$p" 'd["build"]["cflags"]'
	assert_output '$(CFLAGS) $(CPPFLAGS) -DPR_SHARED_MODULE -I. -I$(INCLUDEDIR)/proftpd'
	run modxs --profile "$p" -q TARGET SYSCONFDIR LIBEXECDIR
	assert_success
	assert_output --regexp '^proftpd;;/.+;;/opt/ftp/libexec$'
	run field "$p" '(d["module"]["load_line"], d["module"]["key"], d["config"]["layout"], d["config"]["test"])'
	assert_output "('LoadModule %s', 'mod_%s.c', 'proftpd', ['\$(SBINDIR)/\$(TARGET)', '-t', '-c', '{config}'])"
	run field "$p" '(d["modxs_profile"], d["config"]["section"], d["config"]["module_path"], d["config"]["include"])'
	assert_output "(2, 'IfModule mod_dso.c', 'ModulePath', ['Include'])"
}
