/* SPDX-License-Identifier: ISC */
/*
 * Per-run cgroups on v1, v2 and hybrid hosts: detection, memory and pids
 * limits, joining, accounting (CPU, peak memory, OOM kills) and killing.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sbx.h"

#define CG_DEFAULT_ROOT	"/sys/fs/cgroup"
#define CG_PARENT	"gavel"
#define CG_MAX_DEPTH	16		/* nesting we walk when killing/removing */
#define CG_KILL_ROUNDS	300		/* about 2.5 s of kill-and-wait */
#define CG_RMDIR_TRIES	50
#define CG_PATH_MAX	512

/* Our own directories; a controller mount may be a symlink (cpuacct). */
#define DIR_FLAGS	(O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
#define MOUNT_FLAGS	(O_RDONLY | O_DIRECTORY | O_CLOEXEC)

/*
 * The v1 controllers we use, in dfd[] order, each with the directory
 * names it may be mounted under (alone, or co-mounted without the
 * distribution's symlinks) and a file that proves the mount is the right
 * one. The pids root has no pids.* file, so cgroup.procs must do.
 */
static const struct cg1_ctrl {
	int		 bit;
	const char	*name;
	const char	*file;
	const char	*dirs[4];
} cg1_ctrls[3] = {
	{ SBX_CG_MEMORY, "memory", "memory.limit_in_bytes",
	  { "memory", NULL } },
	{ SBX_CG_PIDS, "pids", "cgroup.procs",
	  { "pids", NULL } },
	{ SBX_CG_CPU, "cpuacct", "cpuacct.usage",
	  { "cpuacct", "cpu,cpuacct", "cpuacct,cpu", NULL } },
};

/* A set of pids read from cgroup.procs files. */
struct cg_pids {
	pid_t		*v;
	size_t		 n;
	size_t		 cap;
};

static int	cg_fail(char **, int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static int	cg_join(char *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static int	cg_exists(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
static void	cg_note(char *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

/*
 * Fill *cause with "cgroup: <what>: <why>" and return -1 with errno set:
 * err > 0 is an errno, described by strerror; err == 0 means the text
 * after the format is already the whole story.
 */
static int
cg_fail(char **cause, int err, const char *fmt, ...)
{
	va_list	 ap;
	char	*what;

	va_start(ap, fmt);
	if (vasprintf(&what, fmt, ap) == -1)
		fatal("vasprintf");
	va_end(ap);
	if (cause != NULL) {
		if (err > 0)
			xasprintf(cause, "cgroup: %s: %s", what, strerror(err));
		else
			xasprintf(cause, "cgroup: %s", what);
	}
	free(what);
	errno = err > 0 ? err : EINVAL;
	return (-1);
}

/* snprintf that fails (ENAMETOOLONG) instead of cutting a path short. */
static int
cg_join(char *buf, size_t len, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len) {
		errno = ENAMETOOLONG;
		return (-1);
	}
	return (0);
}

/* A note for people: cut short if it must be. */
static void
cg_note(char *buf, size_t len, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	(void)vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

static int
cg_exists(const char *fmt, ...)
{
	va_list	ap;
	char	path[CG_PATH_MAX];
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof path)
		return (0);
	return (access(path, F_OK) == 0);
}

/* Is word one of the space-separated tokens of list? */
static int
cg_has_word(const char *list, const char *word)
{
	size_t		 len = strlen(word);
	const char	*p = list;

	while (*p != '\0') {
		p += strspn(p, " \t\n");
		if (strncmp(p, word, len) == 0 &&
		    (p[len] == '\0' || strchr(" \t\n", p[len]) != NULL))
			return (1);
		p += strcspn(p, " \t\n");
	}
	return (0);
}

static int
cg_parse_u64(const char *s, uint64_t *out)
{
	unsigned long long	 v;
	char			*end;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s < '0' || *s > '9')
		return (-1);
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || (*end != '\0' && *end != '\n' && *end != ' '))
		return (-1);
	*out = v;
	return (0);
}

/* The value of the "key N" line of a flat-keyed file like memory.events. */
static int
cg_kv(const char *buf, const char *key, uint64_t *out)
{
	size_t		 len = strlen(key);
	const char	*p;

	for (p = buf; p != NULL && *p != '\0'; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, key, len) == 0 && p[len] == ' ')
			return (cg_parse_u64(p + len + 1, out));
	}
	return (-1);
}

static int
cg_read_u64(int dfd, const char *file, uint64_t *out)
{
	char	buf[64];

	if (sbx_read_file_at(dfd, file, buf, sizeof buf) == -1)
		return (-1);
	if (cg_parse_u64(buf, out) == -1) {
		errno = EINVAL;
		return (-1);
	}
	return (0);
}

static int
cg_read_kv(int dfd, const char *file, const char *key, uint64_t *out)
{
	char	buf[2048];

	if (sbx_read_file_at(dfd, file, buf, sizeof buf) == -1)
		return (-1);
	if (cg_kv(buf, key, out) == -1) {
		errno = EINVAL;
		return (-1);
	}
	return (0);
}

static void
cg_sleep_ms(long ms)
{
	struct timespec	ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* One path component of our own making: no slash, no dot names. */
static int
cg_valid_name(const char *name)
{
	if (name == NULL || *name == '\0' || strchr(name, '/') != NULL ||
	    strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
	    strlen(name) > 128)
		return (0);
	return (1);
}

static void
cg_close_fds(struct sbx_cgroup *cg)
{
	int	i;

	for (i = 0; i < 3; i++) {
		if (cg->dfd[i] >= 0)
			(void)close(cg->dfd[i]);
		cg->dfd[i] = -1;
	}
}

static void
cg_init(struct sbx_cgroup *cg)
{
	int	i;

	memset(cg, 0, sizeof *cg);
	cg->version = SBX_CG_NONE;
	for (i = 0; i < 3; i++)
		cg->dfd[i] = -1;
}

/* ------------------------------------------------------------------ */
/* Detection                                                            */
/* ------------------------------------------------------------------ */

/* The directory a v1 controller is mounted at, or -1. */
static int
cg1_find(const char *root, int i, char *buf, size_t len)
{
	const struct cg1_ctrl	*c = &cg1_ctrls[i];
	int			 j;

	for (j = 0; c->dirs[j] != NULL; j++) {
		if (!cg_exists("%s/%s/%s", root, c->dirs[j], c->file))
			continue;
		return (cg_join(buf, len, "%s/%s", root, c->dirs[j]));
	}
	errno = ENOENT;
	return (-1);
}

/* Probe a cgroup2 mount at dir. Returns SBX_CG_* bits, -1 if not one. */
static int
cg2_probe(const char *dir, char *note, size_t notelen)
{
	char	path[CG_PATH_MAX], buf[512];
	int	bits = 0;

	if (cg_join(path, sizeof path, "%s/cgroup.controllers", dir) == -1 ||
	    sbx_read_file_at(AT_FDCWD, path, buf, sizeof buf) == -1)
		return (-1);
	if (access(dir, W_OK) == -1) {
		cg_note(note, notelen, "cgroup v2 at %s: %s", dir,
		    strerror(errno));
		return (0);
	}
	if (cg_has_word(buf, "memory"))
		bits |= SBX_CG_MEMORY;
	if (cg_has_word(buf, "pids"))
		bits |= SBX_CG_PIDS;
	/* cpu.stat's usage_usec is a core file, there without "cpu". */
	bits |= SBX_CG_CPU;
	if ((bits & SBX_CG_ALL) != SBX_CG_ALL) {
		buf[strcspn(buf, "\n")] = '\0';
		cg_note(note, notelen, "cgroup v2 at %s: no %s controller "
		    "(cgroup.controllers: %s)", dir,
		    (bits & SBX_CG_MEMORY) ? "pids" : "memory", buf);
	}
	return (bits);
}

/* Probe the v1 controller mounts below root. Returns SBX_CG_* bits. */
static int
cg1_probe(const char *root, int *memsw, char *note, size_t notelen)
{
	char	dir[CG_PATH_MAX];
	int	i, bits = 0;

	for (i = 0; i < 3; i++) {
		if (cg1_find(root, i, dir, sizeof dir) == -1) {
			if (note[0] == '\0')
				cg_note(note, notelen, "cgroup v1 at %s: no %s "
				    "controller mounted", root,
				    cg1_ctrls[i].name);
			continue;
		}
		if (access(dir, W_OK) == -1) {
			if (note[0] == '\0')
				cg_note(note, notelen, "cgroup v1 at %s: %s",
				    dir, strerror(errno));
			continue;
		}
		bits |= cg1_ctrls[i].bit;
		if (i == 0)
			*memsw = cg_exists("%s/memory.memsw.limit_in_bytes",
			    dir);
	}
	return (bits);
}

void
sbx_cgroup_detect(const char *root, struct sbx_cgroup_host *h)
{
	char	uni[CG_PATH_MAX], note1[256];
	int	bits, bits1, memsw = 0;

	memset(h, 0, sizeof *h);
	h->version = SBX_CG_NONE;
	if (root == NULL)
		root = CG_DEFAULT_ROOT;
	if (cg_join(h->root, sizeof h->root, "%s", root) == -1) {
		cg_note(h->note, sizeof h->note, "cgroup root too long");
		return;
	}

	/* A cgroup2 mount at the root itself: pure v2, nothing else. */
	if ((bits = cg2_probe(root, h->note, sizeof h->note)) != -1) {
		h->controllers = bits;
		if ((bits & SBX_CG_ALL) == SBX_CG_ALL)
			h->version = SBX_CG_V2;
		log_debug("%s: %s: v2, controllers %#x", __func__, root, bits);
		return;
	}

	/*
	 * v1, or hybrid: v1 controllers next to a "unified" v2 mount that
	 * usually holds none of them. v1 wins whenever it is complete.
	 */
	note1[0] = '\0';
	bits1 = cg1_probe(root, &memsw, note1, sizeof note1);
	if ((bits1 & SBX_CG_ALL) == SBX_CG_ALL) {
		h->version = SBX_CG_V1;
		h->controllers = bits1;
		h->memsw = memsw;
		log_debug("%s: %s: v1, memsw %d", __func__, root, memsw);
		return;
	}
	if (cg_join(uni, sizeof uni, "%s/unified", root) == 0 &&
	    (bits = cg2_probe(uni, h->note, sizeof h->note)) != -1 &&
	    (bits & SBX_CG_ALL) == SBX_CG_ALL && strlen(uni) < sizeof h->root) {
		/* Controllers moved to the unified mount: use it as v2. */
		memcpy(h->root, uni, strlen(uni) + 1);
		h->version = SBX_CG_V2;
		h->controllers = bits;
		h->note[0] = '\0';
		return;
	}
	h->controllers = bits1;
	cg_note(h->note, sizeof h->note, "%s", note1[0] != '\0' ? note1 :
	    "no cgroup controllers found");
	log_debug("%s: %s: none: %s", __func__, root, h->note);
}

/* ------------------------------------------------------------------ */
/* Pids, killing and removal                                            */
/* ------------------------------------------------------------------ */

static void
cg_pids_add(struct cg_pids *ps, long pid)
{
	/* The caller is never one of "the tasks in the group". */
	if (pid <= 0 || pid == (long)getpid())
		return;
	if (ps->n == ps->cap) {
		ps->cap = ps->cap == 0 ? 64 : ps->cap * 2;
		ps->v = xreallocarray(ps->v, ps->cap, sizeof *ps->v);
	}
	ps->v[ps->n++] = (pid_t)pid;
}

static int
cg_pid_cmp(const void *a, const void *b)
{
	pid_t	x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x < y ? -1 : x > y);
}

/* Sort and drop duplicates (a task is listed once per hierarchy). */
static void
cg_pids_uniq(struct cg_pids *ps)
{
	size_t	i, n = 0;

	if (ps->n == 0)
		return;
	qsort(ps->v, ps->n, sizeof *ps->v, cg_pid_cmp);
	for (i = 0; i < ps->n; i++) {
		if (n == 0 || ps->v[n - 1] != ps->v[i])
			ps->v[n++] = ps->v[i];
	}
	ps->n = n;
}

/*
 * Append the pids in dfd's cgroup.procs, read in chunks: with thousands
 * of tasks it is bigger than any fixed buffer. A missing file (a group
 * being removed, or a fake root) holds nobody.
 */
static int
cg_pids_read(int dfd, struct cg_pids *ps)
{
	char	buf[4096];
	ssize_t	n, i;
	long	cur = -1;
	int	fd;

	if ((fd = openat(dfd, "cgroup.procs", O_RDONLY | O_CLOEXEC)) == -1)
		return (errno == ENOENT ? 0 : -1);
	for (;;) {
		if ((n = read(fd, buf, sizeof buf)) == -1) {
			if (errno == EINTR)
				continue;
			(void)close(fd);
			return (-1);
		}
		if (n == 0)
			break;
		for (i = 0; i < n; i++) {
			if (buf[i] >= '0' && buf[i] <= '9') {
				if (cur < 0)
					cur = 0;
				if (cur < 100000000L)
					cur = cur * 10 + (buf[i] - '0');
			} else {
				cg_pids_add(ps, cur);
				cur = -1;
			}
		}
	}
	cg_pids_add(ps, cur);
	(void)close(fd);
	return (0);
}

/* Calls fn on every subdirectory of dfd (not following symlinks). */
static void
cg_each_subdir(int dfd, void (*fn)(int, int, const char *, void *),
    int depth, void *arg)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	int		 fd;

	if ((fd = openat(dfd, ".", DIR_FLAGS)) == -1)
		return;
	if ((d = fdopendir(fd)) == NULL) {
		(void)close(fd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (de->d_type != DT_DIR) {
			if (de->d_type != DT_UNKNOWN ||
			    fstatat(dfd, de->d_name, &sb,
			    AT_SYMLINK_NOFOLLOW) == -1 || !S_ISDIR(sb.st_mode))
				continue;
		}
		fn(dfd, depth, de->d_name, arg);
	}
	closedir(d);
}

static void	cg_collect(int, struct cg_pids *, int);

static void
cg_collect_sub(int dfd, int depth, const char *name, void *arg)
{
	int	fd;

	if ((fd = openat(dfd, name, DIR_FLAGS)) == -1)
		return;
	cg_collect(fd, arg, depth + 1);
	(void)close(fd);
}

/* Every task in the group at dfd and in the groups below it. */
static void
cg_collect(int dfd, struct cg_pids *ps, int depth)
{
	(void)cg_pids_read(dfd, ps);
	if (depth < CG_MAX_DEPTH)
		cg_each_subdir(dfd, cg_collect_sub, depth, ps);
}

/* Every task in any of the group's hierarchies, sorted and unique. */
static void
cg_collect_all(const struct sbx_cgroup *cg, struct cg_pids *ps)
{
	int	i;

	ps->n = 0;
	for (i = 0; i < 3; i++) {
		if (cg->dfd[i] >= 0)
			cg_collect(cg->dfd[i], ps, 0);
	}
	cg_pids_uniq(ps);
}

/*
 * SIGKILL whatever is listed until nothing is, waiting a little between
 * rounds for the dying to leave. A task forked between a read and its
 * parent's death is in the next read, and a task with SIGKILL pending
 * cannot fork, so this ends; the bound covers a caller's mistake.
 * Returns 0 when the group is empty.
 */
static int
cg_kill_loop(const struct sbx_cgroup *cg, struct cg_pids *ps)
{
	size_t	i;
	int	round;

	for (round = 0; round < CG_KILL_ROUNDS; round++) {
		cg_collect_all(cg, ps);
		if (ps->n == 0)
			return (0);
		for (i = 0; i < ps->n; i++)
			(void)kill(ps->v[i], SIGKILL);
		cg_sleep_ms(round < 20 ? 1 : 10);
	}
	log_warn("%s: %s: %zu tasks survive", __func__, cg->path[0], ps->n);
	return (-1);
}

/*
 * The freezer twin of a v1 group: the same place below <root>/freezer.
 * The root is not stored, so it is found as what precedes the part that
 * the memory and pids paths have in common ("/gavel/<name>..."). *rel is
 * where that part starts in buf. Paths are all we have: after pivot_root
 * this fails and kill does without the freezer.
 */
static int
cg1_freezer_path(const struct sbx_cgroup *cg, char *buf, size_t len,
    size_t *rel)
{
	const char	*a = cg->path[0], *b = NULL, *s;
	size_t		 la, lb, i, rootlen;
	int		 j;

	for (j = 1; j < 3; j++) {
		if (strcmp(a, cg->path[j]) != 0) {
			b = cg->path[j];
			break;
		}
	}
	if (b == NULL || *a != '/')
		return (-1);
	la = strlen(a);
	lb = strlen(b);
	for (i = 0; i < la && i < lb && a[la - 1 - i] == b[lb - 1 - i]; i++)
		;
	if ((s = strchr(a + la - i, '/')) == NULL)
		return (-1);
	/* a is <root>/<ctrl><s>: step back over <ctrl>. */
	for (rootlen = (size_t)(s - a); rootlen > 0 && a[rootlen - 1] != '/';
	    rootlen--)
		;
	if (rootlen < 2)
		return (-1);
	rootlen--;
	if (!cg_exists("%.*s/freezer/cgroup.procs", (int)rootlen, a))
		return (-1);
	*rel = rootlen + strlen("/freezer");
	return (cg_join(buf, len, "%.*s/freezer%s", (int)rootlen, a, s));
}

/* Open the freezer twin, making it (and its parents) if asked. */
static int
cg1_freezer_open(const struct sbx_cgroup *cg, int make)
{
	char	path[CG_PATH_MAX], *p;
	size_t	rel;

	if (cg1_freezer_path(cg, path, sizeof path, &rel) == -1)
		return (-1);
	for (p = path + rel + 1; make && (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(path, 0755) == -1 && errno != EEXIST)
			return (-1);
		*p = '/';
	}
	if (make && mkdir(path, 0755) == -1 && errno != EEXIST)
		return (-1);
	return (open(path, DIR_FLAGS));
}

/*
 * v1 has no cgroup.kill. Freeze first so nothing can fork while we
 * kill: the tasks are in the freezer hierarchy's root (they joined only
 * memory, pids and cpuacct), so move each into our frozen twin, where it
 * and anything it forks from then on stops. Repeat until a pass finds
 * nobody new: only a child forked before its parent moved can be new.
 * Then SIGKILL everyone and thaw; the loop afterwards reaps stragglers.
 */
static void
cg1_freeze_kill(const struct sbx_cgroup *cg, struct cg_pids *ps)
{
	struct cg_pids	 moved;
	char		 num[32];
	size_t		 i, old;
	int		 fz, round;

	if ((fz = cg1_freezer_open(cg, 1)) == -1) {
		log_debug("%s: no freezer: %s", __func__, strerror(errno));
		return;
	}
	if (sbx_write_file_at(fz, "freezer.state", "FROZEN") == -1) {
		log_debug("%s: freezer.state: %s", __func__, strerror(errno));
		(void)close(fz);
		return;
	}
	memset(&moved, 0, sizeof moved);
	for (round = 0; round < 50; round++) {
		cg_collect_all(cg, ps);
		old = moved.n;
		for (i = 0; i < ps->n; i++) {
			if (old != 0 && bsearch(&ps->v[i], moved.v, old,
			    sizeof *moved.v, cg_pid_cmp) != NULL)
				continue;
			snprintf(num, sizeof num, "%ld", (long)ps->v[i]);
			(void)sbx_write_file_at(fz, "cgroup.procs", num);
			cg_pids_add(&moved, ps->v[i]);
		}
		if (moved.n == old)
			break;
		cg_pids_uniq(&moved);
	}
	for (i = 0; i < ps->n; i++)
		(void)kill(ps->v[i], SIGKILL);
	if (sbx_write_file_at(fz, "freezer.state", "THAWED") == -1)
		log_warn("%s: thaw: %s", __func__, strerror(errno));
	free(moved.v);
	(void)close(fz);
}

/* v2: wait until cgroup.events says the subtree is empty. */
static int
cg2_wait_empty(const struct sbx_cgroup *cg, struct cg_pids *ps)
{
	uint64_t	populated;
	int		round;

	for (round = 0; round < CG_KILL_ROUNDS; round++) {
		if (cg_read_kv(cg->dfd[0], "cgroup.events", "populated",
		    &populated) == -1) {
			/* No cgroup.events: look at the procs files. */
			cg_collect_all(cg, ps);
			populated = ps->n != 0;
		}
		if (populated == 0)
			return (0);
		cg_sleep_ms(round < 20 ? 1 : 10);
	}
	return (-1);
}

int
sbx_cgroup_kill(const struct sbx_cgroup *cg)
{
	struct cg_pids	ps;
	int		n, frozen = 0;

	if (cg->version == SBX_CG_NONE || cg->dfd[0] < 0)
		return (0);
	memset(&ps, 0, sizeof ps);
	cg_collect_all(cg, &ps);
	n = (int)ps.n;

	if (cg->version == SBX_CG_V2) {
		/* 5.14+: one write kills the whole subtree, forkers too. */
		if (sbx_write_file_at(cg->dfd[0], "cgroup.kill", "1") == 0) {
			if (cg2_wait_empty(cg, &ps) == 0)
				goto out;
		} else if (sbx_write_file_at(cg->dfd[0], "cgroup.freeze",
		    "1") == 0)
			frozen = 1;	/* v2 frozen tasks still die */
	} else if (n != 0)
		cg1_freeze_kill(cg, &ps);

	(void)cg_kill_loop(cg, &ps);
	if (frozen)
		(void)sbx_write_file_at(cg->dfd[0], "cgroup.freeze", "0");
out:
	free(ps.v);
	return (n);
}

/*
 * rmdir dfd/name, retrying a little: a cgroup whose last task has just
 * died may still be busy for a moment.
 */
static int
cg_rmdirat(int dfd, const char *name)
{
	int	try;

	for (try = 0; try < CG_RMDIR_TRIES; try++) {
		if (unlinkat(dfd, name, AT_REMOVEDIR) == 0 || errno == ENOENT)
			return (0);
		if (errno != EBUSY)
			return (-1);
		cg_sleep_ms(2);
	}
	return (-1);
}

static void	cg_purge(int, int);

static void
cg_purge_sub(int dfd, int depth, const char *name, void *arg)
{
	int	fd;

	(void)arg;
	if ((fd = openat(dfd, name, DIR_FLAGS)) != -1) {
		if (depth < CG_MAX_DEPTH)
			cg_purge(fd, depth + 1);
		(void)close(fd);
	}
	if (cg_rmdirat(dfd, name) == -1)
		log_debug("%s: %s: %s", __func__, name, strerror(errno));
}

/* Remove every group below dfd, deepest first. Tasks must be gone. */
static void
cg_purge(int dfd, int depth)
{
	cg_each_subdir(dfd, cg_purge_sub, depth, NULL);
}

/*
 * Remove the directory dfd refers to through its parent, reached by
 * "..": that works after pivot_root, when path no longer does. The
 * inode check makes sure the name still means this directory.
 */
static int
cg_rmdir_self(int dfd, const char *path)
{
	struct stat	 a, b;
	const char	*base;
	int		 pfd, rv;

	if ((base = strrchr(path, '/')) == NULL || *++base == '\0')
		return (-1);
	if ((pfd = openat(dfd, "..", DIR_FLAGS)) == -1)
		return (-1);
	if (fstat(dfd, &a) == -1 ||
	    fstatat(pfd, base, &b, AT_SYMLINK_NOFOLLOW) == -1 ||
	    a.st_ino != b.st_ino || a.st_dev != b.st_dev) {
		(void)close(pfd);
		return (-1);
	}
	rv = cg_rmdirat(pfd, base);
	(void)close(pfd);
	return (rv);
}

/* ------------------------------------------------------------------ */
/* Creation                                                             */
/* ------------------------------------------------------------------ */

/*
 * Let the children of the group at dfd use memory, pids and cpu. What is
 * enabled already is left alone, so a host that delegated them needs no
 * write. cpu is optional (usage_usec is in cpu.stat without it) and the
 * kernel refuses it while realtime tasks exist, hence the retry one by
 * one.
 */
static int
cg2_enable(int dfd, const char *path, char **cause)
{
	static const char	*want[] = { "memory", "pids", "cpu" };
	char			 avail[512], on[512], add[64];
	size_t			 i;

	if (sbx_read_file_at(dfd, "cgroup.controllers", avail,
	    sizeof avail) == -1)
		return (cg_fail(cause, errno, "%s/cgroup.controllers", path));
	if (sbx_read_file_at(dfd, "cgroup.subtree_control", on,
	    sizeof on) == -1)
		return (cg_fail(cause, errno, "%s/cgroup.subtree_control",
		    path));
	add[0] = '\0';
	for (i = 0; i < 3; i++) {
		if (!cg_has_word(avail, want[i])) {
			if (i == 2)
				continue;
			return (cg_fail(cause, 0, "%s/cgroup.controllers: "
			    "no %s controller", path, want[i]));
		}
		if (cg_has_word(on, want[i]))
			continue;
		if (add[0] != '\0')
			strcat(add, " ");
		strcat(add, "+");
		strcat(add, want[i]);
	}
	if (add[0] == '\0')
		return (0);
	log_debug("%s: %s: %s", __func__, path, add);
	if (sbx_write_file_at(dfd, "cgroup.subtree_control", add) == 0)
		return (0);
	for (i = 0; i < 3; i++) {
		if (!cg_has_word(avail, want[i]) || cg_has_word(on, want[i]))
			continue;
		snprintf(add, sizeof add, "+%s", want[i]);
		if (sbx_write_file_at(dfd, "cgroup.subtree_control", add) == 0)
			continue;
		if (i == 2) {
			log_debug("%s: %s: +cpu: %s", __func__, path,
			    strerror(errno));
			continue;
		}
		return (cg_fail(cause, errno, "%s/cgroup.subtree_control",
		    path));
	}
	return (0);
}

/*
 * mkdir name below pfd (path names pfd in messages) and open it. *reused
 * is set when it was there already.
 */
static int
cg_mkdir_open(int pfd, const char *path, const char *name, int *reused,
    char **cause)
{
	int	fd;

	if (mkdirat(pfd, name, 0755) == -1) {
		if (errno != EEXIST)
			return (cg_fail(cause, errno, "%s/%s", path, name));
		*reused = 1;
	}
	if ((fd = openat(pfd, name, DIR_FLAGS)) == -1)
		return (cg_fail(cause, errno, "%s/%s", path, name));
	return (fd);
}

/*
 * A group left by a crashed run: kill what is inside, drop stale child
 * groups and, on v1, zero the counters that can be zeroed (v2's cannot,
 * which is why the runs themselves use fresh child groups).
 */
static void
cg_reuse(struct sbx_cgroup *cg)
{
	int	i, n;

	if ((n = sbx_cgroup_kill(cg)) != 0)
		log_info("%s: %s: killed %d stale tasks", __func__,
		    cg->path[0], n);
	for (i = 0; i < 3; i++) {
		if (cg->dfd[i] >= 0)
			cg_purge(cg->dfd[i], 0);
	}
	if (cg->version == SBX_CG_V1) {
		(void)sbx_write_file_at(cg->dfd[0], "memory.max_usage_in_bytes",
		    "0");
		if (cg->memsw)
			(void)sbx_write_file_at(cg->dfd[0],
			    "memory.memsw.max_usage_in_bytes", "0");
		(void)sbx_write_file_at(cg->dfd[2], "cpuacct.usage", "0");
	}
}

static void
cg_set_memsw(struct sbx_cgroup *cg)
{
	cg->memsw = cg->version == SBX_CG_V1 && faccessat(cg->dfd[0],
	    "memory.memsw.limit_in_bytes", F_OK, 0) == 0;
}

int
sbx_cgroup_create(const struct sbx_cgroup_host *h, const char *name,
    struct sbx_cgroup *cg, char **cause)
{
	char	dir[CG_PATH_MAX];
	int	i, pfd = -1, gfd = -1, reused = 0, had_parent, saved;

	cg_init(cg);
	if (!cg_valid_name(name))
		return (cg_fail(cause, 0, "%s: invalid group name",
		    name == NULL ? "(null)" : name));
	if (h->version == SBX_CG_NONE ||
	    (h->controllers & SBX_CG_ALL) != SBX_CG_ALL)
		return (cg_fail(cause, 0, "%s: %s", h->root, h->note[0] !=
		    '\0' ? h->note : "no usable cgroup controllers"));

	for (i = 0; i < (h->version == SBX_CG_V1 ? 3 : 1); i++) {
		if (h->version == SBX_CG_V1) {
			if (cg1_find(h->root, i, dir, sizeof dir) == -1) {
				cg_fail(cause, errno, "%s/%s", h->root,
				    cg1_ctrls[i].name);
				goto fail;
			}
		} else if (cg_join(dir, sizeof dir, "%s", h->root) == -1) {
			cg_fail(cause, errno, "%s", h->root);
			goto fail;
		}
		if ((pfd = open(dir, MOUNT_FLAGS)) == -1) {
			cg_fail(cause, errno, "%s", dir);
			goto fail;
		}
		if (h->version == SBX_CG_V2 &&
		    cg2_enable(pfd, dir, cause) == -1)
			goto fail;
		if ((gfd = cg_mkdir_open(pfd, dir, CG_PARENT, &had_parent,
		    cause)) == -1)
			goto fail;
		(void)close(pfd);
		pfd = -1;
		if (cg_join(dir + strlen(dir), sizeof dir - strlen(dir),
		    "/%s", CG_PARENT) == -1) {
			cg_fail(cause, errno, "%s", dir);
			goto fail;
		}
		if (h->version == SBX_CG_V2 &&
		    cg2_enable(gfd, dir, cause) == -1)
			goto fail;
		if ((cg->dfd[i] = cg_mkdir_open(gfd, dir, name, &reused,
		    cause)) == -1)
			goto fail;
		(void)close(gfd);
		gfd = -1;
		if (cg_join(cg->path[i], sizeof cg->path[i], "%s/%s", dir,
		    name) == -1) {
			cg_fail(cause, errno, "%s/%s", dir, name);
			goto fail;
		}
	}
	cg->version = h->version;
	cg_set_memsw(cg);
	if (reused)
		cg_reuse(cg);
	log_debug("%s: %s: created%s", __func__, cg->path[0],
	    reused ? " (reused)" : "");
	return (0);

fail:
	saved = errno;
	if (pfd != -1)
		(void)close(pfd);
	if (gfd != -1)
		(void)close(gfd);
	cg_close_fds(cg);
	cg_init(cg);
	errno = saved;
	return (-1);
}

int
sbx_cgroup_create_child(const struct sbx_cgroup *parent, const char *name,
    struct sbx_cgroup *cg, char **cause)
{
	int	i, reused = 0, saved;

	cg_init(cg);
	if (!cg_valid_name(name))
		return (cg_fail(cause, 0, "%s: invalid group name",
		    name == NULL ? "(null)" : name));
	if (parent->version == SBX_CG_NONE || parent->dfd[0] < 0)
		return (cg_fail(cause, 0, "%s: no parent group", name));
	/* v2: a group's children get only what its subtree_control lists. */
	if (parent->version == SBX_CG_V2 &&
	    cg2_enable(parent->dfd[0], parent->path[0], cause) == -1)
		return (-1);
	for (i = 0; i < 3; i++) {
		if (parent->dfd[i] < 0)
			continue;
		if ((cg->dfd[i] = cg_mkdir_open(parent->dfd[i],
		    parent->path[i], name, &reused, cause)) == -1)
			goto fail;
		if (cg_join(cg->path[i], sizeof cg->path[i], "%s/%s",
		    parent->path[i], name) == -1) {
			cg_fail(cause, errno, "%s/%s", parent->path[i], name);
			goto fail;
		}
	}
	cg->version = parent->version;
	cg_set_memsw(cg);
	if (reused)
		cg_reuse(cg);
	return (0);

fail:
	saved = errno;
	cg_close_fds(cg);
	cg_init(cg);
	errno = saved;
	return (-1);
}

/* ------------------------------------------------------------------ */
/* Limits and joining                                                   */
/* ------------------------------------------------------------------ */

static int
cg_write(const struct sbx_cgroup *cg, int i, const char *file,
    const char *value, char **cause)
{
	if (sbx_write_file_at(cg->dfd[i], file, value) == -1)
		return (cg_fail(cause, errno, "%s/%s", cg->path[i], file));
	return (0);
}

/*
 * v1: the kernel keeps memsw >= limit at every step, so the order of the
 * two writes depends on the direction: limit first when lowering, memsw
 * first when raising (EINVAL tells us which one it is).
 */
static int
cg1_set_memory(const struct sbx_cgroup *cg, const char *v, char **cause)
{
	if (!cg->memsw) {
		/* No swap accounting: at least keep this group off swap. */
		(void)sbx_write_file_at(cg->dfd[0], "memory.swappiness", "0");
		return (cg_write(cg, 0, "memory.limit_in_bytes", v, cause));
	}
	if (sbx_write_file_at(cg->dfd[0], "memory.limit_in_bytes", v) == -1) {
		if (errno != EINVAL)
			return (cg_fail(cause, errno, "%s/%s", cg->path[0],
			    "memory.limit_in_bytes"));
		if (cg_write(cg, 0, "memory.memsw.limit_in_bytes", v,
		    cause) == -1 ||
		    cg_write(cg, 0, "memory.limit_in_bytes", v, cause) == -1)
			return (-1);
	}
	return (cg_write(cg, 0, "memory.memsw.limit_in_bytes", v, cause));
}

int
sbx_cgroup_set_limits(const struct sbx_cgroup *cg, uint64_t memory_bytes,
    uint32_t pids, char **cause)
{
	char	mem[32], np[32];
	int	pi;

	if (cg->version == SBX_CG_NONE || cg->dfd[0] < 0)
		return (cg_fail(cause, 0, "set limits: no group"));
	if (memory_bytes != 0)
		snprintf(mem, sizeof mem, "%llu",
		    (unsigned long long)memory_bytes);
	else
		snprintf(mem, sizeof mem, "%s",
		    cg->version == SBX_CG_V1 ? "-1" : "max");
	if (pids != 0)
		snprintf(np, sizeof np, "%u", pids);
	else
		snprintf(np, sizeof np, "max");

	if (cg->version == SBX_CG_V1) {
		if (cg1_set_memory(cg, mem, cause) == -1)
			return (-1);
		pi = 1;
	} else {
		if (cg_write(cg, 0, "memory.max", mem, cause) == -1)
			return (-1);
		/* Swap off; the file is missing without swap support. */
		if (sbx_write_file_at(cg->dfd[0], "memory.swap.max",
		    "0") == -1 && errno != ENOENT)
			return (cg_fail(cause, errno, "%s/memory.swap.max",
			    cg->path[0]));
		pi = 0;
	}
	return (cg_write(cg, pi, "pids.max", np, cause));
}

int
sbx_cgroup_open_procs(const struct sbx_cgroup *cg, int fds[3])
{
	int	i, j, saved;

	for (i = 0; i < 3; i++)
		fds[i] = -1;
	if (cg->version == SBX_CG_NONE || cg->dfd[0] < 0) {
		errno = EINVAL;
		return (-1);
	}
	for (i = 0; i < 3; i++) {
		if (cg->dfd[i] < 0)
			continue;
		fds[i] = openat(cg->dfd[i], "cgroup.procs",
		    O_WRONLY | O_CLOEXEC);
		if (fds[i] == -1) {
			saved = errno;
			for (j = 0; j < i; j++) {
				if (fds[j] != -1)
					(void)close(fds[j]);
				fds[j] = -1;
			}
			errno = saved;
			return (-1);
		}
	}
	return (0);
}

/* Runs between fork and exec: write(2) only. */
int
sbx_cgroup_join_fds(const int fds[3])
{
	int	i;

	for (i = 0; i < 3; i++) {
		if (fds[i] >= 0 && sbx_write_all(fds[i], "0", 1) == -1)
			return (-1);
	}
	return (0);
}

/* ------------------------------------------------------------------ */
/* Accounting                                                           */
/* ------------------------------------------------------------------ */

int
sbx_cgroup_cpu_ns(const struct sbx_cgroup *cg, uint64_t *ns)
{
	uint64_t	usec;

	switch (cg->version) {
	case SBX_CG_V1:
		if (cg->dfd[2] < 0)
			break;
		return (cg_read_u64(cg->dfd[2], "cpuacct.usage", ns));
	case SBX_CG_V2:
		if (cg->dfd[0] < 0 ||
		    cg_read_kv(cg->dfd[0], "cpu.stat", "usage_usec",
		    &usec) == -1)
			break;
		*ns = usec * 1000;
		return (0);
	default:
		break;
	}
	if (cg->dfd[0] < 0 || cg->version == SBX_CG_NONE)
		errno = EINVAL;
	return (-1);
}

/*
 * v2 peak: memory.peak (5.19+). Older kernels have none, so memory.current
 * now is the best there is, raised to memory.max when the limit was hit;
 * a caller wanting better can call sbx_cgroup_stats() while the run goes
 * and keep the largest memory_peak it sees.
 */
static int
cg2_peak(const struct sbx_cgroup *cg, uint64_t oom_kills, uint64_t *peak)
{
	uint64_t	hits = 0, max;

	if (cg_read_u64(cg->dfd[0], "memory.peak", peak) == 0)
		return (0);
	if (errno != ENOENT ||
	    cg_read_u64(cg->dfd[0], "memory.current", peak) == -1)
		return (-1);
	(void)cg_read_kv(cg->dfd[0], "memory.events", "max", &hits);
	if ((hits != 0 || oom_kills != 0) &&
	    cg_read_u64(cg->dfd[0], "memory.max", &max) == 0 && max > *peak)
		*peak = max;
	return (0);
}

int
sbx_cgroup_stats(const struct sbx_cgroup *cg, struct sbx_cgroup_stats *st)
{
	uint64_t	sw;
	int		rv = 0;

	memset(st, 0, sizeof *st);
	if (cg->version == SBX_CG_NONE || cg->dfd[0] < 0) {
		errno = EINVAL;
		return (-1);
	}
	if (sbx_cgroup_cpu_ns(cg, &st->cpu_ns) == -1)
		rv = -1;
	if (cg->version == SBX_CG_V1) {
		if (cg_read_u64(cg->dfd[0], "memory.max_usage_in_bytes",
		    &st->memory_peak) == -1)
			rv = -1;
		/* With swap accounting, count what went to swap too. */
		if (cg->memsw && cg_read_u64(cg->dfd[0],
		    "memory.memsw.max_usage_in_bytes", &sw) == 0 &&
		    sw > st->memory_peak)
			st->memory_peak = sw;
		if (cg_read_kv(cg->dfd[0], "memory.oom_control", "oom_kill",
		    &st->oom_kills) == -1)
			rv = -1;
		(void)cg_read_kv(cg->dfd[1], "pids.events", "max",
		    &st->pids_max_hits);
	} else {
		if (cg_read_kv(cg->dfd[0], "memory.events", "oom_kill",
		    &st->oom_kills) == -1)
			rv = -1;
		if (cg2_peak(cg, st->oom_kills, &st->memory_peak) == -1)
			rv = -1;
		(void)cg_read_kv(cg->dfd[0], "pids.events", "max",
		    &st->pids_max_hits);
	}
	return (rv);
}

/* ------------------------------------------------------------------ */
/* Teardown                                                             */
/* ------------------------------------------------------------------ */

void
sbx_cgroup_destroy(struct sbx_cgroup *cg)
{
	char	path[CG_PATH_MAX];
	size_t	rel;
	int	i, fz;

	if (cg->version == SBX_CG_NONE)
		return;
	/*
	 * The common case first: an empty group with no children goes with
	 * one rmdir per hierarchy, no walking (this runs once per program).
	 */
	for (i = 0; i < 3; i++) {
		if (cg->dfd[i] >= 0 && cg_rmdir_self(cg->dfd[i],
		    cg->path[i]) == 0) {
			(void)close(cg->dfd[i]);
			cg->dfd[i] = -1;
		}
	}
	if (cg->dfd[0] < 0 && cg->dfd[1] < 0 && cg->dfd[2] < 0) {
		/* An earlier sbx_cgroup_kill() may have left a freezer twin. */
		if (cg->version == SBX_CG_V1 &&
		    cg1_freezer_path(cg, path, sizeof path, &rel) == 0 &&
		    rmdir(path) == -1 && errno != ENOENT)
			log_debug("%s: %s: %s", __func__, path,
			    strerror(errno));
		sbx_cgroup_close(cg);
		return;
	}
	(void)sbx_cgroup_kill(cg);
	for (i = 0; i < 3; i++) {
		if (cg->dfd[i] < 0)
			continue;
		cg_purge(cg->dfd[i], 0);
		if (cg_rmdir_self(cg->dfd[i], cg->path[i]) == -1)
			log_debug("%s: %s: %s", __func__, cg->path[i],
			    strerror(errno));
	}
	/* The freezer twin that sbx_cgroup_kill() may have made. */
	if (cg->version == SBX_CG_V1 &&
	    cg1_freezer_path(cg, path, sizeof path, &rel) == 0 &&
	    (fz = open(path, DIR_FLAGS)) != -1) {
		cg_purge(fz, 0);
		(void)close(fz);
		if (rmdir(path) == -1)
			log_debug("%s: %s: %s", __func__, path,
			    strerror(errno));
	}
	sbx_cgroup_close(cg);
}

void
sbx_cgroup_close(struct sbx_cgroup *cg)
{
	/* A zeroed struct holds fd 0, which is not ours to close. */
	if (cg->version == SBX_CG_NONE)
		return;
	cg_close_fds(cg);
}
