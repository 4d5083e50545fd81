/* la.h: libtool's .la and .lo files, read and written. */
#ifndef MODXS_LA_H
#define MODXS_LA_H

#include <stdbool.h>

#include "msg.h"
#include "util.h"

/* The fields of a libtool archive (.la) that modxs uses. */
struct la {
	char *dlname;	       /* "mod_x.so" */
	char *library_names;   /* "mod_x.so mod_x.so" */
	char *old_library;     /* "" for modules */
	char *dependency_libs; /* " -lfoo -L/x" */
	char *libdir;	       /* where it installs */
	bool installed;
	bool module;
};
#define LA_INIT                                            \
	{                                                  \
		NULL, NULL, NULL, NULL, NULL, false, false \
	}

/*
 * Read path. Prints "'FILE': line N: ..." and returns RC_DATA on a file
 * that is not a libtool archive or names files outside its directory, and
 * returns unreadable (RC_BUILD for -c, RC_INSTALL for -i) on one that
 * cannot be read at all: missing, not a regular file, over 1 MiB.
 */
int la_read_as(struct msgs *msgs, const char *path, int unreadable, struct la *out);
/* The shared object an .la describes: DIR/.libs/dlname, or DIR/dlname once installed. */
char *la_object(const char *la_path, const struct la *la);
/* Write a libtool-readable .la atomically. */
int la_write(struct msgs *msgs, const char *path, const struct la *la);
/* Free the fields. */
void la_release(struct la *la);

/* A libtool object (.lo): where its PIC and non-PIC objects are. */
struct lo {
	char *pic_object;     /* ".libs/x.o", relative to the .lo's dir, or "none" */
	char *non_pic_object; /* "x.o" or "none" */
};
#define LO_INIT            \
	{                  \
		NULL, NULL \
	}

/* Read a .lo; RC_DATA with file and line on anything malformed, unreadable as for la_read_as. */
int lo_read(struct msgs *msgs, const char *path, int unreadable, struct lo *out);
/* Write a .lo atomically. */
int lo_write(struct msgs *msgs, const char *path, const struct lo *lo);
/* Free the fields. */
void lo_release(struct lo *lo);

#endif
