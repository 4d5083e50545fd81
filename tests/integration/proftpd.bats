#!/usr/bin/env bats
# ProFTPD: a module registering a directive, built with the prxs persona,
# installed with DESTDIR into a scratch ModulePath and activated; the real
# server accepts the directive and greets an FTP client.

load ../helper
load servers

teardown() { stop_servers; }

write_greet_module() {
	cat >mod_greet.c <<'SRC'
/* mod_greet: registers the GreetMessage directive. */
#include "conf.h"

#define MOD_GREET_VERSION "mod_greet/0.1"

module greet_module;

MODRET set_greetmessage(cmd_rec *cmd)
{
	CHECK_ARGS(cmd, 1);
	CHECK_CONF(cmd, CONF_ROOT | CONF_VIRTUAL | CONF_GLOBAL);
	add_config_param_str(cmd->argv[0], 1, cmd->argv[1]);
	return PR_HANDLED(cmd);
}

static conftable greet_conftab[] = {
	{"GreetMessage", set_greetmessage, NULL},
	{NULL, NULL, NULL},
};

module greet_module = {
	NULL, NULL, 0x20, "greet", greet_conftab, NULL, NULL, NULL, NULL, MOD_GREET_VERSION,
};
SRC
}

# proftpd_conf PORT RUNDIR MODULEPATH: a standalone server on 127.0.0.1 only.
proftpd_conf() {
	cat <<CONF
ServerType standalone
DefaultServer on
Port $1
DefaultAddress 127.0.0.1
UseIPv6 off
User $(server_user)
Group $(server_group)
PidFile $2/proftpd.pid
ScoreboardFile $2/proftpd.scoreboard
DelayTable none
WtmpLog off
TransferLog none
<IfModule mod_dso.c>
  ModulePath $3
</IfModule>
CONF
}

@test "prxs builds, installs with DESTDIR, activates; proftpd -t accepts the directive and the server greets" {
	need_proftpd
	[ "$(id -u)" = 0 ] || skip "proftpd starts as root to drop to its User; run the suite as root"
	local dest="$BATS_TEST_TMPDIR/dest" rundir="$BATS_TEST_TMPDIR/run" port libexec sysconf
	port=$(free_port)
	libexec=$(prxs -q LIBEXECDIR)
	sysconf=$(prxs -q SYSCONFDIR)
	# As in a package build: the config under DESTDIR names the final
	# ModulePath; the module lands in the scratch copy of it under DESTDIR.
	local conf="$dest$sysconf/proftpd.conf" modpath="$dest$libexec"
	local run_conf="$BATS_TEST_TMPDIR/run.conf"
	mkdir -p "$rundir" "$dest$sysconf"
	proftpd_conf "$port" "$rundir" "$libexec" >"$conf"
	write_greet_module

	run prxs -c mod_greet.c
	assert_success
	assert [ -f .libs/mod_greet.so ]
	# And the static archive prxs's libtool leaves beside it.
	assert [ -f .libs/mod_greet.a ]

	DESTDIR="$dest" run prxs -i -a mod_greet.c
	assert_success
	assert [ -f "$modpath/mod_greet.so" ]
	run grep -c 'LoadModule mod_greet.c' "$conf"
	assert_output 1

	# Run the server from the scratch tree: ModulePath points into DESTDIR.
	sed "s|^\( *ModulePath \).*|\1$modpath|" "$conf" >"$run_conf"
	# Outside <IfModule>: this parses only when the module really loaded.
	echo "GreetMessage hello" >>"$run_conf"
	run "$PROFTPD" -t -c "$run_conf"
	assert_success
	# The control: without the LoadModule line the same directive is refused.
	sed '/LoadModule mod_greet.c/d' "$run_conf" >"$BATS_TEST_TMPDIR/noload.conf"
	run "$PROFTPD" -t -c "$BATS_TEST_TMPDIR/noload.conf"
	assert_failure
	assert_output --partial "GreetMessage"

	start_server "$rundir/proftpd.pid" "$PROFTPD" -n -c "$run_conf"
	wait_port "$port" || { cat "$BATS_TEST_TMPDIR/server.out" >&2; false; }
	run ftp_greeting "$port"
	assert_success
	assert_output --regexp '^220 '
	run grep -q 'FTP session opened' "$BATS_TEST_TMPDIR/server.out"
	assert_success
}

@test "Debian's stock config: --list reads modules.conf through Include, -a edits it there, ModulePath checked" {
	need_proftpd
	local sysconf dest="$BATS_TEST_TMPDIR/dest" libexec
	sysconf=$(prxs -q SYSCONFDIR)
	libexec=$(prxs -q LIBEXECDIR)
	[ -f "$sysconf/modules.conf" ] || skip "no $sysconf/modules.conf: not Debian's layout"
	mkdir -p "$dest$sysconf" "$dest$libexec"
	cp -a "$sysconf/." "$dest$sysconf/"
	cp "$sysconf/proftpd.conf" main.conf
	run modxs --host proftpd --list
	assert_success
	assert_equal "$(printf '%s\n' "$output" | grep -c .)" "$(grep -c '^ *#* *LoadModule' "$sysconf/modules.conf")"
	write_greet_module
	run prxs -c mod_greet.c
	assert_success
	DESTDIR="$dest" run modxs --host proftpd --no-config-test -i -a mod_greet.la
	assert_success
	cmp main.conf "$dest$sysconf/proftpd.conf"
	assert_equal "$(grep -c '^LoadModule mod_greet.c$' "$dest$sysconf/modules.conf")" 1
	# Debian's modules.conf says to keep mod_ifsession.c the last one: it stays last.
	if grep -q '^LoadModule mod_ifsession.c$' "$sysconf/modules.conf"; then
		assert_equal "$(grep '^LoadModule' "$dest$sysconf/modules.conf" | tail -n 1)" "LoadModule mod_ifsession.c"
		run grep -B1 -x '# keep this module the last one' "$dest$sysconf/modules.conf"
		assert_line --index 0 "LoadModule mod_greet.c"
	fi
	# Another ModulePath in modules.conf: the module is outside it, and -a says so.
	sed -i "s|^ModulePath .*|ModulePath /nonexistent/modules|" "$dest$sysconf/modules.conf"
	DESTDIR="$dest" run modxs --host proftpd --no-config-test -e -a mod_greet.la
	assert_failure 7
	assert_output --partial "is not in the ModulePath '/nonexistent/modules'"
}
