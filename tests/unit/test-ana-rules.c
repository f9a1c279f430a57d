/* SPDX-License-Identifier: ISC */
/*
 * Unit tests of rules.c and the summaries: the rule file format and its
 * errors, overrides, the shipped rules and their samples, names.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "analyzer/ana.h"

#ifndef ANA_SRCDIR
#define ANA_SRCDIR	"."
#endif
#define SHIPPED		ANA_SRCDIR "/analyzer/rules"

#define RULE(id, extra) \
	"[" id "]\n" \
	"languages = python3\n" \
	"category = network\n" \
	"severity = high\n" \
	"action = flag\n" \
	"scope = code\n" \
	"explain = test rule\n" extra

static int
add_text(struct ana_set *set, const char *text, char **cause)
{
	FILE	*f;
	int	 rc;

	f = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(f);
	rc = ana_add_file(set, f, "t.rules", cause);
	fclose(f);
	return (rc);
}

static void
test_ana_add_file_good(void **state)
{
	struct ana_set		*set;
	struct ana_rule_info	 ri;
	char			*cause = NULL;

	set = ana_new(0);
	assert_int_equal(add_text(set,
	    "# a comment\n\n"
	    "[one]\r\n"
	    "languages = c, cpp  \n"
	    "  category = native-code\n"
	    "severity = medium\n"
	    "action = reject\n"
	    "scope = code+strings\n"
	    "pattern = \\bfoo\\s*\\(\n"
	    "explain = calls foo\n"
	    "match = foo(1);\n"
	    "match = \"foo(1)\"\n"
	    "nomatch = // foo(2)\n"
	    "[two]\n"
	    "languages = *\n"
	    "category = obfuscation\n"
	    "severity = low\n"
	    "action = flag\n"
	    "scope = all\n"
	    "pattern = x\\x{202e}\n"
	    "explain = e\n"
	    "match = x\\u{202e}\n", &cause), 2);
	assert_null(cause);
	assert_int_equal(ana_rule_count(set, ANA_LANG_NONE), 2);
	assert_int_equal(ana_rule_count(set, ANA_LANG_C), 2);
	assert_int_equal(ana_rule_count(set, ANA_LANG_GO), 1);
	assert_int_equal(ana_rule_info(set, 0, &ri), 0);
	assert_string_equal(ri.id, "one");
	assert_int_equal(ri.line, 3);
	assert_int_equal(ri.langs, (1 << ANA_LANG_C) | (1 << ANA_LANG_CPP));
	assert_int_equal(ri.category, ANA_CAT_NATIVE_CODE);
	assert_int_equal(ri.severity, ANA_SEV_MEDIUM);
	assert_int_equal(ri.action, ANA_ACT_REJECT);
	assert_int_equal(ri.scope, ANA_SCOPE_CODE | ANA_SCOPE_STRINGS);
	assert_string_equal(ri.pattern, "\\bfoo\\s*\\(");
	assert_string_equal(ri.explain, "calls foo");
	assert_int_equal(ri.nmatch, 2);
	assert_int_equal(ri.nnomatch, 1);
	assert_int_equal(ana_rule_info(set, 1, &ri), 0);
	assert_string_equal(ri.match[0], "x\xe2\x80\xae");
	assert_int_equal(ri.scope, ANA_SCOPE_ALL);
	assert_int_equal(ana_rule_info(set, 2, &ri), -1);
	/* "foo(1)" in a string hits (code+strings); a comment does not. */
	if (ana_selftest(set, &cause) != 0)
		fail_msg("%s", cause);
	assert_null(cause);
	ana_free(set);
}

static void
test_ana_add_file_errors(void **state)
{
	static const struct {
		const char	*text;
		const char	*cause;
	} cases[] = {
		{ "pattern = x\n", "t.rules:1: 'pattern' outside a rule" },
		{ "[Bad]\n", "t.rules:1: bad rule id 'Bad'" },
		{ "[a\n", "t.rules:1: bad rule header" },
		{ "[a] x\n", "t.rules:1: bad rule header" },
		{ "[a]\nfoo\n", "t.rules:2: expected 'key = value' or '[id]'" },
		{ RULE("a", "colour = red\n"), "t.rules:8: unknown key 'colour'" },
		{ RULE("a", ""), "t.rules:1: rule a: no 'pattern'" },
		{ RULE("a", "pattern = (x\n"), "t.rules:8: rule a: pattern at "
		    "offset 2: missing closing parenthesis" },
		{ RULE("a", "pattern = x*\n"), "t.rules:8: rule a: pattern "
		    "matches the empty string" },
		{ RULE("a", "pattern = x\npattern = y\n"),
		    "t.rules:9: duplicate key 'pattern'" },
		{ RULE("a", "pattern = x\n") RULE("a", "pattern = y\n"),
		    "t.rules:9: duplicate rule id 'a'" },
		{ "[a]\nlanguages = cobol\n", "t.rules:2: unknown language "
		    "'cobol'" },
		{ "[a]\ncategory = spam\n", "t.rules:2: unknown category "
		    "'spam'" },
		{ "[a]\nseverity = dire\n", "t.rules:2: unknown severity "
		    "'dire'" },
		{ "[a]\naction = ban\n", "t.rules:2: unknown action 'ban'" },
		{ "[a]\nscope = docs\n", "t.rules:2: unknown scope 'docs'" },
		{ "[a]\nexplain =\n", "t.rules:2: empty value of 'explain'" },
		{ "[a]\nmatch = \\u{d800}\n", "t.rules:2: bad \\u{} in a "
		    "sample" },
		{ RULE("a", "pattern = q\nmatch = 1\nmatch = 2\nmatch = 3\n"
		    "match = 4\nmatch = 5\nmatch = 6\nmatch = 7\nmatch = 8\n"
		    "match = 9\n"), "t.rules:17: more than 8 samples" },
	};
	struct ana_set	*set;
	char		*cause;
	size_t		 i;

	set = ana_new(0);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cause = NULL;
		assert_int_equal(add_text(set, cases[i].text, &cause), -1);
		assert_non_null(cause);
		if (strcmp(cause, cases[i].cause) != 0)
			fail_msg("case %zu: '%s', want '%s'", i, cause,
			    cases[i].cause);
		free(cause);
		/* A failed file adds nothing. */
		assert_int_equal(ana_rule_count(set, ANA_LANG_NONE), 0);
	}
	ana_free(set);
}

static void
test_ana_add_file_limits(void **state)
{
	struct ana_set	*set;
	char		*text, *cause = NULL;
	static const char nul[] = "[a]\nexplain = x\0y\n";
	FILE		*f;

	set = ana_new(0);
	text = malloc(ANA_LINE_MAX + 16);
	assert_non_null(text);
	memcpy(text, "# ", 2);
	memset(text + 2, 'x', ANA_LINE_MAX);
	strcpy(text + 2 + ANA_LINE_MAX, "\n");
	assert_int_equal(add_text(set, text, &cause), -1);
	assert_string_equal(cause, "t.rules:1: line longer than 4096 bytes");
	free(cause);
	free(text);
	f = fmemopen((void *)nul, sizeof nul - 1, "r");
	assert_non_null(f);
	assert_int_equal(ana_add_file(set, f, "n.rules", &cause), -1);
	fclose(f);
	assert_string_equal(cause, "n.rules:2: NUL byte");
	free(cause);
	/* Duplicate ids across files are refused too. */
	assert_int_equal(add_text(set, RULE("a", "pattern = x\n"), &cause), 1);
	assert_int_equal(add_text(set, RULE("a", "pattern = y\n"), &cause),
	    -1);
	assert_string_equal(cause, "t.rules:1: duplicate rule id 'a'");
	free(cause);
	assert_int_equal(ana_rule_count(set, ANA_LANG_NONE), 1);
	ana_free(set);
}

static void
write_file(const char *dir, const char *name, const char *text)
{
	char	 path[512];
	FILE	*f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static int
has_id(const struct ana_set *set, const char *id)
{
	struct ana_rule_info	ri;
	size_t			i;

	for (i = 0; ana_rule_info(set, i, &ri) == 0; i++) {
		if (strcmp(ri.id, id) == 0)
			return (1);
	}
	return (0);
}

static void
test_ana_load_override(void **state)
{
	char		 tmp[] = "/tmp/test-ana-XXXXXX", a[600], b[600], c[600];
	struct ana_set	*set;
	char		*cause = NULL;

	assert_non_null(mkdtemp(tmp));
	snprintf(a, sizeof a, "%s/shipped", tmp);
	snprintf(b, sizeof b, "%s/etc", tmp);
	assert_int_equal(mkdir(a, 0700), 0);
	assert_int_equal(mkdir(b, 0700), 0);
	write_file(a, "a.rules", RULE("shipped-a", "pattern = aa\n"));
	write_file(a, "b.rules", RULE("shipped-b", "pattern = bb\n"));
	write_file(a, "README", "not a rule file\n");
	write_file(b, "b.rules", RULE("local-b", "pattern = bb\n"));
	write_file(b, "c.rules", RULE("local-c", "pattern = cc\n"));

	assert_int_equal(ana_load(a, NULL, &set, &cause), 0);
	assert_int_equal(ana_rule_count(set, ANA_LANG_NONE), 2);
	assert_true(has_id(set, "shipped-b"));
	ana_free(set);

	assert_int_equal(ana_load(a, b, &set, &cause), 0);
	assert_int_equal(ana_rule_count(set, ANA_LANG_NONE), 3);
	assert_true(has_id(set, "shipped-a"));
	assert_false(has_id(set, "shipped-b"));
	assert_true(has_id(set, "local-b"));
	assert_true(has_id(set, "local-c"));
	ana_free(set);

	/* A missing override folder is none; a missing shipped one fails. */
	snprintf(c, sizeof c, "%s/none", tmp);
	assert_int_equal(ana_load(a, c, &set, &cause), 0);
	ana_free(set);
	assert_int_equal(ana_load(c, b, &set, &cause), -1);
	assert_null(set);
	assert_non_null(strstr(cause, "No such file or directory"));
	free(cause);

	/* An override can break the set: the error names its file. */
	write_file(b, "c.rules", "[x]\nbogus\n");
	assert_int_equal(ana_load(a, b, &set, &cause), -1);
	assert_non_null(strstr(cause, "/etc/c.rules:2: expected"));
	free(cause);

	snprintf(c, sizeof c, "rm -rf %s", tmp);
	assert_int_equal(system(c), 0);
}

static void
test_ana_load_shipped(void **state)
{
	struct ana_set		*set;
	struct ana_rule_info	 ri;
	char			*cause = NULL, *report = NULL;
	size_t			 i, per[ANA_CAT_MAX] = { 0 }, lang;
	int			 failed;

	assert_int_equal(ana_load(SHIPPED, NULL, &set, &cause), 0);
	assert_null(cause);
	printf("# shipped rules: %zu (jit: %s)\n",
	    ana_rule_count(set, ANA_LANG_NONE),
	    ana_jit_used(set) ? "yes" : "no");
	for (lang = 0; lang < ANA_LANG_MAX; lang++) {
		printf("#   %-10s %zu\n", ana_language_name(lang),
		    ana_rule_count(set, lang));
		assert_true(ana_rule_count(set, lang) >= 15);
	}
	for (i = 0; ana_rule_info(set, i, &ri) == 0; i++) {
		/* Every shipped rule carries a sample that must hit. */
		if (ri.nmatch == 0)
			fail_msg("rule %s has no match sample", ri.id);
		per[ri.category]++;
	}
	for (i = 0; i < ANA_CAT_MAX; i++) {
		printf("#   %-18s %zu\n", ana_category_name(i), per[i]);
		assert_true(per[i] > 0);
	}
	failed = ana_selftest(set, &report);
	if (failed != 0)
		fail_msg("%d sample(s) failed:\n%s", failed,
		    report == NULL ? "" : report);
	assert_null(report);
	ana_free(set);
}

static void
test_ana_selftest_reports(void **state)
{
	struct ana_set	*set;
	char		*cause = NULL, *report = NULL;

	set = ana_new(0);
	assert_int_equal(add_text(set, RULE("a", "pattern = \\bfoo\\b\n"
	    "match = bar\nnomatch = foo\nmatch = # foo\n"), &cause), 1);
	assert_int_equal(ana_selftest(set, &report), 3);
	assert_string_equal(report,
	    "t.rules:1: rule a (python3): missed: bar\n"
	    "t.rules:1: rule a (python3): missed: # foo\n"
	    "t.rules:1: rule a (python3): false hit: foo\n");
	free(report);
	ana_free(set);
}

static void
test_ana_nojit(void **state)
{
	struct ana_set		*set;
	struct ana_finding	*f;
	size_t			 n;
	char			*cause = NULL;

	set = ana_new(ANA_NOJIT);
	assert_int_equal(add_text(set, RULE("a", "pattern = \\bfoo\\b\n"),
	    &cause), 1);
	assert_int_equal(ana_jit_used(set), 0);
	assert_int_equal(ana_scan(set, ANA_LANG_PYTHON, "x = 1\nfoo()\n", 12,
	    &f, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_int_equal(f[0].line, 2);
	assert_int_equal(f[0].column, 1);
	ana_findings_free(f, n);
	ana_free(set);
}

static void
test_ana_language_from_name(void **state)
{
	assert_int_equal(ana_language_from_name("c"), ANA_LANG_C);
	assert_int_equal(ana_language_from_name("cpp"), ANA_LANG_CPP);
	assert_int_equal(ana_language_from_name("C++"), ANA_LANG_CPP);
	assert_int_equal(ana_language_from_name("python3"), ANA_LANG_PYTHON);
	assert_int_equal(ana_language_from_name("py"), ANA_LANG_PYTHON);
	assert_int_equal(ana_language_from_name("java"), ANA_LANG_JAVA);
	assert_int_equal(ana_language_from_name("node"),
	    ANA_LANG_JAVASCRIPT);
	assert_int_equal(ana_language_from_name("rust"), ANA_LANG_RUST);
	assert_int_equal(ana_language_from_name("golang"), ANA_LANG_GO);
	assert_int_equal(ana_language_from_name("cobol"), ANA_LANG_NONE);
	assert_int_equal(ana_language_from_name(NULL), ANA_LANG_NONE);
	assert_string_equal(ana_language_name(ANA_LANG_PYTHON), "python3");
	assert_int_equal(ana_category_from_name("sandbox-escape"),
	    ANA_CAT_SANDBOX_ESCAPE);
	assert_int_equal(ana_category_from_name("x"), -1);
	assert_string_equal(ana_category_name(ANA_CAT_CRYPTO_MINING),
	    "crypto-mining");
	assert_string_equal(ana_severity_name(ANA_SEV_NONE), "none");
	assert_string_equal(ana_action_name(ANA_ACT_REJECT), "reject");
	assert_string_equal(ana_verdict_name(ANA_REJECTED), "reject");
}

static void
test_ana_summary(void **state)
{
	struct ana_finding	f[3];

	memset(f, 0, sizeof f);
	assert_int_equal(ana_worst_action(f, 0), ANA_ACT_NONE);
	assert_int_equal(ana_worst_severity(f, 0), ANA_SEV_NONE);
	assert_int_equal(ana_verdict(f, 0), ANA_CLEAN);
	f[0].severity = ANA_SEV_LOW;
	f[0].action = ANA_ACT_FLAG;
	f[1].severity = ANA_SEV_HIGH;
	f[1].action = ANA_ACT_FLAG;
	assert_int_equal(ana_worst_severity(f, 2), ANA_SEV_HIGH);
	assert_int_equal(ana_verdict(f, 2), ANA_FLAGGED);
	f[2].severity = ANA_SEV_MEDIUM;
	f[2].action = ANA_ACT_REJECT;
	assert_int_equal(ana_worst_action(f, 3), ANA_ACT_REJECT);
	assert_int_equal(ana_verdict(f, 3), ANA_REJECTED);
}

static void
test_ana_sanitize(void **state)
{
	char	*s;

	s = ana_sanitize("a\x1b[31mb\n\n  c\xff\xe2\x80\xae" "d\xc3\xa9", 19,
	    80);
	assert_string_equal(s, "a\\x1b[31mb c\\xff\\u{202e}d\xc3\xa9");
	free(s);
	s = ana_sanitize("abcdefghijklmnop", 16, 10);
	assert_string_equal(s, "abcdefg...");
	free(s);
	assert_int_equal(ana_utf8_len((const unsigned char *)"\xc0\x80", 2),
	    0);
	assert_int_equal(ana_utf8_len((const unsigned char *)"\xed\xa0\x80",
	    3), 0);
	assert_int_equal(ana_utf8_len((const unsigned char *)"\xf0\x9f\x98\x80",
	    4), 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ana_add_file_good),
		cmocka_unit_test(test_ana_add_file_errors),
		cmocka_unit_test(test_ana_add_file_limits),
		cmocka_unit_test(test_ana_load_override),
		cmocka_unit_test(test_ana_load_shipped),
		cmocka_unit_test(test_ana_selftest_reports),
		cmocka_unit_test(test_ana_nojit),
		cmocka_unit_test(test_ana_language_from_name),
		cmocka_unit_test(test_ana_summary),
		cmocka_unit_test(test_ana_sanitize),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
