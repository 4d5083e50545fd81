/* rec_platform.h: `modxs --record platform`, platform.json from this machine's compiler. */
#ifndef MODXS_REC_PLATFORM_H
#define MODXS_REC_PLATFORM_H

#include "msg.h"
#include "request.h"

/*
 * --record platform: write datadir/platform.json from this machine's
 * compiler (-S and the environment's CC, CXX, flags; the rest found on
 * PATH), default_host from --host. RC_OK, or the code of the error said.
 */
int recorder_platform(struct msgs *msgs, const struct request *req, const char *datadir);

#endif
