/* main.c: parse the command line into a request, then dispatch to the core. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "addon.h"
#include "args.h"
#include "build.h"
#include "deps.h"
#include "gen.h"
#include "install.h"
#include "json.h"
#include "msg.h"
#include "persona.h"
#include "qcache.h"
#include "query.h"
#include "record.h"
#include "recordrun.h"
#include "report.h"
#include "signals.h"
#include "sink.h"

#ifndef MODXS_VERSION
#define MODXS_VERSION "0.0.0"
#endif

/* -c: plan the build, then run it; what it produced is appended to built. */
static int compile(struct ctx *c, struct strvec *built)
{
	struct build_plan bp;
	int rc;

	if (addon_wanted(c))
		return addon_build(c, built);
	rc = build_plan(c, &bp);

	if (!rc)
		rc = build_run(&bp, built);
	build_plan_release(&bp);
	return rc;
}

/* --json before cJSON is loaded (a refused line, a missing libcjson): the document is the exit alone. */
static void json_exit_only(struct msgs *m, int rc)
{
	msg_out(m, "{\"exit\":%d}\n", rc);
}

static int run(struct ctx *c)
{
	const struct request *req = c->req;
	struct strvec built = STRVEC_INIT;
	int rc = RC_OK;

	if (req->mode & MODE_QUERY)
		return query_run(c);
	if (req->mode & MODE_GENERATE)
		return gen_run(c);
	/* Any other run may read a module or hash a file: load what it needs before it starts. */
	if ((rc = deps_load(c->msgs, c->exe_dir, &c->deps)))
		return rc;
	if ((req->mode & MODE_COMPILE) && (rc = compile(c, &built)))
		goto out;
	if (req->mode & (MODE_INSTALL | MODE_EDIT)) {
		const struct strvec *mods = (req->mode & MODE_COMPILE) ? &built : &req->args;
		if ((rc = install_run(c, mods)))
			goto out;
		persona_finish(c, mods);
	}
	if ((req->mode & MODE_CLEAN) && (rc = build_clean(c)))
		goto out;
	if ((req->mode & MODE_LIST) && (rc = install_list(c)))
		goto out;
	if ((req->mode & MODE_DEACTIVATE) && (rc = install_deactivate(c, req->target)))
		goto out;
	if (req->mode & MODE_UNINSTALL)
		rc = install_uninstall(c, req->target);
out:
	strvec_release(&built);
	return rc;
}

int main(int argc, char **argv)
{
	struct request req;
	struct ctx c;
	struct msgs m;
	char *err = NULL;
	struct qcache qc = QCACHE_INIT;
	struct sink_state out = {0};
	bool reported = false;
	int rc;

	bool from_file = args_skip_launcher(&argc, &argv);
	enum persona persona = persona_from_argv0(argv[0]);
	request_init(&req, persona);
	msgs_init(&m, persona_name(persona));
	msgs_set_handler(&m, sink_stderr_handler, NULL);
	msgs_set_sink(&m, sink_write, &out);
	/* First, before anything is allocated: the same -q again costs about what starting a program does. */
	if (persona == PERSONA_MODXS &&
	    (reported = qcache_answer(&qc, &m, argc, argv, from_file, &rc)))
		goto out;
	req.persona_file = from_file;
	rc = args_parse(&req, argc, argv, &err);
	m.prog = persona_name(req.persona);
	m.json = req.json || args_wants_json(argc, argv);
	if (rc) {
		error(&m, rc, "%s", err);
		goto out;
	}
	m.quiet = req.quiet;
	/* --help and --version print what they print, with or without --json. */
	reported = req.mode & (MODE_HELP | MODE_VERSION);
	if (req.mode & MODE_HELP) {
		args_usage(req.persona, stdout);
		if (fflush(stdout) == EOF || ferror(stdout))
			out.err = errno;
		goto out;
	}
	if (req.mode & MODE_VERSION) {
		static const char version[] = "modxs " MODXS_VERSION "\n";
		msg_write(&m, MSG_OUT, version, sizeof(version) - 1);
		goto out;
	}
	persona_prepare(&m, &req);
	if ((rc = persona_check(&m, &req)))
		goto out;
	if ((rc = args_check(&req, &err))) {
		error(&m, rc, "%s", err);
		goto out;
	}
	/* Every run from here reads JSON: open libcjson before anything is done. */
	if ((rc = json_lib_load(&m)))
		goto out;
	if (req.mode & MODE_RECORD) {
		rc = recorder_main(&c, &m, &req);
		ctx_release(&c);
		goto out;
	}
	rc = ctx_load(&c, &m, &req);
	/* Once a run: the profile describes a server that has changed since it was recorded. */
	if (!rc)
		sources_warn(&m, &c.host.sources, c.host.name);
	if (!rc)
		rc = persona_check_ctx(&c);
	if (!rc)
		rc = run(&c);
	if (!rc)
		qcache_store(&qc, &c);
	ctx_release(&c);
	/* -q prints its own document; a failed one prints the exit, as any other run. */
	if (!(req.mode & MODE_QUERY) || rc)
		report_finish(&m, rc);
	reported = true;
out:
	if (m.json && !reported)
		json_exit_only(&m, rc);
	qcache_release(&qc);
	request_release(&req);
	free(err);
	/* A failed write that its caller did not report ends the run as one. */
	if (out.err && !rc) {
		errno = out.err;
		rc = error(&m, RC_INTERNAL, "cannot write to standard output:");
	}
	msgs_release(&m);
	/* A run a signal interrupted was rolled back; now it ends as the signal says. */
	signals_reraise();
	return persona_exit(req.persona, rc);
}
