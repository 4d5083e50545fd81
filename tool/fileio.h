/* fileio.h: reading and writing whole files, refusing what is not a regular file; mkdir -p. */
#ifndef MODXS_FILEIO_H
#define MODXS_FILEIO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

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
/*
 * Read a whole regular file of at most max bytes into a new NUL-terminated
 * string, refused before any of it is read when larger; its length in *len
 * when len is not NULL. NULL with errno on failure (EINVAL not a regular
 * file, EFBIG larger than max, EIO a file that shrank while being read).
 */
char *file_read_max(const char *path, size_t max, size_t *len);
/*
 * file_read_max into out, which holds size bytes, with no allocation: the
 * file's length in *len and a NUL after it. 0, or -1 with errno as there
 * (EFBIG: it does not fit).
 */
int file_read_in(const char *path, char *out, size_t size, size_t *len);
/*
 * mkdir -p: make dir and each missing parent with mode (less the umask); a
 * name that exists already counts as made. 0, or -1 with errno and, when
 * failed is not NULL, the dir that could not be made in *failed (freed by
 * the caller).
 */
int file_mkdirs(const char *dir, mode_t mode, char **failed);
/*
 * rm -r of a private dir modxs made: every entry under dir, never through
 * a link (a link is removed, not followed), then dir. 0, or -1 with errno
 * from the first failure (what could be removed is).
 */
int dir_remove_tree(const char *dir);
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
