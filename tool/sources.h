/* sources.h: the files a recorded profile came from, and whether they changed since. */
#ifndef MODXS_SOURCES_H
#define MODXS_SOURCES_H

#include <stdbool.h>

#include "msg.h"
#include "util.h"

struct cJSON;

/* A file a profile was recorded from, as it was then (modxs-profile(5), "sources"). */
struct source {
	char *path;
	long long size, mtime; /* -1: it was missing */
};

/* A profile's "sources": its files, and the arguments that record it again. */
struct sources {
	struct source *v;
	size_t n;
	struct strvec args; /* "record": after "modxs", e.g. --record apache */
};
#define SOURCES_INIT                 \
	{                            \
		NULL, 0, STRVEC_INIT \
	}

/* Append a file with the size and time it had when recorded. */
void sources_add(struct sources *s, const char *path, long long size, long long mtime);
/*
 * Append the file of one entry of a profile's "sources.files", an object
 * with a string "path" and numbers "size" and "mtime"; false, adding
 * nothing, when it is not one.
 */
bool sources_add_entry(struct sources *s, const struct cJSON *entry);
/* The first file that changed (a stat() each, no reading), or NULL when none did. */
const struct source *sources_changed(const struct sources *s);
/* The command that records host again: "modxs " and the recorded arguments, quoted. */
char *sources_command(const struct sources *s, const char *host);
/* One warning when a file of host's profile changed since it was recorded. */
void sources_warn(struct msgs *msgs, const struct sources *s, const char *host);
/* Free s. */
void sources_release(struct sources *s);

#endif
