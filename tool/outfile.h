/* outfile.h: build outputs written whole, or not at all. */
#ifndef MODXS_OUTFILE_H
#define MODXS_OUTFILE_H

#include "msg.h"
#include <stddef.h>

/*
 * Replace path with len bytes of data: a temp file in the same directory,
 * then rename. Readers and a killed modxs see the old file or the new one,
 * never a part. Build outputs only: no lock, no .bak and no fsync (like
 * make and libtool; a build survives a power cut by building again), as
 * six fsyncs per module doubled the time of a small build. Installed files
 * and configs go through the install side's lock-and-rename helper.
 * Prints one error and returns RC_BUILD on failure.
 */
int outfile_write(struct msgs *msgs, const char *path, const char *data, size_t len, int mode);
/* Create path empty if missing, else set its times to now (touch). */
int outfile_touch(struct msgs *msgs, const char *path);
/* mkdir -p for one directory and its parents; prints the error. */
int outfile_mkdirs(struct msgs *msgs, const char *dir);

#endif
