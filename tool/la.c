/* la.c: libtool .la and .lo files. */
#include "la.h"

#include <stdlib.h>

#include "msg.h"

int la_read(const char *path, struct la *out)
{
	(void)out;
	return error(RC_INTERNAL, "'%s': reading .la files is not available in this build", path);
}

char *la_object(const char *la_path, const struct la *la)
{
	char *dir = path_dir(la_path);
	char *p = xasprintf("%s/.libs/%s", dir, la->dlname ? la->dlname : "");
	free(dir);
	return p;
}

int la_write(const char *path, const struct la *la)
{
	(void)la;
	return error(RC_INTERNAL, "'%s': writing .la files is not available in this build", path);
}

void la_release(struct la *la)
{
	free(la->dlname);
	free(la->library_names);
	free(la->old_library);
	free(la->dependency_libs);
	free(la->libdir);
}

int lo_read(const char *path, struct lo *out)
{
	(void)out;
	return error(RC_INTERNAL, "'%s': reading .lo files is not available in this build", path);
}

int lo_write(const char *path, const struct lo *lo)
{
	(void)lo;
	return error(RC_INTERNAL, "'%s': writing .lo files is not available in this build", path);
}

void lo_release(struct lo *lo)
{
	free(lo->pic_object);
	free(lo->non_pic_object);
}
