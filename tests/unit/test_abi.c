/* test_abi.c: the profile's abi key, and a record's stamp read in each data model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "abi.h"
#include "capture.h"
#include "check.h"
#include "deps.h"
#include "json.h"

/* Parse text as the abi object of a profile named p.json; what was said goes to *err. */
static int parse(const char *text, struct abi *a, const char **err)
{
	char *doc = xasprintf("{\n\"abi\": %s\n}\n", text);
	cJSON *root = cJSON_ParseWithLength(doc, strlen(doc));
	int rc;

	capture_start();
	rc = abi_parse(msgs, "p.json", doc, cJSON_GetObjectItemCaseSensitive(root, "abi"), a);
	*err = capture_err();
	cJSON_Delete(root);
	free(doc);
	return rc;
}

/* Apache's record as recorded from ap_mmn.h. */
static const char apache[] =
	"{\"record\": [\"int\", \"int\", \"int\", \"pointer\", \"pointer\", \"pointer\","
	" \"unsigned long\"],\n"
	" \"stamp\": [{\"field\": 0, \"name\": \"Apache API\", \"equals\": \"20120211\"},\n"
	"  {\"field\": 6, \"name\": \"Apache magic cookie\", \"equals\": \"0x41503234\"}]}";

static void test_parse(void)
{
	struct abi a = {0};
	const char *err;

	CHECK(parse(apache, &a, &err) == RC_OK && !*err);
	CHECK(a.nfields == 7 && a.nstamps == 2);
	CHECK(a.stamps[1].field == 6 && a.stamps[1].hex && a.stamps[1].value == 0x41503234);
	CHECK(!a.stamps[0].hex && !a.stamps[0].at_least && a.stamps[0].value == 20120211);
	/* x86_64 and i386: the cookie sits after three ints and three pointers. */
	CHECK(abi_record_size(&a, ABI_LP64) == 48);
	CHECK(abi_record_size(&a, ABI_ILP32) == 28);
	char *e = abi_expected(&a);
	CHECK_STR(e, "Apache API 20120211, Apache magic cookie 0x41503234");
	free(e);
	abi_release(&a);

	CHECK(parse("{\"symbol\": \"%s_module_entry\", \"record\": [\"unsigned short\", "
		    "\"unsigned int\"], \"stamp\": [{\"field\": 1, \"name\": \"Zend API\", "
		    "\"at_least\": \"20220829\"}]}",
		    &a, &err) == RC_OK);
	CHECK(a.symbol.text && strcmp(a.symbol.text, "%s_module_entry") == 0);
	CHECK(a.stamps[0].at_least);
	abi_release(&a);
}

static void test_parse_errors(void)
{
	static const struct {
		const char *text, *err;
	} cases[] = {
		{"{\"stamp\": []}", "'abi.record' is required"},
		{"{\"record\": [\"int\"]}", "'abi.stamp' is required"},
		{"{\"record\": [\"float\"], \"stamp\": []}", "'abi.record' must hold C type names"},
		{"{\"record\": [], \"stamp\": []}", "'abi.record' must name 1 to 64 members"},
		{"{\"record\": [\"int\"], \"stamp\": []}", "'abi.stamp' must have 1 to 16 entries"},
		{"{\"record\": [\"int\"], \"stamp\": [{\"field\": 1, \"name\": \"x\", \"equals\": "
		 "\"1\"}]}",
		 "names a field the record does not have"},
		{"{\"record\": [\"int\"], \"stamp\": [{\"field\": 0.5, \"name\": \"x\", \"equals\": "
		 "\"1\"}]}",
		 "names a field the record does not have"},
		{"{\"record\": [\"pointer\"], \"stamp\": [{\"field\": 0, \"name\": \"x\", \"equals\": "
		 "\"1\"}]}",
		 "names a pointer"},
		{"{\"record\": [\"int\"], \"stamp\": [{\"field\": 0, \"name\": \"x\"}]}",
		 "one of \"equals\" and \"at_least\""},
		{"{\"record\": [\"int\"], \"stamp\": [{\"field\": 0, \"name\": \"x\", \"equals\": "
		 "\"1\", \"at_least\": \"1\"}]}",
		 "one of \"equals\" and \"at_least\""},
		{"{\"record\": [\"int\"], \"stamp\": [{\"field\": 0, \"name\": \"x\", \"equals\": 1}]}",
		 "values must be numbers written as strings"},
		{"{\"record\": [\"int\"], \"stamp\": [{\"field\": 0, \"name\": \"x\", \"equals\": "
		 "\"12x\"}]}",
		 "values must be numbers written as strings"},
		{"{\"record\": [\"int\"], \"stamp\": [{\"field\": 0, \"name\": \"x\", \"equals\": "
		 "\"--1\"}]}",
		 "values must be numbers written as strings"},
		{"{\"record\": [\"int\"], \"stamp\": [{\"field\": 0, \"name\": \"x\", \"equals\": "
		 "\"0x80000000\"}]}",
		 "a value its member's type cannot hold"},
		{"{\"record\": [\"unsigned char\"], \"stamp\": [{\"field\": 0, \"name\": \"x\", "
		 "\"equals\": \"-1\"}]}",
		 "a value its member's type cannot hold"},
		{"{\"symbol\": \"%s_%s\", \"record\": [\"int\"], \"stamp\": [{\"field\": 0, \"name\": "
		 "\"x\", \"equals\": \"1\"}]}",
		 "'abi.symbol' must be a string with one %s"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct abi a = {0};
		const char *err;
		int rc = parse(cases[i].text, &a, &err);
		if (rc != RC_DATA || !strstr(err, cases[i].err) ||
		    !strstr(err, "'p.json': line 2: ")) {
			fprintf(stderr, "case %zu: rc %d, said: %s", i, rc, err);
			failures++;
		}
		abi_release(&a);
	}
	/* The most negative value of a signed member fits; an unsigned long takes all 64 bits. */
	struct abi a = {0};
	const char *err;
	CHECK(parse("{\"record\": [\"int\", \"unsigned long\"], \"stamp\": [{\"field\": 0, "
		    "\"name\": \"x\", \"equals\": \"-2147483648\"}, {\"field\": 1, \"name\": \"y\", "
		    "\"equals\": \"0xffffffffffffffff\"}]}",
		    &a, &err) == RC_OK);
	abi_release(&a);
}

/* Put v, sz bytes wide, at p in either byte order. */
static void put(unsigned char *p, unsigned long long v, size_t sz, bool big)
{
	for (size_t i = 0; i < sz; i++)
		p[big ? sz - 1 - i : i] = (unsigned char)(v >> (8 * i));
}

static void test_decode(void)
{
	struct abi a = {0};
	const char *err;
	unsigned char rec[64];

	CHECK(parse(apache, &a, &err) == RC_OK);
	for (int model = 0; model < 4; model++) {
		enum abi_model m = model & 1 ? ABI_LP64 : ABI_ILP32;
		bool big = model & 2;
		size_t cookie = m == ABI_LP64 ? 40 : 24, sz = m == ABI_LP64 ? 8 : 4;
		memset(rec, 0xee, sizeof(rec));
		put(rec, 20120211, 4, big);
		put(rec + cookie, 0x41503234, sz, big);
		struct abi_found r = abi_decode(&a, rec, abi_record_size(&a, m), m, big);
		CHECK(r.result == ABI_MATCH);
		/* One byte short of the cookie's end is too small to say. */
		r = abi_decode(&a, rec, abi_record_size(&a, m) - 1, m, big);
		CHECK(r.result == ABI_SMALL);
		put(rec, 20051115, 4, big);
		r = abi_decode(&a, rec, sizeof(rec), m, big);
		CHECK(r.result == ABI_MISMATCH && r.stamp == 0 && r.value == 20051115);
		put(rec, 20120211, 4, big);
		put(rec + cookie, 0x41503133, sz, big);
		r = abi_decode(&a, rec, sizeof(rec), m, big);
		CHECK(r.result == ABI_MISMATCH && r.stamp == 1 && r.value == 0x41503133);
	}
	abi_release(&a);

	/* at_least compares as the member's type does: -1 is less for an int. */
	CHECK(parse("{\"record\": [\"pointer\", \"pointer\", \"int\"], \"stamp\": [{\"field\": 2, "
		    "\"name\": \"ProFTPD module API\", \"at_least\": \"0x20\"}]}",
		    &a, &err) == RC_OK);
	memset(rec, 0, sizeof(rec));
	put(rec + 16, 0x30, 4, false);
	CHECK(abi_decode(&a, rec, 20, ABI_LP64, false).result == ABI_MATCH);
	put(rec + 16, 0x20, 4, false);
	CHECK(abi_decode(&a, rec, 20, ABI_LP64, false).result == ABI_MATCH);
	put(rec + 16, 0x1f, 4, false);
	CHECK(abi_decode(&a, rec, 20, ABI_LP64, false).result == ABI_MISMATCH);
	put(rec + 16, 0xffffffff, 4, false);
	struct abi_found r = abi_decode(&a, rec, 20, ABI_LP64, false);
	CHECK(r.result == ABI_MISMATCH && (long long)r.value == -1);
	/* On a 32-bit model the member is at 8. */
	put(rec + 8, 0x20, 4, true);
	CHECK(abi_decode(&a, rec, 12, ABI_ILP32, true).result == ABI_MATCH);
	abi_release(&a);
}

/*
 * 64-bit Windows: pointers are 8 bytes as on LP64, but long stays 4, so a
 * record's members after a long sit elsewhere than on 64-bit ELF.
 */
static void test_decode_llp64(void)
{
	struct abi a = {0};
	const char *err;
	unsigned char rec[64];

	/* Apache's cookie (unsigned long) after three ints and three pointers: 40, 4 bytes. */
	CHECK(parse(apache, &a, &err) == RC_OK);
	CHECK(abi_record_size(&a, ABI_LLP64) == 44);
	memset(rec, 0xee, sizeof(rec));
	put(rec, 20120211, 4, false);
	put(rec + 40, 0x41503234, 4, false);
	CHECK(abi_decode(&a, rec, 44, ABI_LLP64, false).result == ABI_MATCH);
	CHECK(abi_decode(&a, rec, 43, ABI_LLP64, false).result == ABI_SMALL);
	/* Read as LP64 the 8-byte cookie takes in the 0xee after it. */
	struct abi_found r = abi_decode(&a, rec, sizeof(rec), ABI_LP64, false);
	CHECK(r.result == ABI_MISMATCH && r.stamp == 1 && r.value == 0xeeeeeeee41503234ull);
	put(rec + 40, 0x41503133, 4, false);
	r = abi_decode(&a, rec, 44, ABI_LLP64, false);
	CHECK(r.result == ABI_MISMATCH && r.stamp == 1 && r.value == 0x41503133);
	abi_release(&a);

	/* modxs-demo's record: unsigned long magic, then int api_version at 4, not 8. */
	CHECK(parse("{\"record\": [\"unsigned long\", \"int\"], \"stamp\": [{\"field\": 0, "
		    "\"name\": \"magic\", \"equals\": \"0x4d58444d\"}, {\"field\": 1, \"name\": "
		    "\"API\", \"equals\": \"1\"}]}",
		    &a, &err) == RC_OK);
	CHECK(abi_record_size(&a, ABI_LLP64) == 8 && abi_record_size(&a, ABI_LP64) == 12);
	CHECK(abi_record_size(&a, ABI_ILP32) == 8);
	memset(rec, 0, sizeof(rec));
	put(rec, 0x4d58444d, 4, false);
	put(rec + 4, 1, 4, false);
	CHECK(abi_decode(&a, rec, 8, ABI_LLP64, false).result == ABI_MATCH);
	CHECK(abi_decode(&a, rec, 8, ABI_ILP32, false).result == ABI_MATCH);
	/* The same bytes as LP64: the magic would be 8 bytes, holding the API number too. */
	r = abi_decode(&a, rec, 16, ABI_LP64, false);
	CHECK(r.result == ABI_MISMATCH && r.stamp == 0 && r.value == 0x14d58444dull);
	put(rec + 4, 2, 4, false);
	r = abi_decode(&a, rec, 8, ABI_LLP64, false);
	CHECK(r.result == ABI_MISMATCH && r.stamp == 1 && r.value == 2);
	abi_release(&a);
}

/* What abi_read makes of files that are no module, and of a missing symbol. */
static void test_read(const struct deps *lib)
{
	struct abi a = {0};
	const char *err;
	char path[] = "/tmp/modxs-test-abi-XXXXXX";
	int fd = mkstemp(path);

	CHECK(parse(apache, &a, &err) == RC_OK);
	CHECK(fd >= 0 && write(fd, "not ELF\n", 8) == 8);
	close(fd);
	struct abi_found r = abi_read(lib, &a, path, "x_module");
	CHECK(r.result == ABI_NOT_READ);
	r = abi_read(lib, &a, "/nonexistent/mod_x.so", "x_module");
	CHECK(r.result == ABI_NOT_READ && r.err != 0);
	/* A real ELF object without the record: the test program's own libc. */
	r = abi_read(lib, &a, "/proc/self/exe", "no_such_module");
	CHECK(r.result == ABI_NO_RECORD);
	unlink(path);
	abi_release(&a);
}

int main(void)
{
	const struct deps *lib = NULL;

	capture_stderr("modxs");
	if (json_lib_load(msgs) != RC_OK || deps_load(msgs, "", &lib) != RC_OK)
		return 2;
	test_parse();
	test_parse_errors();
	test_decode();
	test_decode_llp64();
	test_read(lib);
	msgs_release(msgs);
	return check_status("test_abi");
}
