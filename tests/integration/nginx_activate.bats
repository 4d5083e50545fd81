#!/usr/bin/env bats
# nginx activation the Debian way, from the profile's module lines and
# drop-in layout: -a writes modules-available/mod-NAME.conf holding
# `load_module modules/NAME.so;` and links it as modules-enabled/50-mod-NAME.conf;
# nginx -t is the config test, with rollback; --list, --deactivate, --uninstall.

load ../helper
load servers

teardown() { stop_servers; }

# debian_root ROOT PORT: a scratch copy of Debian's layout under ROOT.
debian_root() {
	mkdir -p "$1/etc/nginx/modules-available" "$1/etc/nginx/modules-enabled" "$1/modules"
	nginx_conf "$1" "$2" "include $1/etc/nginx/modules-enabled/*.conf;" \
		'location /hello { hello; }' >"$1/etc/nginx/nginx.conf"
}

# xs ROOT ARGS...: modxs for the nginx host, pointed at the scratch root.
xs() {
	local root=$1
	shift
	modxs --host nginx -S "PREFIX=$root" -S "SYSCONFDIR=$root/etc/nginx" \
		-S "NGINX_CONF=$root/etc/nginx/nginx.conf" -S "LIBEXECDIR=$root/modules" "$@"
}

hello_addon() {
	mkdir -p "$1"
	printf 'ngx_addon_name=ngx_http_hello_module\nngx_module_type=HTTP\nngx_module_name=ngx_http_hello_module\nngx_module_srcs="$ngx_addon_dir/hello.c"\n. auto/module\n' >"$1/config"
	nginx_handler_source ngx_http_hello_module hello '"hello from modxs\n"' >"$1/hello.c"
}

@test "-c -i -a activates the Debian way; the server answers; --list, --deactivate, --uninstall undo" {
	need_nginx
	local root="$BATS_TEST_TMPDIR/root" port avail link
	port=$(free_port)
	debian_root "$root" "$port"
	hello_addon hello
	avail="$root/etc/nginx/modules-available/mod-ngx_http_hello_module.conf"
	link="$root/etc/nginx/modules-enabled/50-mod-ngx_http_hello_module.conf"

	run xs "$root" -c -i -a hello
	assert_success
	assert [ -f "$root/modules/ngx_http_hello_module.so" ]
	run cat "$avail"
	assert_output "load_module modules/ngx_http_hello_module.so;"
	assert [ -L "$link" ]
	assert_equal "$(readlink "$link")" "../modules-available/mod-ngx_http_hello_module.conf"
	# Again: nothing changes, no second line.
	run xs "$root" -i -a ngx_http_hello_module.la
	assert_success
	run grep -c load_module "$avail"
	assert_output 1

	run xs "$root" --list
	assert_success
	assert_output --partial "ngx_http_hello_module"
	# Built against this nginx: its signature matches the server's.
	assert_output --regexp "ngx_http_hello_module\.so +active +present +exported +abi-ok"

	start_nginx "$root/etc/nginx/nginx.conf" "$root" "$port"
	run curl -sS "http://127.0.0.1:$port/hello"
	assert_output "hello from modxs"

	run xs "$root" --deactivate ngx_http_hello_module
	assert_success
	assert [ ! -e "$link" ]
	run xs "$root" --uninstall ngx_http_hello_module
	assert_success
	assert [ ! -e "$root/modules/ngx_http_hello_module.so" ]
	assert [ ! -e "$avail" ]
}

@test "a config nginx -t rejects is rolled back" {
	need_nginx
	local root="$BATS_TEST_TMPDIR/root" port
	port=$(free_port)
	debian_root "$root" "$port"
	# The same module already loaded by hand: a second load_module fails nginx -t.
	echo "load_module modules/ngx_http_hello_module.so;" >"$root/etc/nginx/modules-enabled/10-by-hand.conf"
	hello_addon hello
	run xs "$root" -c -i -a hello
	assert_failure 8
	assert_output --partial "restored the previous version"
	assert [ ! -e "$root/etc/nginx/modules-enabled/50-mod-ngx_http_hello_module.conf" ]
	assert [ ! -e "$root/etc/nginx/modules-available/mod-ngx_http_hello_module.conf" ]
}

@test "with a single nginx.conf the line goes at the top level, before events and http" {
	need_nginx
	local root="$BATS_TEST_TMPDIR/root" port
	port=$(free_port)
	mkdir -p "$root/etc/nginx" "$root/modules"
	nginx_conf "$root" "$port" "" 'location /hello { hello; }' >"$root/etc/nginx/nginx.conf"
	hello_addon hello
	run xs "$root" -c -i -a hello
	assert_success
	run grep -n -e 'load_module' -e '^events' "$root/etc/nginx/nginx.conf"
	assert_line --index 0 --regexp '^[0-9]+:load_module modules/ngx_http_hello_module.so;$'
	assert_line --index 1 --regexp '^[0-9]+:events'
	run xs "$root" -i -a ngx_http_hello_module.la
	assert_success
	run grep -c load_module "$root/etc/nginx/nginx.conf"
	assert_output 1
	start_nginx "$root/etc/nginx/nginx.conf" "$root" "$port"
	run curl -sS "http://127.0.0.1:$port/hello"
	assert_output "hello from modxs"
	# The config still uses the module's directive: nginx -t refuses the
	# deactivated config, and it is put back.
	run xs "$root" --deactivate ngx_http_hello_module
	assert_failure 8
	run grep -c '^load_module modules/ngx_http_hello_module.so;' "$root/etc/nginx/nginx.conf"
	assert_output 1
	# Without the directive, the line is commented out.
	sed -i 's/location \/hello { hello; }//' "$root/etc/nginx/nginx.conf"
	run xs "$root" --deactivate ngx_http_hello_module
	assert_success
	run grep -c '^# *load_module modules/ngx_http_hello_module.so;' "$root/etc/nginx/nginx.conf"
	assert_output 1
}

@test "--list shows the modules a package links into modules-enabled from elsewhere, as Debian's nginx does" {
	need_nginx
	local root="$BATS_TEST_TMPDIR/root" port pkg
	port=$(free_port)
	debian_root "$root" "$port"
	# Debian's own modules: modules-available/ under /usr/share, linked from /etc.
	pkg="$root/usr/share/nginx/modules-available"
	mkdir -p "$pkg"
	echo 'load_module modules/ngx_pkg_module.so;' >"$pkg/mod-pkg.conf"
	ln -s "$pkg/mod-pkg.conf" "$root/etc/nginx/modules-enabled/50-mod-pkg.conf"
	# And one of modxs's, in /etc's modules-available, disabled.
	echo 'load_module modules/ngx_mine_module.so;' >"$root/etc/nginx/modules-available/mod-ngx_mine_module.conf"

	run xs "$root" --list
	assert_success
	assert_line --regexp '^modules/ngx_pkg_module\.so +active +missing '
	assert_line --regexp '^modules/ngx_mine_module\.so +disabled +missing '
	assert_equal "$(grep -c 'ngx_pkg_module' <<<"$output")" 1
}
