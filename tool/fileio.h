/* fileio.h: reading and writing whole files, refusing what is not a regular file. */
#ifndef MODXS_FILEIO_H
#define MODXS_FILEIO_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/*
 * Open path for reading without blocking on a FIFO and check, on the open
 * file, that it is a regular file. The fd, or -1 with errno (EINVAL: not a
 * regular file).
 */
int file_open_regular(const char *path);
/* Why a file call failed, for messages: "not a regular file" for EINVAL, else strerror. */
const char *file_why(int err);
/* Read a whole regular file into out; 0, or -1 with errno set (ENOENT when missing). */
int file_read(const char *path, struct buf *out);
/* Write all of len bytes to fd, retrying short writes; 0, or -1 with errno set. */
int fd_write_all(int fd, const char *data, size_t len);
/* fd_write_all for the files modxs installs and edits: honours the write failpoint. */
int file_write_all(int fd, const char *data, size_t len);
/*
 * Copy the regular file src to the new file dst, made exclusively and never
 * through a link, with src's mode and owner; 0, or -1 with errno.
 */
int file_copy(const char *src, const char *dst);
/* Keep src's current version at the new name dst: a hard link, or a copy where links fail. */
int file_keep(const char *src, const char *dst);
/* fsync the directory holding path; 0, or -1 with errno set. Honours the fsync failpoint. */
int dir_sync(const char *path);
/* fsync the directory holding path, outside the failpoints; 0, or -1 with errno set. */
int dir_fsync(const char *path);
/* fsync the directory holding path, ignoring failure: for undoing, which must not fail on purpose. */
void dir_sync_quiet(const char *path);

#endif
