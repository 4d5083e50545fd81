/*
 * pe.h: the little of a Windows PE image and an ar archive the checks
 * need: what a DLL exports and imports, and the symbols an import library
 * defines. Debian packages no C library for this (LIEF is C++), so this
 * reader is small, checks every offset against the buffer and is fuzzed.
 */
#ifndef MODXS_PE_H
#define MODXS_PE_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* What one PE image exports and imports. */
struct pe_image {
	struct strvec exports;	    /* every exported name */
	struct strvec data_exports; /* those outside code sections: records, tables */
	struct strvec import_dlls;  /* one entry per import: the DLL it comes from */
	struct strvec import_names; /* and its name, "#N" for one by ordinal */
};
#define PE_IMAGE_INIT                                              \
	{                                                          \
		STRVEC_INIT, STRVEC_INIT, STRVEC_INIT, STRVEC_INIT \
	}

/* The leading bytes of an exported symbol's data, as the image maps them. */
struct pe_bytes {
	unsigned char *bytes; /* len bytes, allocated */
	size_t len;	      /* at most the want asked for: fewer where the section ends */
	bool wide;	      /* PE32+, a 64-bit image: Windows' LLP64 data model */
};

/* True when buf starts like a PE image ("MZ"), whatever follows. */
bool pe_looks_like(const unsigned char *buf, size_t len);
/* Read the export and import tables of the image in buf; false with *why when it is not one. */
bool pe_parse(const unsigned char *buf, size_t len, struct pe_image *img, const char **why);
/* Free the image's names. */
void pe_image_release(struct pe_image *img);
/*
 * Read the first want bytes of the data symbol exports, without loading
 * the image: 1 when found, 0 when the image does not export it (or only
 * forwards it to another DLL), -1 when buf is not a readable PE image.
 * Free with pe_bytes_release().
 */
int pe_export_data(const unsigned char *buf, size_t len, const char *symbol, size_t want,
		   struct pe_bytes *out);
/* Free what pe_export_data() read. */
void pe_bytes_release(struct pe_bytes *b);
/*
 * Append the names of an ar archive's symbol table (the first linker
 * member of GNU and Microsoft import libraries) to out; false when buf is
 * not an archive with one.
 */
bool pe_archive_symbols(const unsigned char *buf, size_t len, struct strvec *out);

#endif
