/*
 * fuzz_profile.c: the profile/JSON loader. Each input is a host profile
 * given with --profile, loaded on top of the build tree's platform.json
 * exactly as a run of modxs loads it; then every string field is expanded
 * and split, as -c would.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "msg.h"
#include "record.h"
#include "request.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* The recorded platform of the build tree; a profile comes from each input. */
	setenv("MODXS_DATADIR", MODXS_FUZZ_DATADIR, 1);
	unsetenv("MODXS_HOST");
	return 0;
}

static void use_host(struct ctx *c)
{
	const char *fields[] = {c->host.cflags, c->host.cxxflags,    c->host.ldflags,
				c->host.libs,	c->host.config_file, c->host.server};
	for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++) {
		struct strvec words = STRVEC_INIT;
		if (fields[i])
			ctx_words(c, fields[i], &words);
		strvec_release(&words);
	}
	for (size_t i = 0; i < c->vars.n; i++)
		ctx_var(c, c->vars.v[i].name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = fuzz_file("profile.json", data, size);
	struct request o;
	struct ctx c;

	request_init(&o, PERSONA_MODXS);
	o.profile = path;
	if (ctx_load(&c, msgs, &o) == RC_OK)
		use_host(&c);
	ctx_release(&c);
	request_release(&o);
	free(path);
	return 0;
}
