#!/usr/bin/env bats
# modxs opens libcjson by its soname before the first run that reads a
# profile, rather than linking it: a -q answered from the query cache maps
# no cJSON, and a libcjson that cannot be loaded is one error line and
# exit 2 before anything is changed. The plugin links it, for packaging.

bats_require_minimum_version 1.5.0
load ../helper

setup_more() {
	# MODXS_STATIC_DEPS builds no plugin and links libcjson into modxs instead.
	if grep -q '^MODXS_STATIC_DEPS:BOOL=ON' "$MODXS_BUILD_DIR/CMakeCache.txt"; then
		skip "MODXS_STATIC_DEPS links libcjson into modxs"
	fi
	export XDG_CACHE_HOME=$BATS_TEST_TMPDIR/cache
	private_datadir
	# Files changed in the second a run starts are never cached: age them.
	find "$MODXS_DATADIR" -type f -exec touch -d '-1 minute' {} +
}

# opened ARGS...: the shared objects the dynamic loader opens for modxs ARGS.
opened() {
	LD_DEBUG=files "$MODXS" "$@" 2>&1 >/dev/null | sed -n 's/.*[[:space:]]file=\([^ ]*\) .*/\1/p' | sort -u
}

# broken_cjson: a directory whose libcjson (by the soname modxs opens) is not a
# shared object; sets SONAME and BROKEN.
broken_cjson() {
	SONAME=$(opened -q CC | grep '^libcjson' | head -n 1)
	[ -n "$SONAME" ] || { echo "modxs -q CC opened no libcjson" >&2; return 1; }
	BROKEN=$BATS_TEST_TMPDIR/broken
	mkdir -p "$BROKEN"
	echo 'not a shared object' >"$BROKEN/$SONAME"
	rm -rf "$XDG_CACHE_HOME"
}

# The module to install and where it goes: sets S.
module_to_install() {
	skip_unless cc "no C compiler (cc) to build test modules"
	printf 'int hello_module;\n' >hello.c
	cc -shared -fPIC -o mod_hello.so hello.c
	S=(-S "LIBEXECDIR=$PWD/mods" -S "SYSCONFDIR=$PWD/etc" -n hello)
}

@test "a -q that reads the profile opens libcjson; one answered from the cache does not" {
	run -0 opened -q CC
	assert_output --regexp $'(^|\n)libcjson\\.so\\.[0-9]+($|\n)'
	run -0 opened -q CC
	assert_output --partial libc.so
	refute_output --partial libcjson
}

@test "modxs does not link libcjson; the plugin does, so packaging sees it" {
	skip_unless readelf "no readelf (binutils) to read DT_NEEDED"
	run -0 readelf -d "$MODXS"
	assert_output --partial 'Shared library: [libc.so'
	refute_output --partial libcjson
	plugin=$(find "$MODXS_BUILD_DIR" -path '*/modxs/deps.so' | head -n 1)
	[ -n "$plugin" ]
	run -0 readelf -d "$plugin"
	assert_output --regexp 'Shared library: \[libcjson\.so\.[0-9]+\]'
}

@test "a libcjson that will not load is one error line and exit 2, and -i installs nothing" {
	module_to_install
	broken_cjson
	LD_LIBRARY_PATH=$BROKEN run "$MODXS" "${S[@]}" -i mod_hello.so
	assert_failure 2
	assert_equal "${#lines[@]}" 1
	assert_output "modxs: error: cannot load '$SONAME': $BROKEN/$SONAME: file too short"
	[ ! -e mods ]
	[ ! -e etc ]
	[ ! -e "$MODXS_STATEDIR/receipts" ] || [ -z "$(find "$MODXS_STATEDIR/receipts" -type f)" ]
	# A -q that has to read the profile fails the same way; apxs exits 1.
	LD_LIBRARY_PATH=$BROKEN run "$MODXS" -q CC
	assert_failure 2
	assert_output "modxs: error: cannot load '$SONAME': $BROKEN/$SONAME: file too short"
	ln -s "$MODXS" apxs
	LD_LIBRARY_PATH=$BROKEN run ./apxs -q CC
	assert_failure 1
	assert_output "apxs: error: cannot load '$SONAME': $BROKEN/$SONAME: file too short"
	# The same install goes through once the library loads.
	run -0 "$MODXS" "${S[@]}" -i mod_hello.so
	cmp mod_hello.so mods/mod_hello.so
}

@test "a -q answered from the cache needs no libcjson" {
	broken_cjson
	run -0 modxs -q CC
	expected=$output
	LD_LIBRARY_PATH=$BROKEN run -0 "$MODXS" -q CC
	assert_output "$expected"
}

@test "-c with a libcjson that will not load stops before the compiler runs" {
	grep -q '^MODXS_FAILPOINTS:BOOL=ON' "$MODXS_BUILD_DIR/CMakeCache.txt" ||
		skip "failpoints are not compiled in (configure with -DMODXS_FAILPOINTS=ON)"
	skip_unless cc "no C compiler (cc) to build test modules"
	printf 'int hello_module;\n' >mod_hello.c
	MODXS_FAILPOINT=json run modxs -c -o mod_hello.la mod_hello.c
	assert_failure 2
	assert_equal "${#lines[@]}" 1
	assert_output --regexp "^modxs: error: cannot load 'libcjson\.so\.[0-9]+': refused by a failpoint$"
	run -0 ls mod_hello.*
	assert_output mod_hello.c
}
