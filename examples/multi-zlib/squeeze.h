/* squeeze.h: measuring how well zlib compresses a text. */
#ifndef SQUEEZE_H
#define SQUEEZE_H

#include <stddef.h>

/*
 * Compress len bytes of text with zlib at the default level. Returns the
 * compressed size, or 0 when zlib fails.
 */
size_t squeeze_size(const char *text, size_t len);
/* The version of the zlib the module was linked with at run time. */
const char *squeeze_zlib_version(void);

#endif
