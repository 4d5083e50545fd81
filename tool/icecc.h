/* icecc.h: how many compiles an icecream farm takes, as its scheduler lists its nodes. */
#ifndef MODXS_ICECC_H
#define MODXS_ICECC_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * icecream has no command that says how many jobs its farm takes (distcc
 * has `distcc -j`). Its scheduler tells a monitor (icemon) each node's
 * stats, "MaxJobs:5\nNoRemote:false\n..." one message a node, and only
 * icecream's C++ client library speaks that protocol. So a small C++
 * plugin, LIBDIR/modxs/icecc.so (tool/plugin/icecc_farm.cc, built when
 * libicecc-dev is found), logs in as a monitor and hands each message
 * over; the counting is here, in C.
 */

/* Receives one node's stats message (host is the scheduler's id for the node). */
typedef void icecc_stats_fn(void *data, unsigned host, const char *stats);

/* The plugin's table; version and size must match the modxs that loads it. */
struct icecc_plugin {
	const char *version;
	size_t size;
	/*
	 * Find the scheduler (ICECC_SCHEDULER=host[:port], else icecream's
	 * broadcast), log in as a monitor and hand fn each node's stats until
	 * the scheduler goes quiet; never longer than a few seconds. 0 with the
	 * scheduler's name in msg, or -1 with the reason in msg.
	 */
	int (*farm)(icecc_stats_fn *fn, void *data, char *msg, size_t msglen);
};

/* The symbol the plugin exports its table under. */
#define ICECC_SYMBOL "modxs_icecc_plugin"

#ifdef __cplusplus
}
#else

/* One node as its latest stats message describes it. */
struct icecc_node {
	unsigned host;
	int max_jobs;	/* MaxJobs: how many compiles it runs at once */
	bool no_remote; /* NoRemote:true: it takes only its own machine's jobs */
	bool offline;	/* State:Offline: it has left the farm */
	bool local;	/* IP is a loopback address or Name is this machine's name */
};

/* The farm as the scheduler described it so far. */
struct icecc_farm {
	struct icecc_node *nodes;
	size_t n;
	char *hostname; /* this machine's name, to know its own node */
};
#define ICECC_FARM_INIT       \
	{                     \
		NULL, 0, NULL \
	}

/* Read one stats message into *node; false when it has no valid MaxJobs. */
bool icecc_stats_parse(const char *stats, unsigned host, const char *hostname,
		       struct icecc_node *node);
/* Record a stats message: a node's newer message replaces its older one. */
void icecc_farm_add(struct icecc_farm *f, unsigned host, const char *stats);
/*
 * The jobs the farm takes from this machine: MaxJobs of every node online
 * that takes remote jobs, and of this machine's own node, which runs its
 * own jobs even with --no-remote. *nodes gets how many nodes counted.
 */
int icecc_farm_jobs(const struct icecc_farm *f, int *nodes);
/* Free what f holds. */
void icecc_farm_release(struct icecc_farm *f);

/*
 * Ask the farm through exe_dir's plugin: its jobs (>0), with the
 * scheduler's name in *sched and its counted nodes in *nodes; or 0, with
 * why it could not tell in *why. The caller frees *sched and *why.
 */
int icecc_jobs(const char *exe_dir, char **sched, int *nodes, char **why);

#endif

#endif
