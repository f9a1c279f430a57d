/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for problems/validate.c and feedback.c: the default output
 * validator and its flags, the custom validator protocol, sanitizing.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "problems/prob.h"

#define UNUSED	__attribute__((unused))

struct vcase {
	const char	*flags;
	const char	*team;
	const char	*answer;
	enum prob_verdict want;
	const char	*msg;		/* exact message; NULL: don't care */
};

static char	*tmpdir;

static int
setup(void **state UNUSED)
{
	char	tmpl[] = "/tmp/test-prob-validate.XXXXXX";

	if (mkdtemp(tmpl) == NULL)
		return (-1);
	tmpdir = strdup(tmpl);
	return (tmpdir == NULL ? -1 : 0);
}

static int
teardown(void **state UNUSED)
{
	int	rc;

	rc = prob_remove_tree(tmpdir);
	free(tmpdir);
	tmpdir = NULL;
	return (rc);
}

static void
run_cases(const struct vcase *c, size_t n)
{
	struct prob_vflags	 vf;
	enum prob_verdict	 v;
	char			 msg[256], *cause;
	size_t			 i;

	for (i = 0; i < n; i++) {
		prob_vflags_init(&vf);
		if (prob_vflags_parse(c[i].flags, &vf, &cause) != 0)
			fail_msg("case %zu: flags: %s", i, cause);
		v = prob_default_validate(c[i].team, strlen(c[i].team),
		    c[i].answer, strlen(c[i].answer), &vf, msg, sizeof msg);
		if (v != c[i].want)
			fail_msg("case %zu (%s | %s | %s): %s, want %s (%s)", i,
			    c[i].flags, c[i].team, c[i].answer,
			    prob_verdict_name(v), prob_verdict_name(c[i].want),
			    msg);
		if (c[i].msg != NULL && strcmp(msg, c[i].msg) != 0)
			fail_msg("case %zu: message \"%s\", want \"%s\"", i,
			    msg, c[i].msg);
		if (v == PROB_AC)
			assert_string_equal(msg, "");
	}
}

static void
test_prob_default_validate_tokens(void **state UNUSED)
{
	static const struct vcase	c[] = {
		{ "", "42\n", "42\n", PROB_AC, "" },
		{ "", "42", "42\n", PROB_AC, "" },
		{ "", "  42  \n\n\n", "42\n", PROB_AC, "" },
		{ "", "1\t2\r\n3\v4\f5", "1 2\n3 4 5\n", PROB_AC, "" },
		{ "", "41\n", "42\n", PROB_WA,
		    "line 1: expected \"42\", got \"41\"" },
		{ "", "1\n2\n41\n", "1 2 42\n", PROB_WA,
		    "line 3: expected \"42\", got \"41\"" },
		{ "", "42 43\n", "42\n", PROB_WA,
		    "line 1: trailing output \"43\"" },
		{ "", "42\n\nextra", "42\n", PROB_WA,
		    "line 3: trailing output \"extra\"" },
		{ "", "", "42\n", PROB_WA,
		    "line 1: expected \"42\", got empty output" },
		{ "", " \n \n", "42\n", PROB_WA,
		    "line 3: expected \"42\", got end of output" },
		{ "", "1\n", "1 2\n", PROB_WA,
		    "line 2: expected \"2\", got end of output" },
		{ "", "", "", PROB_AC, "" },
		{ "", "\n\n", "", PROB_AC, "" },
		{ "", "x", "", PROB_WA, "line 1: trailing output \"x\"" },
		{ "", "4 2", "42", PROB_WA,
		    "line 1: expected \"42\", got \"4\"" },
		{ "", "42", "4 2", PROB_WA,
		    "line 1: expected \"4\", got \"42\"" },
		/* Numbers are strings without a tolerance. */
		{ "", "1.0", "1", PROB_WA,
		    "line 1: expected \"1\", got \"1.0\"" },
		{ "", "007", "7", PROB_WA, NULL },
	};

	run_cases(c, sizeof c / sizeof c[0]);
}

static void
test_prob_default_validate_case(void **state UNUSED)
{
	static const struct vcase	c[] = {
		{ "", "YES\n", "yes\n", PROB_AC, "" },
		{ "", "yEs NO", "Yes no", PROB_AC, "" },
		{ "case_sensitive", "YES\n", "yes\n", PROB_WA,
		    "line 1: expected \"yes\", got \"YES\"" },
		{ "case_sensitive", "yes\n", "yes\n", PROB_AC, "" },
		/* ASCII only: other letters compare as bytes. */
		{ "", "\xc3\x89t\xc3\xa9", "\xc3\xa9t\xc3\xa9", PROB_WA,
		    "line 1: expected \"\xc3\xa9t\xc3\xa9\", got "
		    "\"\xc3\x89t\xc3\xa9\"" },
		{ "", "\xc3\xa9t\xc3\xa9", "\xc3\xa9t\xc3\xa9", PROB_AC, "" },
	};

	run_cases(c, sizeof c / sizeof c[0]);
}

static void
test_prob_default_validate_space(void **state UNUSED)
{
	static const struct vcase	c[] = {
		{ "space_change_sensitive", "1 2\n", "1 2\n", PROB_AC, "" },
		{ "space_change_sensitive", "1  2\n", "1 2\n", PROB_WA,
		    "line 1: whitespace differs: expected \" \", got \"  \"" },
		{ "space_change_sensitive", "1 2", "1 2\n", PROB_WA,
		    "line 1: whitespace differs: expected \"\\n\", got \"\"" },
		{ "space_change_sensitive", "1 2\n\n", "1 2\n", PROB_WA,
		    "line 2: whitespace differs: expected \"\\n\", got "
		    "\"\\n\\n\"" },
		{ "space_change_sensitive", " 1", "1", PROB_WA,
		    "line 1: whitespace differs: expected \"\", got \" \"" },
		{ "space_change_sensitive", "1\r\n2\r\n", "1\n2\n", PROB_WA,
		    "line 1: whitespace differs: expected \"\\n\", got "
		    "\"\\r\\n\"" },
		{ "space_change_sensitive", "1\n\n2\n", "1\n2\n", PROB_WA,
		    "line 2: whitespace differs: expected \"\\n\", got "
		    "\"\\n\\n\"" },
		{ "space_change_sensitive", "1\t2", "1 2", PROB_WA, NULL },
		{ "", "1\t2", "1 2", PROB_AC, "" },
		/* Tokens still compare as tokens. */
		{ "space_change_sensitive", "1 3\n", "1 2\n", PROB_WA,
		    "line 1: expected \"2\", got \"3\"" },
		{ "space_change_sensitive", "", "", PROB_AC, "" },
		{ "space_change_sensitive", "\n", "", PROB_WA, NULL },
	};

	run_cases(c, sizeof c / sizeof c[0]);
}

static void
test_prob_default_validate_float(void **state UNUSED)
{
	static const struct vcase	c[] = {
		/* Absolute tolerance, at the boundary (exact binary values). */
		{ "float_absolute_tolerance 0.5", "1.5", "1.0", PROB_AC, "" },
		{ "float_absolute_tolerance 0.5", "0.5", "1.0", PROB_AC, "" },
		{ "float_absolute_tolerance 0.5", "1.5000001", "1.0", PROB_WA,
		    "line 1: expected \"1.0\", got \"1.5000001\" (difference "
		    "0.5 over the tolerance)" },
		{ "float_absolute_tolerance 0.5", "0.4999999", "1.0", PROB_WA,
		    NULL },
		/* Relative: |a - b| <= eps * |answer|. */
		{ "float_relative_tolerance 0.25", "5", "4", PROB_AC, "" },
		{ "float_relative_tolerance 0.25", "3", "4", PROB_AC, "" },
		{ "float_relative_tolerance 0.25", "5.0001", "4", PROB_WA,
		    NULL },
		{ "float_relative_tolerance 0.25", "-5", "-4", PROB_AC, "" },
		/* Relative to the answer, not to the output. */
		{ "float_relative_tolerance 0.5", "0", "0.25", PROB_WA, NULL },
		{ "float_relative_tolerance 0.5", "0.125", "0.25", PROB_AC,
		    "" },
		{ "float_relative_tolerance 0.5", "0.0625", "0.125", PROB_AC,
		    "" },
		/* float_tolerance is both: either one accepts. */
		{ "float_tolerance 0.25", "1000.25", "1000", PROB_AC, "" },
		{ "float_tolerance 0.25", "1250", "1000", PROB_AC, "" },
		{ "float_tolerance 0.25", "1251", "1000", PROB_WA, NULL },
		{ "float_tolerance 0.25", "0.5", "0.25", PROB_AC, "" },
		{ "float_tolerance 0.25", "0.5625", "0.25", PROB_WA, NULL },
		/* Any float format goes once a tolerance is set. */
		{ "float_tolerance 1e-9", "3.14000000e-2", "0.0314", PROB_AC,
		    "" },
		{ "float_tolerance 0", "1", "1.0", PROB_AC, "" },
		{ "float_tolerance 0", "+.5", "0.5", PROB_AC, "" },
		{ "float_tolerance 0", "5.", "5", PROB_AC, "" },
		{ "float_tolerance 0", "1e0", "1", PROB_AC, "" },
		{ "float_tolerance 0", "1.0000001", "1", PROB_WA, NULL },
		/* Not a float on one side: compared as strings. */
		{ "float_tolerance 1", "abc", "1.5", PROB_WA,
		    "line 1: expected \"1.5\", got \"abc\"" },
		{ "float_tolerance 1", "ABC", "abc", PROB_AC, "" },
		{ "float_tolerance 1", "0x10", "16", PROB_WA, NULL },
		{ "float_tolerance 1", "1e", "1", PROB_WA, NULL },
		{ "float_tolerance 1", ".", "0", PROB_WA, NULL },
		/* NaN and infinities are strings, never numbers. */
		{ "float_tolerance 1", "nan", "nan", PROB_AC, "" },
		{ "float_tolerance 1", "NaN", "nan", PROB_AC, "" },
		{ "float_tolerance 1", "nan", "1", PROB_WA, NULL },
		{ "float_tolerance 1", "inf", "INF", PROB_AC, "" },
		{ "float_tolerance 1", "inf", "1e999", PROB_WA, NULL },
		{ "float_tolerance 1", "1e999", "1e999", PROB_AC, "" },
		{ "float_tolerance 1", "1e998", "1e999", PROB_WA, NULL },
		/* Strings around the numbers still compare as strings. */
		{ "float_tolerance 0.1", "x 1.05 y", "x 1 y", PROB_AC, "" },
		{ "float_tolerance 0.1", "x 1.05 z", "x 1 y", PROB_WA,
		    "line 1: expected \"y\", got \"z\"" },
	};

	run_cases(c, sizeof c / sizeof c[0]);
}

/*
 * Every combination of the flags on probes that each depend on one flag:
 * the verdict must be exactly what the flags in force say.
 */
static void
test_prob_default_validate_flag_combinations(void **state UNUSED)
{
	static const struct {
		const char	*team, *answer;
		int		 needs;	/* bits of flags that make it AC */
		int		 any;	/* AC with any one of needs */
	} probes[] = {
		{ "yes", "YES", 0x0, 0 },	/* AC unless case_sensitive */
		{ "1  2", "1 2", 0x0, 0 },	/* AC unless space sensitive */
		{ "0.3", "0.001", 0x4, 0 },	/* only abs (0.5) accepts */
		{ "1005", "1000", 0x8, 0 },	/* only rel (0.01) accepts */
		{ "5e-1", "0.5", 0xc, 1 },	/* any tolerance accepts */
		{ "1100", "1000", -1, 0 },	/* never */
	};
	struct prob_vflags	 vf;
	enum prob_verdict	 v, want;
	char			 flags[256], msg[128], *cause;
	size_t			 p;
	int			 bits;

	for (bits = 0; bits < 16; bits++) {
		snprintf(flags, sizeof flags, "%s %s %s %s",
		    bits & 1 ? "case_sensitive" : "",
		    bits & 2 ? "space_change_sensitive" : "",
		    bits & 4 ? "float_absolute_tolerance 0.5" : "",
		    bits & 8 ? "float_relative_tolerance 0.01" : "");
		prob_vflags_init(&vf);
		if (prob_vflags_parse(flags, &vf, &cause) != 0)
			fail_msg("%s: %s", flags, cause);
		assert_int_equal(vf.case_sensitive, (bits & 1) != 0);
		assert_int_equal(vf.space_change_sensitive, (bits & 2) != 0);
		for (p = 0; p < sizeof probes / sizeof probes[0]; p++) {
			if (probes[p].needs == -1)
				want = PROB_WA;
			else if (p == 0)
				want = bits & 1 ? PROB_WA : PROB_AC;
			else if (p == 1)
				want = bits & 2 ? PROB_WA : PROB_AC;
			else if (probes[p].any)
				want = bits & probes[p].needs ? PROB_AC :
				    PROB_WA;
			else
				want = (bits & probes[p].needs) ==
				    probes[p].needs ? PROB_AC : PROB_WA;
			v = prob_default_validate(probes[p].team,
			    strlen(probes[p].team), probes[p].answer,
			    strlen(probes[p].answer), &vf, msg, sizeof msg);
			if (v != want)
				fail_msg("flags \"%s\", probe %zu: %s, want %s "
				    "(%s)", flags, p, prob_verdict_name(v),
				    prob_verdict_name(want), msg);
		}
	}
}

static void
test_prob_default_validate_message(void **state UNUSED)
{
	struct prob_vflags	vf;
	char			msg[256], small[12], big[300];
	const char		team[] = "a\x01\x1b[2Jb\x00z\n";

	prob_vflags_init(&vf);
	/* Control bytes (and a NUL inside the output) are escaped. */
	assert_int_equal(prob_default_validate(team, sizeof team - 1, "ab", 2,
	    &vf, msg, sizeof msg), PROB_WA);
	assert_string_equal(msg, "line 1: expected \"ab\", got "
	    "\"a\\x01\\x1b[2Jb\\x00z\"");
	/* Bidirectional overrides too. */
	assert_int_equal(prob_default_validate("\xe2\x80\xae" "x", 4, "x", 1,
	    &vf, msg, sizeof msg), PROB_WA);
	assert_string_equal(msg, "line 1: expected \"x\", got "
	    "\"\\xe2\\x80\\xaex\"");
	/* A long token is cut, with "...". */
	memset(big, 'q', sizeof big);
	assert_int_equal(prob_default_validate(big, sizeof big, "q", 1, &vf,
	    msg, sizeof msg), PROB_WA);
	assert_int_equal(strlen(msg), strlen("line 1: expected \"q\", got \"\"")
	    + 60);
	assert_non_null(strstr(msg, "qqq...\""));
	/* A small buffer gets a cut, terminated message. */
	assert_int_equal(prob_default_validate("41", 2, "42", 2, &vf, small,
	    sizeof small), PROB_WA);
	assert_string_equal(small, "line 1: exp");
	/* And no buffer at all is fine. */
	assert_int_equal(prob_default_validate("41", 2, "42", 2, &vf, NULL, 0),
	    PROB_WA);
}

static char *
repeat(const char *unit, size_t n, size_t *len)
{
	size_t	 ul = strlen(unit), i;
	char	*p;

	p = malloc(ul * n + 1);
	assert_non_null(p);
	for (i = 0; i < n; i++)
		memcpy(p + i * ul, unit, ul);
	p[ul * n] = '\0';
	*len = ul * n;
	return (p);
}

static void
test_prob_default_validate_huge(void **state UNUSED)
{
	struct prob_vflags	 vf;
	char			*team, *answer, msg[128], want[128], *cause;
	size_t			 tl, al, n = 4000000;
	struct timespec		 t0, t1;
	double			 secs;

	/* 4 million lines each; a quadratic pass would never finish. */
	team = repeat("12345 6.5\n", n, &tl);
	answer = repeat("12345 6.5\n", n, &al);
	prob_vflags_init(&vf);
	if (prob_vflags_parse("float_tolerance 1e-9 case_sensitive", &vf,
	    &cause) != 0)
		fail_msg("%s", cause);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(prob_default_validate(team, tl, answer, al, &vf, msg,
	    sizeof msg), PROB_AC);
	/* The very last token differs: found, on the right line. */
	team[tl - 2] = '7';
	assert_int_equal(prob_default_validate(team, tl, answer, al, &vf, msg,
	    sizeof msg), PROB_WA);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	snprintf(want, sizeof want, "line %zu: expected \"6.5\", got \"6.7\" "
	    "(difference 0.2 over the tolerance)", n);
	assert_string_equal(msg, want);
	/* One huge token against another. */
	memset(team, 'z', tl);
	memset(answer, 'z', al);
	assert_int_equal(prob_default_validate(team, tl, answer, al, &vf, msg,
	    sizeof msg), PROB_AC);
	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	/* Generous: only a blow-up fails, not a slow machine. */
	if (secs > 60)
		fail_msg("80 MB took %.1f s", secs);
	free(team);
	free(answer);
}

static void
test_prob_vflags_parse_cases(void **state UNUSED)
{
	struct prob_vflags	 vf, keep;
	char			*cause;

	prob_vflags_init(&vf);
	assert_int_equal(vf.abs_tol, -1);
	assert_int_equal(prob_vflags_parse(NULL, &vf, &cause), 0);
	assert_int_equal(prob_vflags_parse("  \n", &vf, &cause), 0);
	assert_int_equal(vf.abs_tol, -1);
	assert_int_equal(vf.rel_tol, -1);
	assert_int_equal(prob_vflags_parse("float_tolerance 1e-6", &vf,
	    &cause), 0);
	assert_true(vf.abs_tol == 1e-6 && vf.rel_tol == 1e-6);
	assert_int_equal(prob_vflags_parse("float_absolute_tolerance 2 "
	    "float_relative_tolerance 3 case_sensitive space_change_sensitive",
	    &vf, &cause), 0);
	assert_true(vf.abs_tol == 2 && vf.rel_tol == 3);
	assert_true(vf.case_sensitive && vf.space_change_sensitive);
	/* The last one given wins. */
	assert_int_equal(prob_vflags_parse("float_tolerance 1 "
	    "float_absolute_tolerance 0", &vf, &cause), 0);
	assert_true(vf.abs_tol == 0 && vf.rel_tol == 1);

	keep = vf;
	assert_int_equal(prob_vflags_parse("case_sensitive bogus", &vf, &cause),
	    -1);
	assert_string_equal(cause, "unknown flag \"bogus\"");
	free(cause);
	assert_int_equal(prob_vflags_parse("float_relative_tolerance", &vf,
	    &cause), -1);
	assert_string_equal(cause, "float_relative_tolerance: missing value");
	free(cause);
	assert_int_equal(prob_vflags_parse("float_tolerance -0.1", &vf, &cause),
	    -1);
	assert_string_equal(cause, "float_tolerance: \"-0.1\" is not a number "
	    ">= 0");
	free(cause);
	assert_int_equal(prob_vflags_parse("float_tolerance nan", &vf, &cause),
	    -1);
	free(cause);
	assert_int_equal(prob_vflags_parse("float_tolerance inf", &vf, &cause),
	    -1);
	free(cause);
	assert_int_equal(prob_vflags_parse("CASE_SENSITIVE", &vf, &cause), -1);
	free(cause);
	/* Nothing changed by the failures, even the partial ones. */
	assert_memory_equal(&vf, &keep, sizeof vf);
}

static void
test_prob_parse_float_grammar(void **state UNUSED)
{
	static const char *const good[] = {
		"0", "-0", "+1", "1.", ".5", "1.5", "1e5", "1E+5", "-1.5e-3",
		"000.000",
		"123456789012345678901234567890.123456789012345678901",
	};
	static const char *const bad[] = {
		"", "+", "-", ".", "e5", "1e", "1e+", "1.5.5", "1,5", "0x1p3",
		"nan", "inf", "infinity", "1e400", "--1", "1 ", " 1", "1f",
	};
	double	v;
	size_t	i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		if (!prob_parse_float(good[i], strlen(good[i]), &v))
			fail_msg("\"%s\" refused", good[i]);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (prob_parse_float(bad[i], strlen(bad[i]), &v))
			fail_msg("\"%s\" accepted", bad[i]);
	}
	assert_true(prob_parse_float("-1.5e-3", 7, &v) && v == -1.5e-3);
	/* Only the given length counts. */
	assert_true(prob_parse_float("12abc", 2, &v) && v == 12);
}

static void
test_prob_validator_verdict_codes(void **state UNUSED)
{
	assert_int_equal(prob_validator_verdict(42), PROB_AC);
	assert_int_equal(prob_validator_verdict(43), PROB_WA);
	assert_int_equal(prob_validator_verdict(0), PROB_IE);
	assert_int_equal(prob_validator_verdict(1), PROB_IE);
	assert_int_equal(prob_validator_verdict(44), PROB_IE);
	assert_int_equal(prob_validator_verdict(-1), PROB_IE);
	assert_int_equal(prob_validator_verdict(42 + 256), PROB_IE);
}

static void
put(const char *name, const char *data, size_t len)
{
	char	 path[4096];
	FILE	*fp;

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static void
test_prob_feedback_message_files(void **state UNUSED)
{
	char	*text, *cause, *big, path[4096];
	size_t	 i;

	/* No file: an empty message, not an error. */
	assert_int_equal(prob_feedback_message(tmpdir, &text, &cause), 0);
	assert_string_equal(text, "");
	free(text);

	put("judgemessage.txt", "line 1\n\tline \x1b[31m2\xff\n",
	    strlen("line 1\n\tline \x1b[31m2\xff\n"));
	assert_int_equal(prob_feedback_message(tmpdir, &text, &cause), 0);
	assert_string_equal(text, "line 1\n\tline \\x1b[31m2\\xff\n");
	free(text);

	/* Over the cap: cut, marked, and not in the middle of a character. */
	big = malloc(PROB_FEEDBACK_MAX + 100);
	assert_non_null(big);
	for (i = 0; i < PROB_FEEDBACK_MAX + 100; i += 2)
		memcpy(big + i, "\xc3\xa9", 2);
	put("judgemessage.txt", big, PROB_FEEDBACK_MAX + 100);
	assert_int_equal(prob_feedback_message(tmpdir, &text, &cause), 0);
	assert_int_equal(strlen(text), PROB_FEEDBACK_MAX + strlen(
	    "\n[truncated]"));
	assert_string_equal(text + PROB_FEEDBACK_MAX, "\n[truncated]");
	free(text);
	put("teammessage.txt", big, 101);
	assert_int_equal(prob_feedback_read(tmpdir, "teammessage.txt", 11,
	    &text, &cause), 0);
	/* 11 bytes would split the sixth character: five are kept. */
	assert_string_equal(text, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\n[truncated]");
	free(text);
	free(big);

	/* A validator may try to make the judge read a host file. */
	snprintf(path, sizeof path, "%s/judgemessage.txt", tmpdir);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink("/etc/passwd", path), 0);
	assert_int_equal(prob_feedback_message(tmpdir, &text, &cause), -1);
	assert_null(text);
	assert_string_equal(cause, "judgemessage.txt: is a symbolic link");
	free(cause);
	/* Or block it on a FIFO. */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkfifo(path, 0644), 0);
	assert_int_equal(prob_feedback_message(tmpdir, &text, &cause), -1);
	assert_string_equal(cause, "judgemessage.txt: not a regular file");
	free(cause);
	assert_int_equal(prob_feedback_message("/nonexistent/feedback", &text,
	    &cause), -1);
	free(cause);
}

static void
test_prob_feedback_score_files(void **state UNUSED)
{
	static const char *const bad[] = {
		"abc", "1 2", "nan", "inf", "", "\n", "1e999", "12a",
	};
	char	*cause, path[4096];
	double	 score = -7;
	size_t	 i;

	assert_int_equal(prob_feedback_score(tmpdir, &score, &cause), 0);
	assert_true(score == -7);
	put("score.txt", "42.5\n", 5);
	assert_int_equal(prob_feedback_score(tmpdir, &score, &cause), 1);
	assert_true(score == 42.5);
	put("score.txt", "  \t-3e1 \r\n", 10);
	assert_int_equal(prob_feedback_score(tmpdir, &score, &cause), 1);
	assert_true(score == -30);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		put("score.txt", bad[i], strlen(bad[i]));
		if (prob_feedback_score(tmpdir, &score, &cause) != -1)
			fail_msg("score \"%s\" accepted", bad[i]);
		free(cause);
	}
	put("score.txt", "1 2", 3);
	assert_int_equal(prob_feedback_score(tmpdir, &score, &cause), -1);
	assert_string_equal(cause, "score.txt: \"1 2\" is not a number");
	free(cause);
	snprintf(path, sizeof path, "%s/score.txt", tmpdir);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink("/etc/hostname", path), 0);
	assert_int_equal(prob_feedback_score(tmpdir, &score, &cause), -1);
	assert_string_equal(cause, "score.txt: is a symbolic link");
	free(cause);
}

static void
test_prob_sanitize_cases(void **state UNUSED)
{
	char	*s;

	s = prob_sanitize("plain text", 10, 0, 0);
	assert_string_equal(s, "plain text");
	free(s);
	s = prob_sanitize("a\nb\tc\rd", 7, 0, 0);
	assert_string_equal(s, "a\\nb\\tc\\rd");
	free(s);
	s = prob_sanitize("a\nb\tc\rd", 7, 0, PROB_SAN_NEWLINES);
	assert_string_equal(s, "a\nb\tc\\rd");
	free(s);
	/* UTF-8 kept; C1 controls, overlongs, surrogates, bidi escaped. */
	s = prob_sanitize("\xe2\x82\xac\xc2\x85\xc0\xaf\xed\xa0\x80"
	    "\xe2\x81\xa6", 13, 0, 0);
	assert_string_equal(s, "\xe2\x82\xac\\xc2\\x85\\xc0\\xaf\\xed\\xa0"
	    "\\x80\\xe2\\x81\\xa6");
	free(s);
	s = prob_sanitize("\x7f", 1, 0, 0);
	assert_string_equal(s, "\\x7f");
	free(s);
	/* A cap cuts on whole characters and says so. */
	s = prob_sanitize("abcdefghij", 10, 8, 0);
	assert_string_equal(s, "abcde...");
	free(s);
	s = prob_sanitize("abcdefgh", 8, 8, 0);
	assert_string_equal(s, "abcdefgh");
	free(s);
	s = prob_sanitize("ab\xe2\x82\xac\xe2\x82\xac", 8, 7, 0);
	assert_string_equal(s, "ab...");
	free(s);
	s = prob_sanitize("\x01\x02\x03", 3, 9, 0);
	assert_string_equal(s, "\\x01...");
	free(s);
	s = prob_sanitize("", 0, 0, 0);
	assert_string_equal(s, "");
	free(s);
}

static void
test_prob_flags_split_cases(void **state UNUSED)
{
	char	**v;
	size_t	  n;

	v = prob_flags_split("  a bb\tccc\n", &n);
	assert_int_equal(n, 3);
	assert_string_equal(v[0], "a");
	assert_string_equal(v[1], "bb");
	assert_string_equal(v[2], "ccc");
	assert_null(v[3]);
	prob_flags_free(v);
	v = prob_flags_split(NULL, &n);
	assert_int_equal(n, 0);
	assert_null(v[0]);
	prob_flags_free(v);
	v = prob_flags_split(" \t ", &n);
	assert_int_equal(n, 0);
	prob_flags_free(v);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_prob_default_validate_tokens),
		cmocka_unit_test(test_prob_default_validate_case),
		cmocka_unit_test(test_prob_default_validate_space),
		cmocka_unit_test(test_prob_default_validate_float),
		cmocka_unit_test(test_prob_default_validate_flag_combinations),
		cmocka_unit_test(test_prob_default_validate_message),
		cmocka_unit_test(test_prob_default_validate_huge),
		cmocka_unit_test(test_prob_vflags_parse_cases),
		cmocka_unit_test(test_prob_parse_float_grammar),
		cmocka_unit_test(test_prob_validator_verdict_codes),
		cmocka_unit_test_setup_teardown(
		    test_prob_feedback_message_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prob_feedback_score_files,
		    setup, teardown),
		cmocka_unit_test(test_prob_sanitize_cases),
		cmocka_unit_test(test_prob_flags_split_cases),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
