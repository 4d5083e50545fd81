#!/usr/bin/env bats
# collectd: a plugin built, installed and activated by modxs alone; the real
# daemon, started with that config and the csv plugin, writes the plugin's
# value within seconds. (`collectd -t` passes without the plugin loaded, so
# only the value written proves it loaded and ran.)

load ../helper
load servers

teardown() { stop_servers; }

setup_more() {
	MODS=$BATS_TEST_TMPDIR/plugins
	ETC=$BATS_TEST_TMPDIR/etc
	CONF=$ETC/collectd.conf
	mkdir -p "$MODS" "$ETC"
	H=(--host collectd -S "LIBEXECDIR=$MODS" -S "SYSCONFDIR=$ETC" -S "CONFIG_FILE=$CONF")
}

write_plugin() {
	cat >myplugin.c <<'SRC'
/* myplugin: dispatches the gauge myplugin/gauge = 42.5 every interval. */
#include "collectd.h"
#include "plugin.h"

static int myplugin_read(void)
{
	value_list_t vl = VALUE_LIST_INIT;
	value_t v = {.gauge = 42.5};

	vl.values = &v;
	vl.values_len = 1;
	snprintf(vl.plugin, sizeof(vl.plugin), "%s", "myplugin");
	snprintf(vl.type, sizeof(vl.type), "%s", "gauge");
	return plugin_dispatch_values(&vl);
}

void module_register(void)
{
	plugin_register_read("myplugin", myplugin_read);
}
SRC
}

# collectd_conf: a daemon that keeps everything under the test's dir, reads
# every second and writes values as CSV; its plugins come from $MODS. It
# takes the host name as it is: collectd refuses to start when the name does
# not resolve and FQDNLookup is on.
collectd_conf() {
	cat <<CONF
Interval 1
FQDNLookup false
BaseDir "$BATS_TEST_TMPDIR/base"
PIDFile "$BATS_TEST_TMPDIR/collectd.pid"
PluginDir "$MODS"
TypesDB "/usr/share/collectd/types.db"
LoadPlugin csv
<Plugin csv>
  DataDir "$BATS_TEST_TMPDIR/csv"
</Plugin>
CONF
}

# wait_value: wait up to ten seconds for myplugin's value in the CSV output.
wait_value() {
	for _ in $(seq 1 100); do
		grep -qs ',42.500000$' "$BATS_TEST_TMPDIR"/csv/*/myplugin/gauge-* && return 0
		sleep 0.1
	done
	return 1
}

@test "modxs --host collectd -c -i -a myplugin.c: the daemon loads it and writes its value" {
	need_collectd
	# The daemon loads plugins only from PluginDir, and csv.so must be a file there.
	cp /usr/lib/collectd/csv.so "$MODS/"
	collectd_conf >"$CONF"
	write_plugin

	run modxs "${H[@]}" -c -i -a myplugin.c
	assert_success
	assert [ -f "$MODS/myplugin.so" ]
	assert_equal "$(grep -c '^LoadPlugin myplugin$' "$CONF")" 1
	cp "$CONF" once
	run modxs "${H[@]}" -e -a myplugin.la
	assert_success
	cmp once "$CONF"
	run modxs "${H[@]}" --list
	assert_line --regexp "^myplugin +active +present +exported +- +$MODS/myplugin.so$"

	start_server "$BATS_TEST_TMPDIR/collectd.pid" "$COLLECTD" -f -C "$CONF"
	wait_value || { cat "$BATS_TEST_TMPDIR/server.out" >&2; false; }
	stop_servers || true

	# The control: deactivated, the daemon runs but the value never comes.
	run modxs "${H[@]}" --deactivate myplugin
	assert_success
	rm -rf "$BATS_TEST_TMPDIR/csv"
	start_server "$BATS_TEST_TMPDIR/collectd.pid" "$COLLECTD" -f -C "$CONF"
	sleep 3
	run grep -q 'Initialization complete' "$BATS_TEST_TMPDIR/server.out"
	assert_success
	run grep -rqs '42.5' "$BATS_TEST_TMPDIR/csv"
	assert_failure
	stop_servers || true
	run modxs "${H[@]}" --uninstall myplugin
	assert_success
	assert [ ! -e "$MODS/myplugin.so" ]
	run grep -c myplugin "$CONF"
	assert_output 0
}

@test "collectd: a plugin without module_register fails the record check; -g's plugin builds and passes make test" {
	need_collectd
	printf 'int not_register(void) { return 0; }\n' >bad.c
	run modxs --host collectd -c bad.c
	assert_failure 4
	assert_output --partial "does not export its module record 'module_register'"
	printf 'int module_register = 1;\n' >data.c
	run modxs --host collectd -c data.c
	assert_failure 4
	assert_output --partial "exports 'module_register', but not as a function"
	run modxs --host collectd -g -n gen
	assert_success
	cd gen
	run make test
	assert_success
	assert_output --partial "gen loads into $COLLECTD and its read callback runs"
}
