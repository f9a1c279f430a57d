/* SPDX-License-Identifier: ISC */
/*
 * The per-run child between clone and execveat: a flat list of setup steps,
 * no malloc and no stdio (it shares the supervisor's memory until the
 * exec); a failure is one {stage, errno} record on a pipe.
 */

#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include <linux/filter.h>
#include <linux/seccomp.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/capability.h>

#include "sbx.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC	(1U << 2)
#endif

/* Where the child keeps its private descriptors, above any RLIMIT_NOFILE. */
#define STATUS_FD	(SBX_EXEC_FD + 1)
#define GO_FD		(SBX_EXEC_FD + 2)

/* Report a failed stage to the supervisor and die. */
static void __attribute__((noreturn))
die(enum sbx_stage stage, int err)
{
	struct sbx_child_rec	rec;

	rec.stage = (int32_t)stage;
	rec.value = err;
	(void)sbx_write_all(STATUS_FD, &rec, sizeof rec);
	_exit(127);
}

static int
move_fd(int from, int to, int cloexec)
{
	if (from == to) {
		if (!cloexec)
			return (fcntl(to, F_SETFD, 0));
		return (0);
	}
	if (dup3(from, to, cloexec ? O_CLOEXEC : 0) == -1)
		return (-1);
	return (0);
}

/*
 * Our own descriptors first go far above the stdio numbers so that the
 * dup2s onto 0, 1 and 2 can't clobber one another.
 */
static void
setup_private_fds(const struct sbx_child *c)
{
	if (move_fd(c->status_fd, STATUS_FD, 1) == -1)
		_exit(127);	/* nowhere to report to */
	if (c->go_fd != -1 && move_fd(c->go_fd, GO_FD, 1) == -1)
		die(SBX_STAGE_FDS, errno);
	if (move_fd(c->exec_fd, SBX_EXEC_FD, !c->script) == -1)
		die(SBX_STAGE_EXECFD, errno);
}

/* Join the run's cgroups before anything else can allocate or fork. */
static void
setup_cgroup(const struct sbx_child *c)
{
	if (c->procs == NULL)
		return;
	if (sbx_cgroup_join_fds(c->procs) == -1)
		die(SBX_STAGE_CGROUP_JOIN, errno);
	/* The program sees its own cgroup as the root of the hierarchy. */
	if (unshare(CLONE_NEWCGROUP) == -1 && errno != EINVAL)
		die(SBX_STAGE_CGROUP_JOIN, errno);
}

/*
 * A new session: no controlling terminal, so no TIOCSTI target either.
 * And the signal state a program expects, not the supervisor's: nothing
 * blocked (it may block SIGCHLD), SIGPIPE back to its default (it
 * ignores it), both of which exec would otherwise pass on.
 */
static void
setup_session(void)
{
	struct sigaction	sa;
	sigset_t		none;

	if (setsid() == -1)
		die(SBX_STAGE_SESSION, errno);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&none);
	if (sigaction(SIGPIPE, &sa, NULL) == -1 ||
	    sigprocmask(SIG_SETMASK, &none, NULL) == -1)
		die(SBX_STAGE_SESSION, errno);
}

static void
setup_stdio(const struct sbx_child *c)
{
	int	i;

	for (i = 0; i < 3; i++) {
		if (c->stdio[i] == -1)
			die(SBX_STAGE_STDIO, EBADF);
		if (move_fd(c->stdio[i], i, 0) == -1)
			die(SBX_STAGE_STDIO, errno);
	}
}

/*
 * Everything inherited goes: only 0-2 and our three private descriptors
 * (all close-on-exec but the program's, when it is a script) survive.
 */
static void
setup_close_fds(void)
{
	if (syscall(SYS_close_range, 3U, (unsigned)SBX_EXEC_FD - 1, 0U) == -1)
		die(SBX_STAGE_FDS, errno);
	/* (INT_MAX, not ~0U: gVisor reads the bound as an int.) */
	if (syscall(SYS_close_range, (unsigned)GO_FD + 1, (unsigned)INT_MAX,
	    0U) == -1)
		die(SBX_STAGE_FDS, errno);
}

static void
setup_chdir(const struct sbx_child *c)
{
	if (chdir(c->cwd) == -1)
		die(SBX_STAGE_CHDIR, errno);
}

static void
set_rlimit(int resource, rlim_t soft, rlim_t hard)
{
	struct rlimit	rl;

	rl.rlim_cur = soft;
	rl.rlim_max = hard;
	if (setrlimit(resource, &rl) == -1)
		die(SBX_STAGE_RLIMITS, errno);
}

/*
 * rlimits while still privileged (the hard limits can't be raised back
 * once the ids are dropped). CPU is a backstop one second past the
 * watchdog's limit; NPROC backs the pids cgroup up (per uid, which is
 * why every slot has its own uid).
 */
static void
setup_rlimits(const struct sbx_child *c)
{
	const struct sbx_limits	*l = c->limits;
	rlim_t			 cpu_s;

	cpu_s = (rlim_t)((l->cpu_ms + 999) / 1000) + 1;
	set_rlimit(RLIMIT_CPU, cpu_s, cpu_s + 1);
	set_rlimit(RLIMIT_STACK, l->stack_bytes, l->stack_bytes);
	set_rlimit(RLIMIT_FSIZE, l->fsize_bytes, l->fsize_bytes);
	set_rlimit(RLIMIT_NOFILE, l->open_files, l->open_files);
	set_rlimit(RLIMIT_CORE, 0, 0);
	set_rlimit(RLIMIT_NPROC, l->processes, l->processes);
	set_rlimit(RLIMIT_MEMLOCK, 0, 0);
	/* Best effort: gVisor refuses it (and no policy allows mq_open). */
	(void)setrlimit(RLIMIT_MSGQUEUE, &(struct rlimit){ 0, 0 });
	if (c->rlimit_as != 0)
		set_rlimit(RLIMIT_AS, c->rlimit_as, c->rlimit_as);
}

/*
 * The bounding and ambient sets go while we still hold CAP_SETPCAP. The
 * supervisor empties its own bounding set once (children inherit it), so
 * mostly only the ambient set is left to clear here: under gVisor each of
 * the ~80 calls of the loop costs tens of microseconds.
 */
static void
setup_drop_bounding(const struct sbx_child *c)
{
	cap_value_t	cap;

	for (cap = 0; !c->bounding_empty && cap <= CAP_LAST_CAP; cap++) {
		if (cap_drop_bound(cap) == -1 && errno != EINVAL)
			die(SBX_STAGE_CAPS, errno);
	}
	if (cap_reset_ambient() == -1 && errno != EINVAL)
		die(SBX_STAGE_CAPS, errno);
}

/*
 * Raw system calls: glibc's set*id wrappers synchronise every thread of
 * the process through shared state, and we share the supervisor's memory.
 */
static void
setup_ids(const struct sbx_child *c)
{
	if (c->change_ids) {
		if (syscall(SYS_setgroups, 0, NULL) == -1)
			die(SBX_STAGE_CREDS, errno);
		if (syscall(SYS_setresgid, c->gid, c->gid, c->gid) == -1)
			die(SBX_STAGE_CREDS, errno);
		if (syscall(SYS_setresuid, c->uid, c->uid, c->uid) == -1)
			die(SBX_STAGE_CREDS, errno);
	}
	/* setresuid() to non-zero cleared them; uid 0 in a user ns did not. */
	if (cap_set_proc(c->nocaps) == -1)
		die(SBX_STAGE_CAPS, errno);
}

static void
setup_nnp(void)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		die(SBX_STAGE_NNP, errno);
}

/*
 * Seccomp last: from here on only what the policy allows works, which is
 * why the handshake below uses nothing but write and read. With a
 * listener the supervisor takes it with pidfd_getfd() while we wait.
 */
static void
setup_seccomp(const struct sbx_child *c)
{
	struct sock_fprog	prog;
	struct sbx_child_rec	rec;
	unsigned int		flags = 0;
	long			fd;
	char			go;
	ssize_t			n;

	if (c->bpf == NULL)
		return;
	prog.len = (unsigned short)(c->bpf_len / sizeof(struct sock_filter));
	prog.filter = c->bpf;
	if (c->notify)
		flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
	fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
	if (fd == -1)
		die(SBX_STAGE_SECCOMP, errno);
	if (!c->notify)
		return;
	rec.stage = SBX_CHILD_LISTENER;
	rec.value = (int32_t)fd;
	if (sbx_write_all(STATUS_FD, &rec, sizeof rec) == -1)
		_exit(127);
	do
		n = read(GO_FD, &go, 1);
	while (n == -1 && errno == EINTR);
	if (n != 1)
		_exit(127);
	close((int)fd);
	close(GO_FD);
}

void
sbx_child_main(const struct sbx_child *c)
{
	/* Order matters; each step says why it sits where it does. */
	setup_private_fds(c);
	setup_cgroup(c);
	setup_session();
	setup_stdio(c);
	setup_close_fds();
	setup_chdir(c);
	setup_rlimits(c);
	setup_drop_bounding(c);
	setup_ids(c);
	setup_nnp();
	setup_seccomp(c);
	syscall(SYS_execveat, SBX_EXEC_FD, "", c->argv, c->envp,
	    AT_EMPTY_PATH);
	die(SBX_STAGE_EXEC, errno);
}
