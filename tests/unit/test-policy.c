/* SPDX-License-Identifier: ISC */
/*
 * Unit tests of policy.c: the policy file format and its errors, the
 * shipped policies, the compiled filter in a real child, and the cache.
 */

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <linux/filter.h>
#include <linux/seccomp.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <cmocka.h>

#include "sbx.h"

#define UNUSED	__attribute__((unused))

#ifndef SBX_SRCDIR
#define SBX_SRCDIR	"."
#endif

#ifndef __X32_SYSCALL_BIT
#define __X32_SYSCALL_BIT	0x40000000
#endif

static const char *shipped[] = {
	"default", "python", "java", "javascript", "compile",
};

/* Fresh per test: a scratch directory for policies and the cache. */
struct fx {
	char	 dir[64];
	char	*cause;
};

/* ------------------------------------------------------------------ */
/* Helpers                                                              */
/* ------------------------------------------------------------------ */

static const char *
policy_dir(void)
{
	const char	*s;

	if ((s = getenv("GAVEL_POLICY_DIR")) != NULL && *s != '\0')
		return (s);
	return (SBX_SRCDIR "/sandbox/policies");
}

static void
put(const char *dir, const char *name, const char *text)
{
	char	 path[PATH_MAX];
	FILE	*f;

	snprintf(path, sizeof path, "%s/%s.policy", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* Parse text as policy "t" (includes from dir, may be NULL). */
static struct sbx_policy *
parse(const char *text, const char *dir, char **cause)
{
	struct sbx_policy	*p;
	FILE			*f;

	f = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(f);
	free(*cause);
	*cause = NULL;
	p = sbx_policy_parse(f, "t", dir, cause);
	fclose(f);
	return (p);
}

/* The parse of text must fail with exactly this cause. */
static void
parse_fails(struct fx *fx, const char *text, const char *want)
{
	struct sbx_policy	*p;

	p = parse(text, fx->dir, &fx->cause);
	if (p != NULL)
		fail_msg("parsed, expected \"%s\":\n%s", want, text);
	assert_non_null(fx->cause);
	assert_string_equal(fx->cause, want);
}

/* The parse of text must fail with a cause starting with want. */
static void
parse_fails_at(struct fx *fx, const char *text, const char *want)
{
	struct sbx_policy	*p;

	p = parse(text, fx->dir, &fx->cause);
	if (p != NULL)
		fail_msg("parsed, expected \"%s...\":\n%s", want, text);
	assert_non_null(fx->cause);
	if (strncmp(fx->cause, want, strlen(want)) != 0)
		fail_msg("cause \"%s\", expected \"%s...\"", fx->cause, want);
}

static void
parse_ok(struct fx *fx, const char *text)
{
	struct sbx_policy	*p;

	p = parse(text, fx->dir, &fx->cause);
	if (p == NULL)
		fail_msg("%s:\n%s", fx->cause, text);
	sbx_policy_free(p);
}

static int
rm_one(const char *path, const struct stat *st UNUSED, int flag UNUSED,
    struct FTW *ftw UNUSED)
{
	return (remove(path));
}

static int
setup(void **state)
{
	struct fx	*fx;

	fx = calloc(1, sizeof *fx);
	if (fx == NULL)
		return (-1);
	strcpy(fx->dir, "/tmp/test-policy.XXXXXX");
	if (mkdtemp(fx->dir) == NULL) {
		free(fx);
		return (-1);
	}
	*state = fx;
	return (0);
}

static int
teardown(void **state)
{
	struct fx	*fx = *state;

	nftw(fx->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(fx->cause);
	free(fx);
	return (0);
}

/* Compile a shipped policy. */
static void
compile_shipped(const char *name, enum sbx_violate v, void **prog,
    size_t *len)
{
	char	*cause = NULL;

	if (sbx_policy_compile_cached(policy_dir(), name, v, NULL, prog, len,
	    &cause) != 0)
		fail_msg("%s: %s", name, cause);
}

/*
 * Run fn in a child under prog (KILL mode). Returns the wait status. The
 * child exits 0 when fn returns, so a status of "killed by SIGSYS" means
 * the filter stopped it.
 */
static int
run_filtered(const void *prog, size_t len, void (*fn)(void))
{
	struct sock_fprog	fp;
	struct rlimit		rl = { 0, 0 };
	pid_t			pid;
	int			status;

	pid = fork();
	assert_int_not_equal(pid, -1);
	if (pid == 0) {
		setrlimit(RLIMIT_CORE, &rl);
		fp.len = (unsigned short)(len / sizeof(struct sock_filter));
		fp.filter = (struct sock_filter *)prog;
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
			_exit(120);
		if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp) == -1)
			_exit(121);
		fn();
		_exit(0);
	}
	while (waitpid(pid, &status, 0) == -1)
		assert_int_equal(errno, EINTR);
	return (status);
}

static void
assert_sigsys(int status)
{
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGSYS) {
		fail_msg("want SIGSYS, got %s %d", WIFSIGNALED(status) ?
		    "signal" : "exit", WIFSIGNALED(status) ? WTERMSIG(status) :
		    WEXITSTATUS(status));
	}
}

static void
assert_exit(int status, int code)
{
	if (!WIFEXITED(status) || WEXITSTATUS(status) != code) {
		fail_msg("want exit %d, got %s %d", code, WIFSIGNALED(status) ?
		    "signal" : "exit", WIFSIGNALED(status) ? WTERMSIG(status) :
		    WEXITSTATUS(status));
	}
}

#define assert_exit0(status)	assert_exit((status), 0)

/* The calls the children make; each returns only when allowed. */
static void
do_write(void)
{
	if (write(STDERR_FILENO, "", 0) != 0)
		_exit(1);
}

static void
do_ptrace(void)
{
	ptrace(PTRACE_TRACEME, 0, NULL, NULL);
}

static void
do_mount(void)
{
	mount("none", "/tmp", "tmpfs", 0, NULL);
}

static void
do_socket_inet(void)
{
	socket(AF_INET, SOCK_STREAM, 0);
}

static void
do_socket_unix(void)
{
	int	fd;

	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		_exit(1);
	close(fd);
}

static void
do_socketpair_unix(void)
{
	int	sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1)
		_exit(1);
}

/* Refused with an errno, not a violation. */
static void
do_socket_enoaf(void)
{
	if (socket(AF_INET, SOCK_STREAM, 0) != -1 || errno != EAFNOSUPPORT)
		_exit(1);
	if (socket(AF_INET6, SOCK_DGRAM, 0) != -1 || errno != EAFNOSUPPORT)
		_exit(1);
	if (socket(AF_NETLINK, SOCK_RAW, 0) != -1 || errno != EAFNOSUPPORT)
		_exit(1);
}

static void
do_socket_unix_enoaf(void)
{
	if (socket(AF_UNIX, SOCK_STREAM, 0) != -1 || errno != EAFNOSUPPORT)
		_exit(1);
}

/* A high bit in the domain must not pass as AF_UNIX. */
static void
do_socket_high_enoaf(void)
{
	if (syscall(SYS_socket, (1UL << 32) | AF_UNIX, SOCK_STREAM, 0) != -1 ||
	    errno != EAFNOSUPPORT)
		_exit(1);
}

static void
do_unshare_user(void)
{
	unshare(CLONE_NEWUSER);
}

static void
do_clone_newuser(void)
{
	syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, NULL, NULL, NULL, 0);
	_exit(0);	/* the new child, if any, must not run the test */
}

static void *
thread_main(void *arg)
{
	return (arg);
}

/* glibc tries clone3 (ENOSYS here), then clone without namespace flags. */
static void
do_thread(void)
{
	static int	 token;
	pthread_t	 t;
	void		*r;

	if (pthread_create(&t, NULL, thread_main, &token) != 0 ||
	    pthread_join(t, &r) != 0 || r != &token)
		_exit(1);
}

static void
do_execve(void)
{
	char	*argv[] = { "true", NULL }, *envp[] = { NULL };

	execve("/bin/true", argv, envp);
}

static void
do_execveat_other_fd(void)
{
	char	*argv[] = { "true", NULL }, *envp[] = { NULL };
	int	 fd;

	if ((fd = open("/bin/true", O_RDONLY | O_CLOEXEC)) == -1)
		_exit(1);
	syscall(SYS_execveat, fd, "", argv, envp, AT_EMPTY_PATH);
}

/*
 * The one allowed exec: /bin/true started the way the sandbox starts a
 * program, exiting 0 under the filter. Should SBX_EXEC_FD lie above this
 * host's hard RLIMIT_NOFILE, the filter's verdict shows as EBADF from the
 * kernel instead.
 */
static void
do_execveat_exec_fd(void)
{
	char	*argv[] = { "true", NULL }, *envp[] = { NULL };
	int	 fd;

	if ((fd = open("/bin/true", O_RDONLY | O_CLOEXEC)) == -1)
		_exit(1);
	(void)dup3(fd, SBX_EXEC_FD, O_CLOEXEC);	/* EBADF below if not */
	syscall(SYS_execveat, SBX_EXEC_FD, "", argv, envp, AT_EMPTY_PATH);
	_exit(errno == EBADF ? 0 : 1);
}

static void
do_execveat_no_empty_path(void)
{
	char	*argv[] = { "true", NULL }, *envp[] = { NULL };

	syscall(SYS_execveat, SBX_EXEC_FD, "/bin/true", argv, envp, 0);
}

static void
do_tiocsti(void)
{
	char	c = 'x';

	ioctl(STDIN_FILENO, TIOCSTI, &c);
}

static void
do_tiocsti_high(void)
{
	char	c = 'x';

	syscall(SYS_ioctl, STDIN_FILENO, (1UL << 32) | TIOCSTI, &c);
}

static void
do_tcgets_high(void)
{
	struct termios	t;

	syscall(SYS_ioctl, STDIN_FILENO, (1UL << 32) | TCGETS, &t);
}

/* isatty() on a pipe: the call is allowed and fails with ENOTTY. */
static void
do_tcgets(void)
{
	struct termios	t;
	int		p[2];

	if (pipe(p) == -1)
		_exit(1);
	if (ioctl(p[0], TCGETS, &t) != -1 || errno != ENOTTY)
		_exit(1);
}

static void
do_x32(void)
{
	syscall(__X32_SYSCALL_BIT | SYS_getpid);
}

static void
do_io_uring_setup(void)
{
	if (syscall(SYS_io_uring_setup, 1, NULL) != -1 || errno != ENOSYS)
		_exit(1);
}

static void
do_clone3(void)
{
	if (syscall(SYS_clone3, NULL, 0) != -1 || errno != ENOSYS)
		_exit(1);
}

static void
do_bpf(void)
{
	syscall(SYS_bpf, 0, NULL, 0);
}

/* ------------------------------------------------------------------ */
/* Parsing                                                              */
/* ------------------------------------------------------------------ */

static void
test_sbx_policy_parse_ok(void **state)
{
	struct fx		*fx = *state;
	struct sbx_policy	*p;

	p = parse("# a comment\n\n  allow read write # trailing\n"
	    "allow\tclose ?no_such_call_here\n"
	    "errno ENOSYS io_uring_setup ptrace\n"
	    "errno EPERM mount\n"
	    "allow read\n"
	    "exec once\n", fx->dir, &fx->cause);
	if (p == NULL)
		fail_msg("%s", fx->cause);
	assert_int_equal(sbx_policy_exec_any(p), 0);
	sbx_policy_free(p);
}

static void
test_sbx_policy_parse_empty(void **state)
{
	struct fx		*fx = *state;
	struct sbx_policy	*p;
	void			*prog;
	size_t			 len;

	p = parse("", fx->dir, &fx->cause);
	assert_non_null(p);
	assert_int_equal(sbx_policy_exec_any(p), 0);
	assert_int_equal(sbx_policy_compile(p, SBX_VIOLATE_KILL, &prog, &len,
	    &fx->cause), 0);
	assert_true(len > 0 && len % 8 == 0);
	free(prog);
	sbx_policy_free(p);
}

static void
test_sbx_policy_parse_unknown_directive(void **state)
{
	parse_fails(*state, "allow read\nfrobnicate write\n",
	    "t:2: unknown directive 'frobnicate'");
	parse_fails(*state, "Allow read\n", "t:1: unknown directive 'Allow'");
}

static void
test_sbx_policy_parse_unknown_syscall(void **state)
{
	parse_fails(*state, "allow read\n\nallow write no_such_call\n",
	    "t:3: unknown syscall 'no_such_call'");
	/* socketcall exists on i386 only: not a syscall of this arch. */
	parse_fails(*state, "allow socketcall\n",
	    "t:1: unknown syscall 'socketcall'");
	parse_fails(*state, "errno EPERM ?read bogus\n",
	    "t:1: unknown syscall 'bogus'");
	parse_ok(*state, "allow ?socketcall ?bogus\n");
}

static void
test_sbx_policy_parse_denied(void **state)
{
	static const char	*denied[] = {
		"ptrace", "mount", "umount2", "pivot_root", "chroot",
		"unshare", "setns", "bpf", "perf_event_open",
		"io_uring_setup", "io_uring_enter", "io_uring_register",
		"userfaultfd", "keyctl", "add_key", "kexec_load",
		"kexec_file_load", "init_module", "finit_module",
		"delete_module", "reboot", "sethostname", "acct", "swapon",
		"clone3", "fsopen", "move_mount", "open_tree",
		"process_vm_writev",
	};
	struct fx		*fx = *state;
	char			 text[128], want[128];
	size_t			 i;

	for (i = 0; i < sizeof denied / sizeof denied[0]; i++) {
		snprintf(text, sizeof text, "allow read\nallow %s\n",
		    denied[i]);
		snprintf(want, sizeof want,
		    "t:2: '%s' is always denied (only an errno may be set)",
		    denied[i]);
		parse_fails(fx, text, want);
		snprintf(text, sizeof text, "allow %s if arg0 == 0\n",
		    denied[i]);
		parse_fails_at(fx, text, "t:1: '");
		snprintf(text, sizeof text, "errno ENOSYS %s\n", denied[i]);
		parse_ok(fx, text);
	}
}

static void
test_sbx_policy_parse_exec_syscalls(void **state)
{
	parse_fails(*state, "allow execve\n",
	    "t:1: 'execve' is set by 'exec once' or 'exec any'");
	parse_fails(*state, "errno EPERM execveat\n",
	    "t:1: 'execveat' is set by 'exec once' or 'exec any'");
	parse_fails(*state, "exec twice\n",
	    "t:1: exec takes 'once' or 'any', not 'twice'");
	parse_fails(*state, "exec\n", "t:1: exec takes 'once' or 'any'");
	parse_fails(*state, "exec any\nexec once\n",
	    "t:2: exec once conflicts with t:1");
	parse_ok(*state, "exec any\nexec any\n");
}

static void
test_sbx_policy_parse_builtin(void **state)
{
	parse_fails(*state, "errno EPERM ioctl\n", "t:1: 'ioctl' has "
	    "built-in argument rules and can only be allowed");
	parse_fails(*state, "errno EPERM clone\n", "t:1: 'clone' has "
	    "built-in argument rules and can only be allowed");
	parse_fails(*state, "allow ioctl if arg1 == 21522\n", "t:1: 'ioctl' "
	    "has built-in argument rules: allow it without 'if'");
	parse_fails(*state, "allow socket if arg0 == 2\n", "t:1: 'socket' "
	    "has built-in argument rules: allow it without 'if'");
	/* socket: the families other than AF_UNIX may get an errno. */
	parse_ok(*state, "allow socket\nerrno EAFNOSUPPORT socket\n");
	parse_ok(*state, "errno EAFNOSUPPORT socket\nallow socket\n");
	parse_ok(*state, "errno EAFNOSUPPORT socket socketpair\n");
}

static void
test_sbx_policy_parse_conflict(void **state)
{
	parse_fails(*state, "allow read\nerrno EPERM read\n",
	    "t:2: 'read' already allowed at t:1");
	parse_fails(*state, "errno EPERM read\nallow write read\n",
	    "t:2: 'read' already errno EPERM at t:1");
	parse_fails(*state, "errno EPERM read\n\nerrno EACCES read\n",
	    "t:3: 'read' already errno EPERM at t:1");
	parse_fails(*state, "allow prctl if arg0 == 15\nerrno EINVAL prctl\n",
	    "t:2: 'prctl' already allowed at t:1");
	parse_fails(*state, "allow socket\nerrno EPERM socket\n"
	    "errno EACCES socket\n",
	    "t:3: 'socket' already errno EPERM at t:2");
	parse_ok(*state, "errno EPERM read\nerrno EPERM read\n");
}

static void
test_sbx_policy_parse_bad_errno(void **state)
{
	parse_fails(*state, "errno EFOO read\n", "t:1: unknown errno 'EFOO'");
	parse_fails(*state, "errno 1 read\n", "t:1: unknown errno '1'");
	parse_fails(*state, "errno ENOSYS\n",
	    "t:1: errno needs a name and a syscall");
	parse_ok(*state, "errno ENOSYS io_uring_setup\nerrno EPERM bpf\n"
	    "errno EACCES perf_event_open\nerrno EAFNOSUPPORT socket\n");
}

static void
test_sbx_policy_parse_condition(void **state)
{
	const char	*bad = "t:1: bad condition: want 'argN == V', "
	    "'argN != V' or 'argN & MASK == V', joined by 'and'";

	parse_ok(*state, "allow prctl if arg0 == 15\n"
	    "allow prctl if arg0 == 0x10\n"
	    "allow kill if arg1 == 0 and arg0 != 1\n"
	    "allow fcntl if arg1 & 0xff == 3\n"
	    "allow madvise\nallow madvise if arg2 == 4\n");
	parse_fails(*state, "allow prctl if\n", bad);
	parse_fails(*state, "allow prctl if arg6 == 1\n", bad);
	parse_fails(*state, "allow prctl if arg0 = 1\n", bad);
	parse_fails(*state, "allow prctl if arg0 == x\n", bad);
	parse_fails(*state, "allow prctl if arg0 == -1\n", bad);
	parse_fails(*state, "allow prctl if arg0 == 1 or arg1 == 2\n", bad);
	parse_fails(*state, "allow prctl if arg0 & 1 != 1\n", bad);
	parse_fails(*state, "allow prctl if arg0 == 1 and\n", bad);
	parse_fails(*state, "allow prctl if arg0 == 99999999999999999999\n",
	    bad);
	parse_fails(*state, "allow if arg0 == 1\n",
	    "t:1: allow needs a syscall");
	parse_fails(*state, "allow prctl if arg0 == 1 and arg0 == 2\n",
	    "t:1: arg0 compared twice (use another allow line for an 'or')");
}

static void
test_sbx_policy_parse_include(void **state)
{
	struct fx		*fx = *state;
	struct sbx_policy	*p;

	put(fx->dir, "inc", "allow read\n\nexec any\n");
	put(fx->dir, "bad", "allow read\n# two\nallow bogus\n");
	p = parse("include inc\nallow read write\n", fx->dir, &fx->cause);
	if (p == NULL)
		fail_msg("%s", fx->cause);
	assert_int_equal(sbx_policy_exec_any(p), 1);
	sbx_policy_free(p);

	/* Errors in an included file name that file and line. */
	parse_fails(fx, "allow write\ninclude bad\n",
	    "bad.policy:3: unknown syscall 'bogus'");
	parse_fails(fx, "exec once\ninclude inc\n",
	    "inc.policy:3: exec any conflicts with t:1");
	parse_fails(fx, "allow read\nerrno EPERM write\ninclude inc\n"
	    "allow write\n", "t:4: 'write' already errno EPERM at t:2");
	/* After an include, lines are again the includer's. */
	parse_fails(fx, "include inc\nerrno EPERM getpid\nallow getpid\n",
	    "t:3: 'getpid' already errno EPERM at t:2");
	parse_fails(fx, "include inc\nallow close\ninclude bad\n"
	    "errno EPERM close\n", "bad.policy:3: unknown syscall 'bogus'");
	put(fx->dir, "ok", "allow getppid\n");
	parse_fails(fx, "include ok\nallow close\ninclude ok\n"
	    "errno EPERM close\n", "t:4: 'close' already allowed at t:2");
	parse_fails(fx, "include ok\nexec once\ninclude inc\n",
	    "inc.policy:3: exec any conflicts with t:2");
}

static void
test_sbx_policy_parse_include_loop(void **state)
{
	struct fx		*fx = *state;
	struct sbx_policy	*p;

	put(fx->dir, "a", "allow read\ninclude b\n");
	put(fx->dir, "b", "\ninclude a\n");
	put(fx->dir, "self", "include self\n");
	p = sbx_policy_load(fx->dir, "a", &fx->cause);
	assert_null(p);
	assert_string_equal(fx->cause, "b.policy:2: include loop on 'a'");
	free(fx->cause);
	fx->cause = NULL;
	p = sbx_policy_load(fx->dir, "self", &fx->cause);
	assert_null(p);
	assert_string_equal(fx->cause, "self.policy:1: include loop on 'self'");
	/* The same file twice, not nested, is fine. */
	put(fx->dir, "c", "allow write\n");
	parse_ok(fx, "include c\ninclude c\n");
}

static void
test_sbx_policy_parse_include_deep(void **state)
{
	struct fx	*fx = *state;
	char		 name[8], text[32];
	int		 i;

	for (i = 0; i < 12; i++) {
		snprintf(name, sizeof name, "d%d", i);
		snprintf(text, sizeof text, "include d%d\n", i + 1);
		put(fx->dir, name, text);
	}
	put(fx->dir, "d12", "allow read\n");
	/* t and eight levels of include, no more. */
	parse_fails_at(fx, "include d0\n", "d7.policy:1: includes nested "
	    "too deep");
	parse_ok(fx, "include d5\n");
}

static void
test_sbx_policy_parse_include_path(void **state)
{
	parse_fails(*state, "include ../etc/x\n", "t:1: bad include name "
	    "'../etc/x' (no paths: a name in the same directory)");
	parse_fails(*state, "include /etc/passwd\n", "t:1: bad include name "
	    "'/etc/passwd' (no paths: a name in the same directory)");
	parse_fails(*state, "include a/b\n", "t:1: bad include name "
	    "'a/b' (no paths: a name in the same directory)");
	parse_fails(*state, "include .hidden\n", "t:1: bad include name "
	    "'.hidden' (no paths: a name in the same directory)");
	parse_fails(*state, "include\n", "t:1: include takes one name");
	parse_fails(*state, "include a b\n", "t:1: include takes one name");
}

static void
test_sbx_policy_parse_include_missing(void **state)
{
	struct fx		*fx = *state;
	struct sbx_policy	*p;

	parse_fails_at(fx, "\ninclude nosuch\n", "t:2: include 'nosuch': ");
	assert_non_null(strstr(fx->cause, "No such file"));
	free(fx->cause);
	fx->cause = NULL;
	p = parse("include x\n", NULL, &fx->cause);
	assert_null(p);
	assert_string_equal(fx->cause,
	    "t:1: include 'x' without a policy directory");
}

static void
test_sbx_policy_parse_long_line(void **state)
{
	struct fx	*fx = *state;
	char		*text;

	text = malloc(8192);
	assert_non_null(text);
	memset(text, ' ', 8190);
	memcpy(text, "allow read", 10);
	text[8190] = '\n';
	text[8191] = '\0';
	parse_fails(fx, text, "t:1: line too long");
	free(text);
}

static void
test_sbx_policy_load_bad_name(void **state)
{
	struct fx		*fx = *state;
	struct sbx_policy	*p;

	p = sbx_policy_load(fx->dir, "../default", &fx->cause);
	assert_null(p);
	assert_string_equal(fx->cause, "bad policy name '../default'");
	free(fx->cause);
	fx->cause = NULL;
	p = sbx_policy_load(fx->dir, "absent", &fx->cause);
	assert_null(p);
	assert_non_null(strstr(fx->cause, "absent.policy: No such file"));
}

/* ------------------------------------------------------------------ */
/* Shipped policies                                                     */
/* ------------------------------------------------------------------ */

static void
test_sbx_policy_load_shipped(void **state UNUSED)
{
	struct sbx_policy	*p;
	char			*cause = NULL;
	void			*prog;
	size_t			 i, len;
	int			 v;

	for (i = 0; i < sizeof shipped / sizeof shipped[0]; i++) {
		p = sbx_policy_load(policy_dir(), shipped[i], &cause);
		if (p == NULL)
			fail_msg("%s: %s", shipped[i], cause);
		assert_int_equal(sbx_policy_exec_any(p),
		    strcmp(shipped[i], "compile") == 0);
		for (v = SBX_VIOLATE_NOTIFY; v <= SBX_VIOLATE_KILL; v++) {
			if (sbx_policy_compile(p, v, &prog, &len, &cause) != 0)
				fail_msg("%s: %s", shipped[i], cause);
			assert_non_null(prog);
			assert_true(len > 0);
			assert_int_equal(len % 8, 0);
			assert_true(len / 8 <= 4096);
			free(prog);
		}
		sbx_policy_free(p);
	}
	/* base is only included, but must parse on its own too. */
	p = sbx_policy_load(policy_dir(), "base", &cause);
	if (p == NULL)
		fail_msg("base: %s", cause);
	sbx_policy_free(p);
}

/* Whatever a policy file says, the always-denied calls stay denied. */
static void
test_sbx_policy_compile_denied_everywhere(void **state UNUSED)
{
	void	*prog;
	size_t	 i, len;

	for (i = 0; i < sizeof shipped / sizeof shipped[0]; i++) {
		compile_shipped(shipped[i], SBX_VIOLATE_KILL, &prog, &len);
		assert_sigsys(run_filtered(prog, len, do_ptrace));
		assert_sigsys(run_filtered(prog, len, do_mount));
		assert_sigsys(run_filtered(prog, len, do_unshare_user));
		assert_sigsys(run_filtered(prog, len, do_tiocsti));
		assert_sigsys(run_filtered(prog, len, do_x32));
		assert_sigsys(run_filtered(prog, len, do_bpf));
		assert_exit0(run_filtered(prog, len, do_write));
		assert_exit0(run_filtered(prog, len, do_io_uring_setup));
		assert_exit0(run_filtered(prog, len, do_clone3));
		free(prog);
	}
}

/* ------------------------------------------------------------------ */
/* The compiled default policy in a real child                          */
/* ------------------------------------------------------------------ */

static void
test_sbx_policy_compile_kill(void **state UNUSED)
{
	void	*prog;
	size_t	 len;

	compile_shipped("default", SBX_VIOLATE_KILL, &prog, &len);
	assert_exit0(run_filtered(prog, len, do_write));
	assert_sigsys(run_filtered(prog, len, do_ptrace));
	assert_sigsys(run_filtered(prog, len, do_mount));
	assert_sigsys(run_filtered(prog, len, do_socket_inet));
	assert_sigsys(run_filtered(prog, len, do_unshare_user));
	assert_sigsys(run_filtered(prog, len, do_clone_newuser));
	assert_sigsys(run_filtered(prog, len, do_bpf));
	assert_sigsys(run_filtered(prog, len, do_x32));
	assert_exit0(run_filtered(prog, len, do_thread));
	assert_exit0(run_filtered(prog, len, do_io_uring_setup));
	assert_exit0(run_filtered(prog, len, do_clone3));
	free(prog);
}

static void
test_sbx_policy_compile_exec_once(void **state UNUSED)
{
	void	*prog;
	size_t	 len;

	compile_shipped("default", SBX_VIOLATE_KILL, &prog, &len);
	assert_exit0(run_filtered(prog, len, do_execveat_exec_fd));
	assert_sigsys(run_filtered(prog, len, do_execve));
	assert_sigsys(run_filtered(prog, len, do_execveat_other_fd));
	assert_sigsys(run_filtered(prog, len, do_execveat_no_empty_path));
	free(prog);

	/* compile runs cc1, as and ld: any exec goes. */
	compile_shipped("compile", SBX_VIOLATE_KILL, &prog, &len);
	assert_exit0(run_filtered(prog, len, do_execve));
	free(prog);
}

static void
test_sbx_policy_compile_ioctl(void **state UNUSED)
{
	void	*prog;
	size_t	 len;

	compile_shipped("default", SBX_VIOLATE_KILL, &prog, &len);
	assert_exit0(run_filtered(prog, len, do_tcgets));
	assert_sigsys(run_filtered(prog, len, do_tiocsti));
	assert_sigsys(run_filtered(prog, len, do_tiocsti_high));
	assert_sigsys(run_filtered(prog, len, do_tcgets_high));
	free(prog);
}

static void
test_sbx_policy_compile_socket(void **state UNUSED)
{
	void	*prog;
	size_t	 len;

	/* default has no socket at all: any family is a violation. */
	compile_shipped("default", SBX_VIOLATE_KILL, &prog, &len);
	assert_sigsys(run_filtered(prog, len, do_socket_unix));
	assert_sigsys(run_filtered(prog, len, do_socketpair_unix));
	free(prog);

	/* java: socketpair(AF_UNIX) only; socket() is EAFNOSUPPORT. */
	compile_shipped("java", SBX_VIOLATE_KILL, &prog, &len);
	assert_exit0(run_filtered(prog, len, do_socketpair_unix));
	assert_exit0(run_filtered(prog, len, do_socket_enoaf));
	assert_exit0(run_filtered(prog, len, do_socket_unix_enoaf));
	free(prog);

	/* compile (javac is a JVM): as java, socketpair only. */
	compile_shipped("compile", SBX_VIOLATE_KILL, &prog, &len);
	assert_exit0(run_filtered(prog, len, do_socket_unix_enoaf));
	assert_exit0(run_filtered(prog, len, do_socketpair_unix));
	assert_exit0(run_filtered(prog, len, do_socket_enoaf));
	assert_exit0(run_filtered(prog, len, do_socket_high_enoaf));
	free(prog);
}

/* "allow socket" plus an errno: AF_UNIX works, the rest get the errno. */
static void
test_sbx_policy_compile_socket_errno(void **state)
{
	struct fx		*fx = *state;
	struct sbx_policy	*p;
	void			*prog;
	size_t			 len;

	p = parse("include base\nallow socket\nerrno EAFNOSUPPORT socket\n",
	    policy_dir(), &fx->cause);
	if (p == NULL)
		fail_msg("%s", fx->cause);
	assert_int_equal(sbx_policy_compile(p, SBX_VIOLATE_KILL, &prog, &len,
	    &fx->cause), 0);
	assert_exit0(run_filtered(prog, len, do_socket_unix));
	assert_exit0(run_filtered(prog, len, do_socket_enoaf));
	assert_exit0(run_filtered(prog, len, do_socket_high_enoaf));
	free(prog);
	sbx_policy_free(p);
}

/* Through a listener, as the supervisor sees it: the call is named. */
static void
test_sbx_policy_compile_notify(void **state UNUSED)
{
	struct seccomp_notif		req;
	struct seccomp_notif_resp	resp;
	struct sock_fprog		fp;
	struct pollfd			pfd;
	void				*prog;
	size_t				 len;
	char				 buf[64], go;
	pid_t				 pid;
	int				 p[2], g[2], lfd, fd, pidfd, status;

	compile_shipped("default", SBX_VIOLATE_NOTIFY, &prog, &len);
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	assert_int_equal(pipe2(g, O_CLOEXEC), 0);
	pid = fork();
	assert_int_not_equal(pid, -1);
	if (pid == 0) {
		fp.len = (unsigned short)(len / 8);
		fp.filter = prog;
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
			_exit(120);
		lfd = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		    SECCOMP_FILTER_FLAG_NEW_LISTENER, &fp);
		if (lfd == -1)
			_exit(121);
		/* Hand over the listener number, wait until it is taken. */
		if (write(p[1], &lfd, sizeof lfd) != sizeof lfd ||
		    read(g[0], &go, 1) != 1)
			_exit(122);
		close(lfd);
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) != -1 ||
		    errno != EPERM)
			_exit(123);
		_exit(0);
	}
	close(p[1]);
	close(g[0]);
	assert_int_equal(read(p[0], &lfd, sizeof lfd), (ssize_t)sizeof lfd);
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	assert_true(pidfd >= 0);
	fd = (int)syscall(SYS_pidfd_getfd, pidfd, lfd, 0);
	assert_true(fd >= 0);
	assert_int_equal(write(g[1], "g", 1), 1);

	pfd.fd = fd;
	pfd.events = POLLIN;
	assert_int_equal(poll(&pfd, 1, 10000), 1);
	memset(&req, 0, sizeof req);
	assert_int_equal(ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req), 0);
	assert_int_equal(req.pid, pid);
	assert_string_equal(sbx_syscall_name(req.data.nr, buf, sizeof buf),
	    "ptrace");
	memset(&resp, 0, sizeof resp);
	resp.id = req.id;
	resp.error = -EPERM;
	assert_int_equal(ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp), 0);

	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_exit0(status);
	close(fd);
	close(pidfd);
	close(p[0]);
	close(g[1]);
	free(prog);
}

/* A rule libseccomp can't add fails the compile instead of vanishing. */
static void
test_sbx_policy_compile_too_big(void **state)
{
	struct fx		*fx = *state;
	struct sbx_policy	*p;
	char			*text, line[64];
	size_t			 off = 0;
	void			*prog = NULL;
	size_t			 len;
	int			 i;

	/* 4096 one-instruction-plus rules overflow BPF_MAXINSNS. */
	text = malloc(1 << 20);
	assert_non_null(text);
	for (i = 0; i < 4500; i++) {
		snprintf(line, sizeof line, "allow madvise if arg2 == %d\n", i);
		memcpy(text + off, line, strlen(line));
		off += strlen(line);
	}
	text[off] = '\0';
	p = parse(text, fx->dir, &fx->cause);
	if (p == NULL)
		fail_msg("%s", fx->cause);
	assert_int_equal(sbx_policy_compile(p, SBX_VIOLATE_KILL, &prog, &len,
	    &fx->cause), -1);
	assert_null(prog);
	assert_non_null(fx->cause);
	sbx_policy_free(p);
	free(text);
}

static void
test_sbx_syscall_name_numbers(void **state UNUSED)
{
	char	buf[32];

	assert_string_equal(sbx_syscall_name(SYS_read, buf, sizeof buf),
	    "read");
	assert_string_equal(sbx_syscall_name(SYS_ptrace, buf, sizeof buf),
	    "ptrace");
	assert_string_equal(sbx_syscall_name(SYS_io_uring_setup, buf,
	    sizeof buf), "io_uring_setup");
	assert_string_equal(sbx_syscall_name(99999, buf, sizeof buf),
	    "syscall 99999");
	assert_string_equal(sbx_syscall_name(-5, buf, sizeof buf),
	    "syscall -5");
	/* Truncated, still terminated. */
	assert_string_equal(sbx_syscall_name(SYS_ptrace, buf, 4), "ptr");
}

/* ------------------------------------------------------------------ */
/* The cache                                                            */
/* ------------------------------------------------------------------ */

/* How many files in dir start with prefix; the last one into path. */
static int
cache_file(const char *dir, const char *prefix, char *path, size_t len)
{
	struct dirent	*de;
	DIR		*d;
	int		 n = 0;

	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, prefix, strlen(prefix)) == 0) {
			snprintf(path, len, "%s/%s", dir, de->d_name);
			n++;
		}
	}
	closedir(d);
	return (n);
}

static void
test_sbx_policy_compile_cached_reuse(void **state)
{
	struct fx	*fx = *state;
	struct stat	 st1, st2;
	char		 cache[PATH_MAX], path[PATH_MAX];
	void		*p1, *p2, *p3;
	size_t		 l1, l2, l3;

	snprintf(cache, sizeof cache, "%s/cache", fx->dir);
	assert_int_equal(sbx_policy_compile_cached(policy_dir(), "default",
	    SBX_VIOLATE_KILL, cache, &p1, &l1, &fx->cause), 0);
	assert_int_equal(stat(cache, &st1), 0);
	assert_int_equal(st1.st_mode & 07777, 0700);
	assert_int_equal(cache_file(cache, "default-", path, sizeof path), 1);
	assert_non_null(strstr(path, ".bpf"));
	assert_int_equal(stat(path, &st1), 0);

	/* Second call: the same program, read from the same file. */
	assert_int_equal(sbx_policy_compile_cached(policy_dir(), "default",
	    SBX_VIOLATE_KILL, cache, &p2, &l2, &fx->cause), 0);
	assert_int_equal(stat(path, &st2), 0);
	assert_int_equal(st1.st_ino, st2.st_ino);
	assert_int_equal(st1.st_mtim.tv_sec, st2.st_mtim.tv_sec);
	assert_int_equal(st1.st_mtim.tv_nsec, st2.st_mtim.tv_nsec);
	assert_int_equal(l1, l2);
	assert_memory_equal(p1, p2, l1);

	/* Not cached: the same bytes again. */
	assert_int_equal(sbx_policy_compile_cached(policy_dir(), "default",
	    SBX_VIOLATE_KILL, NULL, &p3, &l3, &fx->cause), 0);
	assert_int_equal(l1, l3);
	assert_memory_equal(p1, p3, l1);

	/* Another mode is another file. */
	free(p3);
	assert_int_equal(sbx_policy_compile_cached(policy_dir(), "default",
	    SBX_VIOLATE_NOTIFY, cache, &p3, &l3, &fx->cause), 0);
	assert_int_equal(cache_file(cache, "default-", path, sizeof path), 2);
	free(p1);
	free(p2);
	free(p3);
}

static void
test_sbx_policy_compile_cached_corrupt(void **state)
{
	struct fx	*fx = *state;
	struct stat	 st1, st2;
	char		 cache[PATH_MAX], path[PATH_MAX];
	void		*p1, *p2;
	size_t		 l1, l2;
	int		 fd, round;
	char		 c;

	snprintf(cache, sizeof cache, "%s/cache", fx->dir);
	assert_int_equal(sbx_policy_compile_cached(policy_dir(), "python",
	    SBX_VIOLATE_KILL, cache, &p1, &l1, &fx->cause), 0);
	assert_int_equal(cache_file(cache, "python-", path, sizeof path), 1);

	for (round = 0; round < 3; round++) {
		assert_int_equal(stat(path, &st1), 0);
		fd = open(path, O_RDWR);
		assert_true(fd >= 0);
		switch (round) {
		case 0:		/* a flipped bit in the program */
			assert_int_equal(pread(fd, &c, 1, 100), 1);
			c ^= 0x10;
			assert_int_equal(pwrite(fd, &c, 1, 100), 1);
			break;
		case 1:		/* short */
			assert_int_equal(ftruncate(fd, st1.st_size - 8), 0);
			break;
		case 2:		/* empty */
			assert_int_equal(ftruncate(fd, 0), 0);
			break;
		}
		close(fd);
		assert_int_equal(sbx_policy_compile_cached(policy_dir(),
		    "python", SBX_VIOLATE_KILL, cache, &p2, &l2, &fx->cause),
		    0);
		assert_int_equal(l1, l2);
		assert_memory_equal(p1, p2, l1);
		free(p2);
		/* Replaced: a new file, whole again. */
		assert_int_equal(stat(path, &st2), 0);
		assert_int_not_equal(st1.st_ino, st2.st_ino);
		assert_int_equal(st2.st_size, (off_t)l1 + 32);
	}
	free(p1);
}

/* A change in an included file is a change of the key. */
static void
test_sbx_policy_compile_cached_include(void **state)
{
	struct fx	*fx = *state;
	char		 cache[PATH_MAX], path[PATH_MAX];
	void		*p1, *p2;
	size_t		 l1, l2;

	snprintf(cache, sizeof cache, "%s/cache", fx->dir);
	put(fx->dir, "inc", "allow read write exit_group\n");
	put(fx->dir, "top", "include inc\n");
	assert_int_equal(sbx_policy_compile_cached(fx->dir, "top",
	    SBX_VIOLATE_KILL, cache, &p1, &l1, &fx->cause), 0);
	put(fx->dir, "inc", "allow read write exit_group getpid\n");
	assert_int_equal(sbx_policy_compile_cached(fx->dir, "top",
	    SBX_VIOLATE_KILL, cache, &p2, &l2, &fx->cause), 0);
	assert_int_equal(cache_file(cache, "top-", path, sizeof path), 2);
	assert_true(l1 != l2 || memcmp(p1, p2, l1) != 0);
	free(p1);
	free(p2);

	/* A parse error is reported, not cached. */
	put(fx->dir, "inc", "allow nonsense\n");
	assert_int_equal(sbx_policy_compile_cached(fx->dir, "top",
	    SBX_VIOLATE_KILL, cache, &p1, &l1, &fx->cause), -1);
	assert_string_equal(fx->cause, "inc.policy:1: unknown syscall "
	    "'nonsense'");
	assert_null(p1);
}

/*
 * A cache directory others can write to is not trusted: the program is
 * compiled afresh and nothing is read from or written to it.
 */
static void
test_sbx_policy_compile_cached_unsafe_dir(void **state)
{
	struct fx	*fx = *state;
	char		 cache[PATH_MAX], path[PATH_MAX];
	void		*p, *want;
	size_t		 l, wlen;
	int		 fd;

	compile_shipped("default", SBX_VIOLATE_KILL, &want, &wlen);
	snprintf(cache, sizeof cache, "%s/cache", fx->dir);
	assert_int_equal(sbx_policy_compile_cached(policy_dir(), "default",
	    SBX_VIOLATE_KILL, cache, &p, &l, &fx->cause), 0);
	free(p);

	/* Someone else plants a file under the right name. */
	assert_int_equal(cache_file(cache, "default-", path, sizeof path), 1);
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "planted", 7), 7);
	close(fd);
	assert_int_equal(chmod(cache, 0777), 0);

	assert_int_equal(sbx_policy_compile_cached(policy_dir(), "default",
	    SBX_VIOLATE_KILL, cache, &p, &l, &fx->cause), 0);
	assert_int_equal(l, wlen);
	assert_memory_equal(p, want, l);
	free(p);
	/* Neither read nor rewritten. */
	assert_int_equal(cache_file(cache, "default-", path, sizeof path), 1);
	assert_int_equal(cache_file(cache, ".tmp", path, sizeof path), 0);
	cache_file(cache, "default-", path, sizeof path);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(read(fd, path, sizeof path), 7);
	close(fd);

	/* A file where the directory should be: compiled all the same. */
	put(fx->dir, "file", "");
	snprintf(cache, sizeof cache, "%s/file.policy", fx->dir);
	assert_int_equal(sbx_policy_compile_cached(policy_dir(), "default",
	    SBX_VIOLATE_KILL, cache, &p, &l, &fx->cause), 0);
	assert_memory_equal(p, want, l);
	free(p);
	free(want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_sbx_policy_parse_ok),
		T(test_sbx_policy_parse_empty),
		T(test_sbx_policy_parse_unknown_directive),
		T(test_sbx_policy_parse_unknown_syscall),
		T(test_sbx_policy_parse_denied),
		T(test_sbx_policy_parse_exec_syscalls),
		T(test_sbx_policy_parse_builtin),
		T(test_sbx_policy_parse_conflict),
		T(test_sbx_policy_parse_bad_errno),
		T(test_sbx_policy_parse_condition),
		T(test_sbx_policy_parse_include),
		T(test_sbx_policy_parse_include_loop),
		T(test_sbx_policy_parse_include_deep),
		T(test_sbx_policy_parse_include_path),
		T(test_sbx_policy_parse_include_missing),
		T(test_sbx_policy_parse_long_line),
		T(test_sbx_policy_load_bad_name),
		T(test_sbx_policy_load_shipped),
		T(test_sbx_policy_compile_denied_everywhere),
		T(test_sbx_policy_compile_kill),
		T(test_sbx_policy_compile_exec_once),
		T(test_sbx_policy_compile_ioctl),
		T(test_sbx_policy_compile_socket),
		T(test_sbx_policy_compile_socket_errno),
		T(test_sbx_policy_compile_notify),
		T(test_sbx_policy_compile_too_big),
		T(test_sbx_syscall_name_numbers),
		T(test_sbx_policy_compile_cached_reuse),
		T(test_sbx_policy_compile_cached_corrupt),
		T(test_sbx_policy_compile_cached_include),
		T(test_sbx_policy_compile_cached_unsafe_dir),
#undef T
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
