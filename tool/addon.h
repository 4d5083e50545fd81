/* addon.h: -c DIR for hosts whose modules describe themselves in a file of their own. */
#ifndef MODXS_ADDON_H
#define MODXS_ADDON_H

#include <stdbool.h>

#include "record.h"

/*
 * Whether -c is given one directory and the host reads module dirs
 * (build.addon in its profile): then addon_build() does the -c.
 */
bool addon_wanted(const struct ctx *c);
/*
 * Run the profile's addon script on DIR's file (nginx's `config`), write
 * the files it generates (NAME_modules.c) when they change, and build each
 * module set it names through build.c, as -c builds any module. What was
 * built (NAME.la) is appended to built. Prints one error on failure.
 */
int addon_build(struct ctx *c, struct strvec *built);

#endif
