/* squeeze.c: the zlib side of mod_squeeze; the only file that includes zlib.h. */
#include "squeeze.h"

#include <stdlib.h>
#include <zlib.h>

size_t squeeze_size(const char *text, size_t len)
{
	uLongf out_len = compressBound((uLong)len);
	Bytef *out = malloc(out_len);
	size_t size = 0;

	if (!out)
		return 0;
	if (compress(out, &out_len, (const Bytef *)text, (uLong)len) == Z_OK)
		size = out_len;
	free(out);
	return size;
}

const char *squeeze_zlib_version(void)
{
	return zlibVersion();
}
