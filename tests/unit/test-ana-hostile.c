/* SPDX-License-Identifier: ISC */
/*
 * Hostile inputs: 1 MiB sources built against the lexers and the
 * patterns, invalid UTF-8 and NUL bytes, a rule built to backtrack, and
 * random bytes. Everything ends, without a crash and within the limits.
 */

#include <sys/types.h>
#include <sys/time.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "analyzer/ana.h"

#ifndef ANA_SRCDIR
#define ANA_SRCDIR	"."
#endif

#define MIB	(1U << 20)

static int
setup(void **state)
{
	struct ana_set	*set;
	char		*cause = NULL;

	if (ana_load(ANA_SRCDIR "/analyzer/rules", NULL, &set, &cause) != 0) {
		fprintf(stderr, "%s\n", cause);
		free(cause);
		return (-1);
	}
	*state = set;
	return (0);
}

static int
teardown(void **state)
{
	ana_free(*state);
	return (0);
}

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

/* A buffer of len bytes repeating unit. */
static char *
repeat(const char *unit, size_t len)
{
	size_t	 u = strlen(unit), i;
	char	*b;

	b = malloc(len + 1);
	assert_non_null(b);
	for (i = 0; i < len; i++)
		b[i] = unit[i % u];
	b[len] = '\0';
	return (b);
}

static int
has(const struct ana_finding *f, size_t n, const char *rule)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(f[i].rule, rule) == 0)
			return (1);
	}
	return (0);
}

/*
 * Scan src in every language with the shipped rules: no error and no
 * pattern that gave up (their limits are a safety net, not a crutch).
 * The time is printed for the report, never asserted.
 */
static void
scan_all(const struct ana_set *set, const char *what, const char *src,
    size_t len)
{
	struct ana_finding	*f;
	size_t			 n;
	char			*cause;
	double			 t0, worst = 0;
	int			 l;

	for (l = 0; l < ANA_LANG_MAX; l++) {
		t0 = now();
		if (ana_scan(set, l, src, len, &f, &n, &cause) != 0)
			fail_msg("%s (%s): %s", what, ana_language_name(l),
			    cause);
		if (now() - t0 > worst)
			worst = now() - t0;
		if (has(f, n, ANA_RULE_MATCH_LIMIT))
			fail_msg("%s (%s): a shipped rule hit its limit",
			    what, ana_language_name(l));
		ana_findings_free(f, n);
	}
	printf("# %-28s %8zu bytes, slowest language %.1f ms\n", what, len,
	    worst * 1e3);
}

static void
test_ana_hostile_shapes(void **state)
{
	static const char *const units[] = {
		"(", "((((((((((\n", "/*", "/* /* ", "\"", "'", "`${", "f'{",
		"\"\"\"", "r#\"", "R\"x(", "\\", "a", " ", "\n",
		"exec(", "eval(eval(", "os.system", "stratum+", "/proc/self/",
		"socket(AF_", "\\x41", "AAAA", "import ", "require('",
		"#include <", "Class.forName(", "{}", "[::-1]",
	};
	const struct ana_set	*set = *state;
	char			*b, what[64];
	size_t			 i;

	for (i = 0; i < sizeof units / sizeof units[0]; i++) {
		b = repeat(units[i], MIB);
		snprintf(what, sizeof what, "1 MiB of %.16s", units[i]);
		what[strcspn(what, "\n")] = '\0';
		scan_all(set, what, b, MIB);
		free(b);
	}
}

static void
test_ana_hostile_lines(void **state)
{
	const struct ana_set	*set = *state;
	struct ana_finding	*f;
	size_t			 n, i, len;
	char			*b, *cause;

	/* 100,000 lines, a finding on the last one. */
	b = repeat("x = a[i] + 1  # ok\n", 100000 * 19);
	len = strlen(b);
	memcpy(b + len - 19, "os.system('x')    \n", 19);
	scan_all(set, "100k lines", b, len);
	assert_int_equal(ana_scan(set, ANA_LANG_PYTHON, b, len, &f, &n,
	    &cause), 0);
	for (i = 0; i < n && strcmp(f[i].rule, "py-os-spawn") != 0; i++)
		;
	assert_true(i < n);
	assert_int_equal(f[i].line, 100000);
	assert_int_equal(f[i].column, 1);
	ana_findings_free(f, n);
	free(b);
}

static void
test_ana_hostile_bytes(void **state)
{
	const struct ana_set	*set = *state;
	struct ana_finding	*f;
	size_t			 n, i;
	char			*b, *cause;
	static const char	 src[] = "a\xff\xfe = 1\0\0os.system('\xc0\x80')";

	assert_int_equal(ana_scan(set, ANA_LANG_PYTHON, src, sizeof src - 1,
	    &f, &n, &cause), 0);
	assert_true(has(f, n, ANA_RULE_INVALID_UTF8));
	assert_true(has(f, n, ANA_RULE_NUL_BYTE));
	/* What follows NUL bytes and bad bytes is still scanned. */
	assert_true(has(f, n, "py-os-spawn"));
	for (i = 0; i < n; i++) {
		if (strcmp(f[i].rule, ANA_RULE_INVALID_UTF8) == 0) {
			assert_int_equal(f[i].count, 4);
			assert_int_equal(f[i].line, 1);
			assert_int_equal(f[i].column, 2);
			assert_int_equal(f[i].severity, ANA_SEV_LOW);
		}
	}
	ana_findings_free(f, n);

	/* 1 MiB of random bytes, with and without NULs. */
	srandom(42);
	b = malloc(MIB);
	assert_non_null(b);
	for (i = 0; i < MIB; i++)
		b[i] = (char)(random() & 0xff);
	scan_all(set, "1 MiB random bytes", b, MIB);
	for (i = 0; i < MIB; i++)
		b[i] = (char)(0x20 + random() % 95);
	scan_all(set, "1 MiB random printable", b, MIB);
	memset(b, 0, MIB);
	scan_all(set, "1 MiB of NUL", b, MIB);
	free(b);
}

static void
test_ana_hostile_small_random(void **state)
{
	static const char	 alphabet[] = "\"'`/*#\\{}$()[]rRbfu8x\n =\xc3"
				    "\xa9\xff";
	const struct ana_set	*set = *state;
	struct ana_finding	*f;
	char			 buf[256], *cause;
	size_t			 n, len, i;
	int			 round, l;

	/* Lexer fuzzing: many short sources of quote and comment bytes. */
	srandom(7);
	for (round = 0; round < 3000; round++) {
		len = random() % sizeof buf;
		for (i = 0; i < len; i++)
			buf[i] = alphabet[random() % (sizeof alphabet - 1)];
		l = random() % ANA_LANG_MAX;
		assert_int_equal(ana_scan(set, l, buf, len, &f, &n, &cause),
		    0);
		for (i = 0; i < n; i++) {
			assert_true(f[i].line >= 1);
			assert_true(strlen(f[i].excerpt) <= ANA_EXCERPT_MAX);
		}
		ana_findings_free(f, n);
	}
}

/* A rule built to backtrack ends on its limit, as a finding. */
static void
test_ana_hostile_limit(void **state)
{
	static const char	 rule[] = "[bad]\nlanguages = *\n"
	    "category = obfuscation\nseverity = low\naction = flag\n"
	    "scope = all\npattern = (?:a+)+b\nexplain = backtracks\n";
	static const int	 flags[] = { 0, ANA_NOJIT };
	struct ana_set		*set;
	struct ana_finding	*f;
	size_t			 n, i, k;
	char			*b, *cause;
	FILE			*fp;

	for (k = 0; k < 2; k++) {
		set = ana_new(flags[k]);
		fp = fmemopen((void *)rule, sizeof rule - 1, "r");
		assert_non_null(fp);
		assert_int_equal(ana_add_file(set, fp, "bad.rules", &cause), 1);
		fclose(fp);
		ana_set_limits(set, 10000, 0, 0);
		b = repeat("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
		    64 * 1024);
		/* A 'b' somewhere, or pcre2 sees at once there is no match. */
		b[64 * 1024 - 1] = 'b';
		assert_int_equal(ana_scan(set, ANA_LANG_C, b, strlen(b), &f,
		    &n, &cause), 0);
		assert_true(has(f, n, ANA_RULE_MATCH_LIMIT));
		for (i = 0; i < n; i++) {
			if (strcmp(f[i].rule, ANA_RULE_MATCH_LIMIT) == 0) {
				assert_non_null(strstr(f[i].message,
				    "rule bad stopped"));
				assert_int_equal(f[i].category,
				    ANA_CAT_OBFUSCATION);
			}
		}
		printf("# backtracking rule (%s): %s\n", k ? "interpreter" :
		    "jit", f[0].message);
		ana_findings_free(f, n);
		free(b);
		ana_free(set);
	}
}

static void
test_ana_hostile_too_big(void **state)
{
	const struct ana_set	*set = *state;
	struct ana_finding	*f;
	size_t			 n;
	char			*cause;

	assert_int_equal(ana_scan(set, ANA_LANG_C, "", ANA_SOURCE_MAX + 1,
	    &f, &n, &cause), -1);
	assert_non_null(strstr(cause, "larger than"));
	free(cause);
	assert_null(f);
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ana_hostile_shapes),
		cmocka_unit_test(test_ana_hostile_lines),
		cmocka_unit_test(test_ana_hostile_bytes),
		cmocka_unit_test(test_ana_hostile_small_random),
		cmocka_unit_test(test_ana_hostile_limit),
		cmocka_unit_test(test_ana_hostile_too_big),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
