/* qcache.c: `modxs -q NAME...` answered from the variables a previous run expanded. */
#include "qcache.h"

#include <ctype.h>
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
#define MAGIC "modxs-qcache 2"
/* No profile comes near this; a bigger file is not a cache of ours. */
#define MAX_CACHE (1u << 20)
/*
 * Fields before the name and value pairs: magic, version, the executable
 * (resolved) and its file, data dir, platform file, host file.
 */
enum { F_MAGIC, F_VERSION, F_EXE, F_EXE_ID, F_DATADIR, F_PLATFORM_ID, F_HOST, F_HOST_ID, F_VARS };

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

/*
 * The path this run was started by, as cheaply as it can be had: the name
 * the kernel was given to execute (AT_EXECFN) when it is absolute, which
 * needs no system call; else /proc/self/exe, whose lookup costs about a
 * twentieth of starting a program. The cache checks that the file it names
 * is the one it recorded, so a symlink or a replaced file is no mistake.
 * Started by a persona file, the kernel was given that text file, not
 * modxs: only /proc/self/exe names the executable then.
 */
static char *run_path(bool persona_file)
{
	const char *fn = persona_file ? NULL : (const char *)getauxval(AT_EXECFN);

	return fn && *fn == '/' ? xstrdup(fn) : path_self();
}

/* What decides which files a load reads, and so which cache file holds its answers. */
static char *cache_path(const struct request *req, const char *exe)
{
	unsigned long long h = 14695981039346656037ull;
	char *dir = path_cache_dir(), *path;

	if (!dir)
		return NULL;
	h = hash_add(h, MODXS_VERSION);
	h = hash_add(h, exe);
	h = hash_add(h, getenv("MODXS_DATADIR"));
	h = hash_add(h, getenv("MODXS_HOST"));
	h = hash_add(h, req->host);
	h = hash_add(h, req->profile);
	/* By hand, as everything on the way to an answer: printf's code is pages not yet mapped. */
	char name[] = "/query-0123456789abcdef";
	for (int i = 22; i >= 7; i--, h >>= 4)
		name[i] = "0123456789abcdef"[h & 15];
	path = xmalloc(strlen(dir) + sizeof(name));
	memcpy(path, dir, strlen(dir));
	memcpy(path + strlen(dir), name, sizeof(name));
	free(dir);
	return path;
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

/*
 * True when a load now would pick datadir as record.c's find_datadir does:
 * MODXS_DATADIR when set, else PREFIX/share/modxs before EXE_DIR/share/modxs.
 */
static bool same_datadir(const char *datadir, const char *exe)
{
	const char *env = getenv("MODXS_DATADIR");
	bool same = false;

	if (env && *env)
		return strcmp(datadir, env) == 0;
	char *exe_dir = path_dir(exe), *prefix = path_dir(exe_dir);
	char *first = path_join(prefix, "share/modxs"), *second = path_join(exe_dir, "share/modxs");
	if (strcmp(datadir, first) == 0) {
		same = true;
	} else if (strcmp(datadir, second) == 0) {
		char *p = path_join(first, "platform.json");
		same = access(p, R_OK) != 0;
		free(p);
	}
	free(first);
	free(second);
	free(prefix);
	free(exe_dir);
	return same;
}

/* Split text (len bytes, the last a NUL) into its NUL-ended fields; NULL if it is not ours. */
static const char **fields_of(const char *text, size_t len, size_t *n)
{
	const char **f;
	size_t k = 0;

	if (!len || text[len - 1] != '\0')
		return NULL;
	for (size_t i = 0; i < len; i++)
		k += text[i] == '\0';
	if (k < F_VARS || (k - F_VARS) % 2)
		return NULL;
	f = xcalloc(k, sizeof(*f));
	for (size_t i = 0, j = 0; j < k; i += strlen(text + i) + 1)
		f[j++] = text + i;
	*n = k;
	return f;
}

/* The value recorded for name as vars_find finds it: the exact name, then its lowercase. */
static const char *find(const char **f, size_t n, const char *name)
{
	char *lower = xstrdup(name);
	const char *found = NULL;

	for (char *p = lower; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	for (size_t i = F_VARS; i < n && !found; i += 2)
		if (strcmp(f[i], name) == 0)
			found = f[i + 1];
	for (size_t i = F_VARS; i < n && !found; i += 2)
		if (strcmp(f[i], lower) == 0)
			found = f[i + 1];
	free(lower);
	return found;
}

/* Answer req from the fields f, setting *rc, or false when one of its names is not there. */
static bool answer(struct msgs *msgs, const struct request *req, const char **f, size_t n, int *rc)
{
	struct query_answers a = QUERY_ANSWERS_INIT;
	bool ok = true;

	for (size_t i = 0; i < req->args.n && ok; i++) {
		const char *v = find(f, n, req->args.v[i]);
		if (v)
			query_answers_add(&a, req->args.v[i], xstrdup(v));
		else
			ok = false;
	}
	if (ok)
		*rc = query_print(msgs, &a, QUERY_JOINED);
	query_answers_release(&a);
	return ok;
}

/* True when the fields f are answers of this executable, from files that are as they were. */
static bool still_true(const char **f, const char *run)
{
	bool same = false;

	if (strcmp(f[F_MAGIC], MAGIC) == 0 && strcmp(f[F_VERSION], MODXS_VERSION) == 0 &&
	    same_file(run, f[F_EXE_ID]) && same_datadir(f[F_DATADIR], f[F_EXE])) {
		char *platform = path_join(f[F_DATADIR], "platform.json");
		same = same_file(platform, f[F_PLATFORM_ID]) && same_file(f[F_HOST], f[F_HOST_ID]);
		free(platform);
	}
	return same;
}

bool qcache_answer(struct qcache *q, struct msgs *msgs, const struct request *req, int *rc)
{
	char *text = NULL;
	const char **f = NULL;
	size_t len = 0, n = 0;
	bool done = false;

	if (!cacheable(req) || !(q->run = run_path(req->persona_file)))
		goto miss;
	q->path = cache_path(req, q->run);
	if (q->path)
		text = file_read_max(q->path, MAX_CACHE, &len);
	if (text && (f = fields_of(text, len, &n)) && still_true(f, q->run))
		done = answer(msgs, req, f, n, rc);
	free(f);
	free(text);
miss:
	/* Asked only on the way to a load: the answer from here needs no clock. */
	if (!done)
		q->started = time(NULL);
	return done;
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

void qcache_store(struct qcache *q, struct ctx *c)
{
	struct buf b = BUF_INIT;
	char *platform, *pid = NULL, *hid = NULL, *exe = NULL, *eid = NULL;
	struct stat st;

	if (!q->path || !c->datadir || !c->host.file || stat(q->run, &st) != 0)
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
	const char *head[] = {MAGIC, MODXS_VERSION, exe, eid, c->datadir, pid, c->host.file, hid};
	for (size_t i = 0; i < sizeof(head) / sizeof(*head); i++)
		buf_add(&b, head[i], strlen(head[i]) + 1);
	for (size_t i = 0; i < c->vars.n; i++) {
		const char *v = vars_get(&c->vars, c->vars.v[i].name, NULL);
		if (!v)
			goto out;
		buf_add(&b, c->vars.v[i].name, strlen(c->vars.v[i].name) + 1);
		buf_add(&b, v, strlen(v) + 1);
	}
	write_cache(q, &b);
out:
	buf_release(&b);
	free(exe);
	free(eid);
	free(hid);
	free(pid);
	free(platform);
}

void qcache_release(struct qcache *q)
{
	free(q->path);
	free(q->run);
	q->path = q->run = NULL;
}
