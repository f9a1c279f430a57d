/* SPDX-License-Identifier: ISC */
/*
 * db: gavel's SQLite database: schema and migrations, problems, users,
 * submissions and the judging queue, results, flags and audit.
 */

#ifndef DB_H
#define DB_H

#include <stddef.h>
#include <stdint.h>

/*
 * Conventions. Every function that can fail returns -1 and sets *cause
 * to an allocated one-line message (free it) naming what failed; cause
 * may be NULL when the caller does not want it. A failed write leaves
 * the database as it was: each write runs in one transaction. Lookups
 * that may find nothing return 1 for "not found" (without a cause).
 * Strings in structs given to db_* are only read during the call; structs
 * returned by db_* are owned by the caller and freed by the matching
 * *_free function. Times are milliseconds since the Unix epoch.
 *
 * Allocation goes through xmalloc and friends (sandbox/util.c): link
 * $(DB_LIBS) before $(SBX_LIBS).
 */

struct db;

/* db_open() flags. */
#define DB_READONLY		0x1	/* no writes, no migration */
#define DB_NOCREATE		0x2	/* a missing file is an error */

#define DB_BUSY_TIMEOUT_MS	5000	/* default wait for a write lock */
#define DB_MAX_ATTEMPTS		3	/* default claims before IE */
#define DB_TEXT_MAX		(64 * 1024)	/* cap of stored free text */
#define DB_NAME_MAX		64	/* users, problems, workers */
#define DB_LANGUAGE_MAX		32

enum db_verdict {
	DB_VERDICT_NONE = 0,		/* not judged (yet) */
	DB_AC,
	DB_WA,
	DB_TLE,
	DB_MLE,
	DB_OLE,
	DB_RTE,
	DB_CE,				/* submissions only */
	DB_SV,
	DB_RJ,				/* submissions only */
	DB_IE,
	DB_SK,				/* runs only */
	DB_VERDICT_MAX
};

enum db_status {
	DB_QUEUED = 0,
	DB_JUDGING,
	DB_DONE,
};

enum db_ptype {
	DB_PASS_FAIL = 0,
	DB_SCORING,
};

enum db_validation {
	DB_VALIDATION_DEFAULT = 0,
	DB_VALIDATION_CUSTOM,
};

enum db_on_reject {
	DB_ON_REJECT_BREAK = 0,
	DB_ON_REJECT_CONTINUE,
};

enum db_flag_source {
	DB_FLAG_STATIC = 0,		/* the analyzer, before running */
	DB_FLAG_RUNTIME,		/* something a run did */
};

enum db_severity {
	DB_SEV_LOW = 0,
	DB_SEV_MEDIUM,
	DB_SEV_HIGH,
};

enum db_action {
	DB_ACTION_FLAG = 0,
	DB_ACTION_REJECT,
};

enum db_tx {
	DB_TX_WRITE = 0,		/* BEGIN IMMEDIATE: takes the write lock */
	DB_TX_READ,			/* a consistent snapshot for reading */
};

/*
 * A problem version. Given to db_problem_import() (which sets id, version
 * and imported_at), or returned by db_problem_load()/db_problem_list()
 * (all strings and arrays then owned, freed by db_problem_free()).
 */
struct db_testgroup {
	int64_t		 id;		/* set on load */
	int64_t		 parent_id;	/* set on load; 0 for top groups */
	/*
	 * "sample", "secret", "secret/group1": the parent of a group is its
	 * path up to the last '/', which must come earlier in the array.
	 * Groups are judged in array order.
	 */
	const char	*path;
	double		 accept_score;
	double		 reject_score;
	enum db_on_reject on_reject;
	const char	*grader_flags;		/* NULL = "" */
	const char	*input_validator_flags;	/* NULL = "" */
	const char	*output_validator_flags; /* NULL = "" */
};

struct db_testcase {
	int64_t		 id;		/* set on load */
	const char	*group;		/* a db_testgroup path */
	const char	*name;		/* unique per problem: "secret/g1/003" */
	int		 is_sample;
	const void	*input;		/* NULL when loaded without data */
	size_t		 input_len;
	const void	*answer;
	size_t		 answer_len;
};

struct db_file {
	const char	*path;		/* "output_validators/check.c" */
	const void	*content;	/* NULL when loaded without data */
	size_t		 len;
	unsigned int	 mode;		/* 0 = 0644 */
};

struct db_problem {
	int64_t		 id;
	int		 version;	/* 1 for the first import */
	int64_t		 imported_at;
	const char	*short_name;	/* [A-Za-z0-9_.-], not starting . or - */
	const char	*name;		/* display name; NULL = short_name */
	enum db_ptype	 type;
	uint64_t	 time_limit_ms;
	uint64_t	 memory_bytes;
	uint64_t	 output_bytes;
	enum db_validation validation;
	const char	*validator_flags;	/* NULL = "" */
	const char	*package_sha256;	/* NULL = "" */
	const struct db_testgroup *groups;	/* in judging order */
	size_t		 ngroups;
	const struct db_testcase *cases;	/* in judging order */
	size_t		 ncases;
	const struct db_file *files;
	size_t		 nfiles;
};

/* What db_submit() inserts. */
struct db_submit {
	const char	*user;		/* created if new */
	const char	*problem;	/* short name: its current version */
	const char	*language;
	const char	*filename;
	const void	*source;
	size_t		 source_len;
	int		 priority;	/* higher is judged first */
};

/*
 * A claimed submission: what a worker needs to judge it, and the lease
 * (worker, attempt) that db_renew/db_release/db_finish check. Filled by
 * db_claim(); free the members with db_job_free().
 */
struct db_job {
	int64_t		 id;		/* 0: the queue had nothing to claim */
	int64_t		 user_id;
	char		*user;
	char		*problem;	/* short name */
	int64_t		 problem_id;	/* current version: judge on this one */
	int64_t		 submitted_problem_id;	/* version at submit */
	char		*language;
	char		*filename;
	void		*source;	/* NUL-terminated for convenience */
	size_t		 source_len;
	int		 priority;
	int		 attempt;	/* 1 on the first claim */
	char		*worker;	/* the lease holder */
	int64_t		 lease_expires;
};

/* One test's outcome, for db_finish(); also what db_result() returns. */
struct db_run {
	int64_t		 testcase_id;
	const char	*testcase;	/* set by db_result(); ignored by finish */
	const char	*group;		/* likewise */
	enum db_verdict	 verdict;	/* AC WA TLE MLE OLE RTE SV IE SK */
	uint64_t	 cpu_ms;
	uint64_t	 wall_ms;
	uint64_t	 memory_kb;
	int		 exit_code;	/* -1: none (signalled, not run) */
	int		 signal;	/* 0: none */
	double		 score;
	const char	*checker_message;	/* NULL = none; sanitized */
	const char	*output_excerpt;	/* NULL = none; sanitized */
};

/* An abuse flag, for db_finish() and db_flag_add(); db_result() too. */
struct db_flag {
	enum db_flag_source source;
	const char	*rule_id;
	const char	*category;	/* NULL = "" */
	enum db_severity severity;
	enum db_action	 action;
	const char	*message;	/* NULL = ""; sanitized */
	int		 line;		/* 0: none */
	int64_t		 created_at;	/* set by db_result() */
};

/* A judging's result, for db_finish(). */
struct db_result {
	int64_t		 problem_id;	/* version judged on; 0 = none */
	enum db_verdict	 verdict;	/* anything but NONE and SK */
	double		 score;
	const char	*compile_output;	/* NULL = none; sanitized */
	const char	*message;	/* judge's note (why IE); sanitized */
	uint64_t	 max_cpu_ms;
	uint64_t	 max_memory_kb;
	const struct db_run *runs;	/* testcases of problem_id */
	size_t		 nruns;
	const struct db_flag *flags;
	size_t		 nflags;
};

/*
 * A submission as lists and results show it (no source). Owned; freed by
 * db_submission_free() or db_submissions_free().
 */
struct db_submission {
	int64_t		 id;
	int64_t		 user_id;
	char		*user;
	char		*problem;	/* short name */
	int64_t		 problem_id;	/* version at submit */
	int		 problem_version;
	char		*language;
	char		*filename;
	size_t		 source_len;
	int64_t		 submitted_at;
	int		 priority;
	enum db_status	 status;
	int		 attempts;
	char		*lease_owner;	/* NULL unless judging */
	int64_t		 lease_expires;
	enum db_verdict	 verdict;	/* NONE unless done */
	double		 score;
	int64_t		 judged_problem_id;	/* 0 unless done */
	int		 judged_version;
	int64_t		 judged_at;
	uint64_t	 max_cpu_ms;
	uint64_t	 max_memory_kb;
	int64_t		 judging_id;
	/* Only from db_result(): */
	char		*compile_output;
	char		*message;
	struct db_run	*runs;		/* the current judging's, in test order */
	size_t		 nruns;
	struct db_flag	*flags;		/* every flag of the submission */
	size_t		 nflags;
};

/* One result ever written for a submission (db_history()). Owned. */
struct db_judging {
	int64_t		 id;
	int64_t		 problem_id;	/* 0: none (gave up) */
	int		 problem_version;
	char		*worker;
	int		 attempt;
	enum db_verdict	 verdict;
	double		 score;
	char		*message;
	int64_t		 judged_at;
	size_t		 nruns;
	int		 current;	/* the submission's current result */
};

/* Filters of db_list() and db_requeue(); zero fields match anything. */
struct db_filter {
	int64_t		 id;		/* one submission */
	const char	*user;
	const char	*problem;	/* short name, any version */
	int		 status;	/* -1 any, else enum db_status */
	enum db_verdict	 verdict;
	int64_t		 after_id;	/* only ids above this */
	size_t		 limit;		/* 0: no limit */
	int		 newest_first;
};

struct db_queue_counts {
	int64_t		 queued;
	int64_t		 judging;	/* leased, expired or not */
	int64_t		 expired;	/* judging with an expired lease */
	int64_t		 done;
};

/* ------------------------------------------------------------------ */
/* open.c: opening, migrations, checks, transactions                    */
/* ------------------------------------------------------------------ */

/* The schema version this build writes (PRAGMA user_version). */
int		 db_schema_version(void);
/*
 * Open (creating unless DB_NOCREATE) and migrate to db_schema_version();
 * WAL, foreign keys, synchronous=NORMAL, busy_timeout DB_BUSY_TIMEOUT_MS.
 * Refuses a file that is not SQLite, a SQLite file of another application,
 * and a schema newer than this build. With DB_READONLY the file must
 * exist at the current version. Returns 0 and *dbp, or -1 and *cause
 * (nothing open).
 */
int		 db_open(const char *path, int flags, struct db **dbp,
		     char **cause);
/* Close; rolls back an open transaction. NULL is fine. */
void		 db_close(struct db *);
const char	*db_path(struct db *);
/* How long a write waits for another process' lock. Default 5000 ms. */
void		 db_set_busy_timeout(struct db *, int ms);
/* Claims of one submission before it ends as IE (>= 1). Default 3. */
void		 db_set_max_attempts(struct db *, int);
/*
 * PRAGMA integrity_check, foreign_key_check, and gavel's own invariants
 * (a done submission's judging is its own). 0 when all clean, else -1 and
 * *cause with the first problem found.
 */
int		 db_integrity_check(struct db *, char **cause);
/*
 * Transactions. db_begin(DB_TX_WRITE) waits up to busy_timeout for the
 * write lock; DB_TX_READ starts a snapshot at once. They nest (inner
 * ones are savepoints): every db_* write function may run inside. After
 * a failed db_commit() the transaction has been rolled back.
 */
int		 db_begin(struct db *, enum db_tx, char **cause);
int		 db_commit(struct db *, char **cause);
void		 db_rollback(struct db *);

/* ------------------------------------------------------------------ */
/* util.c: enums as the database spells them, sanitizing            */
/* ------------------------------------------------------------------ */

/* "AC", ..., "SK"; "" for NONE. */
const char	*db_verdict_name(enum db_verdict);
/* Parse a verdict name; DB_VERDICT_NONE when unknown. */
enum db_verdict	 db_verdict_parse(const char *);
const char	*db_status_name(enum db_status);
const char	*db_ptype_name(enum db_ptype);
const char	*db_severity_name(enum db_severity);
/*
 * Copy of s as storable text: invalid UTF-8 and control characters other
 * than tab and newline become U+FFFD, and it is cut at max bytes on a
 * character boundary. Never NULL (NULL gives "").
 */
char		*db_sanitize(const char *s, size_t max);

/* ------------------------------------------------------------------ */
/* problem.c: problem versions                                          */
/* ------------------------------------------------------------------ */

/*
 * Import p as the next version of p->short_name with its groups, tests
 * and files, in one transaction. Sets p->id, p->version, p->imported_at.
 * Returns 0, or -1 and *cause (nothing imported).
 */
int		 db_problem_import(struct db *, struct db_problem *p,
		     char **cause);
/* The current version's id and number: 0, 1 if none, -1 on error. */
int		 db_problem_find(struct db *, const char *short_name,
		     int64_t *id, int *version, char **cause);
/*
 * Load a version with its groups, tests and files (input, answer and file
 * contents only when with_data). 0 and *pp, 1 if no such id, -1.
 */
int		 db_problem_load(struct db *, int64_t id, int with_data,
		     struct db_problem **pp, char **cause);
/* The current version of every problem, without groups/tests/files. */
int		 db_problem_list(struct db *, struct db_problem **list,
		     size_t *n, char **cause);
void		 db_problem_free(struct db_problem *);
void		 db_problems_free(struct db_problem *, size_t);

/* ------------------------------------------------------------------ */
/* user.c: users, audit, flags                                          */
/* ------------------------------------------------------------------ */

/* The user's id, creating it when create: 0, 1 if none, -1. */
int		 db_user_get(struct db *, const char *name, int create,
		     int64_t *id, char **cause);
/* Ban (creating the user if new) with a reason; unban (must exist). */
int		 db_user_ban(struct db *, const char *name, const char *reason,
		     char **cause);
int		 db_user_unban(struct db *, const char *name, char **cause);
/*
 * *banned 1 or 0 (0 for an unknown user) and, when banned and reason is
 * not NULL, *reason allocated. 0 or -1.
 */
int		 db_user_banned(struct db *, const char *name, int *banned,
		     char **reason, char **cause);
/*
 * Rate limits: the user's submissions in the last window_s seconds, and
 * those not done (queued or judging).
 */
int		 db_user_counts(struct db *, int64_t user_id, int64_t window_s,
		     int64_t *recent, int64_t *pending, char **cause);
/* One audit row; detail NULL = "". */
int		 db_audit(struct db *, const char *actor, const char *action,
		     const char *target, const char *detail, char **cause);
/* An audit row, as db_audit_list() returns it. Owned. */
struct db_audit_row {
	int64_t		 id;
	int64_t		 at;
	char		*actor;
	char		*action;
	char		*target;
	char		*detail;
};
/*
 * Audit rows, newest first: those whose action starts with action_prefix
 * (NULL: any) and whose id is above after_id, at most limit (0: all).
 * 0 with *rows (db_audit_free()) and *n, or -1.
 */
int		 db_audit_list(struct db *, const char *action_prefix,
		     int64_t after_id, size_t limit, struct db_audit_row **rows,
		     size_t *n, char **cause);
void		 db_audit_free(struct db_audit_row *, size_t);
/* A flag on a submission outside a judging (e.g. at submit). */
int		 db_flag_add(struct db *, int64_t submission_id,
		     const struct db_flag *, char **cause);

/* ------------------------------------------------------------------ */
/* settings.c: the settings table (keys and defaults are the judge's)   */
/* ------------------------------------------------------------------ */

/* The stored value of key: 0 and *value (allocated), 1 if unset, -1. */
int		 db_setting_get(struct db *, const char *key, char **value,
		     char **cause);
/*
 * Store value for key (NULL: delete the row, back to the default), with
 * an audit row "config.set" by actor naming the old and new values, in
 * one transaction. 0, or -1 and *cause (nothing changed).
 */
int		 db_setting_set(struct db *, const char *key, const char *value,
		     const char *actor, char **cause);

/* ------------------------------------------------------------------ */
/* queue.c: submissions and the judging queue                           */
/* ------------------------------------------------------------------ */

/*
 * Queue a submission of the problem's current version (the user is
 * created if new, the language recorded). Bans and rate limits are the
 * caller's policy. Returns 0 and *id, or -1 (unknown problem, bad name).
 */
int		 db_submit(struct db *, const struct db_submit *, int64_t *id,
		     char **cause);
/*
 * Claim the best submission (highest priority, then oldest) that is
 * queued or whose lease has expired, in one BEGIN IMMEDIATE transaction,
 * and lease it to worker for lease_ms. An expired one that was claimed
 * max_attempts times already is ended as done/IE (with a judging row)
 * instead, and the next one is tried. Returns 0 with job->id 0 when there
 * is nothing to claim; -1 and *cause (nothing claimed; *job zeroed).
 */
int		 db_claim(struct db *, const char *worker, int64_t lease_ms,
		     struct db_job *job, char **cause);
/* Free a job's members and zero it. */
void		 db_job_free(struct db_job *);
/*
 * Extend the lease to now + lease_ms if job still holds it (same worker
 * and attempt, still judging; an expired lease nobody took is still
 * held). -1 and "lease lost" otherwise.
 */
int		 db_renew(struct db *, struct db_job *, int64_t lease_ms,
		     char **cause);
/*
 * Give a held submission back to the queue (shutdown), undoing the
 * attempt its claim counted. -1 if the lease was lost.
 */
int		 db_release(struct db *, const struct db_job *, char **cause);
/*
 * Write a result: the judging, its runs and flags, the submission done,
 * in one transaction, only if job still holds the lease (as db_renew).
 * Otherwise, or on any bad input (a run of a test of another problem, a
 * bad verdict), -1 and *cause, and nothing is written.
 */
int		 db_finish(struct db *, const struct db_job *,
		     const struct db_result *, char **cause);
/*
 * Rejudge: queue again, with priority, every done submission the filter
 * matches (status is ignored), clearing the current result (history stays
 * in judgings) and the attempts. *n is how many. A filter on one id that
 * is not done is an error.
 */
int		 db_requeue(struct db *, const struct db_filter *, int priority,
		     int64_t *n, char **cause);
int		 db_queue_counts(struct db *, struct db_queue_counts *,
		     char **cause);

/* ------------------------------------------------------------------ */
/* query.c: reading submissions and results                             */
/* ------------------------------------------------------------------ */

/* Submissions matching f, oldest first unless f->newest_first. */
int		 db_list(struct db *, const struct db_filter *f,
		     struct db_submission **list, size_t *n, char **cause);
/*
 * One submission with its compile output, message, the runs of its
 * current judging and its flags. 0 and *sp, 1 if no such id, -1.
 */
int		 db_result(struct db *, int64_t id, struct db_submission **sp,
		     char **cause);
/* Every judging of a submission, oldest first (rejudges keep them). */
int		 db_history(struct db *, int64_t id, struct db_judging **list,
		     size_t *n, char **cause);
void		 db_history_free(struct db_judging *, size_t);
void		 db_submission_free(struct db_submission *);
void		 db_submissions_free(struct db_submission *, size_t);

#endif /* DB_H */
