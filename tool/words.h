/* words.h: splitting flag strings into argv words, and quoting them back. */
#ifndef MODXS_WORDS_H
#define MODXS_WORDS_H

#include <stdbool.h>

#include "util.h"

/*
 * Split s into words the way a POSIX shell splits a simple command line,
 * honouring '…', "…" and backslash, but expanding nothing and running
 * nothing. Appends to out. Returns false on an unterminated quote.
 */
bool words_split(const char *s, struct strvec *out);
/* Append word to b, quoted so that a POSIX shell reads it back unchanged. */
void words_quote(struct buf *b, const char *word);
/* A new string: argv joined by spaces, each word quoted as needed. */
char *words_join(char *const *argv);
/* The first byte of w a shell acts on (blank, quote, '$', ';', control...); NULL when none. */
const char *words_special(const char *w);

#endif
