/* twin_util: mod_twin's second source; it needs libm (prxs -l m). */
#include <math.h>

#include "conf.h"
#include "twin.h"

const char *twin_text(void)
{
	static char buf[64];
	volatile double n = 16.0;
	pr_snprintf(buf, sizeof buf, "%d sources, root %d", TWIN_COUNT, (int)sqrt(n));
	return buf;
}
