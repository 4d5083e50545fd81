/*
 * fuzz_icecc.c: the stats messages an icecream scheduler sends a monitor,
 * which modxs reads off the network. Each input is split at NUL bytes into
 * several messages, for a few hosts, into one farm.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "icecc.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct icecc_farm f = ICECC_FARM_INIT;
	char *msg;
	unsigned host = 0;
	int nodes, jobs;

	f.hostname = xstrdup("me");
	for (size_t at = 0; at < size; host++) {
		size_t len = strnlen((const char *)data + at, size - at);
		/* An exact-size heap copy, so a read past the end is caught by ASan. */
		msg = xstrndup((const char *)data + at, len);
		icecc_farm_add(&f, host % 4, msg);
		free(msg);
		at += len + 1;
	}
	jobs = icecc_farm_jobs(&f, &nodes);
	if (jobs < 0 || nodes < 0 || (size_t)nodes > f.n || (nodes == 0) != (jobs == 0))
		fuzz_fail("icecc_farm_jobs counted an impossible farm");
	if (f.n > 4)
		fuzz_fail("icecc_farm_add kept two nodes for one host");
	icecc_farm_release(&f);
	return 0;
}
