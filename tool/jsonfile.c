/* jsonfile.c: JSON files read whole and parsed, their errors naming the file's lines. */
#include "jsonfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"

int json_line_at(const char *text, const char *pos)
{
	int line = 1;
	for (const char *p = text; p < pos && *p; p++)
		line += *p == '\n';
	return line;
}

/*
 * Where a parse stopped, as line and column (in bytes, from 1). cJSON often
 * stops on the blanks before the culprit, or at the end of a file cut
 * short: then the next non-blank byte, or else the last one, is meant.
 */
static void where_at(const char *text, const char *pos, int *line, int *col)
{
	const char *start;

	pos += strspn(pos, " \t\r\n");
	while (!*pos && pos > text && strchr(" \t\r\n", pos[-1]))
		pos--;
	if (!*pos && pos > text)
		pos--;
	*line = json_line_at(text, pos);
	for (start = pos; start > text && start[-1] != '\n';)
		start--;
	*col = (int)(pos - start) + 1;
}

int json_line(const char *text, const char *parent, const char *key)
{
	const char *from = text;
	char *pat;

	if (parent) {
		pat = xasprintf("\"%s\"", parent);
		const char *p = strstr(text, pat);
		free(pat);
		if (p)
			from = p;
	}
	pat = xasprintf("\"%s\"", key);
	const char *p = strstr(from, pat);
	free(pat);
	return p ? json_line_at(text, p) : 1;
}

cJSON *json_load(struct msgs *msgs, const char *path, char **text)
{
	size_t len = 0;
	const char *end = NULL;

	*text = file_read_max(path, JSON_MAX_FILE, &len);
	if (!*text) {
		if (errno == EINVAL)
			error(msgs, RC_DATA, "cannot read '%s': not a regular file", path);
		else if (errno == EFBIG)
			error(msgs, RC_DATA, "cannot read '%s': larger than %u MiB", path,
			      JSON_MAX_FILE >> 20);
		else
			error(msgs, RC_DATA, "cannot read '%s':", path);
		return NULL;
	}
	if (memchr(*text, '\0', len)) {
		error(msgs, RC_DATA, "'%s': line %d: NUL byte in JSON", path,
		      json_line_at(*text, *text + strlen(*text)));
		return NULL;
	}
	/*
	 * The file may be anything (--profile /etc/shadow): name places, never
	 * quote it. The tree comes from cJSON's own allocator: its hooks take
	 * no argument, so an arena of ours could only be reached as a global.
	 */
	cJSON *root = cJSON_ParseWithLengthOpts(*text, len, &end, false);
	if (root && end)
		end += strspn(end, " \t\r\n");
	if (!root || (end && *end)) {
		int line, col;
		where_at(*text, end ? end : *text, &line, &col);
		if (!(*text)[strspn(*text, " \t\r\n")])
			error(msgs, RC_DATA, "'%s': line 1: malformed JSON: the file is empty",
			      path);
		else
			error(msgs, RC_DATA, "'%s': line %d, column %d: %s", path, line, col,
			      root ? "trailing data after the JSON object" : "malformed JSON");
		cJSON_Delete(root);
		return NULL;
	}
	if (!cJSON_IsObject(root)) {
		error(msgs, RC_DATA, "'%s': line 1: expected a JSON object", path);
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}
