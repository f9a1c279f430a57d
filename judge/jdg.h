/* SPDX-License-Identifier: ISC */
/*
 * jdg: the judge: languages, problem preparation, judging one submission,
 * the worker loop, and the gavel CLI's command table.
 */

#ifndef JDG_H
#define JDG_H

#include <sys/types.h>

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sandbox/sbx.h"
#include "db/db.h"
#include "problems/prob.h"

/* Exit codes of gavel (README.md). */
#define JDG_EXIT_OK		0
#define JDG_EXIT_ERROR		1	/* bad input, explained in one line */
#define JDG_EXIT_USAGE		2
#define JDG_EXIT_INTERNAL	3

#define JDG_SOURCE_MAX		(100 * 1024)	/* DESIGN: source size */
#define JDG_DISPLAY_MAX		(64 * 1024)	/* compiler output kept */
#define JDG_DISPLAY_LINES	1000
#define JDG_EXCERPT_MAX		256		/* team output per run */
#define JDG_LEASE_MS		(120 * 1000)

/* ------------------------------------------------------------------ */
/* lang.c: languages from a config file                                 */
/* ------------------------------------------------------------------ */

struct jdg_lang {
	char		*id;		/* section name: "c", "java" */
	char		*name;		/* display name: "C", "Java" */
	char		**exts;		/* "c", "h"? no: "cc", "cpp" ... */
	size_t		 nexts;
	char		*source;	/* file in the box: "main.c", "{file}" */
	char		**compile;	/* argv template; NULL: interpreted */
	char		**run;		/* argv template */
	char		**env;		/* VAR=VALUE for runs, NULL-ended */
	char		**compile_env;	/* VAR=VALUE for the compile */
	char		*policy;	/* seccomp policy of runs */
	double		 time_mult;	/* problem time limit x this ... */
	uint64_t	 time_extra_ms;	/* ... plus this (JVM start-up) */
	double		 memory_mult;	/* problem memory x this */
	uint64_t	 cpu_cap_ms;	/* per-language CPU cap */
	uint64_t	 memory_cap;	/* per-language memory cap */
	uint64_t	 stack_bytes;	/* 0: the sandbox default */
	uint32_t	 processes;
	uint32_t	 open_files;
	uint64_t	 compile_ms;
	uint64_t	 compile_memory;
	uint32_t	 compile_processes;
	int		 line;		/* where its section starts */
};

struct jdg_langs {
	char		*path;		/* as given, for messages */
	struct jdg_lang	*v;
	size_t		 n;
};

/*
 * Parse a language file from f (name is used in messages). Returns 0 and
 * *out (free with jdg_langs_free()), or -1 and *cause "name:line: what".
 */
int		 jdg_langs_parse(FILE *f, const char *name,
		     struct jdg_langs **out, char **cause);
/* Open and parse path. */
int		 jdg_langs_load(const char *path, struct jdg_langs **out,
		     char **cause);
/* The file to load: path if given, else $GAVEL_LANGUAGES, else sysconf. */
const char	*jdg_langs_default_path(const char *path);
void		 jdg_langs_free(struct jdg_langs *);
/* By id or display name (any case), or NULL. */
const struct jdg_lang *jdg_lang_find(const struct jdg_langs *, const char *);
/* By the extension of filename (any case), or NULL. */
const struct jdg_lang *jdg_lang_by_file(const struct jdg_langs *,
		     const char *filename);
/*
 * The source's file name in the box: lang->source with "{file}" the
 * base name of filename, which must then be a plain identifier with one
 * of the language's extensions (Java: the class name). 0 with *out
 * allocated, or -1 with *cause.
 */
int		 jdg_lang_source_name(const struct jdg_lang *,
		     const char *filename, char **out, char **cause);
/*
 * Expand an argv template: "{source}" the source file, "{stem}" it less
 * its extension (in any word), a word "{sources}" every source. Returns
 * a NULL-ended allocated argv (jdg_argv_free()).
 */
char		**jdg_lang_argv(char *const *tmpl, const char *source,
		     char *const *sources);
void		 jdg_argv_free(char **);

/* ------------------------------------------------------------------ */
/* problem.c: packages into the database and back out to a cache        */
/* ------------------------------------------------------------------ */

/*
 * A problem version ready to judge: its package materialized from the
 * database under the cache folder, loaded by problems/, with every test
 * mapped to its testcase id.
 */
struct jdg_problem {
	struct db_problem	*meta;		/* without data */
	struct prob_package	*pkg;
	char			*dir;		/* cache/problems/ID */
	int64_t			*case_ids;	/* per pkg test */
	char			*validator;	/* built validator dir, or NULL */
	const struct jdg_lang	*vlang;		/* its language */
};

/*
 * Import the package at path (folder or archive) as the next version of
 * its problem. Everything the judge needs goes into the database (test
 * data, problem.yaml, testdata.yaml files, .timelimit, validators). 0 and
 * *id, *version, *short_name (allocated), or -1 with *cause.
 */
int		 jdg_problem_import(struct db *, const char *path,
		     const char *tmpdir, int64_t *id, int *version,
		     char **short_name, char **cause);
/*
 * Materialize and load problem version id under cache (creating what is
 * missing; safe against other workers doing the same). 0 and *pp, or -1
 * with *cause.
 */
int		 jdg_problem_prepare(struct db *, const char *cache, int64_t id,
		     const struct jdg_langs *, struct jdg_problem **pp,
		     char **cause);
void		 jdg_problem_free(struct jdg_problem *);
/* The validator's language: the first of its files with a known one. */
const struct jdg_lang *jdg_validator_lang(const struct jdg_langs *,
		     const struct prob_validator *, const char **main);

/* ------------------------------------------------------------------ */
/* judge.c: judging one submission                                      */
/* ------------------------------------------------------------------ */

struct jdg_ctx {
	struct db		*db;
	const struct jdg_langs	*langs;
	const char		*cache;		/* cache folder */
	enum sbx_runtime	 runtime;
	const char		*policy_dir;	/* NULL: built in */
	const char		*worker;
	int64_t			 lease_ms;
	volatile sig_atomic_t	*stop;		/* set by SIGTERM/SIGINT */
	int			 verbose;
};

/* What jdg_judge() did with the job. */
enum jdg_outcome {
	JDG_FINISHED = 0,	/* a result was written */
	JDG_RELEASED,		/* given back (stop asked) */
	JDG_LOST,		/* the lease was lost: nothing written */
	JDG_FAILED,		/* database error: nothing written */
};

/*
 * Judge a claimed job: compile and run it in one sandbox session, check,
 * grade and write the result with db_finish(). Internal errors are retried
 * in a fresh session up to the attempts the queue has left, then written
 * as IE. *cause is set (allocated) for LOST and FAILED.
 */
enum jdg_outcome jdg_judge(struct jdg_ctx *, struct db_job *, char **cause);

/* exec.c: sandbox runs of the judge */
struct jdg_box {
	struct sbx	*sbx;
	char		*top;		/* private temp folder (root only) */
	char		*work;		/* top/box: the /workspace */
};
int		 jdg_box_open(struct jdg_ctx *, struct jdg_box *,
		     struct sbx_result *, char **cause);
void		 jdg_box_close(struct jdg_box *);
/*
 * Run argv in the box. out_path, err_path: host files for stdout and
 * stderr (NULL: discard; the same path: one file). 0 or -1 (internal).
 */
int		 jdg_box_run(struct jdg_box *, char *const *argv,
		     char *const *env, const char *policy,
		     const struct sbx_limits *, const char *in_path,
		     const char *out_path, const char *err_path,
		     struct sbx_result *);
/* Empty the workspace (everything in it). 0 or -1 with errno. */
int		 jdg_box_clean(struct jdg_box *);
/* Write a file into the workspace (mode 0644 or 0755). */
int		 jdg_write_file(const char *dir, const char *name,
		     const void *, size_t, mode_t, char **cause);
/* Copy one regular file (no links followed) to a new file. */
int		 jdg_copy_file(const char *from, const char *to, mode_t,
		     char **cause);
/* Copy a folder tree of regular files (no links followed). */
int		 jdg_copy_tree(const char *from, const char *to, char **cause);
/* Read up to max bytes of a file; sets *len and whether it was cut. */
int		 jdg_read_head(const char *path, size_t max, char **buf,
		     size_t *len, int *cut);
/* Display text: sanitized, at most JDG_DISPLAY_MAX and _LINES. */
char		*jdg_display(const char *, size_t, int cut);
enum db_verdict	 jdg_status_verdict(enum sbx_status);
/* A prob verdict as the database's. */
enum db_verdict	 jdg_db_verdict(enum prob_verdict);

/* ------------------------------------------------------------------ */
/* worker.c: the worker loop and forked workers                         */
/* ------------------------------------------------------------------ */

struct jdg_workers {
	const char	*dbpath;
	const char	*langs_path;
	const char	*cache;
	enum sbx_runtime runtime;
	const char	*worker_id;	/* NULL: host:pid */
	int		 nworkers;
	int		 once;
	int		 verbose;
	int64_t		 lease_ms;
	int		 poll_ms;
};

/* Run the workers; returns an exit code. */
int		 jdg_workers_run(const struct jdg_workers *);

/* ------------------------------------------------------------------ */
/* cmd.c: the command table                                             */
/* ------------------------------------------------------------------ */

#define CMD_NEEDS_DB	0x1	/* open the database (must exist) */
#define CMD_CREATES_DB	0x2	/* open, creating it */
#define CMD_READONLY	0x4

struct cmd_args {
	int		 argc;		/* after the command name */
	char		**argv;
	const char	*dbpath;
	struct db	*db;		/* opened per the flags */
	const char	*langs;		/* --languages or NULL */
	const char	*cache;		/* --cache or NULL */
	int		 verbose;
};

struct cmd_entry {
	const char	*name;
	const char	*alias;
	const char	*usage;		/* after "gavel NAME " */
	const char	*help;		/* one line */
	int		 flags;
	int		(*exec)(struct cmd_args *);
};

const struct cmd_entry *cmd_find(const char *name, char **cause);
void		 cmd_usage_all(FILE *);
/* "usage: gavel NAME USAGE" on stderr; returns JDG_EXIT_USAGE. */
int		 cmd_usage(const struct cmd_entry *);
/* The first line of an error, "gavel NAME: ..." on stderr; returns 1. */
int		 cmd_error(const struct cmd_entry *, const char *, ...)
		     __attribute__((format(printf, 2, 3)));
/* The cache folder: --cache, else $GAVEL_CACHE, else DB.cache. */
char		*cmd_cache_dir(const struct cmd_args *);
/* Parse "--opt" long options with getopt_long from the command's argv. */
int		 cmd_parse_id(const char *, int64_t *);

extern const struct cmd_entry cmd_init_entry;
extern const struct cmd_entry cmd_problem_entry;
extern const struct cmd_entry cmd_submit_entry;
extern const struct cmd_entry cmd_judge_entry;
extern const struct cmd_entry cmd_list_entry;
extern const struct cmd_entry cmd_status_entry;
extern const struct cmd_entry cmd_result_entry;
extern const struct cmd_entry cmd_rejudge_entry;
extern const struct cmd_entry cmd_scoreboard_entry;
extern const struct cmd_entry cmd_export_entry;
extern const struct cmd_entry cmd_languages_entry;

/* report.c: best results per user and problem (scoreboard, export) */
struct jdg_best {
	char		*user;
	char		*problem;
	enum db_verdict	 verdict;	/* best */
	double		 score;
	int64_t		 submission;	/* the best one */
	int		 tries;
};
int		 jdg_best_collect(struct db *, const char *problem,
		     struct jdg_best **, size_t *, char **cause);
void		 jdg_best_free(struct jdg_best *, size_t);
/* JSON string (sbx_json_string) */
#define jdg_json_string sbx_json_string

#endif /* JDG_H */
