/*
 * abicheck.c: the ABI check of -c, -i and -a, and the state --list shows:
 * a module file's stamp (abi.c) held against the host's server.
 */
#include "abicheck.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "abi.h"
#include "elfcheck.h"
#include "msg.h"
#include "report.h"
#include "util.h"

/* The record symbol the stamp is read from: abi.symbol's, else module.symbol's. */
static char *stamp_symbol(const struct ctx *c, const char *name)
{
	const struct fmt *f = c->host.abi.symbol.text ? &c->host.abi.symbol : &c->host.symbol_fmt;
	return fmt_apply(f, name, NULL);
}

/* Why the file's stamp fails, as one line; NULL when it passes. */
static char *why(const struct abi *a, const char *name, const char *path, const char *symbol,
		 const struct abi_found *r)
{
	const struct abi_stamp *s = &a->stamps[r->stamp];
	const struct abi_field *f = &a->fields[s->field];

	switch (r->result) {
	case ABI_NOT_READ:
		if (r->err == EINVAL)
			return xasprintf("'%s' is not %s, so its ABI stamp cannot be checked", path,
					 r->pe ? "a well-formed PE DLL" : "an ELF shared object");
		return xasprintf("cannot read '%s': %s", path, strerror(r->err));
	case ABI_NO_RECORD:
		return xasprintf("'%s' does not export its module record '%s', so its ABI stamp "
				 "cannot be checked",
				 path, symbol);
	case ABI_SMALL:
		return xasprintf("'%s': module record '%s' is too small to hold the %s", path,
				 symbol, a->stamps[0].name);
	case ABI_MISMATCH: {
		char *got = abi_show(s, f, r->value), *want = abi_show(s, f, s->value);
		char *line = xasprintf("'%s': module '%s' was built for %s %s, this server %s %s",
				       path, name, s->name, got,
				       s->at_least ? "needs at least" : "is", want);
		free(got);
		free(want);
		return line;
	}
	default:
		return NULL;
	}
}

int abi_check(struct ctx *c, const char *name, const char *path, bool must_read)
{
	const struct abi *a = &c->host.abi;
	int rc = RC_OK;

	if (!a->nstamps)
		return RC_OK;
	char *symbol = stamp_symbol(c, name);
	struct abi_found r = abi_read(c->deps, a, path, symbol);
	char *line = why(a, name, path, symbol, &r);
	char *detail = line ? line : abi_expected(a);
	bool unread = r.result != ABI_MATCH && r.result != ABI_MISMATCH;

	if (line && unread && !must_read) {
		if (c->req->verbose)
			notice(c->msgs, "%s", line);
		report_check(c->msgs, "abi", true, detail);
	} else {
		if (line)
			rc = error(c->msgs, RC_CHECK, "%s", line);
		report_check(c->msgs, "abi", rc == RC_OK, detail);
	}
	free(detail);
	free(symbol);
	return rc;
}

/*
 * For a host whose modules carry its build signature instead of a stamp in
 * the record: the same comparison -i makes, said only as the state.
 */
static const char *signature_state(struct ctx *c, const char *path)
{
	struct msgs quiet;
	char *server;
	int rc;

	if (!c->host.signature || !(server = ctx_expand(c, c->host.server)))
		return "-";
	if (access(server, F_OK) < 0) {
		free(server);
		return "-";
	}
	msgs_init(&quiet, c->msgs->prog);
	rc = elfcheck_signature(&quiet, c->deps, path, server, c->host.signature, false);
	msgs_release(&quiet);
	free(server);
	return rc == RC_OK ? "abi-ok" : rc == RC_CHECK ? "abi-mismatch" : "-";
}

const char *abi_state(struct ctx *c, const char *symbol, const char *path)
{
	const struct abi *a = &c->host.abi;
	char *name = NULL, *sym = NULL;
	struct abi_found r;

	if (!a->nstamps)
		return signature_state(c, path);
	/* The record symbol names the module; abi.symbol may name another one. */
	if (a->symbol.text && !(name = fmt_match(&c->host.symbol_fmt, symbol)))
		return "-";
	sym = name ? stamp_symbol(c, name) : xstrdup(symbol);
	r = abi_read(c->deps, a, path, sym);
	free(sym);
	free(name);
	if (r.result == ABI_MATCH)
		return "abi-ok";
	/* As -i: a record with no room for the stamp says nothing either way. */
	return r.result == ABI_MISMATCH ? "abi-mismatch" : "-";
}
