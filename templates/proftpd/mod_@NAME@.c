/*
 * mod_@NAME@.c: a ProFTPD module with one config directive, made by
 * `modxs -g -n @NAME@`.
 *
 * Build it, install it into ProFTPD's ModulePath and activate it:
 *
 *   make && make install INSTALLFLAGS=-a
 *
 * (or by hand: `modxs --host proftpd -c mod_@NAME@.c` and
 * `modxs --host proftpd -i -a mod_@NAME@.la`, which writes
 * `LoadModule mod_@NAME@.c` into the config). Then use its directive:
 *
 *   @NAME@Message "Hello, world"
 *
 * The message is written to the debug log when a session starts
 * (proftpd -n -d 2). `make test` checks that the module loads: proftpd -t
 * with a scratch config that uses @NAME@Message outside <IfModule>, which
 * only parses when the module is loaded.
 */
#include "conf.h"

#define MOD_@NAME@_VERSION "mod_@NAME@/0.1"

module @NAME@_module;

/* usage: @NAME@Message TEXT */
MODRET set_@NAME@_message(cmd_rec *cmd)
{
	CHECK_ARGS(cmd, 1);
	CHECK_CONF(cmd, CONF_ROOT | CONF_VIRTUAL | CONF_GLOBAL);
	add_config_param_str(cmd->argv[0], 1, cmd->argv[1]);
	return PR_HANDLED(cmd);
}

static int @NAME@_sess_init(void)
{
	const char *msg = get_param_ptr(main_server->conf, "@NAME@Message", FALSE);

	if (msg)
		pr_log_debug(DEBUG2, MOD_@NAME@_VERSION ": %s", msg);
	return 0;
}

static conftable @NAME@_conftab[] = {
	{"@NAME@Message", set_@NAME@_message, NULL},
	{NULL, NULL, NULL},
};

/* The module record: LoadModule mod_@NAME@.c makes ProFTPD look for it. */
module @NAME@_module = {
	.api_version = 0x20,
	.name = "@NAME@",
	.conftable = @NAME@_conftab,
	.sess_init = @NAME@_sess_init,
	.module_version = MOD_@NAME@_VERSION,
};
