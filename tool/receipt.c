/* receipt.c: JSON install receipts (cJSON) with sha256 hashes (nettle). */
#include "receipt.h"

#include "json.h"
#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "deps.h"
#include "jsonfile.h"
#include "lock.h"
#include "msg.h"

static void hex(const uint8_t *d, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[2 * n] = '\0';
}

void receipt_hash_init(struct receipt_hash *h, const struct deps *lib)
{
	h->lib = lib;
	lib->sha256_init(&h->ctx);
}

void receipt_hash_add(struct receipt_hash *h, const void *data, size_t n)
{
	h->lib->sha256_update(&h->ctx, n, data);
}

void receipt_hash_hex(struct receipt_hash *h, char out[65])
{
	uint8_t d[SHA256_DIGEST_SIZE];

	h->lib->sha256_digest(&h->ctx, sizeof(d), d);
	hex(d, sizeof(d), out);
}

void receipt_sha256(const struct deps *lib, const char *data, size_t len, char out[65])
{
	struct receipt_hash h;

	receipt_hash_init(&h, lib);
	receipt_hash_add(&h, data, len);
	receipt_hash_hex(&h, out);
}

int receipt_sha256_file(const struct deps *lib, const char *path, char out[65])
{
	struct receipt_hash h;
	uint8_t chunk[65536];
	/* A FIFO or device where a module should be is refused, not read. */
	int fd = file_open_regular(path);
	ssize_t n;

	if (fd < 0)
		return -1;
	receipt_hash_init(&h, lib);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		receipt_hash_add(&h, chunk, (size_t)n);
	}
	close(fd);
	receipt_hash_hex(&h, out);
	return 0;
}

static char *str_member(const cJSON *obj, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(it) ? xstrdup(it->valuestring) : NULL;
}

static int bad(struct msgs *msgs, const char *path, const char *text, const char *key)
{
	return error(msgs, RC_INSTALL, "'%s': line %d: malformed receipt entry '%s'", path,
		     json_line(text, NULL, key), key);
}

static int read_files(struct msgs *msgs, const char *path, const char *text, const cJSON *root,
		      struct receipt *r)
{
	const cJSON *files = cJSON_GetObjectItemCaseSensitive(root, "files"), *f;

	if (files && !cJSON_IsArray(files))
		return bad(msgs, path, text, "files");
	cJSON_ArrayForEach(f, files) {
		char *p = str_member(f, "path"), *h = str_member(f, "sha256");
		if (!p || !h) {
			free(p);
			free(h);
			return bad(msgs, path, text, "files");
		}
		strvec_push_owned(&r->files, p);
		strvec_push_owned(&r->hashes, h);
	}
	return RC_OK;
}

static int read_edits(struct msgs *msgs, const char *path, const char *text, const cJSON *root,
		      struct receipt *r)
{
	const cJSON *edits = cJSON_GetObjectItemCaseSensitive(root, "edits"), *e;

	if (edits && !cJSON_IsArray(edits))
		return bad(msgs, path, text, "edits");
	cJSON_ArrayForEach(e, edits) {
		char *a = str_member(e, "action"), *f = str_member(e, "file");
		char *l = str_member(e, "line");
		bool ok = a && f;
		if (ok)
			strvec_push_owned(&r->edits, xasprintf("%s\t%s\t%s", a, f, l ? l : ""));
		free(a);
		free(f);
		free(l);
		if (!ok)
			return bad(msgs, path, text, "edits");
	}
	return RC_OK;
}

int receipt_read(struct msgs *msgs, const char *path, struct receipt *r, bool *missing)
{
	char *text = NULL;
	cJSON *root;
	int rc;

	struct stat st;

	*missing = lstat(path, &st) != 0 && errno == ENOENT;
	if (*missing)
		return RC_OK;
	/* The state dir is the user's alone; anything but a plain file there was planted. */
	if (!S_ISREG(st.st_mode))
		return error(msgs, RC_INSTALL,
			     "refusing to read the receipt '%s': not a regular file", path);
	root = json_load(msgs, path, &text);
	if (!root) {
		free(text);
		return RC_INSTALL;
	}
	r->name = str_member(root, "name");
	r->host = str_member(root, "host");
	r->layout = str_member(root, "layout");
	r->config = str_member(root, "config");
	rc = read_files(msgs, path, text, root, r);
	if (!rc)
		rc = read_edits(msgs, path, text, root, r);
	cJSON_Delete(root);
	free(text);
	return rc;
}

static void add_str(cJSON *obj, const char *key, const char *value)
{
	if (value)
		cJSON_AddStringToObject(obj, key, value);
}

static cJSON *to_json(const struct receipt *r)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *files = NULL, *edits = NULL;

	cJSON_AddNumberToObject(root, "modxs_receipt", 1);
	add_str(root, "name", r->name);
	add_str(root, "host", r->host);
	add_str(root, "layout", r->layout);
	add_str(root, "config", r->config);
	files = cJSON_AddArrayToObject(root, "files");
	for (size_t i = 0; i < r->files.n; i++) {
		cJSON *f = cJSON_CreateObject();
		cJSON_AddStringToObject(f, "path", r->files.v[i]);
		cJSON_AddStringToObject(f, "sha256", r->hashes.v[i]);
		cJSON_AddItemToArray(files, f);
	}
	edits = cJSON_AddArrayToObject(root, "edits");
	for (size_t i = 0; i < r->edits.n; i++) {
		char *a = xstrdup(r->edits.v[i]);
		char *f = strchr(a, '\t');
		char *l = f ? strchr(f + 1, '\t') : NULL;
		cJSON *e = cJSON_CreateObject();
		if (f && l) {
			*f++ = '\0';
			*l++ = '\0';
			cJSON_AddStringToObject(e, "action", a);
			cJSON_AddStringToObject(e, "file", f);
			cJSON_AddStringToObject(e, "line", l);
		}
		cJSON_AddItemToArray(edits, e);
		free(a);
	}
	return root;
}

int receipt_write(struct msgs *msgs, struct journal *j, const char *path, const struct receipt *r)
{
	struct lock lk = LOCK_INIT;
	char *dir = path_dir(path), *failed = NULL;
	struct stat st;
	cJSON *root = to_json(r);
	char *text = cJSON_Print(root);
	int rc;

	cJSON_Delete(root);
	if (dir_make(j, dir, &failed) != 0) {
		rc = error(j->msgs, RC_INSTALL, "cannot create directory '%s':", failed);
		goto out;
	}
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		rc = error(j->msgs, RC_INSTALL,
			   "refusing to replace the receipt '%s': not a regular file", path);
		goto out;
	}
	rc = lock_take(&lk, msgs, j, path, RC_INSTALL, false);
	/* A receipt belongs to the user who installed, whoever wrote the one before. */
	lk.mode = 0644;
	if (!rc) {
		size_t len = strlen(text);
		text[len] = '\n';
		rc = lock_commit(&lk, text, len + 1, 0644);
		text[len] = '\0';
	}
	lock_done(&lk);
out:
	free(failed);
	free(dir);
	free(text);
	return rc;
}

void receipt_add_file(struct receipt *r, const char *path, const char *sha256)
{
	for (size_t i = 0; i < r->files.n; i++) {
		if (strcmp(r->files.v[i], path) == 0) {
			free(r->hashes.v[i]);
			r->hashes.v[i] = xstrdup(sha256);
			return;
		}
	}
	strvec_push(&r->files, path);
	strvec_push(&r->hashes, sha256);
}

void receipt_add_edit(struct receipt *r, const char *action, const char *file, const char *line)
{
	char *entry = xasprintf("%s\t%s\t%s", action, file, line ? line : "");
	size_t flen = strlen(file);

	for (size_t i = 0; i < r->edits.n; i++) {
		const char *f = strchr(r->edits.v[i], '\t');
		if (f && strncmp(f + 1, file, flen) == 0 && f[1 + flen] == '\t') {
			free(r->edits.v[i]);
			r->edits.v[i] = entry;
			return;
		}
	}
	strvec_push_owned(&r->edits, entry);
}

void receipt_release(struct receipt *r)
{
	free(r->name);
	free(r->host);
	free(r->layout);
	free(r->config);
	strvec_release(&r->files);
	strvec_release(&r->hashes);
	strvec_release(&r->edits);
	r->name = r->host = r->layout = r->config = NULL;
}
