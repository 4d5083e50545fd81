/* fmt.h: a profile's name formats ("%s_module", "LoadModule %-18s %s"), parsed once. */
#ifndef MODXS_FMT_H
#define MODXS_FMT_H

#include <stdbool.h>
#include <stddef.h>

/* No profile format fills in more than a name and a path. */
#define FMT_MAX_SLOTS 2
/* A wider slot only asks for a huge buffer. */
#define FMT_MAX_WIDTH 999

/* One %s: the width it pads to, on the right ("%-18s") or the left ("%18s"). */
struct fmt_slot {
	int width;
	bool left;
};

/*
 * A format as literal pieces around its slots: lit[0] slot[0] lit[1] ...
 * slot[nslots-1] lit[nslots], each %% already a '%'.
 */
struct fmt {
	char *text; /* the format as the profile wrote it */
	size_t nslots;
	struct fmt_slot slot[FMT_MAX_SLOTS];
	char *lit[FMT_MAX_SLOTS + 1];
};

#define FMT_INIT  \
	{         \
		0 \
	}

/* Why fmt_parse refused a format. */
enum fmt_result {
	FMT_OK,
	FMT_BAD_CONVERSION, /* a % not starting %%, %s, %Ns or %-Ns (a stray % included) */
	FMT_TOO_WIDE,	    /* a width past FMT_MAX_WIDTH */
	FMT_TOO_MANY,	    /* more slots than asked for */
	FMT_TOO_FEW,	    /* fewer slots than asked for */
};

/* Parse text, which must hold min to max slots (max <= FMT_MAX_SLOTS), into f; f is empty on error. */
enum fmt_result fmt_parse(struct fmt *f, const char *text, size_t min, size_t max);
/* The text of f with a and b in its first two slots, padded to their widths; NULL values are "". */
char *fmt_apply(const struct fmt *f, const char *a, const char *b);
/* The nonempty value in the one slot of f that gives text ("x" for "x_module"), or NULL. */
char *fmt_match(const struct fmt *f, const char *text);
/* The literal text after the last slot ("_module" of "%s_module"). */
const char *fmt_suffix(const struct fmt *f);
/* Free f's pieces and empty it. */
void fmt_release(struct fmt *f);

#endif
