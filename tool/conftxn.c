/* conftxn.c: editing one config file as a transaction step, and recording what changed. */
#include "conftxn.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "msg.h"
#include "report.h"

void conf_txn_release(struct conf_txn *t)
{
	if (t->locked)
		lock_done(&t->lk);
	t->locked = false;
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
}

const char *conf_txn_path(const struct conf_txn *t, const char *path)
{
	return t->locked ? t->lk.path : path;
}

/* Open the file being edited; a missing file reads empty when create is allowed. */
static int txn_open(struct msgs *msgs, struct conf_txn *t, const char *path, bool create)
{
	t->fd = file_open_regular(path);
	if (t->fd >= 0) {
		t->existed = true;
		return RC_OK;
	}
	if (errno == ENOENT && create && (t->fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0)
		return RC_OK;
	return error(msgs, RC_CONF, "cannot read '%s': %s", path, file_why(errno));
}

/* --dry-run: the diff of the planned edit, from the old and new texts in memory. */
static int show_diff(struct msgs *msgs, const char *path, const struct conf_txn *t,
		     const struct conf_plan *pl)
{
	struct buf old = BUF_INIT, new_ = BUF_INIT, d = BUF_INIT;
	int rc = RC_OK;

	if (t->existed && file_read(path, &old) != 0)
		rc = error(msgs, RC_CONF, "cannot read '%s':", path);
	else if (conf_render_buf(msgs, path, pl, t->fd, &new_) != 0)
		rc = error(msgs, RC_CONF, "cannot read '%s':", path);
	if (!rc)
		conf_diff(t->existed ? path : "/dev/null", old.s, old.len, path, new_.s, new_.len,
			  &d);
	if (d.s)
		msg_print(msgs, "%s", d.s);
	buf_release(&d);
	buf_release(&old);
	buf_release(&new_);
	return rc;
}

void conf_txn_say_where(struct msgs *msgs, const struct conf_txn *t, const char *path,
			const struct conf_result *res)
{
	if (t->changed && t->existed && res->where)
		notice(msgs, "'%s' had no LoadModule line: added one %s", path, res->where);
}

static int txn_lock(struct ctx *c, struct journal *j, struct conf_txn *t, const char *path,
		    bool create)
{
	char *dir = path_dir(path), *failed = NULL;
	int rc = RC_OK;

	if (create && !c->req->dry_run && dir_make(j, dir, &failed) != 0)
		rc = error(c->msgs, RC_CONF, "cannot create directory '%s':", failed);
	free(failed);
	free(dir);
	if (rc || c->req->dry_run)
		return rc;
	t->locked = true;
	return lock_take(&t->lk, c->msgs, j, path, RC_CONF, true);
}

/* The second pass, writing the edited config into the temp file. */
struct render_arg {
	struct msgs *msgs;
	const char *file;
	const struct conf_plan *pl;
	int in;
};

static int fill_render(int fd, void *arg)
{
	const struct render_arg *a = arg;
	return conf_render_fd(a->msgs, a->file, a->pl, a->in, fd);
}

int conf_txn_edit(struct ctx *c, struct journal *j, struct conf_txn *t, const char *path,
		  const struct conf_edit *e, bool create, struct conf_result *res)
{
	struct conf_plan pl = {NULL, 0, 0, false, true};
	const char *real;
	int rc = txn_lock(c, j, t, path, create);

	memset(res, 0, sizeof(*res));
	real = conf_txn_path(t, path);
	if (!rc)
		rc = txn_open(c->msgs, t, real, create);
	if (!rc)
		rc = conf_plan_fd(c->msgs, path, t->fd, e, &pl, res);
	if (rc || !res->changed)
		goto out;
	if (c->req->dry_run) {
		rc = show_diff(c->msgs, real, t, &pl);
	} else {
		struct render_arg a = {c->msgs, path, &pl, t->fd};
		rc = lock_commit_with(&t->lk, fill_render, &a, 0644);
	}
	t->changed = !rc;
out:
	conf_plan_release(&pl);
	return rc;
}

void conf_txn_note(struct msgs *msgs, const struct conf_place *p, const char *path,
		   const char *action, const char *line, struct receipt *r)
{
	size_t dl = strlen(p->destdir);
	const char *final = strncmp(path, p->destdir, dl) == 0 ? path + dl : path;

	if (strcmp(action, "delete") != 0)
		report_file(msgs, "config", path);
	report_edit(msgs, path, action, line);
	if (r)
		receipt_add_edit(r, action, final, line);
}

const char *conf_action_name(enum conf_action a)
{
	static const char *const names[] = {"activate", "add-commented", "deactivate", "remove"};
	return names[a];
}
