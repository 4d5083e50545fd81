/*
 * fuzz_conf.c: the config reader and editor. The first byte picks the
 * layout (a single httpd.conf, a drop-in .load file, a ProFTPD config with
 * its <IfModule mod_dso.c> block) and the second the action; the rest is
 * the config text. Whatever is applied must read back as asked and be
 * idempotent: applying it twice changes nothing the second time.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "fuzz.h"
#include "msg.h"

/* What the edited text says about the module: 1 active, 0 commented only, -1 absent. */
static int module_state(const struct conf_syntax *syn, const char *text, size_t len,
			const char *key)
{
	struct conf_module *m;
	size_t n;
	int state = -1;

	conf_scan(msgs, syn, text, len, &m, &n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(m[i].key, key) == 0 && state < 1)
			state = m[i].active ? 1 : 0;
	conf_scan_release(m, n);
	return state;
}

static void check(const struct conf_edit *e, const char *text, size_t len)
{
	struct buf out = BUF_INIT, again = BUF_INIT;
	struct conf_result res = {0}, res2 = {0};

	if (conf_apply(msgs, "fuzz.conf", text, len, e, &out, &res) != RC_OK)
		goto out;
	const char *now = res.changed ? out.s : text;
	size_t now_len = res.changed ? out.len : len;
	int state = module_state(e->syn, now, now_len, e->key);
	if (e->action == CONF_ACTIVATE && state != 1)
		fuzz_fail("after -a the module has no active LoadModule line");
	if (e->action == CONF_REMOVE && state != -1)
		fuzz_fail("after --uninstall a LoadModule line of the module is left");
	if (e->action == CONF_DEACTIVATE && state == 1)
		fuzz_fail("after --deactivate the module is still active");
	if (conf_apply(msgs, "fuzz.conf", now, now_len, e, &again, &res2) != RC_OK)
		fuzz_fail("an edited config no longer parses");
	if (res2.changed)
		fuzz_fail("the same edit applied twice changed the text again");
	/* The other readers must cope with whatever the editor accepted. */
	free(conf_directive(msgs, e->syn, now, now_len, "ModulePath"));
out:
	conf_result_release(&res);
	conf_result_release(&res2);
	buf_release(&out);
	buf_release(&again);
}

/*
 * The streaming path modxs takes on real files reads 64 KiB at a time: put
 * the text just before a chunk boundary (after pad bytes of comment lines)
 * and check that the file path plans and renders what the in-memory path
 * does, so lines split across chunks are handled alike.
 */
static void check_chunks(const struct conf_edit *e, const char *text, size_t len, size_t pad)
{
	struct buf big = BUF_INIT, mem = BUF_INIT, file = BUF_INIT;
	struct conf_result res = {0}, res2 = {0};
	struct conf_plan pl;

	while (big.len + 40 < pad)
		buf_puts(&big, "# a comment line to pad the config ...\n");
	while (big.len < pad)
		buf_putc(&big, '#');
	buf_putc(&big, '\n');
	buf_add(&big, text, len);
	char *path = fuzz_file("chunked.conf", (const uint8_t *)big.s, big.len);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc_mem = conf_apply(msgs, "fuzz.conf", big.s, big.len, e, &mem, &res);
	int rc_fd = conf_plan_fd(msgs, "fuzz.conf", fd, e, &pl, &res2);
	if (rc_mem != rc_fd)
		fuzz_fail("the file and memory paths disagree on whether the config parses");
	if (!rc_fd && res2.changed) {
		if (lseek(fd, 0, SEEK_SET) != 0 ||
		    conf_render_buf(msgs, "fuzz.conf", &pl, fd, &file) != 0)
			fuzz_fail("the file path could not render a plan it made");
		if (mem.len != file.len || memcmp(mem.s, file.s, mem.len) != 0)
			fuzz_fail("the file path rendered other text than the memory path");
	} else if (!rc_fd && res.changed) {
		fuzz_fail("only the memory path changed the text");
	}
	if (!rc_fd)
		conf_plan_release(&pl);
	close(fd);
	conf_result_release(&res);
	conf_result_release(&res2);
	buf_release(&big);
	buf_release(&mem);
	buf_release(&file);
	free(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum conf_action actions[] = {CONF_ACTIVATE, CONF_COMMENTED, CONF_DEACTIVATE,
						   CONF_REMOVE};
	/*
	 * ProFTPD's (mod_ifsession.c kept last), PHP's ini files', and a host
	 * whose path comes before the key.
	 */
	static const char *const last[] = {"mod_ifsession.c", NULL};
	static const struct conf_syntax proftpd = {"LoadModule", 1,    0,     '#', "IfModule",
						   "mod_dso.c",	 NULL, false, last};
	static const struct conf_syntax ini = {"extension", 1,	  0,	 ';', NULL,
					       NULL,	    NULL, false, NULL};
	static const struct conf_syntax swapped = {"UsePlugin", 2,    1,     '#', NULL,
						   NULL,	NULL, false, NULL};
	struct conf_edit e;

	if (size < 2)
		return 0;
	switch (data[0] % 5) {
	case 0: /* a single httpd.conf */
		e = (struct conf_edit){0, "x_module", "LoadModule x_module modules/mod_x.so", NULL};
		break;
	case 1: /* a drop-in: mods-available/x.load, conf.modules.d/10-x.conf */
		e = (struct conf_edit){0, "x_module",
				       "LoadModule x_module /usr/lib/apache2/modules/mod_x.so",
				       NULL};
		break;
	case 2: /* ProFTPD */
		e = (struct conf_edit){0, "mod_x.c", "LoadModule mod_x.c", &proftpd};
		break;
	case 3: /* php.ini */
		e = (struct conf_edit){0, "x.so", "extension=x.so", &ini};
		break;
	default:
		e = (struct conf_edit){0, "x", "UsePlugin /p/x.so x", &swapped};
		break;
	}
	e.action = actions[data[1] % 4];
	/* An exact-size heap copy without a NUL, so reads past the end are caught. */
	char *text = malloc(size - 2 ? size - 2 : 1);
	memcpy(text, data + 2, size - 2);
	check(&e, text, size - 2);
	/* One input in eight also crosses a 64 KiB read boundary, 0..255 bytes in. */
	if ((data[0] & 0x18) == 0x18)
		check_chunks(&e, text, size - 2, 65536 - (size_t)data[1]);
	struct conf_module *m;
	size_t n;
	conf_scan(msgs, e.syn, text, size - 2, &m, &n);
	conf_scan_release(m, n);
	free(text);
	return 0;
}
