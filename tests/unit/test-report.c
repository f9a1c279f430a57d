/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for sandbox/report.c and the name tables: the JSON report of
 * a run, its string escaping, and every status and stage having a name.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sbx.h"

#define UNUSED	__attribute__((unused))

struct capture {
	FILE	*f;
	char	*buf;
	size_t	 len;
};

static int
setup(void **state)
{
	struct capture	*c;

	c = xcalloc(1, sizeof *c);
	if ((c->f = open_memstream(&c->buf, &c->len)) == NULL)
		return (-1);
	*state = c;
	return (0);
}

static int
teardown(void **state)
{
	struct capture	*c = *state;

	if (c->f != NULL)
		fclose(c->f);
	free(c->buf);
	free(c);
	return (0);
}

/* Everything written so far, as a string owned by the capture. */
static const char *
captured(struct capture *c)
{
	fflush(c->f);
	return (c->buf);
}

static const char *
json(struct capture *c, const char *s)
{
	sbx_json_string(c->f, s);
	return (captured(c));
}

static const char *
report(struct capture *c, const struct sbx_result *res, enum sbx_runtime rt)
{
	assert_int_equal(sbx_report_write(c->f, res, rt), 0);
	return (captured(c));
}

static void
test_sbx_report_write_every_field(void **state UNUSED)
{
	struct capture		*c = *state;
	struct sbx_result	 res;

	sbx_result_init(&res);
	res.status = SBX_RUNTIME_ERROR;
	res.exit_code = 3;
	res.cpu_ms = 12;
	res.wall_ms = 34;
	res.memory_kb = 5678;
	res.output_bytes = 90;
	res.cgroup = 1;
	strlcpy(res.message, "exit 3", sizeof res.message);
	assert_string_equal(report(c, &res, SBX_RUNTIME_NATIVE),
	    "{\"status\":\"runtime-error\",\"exit_code\":3,\"signal\":null,"
	    "\"cpu_ms\":12,\"wall_ms\":34,\"memory_kb\":5678,"
	    "\"output_bytes\":90,\"runtime\":\"native\","
	    "\"message\":\"exit 3\",\"cgroup\":\"v1\"}\n");
}

static void
test_sbx_report_write_ok_zero_exit(void **state UNUSED)
{
	struct capture		*c = *state;
	struct sbx_result	 res;

	sbx_result_init(&res);
	res.exit_code = 0;
	res.cgroup = 2;
	res.cpu_ms = UINT64_MAX;
	assert_string_equal(report(c, &res, SBX_RUNTIME_RUNSC),
	    "{\"status\":\"ok\",\"exit_code\":0,\"signal\":null,"
	    "\"cpu_ms\":18446744073709551615,\"wall_ms\":0,\"memory_kb\":0,"
	    "\"output_bytes\":0,\"runtime\":\"runsc\",\"message\":\"\","
	    "\"cgroup\":\"v2\"}\n");
}

static void
test_sbx_report_write_signaled(void **state UNUSED)
{
	struct capture		*c = *state;
	struct sbx_result	 res;

	sbx_result_init(&res);
	res.status = SBX_SIGNALED;
	res.signal = 11;
	assert_string_equal(report(c, &res, SBX_RUNTIME_NATIVE),
	    "{\"status\":\"signaled\",\"exit_code\":null,\"signal\":11,"
	    "\"cpu_ms\":0,\"wall_ms\":0,\"memory_kb\":0,\"output_bytes\":0,"
	    "\"runtime\":\"native\",\"message\":\"\",\"cgroup\":\"none\"}\n");
}

static void
test_sbx_report_write_internal_error(void **state UNUSED)
{
	struct capture		*c = *state;
	struct sbx_result	 res;

	sbx_result_init(&res);
	sbx_result_fail(&res, SBX_STAGE_PIVOT, EACCES, "pivot_root: \"%s\"",
	    "/x");
	assert_string_equal(report(c, &res, SBX_RUNTIME_NATIVE),
	    "{\"status\":\"internal-error\",\"exit_code\":null,"
	    "\"signal\":null,\"cpu_ms\":0,\"wall_ms\":0,\"memory_kb\":0,"
	    "\"output_bytes\":0,\"runtime\":\"native\","
	    "\"message\":\"pivot_root: \\\"/x\\\"\",\"cgroup\":\"none\","
	    "\"stage\":\"pivot\",\"errno\":\"EACCES\"}\n");
}

static void
test_sbx_report_write_internal_error_errno(void **state UNUSED)
{
	struct capture		*c = *state;
	struct sbx_result	 res;
	const char		*out;

	sbx_result_init(&res);
	sbx_result_fail(&res, SBX_STAGE_NONE, 0, "no errno");
	out = report(c, &res, SBX_RUNTIME_AUTO);
	assert_non_null(strstr(out, ",\"stage\":\"none\",\"errno\":null}\n"));
	assert_non_null(strstr(out, "\"runtime\":\"auto\""));

	sbx_result_fail(&res, SBX_STAGE_SECCOMP, 99999, "odd errno");
	out = report(c, &res, SBX_RUNTIME_NATIVE);
	assert_non_null(strstr(out,
	    ",\"stage\":\"seccomp\",\"errno\":\"99999\"}\n"));
}

static void
test_sbx_report_write_no_stage_unless_internal(void **state UNUSED)
{
	struct capture		*c = *state;
	struct sbx_result	 res;
	const char		*out;

	sbx_result_init(&res);
	res.status = SBX_SECURITY_VIOLATION;
	res.stage = SBX_STAGE_EXEC;
	res.error = EPERM;
	strlcpy(res.message, "blocked ptrace", sizeof res.message);
	out = report(c, &res, SBX_RUNTIME_NATIVE);
	assert_null(strstr(out, "\"stage\""));
	assert_null(strstr(out, "\"errno\""));
	assert_non_null(strstr(out, "\"status\":\"security-violation\""));
}

static void
test_sbx_report_write_message_unterminated(void **state UNUSED)
{
	struct capture		*c = *state;
	struct sbx_result	 res;
	const char		*out, *m;

	sbx_result_init(&res);
	memset(res.message, 'a', sizeof res.message);
	out = report(c, &res, SBX_RUNTIME_NATIVE);
	m = strstr(out, "\"message\":\"");
	assert_non_null(m);
	m += strlen("\"message\":\"");
	assert_int_equal(strspn(m, "a"), SBX_MESSAGE_MAX);
	assert_int_equal(m[SBX_MESSAGE_MAX], '"');
}

static void
test_sbx_report_write_message_escaped(void **state UNUSED)
{
	struct capture		*c = *state;
	struct sbx_result	 res;

	sbx_result_init(&res);
	strlcpy(res.message, "a\"b\nc\xff", sizeof res.message);
	assert_non_null(strstr(report(c, &res, SBX_RUNTIME_NATIVE),
	    "\"message\":\"a\\\"b\\u000ac\\ufffd\""));
}

static void
test_sbx_report_write_error(void **state UNUSED)
{
	struct sbx_result	 res;
	FILE			*f;

	/* A full device: the error must surface, not vanish in a buffer. */
	if ((f = fopen("/dev/full", "w")) == NULL)
		skip();
	sbx_result_init(&res);
	assert_int_equal(sbx_report_write(f, &res, SBX_RUNTIME_NATIVE), -1);
	assert_int_equal(errno, ENOSPC);
	fclose(f);
}

static void
test_sbx_json_string_plain(void **state UNUSED)
{
	struct capture	*c = *state;

	assert_string_equal(json(c, "hello, world"), "\"hello, world\"");
}

static void
test_sbx_json_string_empty(void **state UNUSED)
{
	struct capture	*c = *state;

	assert_string_equal(json(c, ""), "\"\"");
}

static void
test_sbx_json_string_quotes(void **state UNUSED)
{
	struct capture	*c = *state;

	assert_string_equal(json(c, "say \"hi\" \\ bye/"),
	    "\"say \\\"hi\\\" \\\\ bye/\"");
}

static void
test_sbx_json_string_newlines(void **state UNUSED)
{
	struct capture	*c = *state;

	assert_string_equal(json(c, "a\nb\r\nc\t"),
	    "\"a\\u000ab\\u000d\\u000ac\\u0009\"");
}

static void
test_sbx_json_string_control(void **state UNUSED)
{
	struct capture	*c = *state;

	assert_string_equal(json(c, "\x01\x1b[2J\x1f\x7f"),
	    "\"\\u0001\\u001b[2J\\u001f\\u007f\"");
}

static void
test_sbx_json_string_valid_utf8(void **state UNUSED)
{
	struct capture	*c = *state;

	/* é (2 bytes), € (3), U+FFFD itself, 😀 (4), U+10FFFF (4) */
	assert_string_equal(json(c,
	    "\xc3\xa9 \xe2\x82\xac \xef\xbf\xbd \xf0\x9f\x98\x80 "
	    "\xf4\x8f\xbf\xbf"),
	    "\"\xc3\xa9 \xe2\x82\xac \xef\xbf\xbd \xf0\x9f\x98\x80 "
	    "\xf4\x8f\xbf\xbf\"");
}

static void
test_sbx_json_string_line_separators(void **state UNUSED)
{
	struct capture	*c = *state;

	assert_string_equal(json(c, "a\xe2\x80\xa8" "b\xe2\x80\xa9"),
	    "\"a\\u2028b\\u2029\"");
}

static void
test_sbx_json_string_invalid_utf8(void **state UNUSED)
{
	struct capture	*c = *state;

	/* lone continuation, bytes never valid */
	assert_string_equal(json(c, "a\x80" "b\xff" "c\xfe" "d\xc0\xc1"),
	    "\"a\\ufffdb\\ufffdc\\ufffdd\\ufffd\\ufffd\"");
}

static void
test_sbx_json_string_truncated_utf8(void **state UNUSED)
{
	struct capture	*c = *state;

	/* a lead byte at the end, and one followed by ASCII */
	assert_string_equal(json(c, "x\xe2\x82" "A\xc3"),
	    "\"x\\ufffdA\\ufffd\"");
}

static void
test_sbx_json_string_overlong(void **state UNUSED)
{
	struct capture	*c = *state;

	/* "/" as 2, 3 and 4 bytes; overlong NUL */
	assert_string_equal(json(c, "\xc0\xaf|\xe0\x80\xaf|\xf0\x80\x80\xaf|"
	    "\xc0\x80"),
	    "\"\\ufffd\\ufffd|\\ufffd\\ufffd\\ufffd|"
	    "\\ufffd\\ufffd\\ufffd\\ufffd|\\ufffd\\ufffd\"");
}

static void
test_sbx_json_string_surrogates(void **state UNUSED)
{
	struct capture	*c = *state;

	/* U+D800 and U+DFFF encoded; U+D7FF and U+E000 are fine */
	assert_string_equal(json(c, "\xed\xa0\x80|\xed\xbf\xbf|"
	    "\xed\x9f\xbf|\xee\x80\x80"),
	    "\"\\ufffd\\ufffd\\ufffd|\\ufffd\\ufffd\\ufffd|"
	    "\xed\x9f\xbf|\xee\x80\x80\"");
}

static void
test_sbx_json_string_over_max(void **state UNUSED)
{
	struct capture	*c = *state;

	/* U+110000 and a 5-byte form */
	assert_string_equal(json(c, "\xf4\x90\x80\x80|\xf8\x88\x80\x80\x80"),
	    "\"\\ufffd\\ufffd\\ufffd\\ufffd|"
	    "\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\"");
}

static void
test_sbx_status_name_complete(void **state UNUSED)
{
	const char	*a, *b;
	int		 i, j;

	for (i = 0; i < SBX_STATUS_MAX; i++) {
		a = sbx_status_name((enum sbx_status)i);
		assert_non_null(a);
		assert_true(*a != '\0');
		assert_true(strcmp(a, "unknown") != 0);
		for (j = 0; j < i; j++) {
			b = sbx_status_name((enum sbx_status)j);
			if (strcmp(a, b) == 0)
				fail_msg("status %d and %d are both %s", i, j,
				    a);
		}
	}
	assert_string_equal(sbx_status_name(SBX_OK), "ok");
	assert_string_equal(sbx_status_name(SBX_INTERNAL_ERROR),
	    "internal-error");
	assert_string_equal(sbx_status_name(SBX_STATUS_MAX), "unknown");
	assert_string_equal(sbx_status_name((enum sbx_status)-1), "unknown");
}

static void
test_sbx_stage_name_complete(void **state UNUSED)
{
	const char	*a, *b;
	int		 i, j;

	for (i = 0; i < SBX_STAGE_MAX; i++) {
		a = sbx_stage_name((enum sbx_stage)i);
		assert_non_null(a);
		assert_true(*a != '\0');
		assert_true(strcmp(a, "unknown") != 0);
		for (j = 0; j < i; j++) {
			b = sbx_stage_name((enum sbx_stage)j);
			if (strcmp(a, b) == 0)
				fail_msg("stage %d and %d are both %s", i, j,
				    a);
		}
	}
	assert_string_equal(sbx_stage_name(SBX_STAGE_NNP), "no-new-privs");
	assert_string_equal(sbx_stage_name(SBX_STAGE_EXECFD), "exec-fd");
	assert_string_equal(sbx_stage_name(SBX_STAGE_MAX), "unknown");
}

static void
test_sbx_runtime_name_complete(void **state UNUSED)
{
	assert_string_equal(sbx_runtime_name(SBX_RUNTIME_AUTO), "auto");
	assert_string_equal(sbx_runtime_name(SBX_RUNTIME_NATIVE), "native");
	assert_string_equal(sbx_runtime_name(SBX_RUNTIME_RUNSC), "runsc");
	assert_string_equal(sbx_runtime_name((enum sbx_runtime)42),
	    "unknown");
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		T(test_sbx_report_write_every_field),
		T(test_sbx_report_write_ok_zero_exit),
		T(test_sbx_report_write_signaled),
		T(test_sbx_report_write_internal_error),
		T(test_sbx_report_write_internal_error_errno),
		T(test_sbx_report_write_no_stage_unless_internal),
		T(test_sbx_report_write_message_unterminated),
		T(test_sbx_report_write_message_escaped),
		T(test_sbx_report_write_error),
		T(test_sbx_json_string_plain),
		T(test_sbx_json_string_empty),
		T(test_sbx_json_string_quotes),
		T(test_sbx_json_string_newlines),
		T(test_sbx_json_string_control),
		T(test_sbx_json_string_valid_utf8),
		T(test_sbx_json_string_line_separators),
		T(test_sbx_json_string_invalid_utf8),
		T(test_sbx_json_string_truncated_utf8),
		T(test_sbx_json_string_overlong),
		T(test_sbx_json_string_surrogates),
		T(test_sbx_json_string_over_max),
		cmocka_unit_test(test_sbx_status_name_complete),
		cmocka_unit_test(test_sbx_stage_name_complete),
		cmocka_unit_test(test_sbx_runtime_name_complete),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
