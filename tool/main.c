/* main.c: parse the command line, then dispatch to the core. */
#include <stdio.h>

#include "args.h"
#include "build.h"
#include "gen.h"
#include "install.h"
#include "msg.h"
#include "persona.h"
#include "query.h"
#include "record.h"
#include "report.h"
#include "signals.h"
#include "sink.h"

#ifndef MODXS_VERSION
#define MODXS_VERSION "0.0.0"
#endif

static int run(struct ctx *c)
{
	const struct opts *o = c->o;
	struct strvec built = STRVEC_INIT;
	int rc = RC_OK;

	if (o->mode & MODE_QUERY)
		return query_run(c);
	if (o->mode & MODE_GENERATE)
		return gen_run(c);
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
	struct msgs m;
	int rc;

	opts_init(&o, persona_from_argv0(argv[0]));
	rc = opts_parse(&o, argc, argv);
	msgs_init(&m, persona_name(o.persona));
	msgs_set_handler(&m, sink_stderr_handler, NULL);
	msgs_set_sink(&m, sink_stdio, NULL);
	if (rc) {
		error(&m, rc, "%s", o.err);
		goto out;
	}
	m.quiet = o.quiet;
	m.json = o.json;
	if (o.mode & MODE_HELP) {
		opts_usage(o.persona, stdout);
		goto out;
	}
	if (o.mode & MODE_VERSION) {
		printf("modxs %s\n", MODXS_VERSION);
		goto out;
	}
	persona_prepare(&m, &o);
	if ((rc = persona_check(&m, &o)))
		goto out;
	if ((rc = opts_check(&o))) {
		error(&m, rc, "%s", o.err);
		goto out;
	}
	rc = ctx_load(&c, &m, &o);
	if (!rc)
		rc = persona_check_ctx(&c);
	if (!rc)
		rc = run(&c);
	ctx_release(&c);
	if (!(o.mode & MODE_QUERY))
		report_finish(&m, rc);
out:
	opts_release(&o);
	/* The sink flushes each write, so a failed one shows as the stream's error. */
	if ((fflush(stdout) == EOF || ferror(stdout)) && !rc)
		rc = error(&m, RC_INTERNAL, "cannot write to standard output:");
	msgs_release(&m);
	/* A run a signal interrupted was rolled back; now it ends as the signal says. */
	signals_reraise();
	return persona_exit(o.persona, rc);
}
