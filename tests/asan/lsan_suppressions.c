/*
 * lsan_suppressions.c: linked into modxs only in sanitizer builds. libpkgconf
 * 1.8 leaks the dependency list pkgconf_queue_apply parses when a package
 * is not found (its failure path skips the free); the leak is in the
 * library, not in modxs, so LeakSanitizer is told to ignore it there.
 */
const char *__lsan_default_suppressions(void);

const char *__lsan_default_suppressions(void)
{
	return "leak:libpkgconf.so\n";
}
