/*
 * mod_quip.c: a ProFTPD module that registers a config directive and a
 * SITE command. `QuipText TEXT` sets a line that `SITE QUIP` answers with.
 *
 *   <IfModule mod_dso.c>
 *     LoadModule mod_quip.c
 *   </IfModule>
 *   QuipText "Files are like cats: they go where they please"
 */
#include "conf.h"

#define MOD_QUIP_VERSION "mod_quip/1.0"

module quip_module;

/* usage: QuipText TEXT */
MODRET set_quiptext(cmd_rec *cmd)
{
	CHECK_ARGS(cmd, 1);
	CHECK_CONF(cmd, CONF_ROOT | CONF_VIRTUAL | CONF_GLOBAL | CONF_ANON | CONF_DIR);
	add_config_param_str(cmd->argv[0], 1, cmd->argv[1]);
	return PR_HANDLED(cmd);
}

/* SITE QUIP: answer with the configured text. Other SITE commands pass by. */
MODRET quip_site(cmd_rec *cmd)
{
	const char *text;

	if (cmd->argc < 2 || strcasecmp(cmd->argv[1], "QUIP") != 0)
		return PR_DECLINED(cmd);
	text = get_param_ptr(CURRENT_CONF, "QuipText", FALSE);
	pr_response_add(R_200, "%s", text ? text : "No QuipText is set");
	return PR_HANDLED(cmd);
}

static conftable quip_conftab[] = {
	{"QuipText", set_quiptext, NULL},
	{NULL, NULL, NULL},
};

static cmdtable quip_cmdtab[] = {
	{.cmd_type = CMD, .command = C_SITE, .group = G_NONE, .handler = quip_site,
	 .requires_auth = TRUE, .cmd_class = CL_MISC},
	{.command = NULL},
};

module quip_module = {
	.api_version = 0x20,
	.name = "quip",
	.conftable = quip_conftab,
	.cmdtable = quip_cmdtab,
	.module_version = MOD_QUIP_VERSION,
};
