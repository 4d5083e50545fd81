/* fuzz.h: what every fuzz target shares: the libFuzzer entry points and a scratch dir. */
#ifndef MODXS_FUZZ_H
#define MODXS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "msg.h"

/* Where the code under test reports: nowhere, as most inputs fail on purpose. */
static struct msgs fuzz_msgs = MSGS_INIT;
static struct msgs *msgs __attribute__((unused)) = &fuzz_msgs;

/* libFuzzer's entry point: run one input; must return 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* libFuzzer's optional set-up hook, run once before the first input. */
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A private directory for the run, created on first use and removed at exit. */
const char *fuzz_dir(void);
/* A new string: fuzz_dir() "/" name. */
char *fuzz_path(const char *name);
/* Replace the file name in fuzz_dir() with size bytes of data; returns its path (caller frees). */
char *fuzz_file(const char *name, const uint8_t *data, size_t size);
/* A NUL-terminated copy of data (bytes after an embedded NUL are unreachable). */
char *fuzz_str(const uint8_t *data, size_t size);
/* Stop the run with a report: an invariant of the code under test broke. */
void fuzz_fail(const char *what) __attribute__((noreturn));

#endif
