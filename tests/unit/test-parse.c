/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for sandbox/parse.c: option values (sizes, seconds, counts),
 * default limits and their bounds, and the result helpers.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sbx.h"

#define MIB	(1024ULL * 1024)
#define UNUSED	__attribute__((unused))

static void
size_ok(const char *s, uint64_t max, uint64_t want)
{
	uint64_t	 v = 12345;
	char		*cause = NULL;

	if (sbx_parse_size(s, max, &v, &cause) != 0)
		fail_msg("\"%s\": %s", s, cause);
	assert_null(cause);
	if (v != want)
		fail_msg("\"%s\": got %llu, want %llu", s,
		    (unsigned long long)v, (unsigned long long)want);
}

/* Fails with a cause containing what, and leaves *out alone. */
static void
size_bad(const char *s, uint64_t max, const char *what)
{
	uint64_t	 v = 12345;
	char		*cause = NULL;

	if (sbx_parse_size(s, max, &v, &cause) == 0)
		fail_msg("\"%s\": accepted as %llu", s, (unsigned long long)v);
	assert_non_null(cause);
	if (what != NULL && strstr(cause, what) == NULL)
		fail_msg("\"%s\": cause \"%s\" lacks \"%s\"", s, cause, what);
	assert_int_equal(v, 12345);
	free(cause);
}

static void
seconds_ok(const char *s, uint64_t want)
{
	uint64_t	 v = 12345;
	char		*cause = NULL;

	if (sbx_parse_seconds(s, SBX_MAX_CPU_MS, &v, &cause) != 0)
		fail_msg("\"%s\": %s", s, cause);
	if (v != want)
		fail_msg("\"%s\": got %llu ms, want %llu", s,
		    (unsigned long long)v, (unsigned long long)want);
}

static void
seconds_bad(const char *s, const char *what)
{
	uint64_t	 v = 12345;
	char		*cause = NULL;

	if (sbx_parse_seconds(s, SBX_MAX_CPU_MS, &v, &cause) == 0)
		fail_msg("\"%s\": accepted as %llu", s, (unsigned long long)v);
	assert_non_null(cause);
	if (what != NULL && strstr(cause, what) == NULL)
		fail_msg("\"%s\": cause \"%s\" lacks \"%s\"", s, cause, what);
	assert_int_equal(v, 12345);
	free(cause);
}

static void
count_bad(const char *s, const char *what)
{
	uint32_t	 v = 777;
	char		*cause = NULL;

	if (sbx_parse_count(s, SBX_MAX_PROCESSES, &v, &cause) == 0)
		fail_msg("\"%s\": accepted as %u", s, v);
	assert_non_null(cause);
	if (what != NULL && strstr(cause, what) == NULL)
		fail_msg("\"%s\": cause \"%s\" lacks \"%s\"", s, cause, what);
	assert_int_equal(v, 777);
	free(cause);
}

static void
test_sbx_parse_size_plain(void **state UNUSED)
{
	size_ok("100", UINT64_MAX, 100);
	size_ok("0", UINT64_MAX, 0);
	size_ok("007", UINT64_MAX, 7);
	size_ok("100B", UINT64_MAX, 100);
	size_ok("100b", UINT64_MAX, 100);
	size_ok("18446744073709551615", UINT64_MAX, UINT64_MAX);
}

static void
test_sbx_parse_size_suffixes(void **state UNUSED)
{
	static const char *const k[] = {
		"1K", "1k", "1KB", "1kb", "1KiB", "1kib", "1Kb", "1kiB"
	};
	size_t	i;

	for (i = 0; i < sizeof k / sizeof k[0]; i++)
		size_ok(k[i], UINT64_MAX, 1024);
	size_ok("512k", UINT64_MAX, 512 * 1024);
	size_ok("64M", UINT64_MAX, 64 * MIB);
	size_ok("64m", UINT64_MAX, 64 * MIB);
	size_ok("64MiB", UINT64_MAX, 64 * MIB);
	size_ok("1G", UINT64_MAX, 1024 * MIB);
	size_ok("1g", UINT64_MAX, 1024 * MIB);
	size_ok("1GB", UINT64_MAX, 1024 * MIB);
	size_ok("1T", UINT64_MAX, 1ULL << 40);
	size_ok("1TiB", UINT64_MAX, 1ULL << 40);
}

static void
test_sbx_parse_size_decimals(void **state UNUSED)
{
	size_ok("1.5M", UINT64_MAX, 3 * MIB / 2);
	size_ok("0.5K", UINT64_MAX, 512);
	size_ok(".5K", UINT64_MAX, 512);
	size_ok("2.K", UINT64_MAX, 2048);
	size_ok("1.000000G", UINT64_MAX, 1024 * MIB);
	/* 1.024 bytes rounds up to 2 */
	size_ok("0.001K", UINT64_MAX, 2);
	size_ok("0.000001T", UINT64_MAX, 1099512);
	size_bad("1.5", UINT64_MAX, "fraction");
	size_bad("1.5B", UINT64_MAX, "fraction");
	size_bad("1.0000001M", UINT64_MAX, "decimals");
	size_bad(".K", UINT64_MAX, NULL);
	size_bad(".", UINT64_MAX, NULL);
	size_bad("1.2.3M", UINT64_MAX, NULL);
}

static void
test_sbx_parse_size_whitespace(void **state UNUSED)
{
	size_bad(" 1M", UINT64_MAX, NULL);
	size_bad("1M ", UINT64_MAX, NULL);
	size_bad("1 M", UINT64_MAX, NULL);
	size_bad("1M\n", UINT64_MAX, NULL);
	size_bad("\t1", UINT64_MAX, NULL);
}

static void
test_sbx_parse_size_empty(void **state UNUSED)
{
	size_bad("", UINT64_MAX, "empty");
}

static void
test_sbx_parse_size_negative(void **state UNUSED)
{
	size_bad("-1", UINT64_MAX, "negative");
	size_bad("-0", UINT64_MAX, "negative");
	size_bad("-1M", UINT64_MAX, "negative");
}

static void
test_sbx_parse_size_garbage(void **state UNUSED)
{
	size_bad("12X", UINT64_MAX, "not a size");
	size_bad("M", UINT64_MAX, NULL);
	size_bad("abc", UINT64_MAX, NULL);
	size_bad("1KK", UINT64_MAX, NULL);
	size_bad("1iB", UINT64_MAX, NULL);
	size_bad("1Ki", UINT64_MAX, NULL);
	size_bad("1KBB", UINT64_MAX, NULL);
	size_bad("1e3", UINT64_MAX, NULL);
	size_bad("0x10", UINT64_MAX, NULL);
	size_bad("+5", UINT64_MAX, NULL);
	size_bad("1,5M", UINT64_MAX, NULL);
}

static void
test_sbx_parse_size_overflow(void **state UNUSED)
{
	size_bad("99999999999G", UINT64_MAX, "too large");
	size_bad("18446744073709551616", UINT64_MAX, "too large");
	size_bad("99999999999999999999999999999", UINT64_MAX, "too large");
	size_bad("16777216T", UINT64_MAX, "too large");
	size_bad("17179869184G", UINT64_MAX, "too large");
	size_ok("16777215.999999T", UINT64_MAX, 18446744073708452105ULL);
}

static void
test_sbx_parse_size_max(void **state UNUSED)
{
	size_ok("1T", SBX_MAX_MEMORY, SBX_MAX_MEMORY);
	size_bad("1025G", SBX_MAX_MEMORY, "at most 1T");
	size_bad("1099511627777", SBX_MAX_MEMORY, "too large");
	size_ok("1M", MIB, MIB);
	size_bad("1.000001M", MIB, "too large");
	size_ok("0", 0, 0);
	size_bad("1", 0, "too large");
}

static void
test_sbx_parse_seconds_whole(void **state UNUSED)
{
	seconds_ok("1", 1000);
	seconds_ok("0", 0);
	seconds_ok("10", 10000);
	seconds_ok("0010", 10000);
	seconds_ok("86400", SBX_MAX_CPU_MS);
}

static void
test_sbx_parse_seconds_decimals(void **state UNUSED)
{
	seconds_ok("0.5", 500);
	seconds_ok("2.250", 2250);
	seconds_ok(".5", 500);
	seconds_ok("5.", 5000);
	seconds_ok("0.000", 0);
	seconds_ok("1.0001", 1001);
	seconds_ok("1.00000000000000000000000001", 1001);
	seconds_ok("1.0000000000000000000000000", 1000);
	seconds_ok("0.999", 999);
	seconds_ok("0.9991", 1000);
}

static void
test_sbx_parse_seconds_round_up(void **state UNUSED)
{
	seconds_ok("0.0001", 1);
	seconds_ok("0.001", 1);
	seconds_ok("0.0000001", 1);
}

static void
test_sbx_parse_seconds_bad(void **state UNUSED)
{
	seconds_bad("", "empty");
	seconds_bad("-1", "negative");
	seconds_bad("-0.5", "negative");
	seconds_bad("abc", "not a number");
	seconds_bad("1e3", "not a number");
	seconds_bad("1s", NULL);
	seconds_bad("1ms", NULL);
	seconds_bad(".", NULL);
	seconds_bad(" 1", NULL);
	seconds_bad("1 ", NULL);
	seconds_bad("1.5.2", NULL);
	seconds_bad("0x1", NULL);
	seconds_bad("+1", NULL);
	seconds_bad("inf", NULL);
	seconds_bad("nan", NULL);
}

static void
test_sbx_parse_seconds_max(void **state UNUSED)
{
	uint64_t	 v;
	char		*cause = NULL;

	seconds_bad("86400.001", "too large");
	seconds_bad("86401", "too large");
	seconds_bad("99999999999999999999", "too large");
	seconds_bad("18446744073709551", "too large");
	assert_int_equal(sbx_parse_seconds("2", 1500, &v, &cause), -1);
	assert_non_null(strstr(cause, "at most 1.500 s"));
	free(cause);
	assert_int_equal(sbx_parse_seconds("1.5", 1500, &v, &cause), 0);
	assert_int_equal(v, 1500);
}

static void
test_sbx_parse_count_ok(void **state UNUSED)
{
	uint32_t	 v = 0;
	char		*cause = NULL;

	assert_int_equal(sbx_parse_count("1", 10, &v, &cause), 0);
	assert_int_equal(v, 1);
	assert_int_equal(sbx_parse_count("10", 10, &v, &cause), 0);
	assert_int_equal(v, 10);
	assert_int_equal(sbx_parse_count("0050", 100, &v, &cause), 0);
	assert_int_equal(v, 50);
	assert_int_equal(sbx_parse_count("4294967295", UINT32_MAX, &v,
	    &cause), 0);
	assert_int_equal(v, UINT32_MAX);
	assert_null(cause);
}

static void
test_sbx_parse_count_zero(void **state UNUSED)
{
	count_bad("0", "must be more than 0");
	count_bad("000", "must be more than 0");
}

static void
test_sbx_parse_count_bad(void **state UNUSED)
{
	count_bad("", "empty");
	count_bad("-1", "negative");
	count_bad("1.5", "not a number");
	count_bad("abc", "not a number");
	count_bad(" 1", NULL);
	count_bad("1 ", NULL);
	count_bad("+1", NULL);
	count_bad("1K", NULL);
	count_bad("0x10", NULL);
}

static void
test_sbx_parse_count_max(void **state UNUSED)
{
	count_bad("4097", "at most 4096");
	count_bad("4294967296", "too large");
	count_bad("99999999999999999999999", "too large");
}

static void
test_sbx_limits_default_values(void **state UNUSED)
{
	struct sbx_limits	l;

	memset(&l, 0xff, sizeof l);
	sbx_limits_default(&l);
	assert_int_equal(l.cpu_ms, 10000);
	assert_int_equal(l.wall_ms, 30000);
	assert_int_equal(l.memory_bytes, 256 * MIB);
	assert_int_equal(l.stack_bytes, 8 * MIB);
	assert_int_equal(l.fsize_bytes, 50 * MIB);
	assert_int_equal(l.output_bytes, 64 * MIB);
	assert_int_equal(l.processes, 20);	/* tasks: threads too */
	assert_int_equal(l.open_files, 50);
}

static void
test_sbx_limits_fill_zeros(void **state UNUSED)
{
	struct sbx_limits	l, d;

	memset(&l, 0, sizeof l);
	sbx_limits_fill(&l);
	sbx_limits_default(&d);
	assert_memory_equal(&l, &d, sizeof l);
}

static void
test_sbx_limits_fill_keeps_set(void **state UNUSED)
{
	struct sbx_limits	l;

	memset(&l, 0, sizeof l);
	l.cpu_ms = 1;
	l.memory_bytes = 2 * MIB;
	l.processes = 1;
	sbx_limits_fill(&l);
	assert_int_equal(l.cpu_ms, 1);
	assert_int_equal(l.wall_ms, 30000);
	assert_int_equal(l.memory_bytes, 2 * MIB);
	assert_int_equal(l.processes, 1);
	assert_int_equal(l.open_files, 50);
	assert_true(l.stack_bytes != 0 && l.fsize_bytes != 0 &&
	    l.output_bytes != 0);
}

static void
limits_bad(const struct sbx_limits *l, const char *what)
{
	char	*cause = NULL;

	assert_int_equal(sbx_limits_check(l, &cause), -1);
	assert_non_null(cause);
	if (strstr(cause, what) == NULL)
		fail_msg("cause \"%s\" lacks \"%s\"", cause, what);
	free(cause);
}

static void
test_sbx_limits_check_ok(void **state UNUSED)
{
	struct sbx_limits	 l;
	char			*cause = NULL;

	memset(&l, 0, sizeof l);
	assert_int_equal(sbx_limits_check(&l, &cause), 0);
	sbx_limits_default(&l);
	assert_int_equal(sbx_limits_check(&l, &cause), 0);
	l.cpu_ms = SBX_MAX_CPU_MS;
	l.wall_ms = SBX_MAX_WALL_MS;
	l.memory_bytes = SBX_MAX_MEMORY;
	l.stack_bytes = SBX_MAX_MEMORY;
	l.fsize_bytes = SBX_MAX_FSIZE;
	l.output_bytes = SBX_MAX_OUTPUT;
	l.processes = SBX_MAX_PROCESSES;
	l.open_files = SBX_MAX_OPEN_FILES;
	assert_int_equal(sbx_limits_check(&l, &cause), 0);
	l.memory_bytes = SBX_MIN_MEMORY;
	assert_int_equal(sbx_limits_check(&l, &cause), 0);
	assert_null(cause);
}

static void
test_sbx_limits_check_bounds(void **state UNUSED)
{
	struct sbx_limits	l;

	sbx_limits_default(&l);
	l.cpu_ms = SBX_MAX_CPU_MS + 1;
	limits_bad(&l, "time limit");
	sbx_limits_default(&l);
	l.wall_ms = SBX_MAX_WALL_MS + 1;
	limits_bad(&l, "wall time");
	sbx_limits_default(&l);
	l.memory_bytes = SBX_MIN_MEMORY - 1;
	limits_bad(&l, "under 1M");
	l.memory_bytes = SBX_MAX_MEMORY + 1;
	limits_bad(&l, "memory");
	sbx_limits_default(&l);
	l.stack_bytes = SBX_MAX_MEMORY + 1;
	limits_bad(&l, "stack");
	sbx_limits_default(&l);
	l.fsize_bytes = SBX_MAX_FSIZE + 1;
	limits_bad(&l, "file size");
	sbx_limits_default(&l);
	l.output_bytes = SBX_MAX_OUTPUT + 1;
	limits_bad(&l, "output");
	sbx_limits_default(&l);
	l.processes = SBX_MAX_PROCESSES + 1;
	limits_bad(&l, "process");
	sbx_limits_default(&l);
	l.open_files = SBX_MAX_OPEN_FILES + 1;
	limits_bad(&l, "open files");
}

static void
test_sbx_result_init_fields(void **state UNUSED)
{
	struct sbx_result	res;

	memset(&res, 0xa5, sizeof res);
	sbx_result_init(&res);
	assert_int_equal(res.status, SBX_OK);
	assert_int_equal(res.exit_code, -1);
	assert_int_equal(res.signal, 0);
	assert_int_equal(res.cpu_ms, 0);
	assert_int_equal(res.wall_ms, 0);
	assert_int_equal(res.memory_kb, 0);
	assert_int_equal(res.output_bytes, 0);
	assert_int_equal(res.stage, SBX_STAGE_NONE);
	assert_int_equal(res.error, 0);
	assert_int_equal(res.cgroup, 0);
	assert_string_equal(res.message, "");
}

static void
test_sbx_result_fail_fields(void **state UNUSED)
{
	struct sbx_result	res;

	sbx_result_init(&res);
	res.cpu_ms = 42;
	sbx_result_fail(&res, SBX_STAGE_MOUNTS, 13, "mount %s: %d", "/usr",
	    7);
	assert_int_equal(res.status, SBX_INTERNAL_ERROR);
	assert_int_equal(res.stage, SBX_STAGE_MOUNTS);
	assert_int_equal(res.error, 13);
	assert_string_equal(res.message, "mount /usr: 7");
	assert_int_equal(res.cpu_ms, 42);
}

static void
test_sbx_result_fail_truncates(void **state UNUSED)
{
	struct sbx_result	 res;
	char			 big[1000];

	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	sbx_result_init(&res);
	sbx_result_fail(&res, SBX_STAGE_EXEC, 2, "%s", big);
	assert_int_equal(strlen(res.message), SBX_MESSAGE_MAX - 1);
	assert_int_equal(res.message[SBX_MESSAGE_MAX - 2], 'x');
}

static void
test_sbx_result_fail_truncates_utf8(void **state UNUSED)
{
	struct sbx_result	 res;
	char			 big[1000];
	size_t			 i;

	/* 254 bytes of x, then "é" (2 bytes) would end one past the room. */
	memset(big, 'x', 254);
	strcpy(big + 254, "\xc3\xa9yyyy");
	sbx_result_init(&res);
	sbx_result_fail(&res, SBX_STAGE_EXEC, 2, "%s", big);
	assert_int_equal(strlen(res.message), 254);

	/* A 3-byte character cut after two bytes goes entirely. */
	memset(big, 'x', 253);
	strcpy(big + 253, "\xe2\x82\xac");
	sbx_result_fail(&res, SBX_STAGE_EXEC, 2, "%s", big);
	assert_int_equal(strlen(res.message), 253);

	/* One that fits exactly stays. */
	memset(big, 'x', 252);
	strcpy(big + 252, "\xe2\x82\xacz");
	sbx_result_fail(&res, SBX_STAGE_EXEC, 2, "%s", big);
	assert_int_equal(strlen(res.message), 255);
	assert_memory_equal(res.message + 252, "\xe2\x82\xac", 3);
	for (i = 0; i < 252; i++)
		assert_int_equal(res.message[i], 'x');
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_sbx_parse_size_plain),
		cmocka_unit_test(test_sbx_parse_size_suffixes),
		cmocka_unit_test(test_sbx_parse_size_decimals),
		cmocka_unit_test(test_sbx_parse_size_whitespace),
		cmocka_unit_test(test_sbx_parse_size_empty),
		cmocka_unit_test(test_sbx_parse_size_negative),
		cmocka_unit_test(test_sbx_parse_size_garbage),
		cmocka_unit_test(test_sbx_parse_size_overflow),
		cmocka_unit_test(test_sbx_parse_size_max),
		cmocka_unit_test(test_sbx_parse_seconds_whole),
		cmocka_unit_test(test_sbx_parse_seconds_decimals),
		cmocka_unit_test(test_sbx_parse_seconds_round_up),
		cmocka_unit_test(test_sbx_parse_seconds_bad),
		cmocka_unit_test(test_sbx_parse_seconds_max),
		cmocka_unit_test(test_sbx_parse_count_ok),
		cmocka_unit_test(test_sbx_parse_count_zero),
		cmocka_unit_test(test_sbx_parse_count_bad),
		cmocka_unit_test(test_sbx_parse_count_max),
		cmocka_unit_test(test_sbx_limits_default_values),
		cmocka_unit_test(test_sbx_limits_fill_zeros),
		cmocka_unit_test(test_sbx_limits_fill_keeps_set),
		cmocka_unit_test(test_sbx_limits_check_ok),
		cmocka_unit_test(test_sbx_limits_check_bounds),
		cmocka_unit_test(test_sbx_result_init_fields),
		cmocka_unit_test(test_sbx_result_fail_fields),
		cmocka_unit_test(test_sbx_result_fail_truncates),
		cmocka_unit_test(test_sbx_result_fail_truncates_utf8),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
