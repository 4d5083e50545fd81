/* confprint.c: the text a user reads, kept off stdout while --json owns it. */
#include "confprint.h"

#include <stdarg.h>
#include <stdio.h>

#include "msg.h"

void conf_print(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(msg_json() ? stderr : stdout, fmt, ap);
	va_end(ap);
}
