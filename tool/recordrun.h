/* recordrun.h: `modxs --record`: the platform record and host profiles written from the servers' files. */
#ifndef MODXS_RECORDRUN_H
#define MODXS_RECORDRUN_H

#include "msg.h"
#include "record.h"
#include "request.h"

/*
 * --record [platform] [HOST...]: the platform record when named, then the
 * host profiles named (every one found when none). c is loaded here; the
 * caller releases it.
 */
int recorder_main(struct ctx *c, struct msgs *msgs, const struct request *req);
/* --record: write the profiles c->req names (every one found when none), "platform" aside. */
int recorder_run(struct ctx *c);

#endif
