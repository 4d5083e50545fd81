#!/usr/bin/env bats
# Hosts as data: a made-up host's profile alone drives -i, -a, -A, --list,
# --deactivate and --uninstall, its includes are followed, and aliases name it.

bats_require_minimum_version 1.5.0
load ../helper

setup_more() {
	ETC=$BATS_TEST_TMPDIR/etc
	MODS=$BATS_TEST_TMPDIR/mods
	mkdir -p "$ETC" "$MODS"
	CONF=$ETC/madeup.conf
	printf 'int hello_plugin = 1;\n' >rec.c
	cc -shared -fPIC -o hello.so rec.c
}

# madeup LOAD_LINE LOAD_ARGS KEY COMMENT [MORE-CONFIG-JSON]: a profile of a
# host modxs has never heard of, whose modules export NAME_plugin.
madeup() {
	cat >"$BATS_TEST_TMPDIR/madeup.json" <<JSON
{
  "modxs_profile": 2,
  "name": "madeup",
  "aliases": ["made-up"],
  "vars": {"TARGET": "madeup", "PREFIX": "/nonexistent", "SYSCONFDIR": "$ETC",
           "LIBEXECDIR": "$MODS", "SBINDIR": "/nonexistent"},
  "module": {"symbol": "%s_plugin", "load_line": "$1", "load_args": $2,
             "key": "$3", "file": "%s.so"},
  "config": {"layout": "single", "file": "\$(SYSCONFDIR)/madeup.conf",
             "comment": "$4"${5:+, $5}}
}
JSON
	P=(--profile "$BATS_TEST_TMPDIR/madeup.json" --no-config-test)
}

@test "a made-up host's line: -a adds it once, -A comments it, --list, --deactivate and --uninstall find it" {
	madeup 'UsePlugin %s %s' '["key", "path"]' '%s' '#'
	printf 'Listen 1\nUsePlugin other %s/other.so\n' "$MODS" >"$CONF"
	run modxs "${P[@]}" -i -a hello.so
	assert_success
	assert_equal "$(cat "$CONF")" "Listen 1
UsePlugin other $MODS/other.so
UsePlugin hello $MODS/hello.so"
	cp "$CONF" once
	run modxs "${P[@]}" -e -a hello.so
	assert_success
	cmp once "$CONF"
	run modxs "${P[@]}" --list
	assert_success
	assert_line --regexp "^hello +active +present +exported +- +$MODS/hello.so$"
	assert_line --regexp "^other +active +missing +- +- +$MODS/other.so$"
	run modxs "${P[@]}" -e -A hello.so
	assert_success
	assert_equal "$(tail -n 1 "$CONF")" "#UsePlugin hello $MODS/hello.so"
	run modxs "${P[@]}" -e -a hello.so
	cmp once "$CONF"
	run modxs "${P[@]}" --deactivate hello
	assert_success
	assert_equal "$(tail -n 1 "$CONF")" "#UsePlugin hello $MODS/hello.so"
	run modxs "${P[@]}" --deactivate hello
	assert_success
	assert_output "'hello' is already inactive in '$CONF'"
	run modxs "${P[@]}" --list
	assert_line --regexp "^hello +commented +present"
	run modxs "${P[@]}" --uninstall hello
	assert_success
	assert_equal "$(cat "$CONF")" "Listen 1
UsePlugin other $MODS/other.so"
	[ ! -e "$MODS/hello.so" ]
	run modxs "${P[@]}" --deactivate hello
	assert_failure 7
	assert_output "modxs: error: '$CONF' has no UsePlugin line for 'hello'"
}

@test "a host whose path comes first, with '=' and ';' comments, is edited the same way" {
	madeup 'plugin = %s %s' '["path", "key"]' 'p_%s' ';'
	printf '[main]\n;plugin = /old/hello.so p_hello\n' >"$CONF"
	run modxs "${P[@]}" -i -a hello.so
	assert_success
	assert_equal "$(cat "$CONF")" "[main]
plugin = $MODS/hello.so p_hello"
	run modxs "${P[@]}" --deactivate hello
	assert_success
	assert_equal "$(sed -n 2p "$CONF")" ";plugin = $MODS/hello.so p_hello"
	run modxs "${P[@]}" --list
	assert_line --regexp "^p_hello +commented +present +exported"
	run modxs "${P[@]}" --uninstall hello
	assert_success
	assert_equal "$(cat "$CONF")" "[main]"
}

@test "a line without a path names the module file in the modules dir, as ProFTPD and collectd do" {
	madeup 'Load %s' '["key"]' '%s' '#'
	: >"$CONF"
	run modxs "${P[@]}" -i -a hello.so
	assert_success
	assert_equal "$(cat "$CONF")" "Load hello"
	run modxs "${P[@]}" --list
	assert_line --regexp "^hello +active +present +exported +- +$MODS/hello.so$"
}

@test "an alias names the host" {
	private_datadir
	madeup 'Load %s' '["key"]' '%s' '#'
	cp "$BATS_TEST_TMPDIR/madeup.json" "$MODXS_DATADIR/hosts/madeup.json"
	run modxs --host made-up -q TARGET
	assert_success
	assert_output madeup
	run modxs --host made-up-not -q TARGET
	assert_failure 1
	assert_output --partial "unknown host 'made-up-not'"
}

@test "includes: --list, -a and --uninstall follow Include to the file holding the module lines" {
	madeup 'Load %s' '["key"]' '%s' '#' '"include": ["Include", "IncludeOptional"]'
	mkdir -p "$ETC/conf.d" "$ETC/more"
	printf 'Listen 1\nInclude conf.d/*.conf\nIncludeOptional nothing/*.conf\n' >"$CONF"
	printf 'Load other\n' >"$ETC/conf.d/modules.conf"
	printf 'Include %s/more\n' "$ETC" >"$ETC/conf.d/z.conf"
	printf '#Load third\n' >"$ETC/more/x"
	cp "$CONF" main
	run modxs "${P[@]}" --list
	assert_success
	assert_line --regexp "^other +active +missing"
	assert_line --regexp "^third +commented +missing"
	run modxs "${P[@]}" -i -a hello.so
	assert_success
	cmp main "$CONF"
	assert_equal "$(cat "$ETC/conf.d/modules.conf")" "Load other
Load hello"
	run modxs "${P[@]}" --uninstall hello
	assert_success
	assert_equal "$(cat "$ETC/conf.d/modules.conf")" "Load other"
}

@test "includes: a loop and a missing file are one error each, naming the line" {
	madeup 'Load %s' '["key"]' '%s' '#' '"include": ["Include"]'
	printf 'Include %s/a.conf\n' "$ETC" >"$CONF"
	printf 'Load x\nInclude %s/madeup.conf\n' "$ETC" >"$ETC/a.conf"
	run modxs "${P[@]}" --list
	assert_failure 7
	assert_output "modxs: error: '$ETC/a.conf': line 2: include loop: '$CONF' is already being read"
	printf 'Include %s/gone.conf\n' "$ETC" >"$CONF"
	run modxs "${P[@]}" -i -a hello.so
	assert_failure 7
	assert_line --index 0 "modxs: error: '$CONF': line 1: Include '$ETC/gone.conf': no such file"
	[ ! -e "$MODS/hello.so" ]
}

@test "the modules dir a config names through an include is the one -a checks" {
	madeup 'Load %s' '["key"]' '%s' '#' '"include": ["Include"], "module_path": "PluginDir"'
	printf 'Include %s/dirs.conf\n' "$ETC" >"$CONF"
	printf 'PluginDir /usr/lib/elsewhere\n' >"$ETC/dirs.conf"
	run modxs "${P[@]}" -i -a hello.so
	assert_failure 7
	assert_output --partial "is not in the PluginDir '/usr/lib/elsewhere' of '$CONF'"
}

@test "version 2 keys are checked: load_args, the directive and the comment mark" {
	madeup 'Load %s' '["key", "path"]' '%s' '#'
	run modxs "${P[@]}" -q TARGET
	assert_failure 2
	assert_output --partial "'load_args' must name what fills each %s of 'load_line'"
	madeup '%s here' '["key"]' '%s' '#'
	run modxs "${P[@]}" -q TARGET
	assert_failure 2
	assert_output --partial "'load_line' must start with its directive"
	madeup 'Load %s as %s' '["key", "path"]' '%s' '#'
	run modxs "${P[@]}" -q TARGET
	assert_failure 2
	assert_output --partial "'load_line' must separate its %s conversions with blanks only"
	madeup 'Load %s' '["key"]' '%s' '//'
	run modxs "${P[@]}" -q TARGET
	assert_failure 2
	assert_output --partial "'comment' must be one character"
}
