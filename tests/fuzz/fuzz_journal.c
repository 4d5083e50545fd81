/*
 * fuzz_journal.c: the journal's log, which a later run trusts to say what
 * to move where. Whatever parses must print and parse back to the same
 * changes. Only the parser runs: nothing here touches a file the log names.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "journal.h"
#include "util.h"

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int same(const struct journal_change *a, const struct journal_change *b)
{
	return a->op == b->op && same_str(a->path, b->path) && same_str(a->saved, b->saved) &&
	       same_str(a->old, b->old) && a->bak == b->bak && a->backup == b->backup;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	struct journal_log a, b;

	if (journal_log_parse(text, &a)) {
		struct buf again = BUF_INIT;
		for (size_t i = 0; i < a.n; i++) {
			char *line = journal_change_text(&a.v[i]);
			buf_puts(&again, line);
			free(line);
		}
		if (a.committed)
			buf_puts(&again, "{\"op\":\"commit\"}\n");
		if (!journal_log_parse(again.s ? again.s : "", &b) || b.n != a.n ||
		    b.committed != a.committed)
			fuzz_fail("a log that parsed did not print and parse back");
		for (size_t i = 0; i < a.n && i < b.n; i++)
			if (!same(&a.v[i], &b.v[i]))
				fuzz_fail("a change differs after a print and parse back");
		journal_log_release(&b);
		buf_release(&again);
	}
	journal_log_release(&a);
	free(text);
	return 0;
}
