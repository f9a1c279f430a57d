/* SPDX-License-Identifier: ISC */
/*
 * gavel-box check: what this host offers the sandbox (cgroups, namespaces,
 * seccomp, pidfds, runsc), one line per item, and whether runs are safe.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sbx.h"
#include "box.h"

#define CHECK_MAX	32
#define RUNSC_TIMEOUT	5000	/* ms for `runsc --version` */

/* box.c calls this for `gavel-box check`. */

enum check_state {
	CHECK_OK,
	CHECK_MISSING,
	CHECK_WARN,
};

static const char *const state_names[] = { "ok", "missing", "warn" };

struct check_item {
	const char		*name;
	enum check_state	 state;
	char			 detail[256];
};

struct checks {
	struct check_item	 item[CHECK_MAX];
	size_t			 n;
	char			 reasons[1024];
	int			 root;
};

static void __attribute__((format(printf, 4, 5)))
add(struct checks *c, const char *name, enum check_state state,
    const char *fmt, ...)
{
	struct check_item	*it;
	va_list			 ap;

	if (c->n == CHECK_MAX)
		fatalx("%s: too many items", __func__);
	it = &c->item[c->n++];
	it->name = name;
	it->state = state;
	va_start(ap, fmt);
	vsnprintf(it->detail, sizeof it->detail, fmt, ap);
	va_end(ap);
}

/* Something a safe sandbox needs is missing: the check exits 1. */
static void
unsafe(struct checks *c, const char *why)
{
	if (c->reasons[0] != '\0')
		strlcat(c->reasons, "; ", sizeof c->reasons);
	strlcat(c->reasons, why, sizeof c->reasons);
}

/* A sysctl's value, or NULL when the file is not there. */
static const char *
read_sysctl(const char *path, char *buf, size_t len)
{
	if (sbx_read_file_at(AT_FDCWD, path, buf, len) == -1)
		return (NULL);
	buf[strcspn(buf, "\n")] = '\0';
	return (buf);
}

/*
 * Try unshare(flags) in a child, so nothing here changes for us. Returns
 * 0 or the errno. Without root a user namespace must come along.
 */
static int
try_unshare(int flags)
{
	pid_t	pid;
	int	st;

	if ((pid = fork()) == -1)
		return (errno);
	if (pid == 0)
		_exit(unshare(flags) == 0 ? 0 : errno);
	while (waitpid(pid, &st, 0) == -1) {
		if (errno != EINTR)
			return (errno);
	}
	return (WIFEXITED(st) ? WEXITSTATUS(st) : EINTR);
}

static void
check_root(struct checks *c)
{
	c->root = geteuid() == 0;
	if (c->root)
		add(c, "root", CHECK_OK, "running as root");
	else
		add(c, "root", CHECK_WARN, "uid %ld: user namespaces needed",
		    (long)geteuid());
}

/* Swap is only a hole in the memory limit when some is configured. */
static int
swap_configured(void)
{
	char	buf[4096];

	if (sbx_read_file_at(AT_FDCWD, "/proc/swaps", buf, sizeof buf) == -1)
		return (1);
	return (strchr(buf, '\n') != NULL && strchr(buf, '\n')[1] != '\0');
}

/* v2: does our own cgroup have memory.swap.max? */
static int
v2_swap_control(const char *root)
{
	char	buf[4096], path[PATH_MAX];
	char	*p;

	if (sbx_read_file_at(AT_FDCWD, "/proc/self/cgroup", buf,
	    sizeof buf) == -1 || (p = strstr(buf, "0::")) == NULL)
		return (0);
	p += 3;
	p[strcspn(p, "\n")] = '\0';
	snprintf(path, sizeof path, "%s%s/memory.swap.max", root, p);
	return (access(path, F_OK) == 0);
}

static void
check_cgroup(struct checks *c)
{
	static const struct {
		const char	*name;
		int		 bit;
	} ctl[] = {
		{ "cgroup-memory", SBX_CG_MEMORY },
		{ "cgroup-pids", SBX_CG_PIDS },
		{ "cgroup-cpu", SBX_CG_CPU },
	};
	struct sbx_cgroup_host	h;
	const char		*note;
	size_t			i;
	int			swap;

	memset(&h, 0, sizeof h);
	sbx_cgroup_detect(NULL, &h);
	note = h.note[0] != '\0' ? h.note : "not present or not writable";
	if (h.version == SBX_CG_NONE)
		add(c, "cgroup", CHECK_MISSING, "%s", note);
	else
		add(c, "cgroup", CHECK_OK, "v%d at %s", (int)h.version, h.root);
	for (i = 0; i < sizeof ctl / sizeof ctl[0]; i++) {
		if (h.controllers & ctl[i].bit)
			add(c, ctl[i].name, CHECK_OK, "usable");
		else
			add(c, ctl[i].name, CHECK_MISSING, "%s", note);
	}

	swap = swap_configured();
	if (h.version == SBX_CG_V1 && h.memsw)
		add(c, "swap-accounting", CHECK_OK, "memory.memsw.*");
	else if (h.version == SBX_CG_V2 && v2_swap_control(h.root))
		add(c, "swap-accounting", CHECK_OK, "memory.swap.max");
	else if (!swap)
		add(c, "swap-accounting", CHECK_OK, "no swap configured");
	else if (h.version != SBX_CG_NONE)
		add(c, "swap-accounting", CHECK_WARN,
		    "swap is on and not limited: memory limits leak to swap");

	if ((h.controllers & SBX_CG_ALL) == SBX_CG_ALL)
		return;
	if (c->root)
		add(c, "no-cgroup", CHECK_WARN,
		    "runs need --no-cgroup: rlimits only, CPU per process");
	else
		unsafe(c, "no usable cgroup and not root");
}

static void
check_userns(struct checks *c)
{
	char		 a[64], b[64], d[64], detail[512];
	const char	*unpriv, *max, *aa;
	int		 err;

	unpriv = read_sysctl("/proc/sys/kernel/unprivileged_userns_clone", a,
	    sizeof a);
	max = read_sysctl("/proc/sys/user/max_user_namespaces", b, sizeof b);
	aa = read_sysctl("/proc/sys/kernel/apparmor_restrict_unprivileged_userns",
	    d, sizeof d);
	snprintf(detail, sizeof detail, "max_user_namespaces=%s%s%s%s%s",
	    max != NULL ? max : "?",
	    unpriv != NULL ? " unprivileged_userns_clone=" : "",
	    unpriv != NULL ? unpriv : "",
	    aa != NULL ? " apparmor_restrict_unprivileged_userns=" : "",
	    aa != NULL ? aa : "");

	if ((err = try_unshare(CLONE_NEWUSER)) == 0)
		add(c, "userns", CHECK_OK, "%s", detail);
	else if (c->root)
		add(c, "userns", CHECK_WARN, "%s (%s; not needed as root)",
		    strerror(err), detail);
	else {
		add(c, "userns", CHECK_MISSING, "%s (%s)", strerror(err),
		    detail);
		unsafe(c, "no user namespaces and not root");
	}
}

static void
check_namespaces(struct checks *c)
{
	static const struct {
		const char	*name;
		int		 flag;
		int		 needed;
	} ns[] = {
		{ "ns-pid", CLONE_NEWPID, 1 },
		{ "ns-net", CLONE_NEWNET, 1 },
		{ "ns-mount", CLONE_NEWNS, 1 },
		{ "ns-ipc", CLONE_NEWIPC, 1 },
		{ "ns-uts", CLONE_NEWUTS, 1 },
		{ "ns-cgroup", CLONE_NEWCGROUP, 0 },
	};
	char	why[64];
	size_t	i;
	int	err, extra;

	extra = c->root ? 0 : CLONE_NEWUSER;
	for (i = 0; i < sizeof ns / sizeof ns[0]; i++) {
		if ((err = try_unshare(ns[i].flag | extra)) == 0) {
			add(c, ns[i].name, CHECK_OK, "unshare works");
			continue;
		}
		add(c, ns[i].name, ns[i].needed ? CHECK_MISSING : CHECK_WARN,
		    "unshare: %s", strerror(err));
		if (ns[i].needed) {
			snprintf(why, sizeof why, "no %s namespace",
			    ns[i].name + 3);
			unsafe(c, why);
		}
	}
}

/* In a child: no_new_privs, then (when filter) an allow-all filter. */
static int
try_nnp_filter(int filter)
{
	scmp_filter_ctx	ctx;
	pid_t		pid;
	int		st, rc;

	if ((pid = fork()) == -1)
		return (errno);
	if (pid == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
			_exit(errno);
		if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
			_exit(EINVAL);
		if (!filter)
			_exit(0);
		if ((ctx = seccomp_init(SCMP_ACT_ALLOW)) == NULL)
			_exit(ENOMEM);
		rc = seccomp_load(ctx);
		_exit(rc == 0 ? 0 : -rc);
	}
	while (waitpid(pid, &st, 0) == -1) {
		if (errno != EINTR)
			return (errno);
	}
	return (WIFEXITED(st) ? WEXITSTATUS(st) : EINTR);
}

static void
check_seccomp(struct checks *c)
{
	const struct scmp_version	*v;
	char				 buf[512];
	unsigned int			 api;
	int				 mode, err;

	if ((mode = prctl(PR_GET_SECCOMP, 0, 0, 0, 0)) == -1) {
		add(c, "seccomp", CHECK_MISSING, "PR_GET_SECCOMP: %s",
		    strerror(errno));
		unsafe(c, "no seccomp");
	} else if ((err = try_nnp_filter(1)) != 0) {
		add(c, "seccomp", CHECK_MISSING, "loading a filter: %s",
		    strerror(err));
		unsafe(c, "seccomp filters do not load");
	} else if (mode != 0)
		add(c, "seccomp", CHECK_WARN, "works; already filtered "
		    "(mode %d): a container's filter may block setup", mode);
	else
		add(c, "seccomp", CHECK_OK, "a filter loads");

	v = seccomp_version();
	api = seccomp_api_get();
	add(c, "seccomp-api", api >= 5 ? CHECK_OK : CHECK_WARN,
	    "libseccomp %u.%u.%u, API level %u%s", v->major, v->minor,
	    v->micro, api, api >= 5 ? "" : " (notify needs 5)");

	if (read_sysctl("/proc/sys/kernel/seccomp/actions_avail", buf,
	    sizeof buf) != NULL && strstr(buf, "user_notif") != NULL)
		add(c, "seccomp-notify", CHECK_OK, "user_notif available");
	else
		add(c, "seccomp-notify", CHECK_WARN, "no user_notif: "
		    "a blocked call kills without its name");

	if ((err = try_nnp_filter(0)) == 0)
		add(c, "no-new-privs", CHECK_OK, "PR_SET_NO_NEW_PRIVS works");
	else {
		add(c, "no-new-privs", CHECK_MISSING, "%s", strerror(err));
		unsafe(c, "no no_new_privs");
	}
}

static void
check_syscalls(struct checks *c)
{
	int	fd, pfd;

	pfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	if (pfd == -1) {
		add(c, "pidfd_open", CHECK_MISSING, "%s", strerror(errno));
		unsafe(c, "no pidfd_open (Linux 5.3)");
	} else
		add(c, "pidfd_open", CHECK_OK, "available");

	if (pfd == -1)
		add(c, "pidfd_getfd", CHECK_MISSING, "needs pidfd_open");
	else if ((fd = (int)syscall(SYS_pidfd_getfd, pfd, 0, 0)) == -1 &&
	    errno != EBADF)
		add(c, "pidfd_getfd", CHECK_WARN, "%s: a blocked call kills "
		    "without its name", strerror(errno));
	else {
		add(c, "pidfd_getfd", CHECK_OK, "available");
		if (fd != -1)
			close(fd);
	}
	if (pfd != -1)
		close(pfd);

	/* An empty range at the very top closes nothing. */
	if (syscall(SYS_close_range, ~0U - 1, ~0U, 0U) == -1 &&
	    errno == ENOSYS) {
		add(c, "close_range", CHECK_MISSING, "%s", strerror(errno));
		unsafe(c, "no close_range (Linux 5.9)");
	} else
		add(c, "close_range", CHECK_OK, "available");
}

/* The first line of `runsc --version`, within RUNSC_TIMEOUT. */
static int
runsc_version(const char *runsc, char *buf, size_t len)
{
	struct pollfd	pfd;
	size_t		have = 0;
	ssize_t		n;
	pid_t		pid;
	int		p[2], st, null;

	if (pipe2(p, O_CLOEXEC) == -1)
		return (-1);
	if ((pid = fork()) == -1) {
		close(p[0]);
		close(p[1]);
		return (-1);
	}
	if (pid == 0) {
		null = open("/dev/null", O_RDWR);
		dup2(null, 0);
		dup2(p[1], 1);
		dup2(null, 2);
		execl(runsc, "runsc", "--version", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	pfd.fd = p[0];
	pfd.events = POLLIN;
	while (have < len - 1 && poll(&pfd, 1, RUNSC_TIMEOUT) == 1) {
		if ((n = read(p[0], buf + have, len - 1 - have)) <= 0)
			break;
		have += (size_t)n;
	}
	buf[have] = '\0';
	close(p[0]);
	kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
	buf[strcspn(buf, "\n")] = '\0';
	return (have == 0 ? -1 : 0);
}

/*
 * runsc is "working" when a real session starts under it and runs
 * /bin/true: that is what --runtime auto goes by (as root; without root
 * runsc can't keep the memory limit and auto means native).
 */
static void
check_runsc(struct checks *c)
{
	struct sbx_result	 res;
	struct sbx_job		 job;
	struct sbx		*s;
	char			 path[PATH_MAX], version[256], exe[PATH_MAX];
	char			*argv[] = { (char *)"/bin/true", NULL };
	const char		*dir;
	uint64_t		 t0;
	ssize_t			 n;

	if (sbx_runsc_find(path, sizeof path) != 0) {
		add(c, "runsc", CHECK_MISSING,
		    "not installed: --runtime runsc is unavailable");
		return;
	}
	if (runsc_version(path, version, sizeof version) != 0) {
		add(c, "runsc", CHECK_WARN, "%s: no answer to --version",
		    path);
		return;
	}
	if (geteuid() != 0) {
		add(c, "runsc", CHECK_WARN, "%s: %s; needs root, so --runtime "
		    "auto is native", path, version);
		return;
	}
	s = sbx_new();
	sbx_set_runtime(s, SBX_RUNTIME_RUNSC);
	if ((n = readlink("/proc/self/exe", exe, sizeof exe - 1)) > 0) {
		exe[n] = '\0';
		sbx_set_box_path(s, exe);
	}
	if ((dir = getenv("GAVEL_POLICY_DIR")) != NULL && *dir != '\0')
		sbx_set_policy_dir(s, dir);
	memset(&job, 0, sizeof job);
	job.argv = argv;
	job.stdin_fd = job.stdout_fd = job.stderr_fd = -1;
	t0 = sbx_now_ns();
	if (sbx_open(s, &res) != 0 || sbx_run(s, &job, &res) != 0 ||
	    res.status != SBX_OK)
		add(c, "runsc", CHECK_WARN, "%s: %s; a sandbox did not run "
		    "/bin/true (%s): --runtime auto is native", path, version,
		    res.message);
	else
		add(c, "runsc", CHECK_OK, "%s: %s; a sandbox ran /bin/true in "
		    "%llu ms (--runtime auto uses it)", path, version,
		    (unsigned long long)((sbx_now_ns() - t0) / 1000000));
	sbx_close(s);
}

static void
print_text(const struct checks *c)
{
	size_t	i;

	for (i = 0; i < c->n; i++)
		printf("%-7s  %-15s  %s\n", state_names[c->item[i].state],
		    c->item[i].name, c->item[i].detail);
	if (c->reasons[0] == '\0')
		printf("safe: yes\n");
	else
		printf("safe: no (%s)\n", c->reasons);
}

static void
print_json(const struct checks *c)
{
	const char	*p, *end;
	size_t		 i;

	printf("{\"safe\":%s,\"reasons\":[", c->reasons[0] ? "false" : "true");
	for (p = c->reasons; *p != '\0'; p = *end != '\0' ? end + 2 : end) {
		char	one[sizeof c->reasons];

		end = strstr(p, "; ");
		if (end == NULL)
			end = p + strlen(p);
		snprintf(one, sizeof one, "%.*s", (int)(end - p), p);
		if (p != c->reasons)
			putchar(',');
		sbx_json_string(stdout, one);
	}
	printf("],\"items\":{");
	for (i = 0; i < c->n; i++) {
		if (i != 0)
			putchar(',');
		sbx_json_string(stdout, c->item[i].name);
		printf(":{\"state\":\"%s\",\"detail\":",
		    state_names[c->item[i].state]);
		sbx_json_string(stdout, c->item[i].detail);
		putchar('}');
	}
	printf("}}\n");
}

int
box_check(int argc, char **argv)
{
	static const struct option	 options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct checks			*c;
	int				 ch, json = 0, ret;

	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'h':
			printf("usage: gavel-box check [--json]\n");
			return (0);
		default:
			log_warn("check: unknown option '%s'", argv[optind - 1]);
			return (2);
		}
	}
	if (optind != argc) {
		log_warn("check: unexpected argument '%s'", argv[optind]);
		return (2);
	}

	c = xcalloc(1, sizeof *c);
	check_root(c);
	check_cgroup(c);
	check_userns(c);
	check_namespaces(c);
	check_seccomp(c);
	check_syscalls(c);
	check_runsc(c);

	if (json)
		print_json(c);
	else
		print_text(c);
	ret = c->reasons[0] == '\0' ? 0 : 1;
	free(c);
	return (ret);
}
