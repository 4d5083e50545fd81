#!/usr/bin/env bats
# modxs --record: host profiles written from the servers' build files, into
# a scratch data dir, from fixture copies of those files under --root or
# named by --from; and the warning a profile gives once its files change.

bats_require_minimum_version 1.5.0
load ../helper

setup_more() {
	skip_unless python3 "python3 is not installed to check the JSON"
	# The query cache of this test alone, so a cached answer is this test's.
	export XDG_CACHE_HOME=$BATS_TEST_TMPDIR/cache
}

# field FILE EXPR: a value of a recorded profile, by a Python expression on d.
field() {
	python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# fixture_apache ROOT LINES...: ROOT/usr/share/apache2/build/config_vars.mk holding LINES.
fixture_apache() {
	local root=$1
	shift
	mkdir -p "$root/usr/share/apache2/build"
	printf '%s\n' "$@" >"$root/usr/share/apache2/build/config_vars.mk"
}

# old FILE...: give FILEs a time in the past, so the query cache trusts them.
old() { touch -d '-1 hour' "$@"; }

@test "apache: every line of config_vars.mk is kept raw, odd characters and all" {
	printf '%s\n' 'prefix = /opt/ap' 'progname = first' 'exec_prefix = ${prefix}/usr' \
		'libexecdir = ${exec_prefix}/modules' 'sysconfdir = ${prefix}/conf' \
		'# comment = not a variable' 'SEMI = a;b;;c' 'BRACK = [x;y] [z' \
		'QUOTE = say "hi" \n \\ end\' 'TABS =	tabbed	value	' 'no assignment here' \
		'  SPACED  =  v  ' 'EMPTY =' 'INSTALL = $(LIBTOOL) --mode=install' \
		'progname = second' 'APR_CONFIG = /nonexistent/apr-1-config' >config_vars.mk
	printf 'CRLF = yes\r\n' >>config_vars.mk
	run modxs --record --from apache="$PWD/config_vars.mk" --datadir out apache
	assert_success
	assert_output "recorded host profile 'apache': Apache httpd, recorded from $PWD/config_vars.mk"
	p=out/hosts/apache.json
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

@test "apache: build flags are apxs's, without libtool's -prefer-pic, plus apr's" {
	mkdir bin
	printf '#!/bin/sh\ncase $1 in --includes) echo " -I/apr/inc -I/apr/inc ";; --ldflags) echo " -L/apr/lib";; esac\n' >bin/apr
	printf '#!/bin/sh\necho "-I/apr/inc -I/apu/inc"\n' >bin/apu
	chmod +x bin/apr bin/apu
	printf '%s\n' 'SHLTCFLAGS = -prefer-pic' 'CFLAGS = -O2' 'progname = httpd' \
		"APR_CONFIG = $PWD/bin/apr" "APU_CONFIG = $PWD/bin/apu" >config_vars.mk
	run modxs --record --from apache="$PWD/config_vars.mk" --datadir out
	assert_success
	p=out/hosts/apache.json
	run field "$p" 'd["build"]["cflags"]'
	assert_output '$(CFLAGS) $(CPPFLAGS) $(NOTEST_CPPFLAGS) $(EXTRA_CPPFLAGS) $(EXTRA_CFLAGS) -I$(INCLUDEDIR) -I/apr/inc -I/apu/inc'
	run field "$p" 'd["build"]["ldflags"]'
	assert_output '$(LDFLAGS) $(NOTEST_LDFLAGS) $(SH_LDFLAGS) -L/apr/lib'
	run field "$p" '(d["module"]["load_line"], d["config"]["layout"], d["config"]["test"], d["server"])'
	assert_output "('LoadModule %-18s %s', 'auto', ['\$(SBINDIR)/\$(TARGET)', '-t', '-f', '{config}'], '\$(SBINDIR)/\$(TARGET)')"
	# What was read and run, each with its size and time, and how to record it again.
	run field "$p" '([f["path"] for f in d["sources"]["files"]], d["sources"]["record"])'
	assert_output "(['$PWD/config_vars.mk', '$PWD/bin/apr', '$PWD/bin/apu'], ['--record', '--from', 'apache=$PWD/config_vars.mk', 'apache'])"
	run field "$p" '(d["modxs_profile"], d["aliases"])'
	assert_output "(2, ['apache2', 'httpd'])"
}

@test "record from a fixture root into a scratch data dir; -q answers from it" {
	fixture_apache fx 'progname = fxhttpd' 'CC = fx-cc' 'exp_sbindir = /usr/sbin'
	mkdir -p fx/usr/sbin && touch fx/usr/sbin/fxhttpdctl
	run modxs --record --root fx --datadir data apache
	assert_success
	assert [ -f data/platform.json ]
	run field data/hosts/apache.json 'd["config"]["test"][0]'
	assert_output '$(SBINDIR)/fxhttpdctl'
	export MODXS_DATADIR=$PWD/data
	run modxs --host apache -q CC TARGET
	assert_success
	assert_output "fx-cc;;fxhttpd"
	refute_output --partial warning
}

@test "a missing host's error names --record" {
	private_datadir
	rm -f "$MODXS_DATADIR/hosts/apache.json"
	run modxs --host apache -q CC
	assert_failure 1
	assert_output --regexp "^modxs: error: unknown host 'apache'; known hosts: .*record it with 'modxs --record apache'"
	run modxs --record --root "$PWD" apache
	assert_failure 2
	assert_output "modxs: error: no build files of Apache httpd found under '$PWD'; name them with --from apache=FILE"
	run modxs --record lighttpd
	assert_failure 1
	assert_output "modxs: error: cannot record host 'lighttpd': modxs records apache, proftpd, nginx, collectd, php"
	run modxs --root / -q CC
	assert_failure 1
	assert_output "modxs: error: --root, --from and --datadir go with --record"
}

@test "a changed build file warns once on every use; --record clears it and -q shows the new value" {
	fixture_apache fx 'progname = httpd' 'CC = old-cc'
	old fx/usr/share/apache2/build/config_vars.mk
	modxs --record --root fx --datadir data apache
	old data/hosts/apache.json data/platform.json
	export MODXS_DATADIR=$PWD/data
	# Twice: the second answer comes from the query cache.
	for i in 1 2; do
		run modxs --host apache -q CC
		assert_success
		assert_output "old-cc"
	done
	[ -n "$(ls cache/modxs)" ]
	echo 'CC = new-cc' >>fx/usr/share/apache2/build/config_vars.mk
	mk=$PWD/fx/usr/share/apache2/build/config_vars.mk
	for i in 1 2; do
		run --separate-stderr modxs --host apache -q CC
		assert_success
		assert_output "old-cc"
		[ "$stderr" = "modxs: warning: '$mk' has changed since the 'apache' profile was recorded; run 'modxs --record --root $PWD/fx apache'" ]
	done
	# The apxs persona, and every other use of the host, say it too.
	run --separate-stderr modxs --persona apxs -q CC
	[ "$(grep -c 'has changed since' <<<"$stderr")" = 1 ]
	run modxs --record --root "$PWD/fx" apache
	assert_success
	run modxs --host apache -q CC
	assert_success
	assert_output "new-cc"
}

@test "recording again an unchanged server leaves the profile's file as it was" {
	fixture_apache fx 'progname = httpd'
	modxs --record --root fx --datadir data apache
	old data/hosts/apache.json
	before=$(stat -c %Y data/hosts/apache.json)
	run modxs --record --root fx --datadir data apache
	assert_success
	assert_output --partial "host profile 'apache' is up to date"
	[ "$(stat -c %Y data/hosts/apache.json)" = "$before" ]
}

@test "recording every host forgets one whose build files are gone, and only that one" {
	fixture_apache fx 'progname = httpd'
	modxs --record --root fx --datadir data
	[ -f data/hosts/apache.json ]
	cp data/hosts/apache.json keep.json
	rm -r fx/usr/share/apache2
	run modxs --record --root fx --datadir data
	assert_success
	assert_output --partial "no build files of Apache httpd found under '$PWD/fx': removed"
	[ ! -e data/hosts/apache.json ]
	# One recorded by another command (here from elsewhere) is not this run's to forget.
	cp keep.json data/hosts/apache.json
	sed -i 's/"--root"/"--from"/' data/hosts/apache.json
	run modxs --record --root fx --datadir data
	assert_success
	[ -f data/hosts/apache.json ]
}

@test "proftpd: prxs's recorded values become the apxs names" {
	mkdir -p fx/usr/bin fx/usr/sbin fx/usr/include/proftpd
	touch fx/usr/include/proftpd/conf.h
	cat >fx/usr/bin/prxs <<'EOF'
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
	cat >fx/usr/sbin/proftpd <<'EOF'
#!/bin/sh
cat <<'V'
Compile-time Settings:
  Version: 1.3.9rc1 (devel)
  Built With:
    configure  '--prefix=/opt/ftp' '--sysconfdir=/etc/ftp'

  Files:
    Configuration File:
      /etc/ftp/ftpd.conf
    Header Directory:
      /opt/ftp/include/proftpd
    Shared Module Directory:
      /opt/ftp/libexec
V
EOF
	chmod +x fx/usr/sbin/proftpd
	run modxs --record --root fx --datadir data proftpd
	assert_success
	assert_output "recorded host profile 'proftpd': ProFTPD 1.3.9rc1, recorded from $PWD/fx/usr/bin/prxs and $PWD/fx/usr/sbin/proftpd"
	p=data/hosts/proftpd.json
	run field "$p" 'd["vars"]'
	assert_output --partial "'CC': 'my-cc'"
	# -DPR_SHARED_MODULE moves to build.cflags, so -S CFLAGS cannot drop it.
	assert_output --partial "'CFLAGS': '-DLINUX -O1 -Wall'"
	assert_output --partial "'CPPFLAGS': '-DX=1'"
	assert_output --partial "'SBINDIR': '/opt/ftp/sbin'"
	assert_output --partial "'PREFIX': '/opt/ftp'"
	assert_output --partial "'PROFTPD_VERSION': '1.3.9rc1'"
	run field "$p" 'd["build"]["cflags"]'
	assert_output '$(CFLAGS) $(CPPFLAGS) -DPR_SHARED_MODULE -I. -I$(INCLUDEDIR)/proftpd'
	run modxs --profile "$p" -q TARGET SYSCONFDIR LIBEXECDIR INCLUDEDIR
	assert_success
	assert_output "ftpd;;/etc/ftp;;/opt/ftp/libexec;;/opt/ftp/include"
	run field "$p" '(d["module"]["load_line"], d["module"]["key"], d["config"]["layout"], d["config"]["test"])'
	assert_output "('LoadModule %s', 'mod_%s.c', 'proftpd', ['\$(SBINDIR)/\$(TARGET)', '-t', '-c', '{config}'])"
	run field "$p" '(d["modxs_profile"], d["config"]["section"], d["config"]["module_path"], d["config"]["include"])'
	assert_output "(2, 'IfModule mod_dso.c', 'ModulePath', ['Include'])"
}

@test "the profiles recorded by the build and by --record are byte-identical" {
	local n=0
	for h in apache proftpd nginx collectd php; do
		built=$MODXS_BUILD_DIR/share/modxs/hosts/$h.json
		[ -f "$built" ] || continue
		run modxs --record --datadir data "$h"
		assert_success
		cmp "$built" "data/hosts/$h.json"
		n=$((n + 1))
	done
	[ "$n" -gt 0 ] || skip "no server's build files here (apt-get install apache2-dev proftpd-dev)"
}

# drop_sources FILE: the profile without its "sources" member, as recipes write it.
drop_sources() {
	awk '/^  "sources" : $/ { skip = 1; next } skip && /^  },?$/ { skip = 0; next } !skip' "$1"
}

@test "a recipe's profile from --record is byte for byte the build's CMake recipe code's, but sources" {
	local n=0 r
	for r in "$MODXS_BUILD_DIR"/share/modxs/recipes/*.json; do
		h=$(basename "$r" .json)
		run modxs --record --datadir data "$h"
		[ "$status" -eq 2 ] && continue # its files are not installed here
		assert_success
		cmake -DRECIPE="$r" -DOUT="$PWD/$h.ref.json" -P "$MODXS_SOURCE_DIR/tests/cli/data/recipe-record.cmake"
		drop_sources "data/hosts/$h.json" >"$h.got.json"
		diff -u "$h.ref.json" "$h.got.json"
		run field "data/hosts/$h.json" 'd["sources"]["record"]'
		assert_output "['--record', '$h']"
		n=$((n + 1))
	done
	if [ "$n" -eq 0 ]; then
		in_ci && fail "no recipe's host is installed here; CI installs collectd-dev and php-dev (.ci/deps)"
		skip "no recipe's host is installed here (apt-get install collectd-dev php-dev)"
	fi
}

@test "a recipe host: recorded by name, named in errors, its required file's change warns" {
	mkdir -p data/recipes fx/opt/thing/bin
	printf '#!/bin/sh\necho "thing 4.5, built for tests" >&2\necho "/opt/thing/lib/x"\n' >fx/opt/thing/bin/thing-config
	chmod +x fx/opt/thing/bin/thing-config
	cp -r "$MODXS_BUILD_DIR/share/modxs" mydata
	cat >mydata/recipes/thing.json <<'JSON'
{
  "modxs_profile": 2,
  "name": "thing",
  "description": "Thing, a test host",
  "record": {
    "requires": ["$(THING_CONFIG)"],
    "run": {
      "LIBEXECDIR": ["$(THING_CONFIG)"],
      "THING_VERSION": ["$(THING_CONFIG)"]
    },
    "match": {"THING_VERSION": "thing ([0-9.]+)", "LIBEXECDIR": "(/opt[^\n]*)"}
  },
  "vars": {"THING_CONFIG": "/opt/thing/bin/thing-config", "TARGET": "thing", "LIBEXECDIR": "", "THING_VERSION": ""},
  "build": {"cflags": "$(CFLAGS)"},
  "module": {"symbol": "%s_module", "load_line": "LoadModule %s", "file": "%s.so"},
  "config": {"layout": "single", "file": "/etc/thing.conf"},
  "server": "/opt/thing/bin/thing"
}
JSON
	export MODXS_DATADIR=$PWD/mydata
	run modxs --record --root fx --datadir mydata thing
	assert_success
	assert_output --partial "recorded host profile 'thing': Thing, a test host, recorded from $PWD/mydata/recipes/thing.json"
	run modxs --host thing -q LIBEXECDIR THING_VERSION
	assert_success
	assert_output "/opt/thing/lib/x;;4.5"
	run field mydata/hosts/thing.json '([f["path"] for f in d["sources"]["files"]], "record" in d)'
	assert_output "(['$PWD/fx/opt/thing/bin/thing-config'], False)"
	echo '# changed' >>fx/opt/thing/bin/thing-config
	run --separate-stderr modxs --host thing -q TARGET
	assert_success
	[ "$stderr" = "modxs: warning: '$PWD/fx/opt/thing/bin/thing-config' has changed since the 'thing' profile was recorded; run 'modxs --record --root $PWD/fx thing'" ]
	run modxs --record --root "$PWD/empty" thing
	assert_failure
	run modxs --record lighttpd
	assert_failure 1
	assert_output --regexp "^modxs: error: cannot record host 'lighttpd': modxs records apache, proftpd, .*thing"
}

@test "a recipe's odd values are written as the build's CMake recipe code wrote them" {
	skip_unless cmake "cmake is not installed"
	cp -r "$MODXS_BUILD_DIR/share/modxs" mydata
	cat >mydata/recipes/odd.json <<'JSON'
{
  "modxs_profile": 2, "name": "odd", "description": "Odd \"one\" \u00e9\t/ \ud83d\ude00",
  "record": {"requires": ["/bin/sh"], "run": {"B": ["/bin/sh", "-c", "printf 'x\\001y \\\\ \\303\\251'"],
    "A": ["/bin/sh", "-c", "echo $(B) fails >&2; exit 3"], "C": ["/bin/sh", "-c", "echo $(B)"]},
    "match": {"A": "(fails)"}},
  "vars": {"B": "b", "Z": 1.5, "N": null, "T": true, "E": {}, "L": []},
  "module": {"symbol": "s", "load_line": "l %s", "file": "%s.so",
    "load_args": ["key", "name", "key", "name", "key", "name", "key", "name", "key", "name", "key"],
    "short": ["a", 2, false, {}]},
  "config": {"layout": "single", "file": "/x", "nested": [["a"], {"b": [1]}]},
  "server": "/bin/sh"
}
JSON
	export MODXS_DATADIR=$PWD/mydata
	run modxs --record --datadir mydata odd
	assert_success
	cmake -DRECIPE="$PWD/mydata/recipes/odd.json" -DOUT="$PWD/odd.ref.json" -P "$MODXS_SOURCE_DIR/tests/cli/data/recipe-record.cmake"
	drop_sources mydata/hosts/odd.json >odd.got.json
	diff -u odd.ref.json odd.got.json
}

# fixture_nginx ROOT: an nginx binary whose -V names configure's arguments,
# and a source dir whose configure writes what nginx's writes for module
# builds, logging its arguments to $NGINX_RUNS; with NGINX_FAIL set it
# fails as nginx's does without PCRE.
fixture_nginx() {
	local root=$1 src=$1/usr/share/nginx/src
	mkdir -p "$root/usr/sbin" "$src/auto"
	cat >"$root/usr/sbin/nginx" <<'SH'
#!/bin/sh
echo 'nginx version: nginx/1.99.0' >&2
echo "configure arguments: --with-cc-opt='-g -O2' --prefix=/opt/ng --conf-path=/etc/ng/nginx.conf --modules-path=/opt/ng/mods --add-dynamic-module=/build/gone '--with-ld-opt=-Wl,-z,now'" >&2
SH
	cat >"$src/configure" <<'SH'
#!/bin/sh
printf '%s\n' "$*" >>"$NGINX_RUNS"
if [ -n "${NGINX_FAIL:-}" ]; then
	echo 'checking for PCRE library ... not found'
	echo './configure: error: the HTTP rewrite module requires the PCRE library.'
	exit 1
fi
mkdir objs
echo '#define NGX_COMPAT  1' >objs/ngx_auto_config.h
echo '#define NGX_HAVE_UNISTD_H  1' >objs/ngx_auto_headers.h
printf 'CC =\tcc\nCFLAGS =  -pipe  -O -W \\\n\t-g\nALL_INCS = -I src/core \\\n\t-I objs \\\n\t-I /usr/include/libxml2\n' >objs/Makefile
SH
	chmod +x "$root/usr/sbin/nginx" "$src/configure"
	: >"$src/auto/module"
}

@test "nginx: configure runs once in a private dir with the binary's arguments; its results make the profile" {
	fixture_nginx fx
	export NGINX_RUNS=$PWD/runs TMPDIR=$PWD/tmp
	mkdir tmp
	find fx -exec touch -d '-1 hour' {} +
	touch -d '-30 min' stamp
	run modxs --record --root "$PWD/fx" --datadir out nginx
	assert_success
	assert_line "recorded host profile 'nginx': nginx 1.99.0, recorded from /usr/sbin/nginx -V and $PWD/fx/usr/share/nginx/src"
	# The package's own addon is gone; --with-compat lets a module built apart load.
	assert_equal "$(cat runs)" "--with-cc-opt=-g -O2 --prefix=/opt/ng --conf-path=/etc/ng/nginx.conf --modules-path=/opt/ng/mods --with-ld-opt=-Wl,-z,now --with-compat"
	assert_equal "$(cat out/nginx/ngx_auto_config.h)" '#define NGX_COMPAT  1'
	assert_equal "$(cat out/nginx/ngx_auto_headers.h)" '#define NGX_HAVE_UNISTD_H  1'
	cmp "$MODXS_BUILD_DIR/share/modxs/nginx/addon.sh" out/nginx/addon.sh
	# Nothing written under the source, nothing left in TMPDIR.
	assert_equal "$(find fx -newer stamp)" ""
	assert_equal "$(ls -A tmp)" ""
	export MODXS_DATADIR=$PWD/out
	for v in PREFIX=/opt/ng SBINDIR=/usr/sbin SYSCONFDIR=/etc/ng NGINX_CONF=/etc/ng/nginx.conf \
		LIBEXECDIR=/opt/ng/mods CC=cc "CFLAGS=-pipe -O -W -g" LDFLAGS=-Wl,-z,now NGINX_VERSION=1.99.0 \
		"NGINX_INCS=-I$PWD/fx/usr/share/nginx/src/src/core -I$PWD/out/nginx -I/usr/include/libxml2" \
		"NGINX_CONFIGURE_ARGS='--with-cc-opt=-g -O2' --prefix=/opt/ng --conf-path=/etc/ng/nginx.conf --modules-path=/opt/ng/mods --with-ld-opt=-Wl,-z,now --with-compat"; do
		run modxs --host nginx -q "${v%%=*}"
		assert_success
		assert_output "${v#*=}"
	done
	# Again, nothing changed: configure is not run, the profile is kept.
	run modxs --record --root "$PWD/fx" --datadir out nginx
	assert_success
	assert_line --partial "host profile 'nginx' is up to date"
	assert_equal "$(wc -l <runs)" 1
	# A new binary: configure runs again.
	touch fx/usr/sbin/nginx
	run modxs --record --root "$PWD/fx" --datadir out nginx
	assert_success
	assert_equal "$(wc -l <runs)" 2
}

@test "nginx: a configure that fails is one error with its last line; nothing is written or left; other hosts are recorded" {
	fixture_nginx fx
	export NGINX_RUNS=$PWD/runs TMPDIR=$PWD/tmp NGINX_FAIL=1
	mkdir tmp
	run --separate-stderr modxs --record --root "$PWD/fx" --datadir out nginx
	assert_failure 2
	assert_equal "$(grep -c 'error' <<<"$stderr")" 1
	[[ $stderr == *"modxs: error: nginx's configure in '$PWD/fx/usr/share/nginx/src' failed (exit 1): ./configure: error: the HTTP rewrite module requires the PCRE library." ]]
	assert [ ! -e out/hosts/nginx.json ]
	assert [ ! -e out/nginx ]
	assert_equal "$(ls -A tmp)" ""
	# Recording every host found: the others are recorded all the same.
	fixture_apache fx 'prefix = /opt/ap' 'libexecdir = ${prefix}/modules'
	run --separate-stderr modxs --record --root "$PWD/fx" --datadir out
	assert_failure 2
	[[ $stderr == *"modxs: error: nginx's configure in '$PWD/fx/usr/share/nginx/src' failed (exit 1): "* ]]
	assert [ -f out/hosts/apache.json ]
	assert [ ! -e out/hosts/nginx.json ]
}
