#!/usr/bin/env bats
# The .deb CPack makes carries the maintainer scripts that keep the host
# profiles current: a postinst that records, and dpkg file triggers on the
# servers' build files that run it again.

load ../helper

setup_more() {
	skip_unless cpack "cpack is not installed (apt-get install cmake)"
	skip_unless dpkg-deb "dpkg-deb is not installed (apt-get install dpkg)"
	[ -f "$MODXS_BUILD_DIR/CPackConfig.cmake" ] || skip "the build tree has no CPack setup"
}

@test "cpack -G DEB: postinst records, triggers name the servers' build files" {
	run cpack --config "$MODXS_BUILD_DIR/CPackConfig.cmake" -G DEB -B "$PWD/pkg"
	assert_success
	deb=$(ls pkg/*.deb)
	dpkg-deb -e "$deb" ctrl
	[ -x ctrl/postinst ]
	sh -n ctrl/postinst
	grep -q '^interest-noawait /usr/share/apache2/build/config_vars.mk$' ctrl/triggers
	grep -q '^interest-noawait /usr/bin/prxs$' ctrl/triggers
	grep -q '^interest-noawait /usr/include/proftpd$' ctrl/triggers
	grep -q '^interest-noawait /usr/include/collectd$' ctrl/triggers
	grep -q '^interest-noawait /usr/include/php$' ctrl/triggers
	grep -q '^interest-noawait /usr/share/nginx/src$' ctrl/triggers
	# As dpkg runs it on a trigger, with this build's modxs in the packaged one's place.
	private_datadir
	rm -f "$MODXS_DATADIR"/hosts/{apache,proftpd,collectd,php}.json
	sed "s|/usr/bin/modxs |$MODXS |" ctrl/postinst >postinst
	run sh postinst triggered /usr/share/apache2/build/config_vars.mk
	assert_success
	if [ -f /usr/share/apache2/build/config_vars.mk ]; then
		assert_output --partial "recorded host profile 'apache'"
		[ -f "$MODXS_DATADIR/hosts/apache.json" ]
	fi
	# The hosts described by recipes are recorded by the same command.
	if [ -f /usr/include/collectd/core/daemon/plugin.h ] && [ -x /usr/sbin/collectd ]; then
		assert_output --partial "recorded host profile 'collectd'"
		[ -f "$MODXS_DATADIR/hosts/collectd.json" ]
	fi
	if [ -x /usr/bin/php-config ]; then
		assert_output --partial "recorded host profile 'php'"
		[ -f "$MODXS_DATADIR/hosts/php.json" ]
	fi
}
