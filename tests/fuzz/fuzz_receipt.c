/*
 * fuzz_receipt.c: install receipts, which --uninstall and --deactivate
 * trust. Whatever reads must write back and read again to the same record.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "msg.h"
#include "receipt.h"

static int same_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static int same_vec(const struct strvec *a, const struct strvec *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = fuzz_file("r.json", data, size);
	char *again = fuzz_path("again.json");
	struct receipt a = RECEIPT_INIT, b = RECEIPT_INIT;
	bool missing = false;

	if (receipt_read(msgs, path, &a, &missing) == RC_OK && !missing) {
		if (receipt_write(msgs, NULL, again, &a) != RC_OK ||
		    receipt_read(msgs, again, &b, &missing) != RC_OK)
			fuzz_fail("a receipt that parsed did not write and read back");
		if (!same_str(a.name, b.name) || !same_str(a.host, b.host) ||
		    !same_str(a.layout, b.layout) || !same_str(a.config, b.config) ||
		    !same_vec(&a.files, &b.files) || !same_vec(&a.hashes, &b.hashes) ||
		    !same_vec(&a.edits, &b.edits))
			fuzz_fail("a receipt changed on a write and read back");
	}
	receipt_release(&a);
	receipt_release(&b);
	free(again);
	free(path);
	return 0;
}
