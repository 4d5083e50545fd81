/* gen.c: module skeletons from templates. */
#include "gen.h"

#include "msg.h"

int gen_run(struct ctx *c)
{
	(void)c;
	return error(RC_INTERNAL, "-g is not available in this build");
}
