/* request.c: the request's lifetime and the names of the personas. */
#include "request.h"

#include <string.h>

void request_init(struct request *r, enum persona p)
{
	memset(r, 0, sizeof(*r));
	r->persona = p;
}

void request_release(struct request *r)
{
	struct strvec *lists[] = {&r->sets, &r->defines, &r->incdirs, &r->libdirs, &r->libs,
				  &r->wc,   &r->wl,	 &r->pkgs,    &r->args,	   &r->froms};
	for (size_t i = 0; i < sizeof(lists) / sizeof(*lists); i++)
		strvec_release(lists[i]);
}

const char *persona_name(enum persona p)
{
	static const char *const names[] = {
		[PERSONA_MODXS] = "modxs",
		[PERSONA_APXS] = "apxs",
		[PERSONA_PRXS] = "prxs",
	};
	return (size_t)p < sizeof(names) / sizeof(*names) ? names[p] : names[PERSONA_MODXS];
}
