/* install.c: putting modules where the server looks, as a transaction. */
#include "install.h"

#include "msg.h"

int install_run(struct ctx *c, const struct strvec *mods)
{
	(void)c;
	(void)mods;
	return error(RC_INTERNAL, "-i and -e are not available in this build");
}

int install_uninstall(struct ctx *c, const char *name)
{
	(void)c;
	(void)name;
	return error(RC_INTERNAL, "--uninstall is not available in this build");
}

int install_deactivate(struct ctx *c, const char *name)
{
	(void)c;
	(void)name;
	return error(RC_INTERNAL, "--deactivate is not available in this build");
}

int install_list(struct ctx *c)
{
	(void)c;
	return error(RC_INTERNAL, "--list is not available in this build");
}
