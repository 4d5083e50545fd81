/* multi_math: the part of mod_multi that needs libm (-lm on the link). */
#include <math.h>

#include "multi.h"

int multi_root(int n)
{
	return (int)sqrt((double)n);
}
