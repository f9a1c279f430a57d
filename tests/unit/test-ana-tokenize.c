/* SPDX-License-Identifier: ISC */
/*
 * Unit tests of tokenize.c: each family's string forms and comments,
 * unterminated literals, CRLF and BOM, and the token runs.
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

#include "analyzer/ana.h"

/*
 * The kinds of src as a string of 'c' (code), 's' (string) and 'm'
 * (comment), one letter a byte, for comparisons that show the split.
 */
static char *
kinds(enum ana_family fam, const char *src)
{
	size_t		 len = strlen(src), i;
	unsigned char	*k;
	char		*out;

	k = malloc(len + 1);
	out = malloc(len + 1);
	assert_non_null(k);
	assert_non_null(out);
	ana_classify(fam, src, len, k);
	for (i = 0; i < len; i++)
		out[i] = "csm"[k[i]];
	out[len] = '\0';
	free(k);
	return (out);
}

static void
check(enum ana_family fam, const char *src, const char *want)
{
	char	*got;

	got = kinds(fam, src);
	if (strcmp(got, want) != 0)
		fail_msg("\n  src  %s\n  got  %s\n  want %s", src, got, want);
	free(got);
}

static void
test_ana_classify_c(void **state)
{
	check(ANA_FAM_C, "a=\"x\\\"y\";//c", "ccsssssscmmm");
	check(ANA_FAM_C, "x/*a*/y", "cmmmmmc");
	check(ANA_FAM_C, "c='\"';d", "ccssscc");
	check(ANA_FAM_C, "R\"d(a)\"b)d\";", "sssssssssssc");
	check(ANA_FAM_C, "u8R\"(x)\"+LR\"(y)\"", "sssssssscsssssss");
}

static void
test_ana_classify_c_more(void **state)
{
	/* Prefixed literals, digit separators, continued // comments. */
	check(ANA_FAM_C, "L'x'+u8\"y\"", "sssscsssss");
	check(ANA_FAM_C, "n=1'000'000;s='a'", "ccccccccccccccsss");
	check(ANA_FAM_C, "//a\\\nb\nc", "mmmmmmcc");
	check(ANA_FAM_C, "\"open\nx", "ssssscc");
	check(ANA_FAM_C, "/* open", "mmmmmmm");
	check(ANA_FAM_C, "R\"no delim\";x", "ssssssssssscc");
	check(ANA_FAM_C, "s=\"a\"\r\n//b\r\n", "ccsssccmmmcc");
	/* The BOM is code (it is no quote). */
	check(ANA_FAM_C, "\xef\xbb\xbfx//y", "ccccmmm");
}

static void
test_ana_classify_java(void **state)
{
	check(ANA_FAM_JAVA, "s=\"\"\"\na\"b\n\"\"\";x", "ccssssssssssscc");
	check(ANA_FAM_JAVA, "c='\\'';//m", "ccsssscmmm");
	check(ANA_FAM_JAVA, "/*a/*b*/c", "mmmmmmmmc");
	check(ANA_FAM_JAVA, "s=\"\"\"open", "ccsssssss");
}

static void
test_ana_classify_js(void **state)
{
	check(ANA_FAM_JS, "`a${b}c`", "ssccccss");
	check(ANA_FAM_JS, "`a${`n${x}`}c`;y", "ssccssccccscsscc");
	check(ANA_FAM_JS, "`${{a:1}.a}`", "sccccccccccs");
	check(ANA_FAM_JS, "x=/\"[/]\"/g;y", "ccsssssssscc");
	check(ANA_FAM_JS, "a=b/c/d", "ccccccc");
	check(ANA_FAM_JS, "return /'/.test(s)", "cccccccssscccccccc");
	check(ANA_FAM_JS, "#!/usr/bin/node\nx", "mmmmmmmmmmmmmmmcc");
	check(ANA_FAM_JS, "`open ${x", "ssssssccc");
}

static void
test_ana_classify_go(void **state)
{
	check(ANA_FAM_GO, "s:=`a\n\"b`+\"c\"", "cccsssssscsss");
	check(ANA_FAM_GO, "r:='\\''//x", "cccssssmmm");
	check(ANA_FAM_GO, "`open", "sssss");
}

static void
test_ana_classify_rust(void **state)
{
	check(ANA_FAM_RUST, "r#\"a\"b\"#;x", "sssssssscc");
	check(ANA_FAM_RUST, "br##\"x\"#\"##", "sssssssssss");
	check(ANA_FAM_RUST, "/* a /* b */ c */d", "mmmmmmmmmmmmmmmmmc");
	check(ANA_FAM_RUST, "fn f<'a>(x:&'a str)->char{'x'}",
	    "ccccccccccccccccccccccccccsssc");
	check(ANA_FAM_RUST, "'\\n' '\xc3\xa9' b'a'", "sssscsssscssss");
	check(ANA_FAM_RUST, "\"multi\nline\"x", "ssssssssssssc");
	check(ANA_FAM_RUST, "r#type", "cccccc");
	check(ANA_FAM_RUST, "/* /* open */", "mmmmmmmmmmmmm");
}

static void
test_ana_classify_python(void **state)
{
	check(ANA_FAM_PYTHON, "x='a'#c", "ccsssmm");
	check(ANA_FAM_PYTHON, "s=\"\"\"a\n'#'\"\"\"#m",
	    "ccsssssssssssmm");
	check(ANA_FAM_PYTHON, "rb'\\''+u\"x\"", "sssssscssss");
	check(ANA_FAM_PYTHON, "f'a{b}c'", "ssscccss");
	check(ANA_FAM_PYTHON, "f\"{x['k']}{{y}}\"",
	    "sscccsssccssssss");
	check(ANA_FAM_PYTHON, "F'''{\nz}'''", "ssssccccsss");
	check(ANA_FAM_PYTHON, "'open\nx", "ssssscc");
	check(ANA_FAM_PYTHON, "x='''open\nx", "ccsssssssss");
	check(ANA_FAM_PYTHON, "method='#'", "cccccccsss");
	check(ANA_FAM_PYTHON, "s='a'\r\n#c\r\n", "ccsssccmmcc");
	/* Docstrings read as comments; a triple-quoted value does not. */
	check(ANA_FAM_PYTHON, "def f():\n  '''d'''\nx=(\n'''v''')",
	    "cccccccccccmmmmmmmcccccsssssssc");
	check(ANA_FAM_PYTHON, "x = 1\n\"\"\"d\"\"\"\ny = \\\n\"\"\"v\"\"\"",
	    "ccccccmmmmmmmcccccccsssssss");
}

static void
test_ana_classify_deep_nesting(void **state)
{
	char		*src, *k;
	size_t		 i, n = 4000;

	/* Deeper than the lexer's stack: no overflow, all classified. */
	src = malloc(n * 3 + 1);
	assert_non_null(src);
	for (i = 0; i < n; i++)
		memcpy(src + 3 * i, "`${", 3);
	src[3 * n] = '\0';
	k = kinds(ANA_FAM_JS, src);
	assert_int_equal(k[0], 's');
	assert_int_equal(k[3 * n - 1], 's');
	free(k);
	for (i = 0; i < n; i++)
		memcpy(src + 3 * i, "f'{", 3);
	k = kinds(ANA_FAM_PYTHON, src);
	assert_int_equal(k[0], 's');
	assert_int_equal(k[3 * n - 1], 's');
	free(k);
	for (i = 0; i < n; i++)
		memcpy(src + 3 * i, "/* ", 3);
	k = kinds(ANA_FAM_RUST, src);
	assert_int_equal(strspn(k, "m"), 3 * n);
	free(k);
	free(src);
}

static void
test_ana_tokenize_runs(void **state)
{
	static const char	 src[] = "int x; // a\n\"s\" /* b\nc */ y";
	struct ana_token	*t;
	size_t			 n;

	ana_tokenize(ANA_FAM_C, src, sizeof src - 1, &t, &n);
	assert_int_equal(n, 7);
	assert_int_equal(t[0].kind, ANA_TOK_CODE);
	assert_int_equal(t[0].len, 7);
	assert_int_equal(t[1].kind, ANA_TOK_COMMENT);
	assert_int_equal(t[1].off, 7);
	assert_int_equal(t[1].line, 1);
	assert_int_equal(t[2].kind, ANA_TOK_CODE);	/* the newline */
	assert_int_equal(t[3].kind, ANA_TOK_STRING);
	assert_int_equal(t[3].line, 2);
	assert_int_equal(t[3].len, 3);
	assert_int_equal(t[4].kind, ANA_TOK_CODE);
	assert_int_equal(t[5].kind, ANA_TOK_COMMENT);
	assert_int_equal(t[5].line, 2);
	assert_int_equal(t[5].off + t[5].len, sizeof src - 3);
	assert_int_equal(t[6].kind, ANA_TOK_CODE);
	assert_int_equal(t[6].len, 2);
	free(t);
	ana_tokenize(ANA_FAM_C, "", 0, &t, &n);
	assert_int_equal(n, 0);
	free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ana_classify_c),
		cmocka_unit_test(test_ana_classify_c_more),
		cmocka_unit_test(test_ana_classify_java),
		cmocka_unit_test(test_ana_classify_js),
		cmocka_unit_test(test_ana_classify_go),
		cmocka_unit_test(test_ana_classify_rust),
		cmocka_unit_test(test_ana_classify_python),
		cmocka_unit_test(test_ana_classify_deep_nesting),
		cmocka_unit_test(test_ana_tokenize_runs),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
