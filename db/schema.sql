-- SPDX-License-Identifier: ISC
-- gavel's database schema, as the list of forward migrations db/migrate.c
-- applies in order. Never edit a released migration: append a new one.
--
-- Each migration starts at a line "-- migration: N" (N = 1, 2, ...) and
-- runs in one transaction that ends by setting PRAGMA user_version = N.
-- Times are INTEGER milliseconds since the Unix epoch (UTC); show them
-- with datetime(x / 1000, 'unixepoch'). Verdicts and other enums are TEXT
-- with CHECK constraints. See db/README.md for every table and view.

-- migration: 1

-- One row per import of a problem package: a re-import of the same
-- short_name is version + 1, and results keep pointing at the version
-- they were judged on.
CREATE TABLE problems (
	id		INTEGER PRIMARY KEY,
	short_name	TEXT NOT NULL CHECK (length(short_name) BETWEEN 1 AND 64),
	version		INTEGER NOT NULL CHECK (version >= 1),
	name		TEXT NOT NULL,
	type		TEXT NOT NULL DEFAULT 'pass-fail'
			    CHECK (type IN ('pass-fail', 'scoring')),
	time_limit_ms	INTEGER NOT NULL CHECK (time_limit_ms > 0),
	memory_bytes	INTEGER NOT NULL CHECK (memory_bytes > 0),
	output_bytes	INTEGER NOT NULL CHECK (output_bytes > 0),
	validation	TEXT NOT NULL DEFAULT 'default'
			    CHECK (validation IN ('default', 'custom')),
	validator_flags	TEXT NOT NULL DEFAULT '',
	package_sha256	TEXT NOT NULL DEFAULT '',
	imported_at	INTEGER NOT NULL,
	UNIQUE (short_name, version)
);

-- Test groups: 'sample', 'secret', 'secret/group1', ... in judging order.
CREATE TABLE testgroups (
	id		INTEGER PRIMARY KEY,
	problem_id	INTEGER NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
	path		TEXT NOT NULL CHECK (length(path) >= 1),
	parent_id	INTEGER REFERENCES testgroups(id) ON DELETE CASCADE,
	ord		INTEGER NOT NULL,
	accept_score	REAL NOT NULL DEFAULT 1,
	reject_score	REAL NOT NULL DEFAULT 0,
	on_reject	TEXT NOT NULL DEFAULT 'break'
			    CHECK (on_reject IN ('break', 'continue')),
	grader_flags	TEXT NOT NULL DEFAULT '',
	input_validator_flags TEXT NOT NULL DEFAULT '',
	output_validator_flags TEXT NOT NULL DEFAULT '',
	UNIQUE (problem_id, path),
	UNIQUE (id, problem_id)
);
CREATE INDEX testgroups_parent ON testgroups(parent_id);

-- Test data lives in the database, so one file is the whole judge state.
-- name is the path under data/ without extension ('secret/group1/003').
CREATE TABLE testcases (
	id		INTEGER PRIMARY KEY,
	problem_id	INTEGER NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
	group_id	INTEGER NOT NULL,
	name		TEXT NOT NULL CHECK (length(name) >= 1),
	ord		INTEGER NOT NULL,
	is_sample	INTEGER NOT NULL DEFAULT 0 CHECK (is_sample IN (0, 1)),
	input		BLOB NOT NULL,
	answer		BLOB NOT NULL,
	UNIQUE (problem_id, name),
	-- a test's group belongs to the same problem (version)
	FOREIGN KEY (group_id, problem_id)
	    REFERENCES testgroups(id, problem_id) ON DELETE CASCADE
);
CREATE INDEX testcases_group ON testcases(group_id, problem_id);

-- Other package files the judge needs: output_validators/ sources.
CREATE TABLE problem_files (
	problem_id	INTEGER NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
	path		TEXT NOT NULL CHECK (length(path) >= 1),
	content		BLOB NOT NULL,
	mode		INTEGER NOT NULL DEFAULT 420,	-- 0644
	PRIMARY KEY (problem_id, path)
);

CREATE TABLE users (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
	created_at	INTEGER NOT NULL,
	banned		INTEGER NOT NULL DEFAULT 0 CHECK (banned IN (0, 1)),
	ban_reason	TEXT,
	banned_at	INTEGER,
	CHECK (banned = 0 OR banned_at IS NOT NULL)
);

-- Every language name a submission has used.
CREATE TABLE languages (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 32),
	first_seen_at	INTEGER NOT NULL
);

-- A submission, its place in the queue and its current result. The
-- result columns (verdict .. judging_id) are NULL until status is 'done';
-- a rejudge clears them, and every result ever written stays in judgings.
CREATE TABLE submissions (
	id		INTEGER PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES users(id),
	problem_id	INTEGER NOT NULL REFERENCES problems(id),	-- at submit
	language	TEXT NOT NULL REFERENCES languages(name),
	filename	TEXT NOT NULL CHECK (length(filename) >= 1),
	source		BLOB NOT NULL,
	submitted_at	INTEGER NOT NULL,
	priority	INTEGER NOT NULL DEFAULT 0,
	status		TEXT NOT NULL DEFAULT 'queued'
			    CHECK (status IN ('queued', 'judging', 'done')),
	lease_owner	TEXT,
	lease_expires	INTEGER,
	attempts	INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	verdict		TEXT CHECK (verdict IN ('AC', 'WA', 'TLE', 'MLE', 'OLE',
			    'RTE', 'CE', 'SV', 'RJ', 'IE')),
	score		REAL,
	judged_problem_id INTEGER REFERENCES problems(id),
	compile_output	TEXT,
	message		TEXT,
	judged_at	INTEGER,
	max_cpu_ms	INTEGER,
	max_memory_kb	INTEGER,
	judging_id	INTEGER REFERENCES judgings(id),
	CHECK ((status = 'judging') = (lease_owner IS NOT NULL)),
	CHECK ((status = 'judging') = (lease_expires IS NOT NULL)),
	CHECK ((status = 'done') = (verdict IS NOT NULL)),
	CHECK ((status = 'done') = (judging_id IS NOT NULL))
);
-- The claim walks this index in order and stops at the first row it may
-- take; done submissions are not in it.
CREATE INDEX submissions_queue ON submissions(priority DESC, id)
    WHERE status IN ('queued', 'judging');
CREATE INDEX submissions_user ON submissions(user_id, submitted_at);
CREATE INDEX submissions_problem ON submissions(problem_id);
CREATE INDEX submissions_judged_problem ON submissions(judged_problem_id);

-- Every result ever written for a submission: one row per finish (or
-- per give-up after too many attempts). submissions.judging_id is the
-- current one.
CREATE TABLE judgings (
	id		INTEGER PRIMARY KEY,
	submission_id	INTEGER NOT NULL REFERENCES submissions(id),
	problem_id	INTEGER REFERENCES problems(id),	-- version judged on
	worker		TEXT NOT NULL,
	attempt		INTEGER NOT NULL CHECK (attempt >= 1),
	verdict		TEXT NOT NULL CHECK (verdict IN ('AC', 'WA', 'TLE',
			    'MLE', 'OLE', 'RTE', 'CE', 'SV', 'RJ', 'IE')),
	score		REAL NOT NULL DEFAULT 0,
	compile_output	TEXT,
	message		TEXT,
	max_cpu_ms	INTEGER,
	max_memory_kb	INTEGER,
	judged_at	INTEGER NOT NULL
);
CREATE INDEX judgings_submission ON judgings(submission_id);
CREATE INDEX judgings_problem ON judgings(problem_id);

-- One row per test of a judging. exit_code is NULL when signalled or not
-- run, signal NULL when none. Texts are sanitized (valid UTF-8, no
-- control characters but tab and newline) and capped.
CREATE TABLE runs (
	id		INTEGER PRIMARY KEY,
	judging_id	INTEGER NOT NULL REFERENCES judgings(id),
	submission_id	INTEGER NOT NULL REFERENCES submissions(id),
	testcase_id	INTEGER NOT NULL REFERENCES testcases(id),
	verdict		TEXT NOT NULL CHECK (verdict IN ('AC', 'WA', 'TLE',
			    'MLE', 'OLE', 'RTE', 'SV', 'IE', 'SK')),
	cpu_ms		INTEGER NOT NULL DEFAULT 0,
	wall_ms		INTEGER NOT NULL DEFAULT 0,
	memory_kb	INTEGER NOT NULL DEFAULT 0,
	exit_code	INTEGER,
	signal		INTEGER,
	checker_message	TEXT,
	output_excerpt	TEXT,
	score		REAL NOT NULL DEFAULT 0,
	UNIQUE (judging_id, testcase_id)
);
CREATE INDEX runs_submission ON runs(submission_id);
CREATE INDEX runs_testcase ON runs(testcase_id);

-- Abuse flags from the analyzer ('static') or from runs ('runtime').
CREATE TABLE flags (
	id		INTEGER PRIMARY KEY,
	submission_id	INTEGER NOT NULL REFERENCES submissions(id),
	user_id		INTEGER NOT NULL REFERENCES users(id),
	judging_id	INTEGER REFERENCES judgings(id),
	source		TEXT NOT NULL CHECK (source IN ('static', 'runtime')),
	rule_id		TEXT NOT NULL,
	category	TEXT NOT NULL DEFAULT '',
	severity	TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
	action		TEXT NOT NULL CHECK (action IN ('flag', 'reject')),
	message		TEXT NOT NULL DEFAULT '',
	line		INTEGER,
	created_at	INTEGER NOT NULL
);
CREATE INDEX flags_submission ON flags(submission_id);
CREATE INDEX flags_user ON flags(user_id);
CREATE INDEX flags_judging ON flags(judging_id);

-- Who did what: imports, bans, rejudges.
CREATE TABLE audit (
	id		INTEGER PRIMARY KEY,
	at		INTEGER NOT NULL,
	actor		TEXT NOT NULL,
	action		TEXT NOT NULL,
	target		TEXT NOT NULL DEFAULT '',
	detail		TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit(at);

-- ---------------------------------------------------------------- views
-- Read-only views for admins; gavel itself reads the tables.

-- The current (highest) version of each problem.
CREATE VIEW v_problems AS
SELECT p.*
  FROM problems p
 WHERE p.version = (SELECT max(q.version) FROM problems q
		     WHERE q.short_name = p.short_name);

-- Submissions with names instead of ids, without the source.
CREATE VIEW v_submissions AS
SELECT s.id, u.name AS user, p.short_name AS problem,
       p.version AS submitted_version, s.language, s.filename,
       datetime(s.submitted_at / 1000, 'unixepoch') AS submitted,
       s.priority, s.status, s.attempts, s.verdict, s.score,
       jp.version AS judged_version, s.max_cpu_ms, s.max_memory_kb,
       datetime(s.judged_at / 1000, 'unixepoch') AS judged
  FROM submissions s
  JOIN users u ON u.id = s.user_id
  JOIN problems p ON p.id = s.problem_id
  LEFT JOIN problems jp ON jp.id = s.judged_problem_id;

-- The latest result of each user on each problem (any version): the
-- newest done submission, and how many newer ones are still pending.
CREATE VIEW v_latest AS
WITH ranked AS (
	SELECT s.*, p.short_name,
	       row_number() OVER (PARTITION BY s.user_id, p.short_name
				  ORDER BY s.id DESC) AS rn
	  FROM submissions s JOIN problems p ON p.id = s.problem_id
	 WHERE s.status = 'done')
SELECT u.name AS user, r.short_name AS problem, r.id AS submission_id,
       r.verdict, r.score, jp.version AS judged_version,
       datetime(r.judged_at / 1000, 'unixepoch') AS judged,
       (SELECT count(*) FROM submissions s2 JOIN problems p2
	    ON p2.id = s2.problem_id
	 WHERE s2.user_id = r.user_id AND p2.short_name = r.short_name
	   AND s2.status <> 'done' AND s2.id > r.id) AS pending
  FROM ranked r
  JOIN users u ON u.id = r.user_id
  LEFT JOIN problems jp ON jp.id = r.judged_problem_id
 WHERE r.rn = 1;

-- Per user and problem: best score over done submissions, whether any
-- was accepted, how many were judged, when the first AC was judged.
CREATE VIEW v_user_problem AS
SELECT u.id AS user_id, u.name AS user, p.short_name AS problem,
       max(s.verdict = 'AC') AS solved,
       max(coalesce(s.score, 0)) AS best_score,
       count(*) AS judged,
       min(CASE WHEN s.verdict = 'AC' THEN s.judged_at END) AS first_ac_at
  FROM submissions s
  JOIN users u ON u.id = s.user_id
  JOIN problems p ON p.id = s.problem_id
 WHERE s.status = 'done'
 GROUP BY u.id, p.short_name;

-- Penalty-free scoreboard: problems solved, then the sum of best scores;
-- users equal on both share a rank. Every user is listed (with zeros),
-- banned ones too (filter on banned = 0 for a public board). Order with
-- ORDER BY rank, user.
CREATE VIEW v_scoreboard AS
WITH t AS (
	SELECT u.id, u.name, u.banned,
	       coalesce(sum(up.solved), 0) AS solved,
	       coalesce(sum(up.best_score), 0) AS score,
	       coalesce(sum(up.judged), 0) AS judged
	  FROM users u LEFT JOIN v_user_problem up ON up.user_id = u.id
	 GROUP BY u.id)
SELECT rank() OVER (ORDER BY solved DESC, score DESC) AS rank,
       name AS user, solved, score, judged, banned
  FROM t;

-- Submissions with at least one flag: how many, the worst severity,
-- whether a rule asked to reject, and which rules fired.
CREATE VIEW v_flagged AS
SELECT s.id AS submission_id, u.name AS user, p.short_name AS problem,
       s.status, s.verdict, count(f.id) AS flags,
       CASE max(CASE f.severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2
				ELSE 1 END)
	    WHEN 3 THEN 'high' WHEN 2 THEN 'medium' ELSE 'low' END
	   AS max_severity,
       max(f.action = 'reject') AS rejected,
       group_concat(DISTINCT f.rule_id) AS rules,
       datetime(min(f.created_at) / 1000, 'unixepoch') AS first_flagged
  FROM flags f
  JOIN submissions s ON s.id = f.submission_id
  JOIN users u ON u.id = s.user_id
  JOIN problems p ON p.id = s.problem_id
 GROUP BY s.id;

-- migration: 2

-- Judge settings an organizer changed with `gavel config`: only keys set
-- away from their built-in default have a row (judge/config.c lists the
-- keys, their defaults and what they mean). Every change is audited.
CREATE TABLE settings (
	key		TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 64),
	value		TEXT NOT NULL CHECK (length(value) <= 1024),
	updated_at	INTEGER NOT NULL,
	updated_by	TEXT NOT NULL
);
