/* mod_quipper: a ProFTPD module answering the QUIPPER command, before login. */
#include "conf.h"

#define MOD_QUIPPER_VERSION "mod_quipper/0.1"

module quipper_module;

MODRET quipper_cmd(cmd_rec *cmd)
{
	pr_response_add(R_200, "quipper: %s", "built by prxs -c, installed by prxs -i");
	return PR_HANDLED(cmd);
}

static cmdtable quipper_cmdtab[] = {
	{CMD, "QUIPPER", G_NONE, quipper_cmd, FALSE, FALSE},
	{0, NULL},
};

module quipper_module = {
	NULL, NULL, 0x20, "quipper", NULL, quipper_cmdtab, NULL, NULL, NULL, MOD_QUIPPER_VERSION,
};
