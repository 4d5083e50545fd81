/* record.h: the recorded platform and host profiles, loaded into one context. */
#ifndef MODXS_RECORD_H
#define MODXS_RECORD_H

#include "abi.h"
#include "conf.h"
#include "fmt.h"
#include "msg.h"
#include "request.h"
#include "sources.h"
#include "util.h"
#include "vars.h"

struct deps;

/*
 * A host profile (share/modxs/hosts/NAME.json), documented in
 * modxs-profile(5). String fields are raw: expand them with ctx_expand().
 * The module formats are parsed at load: use them through fmt.h.
 */
struct host {
	char *name;
	char *file; /* the profile's path */
	char *description;
	char *cflags;		   /* build.cflags: compile flags for C sources */
	char *cxxflags;		   /* build.cxxflags: for C++ sources; defaults to cflags */
	char *ldflags;		   /* build.ldflags: link flags for modules */
	char *libs;		   /* build.libs: libraries every module links */
	struct strvec pkgs;	   /* build.pkg_config: packages for cflags and libs */
	char *launcher;		   /* build.launcher: what compiles run under; NULL if unset */
	char *addon_file;	   /* build.addon.file: what a module dir describes itself in */
	char *addon_script;	   /* build.addon.script: reads that file, says what to build */
	char *signature;	   /* module.signature: ERE of the build signature string */
	struct strvec exports;	   /* module.exports: data symbols besides the record */
	struct strvec aliases;	   /* other names the host answers to: "apache2" */
	struct fmt symbol_fmt;	   /* module.symbol: "%s_module", or one fixed name */
	bool symbol_function;	   /* module.symbol_type: the record is a function, not data */
	struct fmt load_fmt;	   /* module.load_line: "LoadModule %-18s %s" */
	bool key_first;		   /* module.load_args: the key fills load_line's first %s */
	struct fmt key_fmt;	   /* module.key: the word a module line names a module by */
	struct fmt module_file;	   /* module.file: "mod_%s.so" */
	char *layout;		   /* config.layout: auto|single|debian|fedora|proftpd|demo */
	char *config_file;	   /* config.file */
	struct strvec config_test; /* config.test: argv; "{config}" is the file */
	struct conf_syntax syn;	   /* the module line, comment mark and home section */
	char *directive;	   /* syn's strings, owned here */
	char *load_tail;
	char *section, *section_arg;
	char *module_path;	 /* config.module_path: the directive naming the modules dir */
	char *server_root;	 /* config.server_root: what relative paths resolve against */
	struct strvec includes;	 /* config.include: the directives that read other files */
	struct strvec keep_last; /* config.keep_last: module keys new lines go before */
	struct host_dropin {	 /* config.dropin: one file per module, enabled by links */
		char *available; /* the dir the files are written in */
		struct strvec enabled; /* the dirs that link them */
		struct fmt file;       /* a module's file name: "%s.load" */
		struct strvec also;    /* its companions, linked when present: "%s.conf" */
		char *priority;	       /* the links' name prefix: "20-" */
	} dropin;
	char *server;		/* the server binary */
	char *target;		/* target: the platform record it is built for; NULL for any */
	struct sources sources; /* what a recorded profile was read from */
	struct abi abi;		/* abi: the record's stamp; no stamps when absent */
};

/* Everything one run knows: the request, where data lives, variables, host. */
struct ctx {
	const struct request *req;
	struct msgs *msgs;	 /* where it reports; the caller's */
	const struct deps *deps; /* libelf, nettle, libpkgconf: set by deps_load() */
	char *exe_dir;		 /* directory of the running executable */
	char *prefix;		 /* exe_dir/.. : the install prefix */
	char *datadir;		 /* the share/modxs directory in use */
	char *platform;		 /* the platform record in use: platform.json or targets/T.json */
	struct vars vars;
	struct host host;
	char *launcher; /* platform.json's launcher; NULL when it names none */
};

/*
 * Find the data dir, load platform.json and the chosen host profile,
 * apply -S. Prints one error and returns its code on failure.
 */
int ctx_load(struct ctx *c, struct msgs *msgs, const struct request *req);
/* Find the data dir in use only (--record platform). Prints one error on failure. */
int ctx_find_datadir(struct ctx *c, struct msgs *msgs, const struct request *req);
/*
 * The first part of ctx_load: find the data dir and load platform.json,
 * for a run that needs no host (--record). Prints one error and returns
 * its code on failure.
 */
int ctx_load_platform(struct ctx *c, struct msgs *msgs, const struct request *req);
/*
 * The proftpd layout's rules, for a profile that does not give its own
 * (version 1, or --layout proftpd): "LoadModule mod_NAME.c" inside
 * <IfModule mod_dso.c>, before mod_ifsession.c (which is loaded last), modules only
 * from the ModulePath.
 */
void host_proftpd_rules(struct host *h);
/* Free the context. */
void ctx_release(struct ctx *c);
/* Expand s against the context's variables; NULL after printing an error. */
char *ctx_expand(struct ctx *c, const char *s);
/* Expand then split s into words, appended to out; false after an error. */
bool ctx_words(struct ctx *c, const char *s, struct strvec *out);
/* The expanded value of a variable, "" when it is not defined. */
const char *ctx_var(struct ctx *c, const char *name);
/* Names of the installed host profiles, sorted. */
void ctx_host_names(const struct ctx *c, struct strvec *out);
#endif
