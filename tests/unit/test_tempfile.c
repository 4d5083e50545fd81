/* test_tempfile.c: temp files are exclusive, private, unpredictable and cleaned up. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "proc.h"
#include "tempfile.h"
#include "util.h"

static char dir[] = "/tmp/modxs-test-tempfile-XXXXXX";

static void test_create_rename_delete(void)
{
	char *target = path_join(dir, "a.conf");
	struct tempfile t = TEMPFILE_INIT;
	struct stat st;

	CHECK(tempfile_create(&t, target) == 0);
	CHECK(t.fd >= 0 && t.path && str_starts(path_base(t.path), ".a.conf.modxs-"));
	CHECK(tempfile_is_temp_of(path_base(t.path), "a.conf"));
	CHECK(stat(t.path, &st) == 0 && (st.st_mode & 0777) == 0600);
	CHECK(write(t.fd, "x\n", 2) == 2);
	CHECK(tempfile_rename(&t, target) == 0);
	CHECK(t.path == NULL && t.fd < 0);
	CHECK(stat(target, &st) == 0 && st.st_size == 2);

	CHECK(tempfile_create(&t, target) == 0);
	char *made = xstrdup(t.path);
	tempfile_delete(&t);
	tempfile_delete(&t);
	CHECK(access(made, F_OK) != 0 && errno == ENOENT);
	free(made);
	free(target);
}

static void test_names(void)
{
	char *target = path_join(dir, "m.so");
	char *a = tempfile_name(target, "save"), *b = tempfile_name(target, "save");

	CHECK(strcmp(a, b) != 0);
	CHECK(str_starts(path_base(a), ".m.so.modxs-save-") && strlen(path_base(a)) == 29);
	/* Saved versions belong to the journal: a sweep of temp files never takes them. */
	CHECK(!tempfile_is_temp_of(path_base(a), "m.so"));
	CHECK(!tempfile_is_temp_of(".m.so.modxs-bak-123", "m.so"));
	CHECK(!tempfile_is_temp_of(".other.modxs-abcdef", "m.so"));
	char *link = tempfile_name(target, "link");
	CHECK(tempfile_is_temp_of(path_base(link), "m.so"));
	free(link);
	free(a);
	free(b);
	free(target);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	test_create_rename_delete();
	test_names();
	char *rm[] = {"rm", "-rf", dir, NULL};
	spawn_run(rm);
	return check_status("test_tempfile");
}
