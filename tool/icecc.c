/*
 * icecc.c: the jobs an icecream farm takes, counted from the stats
 * messages its scheduler sends a monitor (icecc.h).
 */
#include "icecc.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deps.h"
#include "util.h"

/* No node runs more: a number past it is a broken message, not a farm. */
#define ICECC_MAX_JOBS 4096

/* The value of "key:" on its own line of stats, up to the newline; NULL if absent. */
static char *stats_value(const char *stats, const char *key)
{
	size_t klen = strlen(key);

	for (const char *line = stats; *line;) {
		size_t len = strcspn(line, "\n");
		if (len > klen && strncmp(line, key, klen) == 0 && line[klen] == ':')
			return xstrndup(line + klen + 1, len - klen - 1);
		line += len + (line[len] == '\n');
	}
	return NULL;
}

/* Whether the stats's "key:" says exactly value. */
static bool stats_is(const char *stats, const char *key, const char *value)
{
	char *v = stats_value(stats, key);
	bool is = v && strcmp(v, value) == 0;

	free(v);
	return is;
}

bool icecc_stats_parse(const char *stats, unsigned host, const char *hostname,
		       struct icecc_node *node)
{
	char *jobs = stats_value(stats, "MaxJobs");
	char *ip = stats_value(stats, "IP");
	bool ok = jobs && parse_int(jobs, 0, ICECC_MAX_JOBS, &node->max_jobs);

	node->host = host;
	node->no_remote = stats_is(stats, "NoRemote", "true");
	node->offline = stats_is(stats, "State", "Offline");
	node->local = (ip && str_starts(ip, "127.")) ||
		      (hostname && *hostname && stats_is(stats, "Name", hostname));
	free(jobs);
	free(ip);
	return ok;
}

void icecc_farm_add(struct icecc_farm *f, unsigned host, const char *stats)
{
	struct icecc_node node;
	size_t i;

	for (i = 0; i < f->n && f->nodes[i].host != host; i++)
		;
	/* An offline message may carry no MaxJobs: the node is gone all the same. */
	if (!icecc_stats_parse(stats, host, f->hostname, &node)) {
		if (i < f->n && stats_is(stats, "State", "Offline"))
			f->nodes[i].offline = true;
		return;
	}
	if (i == f->n)
		f->nodes = xrealloc(f->nodes, ++f->n * sizeof(*f->nodes));
	f->nodes[i] = node;
}

int icecc_farm_jobs(const struct icecc_farm *f, int *nodes)
{
	int jobs = 0;

	*nodes = 0;
	for (size_t i = 0; i < f->n; i++) {
		const struct icecc_node *n = &f->nodes[i];
		if (n->offline || (n->no_remote && !n->local) || n->max_jobs == 0)
			continue;
		/* Capped, so that no farm of broken messages overflows. */
		jobs = jobs > INT_MAX - n->max_jobs ? INT_MAX : jobs + n->max_jobs;
		++*nodes;
	}
	return jobs;
}

void icecc_farm_release(struct icecc_farm *f)
{
	free(f->nodes);
	free(f->hostname);
	*f = (struct icecc_farm)ICECC_FARM_INIT;
}

/* The plugin's callback: one node's stats into the farm. */
static void farm_stats(void *data, unsigned host, const char *stats)
{
	icecc_farm_add(data, host, stats);
}

int icecc_jobs(const char *exe_dir, char **sched, int *nodes, char **why)
{
	const struct icecc_plugin *plugin = deps_icecc_load(exe_dir, why);
	struct icecc_farm farm = ICECC_FARM_INIT;
	char msg[256] = "", name[256];
	int jobs = 0;

	*sched = NULL;
	*nodes = 0;
	if (!plugin)
		return 0;
	if (gethostname(name, sizeof(name)) == 0) {
		name[sizeof(name) - 1] = '\0';
		farm.hostname = xstrdup(name);
	}
	if (plugin->farm(farm_stats, &farm, msg, sizeof(msg)) != 0) {
		*why = xstrdup(*msg ? msg : "no answer");
		goto out;
	}
	*sched = xstrdup(msg);
	jobs = icecc_farm_jobs(&farm, nodes);
	if (!jobs)
		*why = xasprintf("the scheduler at '%s' lists no node that takes jobs", msg);
out:
	icecc_farm_release(&farm);
	return jobs;
}
