/* pecheck.c: the record and import checks for a module that is a Windows DLL. */
#include "pecheck.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "fileio.h"
#include "pe.h"
#include "report.h"

/* No DLL or import library comes near this; a bigger file is refused unread. */
#define MAX_FILE (256u << 20)
/* Names listed in one error, the rest counted. */
#define LIST_MAX 12

bool pecheck_applies(const char *path)
{
	unsigned char head[2];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	bool pe = fd >= 0 && read(fd, head, 2) == 2 && pe_looks_like(head, 2);

	if (fd >= 0)
		close(fd);
	return pe;
}

/* The image at path, or an error naming why not. */
static int read_image(struct msgs *msgs, const char *path, struct pe_image *img)
{
	size_t len = 0;
	char *buf = file_read_max(path, MAX_FILE, &len);
	const char *why = NULL;

	if (!buf)
		return error(msgs, RC_CHECK, "cannot read '%s' as a PE DLL:", path);
	bool ok = pe_parse((unsigned char *)buf, len, img, &why);
	free(buf);
	if (!ok)
		return error(msgs, RC_CHECK, "cannot read '%s' as a PE DLL: %s", path, why);
	return RC_OK;
}

int pecheck_symbol_data(const char *path, const char *symbol, size_t want, struct pe_bytes *out)
{
	size_t len = 0;
	char *buf = file_read_max(path, MAX_FILE, &len);
	int found;

	memset(out, 0, sizeof(*out));
	if (!buf)
		return -1;
	found = pe_export_data((unsigned char *)buf, len, symbol, want, out);
	free(buf);
	if (found < 0)
		errno = EINVAL;
	return found;
}

static void list_names(struct buf *b, const struct strvec *names)
{
	for (size_t i = 0; i < names->n && i < LIST_MAX; i++)
		buf_printf(b, "%s%s", i ? ", " : "", names->v[i]);
	if (names->n > LIST_MAX)
		buf_printf(b, " and %zu more", names->n - LIST_MAX);
}

int pecheck_record(struct msgs *msgs, const char *module, const char *symbol, const char *suffix)
{
	struct pe_image img = PE_IMAGE_INIT;
	struct strvec like = STRVEC_INIT;
	struct buf b = BUF_INIT;
	int rc = read_image(msgs, module, &img);

	if (rc || strvec_has(&img.exports, symbol))
		goto out;
	for (size_t i = 0; i < img.data_exports.n; i++)
		if (*suffix && str_ends(img.data_exports.v[i], suffix))
			strvec_push(&like, img.data_exports.v[i]);
	list_names(&b, &like);
	rc = error(msgs, RC_CHECK, "'%s' does not export its module record '%s'; %s%s%s", module,
		   symbol,
		   like.n ? "it exports " :
			    "no exported data symbol looks like one (a DLL exports "
			    "what is marked __declspec(dllexport))",
		   like.n ? b.s : "", like.n ? " (use -n NAME, or rename the record)" : "");
out:
	report_check(msgs, "record", rc == RC_OK, symbol);
	buf_release(&b);
	strvec_release(&like);
	pe_image_release(&img);
	return rc;
}

/* DLLs every Windows has; imports from them are the system's business. */
static bool system_dll(const char *dll)
{
	static const char *const known[] = {
		"kernel32.dll", "msvcrt.dll",	"ucrtbase.dll", "ntdll.dll",   "user32.dll",
		"advapi32.dll", "ws2_32.dll",	"wsock32.dll",	"mswsock.dll", "shell32.dll",
		"ole32.dll",	"oleaut32.dll", "gdi32.dll",	"crypt32.dll", "bcrypt.dll",
		"secur32.dll",	"rpcrt4.dll",	"shlwapi.dll",	"version.dll", "iphlpapi.dll",
		"psapi.dll",	"userenv.dll",	"dbghelp.dll",	"winmm.dll",
	};
	if (strncasecmp(dll, "api-ms-win-", 11) == 0 || strncasecmp(dll, "ext-ms-win-", 11) == 0)
		return true;
	for (size_t i = 0; i < sizeof(known) / sizeof(*known); i++)
		if (strcasecmp(dll, known[i]) == 0)
			return true;
	return false;
}

/* The symbols of every readable import library; how many were read. */
static size_t implib_symbols(const struct strvec *implibs, struct strvec *syms)
{
	size_t read = 0;

	for (size_t i = 0; i < implibs->n; i++) {
		size_t len = 0;
		char *buf = file_read_max(implibs->v[i], MAX_FILE, &len);
		read += buf && pe_archive_symbols((unsigned char *)buf, len, syms);
		free(buf);
	}
	return read;
}

/* True when a DLL named dll in one of libdirs exports name. */
static bool libdir_exports(const struct strvec *libdirs, const char *dll, const char *name)
{
	bool found = false;

	for (size_t i = 0; !found && i < libdirs->n; i++) {
		struct pe_image img = PE_IMAGE_INIT;
		char *path = path_join(libdirs->v[i], dll), *buf;
		size_t len = 0;
		const char *why;
		if ((buf = file_read_max(path, MAX_FILE, &len)) &&
		    pe_parse((unsigned char *)buf, len, &img, &why))
			found = strvec_has(&img.exports, name);
		pe_image_release(&img);
		free(buf);
		free(path);
	}
	return found;
}

static bool resolves(const struct strvec *syms, const struct strvec *libdirs, const char *dll,
		     const char *name)
{
	if (system_dll(dll) || strvec_has(syms, name))
		return true;
	char *imp = xasprintf("__imp_%s", name);
	bool found = strvec_has(syms, imp) || libdir_exports(libdirs, dll, name);
	free(imp);
	return found;
}

int pecheck_symbols(struct msgs *msgs, const char *module, const struct strvec *implibs,
		    const struct strvec *libdirs)
{
	struct pe_image img = PE_IMAGE_INIT;
	struct strvec syms = STRVEC_INIT, bad = STRVEC_INIT;
	struct buf b = BUF_INIT, libs = BUF_INIT;
	int rc = read_image(msgs, module, &img);
	size_t have = rc ? 0 : implib_symbols(implibs, &syms);

	for (size_t i = 0; !rc && i < img.import_names.n; i++) {
		const char *dll = img.import_dlls.v[i], *name = img.import_names.v[i];
		if (!resolves(&syms, libdirs, dll, name))
			strvec_push_owned(&bad, xasprintf("%s (from %s)", name, dll));
	}
	list_names(&b, &bad);
	for (size_t i = 0; i < implibs->n; i++)
		buf_printf(&libs, "%s'%s'", i ? ", " : "", implibs->v[i]);
	if (bad.n && have)
		rc = error(msgs, RC_CHECK,
			   "'%s': imports that neither the host's import library %s nor a "
			   "system DLL provides: %s (link the library that has them, or skip "
			   "this check with --no-check)",
			   module, libs.s, b.s);
	else if (bad.n)
		warn(msgs,
		     "'%s': imports no system DLL provides, perhaps the host's (import "
		     "library %s not found): %s",
		     module, implibs->n ? libs.s : "(none named)", b.s);
	if (!rc || bad.n)
		report_check(msgs, "symbols", rc == RC_OK, bad.n ? b.s : NULL);
	buf_release(&b);
	buf_release(&libs);
	strvec_release(&bad);
	strvec_release(&syms);
	pe_image_release(&img);
	return rc;
}
