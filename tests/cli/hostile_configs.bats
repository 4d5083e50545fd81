#!/usr/bin/env bats
# Odd and hostile configs for -a: CRLF, no final newline, NUL bytes, binary
# garbage, a 100 MB file, sections nested 10,000 deep, a ProFTPD config
# without a mod_dso.c block. Each works or fails with one error line,
# leaving the file untouched.

load ../helper

setup_more() {
	skip_unless cc "no C compiler (cc) to build test modules"
	ETC=$BATS_TEST_TMPDIR/etc
	MODS=$BATS_TEST_TMPDIR/mods
	mkdir -p "$ETC"
	CONF=$ETC/modxs-demo.conf
	S=(-S "SYSCONFDIR=$ETC" -S "LIBEXECDIR=$MODS" --no-config-test --quiet)
	printf 'int hello_module = 1;\n' >rec.c
	cc -shared -fPIC -o mod_hello.so rec.c
	LINE="LoadModule hello_module $MODS/mod_hello.so"
}

# activate: -i -a the hello module into $CONF.
activate() { modxs "${S[@]}" -i -a mod_hello.so; }

@test "a CRLF config gets a CRLF line, and every other line stays byte for byte" {
	printf 'Listen 80\r\nLoadModule a_module /x/a.so\r\nServerName x\r\n' >"$CONF"
	run activate
	assert_success
	printf 'Listen 80\r\nLoadModule a_module /x/a.so\r\n%s\r\nServerName x\r\n' "$LINE" >want
	cmp want "$CONF"
}

@test "a config without a final newline keeps its last line intact" {
	printf 'Listen 80\nServerName x' >"$CONF"
	run activate
	assert_success
	run cat "$CONF"
	assert_output "Listen 80
ServerName x
$LINE"
}

@test "a config whose last LoadModule has no final newline gets the line after it" {
	printf 'Listen 80\nLoadModule a_module /x/a.so' >"$CONF"
	run activate
	assert_success
	run cat "$CONF"
	assert_output "Listen 80
LoadModule a_module /x/a.so
$LINE"
}

@test "a config with a NUL byte is an error naming its line, and is left untouched" {
	printf 'Listen 80\nServer\0Name x\n' >"$CONF"
	cp "$CONF" orig
	run activate
	assert_failure 7
	assert_output "modxs: error: '$CONF': line 2: NUL byte: not a text config"
	cmp orig "$CONF"
	[ ! -e "$MODS/mod_hello.so" ] || fail "the module stayed installed after the failed edit"
}

@test "binary garbage as a config is an error, and is left untouched" {
	{ head -c 3000 /dev/urandom; printf '\0'; head -c 3000 /dev/urandom; } >"$CONF"
	cp "$CONF" orig
	run activate
	assert_failure 7
	assert_output --regexp "^modxs: error: '$CONF': line [0-9]+: (NUL byte|control byte 0x[0-9a-f]{2}): not a text config$"
	cmp orig "$CONF"
}

@test "binary garbage without a NUL byte is an error too, and is left untouched" {
	printf 'Listen 80\n\x01\x02\xff\xfe\x1b[31m\n' >"$CONF"
	cp "$CONF" orig
	run activate
	assert_failure 7
	assert_output "modxs: error: '$CONF': line 2: control byte 0x01: not a text config"
	cmp orig "$CONF"
}

@test "UTF-8 and tabs are text: a config with them is edited" {
	printf 'ServerName\tcafé.example\n# 日本語のコメント\n' >"$CONF"
	run activate
	assert_success
	run tail -n 1 "$CONF"
	assert_output "$LINE"
}

@test "a LoadModule continued with a backslash is not split by the new line" {
	printf 'LoadModule a_module \\\n    /x/a.so\nListen 80\n' >"$CONF"
	run activate
	assert_success
	run cat "$CONF"
	assert_output "LoadModule a_module \\
    /x/a.so
$LINE
Listen 80"
}

@test "a config ending in a backslash gets an empty line before the new one" {
	printf 'Listen 80 \\' >"$CONF"
	run activate
	assert_success
	run cat "$CONF"
	assert_output "Listen 80 \\

$LINE"
}

@test "sections nested 10,000 deep: no stack overflow, the line goes at the top level, after them as apxs puts it" {
	awk 'BEGIN { for (i = 0; i < 10000; i++) print "<IfModule m" i ">";
		print "LoadModule a_module /x/a.so";
		for (i = 0; i < 10000; i++) print "</IfModule>" }' >"$CONF"
	run activate
	assert_success
	run tail -n 1 "$CONF"
	assert_output "$LINE"
	assert_equal "$(wc -l <"$CONF")" 20002
}

@test "--list reads a config nested 100,000 deep" {
	awk 'BEGIN { for (i = 0; i < 100000; i++) print "<IfModule m" i ">";
		print "LoadModule a_module /x/a.so";
		for (i = 0; i < 100000; i++) print "</IfModule>" }' >"$CONF"
	run modxs "${S[@]}" --list
	assert_success
	assert_output --regexp "^a_module +active .* /x/a.so$"
}

@test "10,000 unclosed sections are an error naming the innermost, file untouched" {
	awk 'BEGIN { for (i = 0; i < 10000; i++) print "<IfModule m" i ">" }' >"$CONF"
	cp "$CONF" orig
	run activate
	assert_failure 7
	assert_output "modxs: error: '$CONF': line 10000: '<IfModule>' is never closed"
	cmp orig "$CONF"
}

@test "a 100 MB config: the line is added, streaming in bounded memory (max RSS under 32 MB)" {
	[ -x /usr/bin/time ] || skip "GNU time (/usr/bin/time, package 'time') measures max RSS"
	if ldd "$MODXS" | grep -q libasan; then
		skip "an ASan build's memory use says nothing about modxs's"
	fi
	awk 'BEGIN { for (i = 0; i < 2000000; i++)
		printf "# filler line %07d of a one hundred megabyte config file ......\n", i }' >"$CONF"
	size=$(stat -c %s "$CONF")
	[ "$size" -ge 100000000 ] || fail "the config is only $size bytes"
	run /usr/bin/time -f 'rss %M' "$MODXS" "${S[@]}" -i -a mod_hello.so
	assert_success
	rss_kb=${output##*rss }
	echo "# 100 MB config: max RSS $((rss_kb / 1024)) MB for a $((size / 1048576)) MB file" >&3
	[ "$rss_kb" -lt 32768 ] || fail "max RSS ${rss_kb} KB for a ${size}-byte config"
	run tail -n 1 "$CONF"
	assert_output "$LINE"
	assert_equal "$(head -c 30 "$CONF")" "# filler line 0000000 of a one"
}

@test "a ProFTPD config without a mod_dso.c block gets one" {
	printf 'ServerName "ftp"\n<Global>\n  AllowOverwrite on\n</Global>\n' >"$ETC/proftpd.conf"
	run modxs -S "SYSCONFDIR=$ETC" -S "LIBEXECDIR=$MODS" --no-config-test --quiet \
		--host proftpd -e -a mod_hello.so 2>&1
	if [ "$status" -ne 0 ] && [[ "$output" == *"unknown host 'proftpd'"* ]]; then
		skip "no proftpd host profile recorded on this machine"
	fi
	assert_success
	run grep -c 'IfModule mod_dso.c' "$ETC/proftpd.conf"
	assert_output 1
	run grep -c '^  LoadModule mod_hello.c$' "$ETC/proftpd.conf"
	assert_output 1
}
