#!/usr/bin/env bats
# `modxs -q NAME...` keeps the variables it expanded in $XDG_CACHE_HOME/modxs
# and answers the next run from there while the platform file and the host
# profile are the same files, unchanged; anything else loads them again.

load ../helper
bats_require_minimum_version 1.5.0

setup_more() {
	export XDG_CACHE_HOME=$BATS_TEST_TMPDIR/cache
	private_datadir
	# Files changed in the second a run starts are never cached: age them.
	find "$MODXS_DATADIR" -type f -exec touch -d '-1 minute' {} +
}

# cached: the one cache file -q wrote.
cached() {
	local f
	f=$(find "$XDG_CACHE_HOME/modxs" -name 'query-*' -type f)
	[ -n "$f" ] && [ "$(printf '%s\n' "$f" | wc -l)" -eq 1 ] || { echo "cache files: '$f'" >&2; return 1; }
	printf '%s\n' "$f"
}

# set_cached NAME VALUE: change what the cache file says of NAME.
set_cached() {
	local f
	f=$(cached) || return 1
	NAME=$1 VALUE=$2 perl -0777 -pi -e 's/\0\Q$ENV{NAME}\E\0[^\0]*\0/\0$ENV{NAME}\0$ENV{VALUE}\0/' "$f"
}

@test "a second -q NAME is answered from the cache" {
	run -0 modxs -q TARGET PIC_FLAG
	assert_output "modxs-demo;;-fPIC"
	cached
	set_cached TARGET from-the-cache
	run -0 modxs -q TARGET PIC_FLAG
	assert_output "from-the-cache;;-fPIC"
	# Looked up as vars_find does: the exact name, then its lowercase, never upper.
	run modxs -q target
	assert_failure 1
	assert_output "modxs: error: invalid query string 'target'"
}

@test "an edited profile is read again, even with its size and time put back" {
	run -0 modxs -q TARGET
	assert_output "modxs-demo"
	set_cached TARGET from-the-cache
	run -0 modxs -q TARGET
	assert_output "from-the-cache"
	f=$MODXS_DATADIR/hosts/demo.json
	touch -r "$f" "$BATS_TEST_TMPDIR/stamp"
	sed -i 's/"TARGET": "modxs-demo"/"TARGET": "modxs-deme"/' "$f"
	touch -r "$BATS_TEST_TMPDIR/stamp" "$f"
	run -0 modxs -q TARGET
	assert_output "modxs-deme"
}

@test "an edited platform file is read again" {
	run -0 modxs -q PIC_FLAG
	set_cached PIC_FLAG from-the-cache
	run -0 modxs -q PIC_FLAG
	assert_output "from-the-cache"
	sed -i 's/"-fPIC"/"-fpic"/' "$MODXS_DATADIR/platform.json"
	run -0 modxs -q PIC_FLAG
	assert_output "-fpic"
}

@test "-q of a name the cache lacks is the ordinary error" {
	run -0 modxs -q TARGET
	run modxs -q NO_SUCH_VAR
	assert_failure 1
	assert_output "modxs: error: invalid query string 'NO_SUCH_VAR'"
}

@test "a cache file that is not one is ignored" {
	run -0 modxs -q TARGET
	printf 'garbage' >"$(cached)"
	run -0 modxs -q TARGET
	assert_output "modxs-demo"
	: >"$(cached)"
	run -0 modxs -q TARGET
	assert_output "modxs-demo"
}

@test "another host, -S and --json are never answered from the cache" {
	run -0 modxs -q TARGET
	set_cached TARGET from-the-cache
	run -0 modxs --host proftpd -q TARGET
	refute_output "from-the-cache"
	run -0 modxs -S TARGET=set -q TARGET
	assert_output "set"
	run -0 modxs --json -q TARGET
	assert_output '{"TARGET":"modxs-demo"}'
	MODXS_HOST=proftpd run -0 modxs -q TARGET
	refute_output "from-the-cache"
}

@test "profiles changed in the last second are not cached" {
	touch "$MODXS_DATADIR/hosts/demo.json"
	run -0 modxs -q TARGET
	[ -d "$XDG_CACHE_HOME/modxs" ] || return 0
	run find "$XDG_CACHE_HOME/modxs" -name 'query-*'
	assert_output ""
}

@test "a cache dir that cannot be made costs nothing but time" {
	# A file where the dir should be: mkdir fails, even for root.
	: >"$XDG_CACHE_HOME"
	run -0 modxs -q TARGET
	assert_output "modxs-demo"
	run -0 modxs -q TARGET
	assert_output "modxs-demo"
}

@test "an answer that cannot be written fails, from the cache as from the profiles" {
	run bash -c '"$MODXS" -q TARGET >/dev/full'
	assert_failure 70
	assert_output "modxs: error: cannot write to standard output: No space left on device"
	run -0 modxs -q TARGET
	cached
	run bash -c '"$MODXS" -q TARGET >/dev/full'
	assert_failure 70
	assert_output "modxs: error: cannot write to standard output: No space left on device"
}

@test "a new executable at the same path does not answer from the old one's cache" {
	mkdir bin
	cp "$MODXS" bin/modxs
	run -0 "$PWD/bin/modxs" -q TARGET
	set_cached TARGET from-the-cache
	run -0 "$PWD/bin/modxs" -q TARGET
	assert_output "from-the-cache"
	# Replaced as a package upgrade does: a new file renamed over the old.
	cp "$MODXS" bin/modxs.new
	mv bin/modxs.new bin/modxs
	run -0 "$PWD/bin/modxs" -q TARGET
	assert_output "modxs-demo"
}

@test "run by a relative path, -q shares the cache of the same executable" {
	mkdir bin
	cp "$MODXS" bin/modxs
	run -0 bin/modxs -q TARGET
	set_cached TARGET from-the-cache
	run -0 bin/modxs -q TARGET
	assert_output "from-the-cache"
	run -0 "$PWD/bin/modxs" -q TARGET
	assert_output "from-the-cache"
}

@test "-q through a persona file is cached under the modxs executable, not the text file" {
	# A persona file of the modxs persona itself: the kernel is given this
	# text file to run, and only /proc/self/exe names the executable.
	local mx="$BATS_TEST_TMPDIR/mx"
	printf '#!%s --persona-file\n' "$(cd "$MODXS_BUILD_DIR" && pwd)/bin/modxs" >"$mx"
	chmod 755 "$mx"
	run -0 "$mx" -q TARGET
	assert_output "modxs-demo"
	set_cached TARGET from-the-cache
	# The identity checked is the executable's: a touched persona file is
	# not a new modxs (a rebuilt modxs would be).
	touch -d '+1 minute' "$mx"
	run -0 "$mx" -q TARGET
	assert_output "from-the-cache"
}

@test "another spelling of the same query loads the profiles, and is kept apart" {
	run -0 modxs -q TARGET
	set_cached TARGET from-the-cache
	run -0 modxs -q TARGET
	assert_output "from-the-cache"
	run -0 modxs -v -q TARGET
	assert_output "modxs-demo"
	run -0 modxs -v -q TARGET
	assert_output "modxs-demo"
	run -0 find "$XDG_CACHE_HOME/modxs" -name 'query-*' -type f
	assert_equal "${#lines[@]}" 2
}

@test "a cache file is answered from only for the command line it records" {
	run -0 modxs -q TARGET
	a=$(cached)
	mv "$a" "$BATS_TEST_TMPDIR/target"
	run -0 modxs -q PIC_FLAG
	b=$(cached)
	# As if the two command lines had the same file name: the file says what it answers.
	cp "$BATS_TEST_TMPDIR/target" "$b"
	run -0 modxs -q PIC_FLAG
	assert_output "-fPIC"
	MODXS_HOST=demo run -0 modxs -q TARGET
	assert_output "modxs-demo"
}
