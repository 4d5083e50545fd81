/* conftest.c: running the server's config test after an edit, and saying why it failed. */
#include "conftest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "msg.h"
#include "proc.h"
#include "report.h"
#include "words.h"

/* The config test's argv, with {config} replaced; false when it cannot run here. */
static bool test_argv(struct ctx *c, const struct conf_place *p, struct strvec *argv)
{
	const struct host *h = &c->host;
	char *server = NULL, *prog = NULL;
	bool ok = false;

	if (!h->config_test.n || c->req->no_config_test || c->req->dry_run || *p->destdir)
		return false;
	server = ctx_expand(c, h->server);
	for (size_t i = 0; i < h->config_test.n; i++) {
		char *w = ctx_expand(c, h->config_test.v[i]);
		if (!w)
			goto out;
		if (strcmp(w, "{config}") == 0) {
			free(w);
			w = xstrdup(p->config);
		}
		strvec_push_owned(argv, w);
	}
	prog = spawn_find(argv->v[0]);
	ok = server && prog && access(server, X_OK) == 0;
	if (!ok && c->req->verbose)
		notice(c->msgs, "no config test: '%s' is not installed",
		       prog ? server : argv->v[0]);
	/* A drop-in edited for a server whose main config is elsewhere: nothing to test. */
	if (ok && access(p->config, F_OK) != 0) {
		ok = false;
		if (c->req->verbose)
			notice(c->msgs, "no config test: '%s' does not exist", p->config);
	}
out:
	free(server);
	free(prog);
	return ok;
}

/*
 * Run the host's config test. When it fails, show the server's words and
 * return RC_CONFTEST with *why saying who failed how.
 */
static int run_test(struct ctx *c, const struct conf_place *p, char **why)
{
	struct strvec argv = STRVEC_INIT;
	struct buf out = BUF_INIT;
	int rc = RC_OK;

	if (!test_argv(c, p, &argv))
		goto out;
	if (c->req->verbose) {
		char *line = words_join(argv.v);
		notice(c->msgs, "%s", line);
		free(line);
	}
	int code = spawn_capture(argv.v, &out);
	report_command(c->msgs, argv.v, code);
	report_check(c->msgs, "config-test", code == 0, out.s);
	if (code != 0) {
		int e = errno;
		/* What the server said, as it said it, ended by a newline. */
		msg_write(c->msgs, MSG_ASIDE, out.s, out.len);
		if (out.len && out.s[out.len - 1] != '\n')
			msg_write(c->msgs, MSG_ASIDE, "\n", 1);
		if (code < 0)
			*why = xasprintf("cannot run %s: %s", argv.v[0], strerror(e));
		else
			*why = xasprintf("%s exited with %d", path_base(argv.v[0]), code);
		rc = RC_CONFTEST;
	}
out:
	strvec_release(&argv);
	buf_release(&out);
	return rc;
}

int conftest_run(struct ctx *c, const struct conf_place *p)
{
	char *why = NULL;
	int rc = run_test(c, p, &why);

	if (rc)
		rc = error(c->msgs, RC_CONFTEST,
			   "the server rejected '%s' (%s); restored the previous version",
			   p->config, why);
	free(why);
	return rc;
}
