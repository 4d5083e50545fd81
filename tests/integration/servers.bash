# servers.bash: starting real Apache httpd and ProFTPD servers for the
# integration tests, on 127.0.0.1 at a free port, and always stopping them.
# Load after ../helper with `load servers`; call stop_servers from teardown.

APACHE2=${APACHE2:-/usr/sbin/apache2}
PROFTPD=${PROFTPD:-/usr/sbin/proftpd}
APACHE_MODULES=${APACHE_MODULES:-/usr/lib/apache2/modules}
APXS_PERSONA="$MODXS_BUILD_DIR/libexec/modxs/apxs"
PRXS_PERSONA="$MODXS_BUILD_DIR/libexec/modxs/prxs"
SERVER_PIDS=()
SERVER_PIDFILES=()

# apxs ARGS / prxs ARGS: the personas as an installed modxs provides them.
apxs() { "$APXS_PERSONA" "$@"; }
prxs() { "$PRXS_PERSONA" "$@"; }

need_apache() {
	[ -x "$APACHE2" ] || skip "$APACHE2 is missing (apt-get install apache2)"
	[ -f "$MODXS_BUILD_DIR/share/modxs/hosts/apache.json" ] ||
		skip "the apache host is not recorded (apt-get install apache2-dev, then reconfigure)"
	[ -f "$APACHE_MODULES/mod_mpm_prefork.so" ] ||
		skip "$APACHE_MODULES/mod_mpm_prefork.so is missing (apt-get install apache2)"
	skip_unless curl "curl is not installed (apt-get install curl)"
}

need_proftpd() {
	[ -x "$PROFTPD" ] || skip "$PROFTPD is missing (apt-get install proftpd-core)"
	[ -d /usr/include/proftpd ] || skip "the ProFTPD headers are missing (apt-get install proftpd-dev)"
	[ -f "$MODXS_BUILD_DIR/share/modxs/hosts/proftpd.json" ] ||
		skip "the proftpd host is not recorded (apt-get install proftpd-dev, then reconfigure)"
}

# missing_host REASON: a real host a test needs is not here: skip, saying
# why, or fail in CI (MODXS_CI=1 or CI=true), where every host is installed.
missing_host() {
	if [ -n "${MODXS_CI:-}" ] || [ "${CI:-}" = true ]; then
		echo "CI: $1" >&2
		return 1
	fi
	skip "$1"
}

COLLECTD=${COLLECTD:-/usr/sbin/collectd}

need_collectd() {
	[ -x "$COLLECTD" ] || missing_host "$COLLECTD is missing (apt-get install collectd-core)"
	[ -f /usr/include/collectd/core/daemon/plugin.h ] ||
		missing_host "the collectd headers are missing (apt-get install collectd-dev)"
	[ -f "$MODXS_BUILD_DIR/share/modxs/hosts/collectd.json" ] ||
		missing_host "the collectd host is not recorded (apt-get install collectd-dev, then reconfigure)"
}

need_php() {
	command -v php >/dev/null 2>&1 || missing_host "php is missing (apt-get install php-cli)"
	command -v php-config >/dev/null 2>&1 ||
		missing_host "php-config is missing (apt-get install php-dev)"
	[ -f "$MODXS_BUILD_DIR/share/modxs/hosts/php.json" ] ||
		missing_host "the php host is not recorded (apt-get install php-dev, then reconfigure)"
}

# A TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
	if command -v python3 >/dev/null 2>&1; then
		python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
		return
	fi
	local p
	for _ in $(seq 1 50); do
		p=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
	return 1
}

# wait_port PORT: wait up to ten seconds for a listener on 127.0.0.1:PORT.
wait_port() {
	for _ in $(seq 1 100); do
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
		sleep 0.1
	done
	echo "nothing listens on 127.0.0.1:$1 after 10 s" >&2
	return 1
}

# start_server PIDFILE CMD ARGS...: run a server that stays in the foreground.
start_server() {
	local pidfile=$1
	shift
	# Its own session: Apache signals its whole process group when it stops,
	# which would otherwise take bats down with it. fd 3 is bats's output:
	# a server holding it open would keep bats waiting.
	setsid "$@" >"$BATS_TEST_TMPDIR/server.out" 2>&1 3>&- </dev/null &
	SERVER_PIDS+=("$!")
	SERVER_PIDFILES+=("$pidfile")
}

# Stop every server this test started, whatever state the test left.
stop_servers() {
	local pid f
	for f in "${SERVER_PIDFILES[@]}"; do
		[ -s "$f" ] && kill -TERM "$(cat "$f")" 2>/dev/null
	done
	for pid in "${SERVER_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null
	done
	for pid in "${SERVER_PIDS[@]}"; do
		for _ in $(seq 1 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	SERVER_PIDS=()
	SERVER_PIDFILES=()
	return 0
}

# ftp_greeting PORT: the first line an FTP server on 127.0.0.1:PORT sends.
# A subshell with its own fd, so bats's fd 3 is never touched.
ftp_greeting() {
	(
		exec 5<>"/dev/tcp/127.0.0.1/$1" || exit 1
		IFS= read -r -t 10 line <&5 || exit 1
		printf '%s\n' "${line%$'\r'}"
	)
}

# The user and group a root-started server drops to.
server_user() { getent passwd nobody >/dev/null && echo nobody || id -un; }
server_group() { getent group nogroup >/dev/null && echo nogroup || id -gn; }

# apache_base ROOT PORT: the directives every scratch Apache config needs.
apache_base() {
	cat <<CONF
ServerRoot "$1"
ServerName 127.0.0.1
Listen 127.0.0.1:$2
PidFile "$1/logs/httpd.pid"
ErrorLog "$1/logs/error_log"
DefaultRuntimeDir "$1/logs"
Mutex file:$1/logs default
LogLevel warn
CONF
	if [ "$(id -u)" = 0 ]; then
		echo "User $(server_user)"
		echo "Group $(server_group)"
	fi
}

# The modules every scratch Apache needs, as LoadModule lines: an MPM, and
# authz_core, without which every request fails with "couldn't check user".
apache_loads() {
	echo "LoadModule mpm_prefork_module $APACHE_MODULES/mod_mpm_prefork.so"
	echo "LoadModule authz_core_module $APACHE_MODULES/mod_authz_core.so"
}

# apache_location NAME: map /NAME to the handler NAME for everyone.
apache_location() {
	printf '<Location /%s>\n    SetHandler %s\n    Require all granted\n</Location>\n' "$1" "$1"
}

# start_apache CONF ROOT PORT: start it in the foreground and wait for the port.
start_apache() {
	start_server "$2/logs/httpd.pid" "$APACHE2" -f "$1" -DFOREGROUND
	wait_port "$3" || { cat "$2/logs/error_log" "$BATS_TEST_TMPDIR/server.out" >&2; return 1; }
}

# An Apache handler module whose answer names it: mod_NAME.c, handler NAME.
apache_module_source() {
	cat <<SRC
#include "httpd.h"
#include "http_config.h"
#include "http_protocol.h"
#include "ap_config.h"

static int $1_handler(request_rec *r)
{
	if (!r->handler || strcmp(r->handler, "$1"))
		return DECLINED;
	r->content_type = "text/plain";
	if (!r->header_only)
		ap_rputs("hello from mod_$1\n", r);
	return OK;
}

static void $1_register_hooks(apr_pool_t *p)
{
	ap_hook_handler($1_handler, NULL, NULL, APR_HOOK_MIDDLE);
}

module AP_MODULE_DECLARE_DATA $1_module = {
	STANDARD20_MODULE_STUFF, NULL, NULL, NULL, NULL, NULL, $1_register_hooks
};
SRC
}

NGINX=${NGINX:-/usr/sbin/nginx}

# The packaged nginx and the recorded profile; in CI (MODXS_CI or CI=true)
# their absence fails the test rather than skipping it.
need_nginx() {
	local why=""
	[ -x "$NGINX" ] || why="$NGINX is missing (apt-get install nginx-core)"
	[ -n "$why" ] || [ -f "$MODXS_BUILD_DIR/share/modxs/hosts/nginx.json" ] ||
		why="the nginx host is not recorded (apt-get install nginx-dev, then reconfigure)"
	[ -n "$why" ] || command -v curl >/dev/null || why="curl is not installed (apt-get install curl)"
	[ -z "$why" ] && return 0
	if [ -n "${MODXS_CI:-}" ] || [ "${CI:-}" = true ]; then
		echo "in CI: $why" >&2
		return 1
	fi
	skip "$why"
}

# nginx_conf ROOT PORT LOADS LOCATIONS: a scratch nginx in the foreground on
# 127.0.0.1:PORT, its files under ROOT; LOADS go at the top level (load_module
# lines or an include of them), LOCATIONS in the one server.
nginx_conf() {
	cat <<CONF
daemon off;
master_process off;
pid $1/nginx.pid;
error_log $1/error.log warn;
$3
events { worker_connections 16; }
http {
    access_log off;
    client_body_temp_path $1/body;
    proxy_temp_path $1/proxy;
    fastcgi_temp_path $1/fastcgi;
    uwsgi_temp_path $1/uwsgi;
    scgi_temp_path $1/scgi;
    server {
        listen 127.0.0.1:$2;
$4
    }
}
CONF
}

# start_nginx CONF ROOT PORT: start it and wait for the port.
start_nginx() {
	start_server "$2/nginx.pid" "$NGINX" -p "$2" -c "$1"
	wait_port "$3" || { cat "$2/error.log" "$BATS_TEST_TMPDIR/server.out" >&2; return 1; }
}

# nginx_handler_source MODULE DIRECTIVE TEXT: an HTTP module whose DIRECTIVE,
# in a location, answers TEXT.
nginx_handler_source() {
	cat <<SRC
#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

static char *$2_set(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);

static ngx_command_t $2_commands[] = {
	{ngx_string("$2"), NGX_HTTP_LOC_CONF | NGX_CONF_NOARGS, $2_set, 0, 0, NULL},
	ngx_null_command};

static ngx_http_module_t $2_ctx = {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};

ngx_module_t $1 = {NGX_MODULE_V1, &$2_ctx, $2_commands, NGX_HTTP_MODULE,
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NGX_MODULE_V1_PADDING};

ngx_int_t $2_answer(ngx_http_request_t *r, u_char *text, size_t len);

ngx_int_t $2_answer(ngx_http_request_t *r, u_char *text, size_t len)
{
	ngx_buf_t *b;
	ngx_chain_t out;
	ngx_int_t rc;

	r->headers_out.status = NGX_HTTP_OK;
	r->headers_out.content_length_n = len;
	ngx_str_set(&r->headers_out.content_type, "text/plain");
	rc = ngx_http_send_header(r);
	if (rc == NGX_ERROR || rc > NGX_OK || r->header_only)
		return rc;
	b = ngx_create_temp_buf(r->pool, len);
	if (b == NULL)
		return NGX_HTTP_INTERNAL_SERVER_ERROR;
	b->last = ngx_cpymem(b->pos, text, len);
	b->last_buf = 1;
	out.buf = b;
	out.next = NULL;
	return ngx_http_output_filter(r, &out);
}

static ngx_int_t $2_handler(ngx_http_request_t *r)
{
	static u_char text[] = $3;
	return $2_answer(r, text, sizeof(text) - 1);
}

static char *$2_set(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
	ngx_http_core_loc_conf_t *clcf;

	clcf = ngx_http_conf_get_module_loc_conf(cf, ngx_http_core_module);
	clcf->handler = $2_handler;
	return NGX_CONF_OK;
}
SRC
}
