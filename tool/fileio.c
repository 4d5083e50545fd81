/* fileio.c: whole-file reads and writes, the regular-file check every read makes, mkdir -p. */
#include "fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "failpoint.h"

/* dir_remove_tree goes no deeper: a build tree is a few levels deep. */
#define MAX_TREE_DEPTH 64

/*
 * file_open_regular, with the file's stat in *st and O_NONBLOCK left on:
 * it changes nothing for a regular file, and this file's readers then
 * need neither an fcntl nor a second fstat (-q runs in a fraction of a
 * millisecond, where each system call shows).
 */
static int open_regular(const char *path, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

int file_open_regular(const char *path)
{
	struct stat st;
	int fd = open_regular(path, &st);

	/* Reads of a regular file never block; the flag only kept a FIFO's open from hanging. */
	if (fd >= 0)
		fcntl(fd, F_SETFL, 0);
	return fd;
}

const char *file_why(int err)
{
	return err == EINVAL ? "not a regular file" : strerror(err);
}

/* Make room for n more bytes at the end of b, in one allocation. */
static void buf_room(struct buf *b, size_t n)
{
	if (b->cap - b->len > n)
		return;
	b->cap = b->len + n + 1;
	b->s = xrealloc(b->s, b->cap);
	b->s[b->len] = '\0';
}

/* Reads straight into the buffer, sized from fstat, so a big config is copied once. */
int file_read(const char *path, struct buf *out)
{
	struct stat st;
	int fd = open_regular(path, &st);
	ssize_t n;

	if (fd < 0)
		return -1;
	buf_room(out, (size_t)st.st_size + 1);
	for (;;) {
		if (out->cap - out->len < 2)
			buf_room(out, 65536);
		n = read(fd, out->s + out->len, out->cap - out->len - 1);
		if (n == 0)
			break;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		out->len += (size_t)n;
		out->s[out->len] = '\0';
	}
	close(fd);
	return 0;
}

/* Read size bytes of fd into out; 0, or -1 with errno (EIO: the file ended first). */
static int read_exact(int fd, char *out, size_t size)
{
	size_t got = 0;

	while (got < size) {
		ssize_t n = read(fd, out + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* A file that shrank under us is as unreadable as an I/O error. */
			if (n == 0)
				errno = EIO;
			return -1;
		}
		got += (size_t)n;
	}
	return 0;
}

/* Sized once from fstat: the small files modxs keeps (stamps, .la, profiles) are read in one go. */
char *file_read_max(const char *path, size_t max, size_t *len)
{
	struct stat st;
	int fd = open_regular(path, &st), e;
	char *text;

	if (fd < 0)
		return NULL;
	if ((size_t)st.st_size > max) {
		close(fd);
		errno = EFBIG;
		return NULL;
	}
	text = xmalloc((size_t)st.st_size + 1);
	if (read_exact(fd, text, (size_t)st.st_size) != 0) {
		e = errno;
		free(text);
		close(fd);
		errno = e;
		return NULL;
	}
	close(fd);
	text[st.st_size] = '\0';
	if (len)
		*len = (size_t)st.st_size;
	return text;
}

int file_read_in(const char *path, char *out, size_t size, size_t *len)
{
	struct stat st;
	int fd = open_regular(path, &st), rc = -1, e;

	if (fd < 0)
		return -1;
	if ((size_t)st.st_size >= size)
		errno = EFBIG;
	else
		rc = read_exact(fd, out, (size_t)st.st_size);
	e = errno;
	close(fd);
	errno = e;
	if (rc == 0) {
		out[st.st_size] = '\0';
		*len = (size_t)st.st_size;
	}
	return rc;
}

int file_mkdirs(const char *dir, mode_t mode, char **failed)
{
	char *p = xstrdup(dir);
	int rc = 0;

	if (failed)
		*failed = NULL;
	/* Each '/' past the first byte ends a parent; the end of the string ends dir itself. */
	for (char *s = *p ? p + 1 : p;; s++) {
		if (*s && *s != '/')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, mode) != 0 && errno != EEXIST) {
			int e = errno;
			if (failed)
				*failed = xstrdup(p);
			errno = e;
			rc = -1;
			break;
		}
		*s = c;
		if (!c)
			break;
	}
	int e = errno;
	free(p);
	errno = e;
	return rc;
}

/* Empty the open dir fd (which this closes); 0, or -1 with errno of the first failure. */
static int empty_dir(int fd, int depth)
{
	DIR *d = fdopendir(fd);
	struct dirent *de;
	int rc = 0, err = 0;

	if (!d) {
		close(fd);
		return -1;
	}
	while ((de = readdir(d))) {
		const char *n = de->d_name;
		if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0)
			continue;
		if (unlinkat(dirfd(d), n, 0) == 0)
			continue;
		if (errno != EISDIR && errno != EPERM) {
			err = err ? err : errno;
			continue;
		}
		int sub = depth < MAX_TREE_DEPTH ?
				  openat(dirfd(d), n,
					 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) :
				  -1;
		if (sub < 0 || empty_dir(sub, depth + 1) != 0 ||
		    unlinkat(dirfd(d), n, AT_REMOVEDIR) != 0)
			err = err ? err : (errno ? errno : ELOOP);
	}
	closedir(d);
	if (err) {
		errno = err;
		rc = -1;
	}
	return rc;
}

int dir_remove_tree(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0 || empty_dir(fd, 0) != 0)
		return -1;
	return rmdir(dir);
}

int fd_write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* A write of nothing would loop for ever: a device that takes no more. */
			if (n == 0)
				errno = EIO;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int file_write_all(int fd, const char *data, size_t len)
{
	if (FAILPOINT("write"))
		return -1;
	return fd_write_all(fd, data, len);
}

int file_copy(const char *src, const char *dst)
{
	int in = file_open_regular(src), out = -1, rc = -1;
	char chunk[65536];
	struct stat st;
	ssize_t n;

	if (in < 0 || fstat(in, &st) != 0)
		goto out;
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (out < 0)
		goto out;
	while ((n = read(in, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || file_write_all(out, chunk, (size_t)n) != 0)
			goto out;
	}
	if (fchown(out, st.st_uid, st.st_gid) != 0 && errno != EPERM)
		goto out;
	if (fchmod(out, st.st_mode & 07777) != 0 || fsync(out) != 0)
		goto out;
	rc = 0;
out:;
	int e = errno;
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) != 0 && rc == 0) {
		e = errno;
		rc = -1;
	}
	if (rc != 0 && out >= 0)
		unlink(dst);
	errno = e;
	return rc;
}

int file_keep(const char *src, const char *dst)
{
	/* The link failpoint stands for file systems without hard links. */
	if (!FAILPOINT("link") && link(src, dst) == 0)
		return 0;
	return file_copy(src, dst);
}

static int sync_dir_of(const char *path, bool failpoint)
{
	char *dir = path_dir(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = -1;

	free(dir);
	if (fd < 0)
		return -1;
	if (!(failpoint && FAILPOINT("fsync")) && (fsync(fd) == 0 || errno == EINVAL))
		rc = 0;
	int e = errno;
	close(fd);
	errno = e;
	return rc;
}

int dir_sync(const char *path)
{
	return sync_dir_of(path, true);
}

int dir_fsync(const char *path)
{
	return sync_dir_of(path, false);
}

void dir_sync_quiet(const char *path)
{
	sync_dir_of(path, false);
}
