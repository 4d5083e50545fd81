/*
 * fuzz_abi.c: the ABI stamp reader. The first byte picks what the rest is:
 * 0 a module file, ELF or (starting "MZ") PE, read for Apache's and
 * ProFTPD's stamps as -i reads one; 1 a record's bytes, decoded in the
 * data model bits 1 and 3 pick (LP64, LLP64, else ILP32) and the byte
 * order bit 2 picks; 2 a profile's abi object, parsed and described. A
 * file is never loaded, so whatever its tables say must only read what it
 * holds.
 */
#include <stdlib.h>
#include <string.h>

#include "abi.h"
#include "deps.h"
#include "fuzz.h"
#include "json.h"
#include "util.h"

static const char apache[] =
	"{\"record\": [\"int\", \"int\", \"int\", \"pointer\", \"pointer\", \"pointer\", "
	"\"unsigned long\"], \"stamp\": [{\"field\": 0, \"name\": \"Apache API\", \"equals\": "
	"\"20120211\"}, {\"field\": 6, \"name\": \"Apache magic cookie\", \"equals\": "
	"\"0x41503234\"}]}";
static const char proftpd[] = "{\"record\": [\"pointer\", \"pointer\", \"int\"], \"stamp\": "
			      "[{\"field\": 2, \"name\": \"ProFTPD module API\", \"at_least\": "
			      "\"0x20\"}]}";

/* Parse text as a profile's abi object; RC_OK with a filled in. */
static int parse(const char *text, size_t len, struct abi *a)
{
	cJSON *root = cJSON_ParseWithLength(text, len);
	int rc = abi_parse(msgs, "fuzz.json", text, root, a);

	cJSON_Delete(root);
	return rc;
}

static void read_file(const uint8_t *data, size_t size)
{
	const struct deps *lib;
	char *path = fuzz_file("mod_f.so", data, size);
	const char *texts[] = {apache, proftpd};

	if (deps_load(msgs, "", &lib) != RC_OK)
		fuzz_fail("libelf is not linked into the fuzz target");
	for (size_t i = 0; i < 2; i++) {
		struct abi a = {0};
		if (parse(texts[i], strlen(texts[i]), &a) != RC_OK)
			fuzz_fail("a built-in stamp did not parse");
		struct abi_found r = abi_read(lib, &a, path, i ? "f_module" : "x_module");
		if (r.result == ABI_MISMATCH && r.stamp >= a.nstamps)
			fuzz_fail("a mismatch names a stamp the profile does not have");
		abi_release(&a);
	}
	free(path);
}

static void decode(const uint8_t *data, size_t size, enum abi_model model, bool big)
{
	struct abi a = {0};

	if (parse(apache, strlen(apache), &a) != RC_OK)
		fuzz_fail("a built-in stamp did not parse");
	/* An exact-size copy, so a read past the end is caught by ASan. */
	unsigned char *bytes = xmalloc(size ? size : 1);
	memcpy(bytes, data, size);
	struct abi_found r = abi_decode(&a, bytes, size, model, big);
	if ((r.result == ABI_SMALL) != (size < abi_record_size(&a, model)))
		fuzz_fail("a record was judged too small, or not, against its size");
	free(bytes);
	abi_release(&a);
}

static void parse_key(const uint8_t *data, size_t size)
{
	struct abi a = {0};
	char *text = fuzz_str(data, size);

	if (parse(text, strlen(text), &a) == RC_OK) {
		if (!a.nstamps || !a.nfields || abi_record_size(&a, true) > 64 * 8)
			fuzz_fail("a parsed stamp has no members, or more than the record");
		for (size_t i = 0; i < a.nstamps; i++)
			if (a.stamps[i].field >= a.nfields)
				fuzz_fail("a parsed stamp names a member past the record");
		free(abi_expected(&a));
	}
	abi_release(&a);
	free(text);
}

/* The data model bits 3 and 1 of the first byte pick. */
static enum abi_model model_of(uint8_t b)
{
	if (b & 8)
		return ABI_LLP64;
	return b & 2 ? ABI_LP64 : ABI_ILP32;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	if (json_lib_load(msgs) != RC_OK)
		fuzz_fail("libcjson cannot be loaded");
	switch (data[0] % 3) {
	case 0:
		read_file(data + 1, size - 1);
		break;
	case 1:
		decode(data + 1, size - 1, model_of(data[0]), data[0] & 4);
		break;
	default:
		parse_key(data + 1, size - 1);
	}
	return 0;
}
