/* outfile.c: temp file, fsync, rename. */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "msg.h"
#include "util.h"

/* True when path already holds exactly these bytes with this mode. */
static bool same_content(const char *path, const char *data, size_t len, int mode)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	bool same = false;

	if (fd < 0)
		return false;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len &&
	    (st.st_mode & 07777) == (mode_t)mode) {
		char *old = xmalloc(len + 1);
		ssize_t n = read(fd, old, len + 1);
		same = n >= 0 && (size_t)n == len && memcmp(old, data, len) == 0;
		free(old);
	}
	close(fd);
	return same;
}

int outfile_write(struct msgs *msgs, const char *path, const char *data, size_t len, int mode)
{
	/*
	 * An unchanged file only gets a new time (make sees it rebuilt): ext4
	 * flushes data on a rename over an existing file, 0.4 ms each.
	 */
	if (same_content(path, data, len, mode))
		return utimensat(AT_FDCWD, path, NULL, 0) < 0 ?
			       error(msgs, RC_BUILD, "cannot touch '%s':", path) :
			       RC_OK;

	char *tmp = xasprintf("%s.XXXXXX", path);
	int fd = mkstemp(tmp);
	int rc = RC_OK;

	if (fd < 0) {
		rc = error(msgs, RC_BUILD, "cannot create '%s':", tmp);
		free(tmp);
		return rc;
	}
	if (fd_write_all(fd, data, len) != 0 || fchmod(fd, (mode_t)mode) < 0) {
		rc = error(msgs, RC_BUILD, "cannot write '%s':", tmp);
		close(fd);
		goto fail;
	}
	if (close(fd) < 0) {
		rc = error(msgs, RC_BUILD, "cannot write '%s':", tmp);
		goto fail;
	}
	if (rename(tmp, path) < 0) {
		rc = error(msgs, RC_BUILD, "cannot rename '%s' to '%s':", tmp, path);
		goto fail;
	}
	free(tmp);
	return RC_OK;
fail:
	unlink(tmp);
	free(tmp);
	return rc;
}

int outfile_touch(struct msgs *msgs, const char *path)
{
	/* Made exclusively, or its time set without following a link: never written through one. */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0644);

	if (fd >= 0) {
		close(fd);
		return RC_OK;
	}
	if (errno != EEXIST)
		return error(msgs, RC_BUILD, "cannot create '%s':", path);
	if (utimensat(AT_FDCWD, path, NULL, AT_SYMLINK_NOFOLLOW) < 0)
		return error(msgs, RC_BUILD, "cannot touch '%s':", path);
	return RC_OK;
}

int outfile_mkdirs(struct msgs *msgs, const char *dir)
{
	char *failed;
	int rc = RC_OK;

	if (file_mkdirs(dir, 0777, &failed) != 0) {
		rc = error(msgs, RC_BUILD, "cannot create directory '%s':", failed);
		free(failed);
	}
	return rc;
}
