#!/usr/bin/env bats
# Installing where an attacker or a mistake points: names that escape the
# modules dir, symlinks out of it, symlinked or world-writable dirs. modxs
# must refuse to write outside the intended directory, saying why.

load ../helper

setup_more() {
	skip_unless cc "no C compiler (cc) to build test modules"
	ETC=$BATS_TEST_TMPDIR/etc
	MODS=$BATS_TEST_TMPDIR/mods
	mkdir -p "$ETC" "$MODS"
	CONF=$ETC/modxs-demo.conf
	printf 'Listen 80\n' >"$CONF"
	S=(-S "SYSCONFDIR=$ETC" -S "LIBEXECDIR=$MODS" --no-config-test --quiet)
	printf 'int hello_module = 1;\n' >rec.c
	cc -shared -fPIC -o mod_hello.so rec.c
	echo "precious" >victim
}

# untouched: the victim file and the config are as they were.
untouched() {
	assert_equal "$(cat victim)" "precious"
	assert_equal "$(cat "$CONF")" "Listen 80"
}

@test "-n ../x is refused before anything is written" {
	run modxs "${S[@]}" -n ../x -i -a mod_hello.so
	assert_failure 1
	assert_output --partial "invalid module name '../x'"
	[ -z "$(ls -A "$MODS")" ]
	untouched
}

@test "-n with an absolute path is refused" {
	run modxs "${S[@]}" -n "$BATS_TEST_TMPDIR/victim" -i -a mod_hello.so
	assert_failure 1
	assert_output --partial "invalid module name '$BATS_TEST_TMPDIR/victim'"
	untouched
}

@test "a module file named with ../ lands in the modules dir under its base name" {
	mkdir sub
	cp mod_hello.so sub/
	run modxs "${S[@]}" -i sub/../sub/mod_hello.so
	assert_success
	[ -f "$MODS/mod_hello.so" ]
	[ ! -e "$BATS_TEST_TMPDIR/mod_hello.so.bak" ]
}

@test "an installed module that is a symlink out of the modules dir is not written through" {
	ln -s ../victim "$MODS/mod_hello.so"
	run modxs "${S[@]}" -i -a mod_hello.so
	assert_failure 5
	assert_output "modxs: error: refusing to install '$MODS/mod_hello.so': it is a symlink to '$BATS_TEST_TMPDIR/victim', outside '$MODS' (remove the link first)"
	untouched
	[ -L "$MODS/mod_hello.so" ]
}

@test "an installed module that links to a file in the same dir is updated there" {
	cp mod_hello.so "$MODS/mod_hello-1.0.so"
	ln -s mod_hello-1.0.so "$MODS/mod_hello.so"
	printf 'int hello_module = 2;\n' >rec2.c
	cc -shared -fPIC -o mod_hello.so rec2.c
	run modxs "${S[@]}" -i mod_hello.so
	assert_success
	cmp mod_hello.so "$MODS/mod_hello-1.0.so"
}

@test "a modules dir that is a symlink elsewhere is refused, and --force allows it" {
	rmdir "$MODS"
	mkdir elsewhere
	ln -s elsewhere "$MODS"
	run modxs "${S[@]}" -i mod_hello.so
	assert_failure 5
	assert_output "modxs: error: refusing to write into the modules dir '$MODS': it is a symlink to '$BATS_TEST_TMPDIR/elsewhere' (use --force if that is intended)"
	[ -z "$(ls -A elsewhere)" ]
	run modxs "${S[@]}" --force -i mod_hello.so
	assert_success
	[ -f elsewhere/mod_hello.so ]
}

@test "a config dir that is a symlink elsewhere is refused, and --force allows it" {
	mv "$ETC" etc.real
	ln -s etc.real "$ETC"
	run modxs "${S[@]}" -i -a mod_hello.so
	assert_failure 7
	assert_output "modxs: error: refusing to write into the config dir '$ETC': it is a symlink to '$BATS_TEST_TMPDIR/etc.real' (use --force if that is intended)"
	assert_equal "$(cat etc.real/modxs-demo.conf)" "Listen 80"
	[ ! -e "$MODS/mod_hello.so" ]
	run modxs "${S[@]}" --force -i -a mod_hello.so
	assert_success
	grep -q '^LoadModule hello_module ' etc.real/modxs-demo.conf
}

@test "a world-writable modules dir is refused, saying why; --force allows it" {
	chmod 0777 "$MODS"
	run modxs "${S[@]}" -i mod_hello.so
	assert_failure 5
	assert_output "modxs: error: refusing to install into '$MODS': it is world-writable (mode 0777), so any user could replace the module; fix its mode or use --force"
	[ ! -e "$MODS/mod_hello.so" ]
	run modxs "${S[@]}" --force -i mod_hello.so
	assert_success
	[ -f "$MODS/mod_hello.so" ]
}

@test "a world-writable sticky modules dir (like /tmp) is refused too" {
	chmod 1777 "$MODS"
	run modxs "${S[@]}" -i mod_hello.so
	assert_failure 5
	assert_output --partial "it is world-writable (mode 1777)"
}

@test "a config that is a symlink is edited in its target, and stays a symlink" {
	mv "$CONF" real.conf
	ln -s ../real.conf "$CONF"
	run modxs "${S[@]}" -i -a mod_hello.so
	assert_success
	[ -L "$CONF" ]
	assert_equal "$(readlink "$CONF")" "../real.conf"
	run cat real.conf
	assert_output "Listen 80
LoadModule hello_module $MODS/mod_hello.so"
}

@test "an .la that names a shared object outside its own dir is refused" {
	mkdir -p build/.libs
	cat >build/mod_hello.la <<'LA'
# mod_hello.la - a libtool library file
dlname='../../victim'
library_names='../../victim'
old_library=''
installed=no
shouldnotlink=yes
libdir='/usr/lib/modules'
LA
	run modxs "${S[@]}" -i build/mod_hello.la
	assert_failure
	assert_output --partial "build/mod_hello.la': line 2: dlname '../../victim' names a file outside the archive's directory"
	untouched
	[ -z "$(ls -A "$MODS")" ]
}

@test "a .lo that names an object outside its own dir is refused" {
	cp "$MODXS_SOURCE_DIR/examples/hello/mod_hello.c" .
	printf "pic_object='../../etc/x.o'\nnon_pic_object=none\n" >x.lo
	run modxs -c -n hello x.lo
	assert_failure
	assert_output --partial "x.lo': line 1: pic_object '../../etc/x.o' names a file outside the object's directory"
}

@test "a receipt naming a file outside the modules dir makes --uninstall remove nothing" {
	run modxs "${S[@]}" -i -a mod_hello.so
	assert_success
	receipt=$(receipt_of hello)
	[ -f "$receipt" ]
	sha=$(sha256sum victim | cut -d' ' -f1)
	# The victim's own hash, so the changed-file check cannot save it.
	sed -i "s|\"files\":[[:space:]]*\[|\"files\": [{\"path\": \"$BATS_TEST_TMPDIR/victim\", \"sha256\": \"$sha\"}, |" "$receipt"
	grep -q victim "$receipt" || fail "could not plant the entry in the receipt"
	cp "$CONF" conf.before
	run modxs "${S[@]}" --uninstall hello
	assert_failure 5
	assert_output "modxs: error: '$receipt': names '$BATS_TEST_TMPDIR/victim', which is not in the modules dir '$MODS'; not removing anything"
	assert_equal "$(cat victim)" "precious"
	[ -f "$MODS/mod_hello.so" ]
	cmp conf.before "$CONF"
	run modxs "${S[@]}" --force --uninstall hello
	assert_failure 5
	assert_equal "$(cat victim)" "precious"
}

@test "a module file no config line can name (newline, quote) is refused, and nothing stays installed" {
	for f in $'mod_a\nb.so' 'mod_a"b c.so'; do
		cp mod_hello.so "$f"
		run modxs "${S[@]}" -n hello -i -a "$f"
		assert_failure 5
		assert_output --partial "in a config line: it holds a quote, a backslash or a control character"
		assert_equal "${#lines[@]}" 1
		[ -z "$(ls -A "$MODS")" ] || fail "'$(ls -A "$MODS")' stayed in the modules dir"
		no_receipt hello
		untouched
	done
}
