/*
 * fuzz_vars.c: the make-style variable expander.
 * Input: lines "NAME=RAW" define variables (platform layer), "!NAME=VALUE"
 * applies a -S override, and the last line is expanded. Every variable is
 * then read back, so cycles, deep nesting and odd references all get tried.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "vars.h"

/* Define one "NAME=RAW" or "!NAME=VALUE" line. */
static void define(struct vars *t, char *line)
{
	char *err = NULL;

	if (line[0] == '!') {
		if (!vars_override(t, line + 1, &err))
			free(err);
		return;
	}
	char *eq = strchr(line, '=');
	if (!eq || eq == line)
		return;
	*eq = '\0';
	vars_set(t, line, eq + 1, line[0] == '_' ? VAR_HOST : VAR_PLATFORM);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_str(data, size);
	char *line = text, *nl;
	struct vars t = VARS_INIT;
	char *err = NULL;

	while ((nl = strchr(line, '\n'))) {
		*nl = '\0';
		define(&t, line);
		line = nl + 1;
	}
	char *v = vars_expand(&t, line, &err);
	if (!v && !err)
		fuzz_fail("vars_expand failed without a message");
	/* Text without '$' has nothing to expand: it must come back unchanged. */
	if (v && !strchr(line, '$') && strcmp(v, line) != 0)
		fuzz_fail("text without references changed on expansion");
	free(v);
	free(err);
	for (size_t i = 0; i < t.n; i++) {
		err = NULL;
		vars_get(&t, t.v[i].name, &err);
		free(err);
	}
	vars_release(&t);
	free(text);
	return 0;
}
