/* mod_rooty: a ProFTPD module answering the ROOTY command, before login. */
#include "conf.h"
#include <math.h>

/* $Libraries: -lm$ */

static const char *rooty_text(void)
{
	static char buf[64];
	volatile double n = 81.0;
	pr_snprintf(buf, sizeof buf, "the root of 81 is %d", (int)sqrt(n));
	return buf;
}
#define MOD_ROOTY_VERSION "mod_rooty/0.1"

module rooty_module;

MODRET rooty_cmd(cmd_rec *cmd)
{
	pr_response_add(R_200, "rooty: %s", rooty_text());
	return PR_HANDLED(cmd);
}

static cmdtable rooty_cmdtab[] = {
	{CMD, "ROOTY", G_NONE, rooty_cmd, FALSE, FALSE},
	{0, NULL},
};

module rooty_module = {
	NULL, NULL, 0x20, "rooty", NULL, rooty_cmdtab, NULL, NULL, NULL, MOD_ROOTY_VERSION,
};
