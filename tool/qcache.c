/* qcache.c: `modxs -q NAME...` answered from what the same command line answered before. */
#include "qcache.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "persona.h"
#include "query.h"

#ifndef MODXS_VERSION
#define MODXS_VERSION "0.0.0"
#endif

/* The first field of a cache file; a new layout gets a new one. */
#define MAGIC "modxs-qcache 4"
/*
 * A file holds one command line's answers and is read onto the stack: a
 * bigger one is a miss, answered by loading the profiles.
 */
#define MAX_CACHE 16384

/*
 * Fields before the name and value pairs: magic, version, the executable
 * (resolved) and its file, data dir, platform file, host file, the files
 * the host profile was recorded from; then what else the answers depend
 * on: $MODXS_HOST, and the arguments of the command line, in one field,
 * each as its length, a colon and itself.
 */
enum {
	F_MAGIC,
	F_VERSION,
	F_EXE,
	F_EXE_ID,
	F_DATADIR,
	F_PLATFORM_ID,
	F_HOST,
	F_HOST_ID,
	F_SOURCES,
	F_HOST_ENV,
	F_ARGS,
	F_PAIRS
};

/* A cache file split: the fields before the pairs, then the name and value pairs. */
struct fields {
	char *head[F_PAIRS];
	const char *pairs, *end; /* the names and values, NUL-ended each */
};

/*
 * Strings packed one after another into one buffer on the stack: a run
 * answered from the cache touches a page or two of stack rather than a
 * page per path (a fault each, in a process that has just started).
 */
struct pack {
	char *buf;
	size_t size, used;
};

/* Where the next string of p is written, and the room it has. */
static char *pack_end(const struct pack *p)
{
	return p->buf + p->used;
}

static size_t pack_room(const struct pack *p)
{
	return p->size - p->used;
}

/* Keep the string just written at p's end, when it was (ok): it, else NULL. */
static char *pack_keep(struct pack *p, bool ok)
{
	char *s = pack_end(p);

	if (!ok)
		return NULL;
	p->used += strlen(s) + 1;
	return s;
}

/* path_join of dir's first dlen bytes and name into p; NULL when p is full. */
static char *pack_join(struct pack *p, const char *dir, size_t dlen, const char *name)
{
	return pack_keep(p, path_join_in(pack_end(p), pack_room(p), dir, dlen, name));
}

/* Only a plain query by names: anything else has options the cache does not record. */
static bool cacheable(const struct request *req)
{
	return req->persona == PERSONA_MODXS && req->mode == MODE_QUERY && req->args.n &&
	       !req->json && !req->sets.n && !req->platform;
}

/* FNV-1a over s and a separator, with NULL apart from "". */
static unsigned long long hash_add(unsigned long long h, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	return (h ^ (s ? 1u : 2u)) * 1099511628211ull;
}

/* $MODXS_HOST as choose_host reads it: unset and empty are the same. */
static const char *host_env(void)
{
	const char *env = getenv("MODXS_HOST");

	return env ? env : "";
}

/*
 * The path this run was started by, as cheaply as it can be had: the name
 * the kernel was given to execute (AT_EXECFN) when it is absolute, which
 * needs no system call; else /proc/self/exe, whose lookup costs about a
 * twentieth of starting a program. The cache checks that the file it names
 * is the one it recorded, so a symlink or a replaced file is no mistake.
 * Started by a persona file, the kernel was given that text file, not
 * modxs: only /proc/self/exe names the executable then.
 */
static const char *run_path(bool persona_file, struct pack *p)
{
	const char *fn = persona_file ? NULL : (const char *)getauxval(AT_EXECFN);

	if (fn && *fn == '/')
		return fn;
	return pack_keep(p, path_self_in(pack_end(p), pack_room(p)));
}

/* What decides what the answers are, and so which cache file holds them. */
static const char *cache_path(const struct qcache *q, const char *exe, struct pack *p)
{
	unsigned long long h = 14695981039346656037ull;
	/* By hand, as everything on the way to an answer: printf's code is pages not yet mapped. */
	char name[] = "query-0123456789abcdef";
	const char *dir = pack_keep(p, path_cache_dir_in(pack_end(p), pack_room(p)));

	if (!dir)
		return NULL;
	h = hash_add(h, MODXS_VERSION);
	h = hash_add(h, exe);
	h = hash_add(h, getenv("MODXS_DATADIR"));
	h = hash_add(h, host_env());
	for (int i = 0; i < q->argc; i++)
		h = hash_add(h, q->argv[i]);
	for (int i = 21; i >= 6; i--, h >>= 4)
		name[i] = "0123456789abcdef"[h & 15];
	return pack_join(p, dir, strlen(dir), name);
}

/* The numbers that make a file's identity: any edit, replacement, chmod or touch changes one. */
static void id_numbers(const struct stat *st, unsigned long long v[7])
{
	v[0] = (unsigned long long)st->st_dev;
	v[1] = (unsigned long long)st->st_ino;
	v[2] = (unsigned long long)st->st_size;
	v[3] = (unsigned long long)st->st_mtim.tv_sec;
	v[4] = (unsigned long long)st->st_mtim.tv_nsec;
	v[5] = (unsigned long long)st->st_ctim.tv_sec;
	v[6] = (unsigned long long)st->st_ctim.tv_nsec;
}

/* A file's identity as the cache records it: its numbers, in decimal, after a space each. */
static char *file_id(const struct stat *st)
{
	unsigned long long v[7];
	struct buf b = BUF_INIT;

	id_numbers(st, v);
	for (int i = 0; i < 7; i++)
		buf_printf(&b, " %llu", v[i]);
	return buf_detach(&b);
}

/* True when path is still the file id names. */
static bool same_file(const char *path, const char *id)
{
	unsigned long long v[7];
	struct stat st;

	if (stat(path, &st) != 0)
		return false;
	id_numbers(&st, v);
	for (int i = 0; i < 7; i++) {
		unsigned long long n = 0;
		if (*id++ != ' ' || *id < '0' || *id > '9')
			return false;
		while (*id >= '0' && *id <= '9')
			n = n * 10 + (unsigned long long)(*id++ - '0');
		if (n != v[i])
			return false;
	}
	return *id == '\0';
}

/* A decimal number, maybe negative, at *p; advances *p past it. False when there is none or it overflows. */
static bool read_number(const char **p, long long *out)
{
	bool neg = **p == '-';
	long long n = 0;

	*p += neg;
	if (**p < '0' || **p > '9')
		return false;
	while (**p >= '0' && **p <= '9') {
		int d = *(*p)++ - '0';
		if (n > (LLONG_MAX - d) / 10)
			return false;
		n = n * 10 + d;
	}
	*out = neg ? -n : n;
	return true;
}

/*
 * True when every file the profile was recorded from ("SIZE MTIME PATH"
 * lines, each newline made a NUL here) is as it was: a stat each. A
 * changed one makes the run take the ordinary path, which warns that the
 * profile is stale.
 */
static bool same_sources(char *lines)
{
	struct source src;
	struct sources one = {&src, 1, STRVEC_INIT};

	for (char *p = lines; *p;) {
		char *nl = strchr(p, '\n');
		const char *q = p;
		if (!nl || !read_number(&q, &src.size) || *q++ != ' ' ||
		    !read_number(&q, &src.mtime) || *q++ != ' ')
			return false;
		*nl = '\0';
		src.path = (char *)q; /* within lines, which are ours to change */
		if (sources_changed(&one))
			return false;
		p = nl + 1;
	}
	return true;
}

/* The length of the dir of path's first len bytes, as path_dir has it, for an absolute path. */
static size_t dir_len(const char *path, size_t len)
{
	while (len && path[len - 1] != '/')
		len--;
	return len > 1 ? len - 1 : len;
}

/* True when datadir is dir's first dlen bytes joined with "share/modxs", as path_join has it. */
static bool is_share_of(const char *datadir, const char *dir, size_t dlen)
{
	size_t slash = dlen && dir[dlen - 1] != '/';

	return strncmp(datadir, dir, dlen) == 0 && (!slash || datadir[dlen] == '/') &&
	       strcmp(datadir + dlen + slash, "share/modxs") == 0;
}

/*
 * True when a load now would pick datadir as record.c's find_datadir does:
 * MODXS_DATADIR when set, else PREFIX/share/modxs before EXE_DIR/share/modxs.
 */
static bool same_datadir(const char *datadir, const char *exe, struct pack *p)
{
	const char *env = getenv("MODXS_DATADIR"), *first;
	size_t exe_dir = dir_len(exe, strlen(exe)), prefix = dir_len(exe, exe_dir);

	if (env && *env)
		return strcmp(datadir, env) == 0;
	if (is_share_of(datadir, exe, prefix))
		return true;
	if (!is_share_of(datadir, exe, exe_dir))
		return false;
	first = pack_join(p, exe, prefix, "share/modxs/platform.json");
	return first && access(first, R_OK) != 0;
}

/* The field at p, or NULL past the end; *p moves to the next one. */
static const char *next_field(const char **p, const char *end)
{
	const char *field = *p;

	if (field >= end)
		return NULL;
	*p += strlen(field) + 1;
	return field;
}

/* Split text (len bytes, the last a NUL) into f; false if it is not ours. */
static bool fields_of(char *text, size_t len, struct fields *f)
{
	const char *p = text;

	if (!len || text[len - 1] != '\0')
		return false;
	for (size_t i = 0; i < F_PAIRS; i++)
		if (!(f->head[i] = (char *)next_field(&p, text + len)))
			return false;
	f->pairs = p;
	f->end = text + len;
	return true;
}

/* True when f holds the answers of q's command line, in this environment. */
static bool asked_same(const struct fields *f, const struct qcache *q)
{
	const char *p = f->head[F_ARGS];
	long long n;

	if (strcmp(f->head[F_HOST_ENV], host_env()) != 0)
		return false;
	for (int i = 0; i < q->argc; i++) {
		/* strncmp: a length past the field's end meets its NUL, not the next field. */
		if (!read_number(&p, &n) || *p++ != ':' || n < 0 ||
		    (size_t)n != strlen(q->argv[i]) || strncmp(p, q->argv[i], (size_t)n) != 0)
			return false;
		p += n;
	}
	return *p == '\0';
}

/* True when the fields f are answers of this executable, from files that are as they were. */
static bool still_true(const struct fields *f, const char *run, struct pack *p)
{
	char *const *h = f->head;
	const char *platform;

	return strcmp(h[F_MAGIC], MAGIC) == 0 && strcmp(h[F_VERSION], MODXS_VERSION) == 0 &&
	       same_file(run, h[F_EXE_ID]) && same_datadir(h[F_DATADIR], h[F_EXE], p) &&
	       (platform = pack_join(p, h[F_DATADIR], strlen(h[F_DATADIR]), "platform.json")) &&
	       same_file(platform, h[F_PLATFORM_ID]) && same_file(h[F_HOST], h[F_HOST_ID]) &&
	       same_sources(h[F_SOURCES]);
}

/*
 * Print the values of f's pairs as -q NAME... prints them, setting *rc;
 * false when the pairs are not whole. The line is made in place, over the
 * pairs: each value with its separator is shorter than the pair it came
 * from, so what is written never overtakes what is still to be read.
 */
static bool answer(struct msgs *msgs, struct fields *f, int *rc)
{
	char *out = (char *)f->pairs;
	const char *p = f->pairs, *value;
	size_t n = 0, sep = strlen(QUERY_JOIN);

	for (int i = 0; next_field(&p, f->end); i++) {
		if (!(value = next_field(&p, f->end)))
			return false;
		if (i) {
			memcpy(out + n, QUERY_JOIN, sep);
			n += sep;
		}
		size_t len = strlen(value);
		memmove(out + n, value, len);
		n += len;
	}
	if (p == f->pairs)
		return false;
	out[n++] = '\n';
	*rc = RC_OK;
	/* Said here, as query_print says it. */
	if (msg_write(msgs, MSG_OUT, out, n) != 0)
		*rc = error(msgs, RC_INTERNAL, "cannot write to standard output:");
	return true;
}

bool qcache_answer(struct qcache *q, struct msgs *msgs, int argc, char **argv, bool persona_file,
		   int *rc)
{
	/* The paths, the file, then a path or two more; a miss when they do not fit. */
	char space[3 * PATH_MAX + MAX_CACHE];
	struct pack p = {space, sizeof(space), 0};
	const char *run, *path;
	struct fields f;
	size_t len;

	q->argc = argc - 1;
	q->argv = argv + 1;
	if (!(run = run_path(persona_file, &p)) || !(path = cache_path(q, run, &p)))
		return false;
	char *text = pack_end(&p);
	if (file_read_in(path, text, pack_room(&p) - PATH_MAX, &len) == 0) {
		p.used += len + 1;
		if (fields_of(text, len, &f) && asked_same(&f, q) && still_true(&f, run, &p) &&
		    answer(msgs, &f, rc))
			return true;
	}
	/* Kept for qcache_store; asked only on the way to a load: the answer needs no clock. */
	q->run = xstrdup(run);
	q->path = xstrdup(path);
	q->started = time(NULL);
	return false;
}

/*
 * A file written in the second the run started may be written again within
 * the same clock tick, leaving its identity as it was: keep no answers from
 * it (git's "racily clean" files). The change time is in the identity but
 * not asked here, so that a file given an old time with touch is cached.
 */
static char *stable_id(const char *path, time_t started)
{
	struct stat st;

	if (stat(path, &st) != 0 || st.st_mtime >= started - 1)
		return NULL;
	return file_id(&st);
}

/* Write text to q's file through a temp file and a rename; quietly, as a cache is only a shortcut. */
static void write_cache(const struct qcache *q, const struct buf *text)
{
	char *dir = path_dir(q->path), *tmp = xasprintf("%s.XXXXXX", q->path);
	int fd;

	file_mkdirs(dir, 0700, NULL);
	/* mkstemp: an unpredictable name, made exclusively. */
	fd = mkstemp(tmp);
	if (fd >= 0) {
		bool ok = fd_write_all(fd, text->s, text->len) == 0;
		if (close(fd) != 0 || !ok || rename(tmp, q->path) != 0)
			unlink(tmp);
	}
	free(tmp);
	free(dir);
}

/* The host's sources as same_sources reads them; NULL when one cannot be written so. */
static char *sources_text(const struct sources *s)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < s->n; i++) {
		if (strchr(s->v[i].path, '\n')) {
			buf_release(&b);
			return NULL;
		}
		buf_printf(&b, "%lld %lld %s\n", s->v[i].size, s->v[i].mtime, s->v[i].path);
	}
	return buf_detach(&b);
}

/*
 * The fields after the files' in the cache file of q's command line: what
 * it was asked, and c's answers, into b. False when a name has no value.
 */
static bool add_answers(struct buf *b, const struct qcache *q, struct ctx *c)
{
	buf_add(b, host_env(), strlen(host_env()) + 1);
	for (int i = 0; i < q->argc; i++)
		buf_printf(b, "%zu:%s", strlen(q->argv[i]), q->argv[i]);
	buf_add(b, "", 1);
	for (size_t i = 0; i < c->req->args.n; i++) {
		const char *name = c->req->args.v[i], *v = vars_get(&c->vars, name, NULL);
		if (!v)
			return false;
		buf_add(b, name, strlen(name) + 1);
		buf_add(b, v, strlen(v) + 1);
	}
	return true;
}

void qcache_store(struct qcache *q, struct ctx *c)
{
	struct buf b = BUF_INIT;
	char *platform, *pid = NULL, *hid = NULL, *exe = NULL, *eid = NULL, *sources;
	struct stat st;

	/* A stale profile is never answered from the cache: each run must say it is stale. */
	if (!q->path || !cacheable(c->req) || !c->datadir || !c->host.file ||
	    stat(q->run, &st) != 0 || sources_changed(&c->host.sources) ||
	    !(sources = sources_text(&c->host.sources)))
		return;
	/* No racy-clean rule here: a new executable comes with a new inode, or a new version. */
	eid = file_id(&st);
	platform = path_join(c->datadir, "platform.json");
	/* The cache knows platform.json only: a profile that chose a target is not kept. */
	if (strcmp(platform, c->platform) != 0)
		goto out;
	pid = stable_id(platform, q->started);
	hid = pid ? stable_id(c->host.file, q->started) : NULL;
	if (!hid || !(exe = path_self()))
		goto out;
	const char *head[] = {MAGIC, MODXS_VERSION, exe, eid,	 c->datadir,
			      pid,   c->host.file,  hid, sources};
	for (size_t i = 0; i < sizeof(head) / sizeof(*head); i++)
		buf_add(&b, head[i], strlen(head[i]) + 1);
	if (add_answers(&b, q, c) && b.len < MAX_CACHE)
		write_cache(q, &b);
out:
	buf_release(&b);
	free(exe);
	free(eid);
	free(hid);
	free(pid);
	free(platform);
	free(sources);
}

void qcache_release(struct qcache *q)
{
	free(q->path);
	free(q->run);
	q->path = q->run = NULL;
}
