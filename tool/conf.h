/* conf.h: a config's text: finding its LoadModule lines, and planning and writing an edit of them. */
#ifndef MODXS_CONF_H
#define MODXS_CONF_H

#include <stdbool.h>
#include <stddef.h>

#include "msg.h"
#include "util.h"

/*
 * How a host's config names its modules, from its profile (modxs-profile(5)):
 * a line is the directive, then blanks or '=', then arguments.
 */
struct conf_syntax {
	const char *directive;	 /* the module line's first word: "LoadModule", "extension" */
	int key_word;		 /* the argument naming the module, from 1 */
	int path_word;		 /* the argument holding the module's path, from 1; 0: none */
	char comment;		 /* what starts a comment: '#', ';' */
	const char *section;	 /* new lines go in the first top-level section of this name */
	const char *section_arg; /* and this argument ("IfModule", "mod_dso.c"); NULL: anywhere */
	const char *tail;	 /* what load_line has after its last argument (";"); NULL: none */
	bool braces;		 /* sections are "NAME ... {" to "}", not <NAME> to </NAME> */
	/*
	 * Keys of modules whose lines stay after every line an edit adds (ProFTPD's
	 * mod_ifsession.c): a new line goes before the first, and before the
	 * comment lines right above it. NULL-terminated; NULL: none.
	 */
	const char *const *keep_last;
};

/* Apache's syntax: LoadModule KEY PATH, '#' comments. */
const struct conf_syntax *conf_syntax_apache(void);

/* What an edit does to a module's LoadModule line. */
enum conf_action {
	CONF_ACTIVATE,	 /* -a: the line, active */
	CONF_COMMENTED,	 /* -A: the line, commented out */
	CONF_DEACTIVATE, /* --deactivate: comment out an active line */
	CONF_REMOVE,	 /* --uninstall: drop every line of the module */
};

/* One edit of one config text. */
struct conf_edit {
	enum conf_action action;
	const char *key;  /* the LoadModule argument naming the module: "x_module", "mod_x.c" */
	const char *line; /* the line to write, without comment mark or newline */
	const struct conf_syntax *syn; /* NULL: conf_syntax_apache() */
};

/* The outcome of conf_apply. */
struct conf_result {
	bool changed;
	bool found;  /* the text had a line for the module, active or not */
	int line;    /* the line written or changed, from 1; 0 when none */
	char *where; /* set when no LoadModule line was there: where the line went */
};

/* A planned edit: the changes to make, and what the text's lines end with. */
struct conf_op;
struct conf_plan {
	struct conf_op *ops;
	size_t nops;
	size_t lines; /* lines in the text */
	bool crlf;    /* new lines end in \r\n */
	bool ended;   /* the text ends with a line end */
};

/*
 * The first pass of an edit: read the config on fd (file names it in
 * messages) a line at a time and plan e. Memory stays bounded by the
 * module's own lines, whatever the size of the config. Returns RC_OK, or
 * RC_CONF with one error naming the file and line (unbalanced sections, a
 * NUL byte, a line over 1 MiB).
 */
int conf_plan_fd(struct msgs *msgs, const char *file, int fd, const struct conf_edit *e,
		 struct conf_plan *pl, struct conf_result *res);
/*
 * The second pass: copy the config from in (read again from its start) to
 * out with the plan made. Keeps CRLF line ends, each line's indentation and
 * a missing final newline. 0, or -1 with errno set.
 */
int conf_render_fd(struct msgs *msgs, const char *file, const struct conf_plan *pl, int in,
		   int out);
/* conf_render_fd into memory, for --dry-run's diff. */
int conf_render_buf(struct msgs *msgs, const char *file, const struct conf_plan *pl, int in,
		    struct buf *out);
/* Free the plan's changes. */
void conf_plan_release(struct conf_plan *pl);
/* Both passes over a text in memory, the new text in out when changed. */
int conf_apply(struct msgs *msgs, const char *file, const char *text, size_t len,
	       const struct conf_edit *e, struct buf *out, struct conf_result *res);
/* Free what conf_apply left in res. */
void conf_result_release(struct conf_result *res);

/* One LoadModule line found in a config. */
struct conf_module {
	char *key;   /* its first argument */
	char *path;  /* its second argument, "" when none */
	bool active; /* false when commented out */
	bool prose;  /* commented with white space after the mark, as examples are */
	int line;
};

/* Every module line of text (syn NULL: Apache's), active or commented, in order. */
void conf_scan(struct msgs *msgs, const struct conf_syntax *syn, const char *text, size_t len,
	       struct conf_module **out, size_t *n);
/* conf_scan of a file, read a line at a time; -1 (errno) when it cannot be opened, RC_CONF on bad text. */
int conf_scan_file(struct msgs *msgs, const struct conf_syntax *syn, const char *path,
		   struct conf_module **out, size_t *n);
/* Free what conf_scan returned. */
void conf_scan_release(struct conf_module *m, size_t n);
/*
 * conf_find_file and conf_scan_file in one read: the directives of names
 * into dirs, every module line into mods (when not NULL). -1 (errno) when
 * the file cannot be opened, RC_CONF on bad text.
 */
int conf_collect_file(struct msgs *msgs, const struct conf_syntax *syn, const char *path,
		      const struct strvec *names, struct conf_module **dirs, size_t *nd,
		      struct conf_module **mods, size_t *nm);
/* The argument of the last active directive name in text; NULL when none. */
char *conf_directive(struct msgs *msgs, const struct conf_syntax *syn, const char *text, size_t len,
		     const char *name);
/*
 * Every active line of the file at path whose directive is one of names, in
 * order: the directive as written in key, its first argument in path. -1
 * (errno) when it cannot be opened, RC_CONF on bad text.
 */
int conf_find_file(struct msgs *msgs, const struct conf_syntax *syn, const char *path,
		   const struct strvec *names, struct conf_module **out, size_t *n);
/* conf_directive of a file, read a line at a time; NULL when none or unreadable. */
char *conf_directive_file(struct msgs *msgs, const struct conf_syntax *syn, const char *path,
			  const char *name);

/*
 * A unified diff from old to new, one hunk with three lines of context,
 * labelled a and b. Nothing when they are equal.
 */
void conf_diff(const char *a, const char *old, size_t oldlen, const char *b, const char *new_,
	       size_t newlen, struct buf *out);

#endif
