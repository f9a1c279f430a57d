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
#define JDG_SOURCE_CEILING	(1024 * 1024)	/* the most it can be set to */
#define JDG_DISPLAY_MAX		(64 * 1024)	/* compiler output kept */
#define JDG_DISPLAY_LINES	1000
#define JDG_EXCERPT_MAX		256		/* team output per run */
#define JDG_LEASE_MS		(120 * 1000)
#define JDG_PACKAGE_SUBMISSIONS	1000		/* kept with a problem */

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
/* mkdir -p of base/rel's parents (base exists). 0, or -1 with *cause. */
int		 jdg_mkparents(const char *base, const char *rel, char **cause);
/* The validator's language: the first of its files with a known one. */
const struct jdg_lang *jdg_validator_lang(const struct jdg_langs *,
		     const struct prob_validator *, const char **main);

/* ------------------------------------------------------------------ */
/* config.c: judge settings (the settings table, `gavel config`)        */
/* ------------------------------------------------------------------ */

struct jdg_config {
	int64_t		 rate_per_minute;	/* 0: no limit */
	int64_t		 source_max;		/* bytes */
	int64_t		 max_pending;		/* per user; 0: no limit */
	int64_t		 autoban_high;		/* high flags; 0: never */
	int64_t		 mining_cpu_ms;
};

struct jdg_config_key {
	const char	*key;		/* "submit.rate_per_minute" */
	size_t		 off;		/* of its int64_t in struct jdg_config */
	int64_t		 def;
	int64_t		 min;
	int64_t		 max;
	const char	*help;		/* one line */
};
extern const struct jdg_config_key jdg_config_keys[];
extern const size_t jdg_config_nkeys;

/* The key named key, or NULL. */
const struct jdg_config_key *jdg_config_find(const char *key);
/* A value for k: a whole number within its bounds. 0, or -1 *cause. */
int		 jdg_config_parse(const struct jdg_config_key *k,
		     const char *value, int64_t *out, char **cause);
/* Every setting: the stored value, else the default. 0 or -1 *cause. */
int		 jdg_config_load(struct db *, struct jdg_config *, char **cause);
/*
 * Check and store value for key (NULL: back to the default), audited as
 * actor's. 0, or -1 with *cause (unknown key, bad value; nothing stored).
 */
int		 jdg_config_set(struct db *, const char *key, const char *value,
		     const char *actor, char **cause);

/* ------------------------------------------------------------------ */
/* sha256.c, ccache.c: the compile cache                                */
/* ------------------------------------------------------------------ */

#define JDG_SHA256_HEX	65		/* 64 hex digits and a NUL */

struct jdg_sha256 {
	uint32_t	 h[8];
	uint64_t	 len;
	uint8_t		 buf[64];
	size_t		 nbuf;
};

void		 jdg_sha256_init(struct jdg_sha256 *);
void		 jdg_sha256_update(struct jdg_sha256 *, const void *, size_t);
/* The digest as lower-case hex; the context is used up. */
void		 jdg_sha256_final(struct jdg_sha256 *, char hex[JDG_SHA256_HEX]);
/* The digest of a regular file (no link followed): 0, or -1 with errno. */
int		 jdg_sha256_file(const char *path, char hex[JDG_SHA256_HEX]);

struct jdg_box;
/*
 * The cache key of a compile: the language's id, compile command and
 * environment, the source's name in the box and its bytes.
 */
void		 jdg_ccache_key(const struct jdg_lang *, const char *source_name,
		     const void *source, size_t len, char key[JDG_SHA256_HEX]);
/*
 * Copy the artifacts cached under key into the box's (empty) workspace
 * and check every copy against the manifest's SHA-256. 1: a hit, with
 * *output the compiler's output then (allocated). 0: a miss; a bad entry
 * is removed and the workspace emptied again. -1: the workspace could
 * not be emptied (errno).
 */
int		 jdg_ccache_get(const char *cache, const char *key,
		     struct jdg_box *, char **output);
/*
 * Keep what a successful compile left in work (less top-level dot
 * entries) under key, atomically. A workspace with links, special files
 * or over the cache's size limits is not kept (0 all the same). 0, or -1
 * with *cause (nothing kept).
 */
int		 jdg_ccache_put(const char *cache, const char *key,
		     const char *work, const char *output, char **cause);

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
	int			 progress_fd;	/* -1, or a pipe: JDG_TICK_* */
};

/* Bytes a worker writes to its progress pipe. */
#define JDG_TICK_TEST		't'	/* a test was run */
#define JDG_TICK_DONE		's'	/* a submission was finished */

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
	int		 progress;	/* draw the progress line */
	int64_t		 lease_ms;
	int		 poll_ms;
};

/* Run the workers; returns an exit code. */
int		 jdg_workers_run(const struct jdg_workers *);

/* bulk.c: many submissions from a folder or an archive */
struct jdg_bulk {
	char		*user;		/* file stem or folder name */
	char		*path;		/* as shown in messages */
	char		*filename;	/* the source's own name */
	char		*source;	/* NUL-terminated */
	size_t		 len;
};
/*
 * Every submission in path (a folder or a zip/tar archive): a top-level
 * file is one (user: its stem), a top-level folder holds one source
 * file (user: the folder; with forced NULL, files of no known language
 * are ignored there). Hidden names are skipped. Sources are checked as
 * `gavel submit` checks one; archives are read in memory with
 * problems/' rules (no absolute or ".." paths, links, special files;
 * entry and size limits). All or nothing: 0 with *v (jdg_bulk_free()),
 * or -1 with *cause naming the entry.
 */
int		 jdg_bulk_collect(const char *path, const struct jdg_langs *,
		     const struct jdg_lang *forced, struct jdg_bulk **v,
		     size_t *n, char **cause);
void		 jdg_bulk_free(struct jdg_bulk *, size_t);
/* strcmp for qsort of a char * array. */
int		 jdg_strcmp_p(const void *, const void *);

/* verify.c: a package's own submissions against their folders */
struct jdg_verify {
	struct db	*db;		/* for an ID; NULL: paths only */
	const char	*target;	/* a package path, else a problem */
	const char	*langs_path;
	enum sbx_runtime runtime;
	int		 nworkers;
	int		 verbose;
	int		 progress;
};
/* The verdict submissions/FOLDER stands for; NONE for others. */
enum db_verdict	 jdg_folder_verdict(const char *folder);
/*
 * Import the package (or copy the problem's current version) into a
 * throwaway database, queue each submissions/FOLDER/FILE with FOLDER as
 * its user, judge them all and print a line each to out. 0 with *nsubs
 * judged and *nbad of them without their folder's verdict, or -1 with
 * *cause. Nothing is left behind either way.
 */
int		 jdg_verify(const struct jdg_verify *, FILE *out, size_t *nsubs,
		     size_t *nbad, char **cause);

/* progress.c: the progress line on a terminal */
struct jdg_progress {
	int		 rfd;		/* the parent reads ticks here */
	int		 wfd;		/* workers write them here */
	struct db	*db;		/* the parent's, for the queue's size */
	int64_t		 done;
	int64_t		 tests;
	int64_t		 total;
	uint64_t	 start_ns;
	uint64_t	 drawn_ns;
	uint64_t	 counted_ns;
};
/* A worker's tick (JDG_TICK_*); nothing without a progress pipe. */
void		 jdg_tick(struct jdg_ctx *, char);
/* The pipe; P->db is the caller's to set (after forking). 0 or -1. */
int		 jdg_progress_open(struct jdg_progress *, char **cause);
/* Wait up to timeout_ms for ticks, count them, redraw now and then. */
void		 jdg_progress_poll(struct jdg_progress *, int timeout_ms);
/* The last line, with a newline; closes the pipe and P->db. */
void		 jdg_progress_close(struct jdg_progress *);

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
/* "auto", "native" or "runsc": 0, else -1. */
int		 cmd_parse_runtime(const char *, enum sbx_runtime *);

extern const struct cmd_entry cmd_init_entry;
extern const struct cmd_entry cmd_problem_entry;
extern const struct cmd_entry cmd_submit_entry;
extern const struct cmd_entry cmd_judge_entry;
extern const struct cmd_entry cmd_list_entry;
extern const struct cmd_entry cmd_status_entry;
extern const struct cmd_entry cmd_result_entry;
extern const struct cmd_entry cmd_rejudge_entry;
extern const struct cmd_entry cmd_scoreboard_entry;
extern const struct cmd_entry cmd_report_entry;
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
