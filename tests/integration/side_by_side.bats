#!/usr/bin/env bats
# The same command lines through the real /usr/bin/apxs and the apxs persona
# give the same answers, the same files and an equivalent config.

load ../helper
load servers

CONFIG_VARS=/usr/share/apache2/build/config_vars.mk

need_real_apxs() {
	need_apache
	[ -x /usr/bin/apxs ] || skip "/usr/bin/apxs is not installed (apt-get install apache2-dev)"
	[ -f "$CONFIG_VARS" ] || skip "$CONFIG_VARS is missing (apt-get install apache2-dev)"
}

# Every name apxs answers: the file's, and the ones apxs knows itself.
all_names() {
	sed -n 's/^[[:space:]]*\([^[:space:]=]*\)[[:space:]]*=.*/\1/p' "$CONFIG_VARS" | awk '!seen[$0]++'
	printf '%s\n' TARGET CC CFLAGS LIBTOOL LIBDIR SBINDIR INCLUDEDIR LIBEXECDIR SYSCONFDIR \
		PREFIX LDFLAGS_SHLIB LIBS_SHLIB CFLAGS_SHLIB LD_SHLIB APR_CONFIG
}

# The files a directory holds, as sorted relative paths (links included).
tree() { (cd "$1" && find . \( -type f -o -type l \) | LC_ALL=C sort); }

# The files -c left: modxs also keeps its incremental-build records (the
# depfile and flag hashes) in .deps/, or in libtool's private .libs/ when
# .deps is apxs's file; those aside, the set must be apxs's.
outputs() { tree "$1" | grep -v -E '/\.(libs|deps)/[^/]*\.(d|hash)$'; }

# A Debian-layout scratch tree: etc/apache2 with mods-available and -enabled,
# complete enough for apache2 -t, which modxs runs after editing.
debian_tree() {
	local etc="$1/etc/apache2"
	mkdir -p "$etc/mods-available" "$etc/mods-enabled" "$etc/logs" "$1/modules" "$1/state"
	apache_loads | grep mpm_prefork >"$etc/mods-available/mpm_prefork.load"
	ln -s ../mods-available/mpm_prefork.load "$etc/mods-enabled/mpm_prefork.load"
	{
		apache_base "$etc" "$2"
		echo "IncludeOptional mods-enabled/*.load"
	} >"$etc/apache2.conf"
}

# same_q_as_apxs: -q of every variable gives apxs's output and exit status.
same_q_as_apxs() {
	local n real ours compared=0 differ=0
	for n in $(all_names); do
		real=$(/usr/bin/apxs -q "$n" 2>"$BATS_TEST_TMPDIR/err"; echo "exit=$?")
		# Where apxs prints a Perl warning and nothing, modxs gives make's value.
		[ -s "$BATS_TEST_TMPDIR/err" ] && continue
		ours=$(apxs -q "$n" 2>&1; echo "exit=$?")
		[ "$real" = "$ours" ] || { echo "$n: apxs [$real] persona [$ours]"; differ=1; }
		compared=$((compared + 1))
	done
	echo "compared $compared variables"
	[ "$differ" = 0 ]
	[ "$compared" -gt 50 ]
}

@test "-q gives identical output and exit status for every variable" {
	need_real_apxs
	same_q_as_apxs
}

@test "after modxs --record apache, -q matches apxs for every variable" {
	need_real_apxs
	run modxs --record --datadir "$BATS_TEST_TMPDIR/data" apache
	assert_success
	export MODXS_DATADIR=$BATS_TEST_TMPDIR/data
	same_q_as_apxs
}

@test "-g creates the same files as apxs" {
	need_real_apxs
	mkdir real ours
	(cd real && /usr/bin/apxs -g -n side) >/dev/null 2>&1
	cd ours
	run apxs -g -n side
	assert_success
	cd ..
	run diff <(tree real) <(tree ours)
	assert_success
	# Both refuse to overwrite: apxs's exit status for an existing directory.
	cd ours
	run apxs -g -n side
	assert_failure 1
	# Building the generated module leaves apxs's .deps file a file.
	cd side
	run apxs -c mod_side.c
	assert_success
	cd ../..
	(cd real/side && /usr/bin/apxs -c mod_side.c) >/dev/null 2>&1
	assert [ -f ours/side/.deps ]
	run diff <(outputs real) <(outputs ours)
	assert_success
}

@test "-c writes the same set of files as apxs" {
	need_real_apxs
	mkdir real ours
	apache_module_source side >real/mod_side.c
	cp real/mod_side.c ours/mod_side.c
	(cd real && /usr/bin/apxs -c mod_side.c) >/dev/null 2>&1
	cd ours
	run apxs -c mod_side.c
	assert_success
	cd ..
	run diff <(outputs real) <(outputs ours)
	assert_success
}

@test "-c -o names the output as apxs does" {
	need_real_apxs
	mkdir real ours
	apache_module_source side >real/mod_side.c
	cp real/mod_side.c ours/mod_side.c
	(cd real && /usr/bin/apxs -c -o mod_other.so mod_side.c) >/dev/null 2>&1
	(cd ours && apxs -c -o mod_other.so mod_side.c)
	run diff <(outputs real) <(outputs ours)
	assert_success
}

@test "-i -a on scratch Debian trees gives an equivalent config" {
	need_real_apxs
	skip_unless a2enmod "a2enmod is missing (apt-get install apache2)"
	local a="$BATS_TEST_TMPDIR/a" b="$BATS_TEST_TMPDIR/b"
	local port
	port=$(free_port)
	debian_tree "$a" "$port"
	debian_tree "$b" "$port"
	apache_module_source side >mod_side.c
	/usr/bin/apxs -c mod_side.c >/dev/null 2>&1
	[ -f mod_side.la ]

	# a2enmod, which apxs runs, keeps state outside the tree unless told.
	APACHE_CONFDIR="$a/etc/apache2" APACHE_STATE_DIRECTORY="$a/state" \
		/usr/bin/apxs -i -a -S SYSCONFDIR="$a/etc/apache2" -S LIBEXECDIR="$a/modules" mod_side.la
	run apxs -i -a -S SYSCONFDIR="$b/etc/apache2" -S LIBEXECDIR="$b/modules" mod_side.la
	assert_success

	assert_equal "$(tree "$b/etc")" "$(tree "$a/etc")"
	assert_equal "$(sed "s|$b|TREE|" "$b/etc/apache2/apache2.conf")" \
		"$(sed "s|$a|TREE|" "$a/etc/apache2/apache2.conf")"
	assert_equal "$(sed "s|$b|TREE|" "$b/etc/apache2/mods-available/side.load")" \
		"$(sed "s|$a|TREE|" "$a/etc/apache2/mods-available/side.load")"
	assert_equal "$(readlink "$b/etc/apache2/mods-enabled/side.load")" \
		"$(readlink "$a/etc/apache2/mods-enabled/side.load")"
	cmp "$a/modules/mod_side.so" "$b/modules/mod_side.so"
}

@test "-A after -a on scratch Debian trees leaves the module enabled, as Debian's apxs does" {
	need_real_apxs
	skip_unless a2enmod "a2enmod is missing (apt-get install apache2)"
	local a="$BATS_TEST_TMPDIR/a" b="$BATS_TEST_TMPDIR/b" port
	port=$(free_port)
	debian_tree "$a" "$port"
	debian_tree "$b" "$port"
	apache_module_source side >mod_side.c
	/usr/bin/apxs -c mod_side.c >/dev/null 2>&1
	[ -f mod_side.la ]
	for flag in -a -A; do
		APACHE_CONFDIR="$a/etc/apache2" APACHE_STATE_DIRECTORY="$a/state" \
			/usr/bin/apxs -i "$flag" -S SYSCONFDIR="$a/etc/apache2" -S LIBEXECDIR="$a/modules" \
			mod_side.la >/dev/null 2>&1
		run apxs -i "$flag" -S SYSCONFDIR="$b/etc/apache2" -S LIBEXECDIR="$b/modules" mod_side.la
		assert_success
	done
	# apxs keeps the .load it replaced as NAME.load.bak~; modxs keeps its own backups.
	assert_equal "$(tree "$b/etc" | grep -v '\.bak~$')" "$(tree "$a/etc" | grep -v '\.bak~$')"
	assert_equal "$(sed "s|$b|TREE|" "$b/etc/apache2/mods-available/side.load")" \
		"$(sed "s|$a|TREE|" "$a/etc/apache2/mods-available/side.load")"
	assert_equal "$(readlink "$b/etc/apache2/mods-enabled/side.load")" \
		"$(readlink "$a/etc/apache2/mods-enabled/side.load")"
}

@test "a Makefile's staged -S LIBEXECDIR under make install DESTDIR gives the same files as apxs" {
	need_real_apxs
	apache_module_source side >mod_side.c
	/usr/bin/apxs -c mod_side.c >/dev/null 2>&1
	[ -f mod_side.la ]
	local a="$BATS_TEST_TMPDIR/a" b="$BATS_TEST_TMPDIR/b"
	mkdir -p "$a/usr/lib/mods" "$b/usr/lib/mods"
	# As $(APXS) -i -S LIBEXECDIR=$(DESTDIR)... -n mod_side.so, with DESTDIR exported by make.
	DESTDIR=$a /usr/bin/apxs -i -S LIBEXECDIR="$a/usr/lib/mods" -n mod_side.so mod_side.la >/dev/null 2>&1
	DESTDIR=$b run apxs -i -S LIBEXECDIR="$b/usr/lib/mods" -n mod_side.so mod_side.la
	assert_success
	assert_equal "$(tree "$b")" "$(tree "$a")"
	assert_equal "$(stat -c %a "$b/usr/lib/mods/mod_side.so")" "$(stat -c %a "$a/usr/lib/mods/mod_side.so")"
}
