# install_lib.bash: shared steps of install*.bats, activate*.bats and reliability*.bats.
# Each test gets a scratch config dir ($ETC) and modules dir ($MODS); run
# modxs on them with "${S[@]}" (the -S overrides).

setup_more() {
	ETC=$BATS_TEST_TMPDIR/etc
	MODS=$BATS_TEST_TMPDIR/mods
	mkdir -p "$ETC"
	S=(-S "SYSCONFDIR=$ETC" -S "LIBEXECDIR=$MODS")
	CONF=$ETC/modxs-demo.conf
}

# mkmod NAME [FILE]: a shared object exporting the record symbol NAME_module.
mkmod() {
	local src="$BATS_TEST_TMPDIR/rec_$1.c"
	printf 'int %s_module = 1;\n' "$1" >"$src"
	cc -shared -fPIC -o "${2:-mod_$1.so}" "$src"
}

# fake_host [LAYOUT]: a profile whose "server" and config test is a script that
# prints 'syntax error in CONF' and exits EXIT when the config names
# bad_module, so tests can see a failed config test without a real server.
fake_host() {
	local srv="$BATS_TEST_TMPDIR/fake-server"
	cat >"$srv" <<'SH'
#!/bin/sh
if grep -q '^LoadModule bad_module' "$1"; then
	echo "syntax error in $1: bad_module is broken"
	exit 1
fi
echo "Syntax OK"
SH
	chmod +x "$srv"
	cat >"$BATS_TEST_TMPDIR/host.json" <<JSON
{
  "modxs_profile": 1,
  "name": "fake",
  "vars": {"TARGET": "fake", "PREFIX": "/nonexistent", "SYSCONFDIR": "$ETC",
           "LIBEXECDIR": "$MODS", "SBINDIR": "$BATS_TEST_TMPDIR"},
  "module": {"symbol": "%s_module", "load_line": "LoadModule %s %s", "file": "mod_%s.so"},
  "config": {"layout": "${1:-single}", "file": "\$(SYSCONFDIR)/\$(TARGET).conf",
             "test": ["$srv", "{config}"]},
  "server": "$srv"
}
JSON
	HOST=(--profile "$BATS_TEST_TMPDIR/host.json")
	CONF=$ETC/fake.conf
}

# no_leftovers DIR: no temp or lock files of modxs remain in DIR.
no_leftovers() {
	run find "$1" \( -name '.*.modxs-*' -o -name '*.lock' \)
	assert_output ""
}

# failpoints_built: true when this build compiled in the failpoints.
failpoints_built() {
	grep -q '^MODXS_FAILPOINTS:BOOL=ON' "$MODXS_BUILD_DIR/CMakeCache.txt" 2>/dev/null
}
