/* check.h: the assertions every unit test uses; a failed check is counted, not fatal. */
#ifndef MODXS_TEST_CHECK_H
#define MODXS_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int failures;

#define CHECK(cond)                                                                              \
	do {                                                                                     \
		if (!(cond)) {                                                                   \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			failures++;                                                              \
		}                                                                                \
	} while (0)

#define CHECK_STR(got, want)                                                               \
	do {                                                                               \
		const char *g_ = (got), *w_ = (want);                                      \
		if (!g_ || strcmp(g_, w_) != 0) {                                          \
			fprintf(stderr, "%s:%d: got:\n%s\n--- want:\n%s\n---\n", __FILE__, \
				__LINE__, g_ ? g_ : "(null)", w_);                         \
			failures++;                                                        \
		}                                                                          \
	} while (0)

/* The exit status of a test program: reports the count of failed checks. */
static inline int check_status(const char *test)
{
	if (failures)
		fprintf(stderr, "%s: %d check(s) failed\n", test, failures);
	return failures ? 1 : 0;
}

#endif
