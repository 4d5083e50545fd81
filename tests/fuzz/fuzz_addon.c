/*
 * fuzz_addon.c: the reader of what an addon script prints (key=value
 * records, each ending in NUL). Whatever it accepts must be safe to act
 * on: every set named plainly with sources, every generated file a plain
 * name in the current dir with its text.
 */
#include <stdlib.h>
#include <string.h>

#include "addon.h"
#include "fuzz.h"

static int plain(const char *s)
{
	return s && *s && s[0] != '.' && s[0] != '-' && !strchr(s, '/');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct addon a = {0};

	if (addon_parse(msgs, "config", (const char *)data, size, &a) == RC_OK) {
		if (!a.n || a.error)
			fuzz_fail("an addon with no set, or an error, was accepted");
		for (size_t i = 0; i < a.n; i++) {
			const struct addon_set *s = &a.sets[i];
			if (!plain(s->out) || !s->srcs.n)
				fuzz_fail("a set without a plain name or sources was accepted");
			if (s->gen && (!plain(s->gen) || !s->text))
				fuzz_fail("a generated file outside the current dir was accepted");
		}
	}
	addon_release(&a);
	return 0;
}
