/* test_msg.c: what the core says reaches the handler and sink its caller registered. */
#include <errno.h>
#include <string.h>

#include "capture.h"
#include "check.h"
#include "la.h"
#include "msg.h"
#include "report.h"

/* An error reaches the handler with its text, its code and the program name. */
static void test_error_to_handler(void)
{
	msgs_init(msgs, "apxs");
	capture_start();
	CHECK(error(msgs, RC_CONF, "cannot parse '%s'", "x.conf") == RC_CONF);
	CHECK(captured.errors == 1);
	CHECK(captured.last_rc == RC_CONF);
	CHECK_STR(capture_err(), "apxs: error: cannot parse 'x.conf'\n");
	CHECK_STR(capture_out(), "");
}

/* A format ending in ':' gets errno's text, and errno survives the call. */
static void test_errno_rule(void)
{
	msgs_init(msgs, "modxs");
	capture_start();
	errno = ENOENT;
	warn(msgs, "cannot open '%s':", "a");
	CHECK(errno == ENOENT);
	CHECK_STR(capture_err(), "modxs: warning: cannot open 'a': No such file or directory\n");
	CHECK(captured.errors == 0);
}

/* Notices are dropped under quiet; with no handler nothing is said at all. */
static void test_quiet_and_silent(void)
{
	msgs_init(msgs, "modxs");
	capture_start();
	notice(msgs, "built '%s'", "m.la");
	msgs->quiet = true;
	notice(msgs, "not said");
	CHECK_STR(capture_err(), "built 'm.la'\n");
	msgs_init(msgs, "modxs");
	CHECK(error(msgs, RC_USAGE, "nobody hears this") == RC_USAGE);
	CHECK(msg_out(msgs, "nor this\n") == 0);
}

/* Text a user reads goes to MSG_OUT, or beside it while --json owns MSG_OUT. */
static void test_print_and_json(void)
{
	msgs_init(msgs, "modxs");
	capture_start();
	msg_print(msgs, "remove '%s'\n", "f");
	CHECK_STR(capture_out(), "remove 'f'\n");
	msgs->json = true;
	capture_start();
	msg_print(msgs, "remove '%s'\n", "g");
	report_file(msgs, "module", "/m/mod_x.so");
	report_finish(msgs, RC_OK);
	CHECK_STR(capture_err(), "remove 'g'\n");
	CHECK_STR(capture_out(),
		  "{\"files\":[{\"kind\":\"module\",\"path\":\"/m/mod_x.so\"}],\"exit\":0}\n");
	CHECK(msgs->doc == NULL);
	msgs_release(msgs);
}

/* A library call with no context of its own reports through the msgs it is given. */
static void test_library_call(void)
{
	struct la la;

	msgs_init(msgs, "modxs");
	capture_start();
	CHECK(la_read_as(msgs, "/nonexistent/x.la", RC_INSTALL, &la) == RC_INSTALL);
	CHECK(captured.errors == 1 && captured.last_rc == RC_INSTALL);
	CHECK_STR(capture_err(),
		  "modxs: error: cannot read '/nonexistent/x.la': No such file or directory\n");
}

int main(void)
{
	test_error_to_handler();
	test_errno_rule();
	test_quiet_and_silent();
	test_print_and_json();
	test_library_call();
	buf_release(&captured.err);
	buf_release(&captured.out);
	return check_status("test_msg");
}
