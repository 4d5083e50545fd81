/* util.h: memory, string vectors and growable buffers. */
#ifndef MODXS_UTIL_H
#define MODXS_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* malloc that aborts on exhaustion: out of memory is the one fatal case. */
void *xmalloc(size_t n);
/* calloc counterpart of xmalloc. */
void *xcalloc(size_t n, size_t size);
/* realloc counterpart of xmalloc. */
void *xrealloc(void *p, size_t n);
/* strdup that aborts on exhaustion; NULL stays NULL. */
char *xstrdup(const char *s);
/* strndup that aborts on exhaustion. */
char *xstrndup(const char *s, size_t n);
/* printf into a new string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A NULL-terminated vector of owned strings, usable as an argv. */
struct strvec {
	char **v;
	size_t n, cap;
};
#define STRVEC_INIT        \
	{                  \
		NULL, 0, 0 \
	}

/* Append a copy of s. */
void strvec_push(struct strvec *sv, const char *s);
/* Append s, taking ownership. */
void strvec_push_owned(struct strvec *sv, char *s);
/* Append copies of every string of other. */
void strvec_extend(struct strvec *sv, const struct strvec *other);
/* Free every string and the vector; leaves it empty and reusable. */
void strvec_release(struct strvec *sv);
/* True if the vector holds a string equal to s. */
bool strvec_has(const struct strvec *sv, const char *s);

/* A growable NUL-terminated byte buffer. */
struct buf {
	char *s;
	size_t len, cap;
};
#define BUF_INIT           \
	{                  \
		NULL, 0, 0 \
	}

/* Append n bytes. */
void buf_add(struct buf *b, const char *s, size_t n);
/* Append a NUL-terminated string. */
void buf_puts(struct buf *b, const char *s);
/* Append one byte. */
void buf_putc(struct buf *b, char c);
/* Append formatted text. */
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append formatted text from a va_list. */
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Give the string to the caller (never NULL) and reset the buffer. */
char *buf_detach(struct buf *b);
/* Free the buffer's memory. */
void buf_release(struct buf *b);

/* True if s ends with suffix. */
bool str_ends(const char *s, const char *suffix);
/* True if s starts with prefix. */
bool str_starts(const char *s, const char *prefix);
/* The part of path after its last '/'. */
const char *path_base(const char *path);
/* A new string: path without its last '/'-component ("." when none). */
char *path_dir(const char *path);
/*
 * A new string: path written plainly, without "." or empty components or a
 * trailing '/', ".." taken lexically ("/" or "." when nothing is left).
 */
char *path_clean(const char *path);
/*
 * path as the system will see it: without destdir when it already starts
 * with it (a Makefile that staged the path itself), else path unchanged.
 */
const char *path_unstage(const char *destdir, const char *path);
/* A new string: dir "/" name, without doubling the slash. */
char *path_join(const char *dir, const char *name);
/*
 * path_join of the first dlen bytes of dir into out, which holds size
 * bytes, with no allocation; false when it does not fit.
 */
bool path_join_in(char *out, size_t size, const char *dir, size_t dlen, const char *name);
/* A new string: the running executable's path; NULL when the system cannot say. */
char *path_self(void);
/* path_self into out, which holds size bytes; false when the system cannot say or it does not fit. */
bool path_self_in(char *out, size_t size);
/* A new string: $XDG_CACHE_HOME/modxs, else ~/.cache/modxs; NULL when neither is absolute. */
char *path_cache_dir(void);
/* path_cache_dir into out, which holds size bytes; false when there is none or it does not fit. */
bool path_cache_dir_in(char *out, size_t size);
/* Parse a whole decimal int in [min,max]; false on anything else. */
bool parse_int(const char *s, int min, int max, int *out);

#endif
