/* query.h: -q, printing recorded variables, for every persona. */
#ifndef MODXS_QUERY_H
#define MODXS_QUERY_H

#include <stdio.h>

#include "record.h"

/* What -q NAME... puts between the values it prints on one line. */
#define QUERY_JOIN ";;"

/* How -q prints its answers. */
enum query_format {
	QUERY_JOINED,  /* -q NAME...: the values on one line, joined by ";;" */
	QUERY_LINES,   /* -q: NAME=value, one a line */
	QUERY_ALIGNED, /* -q -v: NAME = value, every '=' in one column */
	QUERY_JSON,    /* --json: one object of NAME: value */
};

/* One answer: a name, and the value -q prints for it. */
struct query_answer {
	const char *name; /* borrowed: from the variable table or the command line */
	char *value;	  /* owned */
};

/* The answers of one -q, in the order they print. */
struct query_answers {
	struct query_answer *v;
	size_t n, cap;
};
#define QUERY_ANSWERS_INIT \
	{                  \
		NULL, 0, 0 \
	}

/* Append name, which must outlive a, with value, which a takes over. */
void query_answers_add(struct query_answers *a, const char *name, char *value);
/* Sort as apxs -q -v does, by uppercased name ('_' after the letters), then by byte. */
void query_answers_sort(struct query_answers *a);
/* Free the values and the array; leaves a empty and reusable. */
void query_answers_release(struct query_answers *a);
/* Append a to out in format f. */
void query_render(const struct query_answers *a, enum query_format f, struct buf *out);
/* Print a in format f on msgs' MSG_OUT; RC_INTERNAL when it cannot be written. */
int query_print(struct msgs *msgs, const struct query_answers *a, enum query_format f);

/*
 * -q for c's persona: the variables named in c->req->args (all of them when
 * none is named) on c->msgs' MSG_OUT. Prints nothing there and returns
 * RC_USAGE when a name is unknown.
 */
int query_run(struct ctx *c);

#endif
