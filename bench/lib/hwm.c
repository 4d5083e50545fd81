/*
 * hwm.c: report the peak RSS of one process, not of its children.
 *
 * /usr/bin/time -f %M reports the largest of a process and every child it
 * waited for, so for `modxs -c` it shows the compiler, not modxs. Preloaded
 * into modxs, this library appends modxs's own VmHWM (KiB) to the file
 * named by $BENCH_HWM_FILE when it exits. It removes itself from the
 * environment first, so the compilers modxs starts do not report too.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *hwm_file;

/* Take the output path and leave nothing for children to inherit. */
__attribute__((constructor)) static void hwm_start(void)
{
	const char *p = getenv("BENCH_HWM_FILE");

	if (p)
		hwm_file = strdup(p);
	unsetenv("BENCH_HWM_FILE");
	unsetenv("LD_PRELOAD");
}

/* Append VmHWM from /proc/self/status to the output file. */
__attribute__((destructor)) static void hwm_stop(void)
{
	char line[256];
	FILE *in, *out;

	if (!hwm_file || !(in = fopen("/proc/self/status", "r")))
		return;
	while (fgets(line, sizeof(line), in)) {
		if (strncmp(line, "VmHWM:", 6) == 0 && (out = fopen(hwm_file, "a"))) {
			fprintf(out, "%ld\n", strtol(line + 6, NULL, 10));
			fclose(out);
		}
	}
	fclose(in);
}
