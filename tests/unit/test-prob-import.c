/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for problems/import.c: archives written here with libarchive
 * (zip, tar, tar.gz, tar.xz) import when good; hostile ones are refused
 * with nothing left behind in the destination.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <cmocka.h>

#include "problems/prob.h"

#define UNUSED	__attribute__((unused))

enum etype {
	E_FILE = 0,
	E_DIR,
	E_SYMLINK,
	E_HARDLINK,
	E_FIFO
};

struct aent {
	const char	*path;
	enum etype	 type;
	const char	*data;	/* file contents, or the link target */
};

struct hostile {
	const char	*file;		/* archive name */
	int		 format;	/* 'z' zip, 't' tar */
	struct aent	 e[6];
	const char	*want;		/* exact cause */
};

/* A small valid package, as archive entries. */
#define GOOD_ENTRIES \
	{ "problem.yaml", E_FILE, "name: Good\n" }, \
	{ "data/secret/1.in", E_FILE, "1\n" }, \
	{ "data/secret/1.ans", E_FILE, "1\n" }

static char	*tmproot, *dest, *src;

static int
setup(void **state UNUSED)
{
	char	tmpl[] = "/tmp/test-prob-import.XXXXXX";

	if (mkdtemp(tmpl) == NULL)
		return (-1);
	tmproot = strdup(tmpl);
	if (asprintf(&dest, "%s/dest", tmproot) == -1 ||
	    asprintf(&src, "%s/src", tmproot) == -1)
		return (-1);
	if (mkdir(dest, 0755) == -1 || mkdir(src, 0755) == -1)
		return (-1);
	return (0);
}

static int
teardown(void **state UNUSED)
{
	int	rc;

	rc = prob_remove_tree(tmproot);
	free(tmproot);
	free(dest);
	free(src);
	return (rc);
}

static size_t
count_entries(const char *dir)
{
	struct dirent	*de;
	DIR		*d;
	size_t		 n = 0;

	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	}
	closedir(d);
	return (n);
}

static struct archive *
open_writer(const char *path, int format, int filter)
{
	struct archive	*a;

	a = archive_write_new();
	assert_non_null(a);
	if (format == 'z')
		assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
	else
		assert_int_equal(archive_write_set_format_pax_restricted(a),
		    ARCHIVE_OK);
	if (filter == 'g')
		assert_true(archive_write_add_filter_gzip(a) >= ARCHIVE_WARN);
	else if (filter == 'x')
		assert_true(archive_write_add_filter_xz(a) >= ARCHIVE_WARN);
	if (archive_write_open_filename(a, path) != ARCHIVE_OK)
		fail_msg("%s: %s", path, archive_error_string(a));
	return (a);
}

static void
add_entry(struct archive *a, const char *path, enum etype type,
    const void *data, size_t len, mode_t perm)
{
	struct archive_entry	*ae;

	ae = archive_entry_new();
	assert_non_null(ae);
	archive_entry_set_pathname(ae, path);
	archive_entry_set_perm(ae, perm);
	switch (type) {
	case E_FILE:
		archive_entry_set_filetype(ae, AE_IFREG);
		archive_entry_set_size(ae, len);
		break;
	case E_DIR:
		archive_entry_set_filetype(ae, AE_IFDIR);
		break;
	case E_SYMLINK:
		archive_entry_set_filetype(ae, AE_IFLNK);
		archive_entry_set_symlink(ae, data);
		len = 0;
		break;
	case E_HARDLINK:
		archive_entry_set_filetype(ae, AE_IFREG);
		archive_entry_set_hardlink(ae, data);
		archive_entry_set_size(ae, 0);
		len = 0;
		break;
	case E_FIFO:
		archive_entry_set_filetype(ae, AE_IFIFO);
		len = 0;
		break;
	}
	if (archive_write_header(a, ae) != ARCHIVE_OK)
		fail_msg("%s: %s", path, archive_error_string(a));
	if (len > 0)
		assert_int_equal(archive_write_data(a, data, len), len);
	archive_entry_free(ae);
}

static void
close_writer(struct archive *a)
{
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	assert_int_equal(archive_write_free(a), ARCHIVE_OK);
}

static char *
write_archive(const char *name, int format, int filter, const struct aent *e,
    size_t n)
{
	struct archive	*a;
	char		*path;
	size_t		 i, len;

	if (asprintf(&path, "%s/%s", src, name) == -1)
		fail_msg("asprintf");
	a = open_writer(path, format, filter);
	for (i = 0; i < n && e[i].path != NULL; i++) {
		len = e[i].type == E_FILE ? strlen(e[i].data) : 0;
		add_entry(a, e[i].path, e[i].type, e[i].data, len, 0644);
	}
	close_writer(a);
	return (path);
}

/* Add the files of folder dir below prefix in the archive. */
static void
add_tree(struct archive *a, const char *dir, const char *prefix)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	char		 path[4096], inner[4096], *buf;
	FILE		*fp;

	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		snprintf(inner, sizeof inner, "%s%s%s", prefix,
		    *prefix != '\0' ? "/" : "", de->d_name);
		assert_int_equal(lstat(path, &st), 0);
		if (S_ISDIR(st.st_mode)) {
			add_entry(a, inner, E_DIR, NULL, 0, 0755);
			add_tree(a, path, inner);
			continue;
		}
		buf = malloc(st.st_size + 1);
		assert_non_null(buf);
		fp = fopen(path, "rb");
		assert_non_null(fp);
		assert_int_equal(fread(buf, 1, st.st_size, fp), st.st_size);
		fclose(fp);
		add_entry(a, inner, E_FILE, buf, st.st_size, st.st_mode & 0777);
		free(buf);
	}
	closedir(d);
}

static char *
archive_example(const char *example, const char *name, int format,
    int filter, const char *prefix)
{
	struct archive	*a;
	char		*path, dir[4096];

	snprintf(dir, sizeof dir, "%s/problems/examples/%s", PROB_SRCDIR,
	    example);
	if (asprintf(&path, "%s/%s", src, name) == -1)
		fail_msg("asprintf");
	a = open_writer(path, format, filter);
	if (*prefix != '\0')
		add_entry(a, prefix, E_DIR, NULL, 0, 0755);
	add_tree(a, dir, prefix);
	close_writer(a);
	return (path);
}

static struct prob_package *
import_ok(const char *path)
{
	struct prob_package	*pkg;
	char			*cause = NULL;

	if (prob_import(path, dest, &pkg, &cause) != 0)
		fail_msg("%s: %s", path, cause);
	assert_null(cause);
	assert_non_null(pkg);
	return (pkg);
}

/* Refused with exactly this cause, and nothing left anywhere. */
static void
import_bad(const char *path, const struct prob_import_limits *lim,
    const char *want)
{
	struct prob_package	*pkg = (struct prob_package *)1;
	char			*cause = NULL, evil[4096];
	struct stat		 st;

	if (prob_import_limits(path, dest, lim, &pkg, &cause) == 0)
		fail_msg("%s: imported", path);
	assert_null(pkg);
	if (cause == NULL || (strcmp(cause, want) != 0 &&
	    !(want[strlen(want) - 1] == '*' &&
	    strncmp(cause, want, strlen(want) - 1) == 0)))
		fail_msg("%s: cause \"%s\", want \"%s\"", path,
		    cause != NULL ? cause : "(null)", want);
	free(cause);
	if (count_entries(dest) != 0)
		fail_msg("%s: left %zu entries in dest", path,
		    count_entries(dest));
	snprintf(evil, sizeof evil, "%s/evil", tmproot);
	assert_int_equal(lstat(evil, &st), -1);
	snprintf(evil, sizeof evil, "%s/evil", src);
	assert_int_equal(lstat(evil, &st), -1);
}

static void
assert_dir_in_dest(const struct prob_package *pkg, const char *name)
{
	char		 want[4096], *real;
	struct stat	 st;

	real = realpath(dest, NULL);
	assert_non_null(real);
	snprintf(want, sizeof want, "%s/%s.", real, name);
	free(real);
	if (strncmp(pkg->dir, want, strlen(want)) != 0)
		fail_msg("dir %s is not %s*", pkg->dir, want);
	assert_int_equal(strlen(pkg->dir), strlen(want) + 6);
	assert_int_equal(lstat(pkg->dir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0755);
	/* Only the package: no temporary folder left next to it. */
	assert_int_equal(count_entries(dest), 1);
}

static void
test_prob_import_zip(void **state UNUSED)
{
	struct prob_package	*pkg;
	char			*path, file[4096];
	struct stat		 st;

	/* The usual shape: one top folder, stripped. */
	path = archive_example("hello", "hello.zip", 'z', 0, "hello");
	pkg = import_ok(path);
	assert_string_equal(pkg->short_name, "hello");
	assert_dir_in_dest(pkg, "hello");
	assert_int_equal(pkg->ntests, 9);
	assert_int_equal(pkg->time_limit_ms, 1000);
	assert_int_equal(pkg->time_from, PROB_TIME_FILE);
	snprintf(file, sizeof file, "%s/%s", pkg->dir, pkg->tests[8].ans_path);
	assert_int_equal(stat(file, &st), 0);
	assert_int_equal(st.st_size, pkg->tests[8].ans_size);
	snprintf(file, sizeof file, "%s/submissions/accepted/hello.c",
	    pkg->dir);
	assert_int_equal(stat(file, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	prob_free(pkg);
	free(path);
}

static void
test_prob_import_tar_gz(void **state UNUSED)
{
	struct prob_package	*pkg;
	char			*path;

	path = archive_example("floatsum", "floatsum.tar.gz", 't', 'g',
	    "floatsum");
	pkg = import_ok(path);
	assert_dir_in_dest(pkg, "floatsum");
	assert_int_equal(pkg->ntests, 7);
	assert_true(pkg->tests[3].vflags.abs_tol == 1e-6);
	prob_free(pkg);
	free(path);
}

static void
test_prob_import_tar_xz(void **state UNUSED)
{
	struct prob_package	*pkg;
	char			*path;

	path = archive_example("groups", "groups.tar.xz", 't', 'x', "groups");
	pkg = import_ok(path);
	assert_dir_in_dest(pkg, "groups");
	assert_int_equal(pkg->ntests, 11);
	assert_true(prob_max_score(pkg) == 100);
	prob_free(pkg);
	free(path);
}

static void
test_prob_import_tar_flat(void **state UNUSED)
{
	struct prob_package	*pkg;
	char			*path;

	/* No top folder, entries at the root: nothing to strip. */
	path = archive_example("custom", "custom.tar", 't', 0, "");
	pkg = import_ok(path);
	assert_dir_in_dest(pkg, "custom");
	assert_int_equal(pkg->validation, PROB_VALIDATION_CUSTOM);
	assert_string_equal(pkg->validators[0].name, "split");
	prob_free(pkg);
	free(path);
}

static void
test_prob_import_by_content(void **state UNUSED)
{
	struct prob_package	*pkg, *again;
	char			*path;

	/* A tar.xz named .zip: the content decides. */
	path = archive_example("groups", "tri.zip", 't', 'x', "groups");
	pkg = import_ok(path);
	assert_string_equal(pkg->short_name, "tri");
	assert_int_equal(pkg->ntests, 11);
	/* A second import is a second, separate folder. */
	again = import_ok(path);
	assert_string_not_equal(pkg->dir, again->dir);
	assert_int_equal(count_entries(dest), 2);
	prob_free(pkg);
	prob_free(again);
	free(path);
}

static void
test_prob_import_folder(void **state UNUSED)
{
	struct prob_package	*pkg;
	char			 dir[4096], file[4096];
	struct stat		 st;

	snprintf(dir, sizeof dir, "%s/problems/examples/custom", PROB_SRCDIR);
	pkg = import_ok(dir);
	/* A copy: the package lives in dest, not in the source tree. */
	assert_dir_in_dest(pkg, "custom");
	assert_int_equal(pkg->ntests, 7);
	snprintf(file, sizeof file, "%s/output_validators/split/split.c",
	    pkg->dir);
	assert_int_equal(stat(file, &st), 0);
	assert_int_equal(st.st_size, pkg->validators[0].files[0].len);
	prob_free(pkg);
}

static void
test_prob_import_folder_hostile(void **state UNUSED)
{
	char	dir[1024], path[4096];
	int	fd;

	snprintf(dir, sizeof dir, "%s/pkg", src);
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(path, sizeof path, "%s/data", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof path, "%s/data/secret", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof path, "%s/problem.yaml", dir);
	fd = open(path, O_WRONLY|O_CREAT, 0644);
	assert_true(fd != -1);
	close(fd);
	snprintf(path, sizeof path, "%s/data/secret/1.in", dir);
	assert_int_equal(symlink("/etc/passwd", path), 0);
	import_bad(dir, NULL, "pkg: data/secret/1.in: symbolic links are not "
	    "allowed");
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkfifo(path, 0644), 0);
	import_bad(dir, NULL, "pkg: data/secret/1.in: special files are not "
	    "allowed");
	assert_int_equal(unlink(path), 0);
	/* Fine as files, but not a valid package: still nothing left. */
	fd = open(path, O_WRONLY|O_CREAT, 0644);
	assert_true(fd != -1);
	close(fd);
	import_bad(dir, NULL, "data/secret/1.in: no matching .ans file");
}

static void
test_prob_import_hostile(void **state UNUSED)
{
	static const struct hostile	cases[] = {
		{ "evil.zip", 'z', { GOOD_ENTRIES,
		    { "../evil", E_FILE, "pwned\n" } },
		    "evil.zip: ../evil: path leaves the package" },
		{ "evil3.zip", 'z', { GOOD_ENTRIES,
		    { "../../../evil", E_FILE, "pwned\n" } },
		    "evil3.zip: ../../../evil: path leaves the package" },
		{ "evil2.tar", 't', { GOOD_ENTRIES,
		    { "data/../../evil", E_FILE, "pwned\n" } },
		    "evil2.tar: data/../../evil: path leaves the package" },
		{ "abs.tar", 't', { GOOD_ENTRIES,
		    { "/tmp/evil", E_FILE, "pwned\n" } },
		    "abs.tar: /tmp/evil: absolute paths are not allowed" },
		{ "abs.zip", 'z', { { "/evil", E_FILE, "pwned\n" } },
		    "abs.zip: /evil: absolute paths are not allowed" },
		{ "link.tar", 't', { GOOD_ENTRIES,
		    { "data/secret/2.in", E_SYMLINK, "/etc/passwd" } },
		    "link.tar: data/secret/2.in: symbolic links are not "
		    "allowed" },
		{ "link.zip", 'z', { GOOD_ENTRIES,
		    { "data/secret/2.in", E_SYMLINK, "/etc/passwd" } },
		    "link.zip: data/secret/2.in: symbolic links are not "
		    "allowed" },
		{ "inner-link.tar", 't', { GOOD_ENTRIES,
		    { "data/secret/2.ans", E_SYMLINK, "1.ans" } },
		    "inner-link.tar: data/secret/2.ans: symbolic links are not "
		    "allowed" },
		{ "hard.tar", 't', { GOOD_ENTRIES,
		    { "data/secret/2.in", E_HARDLINK, "/etc/passwd" } },
		    "hard.tar: data/secret/2.in: hard links are not allowed" },
		{ "fifo.tar", 't', { GOOD_ENTRIES,
		    { "data/secret/2.in", E_FIFO, NULL } },
		    "fifo.tar: data/secret/2.in: special files are not "
		    "allowed" },
		{ "utf8.zip", 'z', { GOOD_ENTRIES,
		    { "data/secret/\xff\xfe.in", E_FILE, "x" } },
		    "utf8.zip: data/secret/\\xff\\xfe.in: name is not UTF-8 "
		    "or has control characters or backslashes" },
		{ "ctrl.tar", 't', { GOOD_ENTRIES,
		    { "data/secret/\x1b[2J.in", E_FILE, "x" } },
		    "ctrl.tar: data/secret/\\x1b[2J.in: name is not UTF-8 or "
		    "has control characters or backslashes" },
		{ "backslash.tar", 't', { GOOD_ENTRIES,
		    { "data\\secret\\2.in", E_FILE, "x" } },
		    "backslash.tar: data\\secret\\2.in: name is not UTF-8 or "
		    "has control characters or backslashes" },
		{ "dup.tar", 't', { GOOD_ENTRIES,
		    { "data/secret/1.ans", E_FILE, "2\n" } },
		    "dup.tar: data/secret/1.ans: duplicate entry" },
		{ "clash.tar", 't', { GOOD_ENTRIES,
		    { "data/secret/1.in/x", E_FILE, "x" } },
		    "clash.tar: data/secret/1.in/x: a file and a folder have "
		    "the same name" },
		{ "clash2.tar", 't', { GOOD_ENTRIES,
		    { "problem.yaml", E_DIR, NULL } },
		    "clash2.tar: problem.yaml: a file and a folder have the "
		    "same name" },
		{ "deep.tar", 't', { GOOD_ENTRIES,
		    { "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q", E_FILE, "x" } },
		    "deep.tar: a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q: path too "
		    "deep or too long" },
		{ "empty.tar", 't', { { NULL, 0, NULL } },
		    "problem.yaml: missing" },
		{ "noans.zip", 'z', { { "problem.yaml", E_FILE, "name: X\n" },
		    { "data/secret/1.in", E_FILE, "1\n" } },
		    "data/secret/1.in: no matching .ans file" },
		{ "yaml.tar", 't', { { "p/problem.yaml", E_FILE,
		    "name: [unclosed\n" } },
		    "problem.yaml:2: did not find expected ',' or ']' while "
		    "parsing a flow sequence" },
	};
	size_t	 i;
	char	*path;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		path = write_archive(cases[i].file, cases[i].format, 0,
		    cases[i].e, 6);
		import_bad(path, NULL, cases[i].want);
		free(path);
	}
}

static void
test_prob_import_not_archive(void **state UNUSED)
{
	char	 path[4096];
	FILE	*fp;

	snprintf(path, sizeof path, "%s/notes.zip", src);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("this is not an archive\n", fp);
	fclose(fp);
	import_bad(path, NULL, "notes.zip: not a zip, tar, tar.gz or tar.xz "
	    "archive*");
	import_bad("/nonexistent/x.zip", NULL, "/nonexistent/x.zip: No such "
	    "file or directory");
	snprintf(path, sizeof path, "%s/Bad Name.zip", src);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fclose(fp);
	import_bad(path, NULL, "Bad Name.zip: not a valid problem name (1 to "
	    "64 of a-z, 0-9, _ and -)");
}

static void
test_prob_import_bomb(void **state UNUSED)
{
	static const struct prob_import_limits	 small = {
		20, 1 << 20, 3 << 19
	};
	struct archive				*a;
	char					*zeros, path[4096];
	size_t					 i;

	/* 8 MiB of zeros deflate to a few KiB. */
	zeros = calloc(1, 8 << 20);
	assert_non_null(zeros);
	snprintf(path, sizeof path, "%s/bomb.zip", src);
	a = open_writer(path, 'z', 0);
	add_entry(a, "problem.yaml", E_FILE, "name: B\n", 8, 0644);
	add_entry(a, "data/secret/1.in", E_FILE, zeros, 8 << 20, 0644);
	close_writer(a);
	import_bad(path, &small, "bomb.zip: data/secret/1.in: over the "
	    "1048576-byte file size limit");

	/* Files under the per-file limit, but over the total. */
	snprintf(path, sizeof path, "%s/total.tar.gz", src);
	a = open_writer(path, 't', 'g');
	for (i = 0; i < 3; i++) {
		char	name[64];

		snprintf(name, sizeof name, "data/secret/%zu.in", i);
		add_entry(a, name, E_FILE, zeros, 700 << 10, 0644);
	}
	close_writer(a);
	import_bad(path, &small, "total.tar.gz: data/secret/2.in: the package "
	    "is over the 1572864-byte limit");

	/* More entries than allowed. */
	snprintf(path, sizeof path, "%s/many.zip", src);
	a = open_writer(path, 'z', 0);
	for (i = 0; i < 21; i++) {
		char	name[64];

		snprintf(name, sizeof name, "f%02zu", i);
		add_entry(a, name, E_FILE, "x", 1, 0644);
	}
	close_writer(a);
	import_bad(path, &small, "many.zip: more than 20 files");
	free(zeros);
}

static void
test_prob_import_default_limits(void **state UNUSED)
{
	struct archive	*a;
	unsigned char	 hdr[1024];
	char		 path[4096], name[64];
	unsigned int	 sum = 0;
	size_t		 i;
	FILE		*fp;

	/* PROB_IMPORT_MAX_FILES + 1 empty files. */
	snprintf(path, sizeof path, "%s/lots.tar", src);
	a = open_writer(path, 't', 0);
	for (i = 0; i <= PROB_IMPORT_MAX_FILES; i++) {
		snprintf(name, sizeof name, "d/f%05zu", i);
		add_entry(a, name, E_FILE, "", 0, 0644);
	}
	close_writer(a);
	import_bad(path, NULL, "lots.tar: more than 10000 files");

	/*
	 * A ustar header declaring an 8 GiB file and no data at all: the
	 * declared size is refused before a byte is read or written.
	 */
	memset(hdr, 0, sizeof hdr);
	strcpy((char *)hdr, "huge.in");
	memcpy(hdr + 100, "0000644", 8);
	memcpy(hdr + 108, "0000000", 8);
	memcpy(hdr + 116, "0000000", 8);
	memcpy(hdr + 124, "77777777777", 12);
	memcpy(hdr + 136, "00000000000", 12);
	memset(hdr + 148, ' ', 8);
	hdr[156] = '0';
	memcpy(hdr + 257, "ustar", 6);
	memcpy(hdr + 263, "00", 2);
	for (i = 0; i < 512; i++)
		sum += hdr[i];
	snprintf((char *)hdr + 148, 8, "%06o", sum);
	snprintf(path, sizeof path, "%s/sparse.tar", src);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(hdr, 1, sizeof hdr, fp), sizeof hdr);
	fclose(fp);
	import_bad(path, NULL, "sparse.tar: huge.in: over the 268435456-byte "
	    "file size limit");
}

static void
test_prob_import_name_cases(void **state UNUSED)
{
	static const struct {
		const char	*file, *want;
	} ok[] = {
		{ "a.zip", "a" }, { "b.tar", "b" }, { "c.tar.gz", "c" },
		{ "d.tgz", "d" }, { "e.tar.xz", "e" }, { "f.txz", "f" },
		{ "g.kpp", "g" }, { "h", "h" },
	};
	char	name[PROB_SHORT_NAME_MAX + 1], path[4096], *cause;
	size_t	i;
	FILE	*fp;

	for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", src, ok[i].file);
		fp = fopen(path, "w");
		assert_non_null(fp);
		fclose(fp);
		if (prob_import_name(path, name, &cause) != 0)
			fail_msg("%s: %s", path, cause);
		assert_string_equal(name, ok[i].want);
	}
	/* A folder keeps its whole name; trailing slashes don't count. */
	snprintf(path, sizeof path, "%s/x.zip", src);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(prob_import_name(path, name, &cause), -1);
	free(cause);
	snprintf(path, sizeof path, "%s/", src);
	assert_int_equal(prob_import_name(path, name, &cause), 0);
	assert_string_equal(name, "src");
	snprintf(path, sizeof path, "%s/Upper.zip", src);
	assert_int_equal(prob_import_name(path, name, &cause), -1);
	assert_string_equal(cause, "Upper.zip: not a valid problem name (1 to "
	    "64 of a-z, 0-9, _ and -)");
	free(cause);
}

static void
test_prob_remove_tree_nofollow(void **state UNUSED)
{
	char		 dir[1024], path[4096], keep[4096];
	struct stat	 st;
	FILE		*fp;

	/* A link inside the tree goes, what it points at stays. */
	snprintf(keep, sizeof keep, "%s/keep", tmproot);
	fp = fopen(keep, "w");
	assert_non_null(fp);
	fclose(fp);
	snprintf(dir, sizeof dir, "%s/tree", tmproot);
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(path, sizeof path, "%s/sub", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof path, "%s/sub/link", dir);
	assert_int_equal(symlink(tmproot, path), 0);
	assert_int_equal(prob_remove_tree(dir), 0);
	assert_int_equal(lstat(dir, &st), -1);
	assert_int_equal(stat(keep, &st), 0);
	assert_int_equal(prob_remove_tree(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test_setup_teardown(test_prob_import_zip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_prob_import_tar_gz, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_prob_import_tar_xz, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_prob_import_tar_flat,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_prob_import_by_content,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_prob_import_folder, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_prob_import_folder_hostile,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_prob_import_hostile, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_prob_import_not_archive,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_prob_import_bomb, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_prob_import_default_limits,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_prob_import_name_cases,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_prob_remove_tree_nofollow,
		    setup, teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
