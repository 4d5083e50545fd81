/*
 * fuzz_pe.c: the PE and ar readers behind the Windows module checks. Any
 * input parses or is refused; what parses holds one DLL name per import.
 */
#include <stdlib.h>

#include "fuzz.h"
#include "pe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pe_image img = PE_IMAGE_INIT;
	struct strvec syms = STRVEC_INIT;
	const char *why = NULL;

	if (pe_parse(data, size, &img, &why)) {
		if (img.import_dlls.n != img.import_names.n ||
		    img.data_exports.n > img.exports.n)
			fuzz_fail("a parsed image's tables disagree");
	} else if (!why) {
		fuzz_fail("a refused image gave no reason");
	}
	pe_archive_symbols(data, size, &syms);
	pe_image_release(&img);
	strvec_release(&syms);
	return 0;
}
