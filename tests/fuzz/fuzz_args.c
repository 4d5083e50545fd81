/*
 * fuzz_args.c: the command line of each persona. The input is argv with
 * NUL between arguments; the first byte picks the persona (modxs, apxs,
 * prxs). Parsing must never crash, and must fail only with a usage error.
 */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "fuzz.h"
#include "msg.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum persona personas[] = {PERSONA_MODXS, PERSONA_APXS, PERSONA_PRXS};
	struct strvec argv = STRVEC_INIT;
	struct request o;

	if (size < 1)
		return 0;
	strvec_push(&argv, "modxs");
	for (size_t i = 1; i < size;) {
		size_t n = strnlen((const char *)data + i, size - i);
		strvec_push_owned(&argv, xstrndup((const char *)data + i, n));
		i += n + 1;
	}
	request_init(&o, personas[data[0] % 3]);
	char *err = NULL;
	int rc = args_parse(&o, (int)argv.n, argv.v, &err);
	if (rc != RC_OK && rc != RC_USAGE)
		fuzz_fail("parsing a command line failed with something other than a usage error");
	request_release(&o);
	free(err);
	strvec_release(&argv);
	return 0;
}
