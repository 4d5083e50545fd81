/* pe.c: bounded reading of PE export and import tables and ar symbol tables. */
#include "pe.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Limits far above any real module, so a hostile file costs little time. */
#define MAX_SECTIONS 96
#define MAX_NAMES 65536
#define MAX_DLLS 4096
#define MAX_NAME 4096

#define SCN_EXECUTE 0x20000000u
#define PE32_MAGIC 0x10b
#define PE32PLUS_MAGIC 0x20b

/* The image being read: the buffer, and where its sections are. */
struct reader {
	const unsigned char *b;
	size_t n;
	size_t sections; /* offset of the section table */
	unsigned nsections;
	bool wide; /* PE32+: 8-byte import thunks */
};

static bool fits(const struct reader *r, size_t off, size_t len)
{
	return off <= r->n && len <= r->n - off;
}

static uint32_t le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
	return le16(p) | le16(p + 2) << 16;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The section header holding rva, or NULL. */
static const unsigned char *section_of(const struct reader *r, uint32_t rva)
{
	for (unsigned i = 0; i < r->nsections; i++) {
		const unsigned char *s = r->b + r->sections + 40u * i;
		uint32_t va = le32(s + 12), size = le32(s + 8);
		if (size < le32(s + 16))
			size = le32(s + 16);
		if (rva >= va && rva - va < size)
			return s;
	}
	return NULL;
}

/* The file offset of len bytes at rva; false when they are not all in the file. */
static bool at(const struct reader *r, uint32_t rva, size_t len, size_t *off)
{
	const unsigned char *s = section_of(r, rva);

	if (!s || rva - le32(s + 12) >= le32(s + 16))
		return false;
	*off = (size_t)le32(s + 20) + (rva - le32(s + 12));
	return fits(r, *off, len);
}

/* The NUL-ended string at rva, or NULL. */
static const char *string_at(const struct reader *r, uint32_t rva)
{
	size_t off;

	if (!at(r, rva, 1, &off))
		return NULL;
	size_t max = r->n - off < MAX_NAME ? r->n - off : MAX_NAME;
	const char *s = (const char *)r->b + off;
	return memchr(s, '\0', max) ? s : NULL;
}

/* Headers: DOS, "PE\0\0", COFF, optional; the export and import directories. */
static bool read_headers(struct reader *r, uint32_t dirs[2][2], const char **why)
{
	*why = "not a PE image";
	if (!fits(r, 0, 64) || memcmp(r->b, "MZ", 2) != 0)
		return false;
	size_t pe = le32(r->b + 0x3c);
	if (!fits(r, pe, 24) || memcmp(r->b + pe, "PE\0\0", 4) != 0)
		return false;
	*why = "malformed PE headers";
	r->nsections = le16(r->b + pe + 6);
	size_t opt = pe + 24, optsize = le16(r->b + pe + 20);
	if (r->nsections > MAX_SECTIONS || !fits(r, opt, optsize) || optsize < 2)
		return false;
	uint32_t magic = le16(r->b + opt);
	if (magic != PE32_MAGIC && magic != PE32PLUS_MAGIC)
		return false;
	r->wide = magic == PE32PLUS_MAGIC;
	size_t count = opt + (r->wide ? 108 : 92), dir = count + 4;
	r->sections = opt + optsize;
	if (count + 4 > opt + optsize || !fits(r, r->sections, 40u * r->nsections))
		return false;
	uint32_t ndirs = le32(r->b + count);
	for (unsigned i = 0; i < 2; i++) {
		bool have = i < ndirs && dir + 8 * (i + 1) <= opt + optsize;
		dirs[i][0] = have ? le32(r->b + dir + 8 * i) : 0;
		dirs[i][1] = have ? le32(r->b + dir + 8 * i + 4) : 0;
	}
	return true;
}

/* True when the export at rva lies in a section that is not code. */
static bool is_data(const struct reader *r, uint32_t rva)
{
	const unsigned char *s = section_of(r, rva);
	return s && !(le32(s + 36) & SCN_EXECUTE);
}

/* Where an export directory's tables sit in the file. */
struct exports {
	size_t names, ords, funcs;
	uint32_t nnames, nfuncs;
};

/* The tables of the export directory at rva; false when they do not fit the file. */
static bool export_tables(const struct reader *r, uint32_t rva, struct exports *x)
{
	size_t d;

	if (!at(r, rva, 40, &d))
		return false;
	x->nfuncs = le32(r->b + d + 20);
	x->nnames = le32(r->b + d + 24);
	if (x->nnames <= MAX_NAMES && x->nfuncs <= MAX_NAMES &&
	    at(r, le32(r->b + d + 32), 4u * x->nnames, &x->names) &&
	    at(r, le32(r->b + d + 36), 2u * x->nnames, &x->ords) &&
	    at(r, le32(r->b + d + 28), 4u * x->nfuncs, &x->funcs))
		return true;
	/* A table that names nothing is empty, whatever its pointers say. */
	bool empty = x->nnames == 0;
	x->nnames = 0;
	return empty;
}

/* Export i's name and address; false when its entry points outside the file or tables. */
static bool export_at(const struct reader *r, const struct exports *x, uint32_t i,
		      const char **name, uint32_t *rva)
{
	uint32_t ord = le16(r->b + x->ords + 2 * i);

	*name = string_at(r, le32(r->b + x->names + 4 * i));
	if (!*name || ord >= x->nfuncs)
		return false;
	*rva = le32(r->b + x->funcs + 4 * ord);
	return true;
}

static bool read_exports(const struct reader *r, uint32_t rva, struct pe_image *img)
{
	struct exports x;

	if (!rva)
		return true;
	if (!export_tables(r, rva, &x))
		return false;
	for (uint32_t i = 0; i < x.nnames; i++) {
		const char *name;
		uint32_t addr;
		if (!export_at(r, &x, i, &name, &addr))
			return false;
		strvec_push(&img->exports, name);
		if (is_data(r, addr))
			strvec_push(&img->data_exports, name);
	}
	return true;
}

/* One DLL's imports, from its lookup table at rva. */
static bool read_thunks(const struct reader *r, const char *dll, uint32_t rva, struct pe_image *img)
{
	size_t step = r->wide ? 8 : 4, off;

	for (size_t i = 0; i < MAX_NAMES; i++) {
		if (!at(r, rva + (uint32_t)(i * step), step, &off))
			return false;
		uint32_t lo = le32(r->b + off), hi = r->wide ? le32(r->b + off + 4) : 0;
		if (!lo && !hi)
			return true;
		strvec_push(&img->import_dlls, dll);
		if (r->wide ? (hi & 0x80000000u) : (lo & 0x80000000u)) {
			strvec_push_owned(&img->import_names, xasprintf("#%u", lo & 0xffffu));
			continue;
		}
		const char *name = string_at(r, lo + 2);
		if (!name)
			return false;
		strvec_push(&img->import_names, name);
	}
	return false;
}

static bool read_imports(const struct reader *r, uint32_t rva, struct pe_image *img)
{
	size_t d;

	for (uint32_t i = 0; rva && i < MAX_DLLS; i++) {
		if (!at(r, rva + 20 * i, 20, &d))
			return false;
		uint32_t lookup = le32(r->b + d), name = le32(r->b + d + 12);
		uint32_t iat = le32(r->b + d + 16);
		if (!lookup && !name && !iat)
			return true;
		const char *dll = string_at(r, name);
		if (!dll || !read_thunks(r, dll, lookup ? lookup : iat, img))
			return false;
	}
	return !rva;
}

bool pe_looks_like(const unsigned char *buf, size_t len)
{
	return len >= 2 && buf[0] == 'M' && buf[1] == 'Z';
}

bool pe_parse(const unsigned char *buf, size_t len, struct pe_image *img, const char **why)
{
	struct reader r = {buf, len, 0, 0, false};
	uint32_t dirs[2][2];

	if (!read_headers(&r, dirs, why))
		return false;
	*why = "malformed export table";
	if (!read_exports(&r, dirs[0][0], img))
		return false;
	*why = "malformed import table";
	return read_imports(&r, dirs[1][0], img);
}

/* symbol's address: 1 with *rva, 0 when not exported, -1 when the table is malformed. */
static int export_rva(const struct reader *r, const uint32_t dir[2], const char *symbol,
		      uint32_t *rva)
{
	struct exports x;

	if (!dir[0])
		return 0;
	if (!export_tables(r, dir[0], &x))
		return -1;
	for (uint32_t i = 0; i < x.nnames; i++) {
		const char *name;
		if (!export_at(r, &x, i, &name, rva))
			return -1;
		if (strcmp(name, symbol) != 0)
			continue;
		/* An address inside the export directory is a forwarder: "DLL.name", no data. */
		return *rva - dir[0] >= dir[1];
	}
	return 0;
}

/*
 * Up to want bytes at rva, as the loader maps them: the section's file
 * bytes, then zeros up to its size in memory (a tail that is not in the
 * file is bss). Ends at the section's end, or where a truncated file does.
 */
static size_t read_mapped(const struct reader *r, uint32_t rva, size_t want, unsigned char *out)
{
	const unsigned char *s = section_of(r, rva);
	size_t n = 0;

	if (!s)
		return 0;
	uint32_t from = rva - le32(s + 12), raw = le32(s + 16), vsize = le32(s + 8);
	size_t end = vsize > raw ? vsize : raw, base = le32(s + 20);
	for (size_t k = from; n < want && k < end; k++, n++) {
		if (k >= raw)
			out[n] = 0;
		else if (fits(r, base + k, 1))
			out[n] = r->b[base + k];
		else
			break;
	}
	return n;
}

int pe_export_data(const unsigned char *buf, size_t len, const char *symbol, size_t want,
		   struct pe_bytes *out)
{
	struct reader r = {buf, len, 0, 0, false};
	uint32_t dirs[2][2], rva = 0;
	const char *why;

	memset(out, 0, sizeof(*out));
	if (!read_headers(&r, dirs, &why))
		return -1;
	int found = export_rva(&r, dirs[0], symbol, &rva);
	if (found > 0) {
		out->wide = r.wide;
		out->bytes = xcalloc(want ? want : 1, 1);
		out->len = read_mapped(&r, rva, want, out->bytes);
	}
	return found;
}

void pe_bytes_release(struct pe_bytes *b)
{
	free(b->bytes);
	memset(b, 0, sizeof(*b));
}

void pe_image_release(struct pe_image *img)
{
	strvec_release(&img->exports);
	strvec_release(&img->data_exports);
	strvec_release(&img->import_dlls);
	strvec_release(&img->import_names);
}

bool pe_archive_symbols(const unsigned char *buf, size_t len, struct strvec *out)
{
	/* "!<arch>\n", then the first member's 60-byte header: name "/", size at 48. */
	if (len < 68 || memcmp(buf, "!<arch>\n", 8) != 0 || memcmp(buf + 8, "/ ", 2) != 0 ||
	    memcmp(buf + 66, "`\n", 2) != 0)
		return false;
	size_t size = 0;
	for (size_t i = 56; i < 66 && buf[i] >= '0' && buf[i] <= '9'; i++)
		size = size * 10 + (size_t)(buf[i] - '0');
	const unsigned char *p = buf + 68;
	if (size > len - 68 || size < 4)
		return false;
	uint32_t count = be32(p);
	if (count > (size - 4) / 4)
		return false;
	size_t pos = 4 + 4 * (size_t)count;
	for (uint32_t i = 0; i < count; i++) {
		const unsigned char *end = memchr(p + pos, '\0', size - pos);
		if (!end)
			return false;
		strvec_push_owned(out, xstrndup((const char *)p + pos, (size_t)(end - p - pos)));
		pos = (size_t)(end - p) + 1;
	}
	return true;
}
