#!/usr/bin/env bats
# Real compiler launchers: a 17-file module rebuilt from a warm ccache, a
# module compiled through a distccd started here on 127.0.0.1, linked
# locally and loaded by the demo host, and an icecream farm of one daemon
# whose scheduler sets the default -j. CI installs ccache, distcc, icecc
# and libicecc-dev; in CI mode their absence fails these tests.

load ../helper
load servers

DEMO="$MODXS_BUILD_DIR/bin/modxs-demo"

setup_file() {
	export XDG_CACHE_HOME="$BATS_FILE_TMPDIR/cache"
}

setup_more() {
	unset MODXS_LAUNCHER CCACHE_DISABLE CCACHE_PREFIX DISTCC_HOSTS DISTCC_POTENTIAL_HOSTS \
		ICECC_SCHEDULER USE_SCHEDULER ICECC
	skip_unless cc "no C compiler (cc) to build test modules"
}

teardown() {
	stop_servers
	[ -n "${ICECC_DIR:-}" ] && rm -rf "$ICECC_DIR"
	return 0
}

# write_module NAME N: mod_NAME.c, whose init calls a function of each of
# N-1 more files and says their sum; one file's name has a blank in it.
write_module() {
	local name=$1 n=$2 i file
	{
		printf '#include "modxs-demo.h"\n#include <stdio.h>\n\n'
		for ((i = 2; i <= n; i++)); do printf 'int %s_part%d(void);\n' "$name" "$i"; done
		printf '\nstatic int %s_init(const struct modxs_demo_host *host)\n{\n' "$name"
		printf '\tchar msg[64];\n\tint sum = 0;\n\n\t(void)host;\n'
		for ((i = 2; i <= n; i++)); do printf '\tsum += %s_part%d();\n' "$name" "$i"; done
		printf '\tsnprintf(msg, sizeof(msg), "sum %%d", sum);\n'
		printf '\tdemo_host_say("%s_module", msg);\n\treturn 0;\n}\n\n' "$name"
		printf 'struct modxs_demo_module %s_module = {MODXS_DEMO_MODULE_STUFF, %s_init};\n' "$name" "$name"
	} >"mod_$name.c"
	for ((i = 2; i <= n; i++)); do
		file="${name}_part$i.c"
		((i == 2)) && file="${name} part$i.c"
		printf '#include "modxs-demo.h"\n\nint %s_part%d(void);\nint %s_part%d(void) { return %d; }\n' \
			"$name" "$i" "$name" "$i" "$i" >"$file"
	done
}

# sources NAME: the module's files, the record's first, one a line.
sources() { printf '%s\n' "mod_$1.c" "$1"*part*.c; }

# exported SO: the dynamic symbols SO defines, sorted.
exported() { nm -D --defined-only "$1" | awk '{ print $NF }' | sort; }

# loads NAME: the demo host loads .libs/mod_NAME.so and the module speaks.
loads() {
	echo "LoadModule $1_module $PWD/.libs/mod_$1.so" >demo.conf
	run "$DEMO" -f demo.conf
	assert_success
	assert_line "loaded $1_module from $PWD/.libs/mod_$1.so"
	assert_line "$1_module: $2"
}

# stat_of NAME: one counter of ccache --print-stats.
stat_of() { ccache --print-stats | awk -F'\t' -v k="$1" '$1 == k { print $2 }'; }

@test "ccache: a 17-file module rebuilt after a clean comes from the cache, with the same exports" {
	need_real ccache "ccache is not installed (apt-get install ccache)"
	export CCACHE_DIR="$BATS_TEST_TMPDIR/ccache"
	write_module many 17
	mapfile -t srcs < <(sources many)
	[ "${#srcs[@]}" -eq 17 ]

	run modxs --launcher ccache -c "${srcs[@]}"
	assert_success
	[ "$(stat_of cache_miss)" = 17 ]
	[ "$(stat_of direct_cache_hit)" = 0 ]
	exported .libs/mod_many.so >cold.syms
	grep -qx many_module cold.syms

	rm -rf .libs ./*.lo ./*.slo ./*.la
	run modxs --launcher ccache -c "${srcs[@]}"
	assert_success
	# Every compile a direct-mode hit: the -MD -MF depfile flags keep it usable.
	[ "$(stat_of direct_cache_hit)" = 17 ]
	[ "$(stat_of cache_miss)" = 17 ]
	run ccache --show-stats
	assert_output --regexp "Hits: +17 / +34"
	exported .libs/mod_many.so >warm.syms
	diff cold.syms warm.syms
	loads many "sum $((2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + 11 + 12 + 13 + 14 + 15 + 16 + 17))"
}

# start_distccd PORT: a distccd on 127.0.0.1:PORT that serves only
# 127.0.0.1, its log in server.out; stopped by teardown. As root, distccd
# drops to an unprivileged user who can reach nothing under the test's
# private dirs, so it logs to stderr, which start_server keeps.
start_distccd() {
	start_server "$BATS_TEST_TMPDIR/distccd.pid" distccd --daemon --no-detach \
		--listen 127.0.0.1 --port "$1" --allow 127.0.0.1 --jobs 2 \
		--log-stderr --log-level info --pid-file "$BATS_TEST_TMPDIR/distccd.pid"
	wait_port "$1"
}

@test "distcc: the compiles go through a distccd on 127.0.0.1, the link stays local, the module loads" {
	need_real distcc "distcc is not installed (apt-get install distcc)"
	need_real distccd "distccd is not installed (apt-get install distcc)"
	local port
	port=$(free_port)
	start_distccd "$port"
	export DISTCC_HOSTS="127.0.0.1:$port/3" DISTCC_DIR="$BATS_TEST_TMPDIR/distcc"
	mkdir "$DISTCC_DIR"
	# Never a silent local compile: a job distccd refuses fails the build.
	export DISTCC_FALLBACK=0 DISTCC_SKIP_LOCAL_RETRY=1
	write_module dist 4
	mapfile -t srcs < <(sources dist)

	run modxs --launcher distcc -v -c "${srcs[@]}"
	assert_success
	assert_line --regexp "^distcc .* -c mod_dist.c -o .libs/mod_dist.o$"
	assert_line --regexp "^$(modxs -q CC) -shared .*-o .libs/mod_dist.so"
	log=$(cat "$BATS_TEST_TMPDIR/server.out")
	for s in "${srcs[@]}"; do
		grep -qF "compile from $s to ${s%.c}.o" <<<"$log" || fail "distccd did not compile '$s': $log"
	done
	[ "$(grep -c 'COMPILE_OK' <<<"$log")" -eq 4 ]
	! grep -q 'mod_dist.so' <<<"$log"
	loads dist "sum 9"
}

# need_icecc: icecream's scheduler, daemon and client, and the plugin that
# asks the scheduler (built only with libicecc-dev); in CI mode, where
# .ci/deps installs both, their absence fails.
need_icecc() {
	local plugin
	need_real icecc "icecc is not installed (apt-get install icecc)" || return 1
	need_real icecc-scheduler "icecc-scheduler is not installed (apt-get install icecc)" || return 1
	need_real iceccd "iceccd is not installed (apt-get install icecc)" || return 1
	plugin=$(find "$MODXS_BUILD_DIR" -path '*/modxs/icecc.so' -print -quit)
	[ -n "$plugin" ] && return 0
	in_ci && fail "modxs was built without its icecc plugin (apt-get install libicecc-dev, then reconfigure)"
	skip "modxs was built without its icecc plugin (apt-get install libicecc-dev, then reconfigure)"
}

# start_icecc PORT JOBS: icecream's scheduler on 127.0.0.1:PORT (-i lo), and
# an iceccd that logs in to it, named explicitly (no broadcast needed),
# offering JOBS jobs. --no-remote: it takes no jobs from other machines, so
# it listens on no TCP port at all, only its unix socket. Started as root,
# both drop to the icecc user on their own (iceccd keeps CAP_SYS_CHROOT
# only), so their directory is one the test makes for that user; logs go
# to scheduler.log and iceccd.log there. Stopped by teardown.
start_icecc() {
	ICECC_DIR=$(mktemp -d /tmp/modxs-icecc.XXXXXX)
	if [ "$(id -u)" = 0 ]; then
		chown icecc:icecc "$ICECC_DIR"
		chmod 755 "$ICECC_DIR"
		# A root iceccd's socket is /var/run/icecc/iceccd.socket, one per
		# machine: another run of this test waits until this one is done.
		exec {ICECC_LOCK}</usr/sbin/iceccd
		flock -w 600 "$ICECC_LOCK" || fail "another iceccd test held the lock for 10 minutes"
	fi
	start_server "$ICECC_DIR/scheduler.pid" icecc-scheduler -p "$1" -i lo -vvv \
		-l "$ICECC_DIR/scheduler.log"
	# No wait_port: after its probe, a connection that says nothing,
	# icecream 1.4's scheduler took no login from iceccd within 30 s.
	# iceccd retries until the scheduler is up.
	start_server "$ICECC_DIR/iceccd.pid" iceccd -s "127.0.0.1:$1" -m "$2" --no-remote \
		-b "$ICECC_DIR/envs" -vvv -l "$ICECC_DIR/iceccd.log"
	for _ in $(seq 1 300); do
		grep -q "Connected to scheduler" "$ICECC_DIR/iceccd.log" 2>/dev/null && return 0
		sleep 0.1
	done
	fail "iceccd did not log in to the scheduler in 30 s: $(cat "$ICECC_DIR"/*.log)"
}

@test "icecc: the default -j is the farm's job count as its scheduler lists it; -j still wins" {
	need_icecc
	local port
	port=$(free_port)
	start_icecc "$port" 5
	export ICECC_SCHEDULER="127.0.0.1:$port"
	write_module ice 4
	mapfile -t srcs < <(sources ice)

	run modxs --launcher icecc -v -c "${srcs[@]}"
	assert_success
	# One node, this machine's, with -m 5: five jobs, not this machine's CPUs.
	assert_line "icecc's scheduler '127.0.0.1' lists 5 jobs on 1 node: -j 5"
	assert_line --regexp "^icecc .* -c mod_ice.c -o .libs/mod_ice.o$"
	assert_line --regexp "^$(modxs -q CC) -shared .*-o .libs/mod_ice.so"
	refute_output --partial warning
	# Each compile went through the farm: the scheduler saw it start.
	[ "$(grep -c 'BEGIN: ' "$ICECC_DIR/scheduler.log")" -eq 4 ] ||
		fail "the scheduler did not see 4 jobs: $(cat "$ICECC_DIR/scheduler.log")"
	loads ice "sum 9"

	# -j given: the scheduler is not asked.
	rm -rf .libs
	run modxs --launcher icecc -v -j 2 -c "${srcs[@]}"
	assert_success
	refute_output --partial "icecc's scheduler"

	# No scheduler where ICECC_SCHEDULER points: one warning naming icecc
	# and -j, and as many compiles at once as there are CPUs.
	local none
	none=$(free_port)
	rm -rf .libs
	ICECC_SCHEDULER="127.0.0.1:$none" run modxs --launcher icecc -c "${srcs[@]}"
	assert_success
	assert_line "modxs: warning: cannot learn how many jobs icecc's farm takes: no icecc scheduler answered on '127.0.0.1:$none' (ICECC_SCHEDULER) within 2 s; running $(nproc) compiles at once, one per CPU here (-j N sets how many)"
}
