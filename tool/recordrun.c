/* recordrun.c: `modxs --record`, the one recorder of host profiles, at install time and after. */
#include "recordrun.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "json.h"
#include "lock.h"
#include "rec_platform.h"
#include "recorder.h"

/* The options of one --record run, checked: the root, each host's --from file, where to write. */
struct record_opts {
	char *root;	    /* absolute, "" for / */
	struct strvec from; /* "HOST=FILE", FILE absolute */
	char *datadir;
};

static void opts_release(struct record_opts *o)
{
	free(o->root);
	free(o->datadir);
	strvec_release(&o->from);
}

static int no_recorder(struct msgs *msgs, const char *datadir, const char *host)
{
	char *names = recorder_names(datadir);
	int rc = error(msgs, RC_USAGE, "cannot record host '%s': modxs records %s", host, names);

	free(names);
	return rc;
}

static int read_opts(struct ctx *c, struct record_opts *o)
{
	const struct request *req = c->req;
	char real[PATH_MAX];

	if (req->root && !realpath(req->root, real))
		return error(c->msgs, RC_USAGE, "cannot use root '%s':", req->root);
	o->root = xstrdup(!req->root || strcmp(real, "/") == 0 ? "" : real);
	for (size_t i = 0; i < req->froms.n; i++) {
		const char *f = req->froms.v[i], *eq = strchr(f, '=');
		if (!eq || eq == f || !eq[1])
			return error(c->msgs, RC_USAGE, "malformed --from '%s': expected HOST=FILE",
				     f);
		char *host = xstrndup(f, (size_t)(eq - f));
		int rc = recorder_find(c->datadir, host) ? RC_OK :
							   no_recorder(c->msgs, c->datadir, host);
		if (!rc && !realpath(eq + 1, real))
			rc = error(c->msgs, RC_DATA, "cannot read '%s':", eq + 1);
		if (!rc)
			strvec_push_owned(&o->from, xasprintf("%s=%s", host, real));
		free(host);
		if (rc)
			return rc;
	}
	o->datadir = path_clean(req->datadir ? req->datadir : c->datadir);
	return RC_OK;
}

/* The file --from names for host, the last one given; NULL when none. */
static const char *from_of(const struct record_opts *o, const char *host)
{
	const char *found = NULL;
	size_t len = strlen(host);

	for (size_t i = 0; i < o->from.n; i++)
		if (strncmp(o->from.v[i], host, len) == 0 && o->from.v[i][len] == '=')
			found = o->from.v[i] + len + 1;
	return found;
}

/*
 * The data dir written into, with its hosts/ dir; a new one gets the
 * platform record of the data dir in use, so that modxs can load it.
 */
static int prepare_datadir(struct ctx *c, const char *dir)
{
	char *hosts = path_join(dir, "hosts"), *failed = NULL;
	char *to = path_join(dir, "platform.json"), *from = path_join(c->datadir, "platform.json");
	struct buf text = BUF_INIT;
	bool changed;
	int rc = RC_OK;

	if (file_mkdirs(hosts, 0755, &failed) != 0) {
		rc = error(c->msgs, RC_INSTALL, "cannot create directory '%s':", failed);
		goto out;
	}
	if (access(to, F_OK) == 0)
		goto out;
	if (file_read(from, &text) != 0)
		rc = error(c->msgs, RC_DATA, "cannot read '%s':", from);
	else
		rc = recorder_write(c->msgs, to, text.s ? text.s : "", &changed);
out:
	buf_release(&text);
	free(failed);
	free(from);
	free(to);
	free(hosts);
	return rc;
}

/* The command line that records host again as this run did: kept in the profile. */
static void record_args(const struct record_opts *o, const char *host, const char *from,
			struct strvec *args)
{
	strvec_push(args, "--record");
	if (*o->root) {
		strvec_push(args, "--root");
		strvec_push(args, o->root);
	}
	if (from) {
		strvec_push(args, "--from");
		strvec_push_owned(args, xasprintf("%s=%s", host, from));
	}
	strvec_push(args, host);
}

/* True if the profile at path was recorded by a run with these arguments (its "sources"). */
static bool recorded_by(const char *path, const struct strvec *args)
{
	size_t len = 0, i = 0;
	char *text = file_read_max(path, RECORDING_MAX_PROFILE, &len);
	cJSON *root = text ? cJSON_ParseWithLength(text, len) : NULL, *it;
	const cJSON *src = cJSON_GetObjectItemCaseSensitive(root, "sources");
	const cJSON *rec = cJSON_GetObjectItemCaseSensitive(src, "record");
	bool same = cJSON_IsArray(rec);

	cJSON_ArrayForEach(it, rec) {
		if (!cJSON_IsString(it) || i >= args->n || strcmp(it->valuestring, args->v[i]))
			same = false;
		i++;
	}
	cJSON_Delete(root);
	free(text);
	return same && i == args->n;
}

/*
 * No build files for host. Named, that is an error. Otherwise the server
 * is not (or no longer) installed: a profile this same command recorded
 * describes what is gone, and goes too; any other is left alone.
 */
static int no_files(struct ctx *c, const struct record_opts *o, const struct recorder *rec,
		    const char *host, const char *from, bool named)
{
	const char *under = *o->root ? " under '" : "", *end = *o->root ? "'" : "";
	struct strvec args = STRVEC_INIT;
	char *path = xasprintf("%s/hosts/%s.json", o->datadir, host);
	int rc = RC_OK;

	record_args(o, host, from, &args);
	if (named)
		rc = error(c->msgs, RC_DATA,
			   "no build files of %s found%s%s%s; name them with --from %s=FILE",
			   recorder_server(rec, host), under, o->root, end, host);
	else if (access(path, F_OK) == 0 && recorded_by(path, &args)) {
		rc = lock_unlink(c->msgs, NULL, path, RC_INSTALL);
		if (!rc)
			notice(c->msgs, "no build files of %s found%s%s%s: removed '%s'",
			       recorder_server(rec, host), under, o->root, end, path);
	} else
		notice(c->msgs, "no build files of %s found%s%s%s: no '%s' profile recorded",
		       recorder_server(rec, host), under, o->root, end, host);
	strvec_release(&args);
	free(path);
	return rc;
}

/* The files the profile names, before it: a profile is never written naming what is not there. */
static int write_data(struct msgs *msgs, const char *datadir, const struct recording *r)
{
	int rc = RC_OK;

	for (size_t i = 0; i + 1 < r->data.n && !rc; i += 2) {
		char *path = path_join(datadir, r->data.v[i]), *dir = path_dir(path),
		     *failed = NULL;
		bool changed;
		if (file_mkdirs(dir, 0755, &failed) != 0)
			rc = error(msgs, RC_INSTALL, "cannot create directory '%s':", failed);
		else
			rc = recorder_write(msgs, path, r->data.v[i + 1], &changed);
		free(failed);
		free(dir);
		free(path);
	}
	return rc;
}

static int record_one(struct ctx *c, const struct record_opts *o, const char *host, bool named)
{
	const struct recorder *rec = recorder_find(c->datadir, host);
	struct recorder_env e = {c->msgs, &c->vars, o->root, host, c->datadir, o->datadir};
	struct recording r = RECORDING_INIT;
	struct strvec found = STRVEC_INIT, args = STRVEC_INIT;
	const char *from = from_of(o, host);
	char *text = NULL, *path = NULL;
	bool changed;
	int rc;

	if (!rec->find(&e, from, &found)) {
		rc = no_files(c, o, rec, host, from, named);
		goto out;
	}
	if ((rc = rec->record(&e, &found, &r)) || (rc = write_data(c->msgs, o->datadir, &r)))
		goto out;
	record_args(o, host, from, &args);
	text = recording_json(host, &r, &args);
	path = xasprintf("%s/hosts/%s.json", o->datadir, host);
	if ((rc = recorder_write(c->msgs, path, text, &changed)))
		goto out;
	notice(c->msgs,
	       changed ? "recorded host profile '%s': %s" : "host profile '%s' is up to date: %s",
	       host, r.description);
out:
	free(path);
	free(text);
	strvec_release(&args);
	strvec_release(&found);
	recording_release(&r);
	return rc;
}

/* The name --record takes for the platform record rather than a host. */
static bool is_platform(const char *name)
{
	return strcmp(name, "platform") == 0;
}

int recorder_run(struct ctx *c)
{
	const struct strvec *names = &c->req->args;
	struct record_opts o = {NULL, STRVEC_INIT, NULL};
	struct strvec all = STRVEC_INIT;
	int rc = read_opts(c, &o);

	for (size_t i = 0; i < names->n && !rc; i++)
		if (!is_platform(names->v[i]) && !recorder_find(c->datadir, names->v[i]))
			rc = no_recorder(c->msgs, c->datadir, names->v[i]);
	if (!rc)
		rc = prepare_datadir(c, o.datadir);
	if (!rc && !names->n)
		recorder_all(c->datadir, &all);
	size_t n = rc ? 0 : names->n ? names->n : all.n;
	/* A host that fails does not keep the others from being recorded; the first error is the run's. */
	for (size_t i = 0; i < n; i++) {
		const char *host = names->n ? names->v[i] : all.v[i];
		int one = is_platform(host) ? RC_OK : record_one(c, &o, host, names->n > 0);
		rc = rc ? rc : one;
	}
	strvec_release(&all);
	opts_release(&o);
	return rc;
}

/*
 * The platform first, when named: the hosts' recorders read it (CC,
 * PKG_CONFIG), and a data dir being made has none yet.
 */
int recorder_main(struct ctx *c, struct msgs *msgs, const struct request *req)
{
	bool platform = false, hosts = req->args.n == 0;
	int rc = RC_OK;

	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < req->args.n; i++)
		if (is_platform(req->args.v[i]))
			platform = true;
		else
			hosts = true;
	if (platform && !req->datadir)
		rc = ctx_find_datadir(c, msgs, req);
	if (!rc && platform) {
		char *dir = path_clean(req->datadir ? req->datadir : c->datadir);
		rc = recorder_platform(msgs, req, dir);
		free(dir);
	}
	if (platform) {
		ctx_release(c);
		memset(c, 0, sizeof(*c));
	}
	if (!rc && hosts)
		rc = ctx_load_platform(c, msgs, req);
	if (!rc && hosts)
		rc = recorder_run(c);
	return rc;
}
