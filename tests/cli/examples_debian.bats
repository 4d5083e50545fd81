#!/usr/bin/env bats
# examples/apache-handler/debian: a Debian package of an Apache module whose
# debian/rules builds and stages it with modxs, built as a maintainer does
# with dpkg-buildpackage -us -uc -b. -d skips the Build-Depends check, as
# the modxs here is the build tree's, not an installed package.

bats_require_minimum_version 1.5.0
load ../helper

setup_more() {
	[ -f "$MODXS_BUILD_DIR/share/modxs/hosts/apache.json" ] ||
		skip "the apache host is not recorded in this build"
	local t
	for t in dpkg-buildpackage dh dh_apache2; do
		if ! command -v "$t" >/dev/null; then
			[ -z "${MODXS_CI:-}" ] || fail "$t is missing (install dpkg-dev, debhelper, apache2-dev)"
			skip "$t is not installed (dpkg-dev, debhelper, apache2-dev)"
		fi
	done
}

@test "dpkg-buildpackage builds libapache2-mod-greet with modxs in debian/rules" {
	cp -r "$MODXS_SOURCE_DIR/examples/apache-handler" src
	cd src
	MODXS=$MODXS run dpkg-buildpackage -us -uc -b -d
	assert_success
	assert_output --partial "--host apache -c mod_greet.c"
	cd ..
	deb=$(ls libapache2-mod-greet_*.deb)
	run dpkg-deb -c "$deb"
	assert_output --partial ./usr/lib/apache2/modules/mod_greet.so
	assert_output --partial ./etc/apache2/mods-available/greet.load
	# Enabled in postinst, not shipped enabled; and no modxs state in it.
	refute_output --partial mods-enabled
	refute_output --partial receipts
	refute_output --partial modxs
	run sh -c 'dpkg-deb --ctrl-tarfile "$1" | tar -xO ./postinst' x "$deb"
	assert_output --partial "apache2_invoke enmod \$conf"
	assert_output --regexp "for conf in greet "
	run dpkg-deb -f "$deb" Depends
	assert_output --partial apache2-api-
	dpkg-deb -x "$deb" root
	nm -D root/usr/lib/apache2/modules/mod_greet.so | grep -q ' D greet_module$'
}
