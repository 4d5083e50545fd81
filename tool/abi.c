/*
 * abi.c: a module's ABI stamp. A server refuses, when it loads a module,
 * a record that carries another API number (Apache's MODULE_MAGIC_NUMBER
 * and magic cookie, ProFTPD's api_version). The profile says where those
 * members sit in the record and what the server wants; here they are read
 * from the module's file, never by loading it, and compared, so a module
 * for another server is refused before it is installed.
 */
#include "abi.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elfcheck.h"
#include "json.h"
#include "jsonfile.h"
#include "msg.h"
#include "pecheck.h"
#include "util.h"

/* A record prefix longer than this is not a stamp: a profile saying so is wrong. */
#define MAX_FIELDS 64
#define MAX_STAMPS 16

static const struct {
	const char *name;
	enum abi_type type;
	bool is_unsigned;
} type_names[] = {
	{"char", ABI_CHAR, false},	     {"signed char", ABI_CHAR, false},
	{"unsigned char", ABI_CHAR, true},   {"short", ABI_SHORT, false},
	{"unsigned short", ABI_SHORT, true}, {"int", ABI_INT, false},
	{"unsigned int", ABI_INT, true},     {"unsigned", ABI_INT, true},
	{"long", ABI_LONG, false},	     {"unsigned long", ABI_LONG, true},
	{"pointer", ABI_POINTER, true},
};

/* --- the profile key ------------------------------------------------------ */

/* Where one parse reports: the profile's path and text. */
struct where {
	struct msgs *msgs;
	const char *path, *text;
};

static int bad_at(const struct where *w, int line, const char *key, const char *why)
{
	return error(w->msgs, RC_DATA, "'%s': line %d: 'abi.%s' %s", w->path, line, key, why);
}

static int bad(const struct where *w, const char *key, const char *why)
{
	return bad_at(w, json_line(w->text, "abi", key), key, why);
}

static int parse_fields(const struct where *w, const cJSON *list, struct abi *a)
{
	const cJSON *e;
	size_t n = 0;

	if (!cJSON_IsArray(list))
		return bad(w, "record", "must be an array of C type names");
	cJSON_ArrayForEach(e, list) {
		n++;
	}
	if (!n || n > MAX_FIELDS)
		return bad(w, "record", "must name 1 to 64 members");
	a->fields = xcalloc(n, sizeof(*a->fields));
	cJSON_ArrayForEach(e, list) {
		size_t k = 0;
		while (k < sizeof(type_names) / sizeof(*type_names) &&
		       !(cJSON_IsString(e) && strcmp(e->valuestring, type_names[k].name) == 0))
			k++;
		if (k == sizeof(type_names) / sizeof(*type_names))
			return bad(w, "record",
				   "must hold C type names: char, short, int, long (each maybe "
				   "unsigned) or pointer");
		a->fields[a->nfields++] = (struct abi_field){type_names[k].type,
							     type_names[k].is_unsigned};
	}
	return RC_OK;
}

/* The largest value a member of type t holds in any data model, as unsigned. */
static unsigned long long type_max(enum abi_type t, bool is_unsigned)
{
	unsigned bits = t == ABI_CHAR ? 8 : t == ABI_SHORT ? 16 : t == ABI_INT ? 32 : 64;
	unsigned long long all = bits == 64 ? ~0ull : (1ull << bits) - 1;

	return is_unsigned ? all : all >> 1;
}

/* A number as a string ("20120211", "0x41503234", "-1") that fits member f. */
static int parse_value(const struct where *w, const cJSON *it, const struct abi_field *f,
		       struct abi_stamp *s)
{
	const char *t = cJSON_IsString(it) ? it->valuestring : "";
	const char *digits = t + (*t == '-');
	char *end = NULL;
	unsigned long long v;

	errno = 0;
	v = strtoull(digits, &end, 0);
	if (!*digits || *digits == '-' || *digits == '+' || *digits == ' ' || *end || errno)
		return bad(w, "stamp",
			   "values must be numbers written as strings: \"20120211\", "
			   "\"0x20\"");
	unsigned long long max = type_max(f->type, f->is_unsigned);
	if (*t == '-' ? f->is_unsigned || v > max + 1 : v > max)
		return bad(w, "stamp", "holds a value its member's type cannot hold");
	s->hex = digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X');
	s->value = *t == '-' ? 0 - v : v;
	return RC_OK;
}

static int parse_stamp(const struct where *w, const cJSON *o, struct abi *a)
{
	const cJSON *field = cJSON_GetObjectItemCaseSensitive(o, "field");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(o, "name");
	const cJSON *eq = cJSON_GetObjectItemCaseSensitive(o, "equals");
	const cJSON *min = cJSON_GetObjectItemCaseSensitive(o, "at_least");
	struct abi_stamp *s = &a->stamps[a->nstamps];

	if (!cJSON_IsObject(o) || !cJSON_IsNumber(field) || !cJSON_IsString(name) ||
	    !*name->valuestring || strlen(name->valuestring) > 80 || !eq == !min)
		return bad(w, "stamp",
			   "entries must be objects with \"field\" (a number), \"name\" (a "
			   "short string) and one of \"equals\" and \"at_least\"");
	double d = field->valuedouble;
	if (!(d >= 0 && d < (double)a->nfields) || d != (double)(size_t)d)
		return bad(w, "stamp", "names a field the record does not have");
	s->field = (size_t)d;
	if (a->fields[s->field].type == ABI_POINTER)
		return bad(w, "stamp", "names a pointer: its value is only known once loaded");
	s->at_least = min != NULL;
	int rc = parse_value(w, min ? min : eq, &a->fields[s->field], s);
	if (rc)
		return rc;
	s->name = xstrdup(name->valuestring);
	a->nstamps++;
	return RC_OK;
}

int abi_parse(struct msgs *msgs, const char *path, const char *text, const cJSON *obj,
	      struct abi *a)
{
	struct where w = {msgs, path, text};
	const cJSON *sym = cJSON_GetObjectItemCaseSensitive(obj, "symbol");
	const cJSON *rec = cJSON_GetObjectItemCaseSensitive(obj, "record");
	const cJSON *stamp = cJSON_GetObjectItemCaseSensitive(obj, "stamp"), *e;
	size_t n = 0;
	int rc;

	abi_release(a);
	if (sym && (!cJSON_IsString(sym) || fmt_parse(&a->symbol, sym->valuestring, 1, 1)))
		return bad(&w, "symbol", "must be a string with one %s for the module name");
	if (!rec || !cJSON_IsArray(stamp))
		return bad_at(&w, json_line(text, NULL, "abi"), rec ? "stamp" : "record",
			      "is required: see modxs-profile(5)");
	if ((rc = parse_fields(&w, rec, a)))
		return rc;
	cJSON_ArrayForEach(e, stamp) {
		n++;
	}
	if (!n || n > MAX_STAMPS)
		return bad(&w, "stamp", "must have 1 to 16 entries");
	a->stamps = xcalloc(n, sizeof(*a->stamps));
	cJSON_ArrayForEach(e, stamp) {
		if ((rc = parse_stamp(&w, e, a)))
			return rc;
	}
	return RC_OK;
}

void abi_release(struct abi *a)
{
	for (size_t i = 0; i < a->nstamps; i++)
		free(a->stamps[i].name);
	free(a->stamps);
	free(a->fields);
	fmt_release(&a->symbol);
	memset(a, 0, sizeof(*a));
}

/* --- the record's layout ---------------------------------------------------- */

/*
 * A member's size, which is also its alignment in every data model modxs
 * builds for: char, short and int are the same in all of them.
 */
static size_t type_size(enum abi_type t, enum abi_model model)
{
	switch (t) {
	case ABI_CHAR:
		return 1;
	case ABI_SHORT:
		return 2;
	case ABI_INT:
		return 4;
	case ABI_LONG:
		return model == ABI_LP64 ? 8 : 4;
	default:
		return model == ABI_ILP32 ? 4 : 8;
	}
}

/* Where member i starts: each member aligned to its own size, as C lays a struct out. */
static size_t field_offset(const struct abi *a, size_t i, enum abi_model model)
{
	size_t off = 0;

	for (size_t k = 0; k <= i; k++) {
		size_t sz = type_size(a->fields[k].type, model);
		off = (off + sz - 1) / sz * sz;
		if (k < i)
			off += sz;
	}
	return off;
}

size_t abi_record_size(const struct abi *a, enum abi_model model)
{
	size_t end = 0;

	for (size_t i = 0; i < a->nstamps; i++) {
		size_t f = a->stamps[i].field;
		size_t e = field_offset(a, f, model) + type_size(a->fields[f].type, model);
		if (e > end)
			end = e;
	}
	return end;
}

/* Member f's value at p, in the file's byte order, widened as C widens it. */
static unsigned long long field_value(const struct abi_field *f, const unsigned char *p, size_t sz,
				      bool big_endian)
{
	unsigned long long v = 0;

	for (size_t i = 0; i < sz; i++)
		v |= (unsigned long long)p[big_endian ? i : sz - 1 - i] << (8 * (sz - 1 - i));
	if (!f->is_unsigned && sz < 8 && (v >> (8 * sz - 1)) & 1)
		v |= ~0ull << (8 * sz);
	return v;
}

/* A member's value passes its stamp: equal, or not less where the server takes newer. */
static bool stamp_ok(const struct abi_stamp *s, const struct abi_field *f, unsigned long long v)
{
	if (!s->at_least)
		return v == s->value;
	if (f->is_unsigned)
		return v >= s->value;
	return (long long)v >= (long long)s->value;
}

struct abi_found abi_decode(const struct abi *a, const unsigned char *bytes, size_t len,
			    enum abi_model model, bool big_endian)
{
	struct abi_found r = {ABI_MATCH, 0, 0, 0, false};

	if (len < abi_record_size(a, model))
		return (struct abi_found){ABI_SMALL, 0, 0, 0, false};
	for (size_t i = 0; i < a->nstamps; i++) {
		const struct abi_stamp *s = &a->stamps[i];
		const struct abi_field *f = &a->fields[s->field];
		unsigned long long v = field_value(f, bytes + field_offset(a, s->field, model),
						   type_size(f->type, model), big_endian);
		if (!stamp_ok(s, f, v))
			return (struct abi_found){ABI_MISMATCH, i, v, 0, false};
	}
	return r;
}

/* An ELF object's record: LP64 or ILP32 by its class, in its byte order. */
static struct abi_found read_elf(const struct deps *lib, const struct abi *a, const char *path,
				 const char *symbol, size_t want)
{
	struct elf_bytes b;
	struct abi_found r = {ABI_MATCH, 0, 0, 0, false};
	int found = elfcheck_symbol_data(lib, path, symbol, want, &b);

	if (found < 0)
		r = (struct abi_found){ABI_NOT_READ, 0, 0, errno, false};
	else if (!found)
		r.result = ABI_NO_RECORD;
	else
		r = abi_decode(a, b.bytes, b.len, b.is64 ? ABI_LP64 : ABI_ILP32, b.big_endian);
	elf_bytes_release(&b);
	return r;
}

/* A PE DLL's record: LLP64 for a 64-bit (PE32+) image, else ILP32; always little-endian. */
static struct abi_found read_pe(const struct abi *a, const char *path, const char *symbol,
				size_t want)
{
	struct pe_bytes b;
	struct abi_found r = {ABI_MATCH, 0, 0, 0, true};
	int found = pecheck_symbol_data(path, symbol, want, &b);

	if (found < 0)
		r = (struct abi_found){ABI_NOT_READ, 0, 0, errno, true};
	else if (!found)
		r.result = ABI_NO_RECORD;
	else
		r = abi_decode(a, b.bytes, b.len, b.wide ? ABI_LLP64 : ABI_ILP32, false);
	r.pe = true;
	pe_bytes_release(&b);
	return r;
}

struct abi_found abi_read(const struct deps *lib, const struct abi *a, const char *path,
			  const char *symbol)
{
	/* Enough for any data model: LP64 is never the smaller. */
	size_t want = abi_record_size(a, ABI_LP64);

	if (pecheck_applies(path))
		return read_pe(a, path, symbol, want);
	return read_elf(lib, a, path, symbol, want);
}

/* --- what a user sees -------------------------------------------------------- */

char *abi_show(const struct abi_stamp *s, const struct abi_field *f, unsigned long long v)
{
	if (s->hex)
		return xasprintf("0x%llx", v & type_max(f->type, true));
	if (f->is_unsigned)
		return xasprintf("%llu", v);
	return xasprintf("%lld", (long long)v);
}

char *abi_expected(const struct abi *a)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < a->nstamps; i++) {
		const struct abi_stamp *s = &a->stamps[i];
		char *v = abi_show(s, &a->fields[s->field], s->value);
		buf_printf(&b, "%s%s %s%s", i ? ", " : "", s->name, s->at_least ? ">= " : "", v);
		free(v);
	}
	return buf_detach(&b);
}
