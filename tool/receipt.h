/* receipt.h: install receipts: what -i put in place and what -a changed. */
#ifndef MODXS_RECEIPT_H
#define MODXS_RECEIPT_H

#include <nettle/sha2.h>
#include <stdbool.h>
#include <stddef.h>

#include "journal.h"
#include "msg.h"
#include "util.h"

struct deps;

/*
 * One module's receipt, STATEDIR/NAME.json. Paths are final paths, without
 * DESTDIR, so that a staged receipt stays right once the package is installed.
 */
struct receipt {
	char *name;
	char *host;
	char *layout;	      /* the config layout the edits used */
	char *config;	      /* the config file of that layout */
	struct strvec files;  /* installed files */
	struct strvec hashes; /* their sha256, lowercase hex, same order */
	struct strvec edits;  /* "ACTION\tFILE\tLINE" for each config edit */
};
#define RECEIPT_INIT                                                          \
	{                                                                     \
		NULL, NULL, NULL, NULL, STRVEC_INIT, STRVEC_INIT, STRVEC_INIT \
	}

/* A sha256 computed as data goes by, for hashing a module while it is copied. */
struct receipt_hash {
	struct sha256_ctx ctx;
	const struct deps *lib; /* nettle's functions */
};

/* Start a hash with lib's nettle. */
void receipt_hash_init(struct receipt_hash *h, const struct deps *lib);
/* Add n bytes. */
void receipt_hash_add(struct receipt_hash *h, const void *data, size_t n);
/* The digest as 64 lowercase hex digits and a NUL. */
void receipt_hash_hex(struct receipt_hash *h, char out[65]);
/* The sha256 of len bytes as 64 lowercase hex digits and a NUL. */
void receipt_sha256(const struct deps *lib, const char *data, size_t len, char out[65]);
/* The sha256 of a file; 0, or -1 with errno set. */
int receipt_sha256_file(const struct deps *lib, const char *path, char out[65]);
/*
 * Read a receipt. Sets *missing and returns RC_OK with an empty receipt when
 * there is none; RC_INSTALL with file and line when it is malformed.
 */
int receipt_read(struct msgs *msgs, const char *path, struct receipt *r, bool *missing);
/* Write the receipt atomically (lock, temp, rename) as a step of j (NULL: none), making its dir. */
int receipt_write(struct msgs *msgs, struct journal *j, const char *path, const struct receipt *r);
/* Record an installed file, replacing an earlier entry for the same path. */
void receipt_add_file(struct receipt *r, const char *path, const char *sha256);
/* Record a config edit, replacing an earlier one for the same file. */
void receipt_add_edit(struct receipt *r, const char *action, const char *file, const char *line);
/* Free the receipt. */
void receipt_release(struct receipt *r);

#endif
