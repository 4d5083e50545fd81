/* elfcheck.c: module checks with elfutils' libelf. */
#include "elfcheck.h"

#include "msg.h"

int elfcheck_record(const char *module, const char *symbol, const char *suffix)
{
	(void)module;
	(void)symbol;
	(void)suffix;
	return RC_OK;
}

int elfcheck_symbols(const char *module, const char *server, const struct strvec *libdirs,
		     bool verbose)
{
	(void)module;
	(void)server;
	(void)libdirs;
	(void)verbose;
	return RC_OK;
}
