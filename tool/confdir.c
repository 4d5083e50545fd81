/* confdir.c: reading a dir of config drop-ins: its files, and which of them load a module. */
#include "confdir.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "msg.h"

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void confdir_files(const char *dir, const char *suffix, struct strvec *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.' && str_ends(e->d_name, suffix))
			strvec_push(out, e->d_name);
	if (d)
		closedir(d);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_names);
}

/* RC_CONF naming the line when dir/file has an active LoadModule line for key. */
static int loads_in(struct msgs *msgs, const struct conf_syntax *syn, const char *dir,
		    const char *file, const char *key)
{
	char *path = path_join(dir, file);
	struct conf_module *m = NULL;
	size_t n = 0;
	int got = conf_scan_file(msgs, syn, path, &m, &n), rc = got == RC_CONF ? RC_CONF : RC_OK;

	for (size_t k = 0; got == RC_OK && k < n && !rc; k++)
		if (m[k].active && strcmp(m[k].key, key) == 0)
			rc = error(msgs, RC_CONF,
				   "'%s': line %d: still loads '%s'; changed nothing "
				   "(disable it there by hand)",
				   path, m[k].line, key);
	conf_scan_release(m, n);
	free(path);
	return rc;
}

int confdir_check_unloaded(struct msgs *msgs, const struct conf_syntax *syn, const char *dir,
			   const char *const *suffixes, const char *const *own, const char *key)
{
	struct strvec files = STRVEC_INIT;
	int rc = RC_OK;

	for (size_t s = 0; suffixes[s]; s++)
		confdir_files(dir, suffixes[s], &files);
	for (size_t i = 0; i < files.n && !rc; i++) {
		bool mine = false;
		for (size_t k = 0; own[k]; k++)
			mine = mine || strcmp(files.v[i], own[k]) == 0;
		if (!mine)
			rc = loads_in(msgs, syn, dir, files.v[i], key);
	}
	strvec_release(&files);
	return rc;
}
