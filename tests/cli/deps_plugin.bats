#!/usr/bin/env bats
# libelf, nettle and libpkgconf come through modxs's plugin, LIBDIR/modxs/deps.so:
# -q starts without them, and a run that needs them loads the plugin before it
# changes anything, so a missing or broken one is one error line and exit 2.

bats_require_minimum_version 1.5.0
load ../helper

setup_file() {
	export XDG_CACHE_HOME="$BATS_FILE_TMPDIR/cache"
}

# opened ARGS...: the shared objects the dynamic loader opens for modxs ARGS.
opened() {
	LD_DEBUG=files "$MODXS" "$@" 2>&1 >/dev/null | sed -n 's/.*[[:space:]]file=\([^ ]*\) .*/\1/p' | sort -u
}

# plugin_of DIR: the plugin under the prefix DIR, as the build staged it.
plugin_of() {
	find "$1" -path '*/modxs/deps.so' | head -n 1
}

# skip_unless_plugin: the build has a plugin (MODXS_STATIC_DEPS links the libraries in).
skip_unless_plugin() {
	if grep -q '^MODXS_STATIC_DEPS:BOOL=ON' "$MODXS_BUILD_DIR/CMakeCache.txt"; then
		skip "no plugin: MODXS_STATIC_DEPS links the libraries in"
	fi
}

# A prefix with modxs and its data, and the plugin only when asked: sets PFX.
# The same relative place as in the build tree, as in an install.
prefix_copy() {
	local plugin rel
	PFX=$BATS_TEST_TMPDIR/prefix
	mkdir -p "$PFX/bin" "$PFX/share"
	cp "$MODXS" "$PFX/bin/modxs"
	cp -r "$MODXS_BUILD_DIR/share/modxs" "$PFX/share/modxs"
	plugin=$(plugin_of "$MODXS_BUILD_DIR")
	rel=${plugin#"$MODXS_BUILD_DIR"/}
	PLUGIN=$PFX/$rel
	mkdir -p "$(dirname "$PLUGIN")"
	if [ "${1:-}" = with-plugin ]; then cp "$plugin" "$PLUGIN"; fi
}

# The module to install and where it goes: sets S.
module_to_install() {
	skip_unless cc "no C compiler (cc) to build test modules"
	printf 'int hello_module;\n' >hello.c
	cc -shared -fPIC -o mod_hello.so hello.c
	S=(-S "LIBEXECDIR=$PWD/mods" -S "SYSCONFDIR=$PWD/etc" -n hello)
}

@test "-q loads neither the plugin nor libelf, nettle and libpkgconf" {
	skip_unless_plugin
	run -0 opened -q CC
	assert_output --partial libc.so
	refute_output --partial deps.so
	refute_output --partial libelf
	refute_output --partial libnettle
	refute_output --partial libpkgconf
	refute_output --partial libz
}

@test "-i loads the plugin, and with it the three libraries" {
	skip_unless_plugin
	module_to_install
	run -0 opened "${S[@]}" -i mod_hello.so
	assert_output --partial /modxs/deps.so
	assert_output --partial libelf
	assert_output --partial libnettle
	cmp mod_hello.so mods/mod_hello.so
}

@test "a missing plugin is one error line and exit 2, and -i installs nothing" {
	skip_unless_plugin
	module_to_install
	prefix_copy
	run "$PFX/bin/modxs" "${S[@]}" -i mod_hello.so
	assert_failure 2
	assert_equal "${#lines[@]}" 1
	assert_output "modxs: error: cannot load '$PLUGIN', which modxs needs to read modules and hash files: No such file or directory"
	[ ! -e mods ]
	[ ! -e "$MODXS_STATEDIR/receipts" ] || [ -z "$(find "$MODXS_STATEDIR/receipts" -type f)" ]
	# -q needs no plugin; and once it is in place, the same install goes through.
	run -0 "$PFX/bin/modxs" -q CC
	cp "$(plugin_of "$MODXS_BUILD_DIR")" "$PLUGIN"
	run -0 "$PFX/bin/modxs" "${S[@]}" -i mod_hello.so
	cmp mod_hello.so mods/mod_hello.so
}

@test "a plugin that will not load is one error line and exit 2; apxs exits 1" {
	skip_unless_plugin
	module_to_install
	prefix_copy
	echo 'not a shared object' >"$PLUGIN"
	run "$PFX/bin/modxs" "${S[@]}" -i mod_hello.so
	assert_failure 2
	assert_equal "${#lines[@]}" 1
	assert_output --regexp "^modxs: error: cannot load '$PLUGIN', which modxs needs to read modules and hash files: .*deps\.so: "
	[ ! -e mods ]
	ln -s modxs "$PFX/bin/apxs"
	run "$PFX/bin/apxs" -q CC
	assert_success
	run "$PFX/bin/apxs" -n hello -S "LIBEXECDIR=$PWD/mods" -i mod_hello.so
	assert_failure 1
	assert_equal "${#lines[@]}" 1
	assert_output --partial "apxs: error: cannot load '$PLUGIN'"
	[ ! -e mods ]
}

@test "a shared object that is not this modxs's plugin is refused" {
	skip_unless_plugin
	module_to_install
	prefix_copy
	cp mod_hello.so "$PLUGIN"
	run "$PFX/bin/modxs" "${S[@]}" -i mod_hello.so
	assert_failure 2
	assert_equal "${#lines[@]}" 1
	assert_output "modxs: error: cannot load '$PLUGIN', which modxs needs to read modules and hash files: not the plugin of modxs $("$MODXS" --version | cut -d' ' -f2)"
	[ ! -e mods ]
}

@test "-c with a plugin that will not load stops before the compiler runs" {
	skip_unless_plugin
	grep -q '^MODXS_FAILPOINTS:BOOL=ON' "$MODXS_BUILD_DIR/CMakeCache.txt" ||
		skip "failpoints are not compiled in (configure with -DMODXS_FAILPOINTS=ON)"
	skip_unless cc "no C compiler (cc) to build test modules"
	printf 'int hello_module;\n' >mod_hello.c
	MODXS_FAILPOINT=deps run modxs -c -o mod_hello.la mod_hello.c
	assert_failure 2
	assert_equal "${#lines[@]}" 1
	assert_output --regexp "^modxs: error: cannot load '.*/modxs/deps\.so', which modxs needs to read modules and hash files: refused by a failpoint$"
	run ls
	assert_output mod_hello.c
}

# icecc_sources: a fake icecc that runs the compile, and three sources; a
# scheduler address where nothing answers.
icecc_sources() {
	skip_unless cc "no C compiler (cc) to build test modules"
	mkdir fake
	printf '#!/bin/sh\nexec "$@"\n' >fake/icecc
	chmod +x fake/icecc
	printf 'int x_module;\n' >mod_x.c
	printf 'int a(void) { return 1; }\n' >a.c
	printf 'int b(void) { return 2; }\n' >b.c
	export ICECC_SCHEDULER=127.0.0.1:1
}

@test "icecc.so is loaded only under icecc, without -j, for more than one compile" {
	[ -n "$(find "$MODXS_BUILD_DIR" -path '*/modxs/icecc.so')" ] || {
		in_ci && fail "no icecc.so: CI installs libicecc-dev (.ci/deps)"
		skip "modxs was built without libicecc-dev: no icecc.so"
	}
	icecc_sources
	run -0 opened --launcher "$PWD/fake/icecc" --no-check -c mod_x.c a.c b.c
	assert_output --partial /modxs/icecc.so
	rm -rf .libs
	run -0 opened --launcher "$PWD/fake/icecc" --no-check -j 2 -c mod_x.c a.c b.c
	refute_output --partial icecc.so
	rm -rf .libs
	run -0 opened --launcher "$PWD/fake/icecc" --no-check -c mod_x.c
	refute_output --partial icecc.so
	rm -rf .libs
	run -0 opened --no-check -c mod_x.c a.c b.c
	refute_output --partial icecc.so
}

@test "an icecc.so that is not this modxs's is one warning, and the build goes on" {
	skip_unless_plugin
	icecc_sources
	prefix_copy with-plugin
	cp "$PLUGIN" "$(dirname "$PLUGIN")/icecc.so"
	run "$PFX/bin/modxs" --launcher "$PWD/fake/icecc" --no-check -c mod_x.c a.c b.c
	assert_success
	assert_line --regexp "^modxs: warning: cannot learn how many jobs icecc's farm takes: cannot load '.*/modxs/icecc.so': not the plugin of modxs [0-9.]+; running [0-9]+ compiles at once, one per CPU here \(-j N sets how many\)$"
	[ -f .libs/mod_x.so ]
}
