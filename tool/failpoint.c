/* failpoint.c: $MODXS_FAILPOINT-driven faults, for the reliability tests. */
#include "failpoint.h"

#ifdef MODXS_FAILPOINTS

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The errno each point simulates: a full disk, a failing disk, a read-only fs... */
static int point_errno(const char *name)
{
	if (strcmp(name, "write") == 0)
		return ENOSPC;
	if (strcmp(name, "fsync") == 0)
		return EIO;
	if (strcmp(name, "rename") == 0)
		return EROFS;
	if (strcmp(name, "mkdir") == 0)
		return EACCES;
	return EAGAIN;
}

/*
 * How many times each named point has been reached in this process. Kept
 * here, not in a caller's struct, on purpose: NAME:N counts every hit of a
 * run, wherever it is, and the points sit in code with no context. Test
 * instrumentation only (no release build has it), so tests/gates/globals
 * exempts this file.
 */
static struct {
	const char *name;
	unsigned count;
} seen[16];

static unsigned bump(const char *name)
{
	for (size_t i = 0; i < sizeof(seen) / sizeof(*seen); i++) {
		if (!seen[i].name)
			seen[i].name = name;
		if (strcmp(seen[i].name, name) == 0)
			return ++seen[i].count;
	}
	return 0;
}

/* Does one "NAME" or "NAME:N" item of the list match this hit? */
static bool item_matches(const char *item, size_t len, const char *name, unsigned hit)
{
	size_t nlen = strlen(name);

	if (len < nlen || memcmp(item, name, nlen) != 0)
		return false;
	if (len == nlen)
		return true;
	if (item[nlen] != ':')
		return false;
	return strtoul(item + nlen + 1, NULL, 10) == hit;
}

bool failpoint_hit(const char *name)
{
	const char *spec = getenv("MODXS_FAILPOINT");
	unsigned hit;

	if (!spec || !*spec)
		return false;
	hit = bump(name);
	while (*spec) {
		size_t len = strcspn(spec, ",");
		if (item_matches(spec, len, name, hit)) {
			errno = point_errno(name);
			return true;
		}
		spec += len + (spec[len] == ',');
	}
	return false;
}

#else
/* ISO C wants at least one declaration in a translation unit. */
typedef int failpoint_unused;
#endif
