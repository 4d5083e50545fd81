/* outfile.h: build outputs written whole, or not at all. */
#ifndef MODXS_OUTFILE_H
#define MODXS_OUTFILE_H

#include <stddef.h>

/*
 * Replace path with len bytes of data: a temp file in the same directory,
 * then rename. Readers see the old file or the new one, never a part; not
 * synced to disk, like the objects the compiler writes beside it.
 * Build outputs only (no lock, no .bak): installed files and configs go
 * through the install side's lock-and-rename helper. Prints one error
 * and returns RC_BUILD on failure.
 */
int outfile_write(const char *path, const char *data, size_t len, int mode);
/* Create path empty if missing, else set its times to now (touch). */
int outfile_touch(const char *path);
/* mkdir -p for one directory and its parents; prints the error. */
int outfile_mkdirs(const char *dir);

#endif
