/* abi.h: a module's ABI stamp, read from its file and held against the server's. */
#ifndef MODXS_ABI_H
#define MODXS_ABI_H

#include <stdbool.h>
#include <stddef.h>

#include "fmt.h"
#include "msg.h"

struct cJSON;
struct deps;

/* A C type of a member of a module record, as the profile names it. */
enum abi_type {
	ABI_CHAR,
	ABI_SHORT,
	ABI_INT,
	ABI_LONG,
	ABI_POINTER,
};

/* One leading member of the record. */
struct abi_field {
	enum abi_type type;
	bool is_unsigned;
};

/* One member the server checks, and what it wants there. */
struct abi_stamp {
	char *name;		  /* what it is: "Apache API" */
	size_t field;		  /* index into the record's fields */
	bool at_least;		  /* the server takes this value or more, not only this one */
	bool hex;		  /* the profile wrote it in hex: messages do too */
	unsigned long long value; /* two's complement for a negative value */
};

/* The profile's abi key: where the stamp sits in the record, and its values. */
struct abi {
	struct fmt symbol; /* abi.symbol; empty (no text) when the record is module.symbol's */
	struct abi_field *fields;
	size_t nfields;
	struct abi_stamp *stamps;
	size_t nstamps; /* 0: the host has no stamp to check */
};

/*
 * The data model a module file was built for, chosen by its format: the
 * sizes of long and of pointers, the only members whose size varies.
 */
enum abi_model {
	ABI_ILP32, /* 32-bit ELF and PE: long and pointers are 4 bytes */
	ABI_LP64,  /* 64-bit ELF: long and pointers are 8 bytes */
	ABI_LLP64, /* 64-bit PE (Windows): long is 4 bytes, pointers 8 */
};

/* How a module file's stamp compares with the server's. */
enum abi_result {
	ABI_MATCH,
	ABI_MISMATCH,  /* a stamp member holds another value */
	ABI_NO_RECORD, /* the file exports no such symbol */
	ABI_SMALL,     /* the record is smaller than the stamp's members */
	ABI_NOT_READ,  /* the file cannot be read as an ELF object or a PE DLL */
};

/* What one read found: the result, for a mismatch which stamp and its value. */
struct abi_found {
	enum abi_result result;
	size_t stamp;
	unsigned long long value;
	int err; /* ABI_NOT_READ: why (errno; EINVAL when the file is not ELF or PE) */
	bool pe; /* the file is a PE image (starts "MZ"), not an ELF one */
};

/*
 * Parse the profile's "abi" object (obj; the file's path and text name
 * lines in errors) into a. RC_OK, or RC_DATA after one error line.
 */
int abi_parse(struct msgs *msgs, const char *path, const char *text, const struct cJSON *obj,
	      struct abi *a);
/* Free what abi_parse() filled in. */
void abi_release(struct abi *a);
/* The bytes the record must have for every stamp member, under a data model. */
size_t abi_record_size(const struct abi *a, enum abi_model model);
/*
 * Compare the stamp members in the record's leading bytes (len of them,
 * laid out for a data model, in either byte order) with a's.
 */
struct abi_found abi_decode(const struct abi *a, const unsigned char *bytes, size_t len,
			    enum abi_model model, bool big_endian);
/*
 * Read symbol's record from the file at path (an ELF object, or a PE DLL
 * when it starts "MZ"), without loading it, and compare.
 */
struct abi_found abi_read(const struct deps *lib, const struct abi *a, const char *path,
			  const char *symbol);
/* A stamp value as the profile wrote it: hex where it was hex, to the member's width. */
char *abi_show(const struct abi_stamp *s, const struct abi_field *f, unsigned long long v);
/* The stamp a server expects as one line ("Apache API 20120211, ..."); "" without one. */
char *abi_expected(const struct abi *a);
#endif
