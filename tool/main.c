/* main.c: parse the command line, then dispatch to the core. */
#include <stdio.h>

#include "args.h"
#include "build.h"
#include "deps.h"
#include "gen.h"
#include "install.h"
#include "msg.h"
#include "persona.h"
#include "qcache.h"
#include "query.h"
#include "record.h"
#include "report.h"
#include "signals.h"

#ifndef MODXS_VERSION
#define MODXS_VERSION "0.0.0"
#endif

static int run(struct ctx *c)
{
	const struct opts *o = c->o;
	struct strvec built = STRVEC_INIT;
	int rc = RC_OK;

	if (o->mode & MODE_QUERY)
		return query_run(c, stdout);
	if (o->mode & MODE_GENERATE)
		return gen_run(c);
	/* Any other run may read a module or hash a file: load what it needs before it starts. */
	if ((rc = deps_load(c->exe_dir)))
		return rc;
	if ((o->mode & MODE_COMPILE) && (rc = build_run(c, &built)))
		goto out;
	if (o->mode & (MODE_INSTALL | MODE_EDIT)) {
		const struct strvec *mods = (o->mode & MODE_COMPILE) ? &built : &o->args;
		if ((rc = install_run(c, mods)))
			goto out;
		persona_finish(c, mods);
	}
	if ((o->mode & MODE_CLEAN) && (rc = build_clean(c)))
		goto out;
	if ((o->mode & MODE_LIST) && (rc = install_list(c)))
		goto out;
	if ((o->mode & MODE_DEACTIVATE) && (rc = install_deactivate(c, o->target)))
		goto out;
	if (o->mode & MODE_UNINSTALL)
		rc = install_uninstall(c, o->target);
out:
	strvec_release(&built);
	return rc;
}

int main(int argc, char **argv)
{
	struct opts o;
	struct ctx c;
	struct qcache qc = QCACHE_INIT;
	int rc;

	opts_init(&o, persona_from_argv0(argv[0]));
	rc = opts_parse(&o, argc, argv);
	msg_init(persona_name(o.persona));
	if (rc) {
		error(rc, "%s", o.err);
		goto out;
	}
	msg_set_quiet(o.quiet);
	msg_set_json(o.json);
	if (o.mode & MODE_HELP) {
		opts_usage(o.persona, stdout);
		goto out;
	}
	if (o.mode & MODE_VERSION) {
		printf("modxs %s\n", MODXS_VERSION);
		goto out;
	}
	persona_prepare(&o);
	if ((rc = persona_check(&o)))
		goto out;
	if ((rc = opts_check(&o))) {
		error(rc, "%s", o.err);
		goto out;
	}
	if (qcache_answer(&qc, &o, stdout))
		goto out;
	rc = ctx_load(&c, &o);
	if (!rc)
		rc = persona_check_ctx(&c);
	if (!rc)
		rc = run(&c);
	if (!rc)
		qcache_store(&qc, &c);
	ctx_release(&c);
	if (!(o.mode & MODE_QUERY))
		report_finish(rc);
out:
	qcache_release(&qc);
	opts_release(&o);
	if (fflush(stdout) == EOF && !rc)
		rc = error(RC_INTERNAL, "cannot write to standard output:");
	/* A run a signal interrupted was rolled back; now it ends as the signal says. */
	signals_reraise();
	return persona_exit(o.persona, rc);
}
