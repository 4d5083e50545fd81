/*
 * icecc_farm.cc: LIBDIR/modxs/icecc.so, which asks an icecream scheduler
 * for its nodes' stats through icecream's own client library (libicecc,
 * the one icemon uses), as a monitor does. The only C++ in modxs: the
 * counting is tool/icecc.c's, and this file only speaks the protocol.
 */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <memory>
#include <sstream>
#include <string>

#include <icecc/comm.h>
#include <icecc/logging.h>

#include "icecc.h"

#ifndef MODXS_VERSION
#define MODXS_VERSION "0.0.0"
#endif

namespace
{

/* How long to look for the scheduler, in seconds: icecream's own default. */
const int FIND_SECONDS = 2;
/* After the scheduler's last message, how long a quiet line means it has said all. */
const int QUIET_MS = 500;
/* The longest the listing may take once connected. */
const int LIST_MS = 3000;

long now_ms()
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

/* Wait up to ms for fd to be ready (fd < 0: just wait); whether it is. */
bool wait_fd(int fd, short events, int ms)
{
	struct pollfd p = {fd, events, 0};

	return poll(&p, fd < 0 ? 0 : 1, ms) > 0;
}

/*
 * libicecc logs to std::cerr unless told otherwise, and modxs prints
 * through its own sink only: its log goes to a string for the run, and
 * SIGPIPE, which a write to a scheduler gone away would raise, waits.
 */
class quiet_library
{
      public:
	quiet_library()
	    : info(logfile_info), warning(logfile_warning), error(logfile_error),
	      trace(logfile_trace)
	{
		logfile_info = logfile_warning = logfile_error = logfile_trace = &log;
		sigset_t pipe;
		sigemptyset(&pipe);
		sigaddset(&pipe, SIGPIPE);
		pthread_sigmask(SIG_BLOCK, &pipe, &old_mask);
	}
	~quiet_library()
	{
		logfile_info = info;
		logfile_warning = warning;
		logfile_error = error;
		logfile_trace = trace;
		/* A SIGPIPE raised meanwhile is taken here, not delivered. */
		sigset_t pipe;
		struct timespec zero = {0, 0};
		sigemptyset(&pipe);
		sigaddset(&pipe, SIGPIPE);
		while (sigtimedwait(&pipe, nullptr, &zero) == SIGPIPE)
			;
		pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
	}
	quiet_library(const quiet_library &) = delete;
	quiet_library &operator=(const quiet_library &) = delete;

	/* The library's last log line, for a reason nothing else explains. */
	std::string last_line() const
	{
		std::string s = log.str();
		while (!s.empty() && s.back() == '\n')
			s.pop_back();
		size_t nl = s.rfind('\n');
		return nl == std::string::npos ? s : s.substr(nl + 1);
	}

      private:
	std::ostream *info, *warning, *error, *trace;
	std::ostringstream log;
	sigset_t old_mask;
};

/* The scheduler, found within FIND_SECONDS; NULL if none answered. */
MsgChannel *find_scheduler(std::string &name)
{
	/* An empty name: libicecc reads ICECC_SCHEDULER, else broadcasts. */
	DiscoverSched discover(std::string(), FIND_SECONDS);
	MsgChannel *ch;

	while (!(ch = discover.try_get_scheduler())) {
		if (discover.timed_out())
			return nullptr;
		int fd = discover.listen_fd() >= 0 ? discover.listen_fd() : discover.connect_fd();
		wait_fd(fd, POLLIN | POLLOUT, 100);
	}
	name = discover.schedulerName();
	return ch;
}

/* Hand fn each node's stats until the scheduler is quiet; false if it hung up first. */
bool list_nodes(MsgChannel *ch, icecc_stats_fn *fn, void *data)
{
	long end = now_ms() + LIST_MS;

	if (!ch->send_msg(MonLoginMsg()))
		return false;
	for (long left; (left = end - now_ms()) > 0;) {
		/* One message per node, all at once on login: a pause means the list is done. */
		if (!wait_fd(ch->fd, POLLIN, left < QUIET_MS ? (int)left : QUIET_MS))
			return true;
		bool ok = ch->read_a_bit();
		while (ch->has_msg()) {
			std::unique_ptr<Msg> m(ch->get_msg(0, true));
			if (!m)
				return false;
			if (m->type != M_MON_STATS)
				continue;
			MonStatsMsg *stats = dynamic_cast<MonStatsMsg *>(m.get());
			if (stats)
				fn(data, stats->hostid, stats->statmsg.c_str());
		}
		if (!ok || ch->at_eof())
			return false;
	}
	return true;
}

int farm(icecc_stats_fn *fn, void *data, char *msg, size_t msglen)
{
	quiet_library quiet;
	std::string name;
	const char *env = getenv("ICECC_SCHEDULER");
	std::string where = env && *env ? std::string("'") + env + "' (ICECC_SCHEDULER)" :
					  std::string("the network (no ICECC_SCHEDULER)");

	std::unique_ptr<MsgChannel> ch(find_scheduler(name));
	if (!ch) {
		snprintf(msg, msglen, "no icecc scheduler answered on %s within %d s",
			 where.c_str(), FIND_SECONDS);
		return -1;
	}
	if (!list_nodes(ch.get(), fn, data)) {
		std::string last = quiet.last_line();
		snprintf(msg, msglen, "the icecc scheduler '%s' hung up%s%s", name.c_str(),
			 last.empty() ? "" : ": ", last.c_str());
		return -1;
	}
	snprintf(msg, msglen, "%s", name.c_str());
	return 0;
}

/* No exception may leave the plugin: modxs is C. */
int farm_safe(icecc_stats_fn *fn, void *data, char *msg, size_t msglen)
{
	try {
		return farm(fn, data, msg, msglen);
	} catch (const std::exception &e) {
		snprintf(msg, msglen, "libicecc failed: %s", e.what());
	} catch (...) {
		snprintf(msg, msglen, "libicecc failed");
	}
	return -1;
}

} // namespace

/* Declared here too, so the definition is checked against deps.c's use of it. */
extern "C" const struct icecc_plugin modxs_icecc_plugin;

/* The plugin's one exported symbol (ICECC_SYMBOL); the build hides every other. */
extern "C" __attribute__((visibility("default"))) const struct icecc_plugin modxs_icecc_plugin = {
	MODXS_VERSION, sizeof(struct icecc_plugin), farm_safe};
