/*
 * fuzz_record.c: what --record reads from a server's build files. The first
 * byte picks the reader: config_vars.mk (through vars.c), prxs's recorded
 * lines, the output of `proftpd -V`, prxs's cflags without
 * -DPR_SHARED_MODULE, or the configure arguments a server's -V prints
 * (nginx's). What is read is then written as a profile, which must be
 * JSON that reads back to the same variables.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "json.h"
#include "rec_proftpd.h"
#include "recording.h"

/* A name a reader defined: not empty, on one line, with no '=' and no blank at either end. */
static void check_names(const struct vars *t, bool make)
{
	for (size_t i = 0; i < t->n; i++) {
		const char *n = t->v[i].name;
		size_t len = strlen(n);
		if (!len || strpbrk(n, "\n\r") || (make && strchr(n, '=')))
			fuzz_fail("a variable name is empty, spans lines or holds '='");
		if (strchr(" \t", n[0]) || strchr(" \t", n[len - 1]))
			fuzz_fail("a variable name has a blank at one end");
		if (strpbrk(t->v[i].raw, "\n\r"))
			fuzz_fail("a value spans lines");
	}
}

/* The profile written from t reads back, as JSON, to t's names and values in order. */
static void check_profile(const struct vars *t)
{
	struct recording r = RECORDING_INIT;
	struct strvec args = STRVEC_INIT;

	for (size_t i = 0; i < t->n; i++)
		vars_set(&r.vars, t->v[i].name, t->v[i].raw, VAR_HOST);
	strvec_push(&args, "--record");
	char *text = recording_json("fuzz", &r, &args);
	cJSON *root = cJSON_ParseWithLength(text, strlen(text)), *it;
	const cJSON *vars = cJSON_GetObjectItemCaseSensitive(root, "vars");
	size_t i = 0;
	if (!cJSON_IsObject(vars))
		fuzz_fail("a written profile is not JSON with a vars object");
	cJSON_ArrayForEach(it, vars) {
		if (i >= t->n || strcmp(it->string, t->v[i].name) != 0 || !cJSON_IsString(it) ||
		    strcmp(it->valuestring, t->v[i].raw) != 0)
			fuzz_fail("a written profile reads back to other variables");
		i++;
	}
	if (i != t->n)
		fuzz_fail("a written profile lost variables");
	cJSON_Delete(root);
	free(text);
	strvec_release(&args);
	recording_release(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vars t = VARS_INIT;
	char *text;

	if (!size)
		return 0;
	text = fuzz_str(data + 1, size - 1);
	switch (data[0] % 5) {
	case 0:
		vars_read_make(&t, (const char *)data + 1, size - 1, VAR_HOST);
		check_names(&t, true);
		break;
	case 1:
		proftpd_read_prxs(text, &t);
		check_names(&t, false);
		break;
	case 2:
		proftpd_read_v(text, &t);
		break;
	case 4: {
		struct strvec w = STRVEC_INIT;
		if (recorder_words_after(text, "configure arguments:", &w))
			for (size_t i = 0; i < w.n; i++)
				if (strpbrk(w.v[i], "\r\n"))
					fuzz_fail("a word of one line spans lines");
		strvec_release(&w);
		break;
	}
	default: {
		char *flags = proftpd_drop_shared(text);
		if (strlen(flags) > strlen(text))
			fuzz_fail("dropping a flag made the flags longer");
		free(flags);
	}
	}
	check_profile(&t);
	vars_release(&t);
	free(text);
	return 0;
}
