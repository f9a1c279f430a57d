/* SPDX-License-Identifier: ISC */
/*
 * The shipped rules against the corpora of tests/data/analyzer: every
 * attack caught with its category (the file name's prefix before "--"),
 * no benign solution flagged above low. Prints recall and false alarms.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyzer/ana.h"

#ifndef ANA_SRCDIR
#define ANA_SRCDIR	"."
#endif
#define CORPUS		ANA_SRCDIR "/tests/data/analyzer"

static const char *const lang_dirs[ANA_LANG_MAX] = {
	"c", "cpp", "python", "java", "javascript", "rust", "go"
};

struct stats {
	unsigned int	files;
	unsigned int	hits;	/* attacks caught / benign flagged above low */
	unsigned int	lows;	/* benign files with low findings only */
};

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

static char *
slurp(const char *path, size_t *len)
{
	FILE	*f;
	char	*buf;
	long	 n;

	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc(n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, n, f), (size_t)n);
	fclose(f);
	*len = n;
	return (buf);
}

/* Scan every file of kind/lang; call check on each with its findings. */
static void
walk(const struct ana_set *set, const char *kind, enum ana_lang lang,
    struct stats *st, int attack)
{
	char			 dir[512], path[1024], *src, *cause, cat[64];
	struct dirent		*de;
	struct ana_finding	*f;
	const char		*dash;
	size_t			 len, n, i;
	DIR			*d;
	int			 ok, low_only;

	snprintf(dir, sizeof dir, "%s/%s/%s", CORPUS, kind, lang_dirs[lang]);
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		src = slurp(path, &len);
		if (ana_scan(set, lang, src, len, &f, &n, &cause) != 0)
			fail_msg("%s: %s", path, cause);
		free(src);
		st->files++;
		if (attack) {
			dash = strstr(de->d_name, "--");
			assert_non_null(dash);
			assert_true((size_t)(dash - de->d_name) < sizeof cat);
			memcpy(cat, de->d_name, dash - de->d_name);
			cat[dash - de->d_name] = '\0';
			assert_int_not_equal(ana_category_from_name(cat), -1);
			ok = 0;
			for (i = 0; i < n; i++) {
				if (strcmp(ana_category_name(f[i].category),
				    cat) == 0 && f[i].severity >= ANA_SEV_MEDIUM)
					ok = 1;
			}
			if (ok)
				st->hits++;
			else
				printf("# MISSED %s/%s (want %s)\n",
				    lang_dirs[lang], de->d_name, cat);
		} else {
			low_only = n > 0;
			for (i = 0; i < n; i++) {
				if (f[i].severity > ANA_SEV_LOW)
					low_only = 0;
				printf("# benign %s/%s:%u: %s %s %s: %s\n",
				    lang_dirs[lang], de->d_name, f[i].line,
				    f[i].rule, ana_severity_name(f[i].severity),
				    ana_action_name(f[i].action),
				    f[i].message);
			}
			if (n > 0 && !low_only)
				st->hits++;
			else if (low_only)
				st->lows++;
		}
		ana_findings_free(f, n);
	}
	closedir(d);
}

static void
test_ana_corpus(void **state)
{
	const struct ana_set	*set = *state;
	struct stats		 a[ANA_LANG_MAX], b[ANA_LANG_MAX];
	unsigned int		 ta = 0, tah = 0, tb = 0, tbh = 0, tbl = 0;
	int			 l;

	memset(a, 0, sizeof a);
	memset(b, 0, sizeof b);
	for (l = 0; l < ANA_LANG_MAX; l++) {
		walk(set, "attack", l, &a[l], 1);
		walk(set, "benign", l, &b[l], 0);
	}
	printf("# %-11s %8s %8s %12s %10s\n", "language", "attacks", "recall",
	    "benign", "false alarms (low only)");
	for (l = 0; l < ANA_LANG_MAX; l++) {
		printf("# %-11s %4u/%-3u %7.1f%% %8u %8u (%u)\n",
		    ana_language_name(l), a[l].hits, a[l].files,
		    a[l].files ? 100.0 * a[l].hits / a[l].files : 0.0,
		    b[l].files, b[l].hits, b[l].lows);
		/* Each language has real corpora on both sides. */
		assert_true(a[l].files >= 5);
		assert_true(b[l].files >= 5);
		ta += a[l].files;
		tah += a[l].hits;
		tb += b[l].files;
		tbh += b[l].hits;
		tbl += b[l].lows;
	}
	printf("# %-11s %4u/%-3u %7.1f%% %8u %8u (%u)\n", "total", tah, ta,
	    100.0 * tah / ta, tb, tbh, tbl);
	assert_int_equal(tah, ta);
	assert_int_equal(tbh, 0);
}

/* Comments and identifiers are not strings: the examples. */
static void
test_ana_scan_scopes(void **state)
{
	static const struct {
		enum ana_lang	 lang;
		const char	*src;
		const char	*rule;	/* NULL: no finding at all */
	} cases[] = {
		{ ANA_LANG_C, "// uses Ethereum and bitcoin\nint x;", NULL },
		{ ANA_LANG_C, "int method = 0, exec = 1; /* fork() */", NULL },
		{ ANA_LANG_CPP, "#include <bits/stdc++.h>\n", NULL },
		{ ANA_LANG_PYTHON, "import sys, math\n# socket\n", NULL },
		{ ANA_LANG_JAVA, "System.out.println(\"ok\");", NULL },
		{ ANA_LANG_JAVASCRIPT, "const fs = require('fs');", NULL },
		{ ANA_LANG_PYTHON, "u = 'stratum+tcp://p.example:1'",
		    "mining-stratum-url" },
		{ ANA_LANG_PYTHON, "# stratum+tcp://p.example:1\n", NULL },
		{ ANA_LANG_GO, "s := `stratum+ssl://p:1`", "mining-stratum-url" },
		{ ANA_LANG_RUST, "/* asm!(\"syscall\") */ fn main(){}", NULL },
		{ ANA_LANG_JAVASCRIPT, "// require('child_process')\n", NULL },
	};
	const struct ana_set	*set = *state;
	struct ana_finding	*f;
	size_t			 i, n, j;
	char			*cause;
	int			 found;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(ana_scan(set, cases[i].lang, cases[i].src,
		    strlen(cases[i].src), &f, &n, &cause), 0);
		if (cases[i].rule == NULL) {
			if (n != 0)
				fail_msg("case %zu: %s", i, f[0].rule);
		} else {
			found = 0;
			for (j = 0; j < n; j++)
				found |= strcmp(f[j].rule, cases[i].rule) == 0;
			if (!found)
				fail_msg("case %zu: no %s", i, cases[i].rule);
		}
		ana_findings_free(f, n);
	}
}

static void
test_ana_scan_finding_fields(void **state)
{
	static const char	 src[] = "x = 1\n  é = os.system(\"\x1b[2Jrm\")\n";
	const struct ana_set	*set = *state;
	struct ana_finding	*f;
	size_t			 n;
	char			*cause;

	assert_int_equal(ana_scan(set, ANA_LANG_PYTHON, src, sizeof src - 1,
	    &f, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_string_equal(f[0].rule, "py-os-spawn");
	assert_int_equal(f[0].category, ANA_CAT_PROCESS_SPAWN);
	assert_int_equal(f[0].severity, ANA_SEV_HIGH);
	assert_int_equal(f[0].action, ANA_ACT_FLAG);
	assert_int_equal(f[0].line, 2);
	assert_int_equal(f[0].column, 7);	/* characters, not bytes */
	assert_int_equal(f[0].count, 1);
	assert_string_equal(f[0].excerpt, "os.system(");
	assert_non_null(strstr(f[0].message, ": `os.system(`"));
	ana_findings_free(f, n);
	assert_int_equal(ana_scan(set, ANA_LANG_NONE, "", 0, &f, &n, &cause),
	    -1);
	assert_string_equal(cause, "unknown language");
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ana_corpus),
		cmocka_unit_test(test_ana_scan_scopes),
		cmocka_unit_test(test_ana_scan_finding_fields),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
