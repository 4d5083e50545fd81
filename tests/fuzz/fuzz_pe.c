/*
 * fuzz_pe.c: the PE and ar readers behind the Windows module checks. Any
 * input parses or is refused; what parses holds one DLL name per import,
 * and the data of its first exports (as the ABI stamp reader reads a
 * record) is found and read within the bytes asked for.
 */
#include <stdlib.h>

#include "fuzz.h"
#include "pe.h"

/* Read the first bytes of a few exports, as the ABI check reads a record. */
static void read_exports(const uint8_t *data, size_t size, const struct pe_image *img)
{
	for (size_t i = 0; i < img->exports.n && i < 4; i++) {
		struct pe_bytes b;
		size_t want = 1 + i * 40;
		int found = pe_export_data(data, size, img->exports.v[i], want, &b);
		if (found < 0 || (found && (b.len > want || !b.bytes)))
			fuzz_fail("a parsed image's export could not be read, or read too much");
		pe_bytes_release(&b);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pe_image img = PE_IMAGE_INIT;
	struct strvec syms = STRVEC_INIT;
	const char *why = NULL;

	if (pe_parse(data, size, &img, &why)) {
		if (img.import_dlls.n != img.import_names.n || img.data_exports.n > img.exports.n)
			fuzz_fail("a parsed image's tables disagree");
		read_exports(data, size, &img);
	} else if (!why) {
		fuzz_fail("a refused image gave no reason");
	}
	pe_archive_symbols(data, size, &syms);
	pe_image_release(&img);
	strvec_release(&syms);
	return 0;
}
