/*
 * fuzz_conf.c: the config reader and editor. The first byte picks the
 * layout (a single httpd.conf, a drop-in .load file, a ProFTPD config with
 * its <IfModule mod_dso.c> block) and the second the action; the rest is
 * the config text. Whatever is applied must read back as asked and be
 * idempotent: applying it twice changes nothing the second time.
 */
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "fuzz.h"
#include "msg.h"

/* What the edited text says about the module: 1 active, 0 commented only, -1 absent. */
static int module_state(const char *text, size_t len, const char *key)
{
	struct conf_module *m;
	size_t n;
	int state = -1;

	conf_scan(text, len, &m, &n);
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

	if (conf_apply("fuzz.conf", text, len, e, &out, &res) != RC_OK)
		goto out;
	const char *now = res.changed ? out.s : text;
	size_t now_len = res.changed ? out.len : len;
	int state = module_state(now, now_len, e->key);
	if (e->action == CONF_ACTIVATE && state != 1)
		fuzz_fail("after -a the module has no active LoadModule line");
	if (e->action == CONF_REMOVE && state != -1)
		fuzz_fail("after --uninstall a LoadModule line of the module is left");
	if (e->action == CONF_DEACTIVATE && state == 1)
		fuzz_fail("after --deactivate the module is still active");
	if (conf_apply("fuzz.conf", now, now_len, e, &again, &res2) != RC_OK)
		fuzz_fail("an edited config no longer parses");
	if (res2.changed)
		fuzz_fail("the same edit applied twice changed the text again");
	/* The other readers must cope with whatever the editor accepted. */
	free(conf_directive(now, now_len, "ModulePath"));
out:
	conf_result_release(&res);
	conf_result_release(&res2);
	buf_release(&out);
	buf_release(&again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum conf_action actions[] = {CONF_ACTIVATE, CONF_COMMENTED,
						   CONF_DEACTIVATE, CONF_REMOVE};
	struct conf_edit e;

	if (size < 2)
		return 0;
	switch (data[0] % 3) {
	case 0: /* a single httpd.conf */
		e = (struct conf_edit){0, "x_module", "LoadModule x_module modules/mod_x.so", false};
		break;
	case 1: /* a drop-in: mods-available/x.load, conf.modules.d/10-x.conf */
		e = (struct conf_edit){0, "x_module",
				       "LoadModule x_module /usr/lib/apache2/modules/mod_x.so",
				       false};
		break;
	default: /* ProFTPD */
		e = (struct conf_edit){0, "mod_x.c", "LoadModule mod_x.c", true};
		break;
	}
	e.action = actions[data[1] % 4];
	/* An exact-size heap copy without a NUL, so reads past the end are caught. */
	char *text = malloc(size - 2 ? size - 2 : 1);
	memcpy(text, data + 2, size - 2);
	check(&e, text, size - 2);
	struct conf_module *m;
	size_t n;
	conf_scan(text, size - 2, &m, &n);
	conf_scan_release(m, n);
	free(text);
	return 0;
}
