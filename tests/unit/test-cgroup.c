/* SPDX-License-Identifier: ISC */
/*
 * Unit tests of cgroup.c: detection, creation, limits and statistics
 * through fake cgroup roots, then real groups on this host's kernel.
 */

#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "sbx.h"

#define MiB		(1024ULL * 1024)
#define REAL_ROOT	"/sys/fs/cgroup"

/* Fresh per test: a temporary root, a group, a name. */
struct fx {
	char			 root[128];
	char			 name[64];
	struct sbx_cgroup_host	 h;
	struct sbx_cgroup	 cg;
	struct sbx_cgroup	 child;
	int			 real;
};

static int	put(const char *, const char *, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static char	*get(const char *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static int	gone(const char *, ...)
		    __attribute__((format(printf, 1, 2)));

/* ------------------------------------------------------------------ */
/* Fake roots                                                           */
/* ------------------------------------------------------------------ */

/* Write content to root/rel (made with its parent dirs), like a kernel file. */
static int
put(const char *root, const char *content, const char *fmt, ...)
{
	char	path[PATH_MAX], rel[1024], *p;
	va_list	ap;
	FILE	*f;

	va_start(ap, fmt);
	vsnprintf(rel, sizeof rel, fmt, ap);
	va_end(ap);
	snprintf(path, sizeof path, "%s/%s", root, rel);
	for (p = path + strlen(root) + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(path, 0755) == -1 && errno != EEXIST)
			return (-1);
		*p = '/';
	}
	if ((f = fopen(path, "w")) == NULL)
		return (-1);
	fputs(content, f);
	return (fclose(f));
}

/* The contents of root/rel in a static buffer, "<missing>" if none. */
static char *
get(const char *root, const char *fmt, ...)
{
	static char	 buf[4096];
	char		 path[PATH_MAX], rel[1024];
	va_list		 ap;

	va_start(ap, fmt);
	vsnprintf(rel, sizeof rel, fmt, ap);
	va_end(ap);
	snprintf(path, sizeof path, "%s/%s", root, rel);
	if (sbx_read_file_at(AT_FDCWD, path, buf, sizeof buf) == -1)
		snprintf(buf, sizeof buf, "<missing>");
	return (buf);
}

static int
gone(const char *fmt, ...)
{
	char		path[PATH_MAX];
	struct stat	sb;
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	return (lstat(path, &sb) == -1 && errno == ENOENT);
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return (remove(path));
}

/* A v2 root whose gavel parent exists already (mkdir makes no files). */
static void
fake_v2(const char *root, const char *controllers)
{
	assert_int_equal(put(root, controllers, "cgroup.controllers"), 0);
	assert_int_equal(put(root, "", "cgroup.subtree_control"), 0);
	assert_int_equal(put(root, "", "cgroup.procs"), 0);
	assert_int_equal(put(root, "cpu memory pids\n",
	    "gavel/cgroup.controllers"), 0);
	assert_int_equal(put(root, "", "gavel/cgroup.subtree_control"), 0);
}

/* The files of a v2 group, as a reused group would have them. */
static void
fake_v2_group(const char *root, const char *name)
{
	static const char	*files[] = { "cgroup.procs", "cgroup.events",
	    "memory.max", "memory.swap.max", "pids.max", "cpu.stat",
	    "memory.peak", "memory.current", "memory.events", "pids.events",
	    NULL };
	int			 i;

	for (i = 0; files[i] != NULL; i++)
		assert_int_equal(put(root, "", "gavel/%s/%s", name, files[i]),
		    0);
	assert_int_equal(put(root, "populated 0\nfrozen 0\n",
	    "gavel/%s/cgroup.events", name), 0);
}

/* v1 controller mounts; cpuacct under its own name unless comount. */
static void
fake_v1(const char *root, int memsw, const char *cpudir)
{
	assert_int_equal(put(root, "", "memory/cgroup.procs"), 0);
	assert_int_equal(put(root, "9223372036854771712\n",
	    "memory/memory.limit_in_bytes"), 0);
	if (memsw)
		assert_int_equal(put(root, "9223372036854771712\n",
		    "memory/memory.memsw.limit_in_bytes"), 0);
	assert_int_equal(put(root, "", "pids/cgroup.procs"), 0);
	assert_int_equal(put(root, "", "%s/cgroup.procs", cpudir), 0);
	assert_int_equal(put(root, "0\n", "%s/cpuacct.usage", cpudir), 0);
}

static void
fake_v1_group(const char *root, const char *name, int memsw)
{
	static const char	*mem[] = { "cgroup.procs",
	    "memory.limit_in_bytes", "memory.swappiness",
	    "memory.max_usage_in_bytes", "memory.oom_control", NULL };
	int			 i;

	for (i = 0; mem[i] != NULL; i++)
		assert_int_equal(put(root, "", "memory/gavel/%s/%s", name,
		    mem[i]), 0);
	if (memsw) {
		assert_int_equal(put(root, "",
		    "memory/gavel/%s/memory.memsw.limit_in_bytes", name), 0);
		assert_int_equal(put(root, "",
		    "memory/gavel/%s/memory.memsw.max_usage_in_bytes", name), 0);
	}
	assert_int_equal(put(root, "", "pids/gavel/%s/cgroup.procs", name), 0);
	assert_int_equal(put(root, "", "pids/gavel/%s/pids.max", name), 0);
	assert_int_equal(put(root, "", "pids/gavel/%s/pids.events", name), 0);
	assert_int_equal(put(root, "", "cpuacct/gavel/%s/cgroup.procs", name),
	    0);
	assert_int_equal(put(root, "", "cpuacct/gavel/%s/cpuacct.usage",
	    name), 0);
}

static int
setup_fake(void **state)
{
	static unsigned	 n;
	struct fx	*fx;

	fx = xcalloc(1, sizeof *fx);
	snprintf(fx->root, sizeof fx->root, "/tmp/test-cgroup.XXXXXX");
	if (mkdtemp(fx->root) == NULL) {
		free(fx);
		return (-1);
	}
	snprintf(fx->name, sizeof fx->name, "t%u", n++);
	fx->cg.version = SBX_CG_NONE;
	fx->child.version = SBX_CG_NONE;
	*state = fx;
	return (0);
}

static int
teardown_fake(void **state)
{
	struct fx	*fx = *state;

	sbx_cgroup_close(&fx->child);
	sbx_cgroup_close(&fx->cg);
	nftw(fx->root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(fx);
	return (0);
}

/* ------------------------------------------------------------------ */
/* Detection                                                            */
/* ------------------------------------------------------------------ */

static void
test_sbx_cgroup_detect_pure_v2(void **state)
{
	struct fx	*fx = *state;

	fake_v2(fx->root, "cpuset cpu io memory hugetlb pids rdma misc\n");
	sbx_cgroup_detect(fx->root, &fx->h);
	assert_int_equal(fx->h.version, SBX_CG_V2);
	assert_int_equal(fx->h.controllers, SBX_CG_ALL);
	assert_string_equal(fx->h.root, fx->root);
	assert_string_equal(fx->h.note, "");
}

static void
test_sbx_cgroup_detect_pure_v1(void **state)
{
	struct fx	*fx = *state;

	fake_v1(fx->root, 1, "cpuacct");
	sbx_cgroup_detect(fx->root, &fx->h);
	assert_int_equal(fx->h.version, SBX_CG_V1);
	assert_int_equal(fx->h.controllers, SBX_CG_ALL);
	assert_int_equal(fx->h.memsw, 1);
}

static void
test_sbx_cgroup_detect_v1_no_memsw(void **state)
{
	struct fx	*fx = *state;

	fake_v1(fx->root, 0, "cpuacct");
	sbx_cgroup_detect(fx->root, &fx->h);
	assert_int_equal(fx->h.version, SBX_CG_V1);
	assert_int_equal(fx->h.memsw, 0);
}

static void
test_sbx_cgroup_detect_hybrid(void **state)
{
	struct fx	*fx = *state;

	fake_v1(fx->root, 1, "cpuacct");
	assert_int_equal(put(fx->root, "", "cpu/cgroup.procs"), 0);
	assert_int_equal(put(fx->root, "hugetlb\n",
	    "unified/cgroup.controllers"), 0);
	sbx_cgroup_detect(fx->root, &fx->h);
	assert_int_equal(fx->h.version, SBX_CG_V1);
	assert_int_equal(fx->h.controllers, SBX_CG_ALL);
	assert_string_equal(fx->h.root, fx->root);
}

static void
test_sbx_cgroup_detect_comount(void **state)
{
	struct fx	*fx = *state;
	char		 link[PATH_MAX];

	/* "cpu,cpuacct" alone, then with the usual distribution symlink. */
	fake_v1(fx->root, 1, "cpu,cpuacct");
	sbx_cgroup_detect(fx->root, &fx->h);
	assert_int_equal(fx->h.version, SBX_CG_V1);
	snprintf(link, sizeof link, "%s/cpuacct", fx->root);
	assert_int_equal(symlink("cpu,cpuacct", link), 0);
	sbx_cgroup_detect(fx->root, &fx->h);
	assert_int_equal(fx->h.version, SBX_CG_V1);
	assert_int_equal(fx->h.controllers, SBX_CG_ALL);
}

static void
test_sbx_cgroup_detect_unified_only(void **state)
{
	struct fx	*fx = *state;
	char		 uni[PATH_MAX + 16];

	/* No v1 controllers, all of them on the "unified" mount. */
	assert_int_equal(put(fx->root, "memory pids cpu\n",
	    "unified/cgroup.controllers"), 0);
	sbx_cgroup_detect(fx->root, &fx->h);
	snprintf(uni, sizeof uni, "%s/unified", fx->root);
	assert_int_equal(fx->h.version, SBX_CG_V2);
	assert_string_equal(fx->h.root, uni);
}

static void
test_sbx_cgroup_detect_nothing(void **state)
{
	struct fx	*fx = *state;

	sbx_cgroup_detect(fx->root, &fx->h);
	assert_int_equal(fx->h.version, SBX_CG_NONE);
	assert_int_equal(fx->h.controllers, 0);
	assert_true(fx->h.note[0] != '\0');

	sbx_cgroup_detect("/nonexistent/cgroup", &fx->h);
	assert_int_equal(fx->h.version, SBX_CG_NONE);
}

static void
test_sbx_cgroup_detect_v2_no_memory(void **state)
{
	struct fx	*fx = *state;

	fake_v2(fx->root, "cpu io pids\n");
	sbx_cgroup_detect(fx->root, &fx->h);
	assert_int_equal(fx->h.version, SBX_CG_NONE);
	assert_int_equal(fx->h.controllers & SBX_CG_MEMORY, 0);
	assert_int_not_equal(fx->h.controllers & SBX_CG_PIDS, 0);
	assert_non_null(strstr(fx->h.note, "memory"));
}

static void
test_sbx_cgroup_detect_v1_no_pids(void **state)
{
	struct fx	*fx = *state;
	char		 path[PATH_MAX + 16];

	fake_v1(fx->root, 1, "cpuacct");
	snprintf(path, sizeof path, "%s/pids/cgroup.procs", fx->root);
	assert_int_equal(unlink(path), 0);
	sbx_cgroup_detect(fx->root, &fx->h);
	assert_int_equal(fx->h.version, SBX_CG_NONE);
	assert_int_equal(fx->h.controllers, SBX_CG_MEMORY | SBX_CG_CPU);
	assert_non_null(strstr(fx->h.note, "pids"));
}

/* ------------------------------------------------------------------ */
/* Creation                                                             */
/* ------------------------------------------------------------------ */

static void
test_sbx_cgroup_create_v2(void **state)
{
	struct fx	*fx = *state;
	char		*cause = NULL, path[PATH_MAX + 80];

	fake_v2(fx->root, "cpu memory pids\n");
	sbx_cgroup_detect(fx->root, &fx->h);
	assert_int_equal(sbx_cgroup_create(&fx->h, fx->name, &fx->cg, &cause),
	    0);
	assert_null(cause);
	assert_int_equal(fx->cg.version, SBX_CG_V2);
	assert_true(fx->cg.dfd[0] >= 0);
	assert_int_equal(fx->cg.dfd[1], -1);
	assert_int_equal(fx->cg.dfd[2], -1);
	assert_true((fcntl(fx->cg.dfd[0], F_GETFD) & FD_CLOEXEC) != 0);
	snprintf(path, sizeof path, "%s/gavel/%s", fx->root, fx->name);
	assert_string_equal(fx->cg.path[0], path);
	assert_string_equal(get(fx->root, "cgroup.subtree_control"),
	    "+memory +pids +cpu");
	assert_string_equal(get(fx->root, "gavel/cgroup.subtree_control"),
	    "+memory +pids +cpu");
}

static void
test_sbx_cgroup_create_v2_enabled(void **state)
{
	struct fx	*fx = *state;
	char		*cause = NULL;

	/* Already enabled: nothing written; partly enabled: the rest. */
	fake_v2(fx->root, "cpu memory pids\n");
	assert_int_equal(put(fx->root, "cpu memory pids\n",
	    "cgroup.subtree_control"), 0);
	assert_int_equal(put(fx->root, "memory pids\n",
	    "gavel/cgroup.subtree_control"), 0);
	sbx_cgroup_detect(fx->root, &fx->h);
	assert_int_equal(sbx_cgroup_create(&fx->h, fx->name, &fx->cg, &cause),
	    0);
	assert_string_equal(get(fx->root, "cgroup.subtree_control"),
	    "cpu memory pids\n");
	/* Only "+cpu" was written (over the old text: no O_TRUNC here). */
	assert_memory_equal(get(fx->root, "gavel/cgroup.subtree_control"),
	    "+cpu", 4);
	assert_null(strstr(get(fx->root, "gavel/cgroup.subtree_control"),
	    "+memory"));
}

static void
test_sbx_cgroup_create_v1(void **state)
{
	struct fx	*fx = *state;
	char		*cause = NULL, path[PATH_MAX + 80];

	fake_v1(fx->root, 1, "cpuacct");
	sbx_cgroup_detect(fx->root, &fx->h);
	assert_int_equal(sbx_cgroup_create(&fx->h, fx->name, &fx->cg, &cause),
	    0);
	assert_int_equal(fx->cg.version, SBX_CG_V1);
	snprintf(path, sizeof path, "%s/memory/gavel/%s", fx->root, fx->name);
	assert_string_equal(fx->cg.path[0], path);
	snprintf(path, sizeof path, "%s/pids/gavel/%s", fx->root, fx->name);
	assert_string_equal(fx->cg.path[1], path);
	snprintf(path, sizeof path, "%s/cpuacct/gavel/%s", fx->root, fx->name);
	assert_string_equal(fx->cg.path[2], path);
	assert_true(fx->cg.dfd[0] >= 0 && fx->cg.dfd[1] >= 0 &&
	    fx->cg.dfd[2] >= 0);
	/* A fresh fake directory has no memsw file. */
	assert_int_equal(fx->cg.memsw, 0);
}

static void
test_sbx_cgroup_create_reuse(void **state)
{
	struct fx	*fx = *state;
	char		*cause = NULL, path[PATH_MAX + 80];

	/* A crashed run left a group with (empty) child groups in it. */
	fake_v2(fx->root, "cpu memory pids\n");
	fake_v2_group(fx->root, fx->name);
	snprintf(path, sizeof path, "%s/gavel/%s/run", fx->root, fx->name);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof path, "%s/gavel/%s/run/x", fx->root, fx->name);
	assert_int_equal(mkdir(path, 0755), 0);
	sbx_cgroup_detect(fx->root, &fx->h);
	assert_int_equal(sbx_cgroup_create(&fx->h, fx->name, &fx->cg, &cause),
	    0);
	assert_true(gone("%s/gavel/%s/run", fx->root, fx->name));
	assert_false(gone("%s/gavel/%s/memory.max", fx->root, fx->name));
}

static void
test_sbx_cgroup_create_bad_name(void **state)
{
	struct fx	*fx = *state;
	char		*cause = NULL;
	const char	*bad[] = { "", ".", "..", "a/b", NULL };
	int		 i;

	fake_v2(fx->root, "cpu memory pids\n");
	sbx_cgroup_detect(fx->root, &fx->h);
	for (i = 0; bad[i] != NULL; i++) {
		assert_int_equal(sbx_cgroup_create(&fx->h, bad[i], &fx->cg,
		    &cause), -1);
		assert_non_null(cause);
		assert_true(strncmp(cause, "cgroup: ", 8) == 0);
		free(cause);
		cause = NULL;
		assert_int_equal(fx->cg.version, SBX_CG_NONE);
		assert_int_equal(fx->cg.dfd[0], -1);
	}
	assert_true(gone("%s/gavel/a", fx->root));
}

static void
test_sbx_cgroup_create_none(void **state)
{
	struct fx	*fx = *state;
	char		*cause = NULL;

	sbx_cgroup_detect(fx->root, &fx->h);
	assert_int_equal(sbx_cgroup_create(&fx->h, fx->name, &fx->cg, &cause),
	    -1);
	assert_non_null(cause);
	assert_null(strchr(cause, '\n'));
	free(cause);
}

static void
test_sbx_cgroup_create_error_cause(void **state)
{
	struct fx	*fx = *state;
	char		*cause = NULL, want[PATH_MAX + 80];

	/* No subtree_control at the root: the message names that file. */
	fake_v2(fx->root, "cpu memory pids\n");
	sbx_cgroup_detect(fx->root, &fx->h);
	snprintf(want, sizeof want, "%s/cgroup.subtree_control", fx->root);
	assert_int_equal(unlink(want), 0);
	assert_int_equal(sbx_cgroup_create(&fx->h, fx->name, &fx->cg, &cause),
	    -1);
	snprintf(want, sizeof want, "cgroup: %s/cgroup.subtree_control: %s",
	    fx->root, strerror(ENOENT));
	assert_string_equal(cause, want);
	free(cause);
}

static void
test_sbx_cgroup_create_child_v2(void **state)
{
	struct fx	*fx = *state;
	char		*cause = NULL, path[PATH_MAX + 80];

	fake_v2(fx->root, "cpu memory pids\n");
	fake_v2_group(fx->root, fx->name);
	assert_int_equal(put(fx->root, "cpu memory pids\n",
	    "gavel/%s/cgroup.controllers", fx->name), 0);
	assert_int_equal(put(fx->root, "",
	    "gavel/%s/cgroup.subtree_control", fx->name), 0);
	sbx_cgroup_detect(fx->root, &fx->h);
	assert_int_equal(sbx_cgroup_create(&fx->h, fx->name, &fx->cg, &cause),
	    0);
	assert_int_equal(sbx_cgroup_create_child(&fx->cg, "run", &fx->child,
	    &cause), 0);
	assert_int_equal(fx->child.version, SBX_CG_V2);
	snprintf(path, sizeof path, "%s/gavel/%s/run", fx->root, fx->name);
	assert_string_equal(fx->child.path[0], path);
	assert_int_equal(fx->child.dfd[1], -1);
	assert_string_equal(get(fx->root, "gavel/%s/cgroup.subtree_control",
	    fx->name), "+memory +pids +cpu");
	assert_int_equal(sbx_cgroup_create_child(&fx->cg, "a/b", &fx->child,
	    &cause), -1);
	free(cause);
}

/* ------------------------------------------------------------------ */
/* Limits, joining, statistics                                          */
/* ------------------------------------------------------------------ */

static void
v2_group(struct fx *fx)
{
	char	*cause = NULL;

	fake_v2(fx->root, "cpu memory pids\n");
	fake_v2_group(fx->root, fx->name);
	sbx_cgroup_detect(fx->root, &fx->h);
	assert_int_equal(sbx_cgroup_create(&fx->h, fx->name, &fx->cg, &cause),
	    0);
}

static void
v1_group(struct fx *fx, int memsw)
{
	char	*cause = NULL;

	fake_v1(fx->root, memsw, "cpuacct");
	fake_v1_group(fx->root, fx->name, memsw);
	sbx_cgroup_detect(fx->root, &fx->h);
	assert_int_equal(sbx_cgroup_create(&fx->h, fx->name, &fx->cg, &cause),
	    0);
	/* Creation zeroes the counters of a reused group: start clean. */
	fake_v1_group(fx->root, fx->name, memsw);
}

static void
test_sbx_cgroup_set_limits_v2(void **state)
{
	struct fx	*fx = *state;
	char		*cause = NULL;

	v2_group(fx);
	assert_int_equal(sbx_cgroup_set_limits(&fx->cg, 64 * MiB, 5, &cause),
	    0);
	assert_string_equal(get(fx->root, "gavel/%s/memory.max", fx->name),
	    "67108864");
	assert_string_equal(get(fx->root, "gavel/%s/memory.swap.max",
	    fx->name), "0");
	assert_string_equal(get(fx->root, "gavel/%s/pids.max", fx->name), "5");
}

static void
test_sbx_cgroup_set_limits_v2_unlimited(void **state)
{
	struct fx	*fx = *state;
	char		*cause = NULL, path[PATH_MAX + 80];

	v2_group(fx);
	/* No swap support: memory.swap.max is not there, and that is fine. */
	snprintf(path, sizeof path, "%s/gavel/%s/memory.swap.max", fx->root,
	    fx->name);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(sbx_cgroup_set_limits(&fx->cg, 0, 0, &cause), 0);
	assert_string_equal(get(fx->root, "gavel/%s/memory.max", fx->name),
	    "max");
	assert_string_equal(get(fx->root, "gavel/%s/pids.max", fx->name),
	    "max");
}

static void
test_sbx_cgroup_set_limits_v2_error(void **state)
{
	struct fx	*fx = *state;
	char		*cause = NULL, want[PATH_MAX + 80];

	v2_group(fx);
	snprintf(want, sizeof want, "%s/gavel/%s/pids.max", fx->root,
	    fx->name);
	assert_int_equal(unlink(want), 0);
	assert_int_equal(sbx_cgroup_set_limits(&fx->cg, MiB, 3, &cause), -1);
	snprintf(want, sizeof want, "cgroup: %s/gavel/%s/pids.max: %s",
	    fx->root, fx->name, strerror(ENOENT));
	assert_string_equal(cause, want);
	free(cause);
}

static void
test_sbx_cgroup_set_limits_v1_memsw(void **state)
{
	struct fx	*fx = *state;
	char		*cause = NULL;

	v1_group(fx, 1);
	assert_int_equal(fx->cg.memsw, 1);
	assert_int_equal(sbx_cgroup_set_limits(&fx->cg, 64 * MiB, 7, &cause),
	    0);
	assert_string_equal(get(fx->root, "memory/gavel/%s/"
	    "memory.limit_in_bytes", fx->name), "67108864");
	assert_string_equal(get(fx->root, "memory/gavel/%s/"
	    "memory.memsw.limit_in_bytes", fx->name), "67108864");
	assert_string_equal(get(fx->root, "pids/gavel/%s/pids.max", fx->name),
	    "7");
}

static void
test_sbx_cgroup_set_limits_v1_no_memsw(void **state)
{
	struct fx	*fx = *state;
	char		*cause = NULL;

	v1_group(fx, 0);
	assert_int_equal(fx->cg.memsw, 0);
	assert_int_equal(sbx_cgroup_set_limits(&fx->cg, 0, 0, &cause), 0);
	assert_string_equal(get(fx->root, "memory/gavel/%s/"
	    "memory.limit_in_bytes", fx->name), "-1");
	assert_string_equal(get(fx->root, "memory/gavel/%s/"
	    "memory.swappiness", fx->name), "0");
	assert_true(gone("%s/memory/gavel/%s/memory.memsw.limit_in_bytes",
	    fx->root, fx->name));
	assert_string_equal(get(fx->root, "pids/gavel/%s/pids.max", fx->name),
	    "max");
}

static void
test_sbx_cgroup_open_procs_v2(void **state)
{
	struct fx	*fx = *state;
	int		 fds[3];

	v2_group(fx);
	assert_int_equal(sbx_cgroup_open_procs(&fx->cg, fds), 0);
	assert_true(fds[0] >= 0);
	assert_int_equal(fds[1], -1);
	assert_int_equal(fds[2], -1);
	assert_true((fcntl(fds[0], F_GETFD) & FD_CLOEXEC) != 0);
	assert_int_equal(sbx_cgroup_join_fds(fds), 0);
	close(fds[0]);
	assert_string_equal(get(fx->root, "gavel/%s/cgroup.procs", fx->name),
	    "0");
}

static void
test_sbx_cgroup_open_procs_v1(void **state)
{
	struct fx	*fx = *state;
	int		 fds[3], i;

	v1_group(fx, 1);
	assert_int_equal(sbx_cgroup_open_procs(&fx->cg, fds), 0);
	assert_int_equal(sbx_cgroup_join_fds(fds), 0);
	for (i = 0; i < 3; i++) {
		assert_true(fds[i] >= 0);
		close(fds[i]);
	}
	assert_string_equal(get(fx->root, "memory/gavel/%s/cgroup.procs",
	    fx->name), "0");
	assert_string_equal(get(fx->root, "pids/gavel/%s/cgroup.procs",
	    fx->name), "0");
	assert_string_equal(get(fx->root, "cpuacct/gavel/%s/cgroup.procs",
	    fx->name), "0");
}

static void
test_sbx_cgroup_open_procs_missing(void **state)
{
	struct fx	*fx = *state;
	char		 path[PATH_MAX + 80];
	int		 fds[3] = { 5, 5, 5 };

	/* memory's file opens, pids' does not: nothing stays open. */
	v1_group(fx, 1);
	snprintf(path, sizeof path, "%s/pids/gavel/%s/cgroup.procs", fx->root,
	    fx->name);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(sbx_cgroup_open_procs(&fx->cg, fds), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(fds[0], -1);
	assert_int_equal(fds[1], -1);
	assert_int_equal(fds[2], -1);
}

static void
test_sbx_cgroup_cpu_ns_v2(void **state)
{
	struct fx	*fx = *state;
	uint64_t	 ns = 0;

	v2_group(fx);
	assert_int_equal(put(fx->root, "usage_usec 1234567\nuser_usec 1000000"
	    "\nsystem_usec 234567\n", "gavel/%s/cpu.stat", fx->name), 0);
	assert_int_equal(sbx_cgroup_cpu_ns(&fx->cg, &ns), 0);
	assert_true(ns == 1234567000ULL);
}

static void
test_sbx_cgroup_cpu_ns_v1(void **state)
{
	struct fx	*fx = *state;
	uint64_t	 ns = 0;

	v1_group(fx, 1);
	assert_int_equal(put(fx->root, "987654321\n",
	    "cpuacct/gavel/%s/cpuacct.usage", fx->name), 0);
	assert_int_equal(sbx_cgroup_cpu_ns(&fx->cg, &ns), 0);
	assert_true(ns == 987654321ULL);
}

static void
test_sbx_cgroup_cpu_ns_bad(void **state)
{
	struct fx	*fx = *state;
	struct sbx_cgroup zero;
	uint64_t	 ns;

	v2_group(fx);
	/* Empty cpu.stat, garbage, and a group that is not there. */
	assert_int_equal(sbx_cgroup_cpu_ns(&fx->cg, &ns), -1);
	assert_int_equal(put(fx->root, "usage_usec x\n", "gavel/%s/cpu.stat",
	    fx->name), 0);
	assert_int_equal(sbx_cgroup_cpu_ns(&fx->cg, &ns), -1);
	memset(&zero, 0, sizeof zero);
	assert_int_equal(sbx_cgroup_cpu_ns(&zero, &ns), -1);
}

static void
test_sbx_cgroup_stats_v2(void **state)
{
	struct fx		*fx = *state;
	struct sbx_cgroup_stats	 st;

	v2_group(fx);
	assert_int_equal(put(fx->root, "usage_usec 250000\n",
	    "gavel/%s/cpu.stat", fx->name), 0);
	assert_int_equal(put(fx->root, "33554432\n", "gavel/%s/memory.peak",
	    fx->name), 0);
	assert_int_equal(put(fx->root, "low 0\nhigh 0\nmax 12\noom 2\n"
	    "oom_kill 2\noom_group_kill 0\n", "gavel/%s/memory.events",
	    fx->name), 0);
	assert_int_equal(put(fx->root, "max 3\n", "gavel/%s/pids.events",
	    fx->name), 0);
	assert_int_equal(sbx_cgroup_stats(&fx->cg, &st), 0);
	assert_true(st.cpu_ns == 250000000ULL);
	assert_true(st.memory_peak == 32 * MiB);
	assert_true(st.oom_kills == 2);
	assert_true(st.pids_max_hits == 3);
}

static void
test_sbx_cgroup_stats_v2_no_peak(void **state)
{
	struct fx		*fx = *state;
	struct sbx_cgroup_stats	 st;
	char			 path[PATH_MAX + 80];

	/* Before 5.19: memory.current, raised to memory.max after an OOM. */
	v2_group(fx);
	snprintf(path, sizeof path, "%s/gavel/%s/memory.peak", fx->root,
	    fx->name);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(put(fx->root, "usage_usec 1\n", "gavel/%s/cpu.stat",
	    fx->name), 0);
	assert_int_equal(put(fx->root, "4096\n", "gavel/%s/memory.current",
	    fx->name), 0);
	assert_int_equal(put(fx->root, "oom_kill 0\n",
	    "gavel/%s/memory.events", fx->name), 0);
	assert_int_equal(sbx_cgroup_stats(&fx->cg, &st), 0);
	assert_true(st.memory_peak == 4096);
	assert_true(st.pids_max_hits == 0);

	assert_int_equal(put(fx->root, "max 1\noom_kill 1\n",
	    "gavel/%s/memory.events", fx->name), 0);
	assert_int_equal(put(fx->root, "67108864\n", "gavel/%s/memory.max",
	    fx->name), 0);
	assert_int_equal(sbx_cgroup_stats(&fx->cg, &st), 0);
	assert_true(st.memory_peak == 64 * MiB);
	assert_true(st.oom_kills == 1);
}

static void
test_sbx_cgroup_stats_v1(void **state)
{
	struct fx		*fx = *state;
	struct sbx_cgroup_stats	 st;

	v1_group(fx, 1);
	assert_int_equal(put(fx->root, "200000000\n",
	    "cpuacct/gavel/%s/cpuacct.usage", fx->name), 0);
	assert_int_equal(put(fx->root, "41943040\n",
	    "memory/gavel/%s/memory.max_usage_in_bytes", fx->name), 0);
	assert_int_equal(put(fx->root, "41947136\n",
	    "memory/gavel/%s/memory.memsw.max_usage_in_bytes", fx->name), 0);
	assert_int_equal(put(fx->root, "oom_kill_disable 0\nunder_oom 0\n"
	    "oom_kill 1\n", "memory/gavel/%s/memory.oom_control", fx->name),
	    0);
	assert_int_equal(put(fx->root, "max 9\n", "pids/gavel/%s/pids.events",
	    fx->name), 0);
	assert_int_equal(sbx_cgroup_stats(&fx->cg, &st), 0);
	assert_true(st.cpu_ns == 200000000ULL);
	assert_true(st.memory_peak == 41947136ULL);
	assert_true(st.oom_kills == 1);
	assert_true(st.pids_max_hits == 9);
}

static void
test_sbx_cgroup_stats_v1_missing(void **state)
{
	struct fx		*fx = *state;
	struct sbx_cgroup_stats	 st;

	/* Empty files: nothing parses, the call says so. */
	v1_group(fx, 0);
	assert_int_equal(sbx_cgroup_stats(&fx->cg, &st), -1);
}

static void
test_sbx_cgroup_kill_v2(void **state)
{
	struct fx	*fx = *state;

	v2_group(fx);
	assert_int_equal(put(fx->root, "", "gavel/%s/cgroup.kill", fx->name),
	    0);
	assert_int_equal(sbx_cgroup_kill(&fx->cg), 0);
	assert_string_equal(get(fx->root, "gavel/%s/cgroup.kill", fx->name),
	    "1");
}

static void
test_sbx_cgroup_destroy_v2(void **state)
{
	struct fx	*fx = *state;
	char		*cause = NULL;

	fake_v2(fx->root, "cpu memory pids\n");
	sbx_cgroup_detect(fx->root, &fx->h);
	assert_int_equal(sbx_cgroup_create(&fx->h, fx->name, &fx->cg, &cause),
	    0);
	assert_false(gone("%s/gavel/%s", fx->root, fx->name));
	sbx_cgroup_destroy(&fx->cg);
	assert_true(gone("%s/gavel/%s", fx->root, fx->name));
	assert_int_equal(fx->cg.dfd[0], -1);
	sbx_cgroup_destroy(&fx->cg);
}

static void
test_sbx_cgroup_destroy_zeroed(void **state)
{
	struct sbx_cgroup	cg;
	int			was_open;

	(void)state;
	was_open = fcntl(0, F_GETFD) != -1;
	memset(&cg, 0, sizeof cg);
	sbx_cgroup_destroy(&cg);
	sbx_cgroup_close(&cg);
	/* fd 0 was not the group's to close. */
	assert_int_equal(fcntl(0, F_GETFD) != -1, was_open);
}

/* ------------------------------------------------------------------ */
/* The real kernel                                                      */
/* ------------------------------------------------------------------ */

static int
setup_real(void **state)
{
	static unsigned	 n;
	struct fx	*fx;
	char		*cause = NULL;

	fx = xcalloc(1, sizeof *fx);
	fx->cg.version = SBX_CG_NONE;
	fx->child.version = SBX_CG_NONE;
	*state = fx;
	if (geteuid() != 0)
		return (0);
	fx->real = 1;
	snprintf(fx->name, sizeof fx->name, "test-cgroup-%ld-%u",
	    (long)getpid(), n++);
	/* Orphans come back to us, so the tests can reap and count them. */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) == -1)
		return (-1);
	sbx_cgroup_detect(NULL, &fx->h);
	if (fx->h.version == SBX_CG_NONE) {
		fprintf(stderr, "no cgroup: %s\n", fx->h.note);
		return (-1);
	}
	if (sbx_cgroup_create(&fx->h, fx->name, &fx->cg, &cause) != 0) {
		fprintf(stderr, "%s\n", cause);
		free(cause);
		return (-1);
	}
	return (0);
}

static int
teardown_real(void **state)
{
	struct fx	*fx = *state;

	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	sbx_cgroup_destroy(&fx->child);
	sbx_cgroup_destroy(&fx->cg);
	if (fx->root[0] != '\0')
		nftw(fx->root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(fx);
	return (0);
}

#define NEED_ROOT(fx) do {						\
	if (!(fx)->real)						\
		skip();							\
} while (0)

/*
 * Fork a child that joins cg and runs fn. Returns once the child is in
 * the group, so that the caller's next step cannot race the join.
 */
static pid_t
spawn(const struct sbx_cgroup *cg, void (*fn)(void *), void *arg)
{
	int	fds[3], p[2], i;
	char	c;
	pid_t	pid;

	assert_int_equal(sbx_cgroup_open_procs(cg, fds), 0);
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		if (sbx_cgroup_join_fds(fds) == -1)
			_exit(100);
		if (write(p[1], "j", 1) != 1)
			_exit(100);
		fn(arg);
		_exit(0);
	}
	close(p[1]);
	assert_int_equal(read(p[0], &c, 1), 1);
	close(p[0]);
	for (i = 0; i < 3; i++) {
		if (fds[i] != -1)
			close(fds[i]);
	}
	return (pid);
}

static uint64_t
thread_cpu_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ((uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec);
}

/* Touch every page of n bytes, in a way the compiler cannot drop. */
static void
touch(size_t n)
{
	volatile char	*p;
	size_t		 i;

	if ((p = malloc(n)) == NULL)
		_exit(101);
	for (i = 0; i < n; i += 4096)
		p[i] = (char)i;
}

static void
burn_and_touch(void *arg)
{
	volatile uint64_t	x = 0;
	uint64_t		t0 = thread_cpu_ns();

	(void)arg;
	while (thread_cpu_ns() - t0 < 200000000ULL)
		x++;
	touch(32 * MiB);
	_exit(0);
}

static void
eat_memory(void *arg)
{
	int	i;

	(void)arg;
	for (i = 0; i < 512; i++)
		touch(MiB);
	_exit(0);
}

static void
test_sbx_cgroup_detect_real(void **state)
{
	struct fx	*fx = *state;

	NEED_ROOT(fx);
	assert_int_equal(fx->h.controllers, SBX_CG_ALL);
	/* This build host is hybrid: v1 controllers must be chosen. */
	if (access(REAL_ROOT "/cgroup.controllers", F_OK) == -1 &&
	    access(REAL_ROOT "/memory/memory.limit_in_bytes", F_OK) == 0)
		assert_int_equal(fx->h.version, SBX_CG_V1);
	assert_int_equal(fx->cg.version, fx->h.version);
}

static void
test_sbx_cgroup_stats_real_cpu_peak(void **state)
{
	struct fx		*fx = *state;
	struct sbx_cgroup_stats	 st;
	char			*cause = NULL;
	uint64_t		 ns = 0;
	pid_t			 pid;
	int			 ws;

	NEED_ROOT(fx);
	assert_int_equal(sbx_cgroup_set_limits(&fx->cg, 64 * MiB, 0, &cause),
	    0);
	pid = spawn(&fx->cg, burn_and_touch, NULL);
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_true(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
	assert_int_equal(sbx_cgroup_cpu_ns(&fx->cg, &ns), 0);
	assert_int_equal(sbx_cgroup_stats(&fx->cg, &st), 0);
	fprintf(stderr, "cpu %llu ms, peak %llu KiB\n",
	    (unsigned long long)st.cpu_ns / 1000000,
	    (unsigned long long)st.memory_peak / 1024);
	assert_true(ns >= 190000000ULL && ns < 2000000000ULL);
	assert_true(st.cpu_ns >= ns);
	assert_true(st.memory_peak >= 32 * MiB);
	assert_true(st.memory_peak <= 64 * MiB);
	assert_true(st.oom_kills == 0);
}

static void
test_sbx_cgroup_stats_real_oom(void **state)
{
	struct fx		*fx = *state;
	struct sbx_cgroup_stats	 st;
	char			*cause = NULL;
	pid_t			 pid;
	int			 ws;

	NEED_ROOT(fx);
	assert_int_equal(sbx_cgroup_set_limits(&fx->cg, 64 * MiB, 0, &cause),
	    0);
	pid = spawn(&fx->cg, eat_memory, NULL);
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_true(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL);
	assert_int_equal(sbx_cgroup_stats(&fx->cg, &st), 0);
	assert_true(st.oom_kills >= 1);
	assert_true(st.memory_peak >= 60 * MiB);
}

/* Child, setsid'd grandchild that exits, great-grandchild that sleeps. */
static void
double_fork(void *arg)
{
	int	*fd = arg;
	pid_t	 pid;

	if ((pid = fork()) == -1)
		_exit(101);
	if (pid == 0) {
		setsid();
		if ((pid = fork()) == -1)
			_exit(101);
		if (pid == 0) {
			pid = getpid();
			if (write(*fd, &pid, sizeof pid) != sizeof pid)
				_exit(103);
			for (;;)
				pause();
		}
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	pid = getpid();
	if (write(*fd, &pid, sizeof pid) != sizeof pid)
		_exit(103);
	for (;;)
		pause();
}

static void
kill_double_fork(const struct sbx_cgroup *cg)
{
	pid_t	 pid, got[2], orphan;
	int	 p[2], ws, i, n;

	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	pid = spawn(cg, double_fork, &p[1]);
	close(p[1]);
	for (i = 0; i < 2; i++)
		assert_int_equal(read(p[0], &got[i], sizeof got[i]),
		    sizeof got[i]);
	close(p[0]);
	/* Either may write first; one is the child, the other the orphan. */
	assert_true(got[0] == pid || got[1] == pid);
	orphan = got[0] == pid ? got[1] : got[0];
	assert_true(orphan != pid && orphan > 0);

	n = sbx_cgroup_kill(cg);
	assert_int_equal(n, 2);
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_true(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL);
	/* The orphan was reparented to us (subreaper) and is dead. */
	assert_int_equal(waitpid(orphan, &ws, 0), orphan);
	assert_true(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL);
	assert_int_equal(kill(orphan, 0), -1);
	assert_int_equal(errno, ESRCH);
	assert_int_equal(sbx_cgroup_kill(cg), 0);
}

static void
fork_bomb(void *arg)
{
	(void)arg;
	for (;;)
		(void)fork();
}

static void
test_sbx_cgroup_kill_real_double_fork(void **state)
{
	struct fx	*fx = *state;
	char		 twin[PATH_MAX];

	NEED_ROOT(fx);
	kill_double_fork(&fx->cg);
	sbx_cgroup_destroy(&fx->cg);
	assert_true(gone("%s", fx->cg.path[0]));
	/* v1: the freezer twin that the kill used is gone too. */
	snprintf(twin, sizeof twin, "%s/freezer/gavel/%s", fx->h.root,
	    fx->name);
	assert_true(gone("%s", twin));
}

static void
test_sbx_cgroup_kill_real_no_freezer(void **state)
{
	struct fx		*fx = *state;
	struct sbx_cgroup_host	 h;
	struct sbx_cgroup	 cg;
	static const char	*ctl[] = { "memory", "pids", "cpuacct" };
	char			 from[PATH_MAX + 16], to[PATH_MAX + 16];
	char			*cause = NULL;
	pid_t			 pid;
	int			 i, ws;

	/*
	 * A root of symlinks to the real v1 mounts, without the freezer:
	 * the kill has only the SIGKILL loop.
	 */
	NEED_ROOT(fx);
	if (fx->h.version != SBX_CG_V1)
		skip();
	snprintf(fx->root, sizeof fx->root, "/tmp/test-cgroup.XXXXXX");
	assert_non_null(mkdtemp(fx->root));
	for (i = 0; i < 3; i++) {
		snprintf(from, sizeof from, "%s/%s", fx->root, ctl[i]);
		snprintf(to, sizeof to, "%s/%s", REAL_ROOT, ctl[i]);
		assert_int_equal(symlink(to, from), 0);
	}
	sbx_cgroup_detect(fx->root, &h);
	assert_int_equal(h.version, SBX_CG_V1);
	assert_int_equal(sbx_cgroup_create(&h, "nofreezer", &cg, &cause), 0);
	kill_double_fork(&cg);
	/* And a fork bomb, which the loop must outrun. */
	assert_int_equal(sbx_cgroup_set_limits(&cg, 256 * MiB, 64, &cause), 0);
	pid = spawn(&cg, fork_bomb, NULL);
	usleep(200000);
	assert_true(sbx_cgroup_kill(&cg) > 1);
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_int_equal(sbx_cgroup_kill(&cg), 0);
	sbx_cgroup_destroy(&cg);
	assert_true(gone("%s/memory/gavel/nofreezer", REAL_ROOT));
	assert_true(gone("%s/pids/gavel/nofreezer", REAL_ROOT));
}

static void
fork_many(void *arg)
{
	pid_t	pid;
	int	i;

	(void)arg;
	for (i = 0; i < 10; i++) {
		if ((pid = fork()) == -1)
			_exit(errno == EAGAIN ? i : 100);
		if (pid == 0) {
			for (;;)
				pause();
		}
	}
	_exit(10);
}

static void
test_sbx_cgroup_set_limits_real_pids(void **state)
{
	struct fx		*fx = *state;
	struct sbx_cgroup_stats	 st;
	char			*cause = NULL;
	pid_t			 pid;
	int			 ws;

	NEED_ROOT(fx);
	assert_int_equal(sbx_cgroup_set_limits(&fx->cg, 0, 5, &cause), 0);
	pid = spawn(&fx->cg, fork_many, NULL);
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	/* The child and 4 of its own: the fifth fork is refused. */
	assert_true(WIFEXITED(ws));
	assert_int_equal(WEXITSTATUS(ws), 4);
	assert_int_equal(sbx_cgroup_stats(&fx->cg, &st), 0);
	assert_true(st.pids_max_hits >= 1);
	assert_int_equal(sbx_cgroup_kill(&fx->cg), 4);
	assert_int_equal(sbx_cgroup_kill(&fx->cg), 0);
}

static void
test_sbx_cgroup_kill_real_fork_bomb(void **state)
{
	struct fx	*fx = *state;
	char		*cause = NULL;
	pid_t		 pid;
	int		 ws;

	NEED_ROOT(fx);
	assert_int_equal(sbx_cgroup_set_limits(&fx->cg, 256 * MiB, 64, &cause),
	    0);
	pid = spawn(&fx->cg, fork_bomb, NULL);
	usleep(200000);
	assert_true(sbx_cgroup_kill(&fx->cg) > 1);
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_true(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL);
	assert_int_equal(sbx_cgroup_kill(&fx->cg), 0);
}

static void
test_sbx_cgroup_set_limits_real_raise(void **state)
{
	struct fx	*fx = *state;
	char		*cause = NULL;

	/* v1 keeps memsw >= limit: raising needs memsw written first. */
	NEED_ROOT(fx);
	assert_int_equal(sbx_cgroup_set_limits(&fx->cg, 64 * MiB, 0, &cause),
	    0);
	assert_int_equal(sbx_cgroup_set_limits(&fx->cg, 256 * MiB, 10,
	    &cause), 0);
	assert_null(cause);
	if (fx->cg.version == SBX_CG_V1) {
		assert_string_equal(get(fx->cg.path[0],
		    "memory.limit_in_bytes"), "268435456\n");
		if (fx->cg.memsw)
			assert_string_equal(get(fx->cg.path[0],
			    "memory.memsw.limit_in_bytes"), "268435456\n");
	} else
		assert_string_equal(get(fx->cg.path[0], "memory.max"),
		    "268435456\n");
	assert_int_equal(sbx_cgroup_set_limits(&fx->cg, 32 * MiB, 0, &cause),
	    0);
	assert_int_equal(sbx_cgroup_set_limits(&fx->cg, 0, 0, &cause), 0);
	assert_string_equal(get(fx->cg.version == SBX_CG_V1 ?
	    fx->cg.path[1] : fx->cg.path[0], "pids.max"), "max\n");
}

static void
sleep_forever(void *arg)
{
	(void)arg;
	for (;;)
		pause();
}

static void
test_sbx_cgroup_create_real_reuse(void **state)
{
	struct fx		*fx = *state;
	struct sbx_cgroup	 again;
	char			*cause = NULL;
	pid_t			 pid;
	int			 ws, i;

	/* A crashed run: a live task in the group and a stale child group. */
	NEED_ROOT(fx);
	pid = spawn(&fx->cg, sleep_forever, NULL);
	assert_int_equal(sbx_cgroup_create_child(&fx->cg, "stale", &fx->child,
	    &cause), 0);
	sbx_cgroup_close(&fx->child);
	fx->child.version = SBX_CG_NONE;
	assert_int_equal(sbx_cgroup_create(&fx->h, fx->name, &again, &cause),
	    0);
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_true(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL);
	for (i = 0; i < 3; i++) {
		if (again.dfd[i] >= 0)
			assert_true(gone("%s/stale", again.path[i]));
	}
	sbx_cgroup_close(&again);
}

static void
test_sbx_cgroup_destroy_real(void **state)
{
	struct fx	*fx = *state;
	char		*cause = NULL;
	int		 i;

	NEED_ROOT(fx);
	assert_int_equal(sbx_cgroup_create_child(&fx->cg, "run", &fx->child,
	    &cause), 0);
	for (i = 0; i < 3; i++) {
		if (fx->child.dfd[i] < 0)
			continue;
		assert_false(gone("%s", fx->child.path[i]));
		assert_false(gone("%s", fx->cg.path[i]));
	}
	/* The parent first: its child goes with it. */
	sbx_cgroup_destroy(&fx->cg);
	for (i = 0; i < 3; i++) {
		if (fx->child.dfd[i] < 0)
			continue;
		assert_true(gone("%s", fx->child.path[i]));
		assert_true(gone("%s", fx->cg.path[i]));
	}
	sbx_cgroup_close(&fx->child);
}

#define FAKE(t)	cmocka_unit_test_setup_teardown(t, setup_fake, teardown_fake)
#define REAL(t)	cmocka_unit_test_setup_teardown(t, setup_real, teardown_real)

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		FAKE(test_sbx_cgroup_detect_pure_v2),
		FAKE(test_sbx_cgroup_detect_pure_v1),
		FAKE(test_sbx_cgroup_detect_v1_no_memsw),
		FAKE(test_sbx_cgroup_detect_hybrid),
		FAKE(test_sbx_cgroup_detect_comount),
		FAKE(test_sbx_cgroup_detect_unified_only),
		FAKE(test_sbx_cgroup_detect_nothing),
		FAKE(test_sbx_cgroup_detect_v2_no_memory),
		FAKE(test_sbx_cgroup_detect_v1_no_pids),
		FAKE(test_sbx_cgroup_create_v2),
		FAKE(test_sbx_cgroup_create_v2_enabled),
		FAKE(test_sbx_cgroup_create_v1),
		FAKE(test_sbx_cgroup_create_reuse),
		FAKE(test_sbx_cgroup_create_bad_name),
		FAKE(test_sbx_cgroup_create_none),
		FAKE(test_sbx_cgroup_create_error_cause),
		FAKE(test_sbx_cgroup_create_child_v2),
		FAKE(test_sbx_cgroup_set_limits_v2),
		FAKE(test_sbx_cgroup_set_limits_v2_unlimited),
		FAKE(test_sbx_cgroup_set_limits_v2_error),
		FAKE(test_sbx_cgroup_set_limits_v1_memsw),
		FAKE(test_sbx_cgroup_set_limits_v1_no_memsw),
		FAKE(test_sbx_cgroup_open_procs_v2),
		FAKE(test_sbx_cgroup_open_procs_v1),
		FAKE(test_sbx_cgroup_open_procs_missing),
		FAKE(test_sbx_cgroup_cpu_ns_v2),
		FAKE(test_sbx_cgroup_cpu_ns_v1),
		FAKE(test_sbx_cgroup_cpu_ns_bad),
		FAKE(test_sbx_cgroup_stats_v2),
		FAKE(test_sbx_cgroup_stats_v2_no_peak),
		FAKE(test_sbx_cgroup_stats_v1),
		FAKE(test_sbx_cgroup_stats_v1_missing),
		FAKE(test_sbx_cgroup_kill_v2),
		FAKE(test_sbx_cgroup_destroy_v2),
		FAKE(test_sbx_cgroup_destroy_zeroed),
		REAL(test_sbx_cgroup_detect_real),
		REAL(test_sbx_cgroup_stats_real_cpu_peak),
		REAL(test_sbx_cgroup_stats_real_oom),
		REAL(test_sbx_cgroup_kill_real_double_fork),
		REAL(test_sbx_cgroup_kill_real_no_freezer),
		REAL(test_sbx_cgroup_kill_real_fork_bomb),
		REAL(test_sbx_cgroup_set_limits_real_pids),
		REAL(test_sbx_cgroup_set_limits_real_raise),
		REAL(test_sbx_cgroup_create_real_reuse),
		REAL(test_sbx_cgroup_destroy_real),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
