#!/usr/bin/env bats
# --uninstall when the config has moved under it. The receipt records the
# config its LoadModule line went into; that config is the one to edit,
# whatever SYSCONFDIR says now, and when it cannot be read modxs must not
# remove the module while some config may still load it: it fails (exit 7)
# naming the config, and removes nothing.

load ../helper
load install_lib

setup_more() {
	skip_unless cc "no C compiler (cc) to build test modules"
	ETC=$BATS_TEST_TMPDIR/etc1
	MODS=$BATS_TEST_TMPDIR/mods
	mkdir -p "$ETC"
	S=(-S "SYSCONFDIR=$ETC" -S "LIBEXECDIR=$MODS" --no-config-test)
	CONF=$ETC/modxs-demo.conf
	printf 'Listen 80\n' >"$CONF"
	mkmod hello
	modxs "${S[@]}" -i -a mod_hello.so 2>/dev/null
	grep -q '^LoadModule hello_module' "$CONF"
	RECEIPT=$(find "$MODXS_STATEDIR/receipts" -name hello.json)
	[ -f "$RECEIPT" ]
}

@test "--uninstall when the config the receipt names is gone fails naming it, and removes nothing" {
	mv "$CONF" "$ETC/moved.conf"
	run modxs "${S[@]}" --uninstall hello
	assert_failure 7
	assert_output "modxs: error: cannot read '$CONF', the config where the receipt of 'hello' says it is loaded (restore it, or remove the module anyway with --force): No such file or directory"
	[ -f "$MODS/mod_hello.so" ] && [ -f "$RECEIPT" ]
	grep -q '^LoadModule hello_module' "$ETC/moved.conf"
}

@test "--force --uninstall removes the module when the recorded config is gone" {
	mv "$CONF" "$ETC/moved.conf"
	run modxs "${S[@]}" --force --uninstall hello
	assert_success
	[ ! -e "$MODS/mod_hello.so" ] && [ ! -e "$RECEIPT" ]
}

@test "--uninstall edits the config the receipt names, whatever SYSCONFDIR says now" {
	mkdir "$BATS_TEST_TMPDIR/etc2"
	printf 'Listen 81\n' >"$BATS_TEST_TMPDIR/etc2/modxs-demo.conf"
	run modxs -S "SYSCONFDIR=$BATS_TEST_TMPDIR/etc2" -S "LIBEXECDIR=$MODS" --no-config-test \
		--uninstall hello
	assert_success
	assert_equal "$(cat "$CONF")" "Listen 80"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/etc2/modxs-demo.conf")" "Listen 81"
	[ ! -e "$MODS/mod_hello.so" ]
}

@test "--deactivate when the config the receipt names is gone fails naming it" {
	mv "$CONF" "$ETC/moved.conf"
	run modxs "${S[@]}" --deactivate hello
	assert_failure 7
	assert_output "modxs: error: cannot read '$CONF': No such file or directory"
	[ -f "$MODS/mod_hello.so" ]
}

@test "--uninstall of a module installed without -a needs no config" {
	modxs "${S[@]}" --uninstall hello 2>/dev/null
	rm "$CONF"
	mkmod other
	modxs "${S[@]}" -i mod_other.so 2>/dev/null
	run modxs "${S[@]}" --uninstall other
	assert_success
	[ ! -e "$MODS/mod_other.so" ]
}
