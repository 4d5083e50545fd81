/* mod_twin: a ProFTPD module answering the TWIN command, before login. */
#include "conf.h"
#include "twin.h"
#define MOD_TWIN_VERSION "mod_twin/0.1"

module twin_module;

MODRET twin_cmd(cmd_rec *cmd)
{
	pr_response_add(R_200, "twin: %s", twin_text());
	return PR_HANDLED(cmd);
}

static cmdtable twin_cmdtab[] = {
	{CMD, "TWIN", G_NONE, twin_cmd, FALSE, FALSE},
	{0, NULL},
};

module twin_module = {
	NULL, NULL, 0x20, "twin", NULL, twin_cmdtab, NULL, NULL, NULL, MOD_TWIN_VERSION,
};
