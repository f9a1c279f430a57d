/* SPDX-License-Identifier: ISC */
/*
 * The session API, host side: lock a slot, make the session's cgroups,
 * start the supervisor in its namespaces and talk to it in frames.
 */

#include <sys/types.h>
#include <sys/file.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sbx.h"

#ifndef SBX_POLICY_DIR
#define SBX_POLICY_DIR	"/usr/local/share/gavel/policies"
#endif

#define RUN_DIR		"/run/gavel"
#define SLOT_DIR	RUN_DIR "/slots"
#define BPF_CACHE_DIR	RUN_DIR "/bpf"
#define FIRST_UID	60000
#define SLOTS		1000

#ifndef SBX_BINDIR
#define SBX_BINDIR	"/usr/local/bin"
#endif

/*
 * Under runsc the host memory cgroup holds gVisor (sentry, gofer, its
 * file cache, the tmpfs contents) as well as the program: its limit is
 * the run's plus this and the tmpfs sizes. The run's own limit is then
 * checked on its peak inside (wait4), and only a program far over it
 * meets the cgroup, which ends the whole sandbox (restarted next run).
 */
#define RUNSC_MEM_OVERHEAD	(192ULL << 20)
/* gVisor's own threads count in pids: a backstop, not the limit. */
#define RUNSC_PIDS		4096
/* How long past a run's wall limit the host waits for its result. */
#define RUNSC_GRACE_MS		10000

/* Compiled policies of this session, by name. */
struct policy_cache {
	char		*name;
	void		*bpf;
	size_t		 len;
};

struct sbx {
	/* recorded by the setters */
	enum sbx_runtime	 runtime;
	char			*workdir;
	int			 workdir_fd;	/* opened without symlinks */
	uid_t			 workdir_uid;	/* its owner before us */
	gid_t			 workdir_gid;
	struct sbx_mount	*mounts;
	size_t			 nmounts;
	uint64_t		 workspace_bytes;
	uint64_t		 tmp_bytes;
	int			 no_cgroup;
	char			*policy_dir;
	char			*cgroup_root;
	char			*box_path;
	int			 debug;

	/* the open session */
	int			 opened;
	enum sbx_runtime	 active;
	int			 slot_fd;
	uid_t			 uid;		/* programs run as */
	gid_t			 gid;
	uid_t			 outer_uid;	/* the caller's */
	gid_t			 outer_gid;
	struct sbx_cgroup_host	 cgh;
	struct sbx_cgroup	 session_cg;
	int			 have_cg;
	enum sbx_violate	 violate;
	pid_t			 sup_pid;
	int			 chan;
	struct policy_cache	*pol;
	size_t			 npol;
	int			 slot;
	/* runsc */
	char			 runsc[PATH_MAX];
	struct sbx_runsc	 rs;
	int			 rs_up;		/* rs is running */
	uint64_t		 rs_mem;	/* memory limit last written */
	uint64_t		 rs_oom;	/* OOM kills counted before it */
};

/*
 * Supervisors that were told to quit but had not exited when their
 * session closed: closing never waits for a pid namespace to wind down,
 * and these are reaped by the next open or close of this process.
 */
static pid_t	reap_later[16];

static void
reap_pending(void)
{
	size_t	i;

	for (i = 0; i < sizeof reap_later / sizeof reap_later[0]; i++) {
		if (reap_later[i] > 0 &&
		    waitpid(reap_later[i], NULL, WNOHANG) != 0)
			reap_later[i] = 0;
	}
}

static void
reap_supervisor(pid_t pid)
{
	size_t	i;

	reap_pending();
	if (waitpid(pid, NULL, WNOHANG) != 0)
		return;
	for (i = 0; i < sizeof reap_later / sizeof reap_later[0]; i++) {
		if (reap_later[i] <= 0) {
			reap_later[i] = pid;
			return;
		}
	}
	/* No room: wait for this one (it is already on its way out). */
	waitpid(pid, NULL, 0);
}

struct sbx *
sbx_new(void)
{
	struct sbx	*s;

	s = xcalloc(1, sizeof *s);
	s->runtime = SBX_RUNTIME_AUTO;
	s->workspace_bytes = 50ULL << 20;
	s->tmp_bytes = 10ULL << 20;
	s->slot_fd = -1;
	s->sup_pid = -1;
	s->chan = -1;
	s->workdir_fd = -1;
	s->rs.pid = -1;
	s->rs.to_sup = s->rs.from_sup = -1;
	return (s);
}

void
sbx_set_runtime(struct sbx *s, enum sbx_runtime rt)
{
	s->runtime = rt;
}

void
sbx_set_workdir(struct sbx *s, const char *dir)
{
	free(s->workdir);
	s->workdir = dir != NULL ? xstrdup(dir) : NULL;
}

int
sbx_add_dir(struct sbx *s, const char *inside, const char *host,
    int writable, char **cause)
{
	static const char *reserved[] = { "/", "/proc", "/dev", "/workspace",
	    "/tmp", "/etc", "/usr" };
	struct sbx_mount	*m;
	size_t			 i;

	if (inside[0] != '/' || strstr(inside, "/..") != NULL ||
	    strstr(inside, "/./") != NULL || strlen(inside) >= 256) {
		xasprintf(cause, "%s: not a clean absolute path", inside);
		return (-1);
	}
	for (i = 0; i < sizeof reserved / sizeof reserved[0]; i++) {
		if (strcmp(inside, reserved[i]) == 0) {
			xasprintf(cause, "%s: reserved in the box", inside);
			return (-1);
		}
	}
	if (host[0] != '/') {
		xasprintf(cause, "%s: host path must be absolute", host);
		return (-1);
	}
	s->mounts = xreallocarray(s->mounts, s->nmounts + 1, sizeof *m);
	m = &s->mounts[s->nmounts++];
	m->inside = xstrdup(inside);
	m->host = xstrdup(host);
	m->writable = writable;
	return (0);
}

void
sbx_set_tmpfs(struct sbx *s, uint64_t workspace_bytes, uint64_t tmp_bytes)
{
	if (workspace_bytes != 0)
		s->workspace_bytes = workspace_bytes;
	if (tmp_bytes != 0)
		s->tmp_bytes = tmp_bytes;
}

void
sbx_set_no_cgroup(struct sbx *s, int v)
{
	s->no_cgroup = v;
}

void
sbx_set_policy_dir(struct sbx *s, const char *dir)
{
	free(s->policy_dir);
	s->policy_dir = dir != NULL ? xstrdup(dir) : NULL;
}

void
sbx_set_cgroup_root(struct sbx *s, const char *root)
{
	free(s->cgroup_root);
	s->cgroup_root = root != NULL ? xstrdup(root) : NULL;
}

void
sbx_set_box_path(struct sbx *s, const char *path)
{
	free(s->box_path);
	s->box_path = path != NULL ? xstrdup(path) : NULL;
}

void
sbx_set_debug(struct sbx *s, int v)
{
	s->debug = v;
}

enum sbx_runtime
sbx_runtime_of(struct sbx *s)
{
	return (s->active != SBX_RUNTIME_AUTO ? s->active : s->runtime);
}

/*
 * A slot is a lock file held for the session's life; its number gives
 * the uid programs run as, so parallel sessions never share a uid (and
 * so neither RLIMIT_NPROC counts nor signals cross between them).
 */
static int
lock_slot(struct sbx *s, struct sbx_result *res)
{
	char	path[64];
	int	i, fd;

	if (mkdir(RUN_DIR, 0755) == -1 && errno != EEXIST)
		goto fail;
	if (mkdir(SLOT_DIR, 0700) == -1 && errno != EEXIST)
		goto fail;
	for (i = 0; i < SLOTS; i++) {
		snprintf(path, sizeof path, SLOT_DIR "/%d.lock", i);
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
		    0600);
		if (fd == -1)
			goto fail;
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			s->slot_fd = fd;
			s->uid = FIRST_UID + (uid_t)i;
			s->gid = FIRST_UID + (gid_t)i;
			return (i);
		}
		close(fd);
		if (errno != EWOULDBLOCK)
			goto fail;
	}
	sbx_result_fail(res, SBX_STAGE_SLOT, EBUSY, "all %d slots are busy",
	    SLOTS);
	return (-1);
fail:
	sbx_result_fail(res, SBX_STAGE_SLOT, errno, "%s: %s", SLOT_DIR,
	    strerror(errno));
	return (-1);
}

static int
open_cgroups(struct sbx *s, int slot, struct sbx_result *res)
{
	char	 name[32], *cause = NULL;

	if (s->no_cgroup)
		return (0);
	sbx_cgroup_detect(s->cgroup_root, &s->cgh);
	if (s->cgh.version == SBX_CG_NONE ||
	    (s->cgh.controllers & SBX_CG_ALL) != SBX_CG_ALL) {
		sbx_result_fail(res, SBX_STAGE_CGROUP, ENOENT,
		    "no usable cgroup with memory, pids and cpu accounting"
		    " (%s); --no-cgroup runs with rlimits only",
		    s->cgh.note[0] != '\0' ? s->cgh.note : "none found");
		return (-1);
	}
	/*
	 * box-N holds only the per-run child groups; the supervisor stays in
	 * the caller's cgroup (cgroup v2 forbids processes beside children).
	 */
	snprintf(name, sizeof name, "box-%d", slot);
	if (sbx_cgroup_create(&s->cgh, name, &s->session_cg, &cause) != 0)
		goto fail;
	s->have_cg = 1;
	return (0);
fail:
	sbx_result_fail(res, SBX_STAGE_CGROUP, errno, "%s", cause);
	free(cause);
	return (-1);
}

/* Seccomp user notification names blocked calls; without it, kill. */
static enum sbx_violate
violate_mode(void)
{
	char	buf[256];

	if (sbx_read_file_at(AT_FDCWD, "/proc/sys/kernel/seccomp/actions_avail",
	    buf, sizeof buf) > 0 && strstr(buf, "user_notif") != NULL)
		return (SBX_VIOLATE_NOTIFY);
	return (SBX_VIOLATE_KILL);
}

static int
cmp_int(const void *a, const void *b)
{
	int	x = *(const int *)a, y = *(const int *)b;

	return (x < y ? -1 : x > y);
}

/*
 * In the supervisor: close everything the host had open but keep, with
 * close_range() over the gaps between the kept descriptors. (Listing
 * /proc/self/fd cost ten times more: malloc and fresh pages after a fork
 * are page faults, and page faults are what is slow on small VMs.)
 */
static void
close_inherited(int *keep, size_t nkeep)
{
	unsigned int	lo = 3;
	size_t		i;

	qsort(keep, nkeep, sizeof *keep, cmp_int);
	for (i = 0; i < nkeep; i++) {
		if (keep[i] < (int)lo)
			continue;
		if ((unsigned int)keep[i] > lo)
			syscall(SYS_close_range, lo, (unsigned int)keep[i] - 1,
			    0U);
		lo = (unsigned int)keep[i] + 1;
	}
	syscall(SYS_close_range, lo, (unsigned)INT_MAX, 0U);
}

/* The supervisor's life, from the clone to its exit. */
static void __attribute__((noreturn))
supervisor_main(struct sbx *s, int chan)
{
	struct sbx_sup_env	 env;
	struct sbx_setup	 st;
	struct sbx_frame	 f;
	enum sbx_stage		 stage = SBX_STAGE_NONE;
	int			 keep[5];
	size_t			 nkeep = 0, i;
	int			 err;

	/*
	 * Die with the host side: then pid 1 goes and the box with it. (The
	 * race before this call is covered by EOF on the channel; getppid()
	 * is 0 here, our parent being outside the new pid namespace.)
	 */
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);

	keep[nkeep++] = chan;
	if (s->workdir_fd != -1)
		keep[nkeep++] = s->workdir_fd;
	for (i = 0; s->have_cg && i < 3; i++) {
		if (s->session_cg.dfd[i] != -1)
			keep[nkeep++] = s->session_cg.dfd[i];
	}
	close_inherited(keep, nkeep);

	memset(&st, 0, sizeof st);
	st.workdir = s->workdir;
	st.workdir_fd = s->workdir_fd;
	st.workspace_bytes = s->workspace_bytes;
	st.tmp_bytes = s->tmp_bytes;
	st.mounts = s->mounts;
	st.nmounts = s->nmounts;
	st.uid = s->uid;
	st.gid = s->gid;
	st.outer_uid = s->outer_uid;
	st.outer_gid = s->outer_gid;
	st.userns = s->outer_uid != 0;
	if (sbx_setup_root(&st, &stage) == -1)
		goto fail;

	memset(&env, 0, sizeof env);
	env.session_cg = s->have_cg ? &s->session_cg : NULL;
	env.uid = s->uid;
	env.gid = s->gid;
	env.debug = s->debug;
	_exit(sbx_supervise(&env, chan, chan));

fail:
	err = errno;
	sbx_frame_init(&f, SBX_MSG_FAIL);
	sbx_frame_add_u64(&f, SBX_T_STAGE, (uint64_t)stage);
	sbx_frame_add_u64(&f, SBX_T_ERRNO, (uint64_t)err);
	(void)sbx_frame_send(chan, &f);
	_exit(1);
}

static int
start_supervisor(struct sbx *s, struct sbx_result *res)
{
	struct sbx_frame	 f;
	struct sbx_field	 fl;
	uint64_t		 v, stage = SBX_STAGE_CLONE, err = EPROTO;
	uint32_t		 off = 0;
	unsigned long		 flags;
	int			 sv[2], n;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
		sbx_result_fail(res, SBX_STAGE_PROTOCOL, errno,
		    "socketpair: %s", strerror(errno));
		return (-1);
	}
	flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC |
	    CLONE_NEWUTS;
	if (geteuid() != 0)
		flags |= CLONE_NEWUSER;
	fflush(NULL);
	s->sup_pid = (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL,
	    NULL, 0);
	if (s->sup_pid == -1) {
		sbx_result_fail(res, SBX_STAGE_CLONE, errno, "clone: %s",
		    strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return (-1);
	}
	if (s->sup_pid == 0) {
		close(sv[0]);
		supervisor_main(s, sv[1]);
	}
	close(sv[1]);
	s->chan = sv[0];

	n = sbx_frame_recv(s->chan, &f);
	if (n == 1 && f.type == SBX_MSG_HELLO) {
		sbx_frame_free(&f);
		return (0);
	}
	if (n == 1 && f.type == SBX_MSG_FAIL) {
		while (sbx_frame_next(&f, &off, &fl) == 1) {
			if (sbx_field_u64(&fl, &v) != 0)
				continue;
			if (fl.tag == SBX_T_STAGE && v < SBX_STAGE_MAX)
				stage = v;
			else if (fl.tag == SBX_T_ERRNO)
				err = v;
		}
	}
	if (n == 1)
		sbx_frame_free(&f);
	sbx_result_fail(res, (enum sbx_stage)stage, (int)err,
	    "supervisor setup failed at %s: %s",
	    sbx_stage_name((enum sbx_stage)stage), strerror((int)err));
	return (-1);
}

/* Directories a workdir may never be: they would be handed to a uid. */
static const char *system_dirs[] = { "/", "/bin", "/boot", "/dev", "/etc",
    "/home", "/lib", "/lib64", "/opt", "/proc", "/root", "/run", "/sbin",
    "/srv", "/sys", "/tmp", "/usr", "/var" };

/*
 * The workdir is opened once, refusing symlinks anywhere in the path (so
 * a planted link can't redirect the chown), checked against the system
 * folders, and handed to the slot's uid like isolate's box; its owner is
 * given back at close. The supervisor binds this descriptor, not a path.
 */
static int
open_workdir(struct sbx *s, struct sbx_result *res)
{
	struct stat	 st, sys;
	size_t		 i;
	int		 fd;

	if ((fd = sbx_open_dir_nosymlinks(s->workdir)) == -1) {
		sbx_result_fail(res, SBX_STAGE_WORKDIR, errno, "workdir %s: %s",
		    s->workdir, errno == ELOOP ? "a symlink in the path" :
		    strerror(errno));
		return (-1);
	}
	if (fstat(fd, &st) == -1)
		goto fail;
	for (i = 0; i < sizeof system_dirs / sizeof system_dirs[0]; i++) {
		if (stat(system_dirs[i], &sys) == 0 &&
		    sys.st_dev == st.st_dev && sys.st_ino == st.st_ino) {
			errno = EPERM;
			sbx_result_fail(res, SBX_STAGE_WORKDIR, EPERM,
			    "workdir %s: a system folder", s->workdir);
			close(fd);
			return (-1);
		}
	}
	s->workdir_fd = fd;
	s->workdir_uid = st.st_uid;
	s->workdir_gid = st.st_gid;
	if (geteuid() == 0 && (st.st_uid != s->uid || st.st_gid != s->gid) &&
	    fchown(fd, s->uid, s->gid) == -1)
		goto fail;
	return (0);
fail:
	sbx_result_fail(res, SBX_STAGE_WORKDIR, errno, "workdir %s: %s",
	    s->workdir, strerror(errno));
	return (-1);
}

/* The k-th CPU we may use, for slot k: one sandbox per core. */
static int
slot_cpu(int slot)
{
	cpu_set_t	set;
	int		i, n, k;

	if (sched_getaffinity(0, sizeof set, &set) == -1 ||
	    (n = CPU_COUNT(&set)) == 0)
		return (-1);
	k = slot % n;
	for (i = 0; i < CPU_SETSIZE; i++) {
		if (CPU_ISSET(i, &set) && k-- == 0)
			return (i);
	}
	return (-1);
}

static const char *
box_path(struct sbx *s)
{
	const char	*env = getenv("GAVEL_BOX");

	if (s->box_path != NULL)
		return (s->box_path);
	if (env != NULL && *env != '\0')
		return (env);
	return (SBX_BINDIR "/gavel-box");
}

/* Start (or restart) the session's runsc sandbox. */
static int
runsc_up(struct sbx *s, struct sbx_result *res)
{
	struct sbx_runsc_conf	c;
	struct stat		st;
	char			cgpath[32], *cause = NULL;

	memset(&c, 0, sizeof c);
	c.slot = s->slot;
	c.runsc = s->runsc;
	c.box = box_path(s);
	if (c.box[0] != '/' || stat(c.box, &st) == -1 || !S_ISREG(st.st_mode)) {
		sbx_result_fail(res, SBX_STAGE_RUNSC, ENOENT,
		    "runsc: no gavel-box binary at %s to supervise the sandbox"
		    " (set GAVEL_BOX)", c.box);
		return (-1);
	}
	if (s->have_cg) {
		snprintf(cgpath, sizeof cgpath, "/gavel/box-%d", s->slot);
		c.cgroup_path = cgpath;
		sbx_cgroup_kill(&s->session_cg);
		if (sbx_cgroup_set_limits(&s->session_cg, RUNSC_MEM_OVERHEAD +
		    (256ULL << 20) + s->tmp_bytes + s->workspace_bytes,
		    RUNSC_PIDS, &cause) != 0) {
			sbx_result_fail(res, SBX_STAGE_CGROUP, errno, "%s",
			    cause);
			free(cause);
			return (-1);
		}
	}
	c.workdir = s->workdir;
	c.mounts = s->mounts;
	c.nmounts = s->nmounts;
	c.workspace_bytes = s->workspace_bytes;
	c.tmp_bytes = s->tmp_bytes;
	c.uid = s->uid;
	c.gid = s->gid;
	c.cpu = slot_cpu(s->slot);
	c.debug = s->debug;
	s->rs_mem = 0;
	s->rs_oom = 0;
	if (s->have_cg) {
		struct sbx_cgroup_stats	cs;

		if (sbx_cgroup_stats(&s->session_cg, &cs) == 0)
			s->rs_oom = cs.oom_kills;
	}
	if (sbx_runsc_start(&s->rs, &c, res) != 0) {
		sbx_runsc_stop(&s->rs, s->runsc, 0);
		return (-1);
	}
	s->rs_up = 1;
	return (0);
}

static void
runsc_down(struct sbx *s, int quit)
{
	if (s->rs.dir[0] == '\0')
		return;
	sbx_runsc_stop(&s->rs, s->runsc, quit);
	s->rs_up = 0;
	if (s->have_cg)
		sbx_cgroup_kill(&s->session_cg);
}

/*
 * Which runtime to open: runsc when asked for, or for auto when we are
 * root and runsc is installed (a runsc that then fails to start makes
 * auto fall back to native, with a warning).
 */
static int
pick_runtime(struct sbx *s, struct sbx_result *res)
{
	const char	*why = NULL;

	s->active = SBX_RUNTIME_NATIVE;
	if (s->runtime == SBX_RUNTIME_NATIVE)
		return (0);
	if (geteuid() != 0)
		why = "runsc needs root (never --rootless: it drops the "
		    "memory limit)";
	else if (sbx_runsc_find(s->runsc, sizeof s->runsc) != 0)
		why = "runsc is not installed";
	if (why == NULL) {
		s->active = SBX_RUNTIME_RUNSC;
		return (0);
	}
	if (s->runtime == SBX_RUNTIME_RUNSC) {
		sbx_result_fail(res, SBX_STAGE_RUNSC, ENOENT, "%s", why);
		return (-1);
	}
	if (geteuid() == 0)
		log_warn("runtime auto: %s; using native", why);
	return (0);
}

int
sbx_open(struct sbx *s, struct sbx_result *res)
{
	int		slot = 0;

	sbx_result_init(res);
	reap_pending();
	if (s->opened) {
		sbx_result_fail(res, SBX_STAGE_NONE, EBUSY,
		    "session already open");
		return (-1);
	}
	if (pick_runtime(s, res) != 0)
		return (-1);
	s->outer_uid = geteuid();
	s->outer_gid = getegid();
	if (geteuid() == 0) {
		if ((slot = lock_slot(s, res)) == -1)
			return (-1);
	} else {
		/* A user namespace maps only our own id: root inside it. */
		s->uid = 0;
		s->gid = 0;
	}
	s->slot = slot;
	if (open_cgroups(s, slot, res) != 0)
		return (-1);
	if (s->workdir != NULL && open_workdir(s, res) != 0)
		return (-1);
	if (s->active == SBX_RUNTIME_RUNSC) {
		/* Whatever a killed session of this slot left behind. */
		sbx_runsc_sweep(slot, s->runsc);
		if (s->have_cg)
			sbx_runsc_sweep_cgroups(s->cgroup_root, slot,
			    &s->session_cg);
		/* gVisor has no seccomp user notification: trap instead. */
		s->violate = SBX_VIOLATE_TRAP;
		if (runsc_up(s, res) == 0) {
			s->opened = 1;
			return (0);
		}
		if (s->runtime == SBX_RUNTIME_RUNSC)
			return (-1);
		log_warn("runtime auto: %s; using native", res->message);
		sbx_result_init(res);
		s->active = SBX_RUNTIME_NATIVE;
	}
	s->violate = violate_mode();
	if (start_supervisor(s, res) != 0)
		return (-1);
	s->opened = 1;
	return (0);
}

static const struct policy_cache *
policy_get(struct sbx *s, const char *name, struct sbx_result *res)
{
	struct policy_cache	*p;
	const char		*dir;
	char			*cause = NULL;
	size_t			 i;

	for (i = 0; i < s->npol; i++) {
		if (strcmp(s->pol[i].name, name) == 0)
			return (&s->pol[i]);
	}
	dir = s->policy_dir != NULL ? s->policy_dir : SBX_POLICY_DIR;
	s->pol = xreallocarray(s->pol, s->npol + 1, sizeof *s->pol);
	p = &s->pol[s->npol];
	memset(p, 0, sizeof *p);
	if (sbx_policy_compile_cached(dir, name, s->violate,
	    geteuid() == 0 ? BPF_CACHE_DIR : NULL, &p->bpf, &p->len,
	    &cause) != 0)
		goto fail;
	p->name = xstrdup(name);
	s->npol++;
	return (p);
fail:
	/*
	 * No such policy in an existing folder is the caller's mistake (an
	 * unknown name); a missing folder or a broken file is ours.
	 */
	if (errno == ENOENT && access(dir, F_OK) == 0)
		sbx_result_fail(res, SBX_STAGE_POLICY, ENOENT,
		    "unknown policy %s (no %s/%s.policy)", name, dir, name);
	else
		sbx_result_fail(res, SBX_STAGE_POLICY, EINVAL, "policy %s: %s",
		    name, cause != NULL ? cause : "cannot load");
	free(cause);
	return (NULL);
}

/* The program's whole environment: the fixed three, then the caller's. */
static void
add_env(struct sbx_frame *f, char *const *extra)
{
	static const char	*base[] = {
		"PATH=/usr/local/bin:/usr/bin:/bin",
		"HOME=/workspace",
		"TMPDIR=/tmp",
	};
	size_t			 i, j, len;
	int			 overridden;

	for (i = 0; i < 3; i++) {
		len = strcspn(base[i], "=") + 1;
		overridden = 0;
		for (j = 0; extra != NULL && extra[j] != NULL; j++) {
			if (strncmp(extra[j], base[i], len) == 0)
				overridden = 1;
		}
		if (!overridden)
			sbx_frame_add_str(f, SBX_T_ENV, base[i]);
	}
	for (j = 0; extra != NULL && extra[j] != NULL; j++)
		sbx_frame_add_str(f, SBX_T_ENV, extra[j]);
}

/* Copy all of from into to (both plain descriptors). -1 errno. */
static int
copy_fd(int from, int to)
{
	char	buf[65536];
	ssize_t	n;

	for (;;) {
		n = read(from, buf, sizeof buf);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return ((int)n);
		if (sbx_write_all(to, buf, (size_t)n) == -1)
			return (-1);
	}
}

static const char *io_name[3] = { "stdin", "stdout", "stderr" };

/*
 * runsc: the run's stdio are files in the bundle's io/ folder, which the
 * supervisor sees at SBX_RUNSC_IO_INSIDE (runsc passes no descriptors).
 * The input is copied in before the run, the output out after it.
 */
static int
runsc_stdin(struct sbx *s, const struct sbx_job *job, struct sbx_frame *f,
    struct sbx_result *res)
{
	char	path[PATH_MAX];
	int	fd, rv;

	if (job->stdin_fd < 0)
		return (0);
	snprintf(path, sizeof path, "%s/io/stdin", s->rs.dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd == -1) {
		sbx_result_fail(res, SBX_STAGE_STDIO, errno, "%s: %s", path,
		    strerror(errno));
		return (-1);
	}
	rv = copy_fd(job->stdin_fd, fd);
	if (close(fd) == -1 || rv == -1) {
		sbx_result_fail(res, SBX_STAGE_STDIO, errno, "stdin: %s",
		    strerror(errno));
		return (-1);
	}
	sbx_frame_add_str(f, SBX_T_STDIN_PATH, SBX_RUNSC_IO_INSIDE "/stdin");
	return (0);
}

static int
runsc_output(struct sbx *s, const struct sbx_job *job, struct sbx_result *res)
{
	char	path[PATH_MAX];
	int	fds[3], i, fd, rv;

	fds[1] = job->stdout_fd;
	fds[2] = job->stderr_fd;
	for (i = 1; i < 3; i++) {
		if (fds[i] < 0)
			continue;
		snprintf(path, sizeof path, "%s/io/%s", s->rs.dir, io_name[i]);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
			continue;	/* the run never started */
		rv = copy_fd(fd, fds[i]);
		close(fd);
		unlink(path);
		if (rv == -1) {
			sbx_result_fail(res, SBX_STAGE_STDIO, errno,
			    "%s: %s", io_name[i], strerror(errno));
			return (-1);
		}
	}
	return (0);
}

/*
 * The sandbox ended (or hung) mid-run. A memory cgroup OOM kill is the
 * run's memory limit: gVisor dies whole with it. Either way the sandbox
 * is taken down now and started again for the next run.
 */
static int
runsc_lost(struct sbx *s, const struct sbx_limits *l, uint64_t t0,
    int timed_out, struct sbx_result *res)
{
	uint64_t		oom0 = s->rs_oom;
	struct sbx_cgroup_stats	st;
	int			err = errno;

	memset(&st, 0, sizeof st);
	runsc_down(s, 0);
	if (s->have_cg && sbx_cgroup_stats(&s->session_cg, &st) == 0 &&
	    st.oom_kills > oom0) {
		sbx_result_init(res);
		res->status = SBX_MEMORY_LIMIT;
		res->wall_ms = (sbx_now_ns() - t0) / 1000000ULL;
		res->memory_kb = l->memory_bytes / 1024;
		res->cgroup = (int)s->cgh.version;
		snprintf(res->message, sizeof res->message,
		    "memory limit of %llu KiB exceeded (the gVisor sandbox was"
		    " killed)", (unsigned long long)(l->memory_bytes / 1024));
		return (0);
	}
	sbx_result_fail(res, SBX_STAGE_RUNSC, timed_out ? ETIMEDOUT : err,
	    "runsc: %s", timed_out ? "no result from the sandbox in time" :
	    "the sandbox ended during the run");
	return (-1);
}

int
sbx_run(struct sbx *s, const struct sbx_job *job, struct sbx_result *res)
{
	const struct policy_cache	*p;
	struct sbx_limits		 l;
	struct sbx_frame		 f;
	uint64_t			 flags = 0, t0;
	char				*cause = NULL;
	size_t				 i;
	int				 n, fds[3], runsc;

	sbx_result_init(res);
	runsc = s->opened && s->active == SBX_RUNTIME_RUNSC;
	if (!s->opened || (!runsc && s->chan == -1)) {
		sbx_result_fail(res, SBX_STAGE_PROTOCOL, EINVAL,
		    "session is not open");
		return (-1);
	}
	if (job->argv == NULL || job->argv[0] == NULL) {
		sbx_result_fail(res, SBX_STAGE_EXECFD, EINVAL, "no program");
		return (-1);
	}
	l = job->limits;
	sbx_limits_fill(&l);
	if (sbx_limits_check(&l, &cause) != 0) {
		sbx_result_fail(res, SBX_STAGE_RLIMITS, EINVAL, "%s", cause);
		free(cause);
		return (-1);
	}
	p = policy_get(s, job->policy != NULL ? job->policy : "default", res);
	if (p == NULL)
		return (-1);
	if (runsc && !s->rs_up && runsc_up(s, res) != 0)
		return (-1);

	sbx_frame_init(&f, SBX_MSG_RUN);
	for (i = 0; job->argv[i] != NULL; i++)
		sbx_frame_add_str(&f, SBX_T_ARGV, job->argv[i]);
	add_env(&f, job->env);
	sbx_frame_add_u64(&f, SBX_T_CPU_MS, l.cpu_ms);
	sbx_frame_add_u64(&f, SBX_T_WALL_MS, l.wall_ms);
	sbx_frame_add_u64(&f, SBX_T_MEMORY, l.memory_bytes);
	sbx_frame_add_u64(&f, SBX_T_STACK, l.stack_bytes);
	sbx_frame_add_u64(&f, SBX_T_FSIZE, l.fsize_bytes);
	sbx_frame_add_u64(&f, SBX_T_OUTPUT, l.output_bytes);
	sbx_frame_add_u64(&f, SBX_T_PROCESSES, l.processes);
	sbx_frame_add_u64(&f, SBX_T_OPEN_FILES, l.open_files);
	sbx_frame_add_u64(&f, SBX_T_UID, s->uid);
	sbx_frame_add_u64(&f, SBX_T_GID, s->gid);
	sbx_frame_add(&f, SBX_T_BPF, p->bpf, (uint32_t)p->len);
	fds[0] = job->stdin_fd;
	fds[1] = job->stdout_fd;
	fds[2] = job->stderr_fd;
	if (runsc) {
		if (runsc_stdin(s, job, &f, res) != 0) {
			sbx_frame_free(&f);
			return (-1);
		}
		for (i = 1; i < 3; i++) {
			char	path[64];

			if (fds[i] < 0)
				continue;
			snprintf(path, sizeof path, SBX_RUNSC_IO_INSIDE "/%s",
			    io_name[i]);
			sbx_frame_add_str(&f, SBX_T_STDIN_PATH + (uint32_t)i,
			    path);
		}
	} else {
		for (i = 0; i < 3; i++) {
			if (fds[i] < 0)
				continue;
			flags |= SBX_RUNF_STDIN_FD << i;
			sbx_frame_add_fd(&f, fds[i]);
		}
	}
	if (s->violate == SBX_VIOLATE_NOTIFY)
		flags |= SBX_RUNF_NOTIFY;
	if (job->sanitize_tty)
		flags |= SBX_RUNF_SANITIZE;
	if (!s->have_cg || runsc)
		flags |= SBX_RUNF_NO_CGROUP;
	sbx_frame_add_u64(&f, SBX_T_FLAGS, flags);

	if (runsc && s->have_cg && s->rs_mem != l.memory_bytes) {
		/*
		 * The sandbox's cgroup: this run's limit plus gVisor's own,
		 * written when it changes (a write may make the kernel
		 * reclaim, and costs a few calls).
		 */
		if (sbx_cgroup_set_limits(&s->session_cg, l.memory_bytes +
		    RUNSC_MEM_OVERHEAD + s->tmp_bytes + s->workspace_bytes,
		    RUNSC_PIDS, &cause) != 0) {
			log_debug("runsc: %s", cause);
			free(cause);
		} else
			s->rs_mem = l.memory_bytes;
	}
	t0 = sbx_now_ns();
	n = runsc ? sbx_runsc_send(&s->rs, &f) : sbx_frame_send(s->chan, &f);
	f.nfds = 0;	/* the caller's descriptors: not ours to close */
	sbx_frame_free(&f);
	if (n != 0) {
		if (runsc)
			return (runsc_lost(s, &l, t0, 0, res));
		sbx_result_fail(res, SBX_STAGE_PROTOCOL, errno,
		    "supervisor: %s", strerror(errno));
		return (-1);
	}
	if (runsc)
		n = sbx_runsc_recv(&s->rs, &f, l.wall_ms + RUNSC_GRACE_MS);
	else
		n = sbx_frame_recv(s->chan, &f);
	if (runsc && n != 1)
		return (runsc_lost(s, &l, t0, n == -1 && errno == ETIMEDOUT,
		    res));
	if (n != 1 || f.type != SBX_MSG_RESULT ||
	    sbx_result_decode(&f, res) != 0) {
		if (n == 1)
			sbx_frame_free(&f);
		sbx_result_fail(res, SBX_STAGE_PROTOCOL, n == 0 ? EPIPE : errno,
		    "supervisor %s", n == 0 ? "died" : "sent a bad reply");
		return (-1);
	}
	sbx_frame_free(&f);
	if (runsc && runsc_output(s, job, res) != 0)
		return (-1);
	if (res->cgroup == 0 && s->have_cg)
		res->cgroup = (int)s->cgh.version;
	return (res->status == SBX_INTERNAL_ERROR ? -1 : 0);
}

void
sbx_close(struct sbx *s)
{
	struct sbx_frame	f;
	size_t			i;

	if (s == NULL)
		return;
	if (s->rs.dir[0] != '\0')
		runsc_down(s, 1);
	if (s->chan != -1) {
		sbx_frame_init(&f, SBX_MSG_QUIT);
		(void)sbx_frame_send(s->chan, &f);
		sbx_frame_free(&f);
		close(s->chan);
	}
	/*
	 * QUIT and EOF end the supervisor; SIGKILL makes sure of it (it has
	 * nothing left to do: every run was killed and reaped already). As
	 * PID 1 its death takes anything else in the box with it.
	 */
	if (s->sup_pid > 0) {
		kill(s->sup_pid, SIGKILL);
		reap_supervisor(s->sup_pid);
	}
	if (s->have_cg) {
		sbx_cgroup_destroy(&s->session_cg);
		if (s->active == SBX_RUNTIME_RUNSC)
			sbx_runsc_sweep_cgroups(s->cgroup_root, s->slot, NULL);
	}
	if (s->workdir_fd != -1) {
		if (geteuid() == 0 && fchown(s->workdir_fd, s->workdir_uid,
		    s->workdir_gid) == -1)
			log_warn("workdir %s: chown back: %s", s->workdir,
			    strerror(errno));
		close(s->workdir_fd);
	}
	if (s->slot_fd != -1)
		close(s->slot_fd);
	for (i = 0; i < s->nmounts; i++) {
		free(s->mounts[i].inside);
		free(s->mounts[i].host);
	}
	free(s->mounts);
	for (i = 0; i < s->npol; i++) {
		free(s->pol[i].name);
		free(s->pol[i].bpf);
	}
	free(s->pol);
	free(s->workdir);
	free(s->policy_dir);
	free(s->cgroup_root);
	free(s->box_path);
	free(s);
}
