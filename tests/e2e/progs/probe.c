/* SPDX-License-Identifier: ISC */
/*
 * probe: one program with a subcommand per thing the end-to-end tests make
 * a sandboxed program do (crash, spin, hog, escape, snoop), run in gavel-box.
 */

#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <linux/bpf.h>
#include <linux/io_uring.h>
#include <linux/perf_event.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/*
 * Exit codes: 0 when the probe saw what a safe sandbox should show (the
 * call was refused), PROBE_LEAK when it got through, PROBE_USAGE for a bad
 * command line. A call the policy denies kills the probe instead, which
 * the tests see as status security-violation.
 */
#define PROBE_LEAK	10
#define PROBE_USAGE	64

extern char **environ;

static volatile unsigned long spin_counter;

static const char *
errname(int e)
{
	const char	*s;

	s = strerrorname_np(e);
	return (s != NULL ? s : "E?");
}

/* Unbuffered line output: the probe may die at any moment. */
static void
say(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static void
say(const char *fmt, ...)
{
	char	 buf[4096];
	va_list	 ap;
	int	 n;
	size_t	 off;
	ssize_t	 w;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof buf - 2)
		n = sizeof buf - 2;
	buf[n++] = '\n';
	for (off = 0; off < (size_t)n; off += (size_t)w) {
		w = write(STDOUT_FILENO, buf + off, (size_t)n - off);
		if (w <= 0)
			return;
	}
}

/* Report a refused call: exit 0. */
static int
blocked(const char *what, int e)
{
	say("blocked %s: %s", what, errname(e));
	return (0);
}

/* Report a call that went through: PROBE_LEAK. */
static int
allowed(const char *what)
{
	say("allowed %s", what);
	return (PROBE_LEAK);
}

static void
spin(void)
{
	for (;;)
		spin_counter++;
}

static void *
spin_thread(void *arg)
{
	spin();
	return (arg);
}

static uint64_t
cpu_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ((uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000);
}

static void
sleep_ms(uint64_t ms)
{
	struct timespec	ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000;
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static int
cmd_threads(int n)
{
	pthread_t	t;
	int		i, error;

	for (i = 0; i < n; i++) {
		if ((error = pthread_create(&t, NULL, spin_thread, NULL)) != 0) {
			say("pthread_create: %s", errname(error));
			return (1);
		}
	}
	pthread_join(t, NULL);
	return (0);
}

/* Allocate and touch 1 MiB at a time until something stops us. */
static int
cmd_mem(void)
{
	char	*p;
	size_t	 total;

	for (total = 0;; total += 1 << 20) {
		if ((p = malloc(1 << 20)) == NULL) {
			say("malloc failed after %zu MiB", total >> 20);
			return (1);
		}
		memset(p, 0x5a, 1 << 20);
	}
}

static int
cmd_touch(size_t mib)
{
	volatile char	*p;
	size_t		 i, len = mib << 20;

	if ((p = malloc(len)) == NULL) {
		say("malloc %zu MiB failed", mib);
		return (1);
	}
	memset((char *)p, 0x5a, len);
	for (i = 0; i < len; i += 4096)
		p[i]++;
	say("touched %zu MiB", mib);
	return (0);
}

static int
cmd_burn(uint64_t ms)
{
	uint64_t	used;

	while ((used = cpu_ms()) < ms)
		spin_counter++;
	say("burned %llu ms", (unsigned long long)used);
	return (0);
}

/* Every process forks forever; say once per process when fork fails. */
static void
cmd_forkbomb(void)
    __attribute__((noreturn));

static void
cmd_forkbomb(void)
{
	int	reported = 0;

	for (;;) {
		if (fork() == -1 && !reported) {
			say("fork failed: %s", errname(errno));
			reported = 1;
		}
	}
}

/*
 * Double fork (and setsid with "setsid"): the grandchild sleeps 100 s
 * holding stdout open, the main process exits once it is in place. No
 * wait4: the default policy does not allow it.
 */
static int
cmd_daemon(int use_setsid)
{
	int	p[2];
	pid_t	pid;
	char	c;

	if (pipe(p) == -1) {
		say("pipe: %s", errname(errno));
		return (1);
	}
	if ((pid = fork()) == -1) {
		say("fork: %s", errname(errno));
		return (1);
	}
	if (pid == 0) {
		close(p[0]);
		if (use_setsid)
			setsid();
		if ((pid = fork()) == -1)
			_exit(1);
		if (pid == 0) {
			if (use_setsid)
				setsid();
			if (write(p[1], "x", 1) != 1)
				_exit(1);
			close(p[1]);
			sleep_ms(100 * 1000);
			_exit(0);
		}
		_exit(0);
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 1) {
		say("daemon did not start");
		return (1);
	}
	say("daemon started");
	return (0);
}

static int
cmd_flood(int fd)
{
	static char	buf[65536];
	ssize_t		w;

	memset(buf, 'x', sizeof buf);
	for (;;) {
		if ((w = write(fd, buf, sizeof buf)) == -1) {
			say("flood: write: %s", errname(errno));
			return (1);
		}
	}
}

/* Open /dev/null until the descriptor limit says no. */
static int
cmd_files(void)
{
	int	n;

	for (n = 0; open("/dev/null", O_RDONLY) != -1; n++)
		;
	say("files: %s after %d", errname(errno), n);
	return (0);
}

/* Deep recursion with 1 KiB frames: the stack limit stops it. */
static volatile unsigned long	max_depth = ~0UL;

static unsigned long
recurse(unsigned long depth)
{
	volatile char	frame[1024];

	if (depth == max_depth)
		return (0);
	frame[0] = (char)depth;
	frame[sizeof frame - 1] = frame[0];
	return (recurse(depth + 1) + frame[sizeof frame - 1]);
}

/* stdin to stdout. */
static int
cmd_cat(void)
{
	char	buf[4096];
	ssize_t	n;

	while ((n = read(STDIN_FILENO, buf, sizeof buf)) > 0) {
		if (write(STDOUT_FILENO, buf, (size_t)n) != n)
			return (1);
	}
	return (n == -1);
}

static int
cmd_fill(const char *path)
{
	static char	buf[65536];
	uint64_t	total = 0;
	ssize_t		w;
	int		fd;

	memset(buf, 'f', sizeof buf);
	if ((fd = open(path, O_WRONLY|O_CREAT|O_TRUNC, 0644)) == -1) {
		say("fill %s: open: %s", path, errname(errno));
		return (1);
	}
	for (;;) {
		if ((w = write(fd, buf, sizeof buf)) == -1)
			break;
		total += (uint64_t)w;
	}
	say("fill %s: %s after %llu bytes", path, errname(errno),
	    (unsigned long long)total);
	return (0);
}

static int
cmd_connect(int port)
{
	struct sockaddr_in	sin;
	int			s;

	if ((s = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return (blocked("socket", errno));
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(s, (struct sockaddr *)&sin, sizeof sin) == -1)
		return (blocked("connect", errno));
	return (allowed("connect"));
}

/*
 * An abstract Unix socket: its namespace belongs to the network
 * namespace, so a host listener must be out of reach.
 */
static int
cmd_uconnect(const char *name)
{
	struct sockaddr_un	sun;
	socklen_t		len;
	int			s;

	if ((s = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
		return (blocked("socket", errno));
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	len = (socklen_t)strnlen(name, sizeof sun.sun_path - 1);
	memcpy(sun.sun_path + 1, name, len);
	len += (socklen_t)offsetof(struct sockaddr_un, sun_path) + 1;
	if (connect(s, (struct sockaddr *)&sun, len) == -1)
		return (blocked("connect", errno));
	return (allowed("connect"));
}

/* Print what could be read, escaped, so the test can look for secrets. */
static int
cmd_read(const char *path)
{
	char		 buf[8192], out[4 * sizeof buf + 1], *o;
	struct stat	 st;
	DIR		*d;
	struct dirent	*de;
	ssize_t		 n, i;
	int		 fd, entries = 0;

	if ((fd = open(path, O_RDONLY)) == -1)
		return (blocked("open", errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		if ((d = fdopendir(fd)) == NULL)
			return (blocked("opendir", errno));
		errno = 0;
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			say("entry %s", de->d_name);
			entries++;
		}
		if (errno != 0)
			return (blocked("readdir", errno));
		if (entries == 0) {
			say("blocked readdir: empty");
			return (0);
		}
		return (allowed("readdir"));
	}
	if ((n = read(fd, buf, sizeof buf)) == -1)
		return (blocked("read", errno));
	for (i = 0, o = out; i < n; i++) {
		if (buf[i] >= 0x20 && buf[i] < 0x7f && buf[i] != '\\')
			*o++ = buf[i];
		else
			o += sprintf(o, "\\%03o", (unsigned char)buf[i]);
	}
	*o = '\0';
	say("content %s", out);
	return (allowed("read"));
}

/*
 * Never write into an existing file: if the sandbox were broken this
 * would damage the host. Creating a new file is proof enough; it stays
 * (the default policy has no unlink), the test removes it.
 */
static int
cmd_write(const char *path)
{
	int	fd;

	if (access(path, F_OK) == 0) {
		if ((fd = open(path, O_WRONLY|O_APPEND)) == -1)
			return (blocked("open", errno));
		close(fd);
		return (allowed("open for writing"));
	}
	if ((fd = open(path, O_WRONLY|O_CREAT|O_EXCL, 0644)) == -1)
		return (blocked("open", errno));
	close(fd);
	return (allowed("create"));
}

static int
cmd_killall(void)
{
	if (kill(-1, SIGKILL) == -1)
		return (blocked("kill", errno));
	say("kill(-1, SIGKILL) returned 0");
	return (0);
}

/*
 * Attach to a child of our own (allowed by Yama's default scope). The
 * child ends by itself: kill and wait4 are not in the default policy.
 */
static int
cmd_ptrace(void)
{
	pid_t	pid;

	if ((pid = fork()) == -1) {
		say("fork: %s", errname(errno));
		return (1);
	}
	if (pid == 0) {
		sleep_ms(2000);
		_exit(0);
	}
	if (ptrace(PTRACE_ATTACH, pid, NULL, NULL) == -1)
		return (blocked("ptrace", errno));
	return (allowed("ptrace"));
}

static int
cmd_mount(void)
{
	if (mount("none", "/tmp", "tmpfs", 0, "") == -1)
		return (blocked("mount", errno));
	return (allowed("mount"));
}

static int
cmd_unshare(void)
{
	if (unshare(CLONE_NEWUSER) == -1)
		return (blocked("unshare", errno));
	return (allowed("unshare"));
}

static int
cmd_chroot(void)
{
	if (chroot("/tmp") == -1)
		return (blocked("chroot", errno));
	return (allowed("chroot"));
}

static int
cmd_setuid(void)
{
	if (setuid(0) == -1)
		return (blocked("setuid", errno));
	return (allowed("setuid"));
}

static int
cmd_iouring(void)
{
	struct io_uring_params	p;
	long			r;

	memset(&p, 0, sizeof p);
	if ((r = syscall(SYS_io_uring_setup, 4, &p)) == -1)
		return (blocked("io_uring_setup", errno));
	close((int)r);
	return (allowed("io_uring_setup"));
}

static int
cmd_bpf(void)
{
	union bpf_attr	attr;
	long		r;

	memset(&attr, 0, sizeof attr);
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 4;
	attr.max_entries = 1;
	if ((r = syscall(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof attr)) == -1)
		return (blocked("bpf", errno));
	close((int)r);
	return (allowed("bpf"));
}

static int
cmd_perf(void)
{
	struct perf_event_attr	attr;
	long			r;

	memset(&attr, 0, sizeof attr);
	attr.size = sizeof attr;
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_CPU_CLOCK;
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;
	if ((r = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0)) == -1)
		return (blocked("perf_event_open", errno));
	close((int)r);
	return (allowed("perf_event_open"));
}

/* TIOCSTI on every descriptor that might be a terminal, and /dev/tty. */
static int
cmd_tiocsti(void)
{
	char	c = 'x';
	int	fd, e = 0;

	for (fd = 0; fd < 3; fd++) {
		if (ioctl(fd, TIOCSTI, &c) == 0)
			return (allowed("ioctl(TIOCSTI)"));
		e = errno;
	}
	if ((fd = open("/dev/tty", O_RDWR)) != -1) {
		if (ioctl(fd, TIOCSTI, &c) == 0)
			return (allowed("ioctl(TIOCSTI) on /dev/tty"));
		e = errno;
		close(fd);
	}
	return (blocked("ioctl(TIOCSTI)", e));
}

static int
cmd_exec2(void)
{
	char *const	argv[] = { "true", NULL };
	char *const	envp[] = { NULL };

	execve("/bin/true", argv, envp);
	return (blocked("execve", errno));
}

static void
say_fd(int fd)
{
	char	link[64], target[256];
	ssize_t	n;

	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	if ((n = readlink(link, target, sizeof target - 1)) == -1)
		n = 0;
	target[n] = '\0';
	say("open fd %d -> %s", fd, target);
}

/*
 * Descriptors 3 and up: every entry of /proc/self/fd, and each number
 * through the box's private ones (4100..4102) asked directly, in case
 * /proc lies. (Asking all 2^20 took ten seconds under gVisor.)
 */
static int
cmd_fds(void)
{
	struct dirent	*de;
	DIR		*d;
	int		 fd, open_fds = 0;

	if ((d = opendir("/proc/self/fd")) == NULL) {
		say("opendir /proc/self/fd: %s", strerror(errno));
		return (1);
	}
	while ((de = readdir(d)) != NULL) {
		fd = atoi(de->d_name);
		if (de->d_name[0] == '.' || fd < 3 || fd == dirfd(d))
			continue;
		say_fd(fd);
		open_fds++;
	}
	closedir(d);
	for (fd = 3; fd < 4200; fd++) {
		if (fcntl(fd, F_GETFD) == -1)
			continue;
		say_fd(fd);
		open_fds++;
	}
	if (open_fds != 0)
		return (PROBE_LEAK);
	say("no fds above 2");
	return (0);
}

/*
 * The environment must hold PATH, HOME=/workspace, TMPDIR=/tmp and the
 * variables named on the command line, nothing else.
 */
static int
cmd_env(int argc, char **argv)
{
	char	**e;
	size_t	  len;
	int	  i, ok, bad = 0, have_path = 0;

	for (e = environ; *e != NULL; e++) {
		say("env %s", *e);
		len = strcspn(*e, "=");
		ok = 0;
		if (len == 4 && strncmp(*e, "PATH", 4) == 0)
			ok = have_path = 1;
		else if (len == 4 && strncmp(*e, "HOME", 4) == 0)
			ok = strcmp(*e, "HOME=/workspace") == 0;
		else if (len == 6 && strncmp(*e, "TMPDIR", 6) == 0)
			ok = strcmp(*e, "TMPDIR=/tmp") == 0;
		for (i = 0; i < argc; i++) {
			if (strlen(argv[i]) == len &&
			    strncmp(*e, argv[i], len) == 0)
				ok = 1;
		}
		if (!ok) {
			say("unexpected %s", *e);
			bad = 1;
		}
	}
	if (!have_path) {
		say("no PATH");
		bad = 1;
	}
	return (bad ? PROBE_LEAK : 0);
}

static long
num(const char *s)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || *s == '\0' || *end != '\0' || n < 0) {
		say("probe: bad number %s", s);
		exit(PROBE_USAGE);
	}
	return (n);
}

/*
 * The probe mounts over /tmp, kills every process it can see and fills
 * disks. Outside a sandbox, as root, that wrecks the host (it did once):
 * such subcommands refuse uid 0. The box runs programs as 60000+slot.
 */
static void
not_as_root(const char *cmd)
{
	static const char *const	dangerous[] = {
		"fill", "forkbomb", "killall", "mount", "unshare", "chroot",
		"write", "setuid", "mem", NULL
	};
	size_t				i;

	if (getuid() != 0 && geteuid() != 0)
		return;
	for (i = 0; dangerous[i] != NULL; i++) {
		if (strcmp(cmd, dangerous[i]) == 0) {
			say("probe: refusing to run %s as root", cmd);
			exit(PROBE_USAGE);
		}
	}
}

static void
usage(void)
{
	say("usage: probe ok|exit N|segv|abort|fpe|spin|threads N|sleep [S]|"
	    "mem|forkbomb MARK|daemon MARK [setsid]|flood [err]|fill PATH|connect PORT|uconnect NAME|"
	    "read PATH|write PATH|killall|ptrace|mount|unshare|chroot|setuid|"
	    "iouring|bpf|perf|tiocsti|exec2|fds|env [VAR...]|burn MS|"
	    "touch MB|raise SIG|files|recurse|cat");
	exit(PROBE_USAGE);
}

int
main(int argc, char **argv)
{
	const char	*cmd;
	volatile int	 zero = 0, answer = 42;

	if (argc < 2)
		usage();
	cmd = argv[1];
	not_as_root(cmd);

	if (strcmp(cmd, "ok") == 0) {
		say("hello");
		return (0);
	}
	if (strcmp(cmd, "exit") == 0 && argc == 3)
		return ((int)num(argv[2]));
	if (strcmp(cmd, "segv") == 0) {
		*(volatile int *)(uintptr_t)zero = 1;
		return (1);
	}
	if (strcmp(cmd, "abort") == 0)
		abort();
	if (strcmp(cmd, "fpe") == 0)
		return (answer / zero);
	if (strcmp(cmd, "spin") == 0)
		spin();
	if (strcmp(cmd, "threads") == 0 && argc == 3)
		return (cmd_threads((int)num(argv[2])));
	if (strcmp(cmd, "sleep") == 0) {
		sleep_ms(argc == 3 ? (uint64_t)num(argv[2]) * 1000 : 10000);
		return (0);
	}
	if (strcmp(cmd, "mem") == 0)
		return (cmd_mem());
	if (strcmp(cmd, "forkbomb") == 0)
		cmd_forkbomb();
	if (strcmp(cmd, "daemon") == 0 && argc >= 3)
		return (cmd_daemon(argc == 4 && strcmp(argv[3], "setsid") == 0));
	if (strcmp(cmd, "flood") == 0)
		return (cmd_flood(argc == 3 && strcmp(argv[2], "err") == 0 ?
		    STDERR_FILENO : STDOUT_FILENO));
	if (strcmp(cmd, "raise") == 0 && argc == 3) {
		raise((int)num(argv[2]));
		say("still alive after raise(%s)", argv[2]);
		return (1);
	}
	if (strcmp(cmd, "files") == 0)
		return (cmd_files());
	if (strcmp(cmd, "recurse") == 0)
		return ((int)recurse(0));
	if (strcmp(cmd, "cat") == 0)
		return (cmd_cat());
	if (strcmp(cmd, "fill") == 0 && argc == 3)
		return (cmd_fill(argv[2]));
	if (strcmp(cmd, "connect") == 0 && argc == 3)
		return (cmd_connect((int)num(argv[2])));
	if (strcmp(cmd, "uconnect") == 0 && argc == 3)
		return (cmd_uconnect(argv[2]));
	if (strcmp(cmd, "read") == 0 && argc == 3)
		return (cmd_read(argv[2]));
	if (strcmp(cmd, "write") == 0 && argc == 3)
		return (cmd_write(argv[2]));
	if (strcmp(cmd, "killall") == 0)
		return (cmd_killall());
	if (strcmp(cmd, "ptrace") == 0)
		return (cmd_ptrace());
	if (strcmp(cmd, "mount") == 0)
		return (cmd_mount());
	if (strcmp(cmd, "unshare") == 0)
		return (cmd_unshare());
	if (strcmp(cmd, "chroot") == 0)
		return (cmd_chroot());
	if (strcmp(cmd, "setuid") == 0)
		return (cmd_setuid());
	if (strcmp(cmd, "iouring") == 0)
		return (cmd_iouring());
	if (strcmp(cmd, "bpf") == 0)
		return (cmd_bpf());
	if (strcmp(cmd, "perf") == 0)
		return (cmd_perf());
	if (strcmp(cmd, "tiocsti") == 0)
		return (cmd_tiocsti());
	if (strcmp(cmd, "exec2") == 0)
		return (cmd_exec2());
	if (strcmp(cmd, "fds") == 0)
		return (cmd_fds());
	if (strcmp(cmd, "env") == 0)
		return (cmd_env(argc - 2, argv + 2));
	if (strcmp(cmd, "burn") == 0 && argc == 3)
		return (cmd_burn((uint64_t)num(argv[2])));
	if (strcmp(cmd, "touch") == 0 && argc == 3)
		return (cmd_touch((size_t)num(argv[2])));
	usage();
	return (PROBE_USAGE);
}
