#!/usr/bin/env bats
# -a, -A, -e, --deactivate and --list: editing LoadModule lines per layout.

bats_require_minimum_version 1.5.0
load ../helper
load install_lib

# Edits of scratch configs whose modules do not exist: no config test.
edit() { modxs "${S[@]}" --no-config-test "$@"; }

@test "-e -a adds the line after the last top-level LoadModule" {
	cat >"$CONF" <<-EOF
	LoadModule a_module /m/mod_a.so
	#LoadModule b_module /m/mod_b.so
	<IfModule x>
	  LoadModule c_module /m/mod_c.so
	</IfModule>
	EOF
	run edit -e -a mod_hello.so
	assert_success
	run cat "$CONF"
	assert_output "LoadModule a_module /m/mod_a.so
#LoadModule b_module /m/mod_b.so
LoadModule hello_module $MODS/mod_hello.so
<IfModule x>
  LoadModule c_module /m/mod_c.so
</IfModule>"
}

@test "-e -A adds the line commented out" {
	printf 'LoadModule a_module /m/mod_a.so\n' >"$CONF"
	run edit -e -A mod_hello.so
	assert_success
	assert_equal "$(tail -n 1 "$CONF")" "#LoadModule hello_module $MODS/mod_hello.so"
}

@test "an existing line, commented or not, is replaced in place" {
	printf 'A 1\n  # LoadModule hello_module /old/mod_hello.so\nB 2\n' >"$CONF"
	run edit -e -a mod_hello.so
	assert_success
	assert_equal "$(cat "$CONF")" "A 1
  LoadModule hello_module $MODS/mod_hello.so
B 2"
	run edit -e -A mod_hello.so
	assert_equal "$(sed -n 2p "$CONF")" "  #LoadModule hello_module $MODS/mod_hello.so"
}

@test "the same module with a new path replaces its line, never duplicates it" {
	printf 'LoadModule a_module /m/mod_a.so\n' >"$CONF"
	edit -e -a mod_hello.so
	run edit -S "LIBEXECDIR=$BATS_TEST_TMPDIR/new/dir" -e -a mod_hello.so
	assert_success
	run grep -c hello_module "$CONF"
	assert_output 1
	run grep hello_module "$CONF"
	assert_output "LoadModule hello_module $BATS_TEST_TMPDIR/new/dir/mod_hello.so"
}

@test "running -a twice changes nothing the second time" {
	printf 'LoadModule a_module /m/mod_a.so\n' >"$CONF"
	edit -e -a mod_hello.so
	cp "$CONF" first
	ino=$(stat -c %i "$CONF")
	run edit -e -a mod_hello.so
	assert_success
	cmp first "$CONF"
	assert_equal "$(stat -c %i "$CONF")" "$ino"
}

@test "with no LoadModule line, the line goes before the first section, and modxs says where" {
	printf 'ServerRoot /srv\n<Directory />\n</Directory>\n' >"$CONF"
	run edit -e -a mod_hello.so
	assert_success
	assert_output "'$CONF' had no LoadModule line: added one before the first section, line 2"
	assert_equal "$(sed -n 2p "$CONF")" "LoadModule hello_module $MODS/mod_hello.so"
}

@test "with no LoadModule line and no section, the line goes at the end, and modxs says where" {
	printf 'ServerRoot /srv\nListen 80\n' >"$CONF"
	run edit -e -a mod_hello.so
	assert_success
	assert_output "'$CONF' had no LoadModule line: added one at the end, line 3"
	assert_equal "$(tail -n 1 "$CONF")" "LoadModule hello_module $MODS/mod_hello.so"
}

@test "an unbalanced config is an error naming the line, and the file is left unchanged" {
	printf 'LoadModule a_module /m/mod_a.so\n<Directory />\n  Require all granted\n' >"$CONF"
	cp "$CONF" orig
	run edit -e -a mod_hello.so
	assert_failure 7
	assert_output "modxs: error: '$CONF': line 2: '<Directory>' is never closed"
	cmp orig "$CONF"
	[ ! -e "$CONF.bak" ]
	no_leftovers "$ETC"

	printf '<Directory />\n</Location>\n' >"$CONF"
	run edit -e -a mod_hello.so
	assert_failure 7
	assert_output "modxs: error: '$CONF': line 2: '</Location>' closes '<Directory>' opened at line 1"
}

@test "a CRLF config stays CRLF" {
	printf 'LoadModule a_module /m/mod_a.so\r\nListen 80\r\n' >"$CONF"
	run edit -e -a mod_hello.so
	assert_success
	printf 'LoadModule a_module /m/mod_a.so\r\nLoadModule hello_module %s/mod_hello.so\r\nListen 80\r\n' "$MODS" >want
	cmp want "$CONF"
}

@test "a config without a final newline gets the line on a line of its own" {
	printf 'Listen 80' >"$CONF"
	run edit -e -a mod_hello.so
	assert_success
	printf 'Listen 80\nLoadModule hello_module %s/mod_hello.so\n' "$MODS" >want
	cmp want "$CONF"
}

@test "a symlinked config is edited at its target and the link stays a link" {
	mkdir real
	printf 'Listen 80\n' >real/target.conf
	ln -s "$PWD/real/target.conf" "$CONF"
	run edit -e -a mod_hello.so
	assert_success
	[ -L "$CONF" ]
	assert_equal "$(readlink "$CONF")" "$PWD/real/target.conf"
	assert_equal "$(tail -n 1 real/target.conf)" "LoadModule hello_module $MODS/mod_hello.so"
	[ -f real/target.conf.bak ]
}

@test "the previous config is kept as .bak, with its mode" {
	printf 'Listen 80\n' >"$CONF"
	chmod 640 "$CONF"
	run edit -e -a mod_hello.so
	assert_success
	assert_equal "$(cat "$CONF.bak")" "Listen 80"
	assert_equal "$(stat -c %a "$CONF")" "640"
}

@test "--dry-run prints a unified diff and writes nothing" {
	printf 'LoadModule a_module /m/mod_a.so\nListen 80\n' >"$CONF"
	cp "$CONF" orig
	run edit --dry-run -e -a mod_hello.so
	assert_success
	assert_output "--- $CONF
+++ $CONF
@@ -1,2 +1,3 @@
 LoadModule a_module /m/mod_a.so
+LoadModule hello_module $MODS/mod_hello.so
 Listen 80"
	cmp orig "$CONF"
	[ ! -e "$CONF.bak" ]
}

@test "-S TARGET and SYSCONFDIR choose the config file, as in apxs" {
	printf 'Listen 80\n' >"$ETC/httpd.conf"
	run edit -S TARGET=httpd -e -a mod_hello.so
	assert_success
	assert_equal "$(tail -n 1 "$ETC/httpd.conf")" "LoadModule hello_module $MODS/mod_hello.so"
	[ ! -e "$CONF" ]
}

@test "a missing config is an error naming it" {
	run edit -e -a mod_hello.so
	assert_failure 7
	assert_output "modxs: error: cannot read '$CONF': No such file or directory"
}

@test "an unknown --layout is a usage error" {
	run edit --layout gentoo -e -a mod_hello.so
	assert_failure 1
	assert_output --partial "unknown layout 'gentoo'"
}

@test "--deactivate comments the line out; again, it says it already is" {
	printf 'LoadModule a_module /m/mod_a.so\nLoadModule hello_module /m/mod_hello.so\n' >"$CONF"
	run edit --deactivate hello
	assert_success
	assert_equal "$(tail -n 1 "$CONF")" "#LoadModule hello_module /m/mod_hello.so"
	run edit --deactivate hello
	assert_success
	assert_output --partial "'hello_module' is already inactive"
}

@test "--deactivate of a module the config does not name is an error" {
	printf 'Listen 80\n' >"$CONF"
	run edit --deactivate nosuch
	assert_failure 7
	assert_output "modxs: error: '$CONF' has no LoadModule line for 'nosuch_module'"
}

@test "--list of a main config that cannot be read says so, exit 7" {
	rm -f "$CONF"
	run modxs "${S[@]}" --list
	assert_failure 7
	assert_output "modxs: error: cannot read '$CONF': No such file or directory"
	mkdir "$CONF"
	run modxs "${S[@]}" --list
	assert_failure 7
	assert_output "modxs: error: cannot read '$CONF': not a regular file"
}

@test "--list shows each module with its state, file and record symbol" {
	mkdir -p "$MODS"
	mkmod hello "$MODS/mod_hello.so"
	printf 'int x;\n' >x.c && cc -shared -fPIC -o "$MODS/mod_norec.so" x.c
	cat >"$CONF" <<-EOF
	LoadModule hello_module $MODS/mod_hello.so
	#LoadModule gone_module $MODS/mod_gone.so
	LoadModule norec_module $MODS/mod_norec.so
	EOF
	run modxs "${S[@]}" --list
	assert_success
	# The ABI column: the demo profile has no stamp to compare.
	assert_line --index 0 --regexp "^hello_module +active +present +exported +- +$MODS/mod_hello.so$"
	assert_line --index 1 --regexp "^gone_module +commented +missing +- +- +$MODS/mod_gone.so$"
	assert_line --index 2 --regexp "^norec_module +active +present +no-symbol +- +$MODS/mod_norec.so$"
}

@test "a failed config test restores the previous config and shows the server's message" {
	fake_host
	printf 'Listen 80\n' >"$CONF"
	cp "$CONF" orig
	run modxs "${HOST[@]}" -e -a mod_bad.so
	assert_failure 8
	assert_line --index 0 "syntax error in $CONF: bad_module is broken"
	assert_line --index 1 "modxs: error: the server rejected '$CONF' (fake-server exited with 1); restored the previous version"
	cmp orig "$CONF"
	no_leftovers "$ETC"
}

@test "a passing config test keeps the edit; --no-config-test skips it" {
	fake_host
	printf 'Listen 80\n' >"$CONF"
	run modxs "${HOST[@]}" -v -e -a mod_good.so
	assert_success
	assert_output --partial "fake-server $CONF"
	grep -q '^LoadModule good_module' "$CONF"
	run modxs "${HOST[@]}" --no-config-test -e -a mod_bad.so
	assert_success
	grep -q '^LoadModule bad_module' "$CONF"
}

@test "debian: -a writes mods-available/NAME.load and links it from mods-enabled" {
	mkdir -p "$ETC/mods-available" "$ETC/mods-enabled"
	printf '<IfModule hello_module>\n</IfModule>\n' >"$ETC/mods-available/hello.conf"
	run edit --layout debian -e -a mod_hello.so
	assert_success
	assert_equal "$(cat "$ETC/mods-available/hello.load")" "LoadModule hello_module $MODS/mod_hello.so"
	assert_equal "$(readlink "$ETC/mods-enabled/hello.load")" "../mods-available/hello.load"
	assert_equal "$(readlink "$ETC/mods-enabled/hello.conf")" "../mods-available/hello.conf"
	run modxs "${S[@]}" --layout debian --list
	assert_output --regexp "^hello_module +active +missing"
}

@test "debian: -A writes the .load without enabling it" {
	mkdir -p "$ETC/mods-available" "$ETC/mods-enabled"
	run edit --layout debian -e -A mod_hello.so
	assert_success
	[ -f "$ETC/mods-available/hello.load" ]
	[ ! -e "$ETC/mods-enabled/hello.load" ]
	run modxs "${S[@]}" --layout debian --list
	assert_output --regexp "^hello_module +disabled"
}

@test "debian: --deactivate removes the links; --uninstall removes the .load" {
	mkdir -p "$ETC/mods-available" "$ETC/mods-enabled"
	mkmod hello
	touch "$ETC/mods-available/hello.conf"
	edit --layout debian -i -a mod_hello.so
	run edit --deactivate hello
	assert_success
	[ ! -L "$ETC/mods-enabled/hello.load" ] && [ ! -L "$ETC/mods-enabled/hello.conf" ]
	[ -f "$ETC/mods-available/hello.load" ]
	run edit --uninstall hello
	assert_success
	[ ! -e "$ETC/mods-available/hello.load" ]
	[ -f "$ETC/mods-available/hello.conf" ]
	[ ! -e "$MODS/mod_hello.so" ]
}

@test "an auto layout is detected from mods-available/ or conf.modules.d/ at SYSCONFDIR" {
	fake_host auto
	mkdir -p "$ETC/conf.modules.d"
	run modxs "${HOST[@]}" --no-config-test -e -a mod_x.so
	assert_success
	[ -f "$ETC/conf.modules.d/10-x.conf" ]
	rmdir "$ETC/conf.modules.d" 2>/dev/null || rm -r "$ETC/conf.modules.d"
	mkdir -p "$ETC/mods-available"
	run modxs "${HOST[@]}" --no-config-test -e -a mod_x.so
	assert_success
	[ -f "$ETC/mods-available/x.load" ]
	rm -r "$ETC/mods-available"
	touch "$CONF"
	run modxs "${HOST[@]}" --no-config-test -e -a mod_x.so
	assert_success
	grep -q "^LoadModule x_module" "$CONF"
}

@test "fedora: -a writes conf.modules.d/10-NAME.conf; an existing NN-NAME.conf is reused" {
	mkdir -p "$ETC/conf.modules.d"
	run edit --layout fedora -e -a mod_hello.so
	assert_success
	assert_equal "$(cat "$ETC/conf.modules.d/10-hello.conf")" "LoadModule hello_module $MODS/mod_hello.so"
	printf '#LoadModule other_module /x.so\n' >"$ETC/conf.modules.d/00-other.conf"
	run edit --layout fedora -e -a mod_other.so
	assert_equal "$(cat "$ETC/conf.modules.d/00-other.conf")" "LoadModule other_module $MODS/mod_other.so"
	[ ! -e "$ETC/conf.modules.d/10-other.conf" ]
	run edit --layout fedora --deactivate hello
	assert_equal "$(cat "$ETC/conf.modules.d/10-hello.conf")" "#LoadModule hello_module $MODS/mod_hello.so"
}

@test "proftpd: LoadModule mod_NAME.c goes inside <IfModule mod_dso.c>, created when absent" {
	printf 'ServerName "x"\n' >"$CONF"
	run edit --layout proftpd -e -a mod_hello.so
	assert_success
	assert_equal "$(cat "$CONF")" 'ServerName "x"
<IfModule mod_dso.c>
  LoadModule mod_hello.c
</IfModule>'
	run edit --layout proftpd -e -a mod_second.so
	assert_equal "$(sed -n 4p "$CONF")" "  LoadModule mod_second.c"
}

@test "proftpd: a module outside the config's ModulePath is refused, saying why" {
	printf 'ModulePath /usr/lib/proftpd\n' >"$CONF"
	cp "$CONF" orig
	run edit --layout proftpd -e -a mod_hello.so
	assert_failure 7
	assert_output --partial "the server loads modules only from there"
	cmp orig "$CONF"
	printf 'ModulePath %s\n' "$MODS" >"$CONF"
	run edit --layout proftpd -e -a mod_hello.so
	assert_success
}

@test "demo: the default host writes 'LoadModule NAME_module PATH' into its own config" {
	printf '# demo config\n' >"$CONF"
	run edit -e -a mod_hello.so
	assert_success
	assert_equal "$(tail -n 1 "$CONF")" "LoadModule hello_module $MODS/mod_hello.so"
}

@test "demo: the demo host's checker accepts the edited config" {
	demo=$MODXS_BUILD_DIR/bin/modxs-demo
	[ -x "$demo" ] || skip "the demo host is not built"
	mkmod hello
	printf '# demo config\n' >"$CONF"
	run modxs "${S[@]}" -S "SBINDIR=$MODXS_BUILD_DIR/bin" -v -i -a mod_hello.so
	assert_success
	assert_output --partial "modxs-demo -t -f $CONF"
	run "$demo" -t -f "$CONF"
	assert_success
}

@test "--dry-run --uninstall on a Debian layout lists every step and changes nothing" {
	mkdir -p "$ETC/mods-available" "$ETC/mods-enabled"
	mkmod hello
	edit --layout debian -i -a mod_hello.so
	run edit --dry-run --uninstall hello
	assert_success
	assert_output "remove '$MODS/mod_hello.so'
unlink '$ETC/mods-enabled/hello.load'
remove '$ETC/mods-available/hello.load'"
	[ -L "$ETC/mods-enabled/hello.load" ] && [ -f "$ETC/mods-available/hello.load" ]
	[ -f "$MODS/mod_hello.so" ]
}

@test "--json keeps stdout for the document: --list and --dry-run text go to stderr" {
	mkdir -p "$MODS"
	mkmod hello "$MODS/mod_hello.so"
	printf 'LoadModule hello_module %s/mod_hello.so\n' "$MODS" >"$CONF"
	run --separate-stderr modxs "${S[@]}" --json --list
	assert_success
	python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["checks"][0]["name"] == "hello_module" and d["checks"][0]["ok"]' "$output"
	[[ $stderr == hello_module* ]]
	run --separate-stderr modxs "${S[@]}" --json --no-config-test --dry-run -e -A mod_hello.so
	assert_success
	python3 -c 'import json,sys; json.loads(sys.argv[1])' "$output"
	[[ $stderr == *"+#LoadModule hello_module"* ]]
}

@test "debian under DESTDIR: the drop-in and its link are staged, naming the final module path" {
	fake_host auto
	mkmod hello
	stage=$BATS_TEST_TMPDIR/stage
	mkdir -p "$stage$ETC/mods-available"
	DESTDIR=$stage run modxs "${HOST[@]}" -i -a mod_hello.so
	assert_success
	assert_equal "$(cat "$stage$ETC/mods-available/hello.load")" "LoadModule hello_module $MODS/mod_hello.so"
	assert_equal "$(readlink "$stage$ETC/mods-enabled/hello.load")" "../mods-available/hello.load"
	[ -f "$stage$MODS/mod_hello.so" ]
	[ ! -e "$ETC/mods-available" ] && [ ! -e "$MODS" ]
}

@test "with LoadModule lines only inside a section, the line goes after that section, as apxs puts it" {
	cat >"$CONF" <<-EOF
	ServerRoot /srv
	<IfModule unixd_module>
	  LoadModule a_module /m/mod_a.so
	</IfModule>
	<Directory />
	</Directory>
	EOF
	run edit -e -a mod_hello.so
	assert_success
	assert_output ""
	run cat "$CONF"
	assert_output "ServerRoot /srv
<IfModule unixd_module>
  LoadModule a_module /m/mod_a.so
</IfModule>
LoadModule hello_module $MODS/mod_hello.so
<Directory />
</Directory>"
}
