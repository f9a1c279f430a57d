/* SPDX-License-Identifier: ISC */
/*
 * Unit tests of db/: opening and migrating real database files, refusing
 * what is not ours, integrity checks, transactions, names and text.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "sbx.h"
#include "db-fixture.h"

static void
write_file(const char *path, const void *data, size_t len)
{
	int	fd;

	assert_true((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) !=
	    -1);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
}

/* Whether path followed by suffix ("", "-wal") exists. */
static int
exists(const char *path, const char *suffix)
{
	char		name[PATH_MAX + 8];
	struct stat	sb;

	snprintf(name, sizeof name, "%s%s", path, suffix);
	return (stat(name, &sb) == 0);
}

/* ------------------------------------------------------------------ */
/* Opening and migrations                                               */
/* ------------------------------------------------------------------ */

static void
test_db_open_creates_schema(void **state)
{
	struct fx	*fx = *state;

	/* WAL: writes go to the -wal file while the database is open. */
	fx_problem(fx->db, "hello", 2);
	assert_true(exists(fx->path, "-wal"));
	db_close(fx->db);
	fx->db = NULL;
	/* The last close checkpoints and removes the WAL. */
	assert_false(exists(fx->path, "-wal"));
	assert_int_equal(fx_header_get(fx->path, FX_USER_VERSION),
	    db_schema_version());
	assert_int_equal(fx_header_get(fx->path, FX_APPLICATION_ID),
	    0x6761766c);
	/* Bytes 18 and 19 (file format versions) are 2 in WAL mode. */
	assert_int_equal(fx_header_get(fx->path, 16) & 0xffff, 0x0202);
	assert_true(db_schema_version() >= 1);
}

static void
test_db_open_migrates_empty_file(void **state)
{
	struct fx	*fx = *state;
	struct db	*db;
	char		 path[PATH_MAX], *cause = NULL;

	/* A 0-byte file is an empty SQLite database at version 0. */
	snprintf(path, sizeof path, "%s/empty.db", fx->dir);
	write_file(path, "", 0);
	assert_ok(db_open(path, DB_NOCREATE, &db, &cause));
	fx_problem(db, "hello", 1);
	assert_ok(db_integrity_check(db, &cause));
	db_close(db);
	assert_int_equal(fx_header_get(path, FX_USER_VERSION),
	    db_schema_version());
}

static void
test_db_open_reopen_keeps_data(void **state)
{
	struct fx		*fx = *state;
	struct db_submission	*list;
	char			*cause = NULL;
	size_t			 n;
	int64_t			 id;
	int			 version;

	fx_problem(fx->db, "hello", 2);
	fx_submit(fx->db, "alice", "hello", 0);
	db_close(fx->db);
	assert_ok(db_open(fx->path, DB_NOCREATE, &fx->db, &cause));
	assert_ok(db_problem_find(fx->db, "hello", &id, &version,
	    &cause));
	assert_int_equal(version, 1);
	assert_ok(db_list(fx->db, &(struct db_filter){ .status = -1 },
	    &list, &n, &cause));
	assert_int_equal(n, 1);
	assert_string_equal(list[0].user, "alice");
	assert_int_equal(list[0].problem_id, id);
	db_submissions_free(list, n);
}

static void
test_db_open_refuses_newer_schema(void **state)
{
	struct fx	*fx = *state;
	struct db	*db = NULL;
	uint32_t	 newer = (uint32_t)db_schema_version() + 1;

	fx_problem(fx->db, "hello", 1);
	db_close(fx->db);
	fx->db = NULL;
	assert_false(exists(fx->path, "-wal"));
	fx_header_put(fx->path, FX_USER_VERSION, newer);
	assert_fails(db_open(fx->path, 0, &db, CAUSE), "newer than this gavel");
	assert_null(db);
	assert_fails(db_open(fx->path, DB_READONLY, &db, CAUSE), "gavel.db");
	/* Refused untouched. */
	assert_int_equal(fx_header_get(fx->path, FX_USER_VERSION), newer);
	fx_header_put(fx->path, FX_USER_VERSION, db_schema_version());
}

static void
test_db_open_migration_failure_rolls_back(void **state)
{
	struct fx	*fx = *state;
	struct db	*db = NULL;
	char		*cause = NULL;

	/*
	 * A gavel file claiming version 0 while it has the tables: the
	 * migration fails half-way, and must leave nothing of itself.
	 */
	fx_problem(fx->db, "hello", 1);
	db_close(fx->db);
	fx->db = NULL;
	fx_header_put(fx->path, FX_USER_VERSION, 0);
	assert_fails(db_open(fx->path, 0, &db, CAUSE), "migration 1");
	assert_fails(db_open(fx->path, 0, &db, CAUSE), "already exists");
	assert_int_equal(fx_header_get(fx->path, FX_USER_VERSION), 0);
	assert_fails(db_open(fx->path, DB_READONLY, &db, CAUSE),
	    "open it read-write once");
	fx_header_put(fx->path, FX_USER_VERSION, db_schema_version());
	assert_ok(db_open(fx->path, 0, &fx->db, &cause));
	assert_ok(db_problem_find(fx->db, "hello", NULL, NULL, &cause));
}

static void
test_db_open_not_a_database(void **state)
{
	struct fx	*fx = *state;
	struct db	*db = NULL;
	char		 path[PATH_MAX], junk[4096], back[4096];
	int		 fd;

	memset(junk, 'x', sizeof junk);
	memcpy(junk, "this is not a database\n", 23);
	snprintf(path, sizeof path, "%s/garbage.db", fx->dir);
	write_file(path, junk, sizeof junk);
	assert_fails(db_open(path, 0, &db, CAUSE), "not a database");
	assert_fails(db_open(path, 0, &db, CAUSE), "garbage.db");
	assert_fails(db_open(path, DB_READONLY, &db, CAUSE), "not a database");
	assert_null(db);
	/* Nothing written to it or beside it. */
	assert_true((fd = open(path, O_RDONLY)) != -1);
	assert_int_equal(read(fd, back, sizeof back), sizeof back);
	assert_int_equal(close(fd), 0);
	assert_memory_equal(junk, back, sizeof junk);
	assert_false(exists(path, "-wal"));
}

static void
test_db_open_foreign_database(void **state)
{
	struct fx	*fx = *state;
	struct db	*db = NULL;

	db_close(fx->db);
	fx->db = NULL;
	fx_header_put(fx->path, FX_APPLICATION_ID, 0x12345678);
	assert_fails(db_open(fx->path, 0, &db, CAUSE),
	    "not a gavel database (application_id 0x12345678)");
	/* No application id but tables: somebody else's SQLite file. */
	fx_header_put(fx->path, FX_APPLICATION_ID, 0);
	assert_fails(db_open(fx->path, 0, &db, CAUSE), "no gavel "
	    "application_id");
	assert_int_equal(fx_header_get(fx->path, FX_APPLICATION_ID), 0);
	fx_header_put(fx->path, FX_APPLICATION_ID, 0x6761766c);
}

static void
test_db_open_readonly(void **state)
{
	struct fx		*fx = *state;
	struct db		*ro = NULL;
	struct db_submit	 s = { "bob", "hello", "c", "a.c", "x", 1, 0 };
	struct db_submission	*list;
	struct db_job		 job;
	char			 path[PATH_MAX], *cause = NULL;
	size_t			 n;
	int64_t			 id;

	fx_problem(fx->db, "hello", 2);
	fx_submit(fx->db, "alice", "hello", 0);
	assert_ok(db_open(fx->path, DB_READONLY, &ro, &cause));
	assert_ok(db_problem_find(ro, "hello", NULL, NULL, &cause));
	assert_ok(db_list(ro, &(struct db_filter){ .status = -1 },
	    &list, &n, &cause));
	assert_int_equal(n, 1);
	db_submissions_free(list, n);
	assert_fails(db_submit(ro, &s, &id, CAUSE), "readonly");
	assert_fails(db_claim(ro, "w1", 1000, &job, CAUSE), "readonly");
	assert_int_equal(job.id, 0);
	assert_ok(db_integrity_check(ro, &cause));
	db_close(ro);

	/* Neither mode creates a missing file. */
	snprintf(path, sizeof path, "%s/missing.db", fx->dir);
	assert_fails(db_open(path, DB_READONLY, &ro, CAUSE),
	    "No such file or directory");
	assert_fails(db_open(path, DB_NOCREATE, &ro, CAUSE), "missing.db");
	assert_false(exists(path, ""));
}

static void
test_db_integrity_check_detects_damage(void **state)
{
	struct fx		*fx = *state;
	struct db_problem	 p;
	struct db_testgroup	 g = { .path = "secret" };
	struct db_testcase	 t = { .group = "secret", .name = "big" };
	struct db		*db = NULL;
	struct stat		 sb;
	char			*big, *copy, *cause = NULL;
	int			 fd, rc;

	/* A 200 KiB input: a long chain of overflow pages at the end. */
	big = xmalloc(200 * 1024);
	memset(big, 'a', 200 * 1024);
	t.input = big;
	t.input_len = 200 * 1024;
	t.answer = "";
	memset(&p, 0, sizeof p);
	p.short_name = "big";
	p.time_limit_ms = p.memory_bytes = p.output_bytes = 1000;
	p.groups = &g;
	p.ngroups = 1;
	p.cases = &t;
	p.ncases = 1;
	assert_ok(db_problem_import(fx->db, &p, &cause));
	db_close(fx->db);
	fx->db = NULL;

	/* Scribble over a page in the middle of the chain. */
	assert_int_equal(stat(fx->path, &sb), 0);
	copy = xmalloc(sb.st_size);
	assert_true((fd = open(fx->path, O_RDWR)) != -1);
	assert_int_equal(read(fd, copy, sb.st_size), sb.st_size);
	memset(big, 0xff, 4096);
	assert_int_equal(pwrite(fd, big, 4096, sb.st_size - 20 * 4096), 4096);
	assert_int_equal(close(fd), 0);

	rc = db_open(fx->path, 0, &db, &cause);
	if (rc == 0)
		rc = db_integrity_check(db, &cause);
	assert_int_equal(rc, -1);
	assert_non_null(cause);
	free(cause);
	db_close(db);

	write_file(fx->path, copy, sb.st_size);
	free(copy);
	free(big);
}

static void
test_db_tx_nesting(void **state)
{
	struct fx		*fx = *state;
	struct db_submission	*list;
	char			*cause = NULL;
	size_t			 n;

	fx_problem(fx->db, "hello", 1);
	assert_ok(db_begin(fx->db, DB_TX_WRITE, &cause));
	fx_submit(fx->db, "alice", "hello", 0);
	db_rollback(fx->db);

	assert_ok(db_begin(fx->db, DB_TX_WRITE, &cause));
	assert_ok(db_begin(fx->db, DB_TX_WRITE, &cause));
	fx_submit(fx->db, "bob", "hello", 0);
	db_rollback(fx->db);			/* the inner one only */
	fx_submit(fx->db, "carol", "hello", 0);
	assert_ok(db_commit(fx->db, &cause));
	assert_fails(db_commit(fx->db, CAUSE), "without a transaction");

	assert_ok(db_list(fx->db, &(struct db_filter){ .status = -1 },
	    &list, &n, &cause));
	assert_int_equal(n, 1);
	assert_string_equal(list[0].user, "carol");
	db_submissions_free(list, n);
}

/* ------------------------------------------------------------------ */
/* Audit                                                                */
/* ------------------------------------------------------------------ */

static void
test_db_audit(void **state)
{
	struct fx	*fx = *state;
	char		*cause = NULL;

	assert_ok(db_audit(fx->db, "root", "problem.add", "hello",
	    "version 1", &cause));
	assert_ok(db_audit(fx->db, "root", "user.ban", "mallory", NULL,
	    &cause));
	assert_fails(db_audit(fx->db, "", "x", NULL, NULL, CAUSE),
	    "audit actor: empty");
	assert_fails(db_audit(fx->db, "root", NULL, NULL, NULL, CAUSE),
	    "audit action: empty");
}

/* ------------------------------------------------------------------ */
/* Names and text                                                       */
/* ------------------------------------------------------------------ */

static void
test_db_sanitize(void **state)
{
	static const struct {
		const char	*in;
		size_t		 max;
		const char	*out;
	} t[] = {
		{ "plain text\n\twith tab", 100, "plain text\n\twith tab" },
		{ "esc\x1b[2J", 100, "esc\xef\xbf\xbd[2J" },
		{ "del\x7f", 100, "del\xef\xbf\xbd" },
		{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 100,
		    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80" },
		{ "overlong \xc0\xaf", 100, "overlong \xef\xbf\xbd\xef\xbf\xbd" },
		{ "surrogate \xed\xa0\x80", 100,
		    "surrogate \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		{ "c1 \xc2\x9b", 100, "c1 \xef\xbf\xbd\xef\xbf\xbd" },
		{ "cut \xe2\x82", 100, "cut \xef\xbf\xbd\xef\xbf\xbd" },
		{ "abcdef", 4, "abcd" },
		{ "ab\xe2\x82\xac", 4, "ab" },		/* never half a char */
		{ "a\x01", 3, "a" },			/* nor half a U+FFFD */
		{ "", 10, "" },
	};
	char	*s, *again;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		s = db_sanitize(t[i].in, t[i].max);
		if (strcmp(s, t[i].out) != 0)
			fail_msg("case %zu: got \"%s\"", i, s);
		/* Clean text stays as it is. */
		again = db_sanitize(s, t[i].max);
		assert_string_equal(again, s);
		free(again);
		free(s);
	}
	s = db_sanitize(NULL, 10);
	assert_string_equal(s, "");
	free(s);
}

static void
test_db_verdict_names(void **state)
{
	int	v;

	(void)state;
	for (v = DB_VERDICT_NONE + 1; v < DB_VERDICT_MAX; v++) {
		assert_int_equal(strlen(db_verdict_name(v)) >= 2, 1);
		assert_int_equal(db_verdict_parse(db_verdict_name(v)), v);
	}
	assert_string_equal(db_verdict_name(DB_VERDICT_NONE), "");
	assert_string_equal(db_verdict_name(DB_VERDICT_MAX), "");
	assert_int_equal(db_verdict_parse("ac"), DB_VERDICT_NONE);
	assert_int_equal(db_verdict_parse(NULL), DB_VERDICT_NONE);
	assert_string_equal(db_status_name(DB_JUDGING), "judging");
	assert_string_equal(db_ptype_name(DB_SCORING), "scoring");
	assert_string_equal(db_severity_name(DB_SEV_MEDIUM), "medium");
}

#define T(t)	cmocka_unit_test_setup_teardown(t, fx_setup, fx_teardown)

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		T(test_db_open_creates_schema),
		T(test_db_open_migrates_empty_file),
		T(test_db_open_reopen_keeps_data),
		T(test_db_open_refuses_newer_schema),
		T(test_db_open_migration_failure_rolls_back),
		T(test_db_open_not_a_database),
		T(test_db_open_foreign_database),
		T(test_db_open_readonly),
		T(test_db_integrity_check_detects_damage),
		T(test_db_tx_nesting),
		T(test_db_audit),
		cmocka_unit_test(test_db_sanitize),
		cmocka_unit_test(test_db_verdict_names),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
