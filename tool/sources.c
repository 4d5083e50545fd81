/* sources.c: the files a recorded profile came from, and whether they changed since. */
#include "sources.h"

#include <stdlib.h>
#include <sys/stat.h>

#include "json.h"
#include "words.h"

void sources_add(struct sources *s, const char *path, long long size, long long mtime)
{
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	s->v[s->n++] = (struct source){xstrdup(path), size, mtime};
}

bool sources_add_entry(struct sources *s, const cJSON *entry)
{
	const cJSON *path = cJSON_GetObjectItemCaseSensitive(entry, "path");
	const cJSON *size = cJSON_GetObjectItemCaseSensitive(entry, "size");
	const cJSON *mtime = cJSON_GetObjectItemCaseSensitive(entry, "mtime");

	if (!cJSON_IsObject(entry) || !cJSON_IsString(path) || !cJSON_IsNumber(size) ||
	    !cJSON_IsNumber(mtime))
		return false;
	sources_add(s, path->valuestring, (long long)size->valuedouble,
		    (long long)mtime->valuedouble);
	return true;
}

/* True when path is still as recorded: the same size and modification time, or still missing. */
static bool unchanged(const struct source *src)
{
	struct stat st;

	if (stat(src->path, &st) != 0)
		return src->size < 0;
	return (long long)st.st_size == src->size && (long long)st.st_mtime == src->mtime;
}

const struct source *sources_changed(const struct sources *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (!unchanged(&s->v[i]))
			return &s->v[i];
	return NULL;
}

char *sources_command(const struct sources *s, const char *host)
{
	struct buf b = BUF_INIT;

	buf_puts(&b, "modxs");
	if (!s->args.n)
		buf_printf(&b, " --record %s", host);
	for (size_t i = 0; i < s->args.n; i++) {
		buf_putc(&b, ' ');
		words_quote(&b, s->args.v[i]);
	}
	return buf_detach(&b);
}

void sources_warn(struct msgs *msgs, const struct sources *s, const char *host)
{
	const struct source *src = sources_changed(s);

	if (!src)
		return;
	char *cmd = sources_command(s, host);
	warn(msgs, "'%s' has changed since the '%s' profile was recorded; run '%s'", src->path,
	     host, cmd);
	free(cmd);
}

void sources_release(struct sources *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].path);
	free(s->v);
	strvec_release(&s->args);
	*s = (struct sources)SOURCES_INIT;
}
