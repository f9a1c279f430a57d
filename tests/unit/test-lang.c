/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for judge/lang.c: the language file parser (fed through
 * fmemopen), the shipped judge/languages.conf, lookups and argv templates.
 */

#include <sys/types.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "judge/jdg.h"

#define UNUSED	__attribute__((unused))

static struct jdg_langs *
parse_ok(const char *text)
{
	struct jdg_langs	*L = NULL;
	char			*cause = NULL;
	FILE			*f;

	f = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(f);
	if (jdg_langs_parse(f, "t.conf", &L, &cause) != 0)
		fail_msg("parse failed: %s", cause);
	fclose(f);
	assert_null(cause);
	assert_non_null(L);
	return (L);
}

/* Fails with a cause starting "t.conf:LINE: " and containing what. */
static void
parse_bad(const char *text, int line, const char *what)
{
	struct jdg_langs	*L = NULL;
	char			*cause = NULL, prefix[32];
	FILE			*f;

	f = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(f);
	if (jdg_langs_parse(f, "t.conf", &L, &cause) == 0)
		fail_msg("accepted: %s", text);
	fclose(f);
	assert_null(L);
	assert_non_null(cause);
	snprintf(prefix, sizeof prefix, "t.conf:%d: ", line);
	if (strncmp(cause, prefix, strlen(prefix)) != 0 ||
	    strstr(cause, what) == NULL)
		fail_msg("cause \"%s\", expected \"%s...%s\"", cause, prefix,
		    what);
	if (strchr(cause, '\n') != NULL)
		fail_msg("cause has a newline: \"%s\"", cause);
	free(cause);
}

static void
test_jdg_langs_parse_minimal(void **state UNUSED)
{
	struct jdg_langs	*L;
	const struct jdg_lang	*l;

	L = parse_ok("# comment\n\n[c]\nextensions = c h2\nsource = main.c\n"
	    "compile = /usr/bin/gcc -o main {sources}\nrun = ./main\n"
	    "  time-multiplier = 2.5 \ntime-extra = 0.5\nmemory = 64M\n"
	    "env = A=1 B=2\nenv = C=3\n");
	assert_int_equal(L->n, 1);
	l = &L->v[0];
	assert_string_equal(l->id, "c");
	assert_string_equal(l->name, "c");		/* defaults to the id */
	assert_string_equal(l->policy, "default");
	assert_int_equal(l->nexts, 2);
	assert_string_equal(l->exts[1], "h2");
	assert_string_equal(l->compile[0], "/usr/bin/gcc");
	assert_string_equal(l->compile[3], "{sources}");
	assert_null(l->compile[4]);
	assert_true(l->time_mult == 2.5);
	assert_int_equal(l->time_extra_ms, 500);
	assert_int_equal(l->memory_cap, 64ULL << 20);
	assert_int_equal(l->cpu_cap_ms, 10000);		/* DESIGN default */
	assert_int_equal(l->processes, 10);
	assert_int_equal(l->open_files, 50);
	assert_string_equal(l->env[0], "A=1");
	assert_string_equal(l->env[2], "C=3");
	assert_null(l->env[3]);
	jdg_langs_free(L);
}

static void
test_jdg_langs_parse_compile_none(void **state UNUSED)
{
	struct jdg_langs	*L;

	L = parse_ok("[py]\nname = Py\nextensions = .py\nsource = m.py\n"
	    "compile = none\nrun = /usr/bin/python3 {source}\n"
	    "policy = python\n");
	assert_null(L->v[0].compile);
	assert_string_equal(L->v[0].exts[0], "py");	/* dot dropped */
	assert_string_equal(L->v[0].policy, "python");
	jdg_langs_free(L);
}

static void
test_jdg_langs_parse_errors(void **state UNUSED)
{
	const char	*base = "[c]\nextensions = c\nsource = m.c\nrun = ./m\n";
	char		 buf[512];

	parse_bad("", 0, "no languages");
	parse_bad("name = C\n", 1, "outside a [language]");
	parse_bad("[c\n", 1, "expected [id]");
	parse_bad("[C]\n", 1, "bad language id");
	parse_bad("[c]\nthis is not a pair\n", 2, "key = value");
	parse_bad("[c]\ncolour = blue\n", 2, "unknown key 'colour'");
	parse_bad("[c]\nextensions = c\nsource = m.c\n", 3, "no run command");
	parse_bad("[c]\nsource = m.c\nrun = ./m\n[d]\n", 4, "no extensions");
	parse_bad("[c]\nextensions = c\nrun = ./m\n", 3, "no source");
	parse_bad("[c]\nsource = ../m.c\n", 2, "plain file name");
	parse_bad("[c]\nrun = ./a\nrun = ./b\n", 3, "given twice");
	parse_bad("[c]\nrun =\n", 2, "empty");
	parse_bad("[c]\ntime-multiplier = fast\n", 2, "not a multiplier");
	parse_bad("[c]\ntime-multiplier = 0\n", 2, "not a multiplier");
	parse_bad("[c]\nmemory = 12Q\n", 2, "memory");
	parse_bad("[c]\nmemory = 1K\n", 2, "memory");
	parse_bad("[c]\ncpu = -1\n", 2, "cpu");
	parse_bad("[c]\nprocesses = 0\n", 2, "processes");
	parse_bad("[c]\nenv = NOVALUE\n", 2, "VAR=VALUE");
	snprintf(buf, sizeof buf, "%s\n[c]\n", base);
	parse_bad(buf, 6, "defined twice (line 1)");
}

static void
test_jdg_langs_parse_long_line(void **state UNUSED)
{
	char	buf[3000];

	memset(buf, 'x', sizeof buf);
	memcpy(buf, "[c]\nrun = ", 10);
	buf[sizeof buf - 2] = '\n';
	buf[sizeof buf - 1] = '\0';
	parse_bad(buf, 2, "longer than");
}

static void
test_jdg_langs_load_missing(void **state UNUSED)
{
	struct jdg_langs	*L = NULL;
	char			*cause = NULL;

	assert_int_equal(jdg_langs_load("/nonexistent/l.conf", &L, &cause),
	    -1);
	assert_null(L);
	assert_non_null(strstr(cause, "/nonexistent/l.conf"));
	free(cause);
}

/* The shipped file: the seven languages of the issue, and sane limits. */
static void
test_jdg_langs_load_shipped(void **state UNUSED)
{
	static const char *const want[] = { "c", "cpp", "python3", "java",
	    "javascript", "rust", "go" };
	struct jdg_langs	*L = NULL;
	const struct jdg_lang	*l;
	char			*cause = NULL;
	size_t			 i;

	if (jdg_langs_load(JDG_SRCDIR "/judge/languages.conf", &L,
	    &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(L->n, 7);
	for (i = 0; i < 7; i++) {
		l = jdg_lang_find(L, want[i]);
		assert_non_null(l);
		assert_true(l->memory_cap >= 256ULL << 20);
		assert_true(l->cpu_cap_ms >= 10000);
	}
	assert_ptr_equal(jdg_lang_by_file(L, "x/Hello.java"),
	    jdg_lang_find(L, "java"));
	assert_ptr_equal(jdg_lang_by_file(L, "A.CPP"), jdg_lang_find(L, "C++"));
	assert_ptr_equal(jdg_lang_by_file(L, "sol.py"),
	    jdg_lang_find(L, "Python 3"));
	assert_null(jdg_lang_by_file(L, "README"));
	assert_null(jdg_lang_by_file(L, ".c"));
	assert_null(jdg_lang_by_file(L, "x.pas"));
	assert_string_equal(jdg_lang_find(L, "java")->policy, "java");
	assert_int_equal(jdg_lang_find(L, "java")->memory_cap, 512ULL << 20);
	assert_null(jdg_lang_find(L, "python3")->compile);
	jdg_langs_free(L);
}

static void
test_jdg_lang_source_name_java(void **state UNUSED)
{
	struct jdg_langs	*L;
	char			*out, *cause = NULL;

	L = parse_ok("[java]\nname = Java\nextensions = java\n"
	    "source = {file}\nrun = java {stem}\n[c]\nextensions = c\n"
	    "source = main.c\nrun = ./main\n");
	assert_int_equal(jdg_lang_source_name(&L->v[0], "dir/Hello.java", &out,
	    &cause), 0);
	assert_string_equal(out, "Hello.java");
	free(out);
	assert_int_equal(jdg_lang_source_name(&L->v[0], "my-sol.java", &out,
	    &cause), -1);
	assert_null(out);
	assert_non_null(strstr(cause, "identifier"));
	free(cause);
	assert_int_equal(jdg_lang_source_name(&L->v[0], "1A.java", &out,
	    &cause), -1);
	free(cause);
	assert_int_equal(jdg_lang_source_name(&L->v[0], "Hello.txt", &out,
	    &cause), -1);
	free(cause);
	/* A fixed name whatever was submitted. */
	assert_int_equal(jdg_lang_source_name(&L->v[1], "any thing.c", &out,
	    &cause), 0);
	assert_string_equal(out, "main.c");
	free(out);
	jdg_langs_free(L);
}

static void
test_jdg_lang_argv_expand(void **state UNUSED)
{
	char *const	 tmpl[] = { "javac", "-d", ".", "{sources}",
	    "--main={stem}", "x{source}x", NULL };
	char *const	 srcs[] = { "A.java", "B.java", NULL };
	char		**v;

	v = jdg_lang_argv(tmpl, "Main.java", srcs);
	assert_string_equal(v[0], "javac");
	assert_string_equal(v[3], "A.java");
	assert_string_equal(v[4], "B.java");
	assert_string_equal(v[5], "--main=Main");
	assert_string_equal(v[6], "xMain.javax");
	assert_null(v[7]);
	jdg_argv_free(v);
	/* No sources list: {sources} is the one source. */
	v = jdg_lang_argv(tmpl, "Main.java", NULL);
	assert_string_equal(v[3], "Main.java");
	assert_string_equal(v[4], "--main=Main");
	assert_null(v[6]);
	jdg_argv_free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jdg_langs_parse_minimal),
		cmocka_unit_test(test_jdg_langs_parse_compile_none),
		cmocka_unit_test(test_jdg_langs_parse_errors),
		cmocka_unit_test(test_jdg_langs_parse_long_line),
		cmocka_unit_test(test_jdg_langs_load_missing),
		cmocka_unit_test(test_jdg_langs_load_shipped),
		cmocka_unit_test(test_jdg_lang_source_name_java),
		cmocka_unit_test(test_jdg_lang_argv_expand),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
