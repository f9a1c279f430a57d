/* SPDX-License-Identifier: ISC */
/*
 * prob: ICPC/Kattis problem packages (load, safe import), the default
 * output validator, the custom validator protocol and group grading.
 */

#ifndef PROB_H
#define PROB_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------------ */
/* Limits (see problems/README.md)                                      */
/* ------------------------------------------------------------------ */

#define PROB_SHORT_NAME_MAX	64		/* [a-z0-9_-]{1,64} */
#define PROB_DEFAULT_TIME_MS	2000		/* no limit given */
#define PROB_MAX_TIME_MS	(600ULL * 1000)	/* 10 minutes */
#define PROB_MAX_MEMORY		(65536ULL << 20)	/* 64 GiB */
#define PROB_MAX_OUTPUT		(4096ULL << 20)	/* 4 GiB */
#define PROB_MAX_CODE		(65536ULL << 10)	/* 64 MiB */
#define PROB_MAX_SCORE		1e9		/* |accept|, |reject_score| */

#define PROB_MAX_YAML_BYTES	(64 * 1024)	/* each YAML file */
#define PROB_MAX_YAML_DEPTH	16
#define PROB_MAX_YAML_NODES	4096
#define PROB_MAX_GROUP_DEPTH	8		/* data/secret/a/b/... */
#define PROB_MAX_PATH_DEPTH	16		/* components in a path */
#define PROB_MAX_PATH		1024		/* bytes in any package path */
#define PROB_MAX_TESTS		10000

#define PROB_MAX_VALIDATOR_FILES 256
#define PROB_MAX_VALIDATOR_BYTES (16ULL << 20)	/* all validator sources */

/* Import defaults; also the limits prob_load_dir() applies to a folder. */
#define PROB_IMPORT_MAX_FILES	10000		/* entries, folders included */
#define PROB_IMPORT_MAX_FILE	(256ULL << 20)	/* one file */
#define PROB_IMPORT_MAX_TOTAL	(1ULL << 30)	/* all files */

#define PROB_FEEDBACK_MAX	(64 * 1024)	/* judgemessage.txt kept */

/* ------------------------------------------------------------------ */
/* Verdicts                                                             */
/* ------------------------------------------------------------------ */

/*
 * The verdicts of DESIGN.md. PENDING marks a test not yet judged in the
 * arrays handed to the grading functions; it is never a result.
 */
enum prob_verdict {
	PROB_AC = 0,
	PROB_WA,
	PROB_TLE,
	PROB_MLE,
	PROB_OLE,
	PROB_RTE,
	PROB_CE,
	PROB_SV,
	PROB_RJ,
	PROB_IE,
	PROB_SK,
	PROB_PENDING,
	PROB_VERDICT_MAX
};

/* ------------------------------------------------------------------ */
/* The package model                                                    */
/* ------------------------------------------------------------------ */

enum prob_type {
	PROB_PASS_FAIL = 0,
	PROB_SCORING
};

enum prob_validation {
	PROB_VALIDATION_DEFAULT = 0,
	PROB_VALIDATION_CUSTOM
};

/* Where time_limit_ms came from. */
enum prob_time_from {
	PROB_TIME_DEFAULT = 0,		/* PROB_DEFAULT_TIME_MS */
	PROB_TIME_YAML,			/* limits.time_limit */
	PROB_TIME_FILE			/* .timelimit */
};

enum prob_on_reject {
	PROB_BREAK = 0,
	PROB_CONTINUE
};

/* grader_flags verdict modes and score modes; the last one given wins. */
enum prob_vmode {
	PROB_FIRST_ERROR = 0,
	PROB_WORST_ERROR,
	PROB_ALWAYS_ACCEPT
};

enum prob_smode {
	PROB_SUM = 0,
	PROB_AVG,
	PROB_MIN,
	PROB_MAX
};

/* Default output validator flags. A tolerance < 0 is "not given". */
struct prob_vflags {
	int		case_sensitive;
	int		space_change_sensitive;
	double		abs_tol;
	double		rel_tol;
};

/*
 * One testdata.yaml, as it applies to a group: a group without its own
 * file uses its closest ancestor's (the legacy rule), the root without
 * one uses the defaults (on_reject break for pass-fail problems and
 * continue for scoring ones, first_error, sum, scores 1/0, no range).
 */
struct prob_settings {
	char			*from;		/* "data/testdata.yaml", NULL */
	enum prob_on_reject	 on_reject;
	enum prob_vmode		 vmode;
	enum prob_smode		 smode;
	int			 accept_if_any_accepted;
	int			 ignore_sample;
	double			 accept_score;
	double			 reject_score;
	double			 range_lo;	/* -INFINITY when not given */
	double			 range_hi;	/* +INFINITY when not given */
	char			*grader_flags;	/* as written, "" if none */
	char			*validator_flags; /* output_validator_flags */
};

/* A member of a group, in natural order of base names. */
struct prob_item {
	int		 is_group;
	size_t		 index;		/* into tests[] or groups[] */
};

struct prob_group {
	char			*name;		/* "", "sample", "secret/g1" */
	ssize_t			 parent;	/* -1 for the root (data/) */
	size_t			 depth;		/* root 0, sample/secret 1 */
	int			 sample;	/* data/sample or below */
	struct prob_settings	 settings;
	struct prob_item	*items;
	size_t			 nitems;
	size_t			 first_test;	/* tests[first..first+ntests) */
	size_t			 ntests;	/* all below it, nested too */
};

struct prob_test {
	char		*name;		/* "secret/g1/03", no extension */
	char		*in_path;	/* relative to the package dir */
	char		*ans_path;
	uint64_t	 in_size;
	uint64_t	 ans_size;
	size_t		 group;		/* the innermost group */
	int		 sample;
	/* problem.yaml validator_flags, then the group's flags. */
	char		*validator_flags;
	struct prob_vflags vflags;	/* parsed, for default validation */
};

/* A file of an output validator program, held in memory. */
struct prob_file {
	char		*path;		/* relative to the program's folder */
	char		*data;		/* NUL-terminated copy */
	size_t		 len;
	mode_t		 mode;		/* 0644, or 0755 if executable */
};

/*
 * An output validator program: output_validators/NAME (a folder, or one
 * file whose name less its extension is NAME), or the 2023-07
 * output_validator/ folder, named "output_validator".
 */
struct prob_validator {
	char		*name;
	struct prob_file *files;
	size_t		 nfiles;
};

struct prob_package {
	char		*dir;		/* absolute path of the package root */
	char		 short_name[PROB_SHORT_NAME_MAX + 1];
	char		*name;		/* problem.yaml name, else short_name */
	char		*format;	/* problem_format_version or "legacy" */
	enum prob_type	 type;
	uint64_t	 time_limit_ms;
	enum prob_time_from time_from;
	uint64_t	 memory_bytes;	/* 0: not given (system default) */
	uint64_t	 output_bytes;	/* 0: not given */
	uint64_t	 code_bytes;	/* 0: not given */
	enum prob_validation validation;
	int		 validator_score; /* custom score: reads score.txt */
	char		*validator_flags; /* problem.yaml validator_flags, "" */

	struct prob_group *groups;	/* groups[0] is data/ */
	size_t		 ngroups;
	struct prob_test *tests;	/* in judging order */
	size_t		 ntests;
	struct prob_validator *validators;
	size_t		 nvalidators;
};

/* Limits of an import; prob_import() uses the PROB_IMPORT_* values. */
struct prob_import_limits {
	uint64_t	 max_files;
	uint64_t	 max_file;
	uint64_t	 max_total;
};

/* One test's (or group's) result for grading. */
struct prob_outcome {
	enum prob_verdict verdict;
	double		 score;	/* NAN: accept_score or reject_score */
};

/* ------------------------------------------------------------------ */
/* load.c: loading a package folder                                     */
/* ------------------------------------------------------------------ */

/*
 * Load the package in folder path. Its short name is the folder's name.
 * Nothing is copied: test data stays where it is (pkg->dir and relative
 * paths). Symlinks, special files, non-UTF-8 names and files over the
 * PROB_IMPORT_* limits are refused. 0 with *pkg set (free with
 * prob_free()), or -1 with *cause (one line, naming the file; the caller
 * frees it) and *pkg NULL.
 */
int		 prob_load_dir(const char *path, struct prob_package **pkg,
		     char **cause);
/* As prob_load_dir() but with the short name given, not derived. */
int		 prob_load_dir_as(const char *path, const char *short_name,
		     struct prob_package **pkg, char **cause);
/* Free a package and everything it holds. NULL is fine. */
void		 prob_free(struct prob_package *);
/* 1 if s matches [a-z0-9_-]{1,64}, else 0. */
int		 prob_short_name_ok(const char *s);
/* The test index of a name like "secret/g1/03", or -1. */
ssize_t		 prob_find_test(const struct prob_package *, const char *);

/* ------------------------------------------------------------------ */
/* import.c: safe import of a folder or an archive                      */
/* ------------------------------------------------------------------ */

/*
 * Import the package at path (a folder, or a zip/tar/tar.gz/tar.xz
 * archive recognized by content) into a new folder dest/SHORT.XXXXXX,
 * where SHORT is the folder's or archive's name (less .zip, .kpp, .tar,
 * .tar.gz, .tgz, .tar.xz, .txz). Work happens in dest/.tmp-SHORT.XXXXXX,
 * renamed into place only once the package loaded, so on error nothing
 * is left in dest (and after a crash only a dot folder). Archives lose
 * a single top-level folder. Refused: "..", absolute paths, links of any
 * kind, special files, control bytes or invalid UTF-8 in names,
 * duplicate entries, more than PROB_IMPORT_MAX_FILES entries, a file
 * over PROB_IMPORT_MAX_FILE or a total over PROB_IMPORT_MAX_TOTAL.
 * 0 with *pkg (pkg->dir is the new folder, which the caller owns), or
 * -1 with *cause.
 */
int		 prob_import(const char *path, const char *dest,
		     struct prob_package **pkg, char **cause);
/* prob_import() with other limits; NULL means the defaults. */
int		 prob_import_limits(const char *path, const char *dest,
		     const struct prob_import_limits *,
		     struct prob_package **pkg, char **cause);
/* The short name an import of path would use, or -1 with *cause. */
int		 prob_import_name(const char *path,
		     char name[PROB_SHORT_NAME_MAX + 1], char **cause);
/* Remove a folder tree without following links. 0, or -1 with errno. */
int		 prob_remove_tree(const char *path);

/* ------------------------------------------------------------------ */
/* validate.c: the default output validator                             */
/* ------------------------------------------------------------------ */

/* No flags: case- and space-insensitive, no float tolerance. */
void		 prob_vflags_init(struct prob_vflags *);
/*
 * Parse whitespace-separated default validator flags (case_sensitive,
 * space_change_sensitive, float_tolerance E, float_absolute_tolerance E,
 * float_relative_tolerance E) on top of *vf. 0, or -1 with *cause and
 * *vf unchanged. NULL or "" is no flags.
 */
int		 prob_vflags_parse(const char *, struct prob_vflags *,
		     char **cause);
/*
 * Compare a team's output with the answer, Kattis style. PROB_AC or
 * PROB_WA; msg gets a one-line judge message (sanitized, "" on AC).
 * Linear in the input sizes; the buffers need not be NUL-terminated.
 */
enum prob_verdict prob_default_validate(const char *team, size_t team_len,
		     const char *answer, size_t answer_len,
		     const struct prob_vflags *, char *msg, size_t msglen);
/* 1 if s[0..len) is a decimal float (the 2023-07 grammar), *v set. */
int		 prob_parse_float(const char *s, size_t len, double *v);

/* ------------------------------------------------------------------ */
/* feedback.c: the custom validator protocol, sanitizing                */
/* ------------------------------------------------------------------ */

/* Exit code 42 is PROB_AC, 43 PROB_WA, anything else PROB_IE. */
enum prob_verdict prob_validator_verdict(int exit_code);
/*
 * Read feedback_dir/name (judgemessage.txt, teammessage.txt) written by
 * an untrusted validator: no links, regular files only, at most cap
 * bytes kept (then "[truncated]"), sanitized with newlines kept. 0 with
 * *text ("" if the file is missing), or -1 with *cause.
 */
int		 prob_feedback_read(const char *feedback_dir,
		     const char *name, size_t cap, char **text, char **cause);
/* judgemessage.txt with the PROB_FEEDBACK_MAX cap. */
int		 prob_feedback_message(const char *feedback_dir, char **text,
		     char **cause);
/*
 * score.txt: one finite decimal number, blanks around it allowed.
 * 1 with *score, 0 if there is no score.txt, -1 with *cause.
 */
int		 prob_feedback_score(const char *feedback_dir, double *score,
		     char **cause);

#define PROB_SAN_NEWLINES	0x1	/* keep \n (and \t) as they are */
/*
 * A printable copy of len bytes: valid UTF-8 kept but for C0/C1
 * controls, DEL and bidirectional overrides, which become \xNN; invalid
 * bytes become \xNN too. At most cap bytes of output (0: no cap), cut
 * on a character boundary and ended with "..." when cut. Never NULL.
 */
char		*prob_sanitize(const void *, size_t len, size_t cap, int flags);
/* Split flags on whitespace into a NULL-terminated argv; *argc set. */
char		**prob_flags_split(const char *, size_t *argc);
void		 prob_flags_free(char **);

/* ------------------------------------------------------------------ */
/* grade.c: grading of groups (Kattis default grader)                   */
/* ------------------------------------------------------------------ */

const char	*prob_verdict_name(enum prob_verdict);
/* "AC", "WA", ... to a verdict, or -1. */
int		 prob_verdict_parse(const char *);
/*
 * Whether test i must be skipped (SK): some enclosing group has on_reject
 * break and an earlier member of it was rejected. Looks at res[0..i)
 * only; O(number of tests) per call.
 */
int		 prob_grade_skip(const struct prob_package *,
		     const struct prob_outcome *res, size_t i);
/*
 * Grade a submission from one outcome per test (res[ntests]): tests
 * that must be skipped are ignored, whatever they hold; every other
 * must be judged (not PENDING). Fills groups[ngroups] when not NULL and
 * *total (the root's result). 0, or -1 with *cause.
 */
int		 prob_grade(const struct prob_package *,
		     const struct prob_outcome *res,
		     struct prob_outcome *groups, struct prob_outcome *total,
		     char **cause);
/* The score of a submission accepted on every test at accept_score. */
double		 prob_max_score(const struct prob_package *);

/* ------------------------------------------------------------------ */
/* Internal: shared by the module's files and its unit tests            */
/* ------------------------------------------------------------------ */

/* util.c */
void		*prob_xmalloc(size_t);
void		*prob_xcalloc(size_t, size_t);
void		*prob_xreallocarray(void *, size_t, size_t);
char		*prob_xstrdup(const char *);
char		*prob_xstrndup(const char *, size_t);
int		 prob_xasprintf(char **, const char *, ...)
		     __attribute__((format(printf, 2, 3)));
/* Natural order: digit runs compare as numbers. strcmp-like. */
int		 prob_natcmp(const char *, const char *);
/* 1 if valid UTF-8 with no control bytes, else 0. */
int		 prob_name_ok(const char *, size_t);
/* Read a regular file (no links) at dirfd/path; -1 with *cause. */
int		 prob_read_at(int dirfd, const char *path, const char *shown,
		     size_t max, char **buf, size_t *len, char **cause);

/* load.c, validators.c: walking a package folder */
struct prob_loader {
	struct prob_package	*pkg;
	uint64_t		 files;		/* entries seen */
	uint64_t		 total;		/* bytes of test data */
	uint64_t		 vbytes;	/* bytes of validators */
	char			**cause;
};

/* A folder entry: a regular file or a folder, nothing else. */
struct prob_entry {
	char		*name;
	mode_t		 type;		/* S_IFREG or S_IFDIR */
	uint64_t	 size;
};

/* Set *L->cause; always -1. */
int		 prob_lerr(struct prob_loader *, const char *, ...)
		     __attribute__((format(printf, 2, 3)));
/*
 * The entries of folder dfd (shown as rel) in natural order; links,
 * special files, bad names and files over the limits are errors.
 */
int		 prob_list_dir(struct prob_loader *, int dfd, const char *rel,
		     struct prob_entry **, size_t *);
void		 prob_entries_free(struct prob_entry *, size_t);
/* A folder without following links: fd, -2 if missing and allowed. */
int		 prob_open_dir_at(struct prob_loader *, int dfd,
		     const char *name, const char *rel, int missing_ok);
/* output_validators/ and output_validator/ into L->pkg. */
int		 prob_load_validators(struct prob_loader *, int rootfd);

/* yaml.c: a small tree from libyaml, refusing aliases and bombs */
enum prob_ytype {
	PROB_Y_SCALAR = 0,
	PROB_Y_SEQ,
	PROB_Y_MAP
};

struct prob_ynode {
	enum prob_ytype	  type;
	size_t		  line;		/* 1-based */
	int		  plain;	/* an unquoted scalar */
	char		 *value;	/* scalar, NUL-terminated */
	size_t		  len;
	/* seq: the items; map: key, value, key, value ... */
	struct prob_ynode **kids;
	size_t		  nkids;
};

/*
 * Parse one YAML document. An empty document gives NULL with 0. Aliases,
 * anchors, non-core tags, duplicate or non-scalar keys, more than
 * PROB_MAX_YAML_DEPTH levels or PROB_MAX_YAML_NODES nodes are errors:
 * -1 with *cause "FILE:LINE: ..." (file as shown).
 */
int		 prob_yaml_parse(const char *buf, size_t len, const char *shown,
		     struct prob_ynode **root, char **cause);
void		 prob_yaml_free(struct prob_ynode *);
/* The value of key in a map, or NULL. */
struct prob_ynode *prob_yaml_get(const struct prob_ynode *, const char *);
/* A plain scalar that is "", "~" or "null" (any case of null). */
int		 prob_yaml_null(const struct prob_ynode *);

/* settings.c: problem.yaml and testdata.yaml */
int		 prob_parse_problem_yaml(struct prob_package *, const char *buf,
		     size_t len, int have_validator_dir, char **cause);
void		 prob_settings_default(struct prob_settings *, enum prob_type);
int		 prob_parse_testdata_yaml(struct prob_settings *,
		     enum prob_type, int root, const char *shown,
		     const char *buf, size_t len, char **cause);
void		 prob_settings_copy(struct prob_settings *,
		     const struct prob_settings *);
void		 prob_settings_clear(struct prob_settings *);
/* grader_flags into *s; -1 with *cause on an unknown flag. */
int		 prob_grader_flags_parse(struct prob_settings *, const char *,
		     char **cause);

#endif /* PROB_H */
