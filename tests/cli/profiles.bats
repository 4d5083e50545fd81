#!/usr/bin/env bats
# Host profiles: choosing a host, what a broken profile says, and the
# profiles recorded from the Apache httpd and ProFTPD on this machine.

load ../helper

# profile NAME TARGET: a copy of the demo profile under another name.
profile() {
	sed -e "s/\"name\": \"demo\"/\"name\": \"$1\"/" \
	    -e "s/\"TARGET\": \"modxs-demo\"/\"TARGET\": \"$2\"/" \
	    "$MODXS_BUILD_DIR/share/modxs/hosts/demo.json"
}

# skip_unless_recorded NAME: skip visibly when configure recorded no such host.
skip_unless_recorded() {
	[ -f "$MODXS_BUILD_DIR/share/modxs/hosts/$1.json" ] ||
		skip "no '$1' host profile was recorded: $2 was not found at configure time"
}

@test "the demo host is the default" {
	run modxs -q TARGET
	assert_success
	assert_output "modxs-demo"
}

@test "the default is the host recorded in platform.json" {
	private_datadir
	profile other other-server >"$MODXS_DATADIR/hosts/other.json"
	sed -i 's/"default_host": "demo"/"default_host": "other"/' "$MODXS_DATADIR/platform.json"
	run modxs -q TARGET
	assert_success
	assert_output "other-server"
}

@test "MODXS_HOST beats the recorded default" {
	private_datadir
	profile other other-server >"$MODXS_DATADIR/hosts/other.json"
	MODXS_HOST=other run modxs -q TARGET
	assert_success
	assert_output "other-server"
}

@test "--profile FILE beats MODXS_HOST" {
	private_datadir
	profile other other-server >"$MODXS_DATADIR/hosts/other.json"
	profile mine my-server >mine.json
	MODXS_HOST=other run modxs --profile mine.json -q TARGET
	assert_success
	assert_output "my-server"
}

@test "--host NAME beats --profile and MODXS_HOST" {
	private_datadir
	profile other other-server >"$MODXS_DATADIR/hosts/other.json"
	profile mine my-server >mine.json
	MODXS_HOST=other run modxs --profile mine.json --host demo -q TARGET
	assert_success
	assert_output "modxs-demo"
}

@test "a host's own build can drop a profile into share/modxs/hosts" {
	private_datadir
	profile mysrv mysrv >"$MODXS_DATADIR/hosts/mysrv.json"
	run modxs --host mysrv -q TARGET
	assert_success
	assert_output "mysrv"
}

@test "an unknown host is an error that lists the known ones" {
	private_datadir
	profile other other-server >"$MODXS_DATADIR/hosts/other.json"
	run modxs --host nosuch -q TARGET
	assert_failure 1
	assert_output --regexp "^modxs: error: unknown host 'nosuch'; known hosts: (.*, )?demo, (.*, )?other(, .*)?$"
}

@test "an unknown MODXS_HOST is the same error" {
	MODXS_HOST=nosuch run modxs -q TARGET
	assert_failure 1
	assert_output --partial "unknown host 'nosuch'; known hosts: "
	assert_output --partial "demo"
}

@test "a host is chosen by its file name, capitals and dots included" {
	private_datadir
	profile httpd-2.4 "Httpd 2.4" >"$MODXS_DATADIR/hosts/Httpd-2.4.json"
	run modxs --host Httpd-2.4 -q TARGET
	assert_success
	assert_output "Httpd 2.4"
	run modxs --host nosuch -q TARGET
	assert_output --regexp "known hosts: (.*, )?demo, Httpd-2.4(, .*)?$"
}

@test "a host name is not a path" {
	run modxs --host ../platform -q CC
	assert_failure 1
	assert_output --partial "unknown host '../platform'"
}

@test "a missing --profile file names the file" {
	run modxs --profile nothere.json -q CC
	assert_failure 2
	assert_output "modxs: error: cannot read 'nothere.json': No such file or directory"
}

@test "a malformed profile names the file and the line, exit 2" {
	private_datadir
	# Drop the comma that ends line 3 ("name": "demo",): the error is on line 4.
	sed '3s/,$//' "$MODXS_DATADIR/hosts/demo.json" >"$MODXS_DATADIR/hosts/broken.json"
	run modxs --host broken -q CC
	assert_failure 2
	assert_output "modxs: error: '$MODXS_DATADIR/hosts/broken.json': line 4, column 3: malformed JSON"
}

@test "a profile cut short names its last line" {
	head -n 8 "$MODXS_BUILD_DIR/share/modxs/hosts/demo.json" >short.json
	run modxs --profile short.json -q CC
	assert_failure 2
	assert_output --regexp "^modxs: error: 'short.json': line 8, column [0-9]+: malformed JSON$"
}

@test "a variable of the wrong type names the file and its line" {
	private_datadir
	line=$(grep -n '"TARGET"' "$MODXS_DATADIR/hosts/demo.json" | cut -d: -f1)
	sed -i 's/"TARGET": "modxs-demo"/"TARGET": 5/' "$MODXS_DATADIR/hosts/demo.json"
	run modxs -q CC
	assert_failure 2
	assert_output "modxs: error: '$MODXS_DATADIR/hosts/demo.json': line $line: 'TARGET' must be a string"
}

@test "a section of the wrong type names the file and its line" {
	private_datadir
	line=$(grep -n '"test"' "$MODXS_DATADIR/hosts/demo.json" | cut -d: -f1)
	sed -i 's/"test": \[.*\]/"test": "apachectl -t"/' "$MODXS_DATADIR/hosts/demo.json"
	run modxs -q CC
	assert_failure 2
	assert_output "modxs: error: '$MODXS_DATADIR/hosts/demo.json': line $line: 'test' must be an array of strings"
}

@test "a profile without vars is an error naming the key" {
	echo '{"modxs_profile": 1, "name": "x"}' >novars.json
	run modxs --profile novars.json -q CC
	assert_failure 2
	assert_output "modxs: error: 'novars.json': line 1: missing key 'vars'"
}

@test "a profile of another format version is refused" {
	printf '{\n  "modxs_profile": 3,\n  "name": "x",\n  "vars": {}\n}\n' >v3.json
	run modxs --profile v3.json -q CC
	assert_failure 2
	assert_output "modxs: error: 'v3.json': line 2: 'modxs_profile' must be a version from 1 to 2"
}

@test "a malformed platform.json names the file and the line, exit 2" {
	private_datadir
	sed -i '2s/,$//' "$MODXS_DATADIR/platform.json"
	run modxs -q CC
	assert_failure 2
	assert_output --regexp "^modxs: error: '$MODXS_DATADIR/platform.json': line 3, column [0-9]+: malformed JSON$"
}

@test "a reference cycle in a profile is an error, not a crash" {
	private_datadir
	sed -i 's/"PREFIX": "$(MODXS_PREFIX)"/"PREFIX": "$(SBINDIR)"/' "$MODXS_DATADIR/hosts/demo.json"
	run modxs -q LIBEXECDIR
	assert_failure 2
	assert_output --partial "modxs: error: '$MODXS_DATADIR/hosts/demo.json': variable "
	assert_output --partial "refers to itself"
}

@test "a missing data dir is an error naming the paths searched" {
	mkdir -p prefix/bin
	cp "$MODXS" prefix/bin/modxs
	run prefix/bin/modxs -q CC
	assert_failure 2
	assert_output "modxs: error: no data dir with platform.json; searched '$BATS_TEST_TMPDIR/prefix/share/modxs', '$BATS_TEST_TMPDIR/prefix/bin/share/modxs'"
}

@test "MODXS_DATADIR naming a missing dir is an error naming it" {
	MODXS_DATADIR=$BATS_TEST_TMPDIR/none run modxs -q CC
	assert_failure 2
	assert_output "modxs: error: no data dir with platform.json; searched '$BATS_TEST_TMPDIR/none' (from MODXS_DATADIR)"
}

@test "a moved prefix still finds its data and answers for its new place" {
	mkdir -p moved/bin moved/share
	cp "$MODXS" moved/bin/modxs
	cp -r "$MODXS_BUILD_DIR/share/modxs" moved/share/modxs
	run moved/bin/modxs -q LIBEXECDIR
	assert_success
	assert_output "$BATS_TEST_TMPDIR/moved/lib/modxs-demo/modules"
}

# ------------------------------------------------------------------ apache

@test "apache: -q answers what apxs answers" {
	skip_unless_recorded apache "Apache httpd's config_vars.mk"
	skip_unless apxs "apxs is not installed (apache2-dev) to compare with"
	for v in TARGET CC CFLAGS CPPFLAGS LDFLAGS PREFIX SBINDIR INCLUDEDIR LIBEXECDIR \
		SYSCONFDIR progname libexecdir EXTRA_INCLUDES HTTPD_VERSION CFLAGS_SHLIB; do
		want=$(apxs -q "$v")
		run modxs --host apache -q "$v"
		assert_success
		assert_output "$want"
	done
	run modxs --host apache -q TARGET LIBEXECDIR
	assert_output "$(apxs -q TARGET LIBEXECDIR)"
}

@test "apache: the apxs persona lists exactly what apxs lists" {
	skip_unless_recorded apache "Apache httpd's config_vars.mk"
	skip_unless apxs "apxs is not installed (apache2-dev) to compare with"
	apxs -q -v >want.txt
	run modxs --persona apxs --host apache -q -v
	assert_success
	diff -u want.txt - <<<"$output"
}

@test "apache: the profile answers real values" {
	skip_unless_recorded apache "Apache httpd's config_vars.mk"
	run modxs --host apache -q TARGET SBINDIR
	assert_success
	assert_output --regexp '^(apache2|httpd);;/.+$'
	target=${output%%;;*}
	sbindir=${output#*;;}
	[ -x "$sbindir/$target" ] || [ -x "/usr/sbin/$target" ]
	run modxs --host apache -q LIBEXECDIR
	[ -d "$output" ]
	run modxs --host apache -q INCLUDEDIR
	[ -f "$output/httpd.h" ]
}

@test "apache: -S LIBEXECDIR overrides the modules dir" {
	skip_unless_recorded apache "Apache httpd's config_vars.mk"
	run modxs --host apache -S LIBEXECDIR=/opt/mods -q LIBEXECDIR
	assert_success
	assert_output "/opt/mods"
}

@test "apache: -S PREFIX moves every directory defined from it" {
	skip_unless_recorded apache "Apache httpd's config_vars.mk"
	want=$(modxs --host apache -q LIBEXECDIR)
	run modxs --host apache -S PREFIX=/stage -q PREFIX LIBEXECDIR
	assert_success
	assert_output "/stage;;/stage$want"
}

@test "apache: the profile is valid JSON holding every line of config_vars.mk" {
	skip_unless_recorded apache "Apache httpd's config_vars.mk"
	skip_unless python3 "python3 is not installed to check the JSON"
	# Read the file the way apxs's get_config_vars does; the last assignment
	# of a name wins, as in make.
	python3 - "$MODXS_BUILD_DIR/share/modxs/hosts/apache.json" <<'PY'
import json, re, sys
prof = json.load(open(sys.argv[1]))
mk = prof["description"].split("recorded from ", 1)[1]
want = {}
for line in open(mk):
    m = re.match(r"^\s*(.*?)\s*=\s*(.*)$", line.rstrip("\n"))
    if m and not line.lstrip().startswith("#"):
        want[m.group(1)] = m.group(2)
assert len(want) > 50, "too few variables in " + mk
bad = [k for k in want if prof["vars"].get(k) != want[k]]
assert not bad, "differ from %s: %s" % (mk, bad)
extra = set(prof["vars"]) - set(want)
assert extra <= {"TARGET", "CFLAGS_SHLIB", "LD_SHLIB", "LDFLAGS_SHLIB", "LIBS_SHLIB"}, extra
PY
}

# ----------------------------------------------------------------- proftpd

@test "proftpd: -q answers prxs's recorded values" {
	skip_unless_recorded proftpd "ProFTPD's headers with prxs or proftpd"
	prxs=$(command -v prxs) || skip "prxs is not installed (proftpd-dev) to compare with"
	recorded() { sed -n "s/^my \$$1 = q(\(.*\));\$/\1/p" "$prxs" | sed 's/^ *//'; }
	run modxs --host proftpd -q CC SBINDIR INCLUDEDIR LIBEXECDIR CPPFLAGS
	assert_success
	assert_output "$(recorded compiler);;$(recorded sbindir);;$(recorded includedir);;$(recorded libexecdir);;$(recorded cppflags)"
}

@test "proftpd: -q answers the server's own settings" {
	skip_unless_recorded proftpd "ProFTPD's headers with prxs or proftpd"
	run modxs --host proftpd -q TARGET SYSCONFDIR
	assert_success
	assert_output "proftpd;;/etc/proftpd"
	if command -v proftpd >/dev/null || [ -x /usr/sbin/proftpd ]; then
		conf=$(PATH=$PATH:/usr/sbin proftpd -V | sed -n '/Configuration File:/{n;s/^ *//;p}')
		[ "$conf" = "/etc/proftpd/proftpd.conf" ]
		run modxs --host proftpd -q LIBEXECDIR
		assert_output "$(PATH=$PATH:/usr/sbin proftpd -V | sed -n '/Shared Module Directory:/{n;s/^ *//;p}')"
	fi
}

@test "proftpd: the prxs persona uses the proftpd host" {
	skip_unless_recorded proftpd "ProFTPD's headers with prxs or proftpd"
	run modxs --persona prxs -q TARGET
	assert_success
	assert_output "proftpd"
}
