/* rec_proftpd.h: the readers of prxs and `proftpd -V` that recording ProFTPD uses. */
#ifndef MODXS_REC_PROFTPD_H
#define MODXS_REC_PROFTPD_H

#include "vars.h"

/*
 * Read prxs's recorded `my $name = q(value);` lines into t (compiler,
 * cflags, sbindir, ...), values trimmed.
 */
void proftpd_read_prxs(const char *text, struct vars *t);
/*
 * Read what `proftpd -V` says into t: config, moddir, incdir (the Files
 * section), prefix and sysconfdir (the configure line), version.
 */
void proftpd_read_v(const char *text, struct vars *t);
/* flags without -DPR_SHARED_MODULE (as a word), trimmed: a new string. */
char *proftpd_drop_shared(const char *flags);

#endif
