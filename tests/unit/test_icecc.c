/* test_icecc.c: counting an icecream farm's jobs from its scheduler's stats messages. */
#include <stdlib.h>

#include "check.h"
#include "icecc.h"
#include "util.h"

/* A node's stats as icecream's scheduler writes them for a monitor. */
#define STATS(name, ip, jobs, noremote)                                                        \
	"Name:" name "\nIP:" ip "\nMaxJobs:" jobs "\nNoRemote:" noremote "\nPlatform:x86_64\n" \
	"Version:43\nFeatures:env_xz env_zstd\nSpeed:1.000000\n"

static void parse(void)
{
	struct icecc_node n;

	CHECK(icecc_stats_parse(STATS("build1", "10.0.0.5", "8", "false"), 3, "me", &n));
	CHECK(n.host == 3 && n.max_jobs == 8 && !n.no_remote && !n.offline && !n.local);
	CHECK(icecc_stats_parse(STATS("me", "10.0.0.9", "4", "true"), 4, "me", &n));
	CHECK(n.no_remote && n.local);
	CHECK(icecc_stats_parse(STATS("other", "127.0.0.1", "5", "true"), 5, "me", &n));
	CHECK(n.local);
	/* No MaxJobs, a word, a negative or huge number, a key only as a prefix: not a node. */
	CHECK(!icecc_stats_parse("Name:x\nIP:10.0.0.1\n", 1, "me", &n));
	CHECK(!icecc_stats_parse("MaxJobs:many\n", 1, "me", &n));
	CHECK(!icecc_stats_parse("MaxJobs:-1\n", 1, "me", &n));
	CHECK(!icecc_stats_parse("MaxJobs:99999999999\n", 1, "me", &n));
	CHECK(!icecc_stats_parse("MaxJobsX:4\n", 1, "me", &n));
	CHECK(!icecc_stats_parse("", 1, "me", &n));
}

static void farm(void)
{
	struct icecc_farm f = ICECC_FARM_INIT;
	int nodes;

	f.hostname = xstrdup("me");
	CHECK(icecc_farm_jobs(&f, &nodes) == 0 && nodes == 0);
	icecc_farm_add(&f, 1, STATS("build1", "10.0.0.5", "8", "false"));
	icecc_farm_add(&f, 2, STATS("build2", "10.0.0.6", "16", "false"));
	/* A workstation that serves nobody else: not ours to count. */
	icecc_farm_add(&f, 3, STATS("desk", "10.0.0.7", "4", "true"));
	/* This machine, serving nobody else: its own jobs run on it. */
	icecc_farm_add(&f, 4, STATS("me", "10.0.0.9", "2", "true"));
	CHECK(icecc_farm_jobs(&f, &nodes) == 26 && nodes == 3);
	/* A newer message replaces the node's older one; it is not a second node. */
	icecc_farm_add(&f, 2, STATS("build2", "10.0.0.6", "12", "false") "Load:100\n");
	CHECK(icecc_farm_jobs(&f, &nodes) == 22 && nodes == 3);
	/* A node going offline leaves the count, even when its message says little else. */
	icecc_farm_add(&f, 1, "Name:build1\nState:Offline\n");
	CHECK(icecc_farm_jobs(&f, &nodes) == 14 && nodes == 2);
	/* A broken message changes nothing. */
	icecc_farm_add(&f, 9, "garbage");
	CHECK(icecc_farm_jobs(&f, &nodes) == 14 && nodes == 2);
	icecc_farm_release(&f);
	CHECK(!f.nodes && !f.n && !f.hostname);
}

int main(void)
{
	parse();
	farm();
	return check_status("test_icecc");
}
