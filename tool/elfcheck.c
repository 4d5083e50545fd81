/* elfcheck.c: module checks with elfutils' libelf (deps.h). */
#include "elfcheck.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <glob.h>
#include <libelf.h>
#include <limits.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "deps.h"
#include "fileio.h"
#include "msg.h"
#include "report.h"
#include "stamp.h"

/* How many names an error line lists before "and N more". */
#define LIST_MAX 12
/* Bounds the walk through DT_NEEDED, whatever the files say. */
#define MAX_LIBS 512

/* What one ELF file exports and needs. */
struct syms {
	struct strvec defined;	 /* exported: global or weak, defined */
	struct strvec undefined; /* needed: global, undefined */
	struct strvec data;	 /* exported data objects */
	struct strvec funcs;	 /* exported functions */
	struct strvec needed;	 /* DT_NEEDED */
	struct strvec runpath;	 /* DT_RUNPATH or DT_RPATH, $ORIGIN expanded */
	int cls, machine;
};

static void syms_release(struct syms *s)
{
	strvec_release(&s->defined);
	strvec_release(&s->undefined);
	strvec_release(&s->data);
	strvec_release(&s->funcs);
	strvec_release(&s->needed);
	strvec_release(&s->runpath);
}

/* Called for each named, non-local entry of a dynamic symbol table; false stops the walk. */
typedef bool dynsym_fn(const char *name, const GElf_Sym *sym, void *arg);

/* Walk one SHT_DYNSYM section; false when fn stopped it. */
static bool each_dynsym(const struct deps *lib, Elf *e, Elf_Scn *scn, const GElf_Shdr *sh,
			dynsym_fn *fn, void *arg)
{
	Elf_Data *d = lib->elf_getdata(scn, NULL);
	size_t n = sh->sh_entsize ? sh->sh_size / sh->sh_entsize : 0;

	for (size_t i = 1; d && i < n; i++) {
		GElf_Sym sym;
		if (!lib->gelf_getsym(d, (int)i, &sym))
			break;
		const char *name = lib->elf_strptr(e, sh->sh_link, sym.st_name);
		if (!name || !*name || GELF_ST_BIND(sym.st_info) == STB_LOCAL)
			continue;
		if (!fn(name, &sym, arg))
			return false;
	}
	return true;
}

static bool add_sym(const char *name, const GElf_Sym *sym, void *arg)
{
	struct syms *s = arg;

	if (sym->st_shndx == SHN_UNDEF) {
		if (GELF_ST_BIND(sym->st_info) == STB_GLOBAL)
			strvec_push(&s->undefined, name);
		return true;
	}
	strvec_push(&s->defined, name);
	if (GELF_ST_TYPE(sym->st_info) == STT_OBJECT)
		strvec_push(&s->data, name);
	if (GELF_ST_TYPE(sym->st_info) == STT_FUNC || GELF_ST_TYPE(sym->st_info) == STT_GNU_IFUNC)
		strvec_push(&s->funcs, name);
	return true;
}

/* "$ORIGIN/../lib:/opt/x" -> entries with $ORIGIN as the file's directory. */
static void add_runpath(struct syms *s, const char *list, const char *origin)
{
	char *copy = xstrdup(list);
	char *save = NULL;

	for (char *p = strtok_r(copy, ":", &save); p; p = strtok_r(NULL, ":", &save)) {
		if (str_starts(p, "$ORIGIN"))
			strvec_push_owned(&s->runpath, xasprintf("%s%s", origin, p + 7));
		else if (str_starts(p, "${ORIGIN}"))
			strvec_push_owned(&s->runpath, xasprintf("%s%s", origin, p + 9));
		else
			strvec_push(&s->runpath, p);
	}
	free(copy);
}

static void read_dynamic(const struct deps *lib, Elf *e, Elf_Scn *scn, const GElf_Shdr *sh,
			 const char *origin, struct syms *s)
{
	Elf_Data *d = lib->elf_getdata(scn, NULL);
	size_t n = sh->sh_entsize ? sh->sh_size / sh->sh_entsize : 0;

	for (size_t i = 0; d && i < n; i++) {
		GElf_Dyn dyn;
		if (!lib->gelf_getdyn(d, (int)i, &dyn) || dyn.d_tag == DT_NULL)
			break;
		if (dyn.d_tag != DT_NEEDED && dyn.d_tag != DT_RUNPATH && dyn.d_tag != DT_RPATH)
			continue;
		const char *v = lib->elf_strptr(e, sh->sh_link, dyn.d_un.d_val);
		if (!v)
			continue;
		if (dyn.d_tag == DT_NEEDED)
			strvec_push(&s->needed, v);
		else
			add_runpath(s, v, origin);
	}
}

/*
 * Open path as an ELF object for reading, with its header in *eh; NULL
 * (errno, or EINVAL when it is not ELF) otherwise. elf_close() ends it.
 */
static Elf *elf_open(const struct deps *lib, const char *path, int *fd, GElf_Ehdr *eh)
{
	Elf *e;

	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return NULL;
	lib->elf_version(EV_CURRENT);
	e = lib->elf_begin(*fd, ELF_C_READ_MMAP, NULL);
	if (e && lib->elf_kind(e) == ELF_K_ELF && lib->gelf_getehdr(e, eh))
		return e;
	lib->elf_end(e);
	close(*fd);
	errno = EINVAL;
	return NULL;
}

static void elf_close(const struct deps *lib, Elf *e, int fd)
{
	lib->elf_end(e);
	close(fd);
}

/* Read path's dynamic symbols and entries. False (errno or EINVAL) if it is not ELF. */
static bool syms_read(const struct deps *lib, const char *path, struct syms *s)
{
	int fd;
	GElf_Ehdr eh;
	Elf_Scn *scn = NULL;
	Elf *e = elf_open(lib, path, &fd, &eh);

	memset(s, 0, sizeof(*s));
	if (!e)
		return false;
	char *origin = path_dir(path);
	s->cls = lib->gelf_getclass(e);
	s->machine = eh.e_machine;
	while ((scn = lib->elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		if (!lib->gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_DYNSYM)
			each_dynsym(lib, e, scn, &sh, add_sym, s);
		else if (sh.sh_type == SHT_DYNAMIC)
			read_dynamic(lib, e, scn, &sh, origin, s);
	}
	elf_close(lib, e, fd);
	free(origin);
	return true;
}

/* The ELF class and machine of path, without reading its symbols. */
static bool elf_kind_of(const struct deps *lib, const char *path, int *cls, int *machine)
{
	int fd;
	GElf_Ehdr eh;
	Elf *e = elf_open(lib, path, &fd, &eh);

	if (!e)
		return false;
	*cls = lib->gelf_getclass(e);
	*machine = eh.e_machine;
	elf_close(lib, e, fd);
	return true;
}

/* --- exported symbols ----------------------------------------------------- */

/* Walk every dynamic symbol table of an open object; false when fn stopped. */
static bool each_dynsym_of(const struct deps *lib, Elf *e, dynsym_fn *fn, void *arg)
{
	Elf_Scn *scn = NULL;

	while ((scn = lib->elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		if (lib->gelf_getshdr(scn, &sh) && sh.sh_type == SHT_DYNSYM &&
		    !each_dynsym(lib, e, scn, &sh, fn, arg))
			return false;
	}
	return true;
}

struct export_walk {
	elfcheck_export_fn *fn;
	void *arg;
};

static bool defined_only(const char *name, const GElf_Sym *sym, void *arg)
{
	struct export_walk *w = arg;
	return sym->st_shndx == SHN_UNDEF || w->fn(name, w->arg);
}

int elfcheck_each_export(const struct deps *lib, const char *path, elfcheck_export_fn *fn,
			 void *arg)
{
	int fd;
	GElf_Ehdr eh;
	Elf *e = elf_open(lib, path, &fd, &eh);
	struct export_walk w = {fn, arg};

	if (!e)
		return -1;
	each_dynsym_of(lib, e, defined_only, &w);
	elf_close(lib, e, fd);
	return 0;
}

/* The one exported, defined symbol a walk looks for. */
struct find_sym {
	const char *name;
	GElf_Sym sym;
	bool found;
};

static bool is_sym(const char *name, const GElf_Sym *sym, void *arg)
{
	struct find_sym *f = arg;

	if (sym->st_shndx == SHN_UNDEF || strcmp(name, f->name) != 0)
		return true;
	f->sym = *sym;
	f->found = true;
	return false;
}

/*
 * Copy up to want bytes of the allocated section data at address v into
 * out (a NOBITS section, .bss, reads as zeros); how many were there.
 */
static size_t read_at(const struct deps *lib, Elf *e, GElf_Addr v, size_t want, unsigned char *out)
{
	Elf_Scn *scn = NULL;

	while ((scn = lib->elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		if (!lib->gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC) || v < sh.sh_addr ||
		    v - sh.sh_addr >= sh.sh_size)
			continue;
		GElf_Addr off = v - sh.sh_addr;
		size_t n = sh.sh_size - off < want ? (size_t)(sh.sh_size - off) : want;
		if (sh.sh_type == SHT_NOBITS) {
			memset(out, 0, n);
			return n;
		}
		/* A file's section is one data block; a short or odd one reads as nothing. */
		Elf_Data *d = lib->elf_getdata(scn, NULL);
		if (!d || !d->d_buf || d->d_off != 0 || off >= d->d_size)
			return 0;
		if (d->d_size - off < n)
			n = (size_t)(d->d_size - off);
		memcpy(out, (const unsigned char *)d->d_buf + off, n);
		return n;
	}
	return 0;
}

int elfcheck_symbol_data(const struct deps *lib, const char *path, const char *symbol, size_t want,
			 struct elf_bytes *out)
{
	int fd;
	GElf_Ehdr eh;
	Elf *e = elf_open(lib, path, &fd, &eh);
	struct find_sym f = {symbol, {0}, false};

	memset(out, 0, sizeof(*out));
	if (!e)
		return -1;
	each_dynsym_of(lib, e, is_sym, &f);
	if (f.found) {
		out->is64 = lib->gelf_getclass(e) == ELFCLASS64;
		out->big_endian = eh.e_ident[EI_DATA] == ELFDATA2MSB;
		out->size = f.sym.st_size;
		/* Bytes past the symbol's end belong to something else. */
		if (f.sym.st_size && f.sym.st_size < want)
			want = (size_t)f.sym.st_size;
		/* A thread-local symbol's value is no address: nothing to read there. */
		if (f.sym.st_shndx != SHN_ABS && f.sym.st_shndx != SHN_COMMON &&
		    GELF_ST_TYPE(f.sym.st_info) != STT_TLS) {
			out->bytes = xcalloc(want ? want : 1, 1);
			out->len = read_at(lib, e, f.sym.st_value, want, out->bytes);
		}
	}
	elf_close(lib, e, fd);
	return f.found;
}

void elf_bytes_release(struct elf_bytes *b)
{
	free(b->bytes);
	memset(b, 0, sizeof(*b));
}

/* --- where the dynamic linker looks ------------------------------------- */

static void add_conf(struct strvec *dirs, const char *conf, int depth);

static void add_conf_glob(struct strvec *dirs, const char *pattern, int depth)
{
	glob_t g;

	if (glob(pattern, 0, NULL, &g) != 0)
		return;
	for (size_t i = 0; i < g.gl_pathc; i++)
		add_conf(dirs, g.gl_pathv[i], depth + 1);
	globfree(&g);
}

/* ld.so.conf: one directory a line, "include GLOB" lines, # comments. */
static void add_conf(struct strvec *dirs, const char *conf, int depth)
{
	FILE *f = depth < 8 ? fopen(conf, "re") : NULL;
	char line[PATH_MAX];

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *p = line + strspn(line, " \t");
		p[strcspn(p, "#\r\n")] = '\0';
		for (size_t n = strlen(p); n && (p[n - 1] == ' ' || p[n - 1] == '\t'); n--)
			p[n - 1] = '\0';
		if (str_starts(p, "include") && (p[7] == ' ' || p[7] == '\t'))
			add_conf_glob(dirs, p + 8 + strspn(p + 8, " \t"), depth);
		else if (*p == '/' && !strvec_has(dirs, p))
			strvec_push(dirs, p);
	}
	fclose(f);
}

/*
 * The system's library directories, read the first time one check asks
 * and kept for the rest of it: the check owns this, not the process.
 */
struct ldpath {
	struct strvec dirs;
	bool read;
};
#define LDPATH_INIT                \
	{                          \
		STRVEC_INIT, false \
	}

/* LD_LIBRARY_PATH, ld.so.conf, then the built-in directories. */
static const struct strvec *system_dirs(struct ldpath *lp)
{
	static const char *const builtin[] = {"/lib64", "/usr/lib64", "/lib", "/usr/lib", NULL};
	const char *env = getenv("LD_LIBRARY_PATH");

	if (lp->read)
		return &lp->dirs;
	lp->read = true;
	if (env && *env) {
		char *copy = xstrdup(env), *save = NULL;
		for (char *p = strtok_r(copy, ":", &save); p; p = strtok_r(NULL, ":", &save))
			strvec_push(&lp->dirs, p);
		free(copy);
	}
	add_conf(&lp->dirs, "/etc/ld.so.conf", 0);
	for (size_t i = 0; builtin[i]; i++)
		if (!strvec_has(&lp->dirs, builtin[i]))
			strvec_push(&lp->dirs, builtin[i]);
	return &lp->dirs;
}

static void ldpath_release(struct ldpath *lp)
{
	strvec_release(&lp->dirs);
	lp->read = false;
}

static char *find_in(const struct deps *lib, const struct strvec *dirs, const char *name, int cls,
		     int machine)
{
	for (size_t i = 0; i < dirs->n; i++) {
		char *p = path_join(dirs->v[i], name);
		int c, m;
		if (elf_kind_of(lib, p, &c, &m) && c == cls && m == machine)
			return p;
		free(p);
	}
	return NULL;
}

/* The file a DT_NEEDED name loads: the needer's runpath, extra dirs, the system's. */
static char *find_lib(const struct deps *lib, const char *name, const struct syms *needer,
		      const struct strvec *extra, struct ldpath *lp)
{
	char *p;

	if (strchr(name, '/'))
		return xstrdup(name);
	if ((p = find_in(lib, &needer->runpath, name, needer->cls, needer->machine)))
		return p;
	if (extra && (p = find_in(lib, extra, name, needer->cls, needer->machine)))
		return p;
	return find_in(lib, system_dirs(lp), name, needer->cls, needer->machine);
}

/* --- symbol sets ----------------------------------------------------------- */

/* Every symbol exported by the files named in queue and what they need, in turn. */
static void walk_needed(const struct deps *lib, struct strvec *queue, const struct strvec *extra,
			struct ldpath *lp, struct strvec *provided, struct strvec *missing)
{
	struct strvec seen = STRVEC_INIT;

	for (size_t i = 0; i < queue->n && i < MAX_LIBS; i++) {
		struct syms s;
		if (!syms_read(lib, queue->v[i], &s))
			continue;
		strvec_extend(provided, &s.defined);
		for (size_t k = 0; k < s.needed.n; k++) {
			if (strvec_has(&seen, s.needed.v[k]))
				continue;
			strvec_push(&seen, s.needed.v[k]);
			char *p = find_lib(lib, s.needed.v[k], &s, extra, lp);
			if (p)
				strvec_push_owned(queue, p);
			else if (missing)
				strvec_push(missing, s.needed.v[k]);
		}
		syms_release(&s);
	}
	strvec_release(&seen);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort and drop duplicates, for bsearch. */
static void sort_unique(struct strvec *v)
{
	size_t k = 0;

	bool sorted = true;

	if (!v->n)
		return;
	/* A cached set comes sorted: checking is linear, sorting is not. */
	for (size_t i = 1; sorted && i < v->n; i++)
		sorted = strcmp(v->v[i - 1], v->v[i]) <= 0;
	if (!sorted)
		qsort(v->v, v->n, sizeof(*v->v), cmp_str);
	for (size_t i = 1; i < v->n; i++) {
		if (strcmp(v->v[i], v->v[k]) == 0)
			free(v->v[i]);
		else
			v->v[++k] = v->v[i];
	}
	v->n = k + 1;
	v->v[v->n] = NULL;
}

/* --- the cache of what the server provides --------------------------------- */

/* KIND-HASH.syms under $XDG_CACHE_HOME/modxs (or ~/.cache/modxs); NULL without either. */
static char *cache_path(const char *kind, const char *file, const struct strvec *extra)
{
	unsigned long long h = 1469598103934665603ull;
	char *dir = path_cache_dir();

	if (!dir)
		return NULL;
	for (const char *p = file; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	for (size_t i = 0; extra && i < extra->n; i++)
		for (const char *p = extra->v[i]; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ull;
	char *path = xasprintf("%s/%s-%016llx.syms", dir, kind, h);
	free(dir);
	return path;
}

/* The first line of a cache file: which file at which size and time, searched where. */
static char *cache_key(const char *file, const struct stat *st, const struct strvec *extra)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "modxs-syms 1 %lld.%09ld %lld %s", (long long)st->st_mtim.tv_sec,
		   st->st_mtim.tv_nsec, (long long)st->st_size, file);
	for (size_t i = 0; extra && i < extra->n; i++)
		buf_printf(&b, "%s%s", i ? ":" : " -L ", extra->v[i]);
	buf_putc(&b, '\n');
	return buf_detach(&b);
}

/* A sorted set of names: one buffer, and a pointer to each name in it. */
struct nameset {
	char *buf;
	char **v;
	size_t n;
};

/* Index the lines of text (inside buf, which the set then owns) as names. */
static void nameset_index(struct nameset *s, char *buf, char *text)
{
	size_t n = 0;

	for (char *p = text; (p = strchr(p, '\n')); p++)
		n++;
	s->buf = buf;
	s->v = xmalloc((n ? n : 1) * sizeof(*s->v));
	s->n = 0;
	for (char *p = text, *nl; (nl = strchr(p, '\n')); p = nl + 1) {
		*nl = '\0';
		s->v[s->n++] = p;
	}
	/* A cache file edited by hand may be out of order: bsearch needs order. */
	for (size_t i = 1; i < s->n; i++) {
		if (strcmp(s->v[i - 1], s->v[i]) > 0) {
			qsort(s->v, s->n, sizeof(*s->v), cmp_str);
			break;
		}
	}
}

static bool nameset_has(const struct nameset *s, const char *name)
{
	return s->n && bsearch(&name, s->v, s->n, sizeof(*s->v), cmp_str);
}

static void nameset_release(struct nameset *s)
{
	free(s->buf);
	free(s->v);
	*s = (struct nameset){NULL, NULL, 0};
}

/* A cache file whose first line is key, as a set; false when stale or absent. */
static bool cache_load(const char *path, const char *key, struct nameset *out)
{
	char *text = path ? stamp_read(path, NULL) : NULL;
	size_t k = strlen(key);

	if (!text || strncmp(text, key, k) != 0) {
		free(text);
		return false;
	}
	nameset_index(out, text, text + k);
	return true;
}

/* Best effort: a cache that cannot be written only costs time. */
static void cache_store(const char *path, const char *text, size_t len)
{
	char *dir, *tmp;
	int fd;

	if (!path)
		return;
	dir = path_dir(path);
	/* Quietly: the cache is an optimisation, and a dir not made fails mkstemp next. */
	file_mkdirs(dir, 0700, NULL);
	free(dir);
	tmp = xasprintf("%s.XXXXXX", path);
	/* mkstemp: an unpredictable name, made exclusively. */
	fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		return;
	}
	bool ok = fchmod(fd, 0644) == 0 && fd_write_all(fd, text, len) == 0;
	if (close(fd) != 0 || !ok || rename(tmp, path) != 0)
		unlink(tmp);
	free(tmp);
}

/*
 * What root and the libraries it loads, in turn, export, as a set cached
 * per root file (its path, size and time, and the extra dirs searched) so
 * that the next check reads one small file instead of a dozen ELF symbol
 * tables. A closure with a library missing is not cached, so the missing
 * one is named every time.
 */
static void closure_provides(const struct deps *lib, const char *kind, const char *root,
			     const struct stat *st, const struct strvec *extra, struct ldpath *lp,
			     struct nameset *out, struct strvec *missing)
{
	char *path = cache_path(kind, root, extra);
	char *key = cache_key(root, st, extra);

	if (!cache_load(path, key, out)) {
		struct strvec queue = STRVEC_INIT, got = STRVEC_INIT, lost = STRVEC_INIT;
		struct buf b = BUF_INIT;
		strvec_push(&queue, root);
		walk_needed(lib, &queue, extra, lp, &got, &lost);
		sort_unique(&got);
		buf_puts(&b, key);
		for (size_t i = 0; i < got.n; i++)
			buf_printf(&b, "%s\n", got.v[i]);
		if (!lost.n)
			cache_store(path, b.s, b.len);
		char *text = buf_detach(&b);
		nameset_index(out, text, text + strlen(key));
		if (missing)
			strvec_extend(missing, &lost);
		strvec_release(&queue);
		strvec_release(&got);
		strvec_release(&lost);
	}
	free(key);
	free(path);
}

/* The module's own libraries and what they need, in turn: they load with it. */
static size_t module_provides(const struct deps *lib, const struct syms *mod,
			      const struct strvec *libdirs, struct ldpath *lp, struct nameset *sets,
			      struct strvec *missing)
{
	size_t n = 0;

	for (size_t i = 0; i < mod->needed.n; i++) {
		char *p = find_lib(lib, mod->needed.v[i], mod, libdirs, lp);
		struct stat st;
		if (p && stat(p, &st) == 0)
			closure_provides(lib, "lib", p, &st, libdirs, lp, &sets[n++], missing);
		else
			strvec_push(missing, mod->needed.v[i]);
		free(p);
	}
	return n;
}

/* The module's undefined symbols in none of the sets. */
static void unresolved(const struct syms *mod, const struct nameset *sets, size_t nsets,
		       struct strvec *out)
{
	strvec_release(out);
	for (size_t i = 0; i < mod->undefined.n; i++) {
		const char *name = mod->undefined.v[i];
		size_t k = 0;
		while (k < nsets && !nameset_has(&sets[k], name))
			k++;
		if (k == nsets && !strvec_has(out, name))
			strvec_push(out, name);
	}
	sort_unique(out);
}

/* --- the checks -------------------------------------------------------------- */

static void list_names(struct buf *b, const struct strvec *names)
{
	for (size_t i = 0; i < names->n && i < LIST_MAX; i++)
		buf_printf(b, "%s%s", i ? ", " : "", names->v[i]);
	if (names->n > LIST_MAX)
		buf_printf(b, " and %zu more", names->n - LIST_MAX);
}

static int unreadable(struct msgs *msgs, const char *module)
{
	return error(msgs, RC_CHECK, "cannot read '%s' as an ELF shared object:", module);
}

int elfcheck_record(struct msgs *msgs, const struct deps *lib, const char *module,
		    const char *symbol, const char *suffix, bool function)
{
	struct syms s;
	struct strvec like = STRVEC_INIT;
	struct buf b = BUF_INIT;
	int rc = RC_OK;

	if (!syms_read(lib, module, &s))
		return unreadable(msgs, module);
	const struct strvec *kind = function ? &s.funcs : &s.data;
	if (strvec_has(kind, symbol))
		goto out;
	if (strvec_has(&s.defined, symbol)) {
		rc = error(msgs, RC_CHECK, "'%s' exports '%s', but not as a %s: the host wants %s",
			   module, symbol, function ? "function" : "data object",
			   function ? "a function to call" : "its module record");
		goto out;
	}
	for (size_t i = 0; i < kind->n; i++)
		if (*suffix && str_ends(kind->v[i], suffix))
			strvec_push(&like, kind->v[i]);
	if (like.n)
		list_names(&b, &like);
	rc = error(msgs, RC_CHECK, "'%s' does not export its module record '%s'; %s%s%s", module,
		   symbol,
		   like.n   ? "it exports " :
		   function ? "no exported function looks like one" :
			      "no exported data symbol looks like one",
		   like.n ? b.s : "", like.n ? " (use -n NAME, or rename the record)" : "");
out:
	report_check(msgs, "record", rc == RC_OK, symbol);
	buf_release(&b);
	strvec_release(&like);
	syms_release(&s);
	return rc;
}

static char *describe(const struct strvec *names, const struct strvec *missing)
{
	struct buf b = BUF_INIT;

	list_names(&b, names);
	if (missing->n) {
		buf_puts(&b, " (libraries not found: ");
		list_names(&b, missing);
		buf_putc(&b, ')');
	}
	return buf_detach(&b);
}

/* A machine type as file(1) names it. */
static const char *machine_name(int m, char *buf, size_t n)
{
	switch (m) {
	case EM_X86_64:
		return "x86-64";
	case EM_386:
		return "i386";
	case EM_AARCH64:
		return "ARM aarch64";
	case EM_ARM:
		return "ARM";
	case EM_RISCV:
		return "RISC-V";
	case EM_PPC64:
		return "PowerPC64";
	case EM_S390:
		return "IBM S/390";
	}
	snprintf(buf, n, "machine %d", m);
	return buf;
}

/*
 * The server loads only modules of its own machine and class: a module
 * built for another one (a cross build) is checked against that machine's
 * server, in its sysroot, or not at all.
 */
static int check_machine(struct msgs *msgs, const struct deps *lib, const char *module,
			 const struct syms *mod, const char *server)
{
	int cls, machine;
	char a[32], b[32];

	if (!elf_kind_of(lib, server, &cls, &machine) ||
	    (cls == mod->cls && machine == mod->machine))
		return RC_OK;
	int rc = error(msgs, RC_CHECK,
		       "'%s' is built for %s (%d-bit), but the server '%s' is %s (%d-bit) "
		       "(check a cross build against the server in its sysroot: --sysroot DIR)",
		       module, machine_name(mod->machine, a, sizeof(a)),
		       mod->cls == ELFCLASS64 ? 64 : 32, server,
		       machine_name(machine, b, sizeof(b)), cls == ELFCLASS64 ? 64 : 32);
	report_check(msgs, "machine", false, server);
	return rc;
}

int elfcheck_symbols(struct msgs *msgs, const struct deps *lib, const char *module,
		     const char *server, const struct strvec *libdirs, bool verbose)
{
	struct syms mod;
	struct strvec missing = STRVEC_INIT, bad = STRVEC_INIT;
	struct ldpath lp = LDPATH_INIT;
	struct nameset *sets;
	size_t nsets = 0;
	struct stat st;
	bool have_server = stat(server, &st) == 0 && S_ISREG(st.st_mode);
	int rc = RC_OK;

	if (!syms_read(lib, module, &mod))
		return unreadable(msgs, module);
	if (have_server && (rc = check_machine(msgs, lib, module, &mod, server))) {
		syms_release(&mod);
		return rc;
	}
	/* Set 0 is the server's; one more per library the module needs. */
	sets = xcalloc(mod.needed.n + 1, sizeof(*sets));
	if (have_server)
		closure_provides(lib, "server", server, &st, NULL, &lp, &sets[nsets++], NULL);
	else if (verbose)
		notice(msgs, "server '%s' not found: checking symbols against libraries only",
		       server);
	unresolved(&mod, sets, nsets, &bad);
	if (bad.n) {
		/* Only what the server leaves open needs the module's libraries read. */
		nsets += module_provides(lib, &mod, libdirs, &lp, sets + nsets, &missing);
		unresolved(&mod, sets, nsets, &bad);
	}
	char *detail = bad.n ? describe(&bad, &missing) : NULL;
	if (bad.n && have_server)
		rc = error(msgs, RC_CHECK,
			   "'%s': undefined symbols that neither '%s', its libraries nor "
			   "the module's libraries provide: %s (link the library that "
			   "has them, or skip this check with --no-check)",
			   module, server, detail);
	else if (bad.n)
		warn(msgs,
		     "'%s': undefined symbols no library provides, perhaps the server's "
		     "('%s', not found): %s",
		     module, server, detail);
	/* Without the server, nothing was checked against it: not a pass. */
	if (!have_server && !detail)
		detail = xasprintf("server '%s' not found", server);
	report_check(msgs, "symbols", rc == RC_OK && have_server, detail);
	free(detail);
	for (size_t i = 0; i < nsets; i++)
		nameset_release(&sets[i]);
	free(sets);
	strvec_release(&missing);
	strvec_release(&bad);
	ldpath_release(&lp);
	syms_release(&mod);
	return rc;
}

int elfcheck_exports(struct msgs *msgs, const struct deps *lib, const char *module,
		     const struct strvec *names)
{
	struct syms s;
	int rc = RC_OK;

	if (!names->n)
		return RC_OK;
	if (!syms_read(lib, module, &s))
		return unreadable(msgs, module);
	for (size_t i = 0; i < names->n && !rc; i++)
		if (!strvec_has(&s.data, names->v[i]))
			rc = error(msgs, RC_CHECK,
				   "'%s' does not export '%s', which the host loads it by", module,
				   names->v[i]);
	report_check(msgs, "exports", rc == RC_OK, names->v[0]);
	syms_release(&s);
	return rc;
}

/* --- the build signature ------------------------------------------------- */

/* The longest string looked at: a signature is short, data tables are not. */
#define SIG_MAX 256

/* Each string of a read-only data section that matches re, once, into out. */
static void section_matches(const Elf_Data *d, const regex_t *re, struct strvec *out)
{
	const char *p = d->d_buf, *end = p + d->d_size;

	while (p < end) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		if (!nul)
			break;
		if (nul > p && nul - p < SIG_MAX && regexec(re, p, 0, NULL, 0) == 0 &&
		    !strvec_has(out, p))
			strvec_push(out, p);
		p = nul + 1;
	}
}

/* The strings of path's read-only data that match re. False if it is not ELF. */
static bool rodata_matches(const struct deps *lib, const char *path, const regex_t *re,
			   struct strvec *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	Elf_Scn *scn = NULL;
	bool ok = false;

	if (fd < 0)
		return false;
	lib->elf_version(EV_CURRENT);
	Elf *e = lib->elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (e && lib->elf_kind(e) == ELF_K_ELF) {
		while ((scn = lib->elf_nextscn(e, scn))) {
			GElf_Shdr sh;
			Elf_Data *d;
			if (!lib->gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS ||
			    !(sh.sh_flags & SHF_ALLOC) ||
			    (sh.sh_flags & (SHF_WRITE | SHF_EXECINSTR)))
				continue;
			if ((d = lib->elf_getdata(scn, NULL)) && d->d_buf)
				section_matches(d, re, out);
		}
		ok = true;
	}
	lib->elf_end(e);
	close(fd);
	return ok;
}

/* The 1-based position of the first character where a and b differ. */
static size_t first_difference(const char *a, const char *b)
{
	size_t i = 0;

	while (a[i] && a[i] == b[i])
		i++;
	return i + 1;
}

/* The module's signatures against the server's: every one must be the server's. */
static int compare_signatures(struct msgs *msgs, const char *module, const char *server,
			      const struct strvec *mod, const struct strvec *srv)
{
	if (!srv->n)
		return error(msgs, RC_CHECK, "the server '%s' holds no build signature to compare",
			     server);
	for (size_t i = 0; i < mod->n; i++) {
		if (strvec_has(srv, mod->v[i]))
			continue;
		return error(msgs, RC_CHECK,
			     "'%s' was built with signature '%s' but the server '%s' has '%s' "
			     "(they differ at character %zu): rebuild it with the server's own "
			     "flags",
			     module, mod->v[i], server, srv->v[0],
			     first_difference(mod->v[i], srv->v[0]));
	}
	return RC_OK;
}

int elfcheck_signature(struct msgs *msgs, const struct deps *lib, const char *module,
		       const char *server, const char *pattern, bool verbose)
{
	struct strvec mod = STRVEC_INIT, srv = STRVEC_INIT;
	regex_t re;
	int rc = RC_OK;

	if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
		return error(msgs, RC_DATA, "module.signature '%s' is not a regular expression",
			     pattern);
	if (!rodata_matches(lib, module, &re, &mod)) {
		rc = unreadable(msgs, module);
		goto out;
	}
	if (!mod.n) {
		rc = error(msgs, RC_CHECK, "'%s' holds no build signature (nothing matches '%s')",
			   module, pattern);
		goto out;
	}
	if (access(server, F_OK) < 0) {
		if (verbose)
			notice(msgs, "server '%s' not found: signature not compared", server);
		goto out;
	}
	if (!rodata_matches(lib, server, &re, &srv))
		rc = error(msgs, RC_CHECK, "cannot read the server '%s' as ELF:", server);
	else
		rc = compare_signatures(msgs, module, server, &mod, &srv);
out:
	report_check(msgs, "signature", rc == RC_OK, mod.n ? mod.v[0] : pattern);
	strvec_release(&mod);
	strvec_release(&srv);
	regfree(&re);
	return rc;
}
