/* SPDX-License-Identifier: ISC */
/*
 * Unit tests of the supervisor protocol: frames, fields, descriptors,
 * results and run requests, and a real supervisor over a socketpair.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "sbx.h"

#define TEST_UID	61999

static int sv[2];

static int
setup_pair(void **state)
{
	(void)state;
	return (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
}

static int
teardown_pair(void **state)
{
	(void)state;
	close(sv[0]);
	close(sv[1]);
	return (0);
}

static void
test_sbx_frame_add_roundtrip(void **state)
{
	struct sbx_frame	f, g;
	struct sbx_field	fl;
	uint32_t		off = 0;
	uint64_t		v;
	char			*s;

	(void)state;
	sbx_frame_init(&f, SBX_MSG_RUN);
	sbx_frame_add_str(&f, SBX_T_ARGV, "/bin/echo");
	sbx_frame_add_str(&f, SBX_T_ARGV, "hello world");
	sbx_frame_add_u64(&f, SBX_T_CPU_MS, 1500);
	sbx_frame_add(&f, SBX_T_BPF, "12345678", 8);
	sbx_frame_add_str(&f, SBX_T_ENV, "");
	assert_int_equal(f.len % 8, 0);
	assert_int_equal(sbx_frame_send(sv[0], &f), 0);
	assert_int_equal(sbx_frame_recv(sv[1], &g), 1);
	assert_int_equal(g.type, SBX_MSG_RUN);
	assert_int_equal(g.len, f.len);

	assert_int_equal(sbx_frame_next(&g, &off, &fl), 1);
	assert_int_equal(fl.tag, SBX_T_ARGV);
	s = sbx_field_str(&fl);
	assert_string_equal(s, "/bin/echo");
	free(s);
	assert_int_equal(sbx_frame_next(&g, &off, &fl), 1);
	s = sbx_field_str(&fl);
	assert_string_equal(s, "hello world");
	free(s);
	assert_int_equal(sbx_frame_next(&g, &off, &fl), 1);
	assert_int_equal(sbx_field_u64(&fl, &v), 0);
	assert_int_equal(v, 1500);
	assert_int_equal(sbx_frame_next(&g, &off, &fl), 1);
	assert_int_equal(fl.len, 8);
	assert_memory_equal(fl.data, "12345678", 8);
	assert_int_equal(sbx_frame_next(&g, &off, &fl), 1);
	assert_int_equal(fl.len, 0);
	s = sbx_field_str(&fl);
	assert_string_equal(s, "");
	free(s);
	assert_int_equal(sbx_frame_next(&g, &off, &fl), 0);
	sbx_frame_free(&f);
	sbx_frame_free(&g);
}

static void
test_sbx_frame_recv_eof(void **state)
{
	struct sbx_frame	g;

	(void)state;
	close(sv[0]);
	assert_int_equal(sbx_frame_recv(sv[1], &g), 0);
	sv[0] = open("/dev/null", O_RDONLY);
}

static void
test_sbx_frame_recv_truncated(void **state)
{
	struct sbx_frame	g;
	uint32_t		hdr[2] = { SBX_MSG_RUN, 64 };

	(void)state;
	/* A header promising 64 bytes, then EOF after 8. */
	assert_int_equal(write(sv[0], hdr, sizeof hdr), (ssize_t)sizeof hdr);
	assert_int_equal(write(sv[0], "abcdefgh", 8), 8);
	close(sv[0]);
	assert_int_equal(sbx_frame_recv(sv[1], &g), -1);
	assert_int_equal(errno, EPROTO);
	sv[0] = open("/dev/null", O_RDONLY);
}

static void
test_sbx_frame_recv_oversize(void **state)
{
	struct sbx_frame	g;
	uint32_t		hdr[2] = { SBX_MSG_RUN, SBX_PROTO_MAX_FRAME + 8 };

	(void)state;
	assert_int_equal(write(sv[0], hdr, sizeof hdr), (ssize_t)sizeof hdr);
	assert_int_equal(sbx_frame_recv(sv[1], &g), -1);
	assert_int_equal(errno, EMSGSIZE);
}

static void
test_sbx_frame_recv_field_overrun(void **state)
{
	struct sbx_frame	g;
	uint32_t		buf[4] = { SBX_MSG_RUN, 8, SBX_T_ARGV, 100 };

	(void)state;
	/* One field header claiming 100 bytes inside an 8-byte payload. */
	assert_int_equal(write(sv[0], buf, sizeof buf), (ssize_t)sizeof buf);
	assert_int_equal(sbx_frame_recv(sv[1], &g), -1);
	assert_int_equal(errno, EPROTO);
}

static void
test_sbx_frame_next_malformed(void **state)
{
	struct sbx_frame	f;
	struct sbx_field	fl;
	uint32_t		off = 0;

	(void)state;
	sbx_frame_init(&f, SBX_MSG_RUN);
	sbx_frame_add_u64(&f, SBX_T_CPU_MS, 7);
	f.len -= 4;		/* cut inside the value */
	assert_int_equal(sbx_frame_next(&f, &off, &fl), -1);
	assert_int_equal(sbx_frame_check(&f), -1);
	f.len = 4;		/* cut inside the field header */
	off = 0;
	assert_int_equal(sbx_frame_next(&f, &off, &fl), -1);
	sbx_frame_free(&f);
}

static void
test_sbx_field_str_rejects_nul(void **state)
{
	struct sbx_field	fl;

	(void)state;
	fl.tag = SBX_T_ARGV;
	fl.len = 3;
	fl.data = (const uint8_t *)"a\0b";
	assert_null(sbx_field_str(&fl));
}

static void
test_sbx_field_u64_wrong_size(void **state)
{
	struct sbx_field	fl;
	uint64_t		v;

	(void)state;
	fl.tag = SBX_T_CPU_MS;
	fl.len = 4;
	fl.data = (const uint8_t *)"abcd";
	assert_int_equal(sbx_field_u64(&fl, &v), -1);
}

static void
test_sbx_frame_send_fds(void **state)
{
	struct sbx_frame	f, g;
	int			p[2];
	char			c;

	(void)state;
	assert_int_equal(pipe(p), 0);
	sbx_frame_init(&f, SBX_MSG_RUN);
	sbx_frame_add_str(&f, SBX_T_ARGV, "x");
	assert_int_equal(sbx_frame_add_fd(&f, p[1]), 0);
	assert_int_equal(sbx_frame_send(sv[0], &f), 0);
	f.nfds = 0;
	sbx_frame_free(&f);
	close(p[1]);

	assert_int_equal(sbx_frame_recv(sv[1], &g), 1);
	assert_int_equal(g.nfds, 1);
	assert_true(fcntl(g.fds[0], F_GETFD) & FD_CLOEXEC);
	assert_int_equal(write(g.fds[0], "z", 1), 1);
	assert_int_equal(read(p[0], &c, 1), 1);
	assert_int_equal(c, 'z');
	sbx_frame_free(&g);	/* closes the received write end */
	assert_int_equal(read(p[0], &c, 1), 0);
	close(p[0]);
}

static void
test_sbx_frame_send_dead_peer(void **state)
{
	struct sbx_frame	f;

	(void)state;
	/* With SIGPIPE at its default, a signal would kill this test. */
	signal(SIGPIPE, SIG_DFL);
	close(sv[1]);
	sv[1] = open("/dev/null", O_RDONLY);
	sbx_frame_init(&f, SBX_MSG_QUIT);
	assert_int_equal(sbx_frame_send(sv[0], &f), -1);
	assert_int_equal(errno, EPIPE);
	sbx_frame_add_u64(&f, SBX_T_VERSION, 1);
	assert_int_equal(sbx_frame_send(sv[0], &f), -1);
	assert_int_equal(errno, EPIPE);
	sbx_frame_free(&f);
	signal(SIGPIPE, SIG_IGN);
}

static void
test_sbx_frame_recv_pipe(void **state)
{
	struct sbx_frame	f, g;
	int			p[2];

	(void)state;
	/* The runsc supervisor talks over pipes: no descriptors there. */
	assert_int_equal(pipe(p), 0);
	sbx_frame_init(&f, SBX_MSG_QUIT);
	sbx_frame_add_u64(&f, SBX_T_VERSION, 1);
	assert_int_equal(sbx_frame_send(p[1], &f), 0);
	assert_int_equal(sbx_frame_recv(p[0], &g), 1);
	assert_int_equal(g.type, SBX_MSG_QUIT);
	assert_int_equal(g.nfds, 0);
	sbx_frame_free(&f);
	sbx_frame_free(&g);
	close(p[0]);
	close(p[1]);
}

static void
test_sbx_result_decode_roundtrip(void **state)
{
	struct sbx_frame	f;
	struct sbx_result	a, b;

	(void)state;
	sbx_result_init(&a);
	a.status = SBX_TIME_LIMIT;
	a.exit_code = -1;
	a.signal = 9;
	a.cpu_ms = 1003;
	a.wall_ms = 1500;
	a.memory_kb = 2048;
	a.output_bytes = 12;
	a.cgroup = 1;
	strlcpy(a.message, "cpu time limit", sizeof a.message);
	sbx_frame_init(&f, SBX_MSG_RESULT);
	sbx_result_encode(&f, &a);
	assert_int_equal(sbx_result_decode(&f, &b), 0);
	assert_int_equal(b.status, SBX_TIME_LIMIT);
	assert_int_equal(b.exit_code, -1);
	assert_int_equal(b.signal, 9);
	assert_int_equal(b.cpu_ms, 1003);
	assert_int_equal(b.wall_ms, 1500);
	assert_int_equal(b.memory_kb, 2048);
	assert_int_equal(b.output_bytes, 12);
	assert_int_equal(b.cgroup, 1);
	assert_string_equal(b.message, "cpu time limit");
	sbx_frame_free(&f);
}

static void
test_sbx_result_decode_bad_status(void **state)
{
	struct sbx_frame	f;
	struct sbx_result	b;

	(void)state;
	sbx_frame_init(&f, SBX_MSG_RESULT);
	sbx_frame_add_u64(&f, SBX_T_STATUS, SBX_STATUS_MAX);
	assert_int_equal(sbx_result_decode(&f, &b), -1);
	sbx_frame_free(&f);
	sbx_frame_init(&f, SBX_MSG_RESULT);	/* no status at all */
	sbx_frame_add_u64(&f, SBX_T_RES_CPU_MS, 1);
	assert_int_equal(sbx_result_decode(&f, &b), -1);
	sbx_frame_free(&f);
}

static void
test_sbx_run_req_decode_full(void **state)
{
	struct sbx_frame	f;
	struct sbx_run_req	q;
	char			*cause = NULL;
	int			 p[2];

	(void)state;
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	sbx_frame_init(&f, SBX_MSG_RUN);
	sbx_frame_add_str(&f, SBX_T_ARGV, "prog");
	sbx_frame_add_str(&f, SBX_T_ARGV, "-x");
	sbx_frame_add_str(&f, SBX_T_ENV, "A=1");
	sbx_frame_add_u64(&f, SBX_T_CPU_MS, 2000);
	sbx_frame_add_u64(&f, SBX_T_PROCESSES, 5);
	sbx_frame_add_u64(&f, SBX_T_UID, 60001);
	sbx_frame_add_u64(&f, SBX_T_FLAGS, SBX_RUNF_STDOUT_FD);
	sbx_frame_add_u64(&f, 9999, 1);		/* unknown: skipped */
	sbx_frame_add_fd(&f, p[1]);
	assert_int_equal(sbx_run_req_decode(&f, &q, &cause), 0);
	assert_int_equal(q.argc, 2);
	assert_string_equal(q.argv[1], "-x");
	assert_null(q.argv[2]);
	assert_int_equal(q.envc, 1);
	assert_int_equal(q.limits.cpu_ms, 2000);
	assert_int_equal(q.limits.processes, 5);
	assert_int_equal(q.uid, 60001);
	assert_int_equal(q.stdio[0], -1);
	assert_int_equal(q.stdio[1], p[1]);
	assert_int_equal(f.fds[0], -1);		/* taken over */
	sbx_run_req_free(&q);			/* closes p[1] */
	sbx_frame_free(&f);
	assert_int_equal(fcntl(p[1], F_GETFD), -1);
	close(p[0]);
}

static void
test_sbx_run_req_decode_errors(void **state)
{
	struct sbx_frame	f;
	struct sbx_run_req	q;
	char			*cause = NULL;

	(void)state;
	sbx_frame_init(&f, SBX_MSG_RUN);	/* no argv */
	sbx_frame_add_u64(&f, SBX_T_CPU_MS, 1);
	assert_int_equal(sbx_run_req_decode(&f, &q, &cause), -1);
	assert_non_null(strstr(cause, "without a program"));
	free(cause);
	sbx_frame_free(&f);

	sbx_frame_init(&f, SBX_MSG_RUN);	/* fd promised, none sent */
	sbx_frame_add_str(&f, SBX_T_ARGV, "p");
	sbx_frame_add_u64(&f, SBX_T_FLAGS, SBX_RUNF_STDIN_FD);
	assert_int_equal(sbx_run_req_decode(&f, &q, &cause), -1);
	assert_non_null(strstr(cause, "descriptor"));
	free(cause);
	sbx_frame_free(&f);

	sbx_frame_init(&f, SBX_MSG_RUN);	/* u64 field of 4 bytes */
	sbx_frame_add_str(&f, SBX_T_ARGV, "p");
	sbx_frame_add(&f, SBX_T_CPU_MS, "abcd", 4);
	assert_int_equal(sbx_run_req_decode(&f, &q, &cause), -1);
	assert_non_null(strstr(cause, "malformed"));
	free(cause);
	sbx_frame_free(&f);

	sbx_frame_init(&f, SBX_MSG_RUN);	/* absurd limit */
	sbx_frame_add_str(&f, SBX_T_ARGV, "p");
	sbx_frame_add_u64(&f, SBX_T_PROCESSES, 1000000);
	assert_int_equal(sbx_run_req_decode(&f, &q, &cause), -1);
	free(cause);
	sbx_frame_free(&f);

	sbx_frame_init(&f, SBX_MSG_RESULT);	/* wrong type */
	assert_int_equal(sbx_run_req_decode(&f, &q, &cause), -1);
	free(cause);
	sbx_frame_free(&f);
}

/*
 * A real supervisor in a child process, no namespaces: the same per-run
 * code the sandbox uses, driven through the protocol.
 */
static pid_t
start_sup(void)
{
	struct sbx_sup_env	env;
	pid_t			pid;

	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		close(sv[0]);
		memset(&env, 0, sizeof env);
		env.uid = TEST_UID;
		env.gid = TEST_UID;
		_exit(sbx_supervise(&env, sv[1], sv[1]));
	}
	return (pid);
}

static void
sup_run(char *const argv[], uint64_t cpu_ms, int out_fd,
    struct sbx_result *res)
{
	struct sbx_frame	f;
	int			i;

	sbx_frame_init(&f, SBX_MSG_RUN);
	for (i = 0; argv[i] != NULL; i++)
		sbx_frame_add_str(&f, SBX_T_ARGV, argv[i]);
	sbx_frame_add_str(&f, SBX_T_ENV, "PATH=/usr/bin:/bin");
	sbx_frame_add_u64(&f, SBX_T_CPU_MS, cpu_ms);
	sbx_frame_add_u64(&f, SBX_T_WALL_MS, 10000);
	/*
	 * A uid of our own, outside the slot range: RLIMIT_NPROC counts per
	 * uid, and 65534 may be busy with anybody's processes.
	 */
	sbx_frame_add_u64(&f, SBX_T_UID, geteuid() == 0 ? TEST_UID : 0);
	sbx_frame_add_u64(&f, SBX_T_GID, geteuid() == 0 ? TEST_UID : 0);
	if (out_fd != -1) {
		sbx_frame_add_u64(&f, SBX_T_FLAGS, SBX_RUNF_STDOUT_FD);
		sbx_frame_add_fd(&f, out_fd);
	}
	assert_int_equal(sbx_frame_send(sv[0], &f), 0);
	f.nfds = 0;
	sbx_frame_free(&f);
	assert_int_equal(sbx_frame_recv(sv[0], &f), 1);
	assert_int_equal(f.type, SBX_MSG_RESULT);
	assert_int_equal(sbx_result_decode(&f, res), 0);
	sbx_frame_free(&f);
}

static void
test_sbx_supervise_native(void **state)
{
	char *const		 ok[] = { "/bin/true", NULL };
	char *const		 bad[] = { "false", NULL };
	char *const		 echo[] = { "/bin/sh", "-c", "echo $HOME-hi",
				     NULL };
	char *const		 spin[] = { "/bin/sh", "-c",
				     "while :; do :; done", NULL };
	char *const		 missing[] = { "/nonexistent/prog", NULL };
	struct sbx_frame	 f;
	struct sbx_result	 res;
	int			 p[2], st;
	pid_t			 pid;
	char			 buf[64];
	ssize_t			 n;

	(void)state;
	pid = start_sup();
	close(sv[1]);
	sv[1] = open("/dev/null", O_RDONLY);
	assert_int_equal(sbx_frame_recv(sv[0], &f), 1);
	assert_int_equal(f.type, SBX_MSG_HELLO);
	sbx_frame_free(&f);

	sup_run(ok, 1000, -1, &res);
	if (res.status != SBX_OK)
		print_message("run: %s (%s)\n", sbx_status_name(res.status),
		    res.message);
	assert_int_equal(res.status, SBX_OK);
	assert_int_equal(res.exit_code, 0);

	sup_run(bad, 1000, -1, &res);
	assert_int_equal(res.status, SBX_RUNTIME_ERROR);
	assert_int_equal(res.exit_code, 1);

	/* Output travels through the supervisor; the env is only ours. */
	assert_int_equal(pipe(p), 0);
	sup_run(echo, 1000, p[1], &res);
	close(p[1]);
	assert_int_equal(res.status, SBX_OK);
	n = read(p[0], buf, sizeof buf - 1);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_string_equal(buf, "-hi\n");
	assert_int_equal(res.output_bytes, 4);
	close(p[0]);

	/* Without a cgroup the watchdog reads /proc: coarser, still a TLE. */
	sup_run(spin, 300, -1, &res);
	assert_int_equal(res.status, SBX_TIME_LIMIT);
	assert_true(res.cpu_ms >= 300);
	assert_true(res.wall_ms < 2000);
	assert_int_equal(res.cgroup, 0);

	sup_run(missing, 1000, -1, &res);
	assert_int_equal(res.status, SBX_INTERNAL_ERROR);
	assert_int_equal(res.stage, SBX_STAGE_EXECFD);
	assert_int_equal(res.error, ENOENT);

	sbx_frame_init(&f, SBX_MSG_QUIT);
	assert_int_equal(sbx_frame_send(sv[0], &f), 0);
	sbx_frame_free(&f);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

static void
test_sbx_supervise_bad_frame(void **state)
{
	struct sbx_frame	f;
	struct sbx_result	res;
	pid_t			pid;
	int			st;

	(void)state;
	pid = start_sup();
	close(sv[1]);
	sv[1] = open("/dev/null", O_RDONLY);
	assert_int_equal(sbx_frame_recv(sv[0], &f), 1);
	sbx_frame_free(&f);
	/* A run frame without a program: an internal error, not a crash. */
	sbx_frame_init(&f, SBX_MSG_RUN);
	sbx_frame_add_u64(&f, SBX_T_CPU_MS, 1);
	assert_int_equal(sbx_frame_send(sv[0], &f), 0);
	sbx_frame_free(&f);
	assert_int_equal(sbx_frame_recv(sv[0], &f), 1);
	assert_int_equal(sbx_result_decode(&f, &res), 0);
	assert_int_equal(res.status, SBX_INTERNAL_ERROR);
	assert_int_equal(res.stage, SBX_STAGE_PROTOCOL);
	sbx_frame_free(&f);
	/* EOF ends it cleanly. */
	close(sv[0]);
	sv[0] = open("/dev/null", O_RDONLY);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup_pair, teardown_pair)
		T(test_sbx_frame_add_roundtrip),
		T(test_sbx_frame_recv_eof),
		T(test_sbx_frame_recv_truncated),
		T(test_sbx_frame_recv_oversize),
		T(test_sbx_frame_recv_field_overrun),
		T(test_sbx_frame_next_malformed),
		T(test_sbx_field_str_rejects_nul),
		T(test_sbx_field_u64_wrong_size),
		T(test_sbx_frame_send_fds),
		T(test_sbx_frame_send_dead_peer),
		T(test_sbx_frame_recv_pipe),
		T(test_sbx_result_decode_roundtrip),
		T(test_sbx_result_decode_bad_status),
		T(test_sbx_run_req_decode_full),
		T(test_sbx_run_req_decode_errors),
		T(test_sbx_supervise_native),
		T(test_sbx_supervise_bad_frame),
#undef T
	};

	signal(SIGPIPE, SIG_IGN);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
