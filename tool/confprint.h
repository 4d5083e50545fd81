/* confprint.h: the text a user reads from a config command: diffs, --dry-run plans, --list. */
#ifndef MODXS_CONFPRINT_H
#define MODXS_CONFPRINT_H

/* Print what a user reads (diffs, --list): on stdout, or stderr when --json keeps stdout. */
void conf_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
