/*
 * fuzz_vars.c: the make-style variable expander.
 * Input: lines "NAME=RAW" define variables (platform layer), "!NAME=VALUE"
 * applies a -S override, and the last line is expanded. Every variable is
 * then read back, so cycles, deep nesting and odd references all get tried.
 * The expansion is then split into words as a flag string is, and the words
 * quoted back for -v: the quoted line must split to the same words.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "vars.h"
#include "words.h"

/* split(join(split(s))) == split(s): what -v prints can be pasted back. */
static void check_words(const char *s)
{
	struct strvec a = STRVEC_INIT, b = STRVEC_INIT;

	if (words_split(s, &a)) {
		char *line = words_join(a.v ? a.v : (char *[]){NULL});
		if (!words_split(line, &b))
			fuzz_fail("a quoted command line has an unterminated quote");
		if (a.n != b.n)
			fuzz_fail("a quoted command line splits into another number of words");
		for (size_t i = 0; i < a.n; i++)
			if (strcmp(a.v[i], b.v[i]) != 0)
				fuzz_fail("a quoted word splits back to another word");
		free(line);
	}
	strvec_release(&a);
	strvec_release(&b);
}

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
	check_words(v ? v : line);
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
