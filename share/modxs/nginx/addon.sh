# addon.sh: read an nginx addon's config file the way nginx's configure does
# for --add-dynamic-module, and tell modxs what to build.
#
# Usage: sh addon.sh CONFIG ADDON_DIR   (both absolute)
#
# The config is a shell fragment: it is sourced here, in a shell of its own,
# with the variables configure gives it. It may source auto/module,
# auto/feature and auto/have; this script's dir holds those for it.
# Whatever it prints goes to stderr. On fd 1, NUL-terminated key=value
# records, for each module set (one per auto/module call, or one for the
# older HTTP_MODULES/NGX_ADDON_SRCS form):
#   out=NAME  src=FILE...  inc=DIR...  lib=WORD...  def=MACRO...
#   gen=FILE  text=CONTENT   (NAME_modules.c, as nginx's auto/make writes it)
# or error=MESSAGE, with a non-zero exit.

exec 3>&1 1>&2

modxs_fail() {
	printf 'error=%s\0' "$*" >&3
	exit 2
}

modxs_put() {
	printf '%s=%s\0' "$1" "$2" >&3
}

# modxs_name WORD: refuse what cannot be a C identifier; names land in C source.
modxs_name() {
	case $1 in
	'' | [0-9]* | *[!A-Za-z0-9_]*) modxs_fail "'$1' is not a module name (letters, digits and '_' only)" ;;
	esac
}

modxs_here=$(cd "$(dirname "$0")" && pwd) || modxs_fail "cannot find the addon helpers"
modxs_sets=
modxs_defs=

ngx_addon_dir=$2
ngx_addon_name=
ngx_module_link=DYNAMIC
ngx_module_type=
ngx_module_name=
ngx_module_incs=
ngx_module_deps=
ngx_module_srcs=
ngx_module_libs=
ngx_module_order=
CORE_INCS= CORE_LIBS= CORE_DEPS= HTTP_INCS= HTTP_DEPS= NGX_ADDON_SRCS= NGX_ADDON_DEPS=
CORE_MODULES= EVENT_MODULES= HTTP_MODULES= HTTP_FILTER_MODULES= HTTP_INIT_FILTER_MODULES=
HTTP_AUX_FILTER_MODULES= MAIL_MODULES= STREAM_MODULES=
NGX_PLATFORM=Linux
CC=${CC:-cc}

cd "$modxs_here" || modxs_fail "cannot enter '$modxs_here'"
. "$1"

# The older form: modules appended to the lists of a static build.
if [ -z "$modxs_sets" ]; then
	modxs_old=$(echo $CORE_MODULES $EVENT_MODULES $HTTP_MODULES $HTTP_FILTER_MODULES \
		$HTTP_INIT_FILTER_MODULES $HTTP_AUX_FILTER_MODULES $MAIL_MODULES $STREAM_MODULES)
	[ -n "$modxs_old" ] || modxs_fail "names no module (no ngx_module_name with auto/module, nor HTTP_MODULES)"
	ngx_module_type=CORE
	[ -n "$HTTP_FILTER_MODULES$HTTP_AUX_FILTER_MODULES" ] && ngx_module_type=HTTP_FILTER
	ngx_module_name=$modxs_old
	ngx_module_srcs=$NGX_ADDON_SRCS
	ngx_module_incs="$CORE_INCS $HTTP_INCS"
	ngx_module_libs=$CORE_LIBS
	ngx_module_order=
	. "$modxs_here/auto/module"
fi

for modxs_set in $modxs_sets; do
	eval "modxs_mods=\$modxs_mods_$modxs_set modxs_order=\$modxs_order_$modxs_set"
	eval "modxs_srcs=\$modxs_srcs_$modxs_set modxs_incs=\$modxs_incs_$modxs_set"
	eval "modxs_libs=\$modxs_libs_$modxs_set"
	modxs_put out "$modxs_set"
	for f in $modxs_srcs; do modxs_put src "$f"; done
	for f in $modxs_incs; do modxs_put inc "$f"; done
	for f in $modxs_libs; do modxs_put lib "$f"; done
	for f in $modxs_defs; do modxs_put def "$f"; done
	modxs_put gen "${modxs_set}_modules.c"
	modxs_text=$(
		printf '\n#include <ngx_config.h>\n#include <ngx_core.h>\n\n'
		for m in $modxs_mods; do printf 'extern ngx_module_t  %s;\n' "$m"; done
		printf '\nngx_module_t *ngx_modules[] = {\n'
		for m in $modxs_mods; do printf '    &%s,\n' "$m"; done
		printf '    NULL\n};\n\nchar *ngx_module_names[] = {\n'
		for m in $modxs_mods; do printf '    "%s",\n' "$m"; done
		printf '    NULL\n};\n\nchar *ngx_module_order[] = {\n'
		for m in $modxs_order; do printf '    "%s",\n' "$m"; done
		printf '    NULL\n};\n'
	)
	modxs_put text "$modxs_text
"
done
exit 0
