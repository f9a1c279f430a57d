/* SPDX-License-Identifier: ISC */
/*
 * Shared by the db unit tests: a fresh database file in a temporary folder
 * per test (integrity-checked and removed after it), and small builders.
 */

#ifndef DB_FIXTURE_H
#define DB_FIXTURE_H

#include <sys/types.h>

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

struct fx {
	char		 dir[128];
	char		 path[PATH_MAX];
	struct db	*db;
};

/* setup: a temporary folder and a database opened in it. */
int		 fx_setup(void **state);
/*
 * teardown: integrity_check of fx->path (reopened if the test closed it);
 * a dirty or unopenable database fails the test. Then close and remove
 * the folder. Tests that make bad files make them beside fx->path.
 */
int		 fx_teardown(void **state);
/*
 * Import a pass-fail problem: groups sample and secret, the first test
 * a sample, ncases tests in all. Returns its id (asserts success).
 */
int64_t		 fx_problem(struct db *, const char *short_name, size_t ncases);
/* Submit a small C file; returns its id. */
int64_t		 fx_submit(struct db *, const char *user, const char *problem,
		     int priority);
/*
 * Finish job with verdict: one run per test of job->problem_id, all AC
 * for AC, else the first test gets verdict and the rest SK. Returns what
 * db_finish() returns; *cause as it sets it.
 */
int		 fx_finish(struct db *, const struct db_job *, enum db_verdict,
		     char **cause);
/* Claim (asserting success); returns the claimed id, 0 for none. */
int64_t		 fx_claim(struct db *, const char *worker, int64_t lease_ms,
		     struct db_job *);
/* How many judgings (results ever written) a submission has. */
size_t		 fx_judgings(struct db *, int64_t id);
/* db_result(), asserting it finds id. */
struct db_submission *fx_result(struct db *, int64_t id);
/* Big-endian 32-bit field of the SQLite file header (user_version: 60). */
uint32_t	 fx_header_get(const char *path, off_t offset);
void		 fx_header_put(const char *path, off_t offset, uint32_t);
/* Milliseconds to sleep. */
void		 fx_sleep_ms(int);

/* Assert call returned 0, else fail showing the caller's char *cause. */
#define assert_ok(call) do {						\
	if ((call) != 0)						\
		fail_msg("%s: %s", #call,				\
		    cause != NULL ? cause : "(no cause)");		\
} while (0)

/* Assert call failed with a one-line cause containing needle (use CAUSE). */
#define assert_fails(call, needle) do {					\
	char	*cause_ = NULL;						\
	assert_int_equal((call), -1);					\
	assert_non_null(cause_);					\
	if (strstr(cause_, (needle)) == NULL)				\
		fail_msg("cause \"%s\" lacks \"%s\"", cause_, (needle)); \
	assert_null(strchr(cause_, '\n'));				\
	free(cause_);							\
} while (0)
#define CAUSE	(&cause_)

#define FX_USER_VERSION		60
#define FX_APPLICATION_ID	68

#endif /* DB_FIXTURE_H */
