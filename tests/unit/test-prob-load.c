/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for problems/load.c, settings.c and yaml.c: the examples and
 * test packages load as described, and malformed packages fail with the
 * expected one-line cause.
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
#include <unistd.h>

#include <cmocka.h>

#include "problems/prob.h"

#define UNUSED	__attribute__((unused))
#define MIB	(1024ULL * 1024)

/* cmocka 1.1 has no assert_double_equal. */
#define assert_dbl(a, b) do {						\
	double	_a = (a), _b = (b);					\
	if (!(_a == _b))						\
		fail_msg("%s is %.17g, want %.17g", #a, _a, _b);	\
} while (0)

struct file {
	const char	*path;
	const char	*data;	/* NULL: leave out; "@dir", "@fifo", "@big",
				   "@link:TARGET" make those */
};

struct bad_case {
	const char	*what;
	struct file	 files[6];
	const char	*want;		/* the exact cause */
};

/* A minimal valid package, that every malformed case starts from. */
static const struct file base_files[] = {
	{ "problem.yaml", "name: T\n" },
	{ "data/secret/1.in", "1\n" },
	{ "data/secret/1.ans", "1\n" },
	{ NULL, NULL }
};

static char	*tmproot;

static int
setup(void **state UNUSED)
{
	char	tmpl[] = "/tmp/test-prob-load.XXXXXX";

	if (mkdtemp(tmpl) == NULL)
		return (-1);
	tmproot = strdup(tmpl);
	return (tmproot == NULL ? -1 : 0);
}

static int
teardown(void **state UNUSED)
{
	int	rc;

	rc = prob_remove_tree(tmproot);
	free(tmproot);
	tmproot = NULL;
	return (rc);
}

static void
mkdirs(const char *path)
{
	char	buf[4096], *p;

	snprintf(buf, sizeof buf, "%s", path);
	for (p = buf + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) == -1 && errno != EEXIST)
			fail_msg("mkdir %s: %s", buf, strerror(errno));
		*p = '/';
	}
	if (mkdir(buf, 0755) == -1 && errno != EEXIST)
		fail_msg("mkdir %s: %s", buf, strerror(errno));
}

static void
make_file(const char *dir, const struct file *f)
{
	char	 path[4096], parent[4096], *slash;
	FILE	*fp;
	int	 fd;

	snprintf(path, sizeof path, "%s/%s", dir, f->path);
	snprintf(parent, sizeof parent, "%s", path);
	slash = strrchr(parent, '/');
	*slash = '\0';
	mkdirs(parent);
	if (strcmp(f->data, "@dir") == 0)
		mkdirs(path);
	else if (strcmp(f->data, "@fifo") == 0)
		assert_int_equal(mkfifo(path, 0644), 0);
	else if (strncmp(f->data, "@link:", 6) == 0)
		assert_int_equal(symlink(f->data + 6, path), 0);
	else if (strcmp(f->data, "@big") == 0) {
		/* Sparse: over the limit without using the disk. */
		fd = open(path, O_WRONLY|O_CREAT|O_TRUNC, 0644);
		assert_true(fd != -1);
		assert_int_equal(ftruncate(fd, PROB_IMPORT_MAX_FILE + 1), 0);
		close(fd);
	} else {
		fp = fopen(path, "w");
		assert_non_null(fp);
		assert_int_equal(fwrite(f->data, 1, strlen(f->data), fp),
		    strlen(f->data));
		assert_int_equal(fclose(fp), 0);
	}
}

/* The base package, with extra files added or (data NULL) left out. */
static char *
build(const char *name, const struct file *base, const struct file *extra)
{
	char	*dir;
	size_t	 i, j;
	int	 skip;

	if (asprintf(&dir, "%s/%s", tmproot, name) == -1)
		fail_msg("asprintf");
	mkdirs(dir);
	for (i = 0; base != NULL && base[i].path != NULL; i++) {
		skip = 0;
		for (j = 0; extra != NULL && extra[j].path != NULL; j++)
			skip |= strcmp(extra[j].path, base[i].path) == 0;
		if (!skip)
			make_file(dir, &base[i]);
	}
	for (j = 0; extra != NULL && extra[j].path != NULL; j++) {
		if (extra[j].data != NULL)
			make_file(dir, &extra[j]);
	}
	return (dir);
}

static struct prob_package *
load_ok(const char *dir)
{
	struct prob_package	*pkg;
	char			*cause = NULL;

	if (prob_load_dir(dir, &pkg, &cause) != 0)
		fail_msg("%s: %s", dir, cause);
	assert_null(cause);
	assert_non_null(pkg);
	return (pkg);
}

static void
run_bad(const struct bad_case *cases, size_t n)
{
	struct prob_package	*pkg;
	char			*dir, *cause, name[32];
	size_t			 i;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "p%zu", i);
		dir = build(name, base_files, cases[i].files);
		pkg = (struct prob_package *)1;
		cause = NULL;
		if (prob_load_dir(dir, &pkg, &cause) == 0)
			fail_msg("%s: loaded", cases[i].what);
		assert_null(pkg);
		if (cause == NULL || strcmp(cause, cases[i].want) != 0)
			fail_msg("%s: cause \"%s\", want \"%s\"", cases[i].what,
			    cause != NULL ? cause : "(null)", cases[i].want);
		free(cause);
		free(dir);
	}
}

static char *
example(const char *name)
{
	char	*p;

	if (asprintf(&p, "%s/problems/examples/%s", PROB_SRCDIR, name) == -1)
		fail_msg("asprintf");
	return (p);
}

static char *
testpkg(const char *name)
{
	char	*p;

	if (asprintf(&p, "%s/tests/data/packages/%s", PROB_SRCDIR, name) == -1)
		fail_msg("asprintf");
	return (p);
}

static void
assert_test(const struct prob_package *pkg, size_t i, const char *name,
    size_t group)
{
	char	in[512];

	assert_true(i < pkg->ntests);
	assert_string_equal(pkg->tests[i].name, name);
	snprintf(in, sizeof in, "data/%s.in", name);
	assert_string_equal(pkg->tests[i].in_path, in);
	assert_int_equal(pkg->tests[i].group, group);
}

/* ------------------------------------------------------------------ */

static void
test_prob_load_dir_example_hello(void **state UNUSED)
{
	struct prob_package	*pkg;
	char			*dir = example("hello");
	struct stat		 st;
	char			 path[4096];
	size_t			 i;

	pkg = load_ok(dir);
	assert_string_equal(pkg->short_name, "hello");
	assert_string_equal(pkg->name, "Hello, A plus B");
	assert_string_equal(pkg->format, "legacy");
	assert_int_equal(pkg->type, PROB_PASS_FAIL);
	assert_int_equal(pkg->time_limit_ms, 1000);
	assert_int_equal(pkg->time_from, PROB_TIME_FILE);
	assert_int_equal(pkg->memory_bytes, 256 * MIB);
	assert_int_equal(pkg->output_bytes, 8 * MIB);
	assert_int_equal(pkg->validation, PROB_VALIDATION_DEFAULT);
	assert_int_equal(pkg->nvalidators, 0);
	assert_int_equal(pkg->ngroups, 3);
	assert_string_equal(pkg->groups[1].name, "sample");
	assert_string_equal(pkg->groups[2].name, "secret");
	assert_int_equal(pkg->ntests, 9);
	assert_test(pkg, 0, "sample/1", 1);
	assert_test(pkg, 2, "secret/01", 2);
	assert_test(pkg, 8, "secret/07", 2);
	assert_true(pkg->tests[0].sample);
	assert_false(pkg->tests[2].sample);
	assert_int_equal(pkg->groups[0].settings.on_reject, PROB_BREAK);
	for (i = 0; i < pkg->ntests; i++) {
		snprintf(path, sizeof path, "%s/%s", pkg->dir,
		    pkg->tests[i].ans_path);
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_size, pkg->tests[i].ans_size);
	}
	assert_true(pkg->dir[0] == '/');
	assert_dbl(prob_max_score(pkg), 1);
	prob_free(pkg);
	free(dir);
}

static void
test_prob_load_dir_example_floatsum(void **state UNUSED)
{
	struct prob_package	*pkg;
	char			*dir = example("floatsum");
	size_t			 i;

	pkg = load_ok(dir);
	assert_string_equal(pkg->name, "Float Sum");
	assert_string_equal(pkg->format, "2023-07-draft");
	assert_int_equal(pkg->time_limit_ms, 1500);
	assert_int_equal(pkg->time_from, PROB_TIME_YAML);
	assert_int_equal(pkg->ntests, 7);
	assert_string_equal(pkg->groups[0].settings.from,
	    "data/testdata.yaml");
	/* The root's testdata.yaml reaches every group and test. */
	for (i = 0; i < pkg->ntests; i++) {
		assert_string_equal(pkg->tests[i].validator_flags,
		    "float_tolerance 1e-6");
		assert_dbl(pkg->tests[i].vflags.abs_tol, 1e-6);
		assert_dbl(pkg->tests[i].vflags.rel_tol, 1e-6);
		assert_false(pkg->tests[i].vflags.case_sensitive);
	}
	assert_test(pkg, 2, "secret/01-small", 2);
	prob_free(pkg);
	free(dir);
}

static void
test_prob_load_dir_example_custom(void **state UNUSED)
{
	struct prob_package	*pkg;
	char			*dir = example("custom");

	pkg = load_ok(dir);
	assert_int_equal(pkg->validation, PROB_VALIDATION_CUSTOM);
	assert_false(pkg->validator_score);
	assert_int_equal(pkg->time_limit_ms, PROB_DEFAULT_TIME_MS);
	assert_int_equal(pkg->time_from, PROB_TIME_DEFAULT);
	assert_int_equal(pkg->nvalidators, 1);
	assert_string_equal(pkg->validators[0].name, "split");
	assert_int_equal(pkg->validators[0].nfiles, 1);
	assert_string_equal(pkg->validators[0].files[0].path, "split.c");
	assert_non_null(strstr(pkg->validators[0].files[0].data,
	    "return (42);"));
	assert_int_equal(strlen(pkg->validators[0].files[0].data),
	    pkg->validators[0].files[0].len);
	assert_int_equal(pkg->ntests, 7);
	prob_free(pkg);
	free(dir);
}

static void
test_prob_load_dir_example_groups(void **state UNUSED)
{
	struct prob_package		*pkg;
	char				*dir = example("groups");
	const struct prob_settings	*s;

	pkg = load_ok(dir);
	assert_int_equal(pkg->type, PROB_SCORING);
	assert_int_equal(pkg->ngroups, 7);
	assert_int_equal(pkg->ntests, 11);
	/* Natural order: 1, 2, 10. */
	assert_test(pkg, 2, "secret/1-small/1", 3);
	assert_test(pkg, 3, "secret/1-small/2", 3);
	assert_test(pkg, 4, "secret/1-small/10", 3);
	assert_test(pkg, 5, "secret/2-large/a-medium/1", 5);
	assert_test(pkg, 10, "secret/2-large/b-huge/3", 6);
	assert_string_equal(pkg->groups[5].name, "secret/2-large/a-medium");
	assert_int_equal(pkg->groups[5].parent, 4);
	assert_int_equal(pkg->groups[5].depth, 3);
	assert_int_equal(pkg->groups[4].first_test, 5);
	assert_int_equal(pkg->groups[4].ntests, 6);
	s = &pkg->groups[3].settings;
	assert_dbl(s->accept_score, 30);
	assert_int_equal(s->smode, PROB_MIN);
	assert_int_equal(s->on_reject, PROB_BREAK);
	assert_string_equal(s->grader_flags, "min");
	/* No testdata.yaml in data/ or secret/: scoring defaults. */
	assert_null(pkg->groups[2].settings.from);
	assert_int_equal(pkg->groups[2].settings.on_reject, PROB_CONTINUE);
	assert_int_equal(pkg->groups[4].settings.smode, PROB_SUM);
	assert_dbl(prob_max_score(pkg), 100);
	prob_free(pkg);
	free(dir);
}

static void
test_prob_load_dir_legacy_keys(void **state UNUSED)
{
	struct prob_package		*pkg;
	char				*dir = testpkg("legacy");
	const struct prob_validator	*v;
	const struct prob_settings	*s;

	pkg = load_ok(dir);
	assert_int_equal(pkg->type, PROB_SCORING);
	assert_int_equal(pkg->time_limit_ms, 2500);
	assert_int_equal(pkg->time_from, PROB_TIME_FILE);
	assert_int_equal(pkg->memory_bytes, 512 * MIB);
	assert_int_equal(pkg->output_bytes, 16 * MIB);
	assert_int_equal(pkg->code_bytes, 64 * 1024);
	assert_int_equal(pkg->validation, PROB_VALIDATION_CUSTOM);
	assert_true(pkg->validator_score);
	assert_string_equal(pkg->validator_flags, "--strict --tolerance 3");
	/* Natural order, the group last; .desc and dot files ignored. */
	assert_int_equal(pkg->ntests, 7);
	assert_test(pkg, 1, "secret/1", 2);
	assert_test(pkg, 2, "secret/2", 2);
	assert_test(pkg, 3, "secret/10", 2);
	assert_test(pkg, 4, "secret/a", 2);
	assert_test(pkg, 5, "secret/b", 2);
	assert_test(pkg, 6, "secret/inherit/x", 3);
	assert_string_equal(pkg->tests[1].validator_flags,
	    "--strict --tolerance 3 --group secret");
	assert_string_equal(pkg->tests[0].validator_flags,
	    "--strict --tolerance 3");
	s = &pkg->groups[0].settings;
	assert_true(s->ignore_sample);
	assert_int_equal(s->on_reject, PROB_CONTINUE);
	assert_dbl(s->range_lo, 0);
	assert_dbl(s->range_hi, 100);
	/* A group without testdata.yaml takes its closest ancestor's. */
	s = &pkg->groups[3].settings;
	assert_string_equal(s->from, "data/secret/testdata.yaml");
	assert_int_equal(s->vmode, PROB_WORST_ERROR);
	assert_int_equal(s->smode, PROB_AVG);
	assert_dbl(s->accept_score, 50);
	assert_dbl(s->reject_score, -1);
	/* ... and whole: not the root's range. */
	assert_true(isinf(s->range_hi));
	/* The sample group's own file is data/testdata.yaml. */
	assert_string_equal(pkg->groups[1].settings.from, "data/testdata.yaml");
	assert_int_equal(pkg->nvalidators, 2);
	v = &pkg->validators[0];
	assert_string_equal(v->name, "checker");
	assert_int_equal(v->nfiles, 1);
	assert_string_equal(v->files[0].path, "checker.cpp");
	v = &pkg->validators[1];
	assert_string_equal(v->name, "multi");
	assert_int_equal(v->nfiles, 3);
	assert_string_equal(v->files[0].path, "build");
	assert_int_equal(v->files[0].mode, 0755);
	assert_string_equal(v->files[1].path, "lib/util.h");
	assert_int_equal(v->files[1].mode, 0644);
	assert_string_equal(v->files[2].path, "main.c");
	prob_free(pkg);
	free(dir);
}

static void
test_prob_load_dir_modern_keys(void **state UNUSED)
{
	struct prob_package	*pkg;
	char			*dir = testpkg("modern");

	pkg = load_ok(dir);
	assert_string_equal(pkg->name, "Modern");
	assert_int_equal(pkg->type, PROB_PASS_FAIL);
	/* limits.time_limit wins over .timelimit. */
	assert_int_equal(pkg->time_limit_ms, 250);
	assert_int_equal(pkg->time_from, PROB_TIME_YAML);
	assert_int_equal(pkg->memory_bytes, 64 * MIB);
	/* 2023-07: an output_validator/ folder means custom validation. */
	assert_int_equal(pkg->validation, PROB_VALIDATION_CUSTOM);
	assert_int_equal(pkg->nvalidators, 1);
	assert_string_equal(pkg->validators[0].name, "output_validator");
	assert_string_equal(pkg->validators[0].files[0].path, "validate.py");
	assert_int_equal(pkg->validators[0].files[0].mode, 0755);
	assert_string_equal(pkg->tests[1].validator_flags, "case_sensitive");
	prob_free(pkg);
	free(dir);
}

static void
test_prob_load_dir_short_name(void **state UNUSED)
{
	struct prob_package	*pkg;
	char			*dir, *cause = NULL;

	dir = build("Bad.Name", base_files, NULL);
	assert_int_equal(prob_load_dir(dir, &pkg, &cause), -1);
	assert_null(pkg);
	assert_string_equal(cause, "Bad.Name: not a valid problem name "
	    "(1 to 64 of a-z, 0-9, _ and -)");
	free(cause);
	/* The same folder under a given valid name loads. */
	assert_int_equal(prob_load_dir_as(dir, "good_name-2", &pkg, &cause), 0);
	assert_string_equal(pkg->short_name, "good_name-2");
	assert_string_equal(pkg->name, "T");
	prob_free(pkg);
	free(dir);
}

static void
test_prob_load_dir_defaults(void **state UNUSED)
{
	static const struct file	 files[] = {
		{ "problem.yaml", "" },
		{ "data/sample/.gitkeep", "" },
		{ "data/secret/x.in", "" },
		{ "data/secret/x.ans", "" },
		{ "data/invalid_input/bad.in", "junk\n" },
		{ NULL, NULL }
	};
	struct prob_package	*pkg;
	char			*dir;

	dir = build("defaults", files, NULL);
	pkg = load_ok(dir);
	/* An empty problem.yaml: every default, name from the folder. */
	assert_string_equal(pkg->name, "defaults");
	assert_int_equal(pkg->type, PROB_PASS_FAIL);
	assert_int_equal(pkg->time_limit_ms, PROB_DEFAULT_TIME_MS);
	assert_int_equal(pkg->memory_bytes, 0);
	assert_int_equal(pkg->output_bytes, 0);
	assert_string_equal(pkg->validator_flags, "");
	/* An empty sample group is allowed; invalid_input is not judged. */
	assert_int_equal(pkg->ntests, 1);
	assert_int_equal(pkg->ngroups, 3);
	assert_int_equal(pkg->groups[1].ntests, 0);
	assert_int_equal(prob_find_test(pkg, "secret/x"), 0);
	assert_int_equal(prob_find_test(pkg, "secret/y"), -1);
	prob_free(pkg);
	free(dir);
}

static void
test_prob_load_dir_bad_problem_yaml(void **state UNUSED)
{
	static const struct bad_case	cases[] = {
		{ "missing", { { "problem.yaml", NULL } },
		    "problem.yaml: missing" },
		{ "unknown type", { { "problem.yaml",
		    "name: T\ntype: batch\n" } },
		    "problem.yaml:2: type: unknown type \"batch\"" },
		{ "interactive", { { "problem.yaml", "type: interactive\n" } },
		    "problem.yaml:1: type: interactive problems are not "
		    "supported" },
		{ "both types", { { "problem.yaml",
		    "type: [pass-fail, scoring]\n" } },
		    "problem.yaml:1: type: both pass-fail and scoring" },
		{ "unknown key", { { "problem.yaml",
		    "name: T\ncolour: red\n" } },
		    "problem.yaml:2: colour: unknown key" },
		{ "format", { { "problem.yaml",
		    "problem_format_version: 1999-01\n" } },
		    "problem.yaml:1: problem_format_version: unknown version "
		    "\"1999-01\"" },
		{ "name map", { { "problem.yaml", "name: [a, b]\n" } },
		    "problem.yaml:1: name: not a string" },
		{ "name control", { { "problem.yaml", "name: \"a\\x01b\"\n" } },
		    "problem.yaml:1: name: control characters" },
		{ "top list", { { "problem.yaml", "- a\n- b\n" } },
		    "problem.yaml:1: not a map" },
		{ "validation word", { { "problem.yaml",
		    "validation: custom fancy\n" } },
		    "problem.yaml:1: validation: unknown word \"fancy\"" },
		{ "validation interactive", { { "problem.yaml",
		    "validation: custom interactive\n" } },
		    "problem.yaml:1: validation: interactive problems are not "
		    "supported" },
		{ "validation map", { { "problem.yaml",
		    "validation:\n  type: odd\n" } },
		    "problem.yaml:2: validation.type: must be default or "
		    "custom" },
		{ "score pass-fail", { { "problem.yaml",
		    "validation: custom score\n" },
		    { "output_validators/v.c", "int main(){}\n" } },
		    "problem.yaml:1: validation: score needs a custom "
		    "validator and a scoring problem" },
		{ "custom without validator", { { "problem.yaml",
		    "validation: custom\n" } },
		    "output_validators: missing, and validation is custom" },
		{ "validator flags", { { "problem.yaml",
		    "name: T\nvalidator_flags: case_sensitive bogus\n" } },
		    "problem.yaml:2: validator_flags: unknown flag \"bogus\"" },
		{ "validator flag value", { { "problem.yaml",
		    "validator_flags: float_tolerance\n" } },
		    "problem.yaml:1: validator_flags: float_tolerance: missing "
		    "value" },
		{ "objective", { { "problem.yaml",
		    "grading:\n  objective: min\n" } },
		    "problem.yaml:2: grading.objective: only max is "
		    "supported" },
	};

	run_bad(cases, sizeof cases / sizeof cases[0]);
}

static void
test_prob_load_dir_bad_limits(void **state UNUSED)
{
	static const struct bad_case	cases[] = {
		{ "time nan", { { "problem.yaml",
		    "name: T\nlimits:\n  time_limit: fast\n" } },
		    "problem.yaml:3: limits.time_limit: not a number" },
		{ "time negative", { { "problem.yaml",
		    "limits:\n  time_limit: -1\n" } },
		    "problem.yaml:2: limits.time_limit: must be greater "
		    "than 0" },
		{ "time zero", { { "problem.yaml",
		    "limits:\n  time_limit: 0\n" } },
		    "problem.yaml:2: limits.time_limit: must be greater "
		    "than 0" },
		{ "time absurd", { { "problem.yaml",
		    "limits:\n  time_limit: 601\n" } },
		    "problem.yaml:2: limits.time_limit: over the maximum of "
		    "600" },
		{ "time hex", { { "problem.yaml",
		    "limits:\n  time_limit: 0x10\n" } },
		    "problem.yaml:2: limits.time_limit: not a number" },
		{ "memory absurd", { { "problem.yaml",
		    "limits:\n  memory: 1e9\n" } },
		    "problem.yaml:2: limits.memory: over the maximum of "
		    "65536" },
		{ "memory list", { { "problem.yaml",
		    "limits:\n  memory: [1]\n" } },
		    "problem.yaml:2: limits.memory: not a number" },
		{ "output negative", { { "problem.yaml",
		    "limits:\n  output: -8\n" } },
		    "problem.yaml:2: limits.output: must be greater than 0" },
		{ "multiplier", { { "problem.yaml",
		    "limits:\n  time_multiplier: many\n" } },
		    "problem.yaml:2: limits.time_multiplier: not a number" },
		{ "multipliers key", { { "problem.yaml",
		    "limits:\n  time_multipliers:\n    fudge: 2\n" } },
		    "problem.yaml:3: limits.time_multipliers.fudge: unknown "
		    "key" },
		{ "limits key", { { "problem.yaml",
		    "limits:\n  cpus: 4\n" } },
		    "problem.yaml:2: limits.cpus: unknown key" },
		{ "limits list", { { "problem.yaml", "limits: [1, 2]\n" } },
		    "problem.yaml:1: limits: not a map" },
		{ "timelimit file", { { ".timelimit", "soon\n" } },
		    ".timelimit: \"soon\" is not a number" },
		{ "timelimit absurd", { { ".timelimit", "100000\n" } },
		    ".timelimit: must be over 0 and at most 600 seconds" },
		{ "timelimit big", { { ".timelimit",
		    "1111111111111111111111111111111111111111111111111111111111"
		    "111111111\n" } },
		    ".timelimit: over the 64-byte limit" },
	};

	run_bad(cases, sizeof cases / sizeof cases[0]);
}

static void
test_prob_load_dir_bad_yaml(void **state UNUSED)
{
	static const struct bad_case	cases[] = {
		{ "syntax", { { "problem.yaml", "name: T\nlimits: [1\n" } },
		    "problem.yaml:3: did not find expected ',' or ']' while "
		    "parsing a flow sequence" },
		{ "anchor", { { "problem.yaml",
		    "name: &n T\nsource: *n\n" } },
		    "problem.yaml:1: anchors are not allowed" },
		{ "alias", { { "problem.yaml", "name: T\nsource: *n\n" } },
		    "problem.yaml:2: aliases are not allowed" },
		{ "bomb", { { "problem.yaml",
		    "a: &a [x, x, x, x, x, x, x, x, x]\n"
		    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
		    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n" } },
		    "problem.yaml:1: anchors are not allowed" },
		{ "tag", { { "problem.yaml",
		    "name: !!python/object:os.system T\n" } },
		    "problem.yaml:1: tags other than the core ones are not "
		    "allowed" },
		{ "duplicate", { { "problem.yaml", "name: T\nname: U\n" } },
		    "problem.yaml:2: name: duplicate key" },
		{ "complex key", { { "problem.yaml", "? [a]\n: b\n" } },
		    "problem.yaml:1: keys must be scalars" },
		{ "deep", { { "problem.yaml",
		    "constants: [[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]\n" } },
		    "problem.yaml:1: nested more than 16 levels deep" },
		{ "two documents", { { "problem.yaml",
		    "name: T\n---\nname: U\n" } },
		    "problem.yaml:2: more than one document" },
		{ "nul", { { "problem.yaml", "name: \"a\\0b\"\n" } },
		    "problem.yaml:1: NUL byte in a string" },
		{ "not utf-8", { { "problem.yaml", "name: \xff\xfe\n" } },
		    "problem.yaml:1: invalid leading UTF-8 octet" },
		{ "testdata syntax", { { "data/secret/testdata.yaml",
		    "on_reject: [\n" } },
		    "data/secret/testdata.yaml:2: did not find expected node "
		    "content while parsing a flow node" },
	};

	run_bad(cases, sizeof cases / sizeof cases[0]);
}

static void
test_prob_load_dir_yaml_size(void **state UNUSED)
{
	static const struct bad_case	 cases[] = {
		{ "nodes", { { "problem.yaml", NULL } },
		    "problem.yaml:1: more than 4096 nodes" },
		{ "size", { { "problem.yaml", NULL } },
		    "problem.yaml: over the 65536-byte limit" },
	};
	struct bad_case			 c[2];
	char				*nodes, *big;
	size_t				 i;

	/* keywords: [k, k, ...]: a valid key with too many nodes. */
	nodes = malloc(5000 * 3 + 64);
	assert_non_null(nodes);
	i = (size_t)sprintf(nodes, "keywords: [k");
	while (i < 5000 * 3)
		i += (size_t)sprintf(nodes + i, ", k");
	strcpy(nodes + i, "]\n");
	big = malloc(PROB_MAX_YAML_BYTES + 64);
	assert_non_null(big);
	memset(big, '#', PROB_MAX_YAML_BYTES + 1);
	big[PROB_MAX_YAML_BYTES + 1] = '\0';
	memcpy(c, cases, sizeof c);
	c[0].files[0].data = nodes;
	c[1].files[0].data = big;
	run_bad(c, 2);
	free(nodes);
	free(big);
}

static void
test_prob_load_dir_bad_data(void **state UNUSED)
{
	static const struct bad_case	cases[] = {
		{ "no ans", { { "data/secret/2.in", "2\n" } },
		    "data/secret/2.in: no matching .ans file" },
		{ "no in", { { "data/secret/2.ans", "2\n" } },
		    "data/secret/2.ans: no matching .in file" },
		{ "ans is a folder", { { "data/secret/2.in", "2\n" },
		    { "data/secret/2.ans", "@dir" } },
		    "data/secret/2.in: no matching .ans file" },
		{ "no data", { { "data/secret/1.in", NULL },
		    { "data/secret/1.ans", NULL } },
		    "data/secret: missing" },
		{ "empty secret", { { "data/secret/1.in", NULL },
		    { "data/secret/1.ans", NULL }, { "data/secret", "@dir" } },
		    "data/secret: no test cases" },
		{ "empty group", { { "data/secret/g1/testdata.yaml", "" } },
		    "data/secret/g1: no test cases" },
		{ "case clash", { { "data/secret/A.in", "" },
		    { "data/secret/A.ans", "" }, { "data/secret/a.in", "" },
		    { "data/secret/a.ans", "" } },
		    "data/secret: duplicate test names \"A\" and \"a\" (differ "
		    "only in case)" },
		{ "test and group", { { "data/secret/1/x.in", "" },
		    { "data/secret/1/x.ans", "" } },
		    "data/secret/1: both a test case and a group" },
		{ "test at root", { { "data/x.in", "" },
		    { "data/x.ans", "" } },
		    "data/x.in: test cases belong in data/sample or "
		    "data/secret" },
		{ "files folder", { { "data/secret/1.files/a", "" } },
		    "data/secret/1.files: test case file folders are not "
		    "supported" },
		{ "not utf-8", { { "data/secret/\xff.in", "" } },
		    "data/secret: name \"\\xff.in\" is not UTF-8 or has "
		    "control characters" },
		{ "control byte", { { "data/secret/a\tb.in", "" } },
		    "data/secret: name \"a\\tb.in\" is not UTF-8 or has "
		    "control characters" },
		{ "symlink", { { "data/secret/2.in", "@link:/etc/passwd" },
		    { "data/secret/2.ans", "x\n" } },
		    "data/secret/2.in: symbolic links are not allowed" },
		{ "symlinked data", { { "data/secret/1.in", NULL },
		    { "data/secret/1.ans", NULL }, { "data", "@link:/tmp" } },
		    "data: symbolic links are not allowed" },
		{ "fifo", { { "data/secret/2.in", "@fifo" },
		    { "data/secret/2.ans", "x\n" } },
		    "data/secret/2.in: not a regular file or a folder" },
		{ "big", { { "data/secret/2.in", "@big" },
		    { "data/secret/2.ans", "x\n" } },
		    "data/secret/2.in: over the 268435456-byte file size "
		    "limit" },
		{ "problem.yaml link", { { "problem.yaml",
		    "@link:/etc/passwd" } },
		    "problem.yaml: is a symbolic link" },
		{ "too deep", { { "data/secret/a/b/c/d/e/f/g/h/1.in", "" },
		    { "data/secret/a/b/c/d/e/f/g/h/1.ans", "" } },
		    "data/secret/a/b/c/d/e/f/g/h: groups nested more than 8 "
		    "deep" },
	};

	run_bad(cases, sizeof cases / sizeof cases[0]);
}

static void
test_prob_load_dir_bad_testdata(void **state UNUSED)
{
	static const struct bad_case	cases[] = {
		{ "on_reject", { { "data/secret/testdata.yaml",
		    "on_reject: maybe\n" } },
		    "data/secret/testdata.yaml:1: on_reject: must be break or "
		    "continue" },
		{ "grader flag", { { "data/secret/testdata.yaml",
		    "grader_flags: min median\n" } },
		    "data/secret/testdata.yaml:1: grader_flags: unknown grader "
		    "flag \"median\"" },
		{ "ignore_sample", { { "data/secret/testdata.yaml",
		    "grader_flags: ignore_sample\n" } },
		    "data/secret/testdata.yaml:1: grader_flags: ignore_sample "
		    "is only for data/" },
		{ "grading", { { "data/testdata.yaml", "grading: custom\n" } },
		    "data/testdata.yaml:1: grading: only default grading is "
		    "supported" },
		{ "score pass-fail", { { "data/secret/testdata.yaml",
		    "accept_score: 5\n" } },
		    "data/secret/testdata.yaml:1: accept_score: only for "
		    "scoring problems" },
		{ "score nan", { { "problem.yaml", "type: scoring\n" },
		    { "data/secret/testdata.yaml", "accept_score: lots\n" } },
		    "data/secret/testdata.yaml:1: accept_score: not a number" },
		{ "score huge", { { "problem.yaml", "type: scoring\n" },
		    { "data/secret/testdata.yaml", "reject_score: -1e10\n" } },
		    "data/secret/testdata.yaml:1: reject_score: over the "
		    "maximum of 1e+09" },
		{ "range", { { "problem.yaml", "type: scoring\n" },
		    { "data/secret/testdata.yaml", "range: 10 0\n" } },
		    "data/secret/testdata.yaml:1: range: must be two numbers, "
		    "low then high" },
		{ "unknown key", { { "data/secret/testdata.yaml",
		    "on_reject: break\nweight: 2\n" } },
		    "data/secret/testdata.yaml:2: weight: unknown key" },
		{ "flags", { { "data/testdata.yaml",
		    "output_validator_flags: float_tolerance -1\n" } },
		    "data/testdata.yaml: output_validator_flags: "
		    "float_tolerance: \"-1\" is not a number >= 0" },
		{ "alias", { { "data/testdata.yaml",
		    "a: &x 1\n" } },
		    "data/testdata.yaml:1: anchors are not allowed" },
	};

	run_bad(cases, sizeof cases / sizeof cases[0]);
}

static void
test_prob_load_dir_bad_validators(void **state UNUSED)
{
	static const struct bad_case	cases[] = {
		{ "two named v", { { "problem.yaml", "validation: custom\n" },
		    { "output_validators/v.c", "x" },
		    { "output_validators/v.py", "y" } },
		    "output_validators/v.py: a second validator named v" },
		{ "empty folder", { { "problem.yaml", "validation: custom\n" },
		    { "output_validators/v", "@dir" } },
		    "output_validators/v: empty" },
		{ "symlink", { { "problem.yaml", "validation: custom\n" },
		    { "output_validators/v/main.c", "@link:/etc/shadow" } },
		    "output_validators/v/main.c: symbolic links are not "
		    "allowed" },
		{ "symlinked folder", { { "problem.yaml",
		    "validation: custom\n" },
		    { "output_validators", "@link:/etc" } },
		    "output_validators: symbolic links are not allowed" },
	};

	run_bad(cases, sizeof cases / sizeof cases[0]);
}

static void
test_prob_short_name_ok_cases(void **state UNUSED)
{
	char	long_name[80];

	assert_true(prob_short_name_ok("hello"));
	assert_true(prob_short_name_ok("a-b_c-09"));
	assert_false(prob_short_name_ok(""));
	assert_false(prob_short_name_ok("Hello"));
	assert_false(prob_short_name_ok("a.b"));
	assert_false(prob_short_name_ok("a/b"));
	assert_false(prob_short_name_ok("..") );
	memset(long_name, 'a', 64);
	long_name[64] = '\0';
	assert_true(prob_short_name_ok(long_name));
	long_name[64] = 'a';
	long_name[65] = '\0';
	assert_false(prob_short_name_ok(long_name));
}

static void
test_prob_natcmp_order(void **state UNUSED)
{
	assert_true(prob_natcmp("2", "10") < 0);
	assert_true(prob_natcmp("10", "2") > 0);
	assert_true(prob_natcmp("a2b", "a10b") < 0);
	assert_true(prob_natcmp("a", "a1") < 0);
	assert_true(prob_natcmp("1", "01") != 0);
	assert_true(prob_natcmp("01", "1") == -prob_natcmp("1", "01"));
	assert_true(prob_natcmp("1a", "1b") < 0);
	assert_true(prob_natcmp("99999999999999999999999",
	    "100000000000000000000000") < 0);
	assert_int_equal(prob_natcmp("abc", "abc"), 0);
	assert_true(prob_natcmp("sample", "secret") < 0);
}

static void
test_prob_yaml_parse_shapes(void **state UNUSED)
{
	struct prob_ynode	*root, *v;
	char			*cause = NULL;
	const char		*doc = "a: 1\nb: [x, 'y']\nc: {d: ~}\n";

	assert_int_equal(prob_yaml_parse(doc, strlen(doc), "f", &root, &cause),
	    0);
	assert_non_null(root);
	assert_int_equal(root->type, PROB_Y_MAP);
	assert_int_equal(root->nkids, 6);
	v = prob_yaml_get(root, "b");
	assert_int_equal(v->type, PROB_Y_SEQ);
	assert_int_equal(v->nkids, 2);
	assert_true(v->kids[0]->plain);
	assert_false(v->kids[1]->plain);
	assert_int_equal(v->line, 2);
	v = prob_yaml_get(prob_yaml_get(root, "c"), "d");
	assert_true(prob_yaml_null(v));
	assert_null(prob_yaml_get(root, "z"));
	prob_yaml_free(root);
	/* Empty and null documents are no tree at all. */
	assert_int_equal(prob_yaml_parse("", 0, "f", &root, &cause), 0);
	assert_null(root);
	assert_int_equal(prob_yaml_parse("~\n", 2, "f", &root, &cause), 0);
	assert_null(root);
	assert_int_equal(prob_yaml_parse("# only\n", 7, "f", &root, &cause), 0);
	assert_null(root);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_prob_load_dir_example_hello),
		cmocka_unit_test(test_prob_load_dir_example_floatsum),
		cmocka_unit_test(test_prob_load_dir_example_custom),
		cmocka_unit_test(test_prob_load_dir_example_groups),
		cmocka_unit_test(test_prob_load_dir_legacy_keys),
		cmocka_unit_test(test_prob_load_dir_modern_keys),
		cmocka_unit_test_setup_teardown(test_prob_load_dir_short_name,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_prob_load_dir_defaults,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_prob_load_dir_bad_problem_yaml, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prob_load_dir_bad_limits,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_prob_load_dir_bad_yaml,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_prob_load_dir_yaml_size,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_prob_load_dir_bad_data,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_prob_load_dir_bad_testdata, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_prob_load_dir_bad_validators, setup, teardown),
		cmocka_unit_test(test_prob_short_name_ok_cases),
		cmocka_unit_test(test_prob_natcmp_order),
		cmocka_unit_test(test_prob_yaml_parse_shapes),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
