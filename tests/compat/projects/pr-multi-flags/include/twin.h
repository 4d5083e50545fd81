/* twin.h: what mod_twin's two sources share. */
#ifndef TWIN_H
#define TWIN_H
#ifndef TWIN_COUNT
#error "TWIN_COUNT comes from prxs -D"
#endif
/* The answer of the TWIN command. */
const char *twin_text(void);
#endif
