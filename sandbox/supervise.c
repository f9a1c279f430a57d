/* SPDX-License-Identifier: ISC */
/*
 * The supervisor: runs one request at a time (fork, watch, measure, kill
 * what is left) and answers the host over the framed protocol.
 */

#include <sys/types.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>

#include <linux/seccomp.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sys/capability.h>

#include "sbx.h"

#define NS_PER_MS	1000000ULL
#define OUTBUF		65536
#define CHILD_STACK	(256 * 1024)

/* Why the supervisor ended a run early. */
enum stop_reason {
	STOP_NONE = 0,
	STOP_CPU,
	STOP_WALL,
	STOP_OUTPUT,
	STOP_SECCOMP,
};

struct run {
	const struct sbx_sup_env *env;
	const struct sbx_run_req *req;
	struct sbx_limits	 l;
	struct sbx_cgroup	 cg;
	int			 have_cg;
	int			 procs[3];
	pid_t			 pid;
	int			 pidfd;		/* or a SIGCHLD signalfd */
	int			 sigfd;		/* pidfd is the signalfd */
	int			 out[2];	/* read ends of stdout, stderr */
	int			 dest[2];	/* where output goes, -1 discard */
	int			 notify_fd;
	int			 timer_fd;
	int			 ep;
	int			 ncpu;
	uint64_t		 t0;
	uint64_t		 last_t;	/* when cpu was last read */
	uint64_t		 last_used;	/* and what it was */
	uint64_t		 cpu_seen;	/* highest CPU time read */
	uint64_t		 output;
	enum stop_reason	 stop;
	char			 syscall_name[64];
	int			 exited;
	int			 wstatus;
	struct rusage		 ru;
};

/* Our bounding set was emptied (see sbx_supervise()). */
static int	bounding_empty;

/*
 * Empty our bounding set: we never exec, so it only limits what the runs'
 * children could gain at theirs, and they inherit it already empty. Our
 * own effective capabilities stay. 1 when every drop held.
 */
static int
drop_bounding(void)
{
	cap_value_t	cap;

	for (cap = 0; cap <= CAP_LAST_CAP; cap++) {
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == -1 &&
		    errno != EINVAL)
			return (0);
	}
	return (1);
}

static int
cpu_count(void)
{
	cpu_set_t	set;
	int		n;

	if (sched_getaffinity(0, sizeof set, &set) == -1)
		return (1);
	n = CPU_COUNT(&set);
	return (n > 0 ? n : 1);
}

/* Look argv[0] up like execvp, in the box, and open it for execveat. */
static int
open_program(const struct sbx_run_req *q, int *script)
{
	const char	*name = q->argv[0], *path = NULL, *p, *e;
	char		 buf[4096];
	struct stat	 st;
	char		 magic[2];
	size_t		 i;
	int		 fd = -1;

	*script = 0;
	if (strchr(name, '/') != NULL)
		fd = open(name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	else {
		for (i = 0; i < q->envc; i++) {
			if (strncmp(q->env[i], "PATH=", 5) == 0)
				path = q->env[i] + 5;
		}
		if (path == NULL)
			path = "/usr/local/bin:/usr/bin:/bin";
		errno = ENOENT;
		for (p = path; fd == -1 && *p != '\0'; p = e) {
			e = strchrnul(p, ':');
			if (e != p && (size_t)snprintf(buf, sizeof buf,
			    "%.*s/%s", (int)(e - p), p, name) < sizeof buf)
				fd = open(buf, O_RDONLY | O_CLOEXEC | O_NOCTTY);
			if (*e == ':')
				e++;
		}
	}
	if (fd == -1)
		return (-1);
	if (fstat(fd, &st) == -1) {
		close(fd);
		return (-1);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		errno = S_ISDIR(st.st_mode) ? EISDIR : EACCES;
		return (-1);
	}
	if (pread(fd, magic, 2, 0) == 2 && magic[0] == '#' && magic[1] == '!')
		*script = 1;
	return (fd);
}

static int
open_stdio(const struct sbx_run_req *q, int i)
{
	int	flags;

	if (q->stdio[i] != -1)
		return (fcntl(q->stdio[i], F_DUPFD_CLOEXEC, 3));
	if (q->stdio_path[i] == NULL) {
		if (i == 0)
			return (open("/dev/null", O_RDONLY | O_CLOEXEC));
		return (-2);	/* discard */
	}
	flags = i == 0 ? O_RDONLY : O_WRONLY | O_CREAT | O_TRUNC;
	return (open(q->stdio_path[i], flags | O_CLOEXEC | O_NOCTTY, 0644));
}

/*
 * Kill everything the run started. As pid 1 of the session's pid
 * namespace, kill(-1) reaches every other process in it, double-forked
 * and setsid'd ones included; the cgroup kill covers the rest.
 */
static void
kill_all(struct run *r)
{
	/* No process can leave a pid namespace: the cgroup walk is needless. */
	if (getpid() == 1)
		kill(-1, SIGKILL);
	else if (r->have_cg)
		sbx_cgroup_kill(&r->cg);
	if (r->pid > 0 && !r->exited) {
		kill(-r->pid, SIGKILL);
		kill(r->pid, SIGKILL);
	}
}

/* Reap the main child (with its rusage) and every orphan we inherited. */
static void
reap_all(struct run *r)
{
	int	st;

	if (!r->exited) {
		while (wait4(r->pid, &r->wstatus, 0, &r->ru) == -1) {
			if (errno != EINTR)
				break;
		}
		r->exited = 1;
	}
	if (getpid() != 1) {
		while (waitpid(-1, &st, WNOHANG) > 0)
			;
		return;
	}
	/*
	 * As pid 1, until no child is left. kill(-1) again while any is:
	 * under gVisor a process forking during the first kill(-1) can leave
	 * a child it missed, which a blocking wait would wait for forever.
	 */
	for (;;) {
		pid_t	pid = waitpid(-1, &st, WNOHANG);

		if (pid > 0)
			continue;
		if (pid == -1 && errno != EINTR)
			break;
		kill(-1, SIGKILL);
		usleep(1000);
	}
}

/*
 * CPU time of one process from /proc/PID/stat: its own (utime, stime)
 * and that of the children it reaped (cutime, cstime), in ns.
 */
static uint64_t
proc_cpu_ns(pid_t pid, int own)
{
	char		path[64], buf[1024], *p;
	unsigned long	v[4];
	int		i;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (sbx_read_file_at(AT_FDCWD, path, buf, sizeof buf) <= 0)
		return (0);
	if ((p = strrchr(buf, ')')) == NULL)
		return (0);
	for (i = 0; i < 12 && p != NULL; i++)
		p = strchr(p + 1, ' ');
	if (p == NULL || sscanf(p, " %lu %lu %lu %lu", &v[0], &v[1], &v[2],
	    &v[3]) != 4)
		return (0);
	return ((uint64_t)(v[2] + v[3] + (own ? v[0] + v[1] : 0)) *
	    (1000000000ULL / (uint64_t)sysconf(_SC_CLK_TCK)));
}

static uint64_t	cpu_used_ns_read(struct run *);

/* The CPU time so far; the highest seen is kept for the report. */
static uint64_t
cpu_used_ns(struct run *r)
{
	uint64_t	ns = cpu_used_ns_read(r);

	if (ns > r->cpu_seen)
		r->cpu_seen = ns;
	return (ns);
}

static uint64_t
cpu_used_ns_read(struct run *r)
{
	struct timespec	 ts;
	struct dirent	*de;
	clockid_t	 clk;
	uint64_t	 ns = 0;
	DIR		*d;
	pid_t		 pid, self = getpid();

	if (r->have_cg && sbx_cgroup_cpu_ns(&r->cg, &ns) == 0)
		return (ns);
	/*
	 * Without a cgroup (and always under gVisor): every process of the
	 * box but us, with what each has reaped (only the main one when we
	 * are not the box's pid 1, as in the protocol's tests). The main
	 * one's own time comes from its CPU clock; /proc has ticks.
	 */
	if (clock_getcpuclockid(r->pid, &clk) == 0 &&
	    clock_gettime(clk, &ts) == 0)
		ns = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	ns += proc_cpu_ns(r->pid, ns == 0);
	/* The others only as the box's pid 1, when /proc is the box's. */
	if (self != 1 || (d = opendir("/proc")) == NULL)
		return (ns);
	while ((de = readdir(d)) != NULL) {
		pid = (pid_t)strtol(de->d_name, NULL, 10);
		if (pid > 0 && pid != self && pid != r->pid)
			ns += proc_cpu_ns(pid, 1);
	}
	closedir(d);
	return (ns);
}

/*
 * Arm the timer for the earliest moment a limit could be reached: the
 * wall deadline, or the CPU limit if every allowed CPU ran flat out from
 * now. The gap halves as usage nears the limit, so the kill lands within
 * a millisecond or two of it without polling.
 */
static void
arm_timer(struct run *r, uint64_t now, int first)
{
	struct itimerspec	its;
	uint64_t		wall_end, cpu_at, used, left, when;

	wall_end = r->t0 + r->l.wall_ms * NS_PER_MS;
	/* (At the start nothing is used yet: no need to ask /proc.) */
	used = first ? 0 : cpu_used_ns(r);
	left = r->l.cpu_ms * NS_PER_MS > used ?
	    r->l.cpu_ms * NS_PER_MS - used : 0;
	if (r->have_cg)
		left /= (uint64_t)r->ncpu;
	else {
		/*
		 * Counted from /proc (and under gVisor, which charges each
		 * thread the wall time it was "in the application", waits for
		 * a CPU included), CPU time can grow faster than ncpu and in
		 * jumps: go by twice the rate seen since the last tick, and
		 * look at least every 50 ms.
		 */
		uint64_t	rate = 100;	/* percent of one CPU */

		if (now > r->last_t && used > r->last_used)
			rate = (used - r->last_used) * 100 / (now - r->last_t);
		rate *= 2;
		if (rate < (uint64_t)r->ncpu * 100)
			rate = (uint64_t)r->ncpu * 100;
		left = left / rate * 100;
		if (left > 50 * NS_PER_MS)
			left = 50 * NS_PER_MS;
		r->last_t = now;
		r->last_used = used;
	}
	if (left < NS_PER_MS)
		left = NS_PER_MS;
	cpu_at = now + left;
	when = cpu_at < wall_end ? cpu_at : wall_end;
	if (when <= now)
		when = now + 1;
	memset(&its, 0, sizeof its);
	its.it_value.tv_sec = (time_t)(when / 1000000000ULL);
	its.it_value.tv_nsec = (long)(when % 1000000000ULL);
	timerfd_settime(r->timer_fd, TFD_TIMER_ABSTIME, &its, NULL);
}

static void
on_timer(struct run *r)
{
	uint64_t	now, exp;

	if (read(r->timer_fd, &exp, sizeof exp) == -1 && errno != EAGAIN)
		log_debug("%s: timerfd: %s", __func__, strerror(errno));
	now = sbx_now_ns();
	if (cpu_used_ns(r) >= r->l.cpu_ms * NS_PER_MS)
		r->stop = STOP_CPU;
	else if (now >= r->t0 + r->l.wall_ms * NS_PER_MS)
		r->stop = STOP_WALL;
	else
		arm_timer(r, now, 0);
}

/* Neutralise control bytes for a terminal (never raw bytes to a tty). */
static size_t
sanitize(char *buf, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		unsigned char	c = (unsigned char)buf[i];

		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
			buf[i] = '?';
	}
	return (n);
}

/* Copy what a pipe has; 1 for more, 0 at EOF, -1 when drained for now. */
static int
on_output(struct run *r, int i)
{
	char		buf[OUTBUF];
	ssize_t		n;
	uint64_t	keep;

	n = read(r->out[i], buf, sizeof buf);
	if (n == -1 && errno == EINTR)
		return (1);
	if (n == -1)
		return (errno == EAGAIN ? -1 : 0);
	if (n == 0)
		return (0);
	keep = (uint64_t)n;
	if (r->output + keep > r->l.output_bytes) {
		keep = r->l.output_bytes - r->output;
		if (r->stop == STOP_NONE)
			r->stop = STOP_OUTPUT;
	}
	r->output += (uint64_t)n;
	if (r->dest[i] >= 0 && keep != 0) {
		if (r->req->flags & SBX_RUNF_SANITIZE)
			sanitize(buf, keep);
		(void)sbx_write_all(r->dest[i], buf, keep);
	}
	return (1);
}

/* A blocked system call: name it, then the run ends. */
static void
on_notify(struct run *r)
{
	struct seccomp_notif_sizes	 sizes;
	struct seccomp_notif		*req;

	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) == -1)
		sizes.seccomp_notif = sizeof *req;
	if (sizes.seccomp_notif < sizeof *req)
		sizes.seccomp_notif = sizeof *req;
	req = xcalloc(1, sizes.seccomp_notif);
	if (ioctl(r->notify_fd, SECCOMP_IOCTL_NOTIF_RECV, req) == 0) {
		r->stop = STOP_SECCOMP;
		sbx_syscall_name(req->data.nr, r->syscall_name,
		    sizeof r->syscall_name);
	}
	free(req);
}

static int
watch(struct run *r, struct sbx_result *res)
{
	struct epoll_event	ev, evs[8];
	int			n, i;

#define ADD(fd, tag) do {						\
	ev.events = EPOLLIN;						\
	ev.data.u32 = (tag);						\
	if (epoll_ctl(r->ep, EPOLL_CTL_ADD, (fd), &ev) == -1)		\
		goto fail;						\
} while (0)
	ADD(r->pidfd, 0);
	ADD(r->timer_fd, 1);
	ADD(r->out[0], 2);
	ADD(r->out[1], 3);
	if (r->notify_fd != -1)
		ADD(r->notify_fd, 4);
#undef ADD
	arm_timer(r, sbx_now_ns(), 1);

	while (r->stop == STOP_NONE && !r->exited) {
		n = epoll_wait(r->ep, evs, 8, -1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto fail;
		for (i = 0; i < n && r->stop == STOP_NONE; i++) {
			switch (evs[i].data.u32) {
			case 0:
				if (r->sigfd) {
					struct signalfd_siginfo	si;

					while (read(r->pidfd, &si, sizeof si) > 0)
						;
				}
				if (wait4(r->pid, &r->wstatus, WNOHANG,
				    &r->ru) == r->pid)
					r->exited = 1;
				break;
			case 1:
				on_timer(r);
				break;
			case 2:
			case 3:
				if (on_output(r, (int)evs[i].data.u32 - 2) == 0) {
					epoll_ctl(r->ep, EPOLL_CTL_DEL,
					    r->out[evs[i].data.u32 - 2], NULL);
				}
				break;
			case 4:
				if (evs[i].events & (EPOLLHUP | EPOLLERR))
					epoll_ctl(r->ep, EPOLL_CTL_DEL,
					    r->notify_fd, NULL);
				else
					on_notify(r);
				break;
			}
		}
	}
	/*
	 * The main process is gone or we stop it: kill what is left, then
	 * drain what the pipes still hold (nobody can write any more).
	 */
	kill_all(r);
	reap_all(r);
	for (i = 0; i < 2; i++) {
		int fl = fcntl(r->out[i], F_GETFL);

		fcntl(r->out[i], F_SETFL, fl | O_NONBLOCK);
		while (on_output(r, i) == 1 &&
		    r->output <= r->l.output_bytes)
			;
	}
	return (0);

fail:
	sbx_result_fail(res, SBX_STAGE_WAIT, errno, "watchdog: %s",
	    strerror(errno));
	kill_all(r);
	reap_all(r);
	return (-1);
}

static void
verdict(struct run *r, struct sbx_result *res)
{
	struct sbx_cgroup_stats	st;
	int			ws = r->wstatus;

	memset(&st, 0, sizeof st);
	res->wall_ms = (sbx_now_ns() - r->t0) / NS_PER_MS;
	res->cpu_ms = ((uint64_t)r->ru.ru_utime.tv_sec * 1000 +
	    (uint64_t)r->ru.ru_utime.tv_usec / 1000 +
	    (uint64_t)r->ru.ru_stime.tv_sec * 1000 +
	    (uint64_t)r->ru.ru_stime.tv_usec / 1000);
	/*
	 * Without a cgroup, wait4 misses processes reaped by us rather than
	 * by the main one (killed ones): the /proc sums seen while it ran
	 * count them, and the report takes the larger.
	 */
	if (!r->have_cg && r->cpu_seen / NS_PER_MS > res->cpu_ms)
		res->cpu_ms = r->cpu_seen / NS_PER_MS;
	res->memory_kb = (uint64_t)r->ru.ru_maxrss;
	if (r->have_cg && sbx_cgroup_stats(&r->cg, &st) == 0) {
		res->cpu_ms = st.cpu_ns / NS_PER_MS;
		if (st.memory_peak != 0)
			res->memory_kb = st.memory_peak / 1024;
	}
	res->output_bytes = r->output;
	res->cgroup = r->have_cg ? (int)r->cg.version : 0;

	if (WIFEXITED(ws))
		res->exit_code = WEXITSTATUS(ws);
	else if (WIFSIGNALED(ws))
		res->signal = WTERMSIG(ws);

	if (r->stop == STOP_SECCOMP) {
		res->status = SBX_SECURITY_VIOLATION;
		snprintf(res->message, sizeof res->message,
		    "blocked system call: %s", r->syscall_name);
	} else if (r->stop == STOP_CPU || res->cpu_ms > r->l.cpu_ms) {
		/* (An RLIMIT_CPU SIGXCPU is past the limit too; one the program
		 * raised itself is just a signal.) */
		res->status = SBX_TIME_LIMIT;
		snprintf(res->message, sizeof res->message,
		    "cpu time limit of %llu ms exceeded",
		    (unsigned long long)r->l.cpu_ms);
	} else if (r->stop == STOP_WALL) {
		res->status = SBX_WALL_TIME_LIMIT;
		snprintf(res->message, sizeof res->message,
		    "wall time limit of %llu ms exceeded",
		    (unsigned long long)r->l.wall_ms);
	} else if (r->stop == STOP_OUTPUT) {
		res->status = SBX_OUTPUT_LIMIT;
		snprintf(res->message, sizeof res->message,
		    "output limit of %llu bytes exceeded",
		    (unsigned long long)r->l.output_bytes);
	} else if (st.oom_kills != 0 || (r->env->in_runsc &&
	    res->memory_kb * 1024 > r->l.memory_bytes)) {
		res->status = SBX_MEMORY_LIMIT;
		snprintf(res->message, sizeof res->message,
		    "memory limit of %llu KiB exceeded",
		    (unsigned long long)(r->l.memory_bytes / 1024));
	} else if (WIFSIGNALED(ws) && WTERMSIG(ws) == SIGSYS &&
	    (r->req->flags & SBX_RUNF_NOTIFY) == 0) {
		/*
		 * Without a listener the filter kills with SIGSYS. With one it
		 * never does, so a SIGSYS then is the program's own raise().
		 */
		res->status = SBX_SECURITY_VIOLATION;
		snprintf(res->message, sizeof res->message,
		    "blocked system call");
	} else if (WIFSIGNALED(ws)) {
		res->status = SBX_SIGNALED;
		snprintf(res->message, sizeof res->message, "%s%s",
		    sigabbrev_np(WTERMSIG(ws)) != NULL ? "SIG" : "signal",
		    sigabbrev_np(WTERMSIG(ws)) != NULL ?
		    sigabbrev_np(WTERMSIG(ws)) : "?");
	} else if (res->exit_code != 0) {
		res->status = SBX_RUNTIME_ERROR;
		snprintf(res->message, sizeof res->message,
		    "exited with code %d", res->exit_code);
	} else
		res->status = SBX_OK;
	if (r->stop != STOP_NONE) {
		/* We killed it: that SIGKILL is ours, not the program's. */
		res->signal = 0;
		res->exit_code = -1;
	}
	if (!r->have_cg && !r->env->in_runsc && res->message[0] == '\0')
		snprintf(res->message, sizeof res->message,
		    "no cgroup: rlimits only");
}

/*
 * pidfd_open() is missing under gVisor (2022): then the exit of the main
 * process is seen through a signalfd for SIGCHLD, which stays blocked in
 * the supervisor (children unblock it before exec).
 */
static int
pidfd_works(void)
{
	static int	ok = -1;
	int		fd;

	if (ok == -1) {
		fd = pidfd_open(getpid(), 0);
		ok = fd != -1 || errno != ENOSYS;
		if (fd != -1)
			close(fd);
	}
	return (ok);
}

static void
block_sigchld(void)
{
	sigset_t	set;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
}

static int
sigchld_fd(void)
{
	sigset_t	set;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	return (signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK));
}

static int
child_entry(void *arg)
{
	sbx_child_main(arg);
}

/*
 * The child shares our memory until it execs (posix_spawn's trick): a
 * fork here would copy the page tables, which on small VMs costs more
 * than everything else in a run. It works on its own stack, touches
 * nothing of ours but errno, and we sit in read() until it has exec'd.
 */
static pid_t
spawn_child(struct sbx_child *c, void **stack)
{
	*stack = mmap(NULL, CHILD_STACK, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (*stack == MAP_FAILED) {
		*stack = NULL;
		return (-1);
	}
	return (clone(child_entry, (char *)*stack + CHILD_STACK,
	    CLONE_VM | SIGCHLD, c));
}

/* Create the run's cgroup below the session's and open its procs files. */
static int
run_cgroup(struct run *r, struct sbx_result *res)
{
	char	*cause = NULL;

	if (r->env->session_cg == NULL || (r->req->flags & SBX_RUNF_NO_CGROUP))
		return (0);
	if (sbx_cgroup_create_child(r->env->session_cg, "run", &r->cg,
	    &cause) != 0 ||
	    sbx_cgroup_set_limits(&r->cg, r->l.memory_bytes, r->l.processes,
	    &cause) != 0) {
		sbx_result_fail(res, SBX_STAGE_CGROUP, errno, "%s", cause);
		free(cause);
		return (-1);
	}
	r->have_cg = 1;
	if (sbx_cgroup_open_procs(&r->cg, r->procs) != 0) {
		sbx_result_fail(res, SBX_STAGE_CGROUP, errno,
		    "cgroup.procs: %s", strerror(errno));
		return (-1);
	}
	return (0);
}

/* Read the child's status records until exec (EOF) or a failure. */
static int
handshake(struct run *r, int status_fd, int go_fd, struct sbx_result *res)
{
	struct sbx_child_rec	rec;
	ssize_t			n;

	for (;;) {
		n = read(status_fd, &rec, sizeof rec);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == 0)
			return (0);	/* close-on-exec: it started */
		if (n != (ssize_t)sizeof rec) {
			sbx_result_fail(res, SBX_STAGE_PROTOCOL, EPROTO,
			    "short status record from the child");
			return (-1);
		}
		if (rec.stage == SBX_CHILD_LISTENER) {
			r->notify_fd = (int)syscall(SYS_pidfd_getfd, r->pidfd,
			    rec.value, 0);
			if (r->notify_fd == -1) {
				sbx_result_fail(res, SBX_STAGE_SECCOMP, errno,
				    "pidfd_getfd: %s", strerror(errno));
				return (-1);
			}
			fcntl(r->notify_fd, F_SETFD, FD_CLOEXEC);
			if (write(go_fd, "g", 1) != 1) {
				sbx_result_fail(res, SBX_STAGE_SECCOMP, errno,
				    "go: %s", strerror(errno));
				return (-1);
			}
			continue;
		}
		if (rec.stage <= 0 || rec.stage >= SBX_STAGE_MAX)
			rec.stage = SBX_STAGE_PROTOCOL;
		sbx_result_fail(res, (enum sbx_stage)rec.stage, rec.value,
		    "%s: %s", sbx_stage_name((enum sbx_stage)rec.stage),
		    strerror(rec.value));
		return (-1);
	}
}

int
sbx_sup_run(const struct sbx_sup_env *env, const struct sbx_run_req *q,
    struct sbx_result *res)
{
	struct run		 r;
	struct sbx_child	 c;
	int			 sp[2] = { -1, -1 }, gp[2] = { -1, -1 };
	int			 op[2][2] = { { -1, -1 }, { -1, -1 } };
	int			 stdin_fd = -1, exec_fd = -1, script = 0;
	int			 i, rv = -1;
	cap_t			 nocaps = NULL;
	void			*stack = NULL;

	sbx_result_init(res);
	memset(&r, 0, sizeof r);
	r.env = env;
	r.req = q;
	r.l = q->limits;
	sbx_limits_fill(&r.l);
	r.pid = -1;
	r.pidfd = r.notify_fd = r.timer_fd = r.ep = -1;
	r.out[0] = r.out[1] = r.dest[0] = r.dest[1] = -1;
	r.procs[0] = r.procs[1] = r.procs[2] = -1;
	r.ncpu = cpu_count();

	if (run_cgroup(&r, res) != 0)
		goto out;
	if ((exec_fd = open_program(q, &script)) == -1) {
		sbx_result_fail(res, SBX_STAGE_EXECFD, errno, "%s: %s",
		    q->argv[0], strerror(errno));
		goto out;
	}
	if ((stdin_fd = open_stdio(q, 0)) < 0) {
		sbx_result_fail(res, SBX_STAGE_STDIO, errno, "stdin: %s",
		    strerror(errno));
		goto out;
	}
	for (i = 1; i < 3; i++) {
		r.dest[i - 1] = open_stdio(q, i);
		if (r.dest[i - 1] == -1) {
			sbx_result_fail(res, SBX_STAGE_STDIO, errno,
			    "%s: %s", i == 1 ? "stdout" : "stderr",
			    strerror(errno));
			goto out;
		}
		if (pipe2(op[i - 1], O_CLOEXEC) == -1) {
			sbx_result_fail(res, SBX_STAGE_STDIO, errno, "pipe: %s",
			    strerror(errno));
			goto out;
		}
		r.out[i - 1] = op[i - 1][0];
	}
	if (pipe2(sp, O_CLOEXEC) == -1 ||
	    ((q->flags & SBX_RUNF_NOTIFY) && pipe2(gp, O_CLOEXEC) == -1) ||
	    (r.timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC)) == -1 ||
	    (r.ep = epoll_create1(EPOLL_CLOEXEC)) == -1 ||
	    (nocaps = cap_init()) == NULL) {
		sbx_result_fail(res, SBX_STAGE_FORK, errno, "%s",
		    strerror(errno));
		goto out;
	}

	memset(&c, 0, sizeof c);
	c.status_fd = sp[1];
	c.go_fd = gp[0];
	c.exec_fd = exec_fd;
	c.script = script;
	c.stdio[0] = stdin_fd;
	c.stdio[1] = op[0][1];
	c.stdio[2] = op[1][1];
	c.procs = r.have_cg ? r.procs : NULL;
	c.cwd = env->in_runsc || getpid() == 1 ? "/workspace" : ".";
	c.limits = &r.l;
	c.change_ids = geteuid() == 0 && q->uid != 0;
	c.uid = q->uid;
	c.gid = q->gid;
	c.nocaps = nocaps;
	c.bounding_empty = bounding_empty;
	c.bpf = q->bpf;
	c.bpf_len = q->bpf_len;
	c.notify = (q->flags & SBX_RUNF_NOTIFY) != 0 && q->bpf != NULL;
	c.argv = q->argv;
	c.envp = q->env;
	/*
	 * No cgroup means no memory cgroup either: fall back to RLIMIT_AS.
	 * Not under gVisor: the host's cgroup holds the sandbox, and the
	 * peak is checked after the run (an address-space limit would stop
	 * a JVM or Go runtime, which reserve far more than they use).
	 */
	if (!r.have_cg && !env->in_runsc)
		c.rlimit_as = r.l.memory_bytes;
	if (!pidfd_works())
		block_sigchld();

	r.t0 = sbx_now_ns();
	r.pid = spawn_child(&c, &stack);
	if (r.pid == -1) {
		sbx_result_fail(res, SBX_STAGE_FORK, errno, "clone: %s",
		    strerror(errno));
		goto out;
	}

	close(sp[1]);
	sp[1] = -1;
	if (gp[0] != -1) {
		close(gp[0]);
		gp[0] = -1;
	}
	close(op[0][1]);
	close(op[1][1]);
	op[0][1] = op[1][1] = -1;
	if (pidfd_works())
		r.pidfd = pidfd_open(r.pid, 0);
	else {
		r.pidfd = sigchld_fd();
		r.sigfd = 1;
	}
	if (r.pidfd == -1) {
		sbx_result_fail(res, SBX_STAGE_WAIT, errno, "pidfd_open: %s",
		    strerror(errno));
		kill_all(&r);
		reap_all(&r);
		goto out;
	}
	if (handshake(&r, sp[0], gp[1], res) != 0) {
		kill_all(&r);
		reap_all(&r);
		goto out;
	}
	if (watch(&r, res) != 0)
		goto out;
	verdict(&r, res);
	rv = 0;

out:
	if (r.have_cg)
		sbx_cgroup_destroy(&r.cg);
	for (i = 0; i < 3; i++) {
		if (r.procs[i] != -1)
			close(r.procs[i]);
	}
	for (i = 0; i < 2; i++) {
		if (sp[i] != -1)
			close(sp[i]);
		if (gp[i] != -1)
			close(gp[i]);
		if (op[0][i] != -1)
			close(op[0][i]);
		if (op[1][i] != -1)
			close(op[1][i]);
		if (r.dest[i] >= 0)
			close(r.dest[i]);
	}
	if (stdin_fd >= 0)
		close(stdin_fd);
	if (exec_fd != -1)
		close(exec_fd);
	if (r.pidfd != -1)
		close(r.pidfd);
	if (r.notify_fd != -1)
		close(r.notify_fd);
	if (r.timer_fd != -1)
		close(r.timer_fd);
	if (r.ep != -1)
		close(r.ep);
	if (nocaps != NULL)
		cap_free(nocaps);
	/* Exec'd or reaped by now: nobody runs on this stack any more. */
	if (stack != NULL)
		munmap(stack, CHILD_STACK);
	return (rv);
}

/* Room for SBX_EXEC_FD and the child's private descriptors above it. */
static void
raise_nofile(void)
{
	struct rlimit	rl;
	rlim_t		need = SBX_EXEC_FD + 8;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1 || rl.rlim_cur >= need)
		return;
	/* Raising the hard limit needs CAP_SYS_RESOURCE: try, then settle. */
	rl.rlim_cur = need;
	if (rl.rlim_max < need)
		rl.rlim_max = need;
	if (setrlimit(RLIMIT_NOFILE, &rl) == -1 && getrlimit(RLIMIT_NOFILE,
	    &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int
sbx_supervise(const struct sbx_sup_env *env, int in, int out)
{
	struct sbx_frame	f, reply;
	struct sbx_run_req	q;
	struct sbx_result	res;
	char			*cause = NULL;
	int			 n;

	signal(SIGPIPE, SIG_IGN);
	raise_nofile();
	bounding_empty = drop_bounding();
	if (getpid() != 1)
		prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);

	sbx_frame_init(&reply, SBX_MSG_HELLO);
	sbx_frame_add_u64(&reply, SBX_T_VERSION, 1);
	n = sbx_frame_send(out, &reply);
	sbx_frame_free(&reply);
	if (n != 0)
		return (1);

	for (;;) {
		n = sbx_frame_recv(in, &f);
		if (n == 0)
			return (0);
		if (n == -1)
			return (1);
		if (f.type == SBX_MSG_QUIT) {
			sbx_frame_free(&f);
			return (0);
		}
		if (sbx_run_req_decode(&f, &q, &cause) != 0) {
			sbx_result_init(&res);
			sbx_result_fail(&res, SBX_STAGE_PROTOCOL, EPROTO, "%s",
			    cause);
			free(cause);
			cause = NULL;
		} else {
			sbx_sup_run(env, &q, &res);
			sbx_run_req_free(&q);
		}
		sbx_frame_free(&f);
		sbx_frame_init(&reply, SBX_MSG_RESULT);
		sbx_result_encode(&reply, &res);
		n = sbx_frame_send(out, &reply);
		sbx_frame_free(&reply);
		if (n != 0)
			return (1);
	}
}
