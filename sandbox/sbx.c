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
	syscall(SYS_close_range, lo, ~0U, 0U);
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
	if (s->runtime == SBX_RUNTIME_RUNSC) {
		sbx_result_fail(res, SBX_STAGE_RUNSC, ENOSYS,
		    "the runsc runtime is not available in this build");
		return (-1);
	}
	s->active = SBX_RUNTIME_NATIVE;
	s->violate = violate_mode();
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
	if (open_cgroups(s, slot, res) != 0)
		return (-1);
	if (s->workdir != NULL && open_workdir(s, res) != 0)
		return (-1);
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

int
sbx_run(struct sbx *s, const struct sbx_job *job, struct sbx_result *res)
{
	const struct policy_cache	*p;
	struct sbx_limits		 l;
	struct sbx_frame		 f;
	uint64_t			 flags = 0;
	char				*cause = NULL;
	size_t				 i;
	int				 n, fds[3];

	sbx_result_init(res);
	if (!s->opened || s->chan == -1) {
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
	for (i = 0; i < 3; i++) {
		if (fds[i] < 0)
			continue;
		flags |= SBX_RUNF_STDIN_FD << i;
		sbx_frame_add_fd(&f, fds[i]);
	}
	if (s->violate == SBX_VIOLATE_NOTIFY)
		flags |= SBX_RUNF_NOTIFY;
	if (job->sanitize_tty)
		flags |= SBX_RUNF_SANITIZE;
	if (!s->have_cg)
		flags |= SBX_RUNF_NO_CGROUP;
	sbx_frame_add_u64(&f, SBX_T_FLAGS, flags);

	n = sbx_frame_send(s->chan, &f);
	f.nfds = 0;	/* the caller's descriptors: not ours to close */
	sbx_frame_free(&f);
	if (n != 0) {
		sbx_result_fail(res, SBX_STAGE_PROTOCOL, errno,
		    "supervisor: %s", strerror(errno));
		return (-1);
	}
	n = sbx_frame_recv(s->chan, &f);
	if (n != 1 || f.type != SBX_MSG_RESULT ||
	    sbx_result_decode(&f, res) != 0) {
		if (n == 1)
			sbx_frame_free(&f);
		sbx_result_fail(res, SBX_STAGE_PROTOCOL, n == 0 ? EPIPE : errno,
		    "supervisor %s", n == 0 ? "died" : "sent a bad reply");
		return (-1);
	}
	sbx_frame_free(&f);
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
	if (s->have_cg)
		sbx_cgroup_destroy(&s->session_cg);
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
	free(s);
}
