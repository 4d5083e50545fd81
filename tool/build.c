/* build.c: planning and running compiles and links. */
#include "build.h"

#include "msg.h"

int build_run(struct ctx *c, struct strvec *out)
{
	(void)c;
	(void)out;
	return error(RC_INTERNAL, "-c is not available in this build");
}

int build_clean(struct ctx *c)
{
	(void)c;
	return error(RC_INTERNAL, "-d is not available in this build");
}
