/* SPDX-License-Identifier: ISC */
/*
 * runsc-session: what one program costs under gVisor when the session's
 * runsc sandbox is already up, against a fresh sandbox per program and
 * against the native runtime, all measured in the same run. Also the
 * session's own start and close.
 */

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sbx.h"

#define DEFAULT_ITERATIONS	100
#define DEFAULT_WARMUP		5

enum {
	C_BARE,		/* fork+exec+wait, no sandbox */
	C_NATIVE,	/* sbx_run in an open native session */
	C_RUNSC,	/* sbx_run in an open runsc session */
	C_FRESH,	/* open + run + close of a runsc session */
	C_OPEN,		/* ... its sbx_open */
	C_CLOSE,	/* ... its sbx_close */
	C_DO,		/* `runsc --network=none do true`: raw fresh gVisor */
	NCASES
};

static const char *names[NCASES] = {
	"bare static-true", "native session run", "runsc session run",
	"fresh runsc per program", "  of which sbx_open", "  of which sbx_close",
	"runsc do (no gavel)",
};

static char	 tmpdir[PATH_MAX], tmpprog[PATH_MAX], tmploop[PATH_MAX];
static char	 runsc[PATH_MAX];
static char	*prog_argv[] = { (char *)"/workspace/static-true", NULL };

static double
now_ms(void)
{
	struct timespec	ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		err(1, "clock_gettime");
	return ((double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6);
}

static size_t
count(const char *s, long min)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *s == '\0' || *end != '\0' || v < min || v > 100000)
		errx(2, "%s: bad count", s);
	return ((size_t)v);
}

/* fork+exec+wait with stdio on /dev/null; a failure ends the benchmark. */
static double
spawn(char **argv)
{
	double	start;
	pid_t	pid;
	int	status, fd;

	start = now_ms();
	if ((pid = fork()) == -1)
		err(1, "fork");
	if (pid == 0) {
		if ((fd = open("/dev/null", O_RDWR)) == -1)
			_exit(126);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) == -1)
		err(1, "waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		errx(1, "%s failed (status 0x%x)", argv[0], status);
	return (now_ms() - start);
}

static struct sbx *
session(enum sbx_runtime rt)
{
	struct sbx_result	 res;
	struct sbx		*s;
	const char		*dir;

	s = sbx_new();
	sbx_set_runtime(s, rt);
	sbx_set_workdir(s, tmpdir);
	if ((dir = getenv("GAVEL_POLICY_DIR")) != NULL && *dir != '\0')
		sbx_set_policy_dir(s, dir);
	if (sbx_open(s, &res) != 0)
		errx(1, "%s session: %s", sbx_runtime_name(rt), res.message);
	if (sbx_runtime_of(s) != rt)
		errx(1, "asked for %s, got %s", sbx_runtime_name(rt),
		    sbx_runtime_name(sbx_runtime_of(s)));
	return (s);
}

static double
run(struct sbx *s)
{
	struct sbx_job		job;
	struct sbx_result	res;
	double			start;

	memset(&job, 0, sizeof job);
	job.argv = prog_argv;
	job.stdin_fd = job.stdout_fd = job.stderr_fd = -1;
	start = now_ms();
	if (sbx_run(s, &job, &res) != 0 || res.status != SBX_OK)
		errx(1, "run: %s (%s)", sbx_status_name(res.status),
		    res.message);
	return (now_ms() - start);
}

/* A whole runsc session for one program: open, run, close. */
static void
fresh(double *total, double *open_ms, double *close_ms)
{
	struct sbx	*s;
	double		 t0, t1, t2;

	t0 = now_ms();
	s = session(SBX_RUNTIME_RUNSC);
	t1 = now_ms();
	(void)run(s);
	t2 = now_ms();
	sbx_close(s);
	*open_ms = t1 - t0;
	*close_ms = now_ms() - t2;
	*total = now_ms() - t0;
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return ((x > y) - (x < y));
}

static double
median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2);
}

static void
cleanup(void)
{
	if (tmpprog[0] != '\0')
		unlink(tmpprog);
	if (tmploop[0] != '\0')
		unlink(tmploop);
	if (tmpdir[0] != '\0')
		rmdir(tmpdir);
}

static void
copy_prog(const char *prog, char *to, size_t len, const char *name)
{
	char	buf[65536];
	ssize_t	n;
	int	in, out;

	if ((size_t)snprintf(to, len, "%s/%s", tmpdir, name) >= len)
		errx(1, "%s/%s: too long", tmpdir, name);
	if ((in = open(prog, O_RDONLY)) == -1)
		err(1, "%s (make %s)", prog, prog);
	if ((out = open(to, O_WRONLY | O_CREAT | O_EXCL, 0755)) == -1)
		err(1, "%s", to);
	while ((n = read(in, buf, sizeof buf)) > 0) {
		if (write(out, buf, (size_t)n) != n)
			err(1, "write");
	}
	if (n == -1 || close(out) == -1)
		err(1, "%s", to);
	close(in);
}

static void
make_workdir(const char *prog, const char *loop)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/gavel-bench.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		err(1, "mkdtemp");
	atexit(cleanup);
	if (chmod(tmpdir, 0755) == -1)
		err(1, "chmod");
	copy_prog(prog, tmpprog, sizeof tmpprog, "static-true");
	copy_prog(loop, tmploop, sizeof tmploop, "spawn-loop");
}

/*
 * The floor: spawn-loop started once in the session, timing N plain
 * fork+exec+wait of static-true from inside (compile policy: it execs).
 */
static double
floor_ms(struct sbx *s)
{
	struct sbx_job		 job;
	struct sbx_result	 res;
	char			*argv[] = { (char *)"/workspace/spawn-loop",
				    (char *)"/workspace/static-true",
				    (char *)"50", NULL };
	char			 buf[64];
	ssize_t			 n;
	FILE			*f;

	if ((f = tmpfile()) == NULL)
		err(1, "tmpfile");
	memset(&job, 0, sizeof job);
	job.argv = argv;
	job.policy = "compile";
	job.limits.processes = 8;
	job.stdin_fd = job.stderr_fd = -1;
	job.stdout_fd = fileno(f);
	if (sbx_run(s, &job, &res) != 0 || res.status != SBX_OK)
		errx(1, "spawn-loop: %s (%s)", sbx_status_name(res.status),
		    res.message);
	if ((n = pread(fileno(f), buf, sizeof buf - 1, 0)) <= 0)
		errx(1, "spawn-loop printed nothing");
	buf[n] = '\0';
	fclose(f);
	return (strtod(buf, NULL));
}

int
main(int argc, char **argv)
{
	char		*bare[2], *rdo[6];
	double		*ms[NCASES], m[NCASES];
	struct sbx	*nat, *rs;
	const char	*prog = "tests/e2e/progs/static-true";
	const char	*loop = "tests/bench/spawn-loop";
	double		 floor_native, floor_runsc;
	size_t		 n = DEFAULT_ITERATIONS, warm = DEFAULT_WARMUP;
	size_t		 nfresh, i, k, len[NCASES];
	int		 ch;

	while ((ch = getopt(argc, argv, "l:n:s:w:")) != -1) {
		switch (ch) {
		case 'l':
			loop = optarg;
			break;
		case 'n':
			n = count(optarg, 1);
			break;
		case 's':
			prog = optarg;
			break;
		case 'w':
			warm = count(optarg, 0);
			break;
		default:
			fprintf(stderr, "usage: runsc-session [-n iterations] "
			    "[-w warmup] [-s static-program] [-l spawn-loop]\n");
			return (2);
		}
	}
	if (geteuid() != 0)
		errx(77, "needs root (runsc)");
	if (sbx_runsc_find(runsc, sizeof runsc) != 0)
		errx(77, "no runsc installed");
	make_workdir(prog, loop);
	bare[0] = tmpprog;
	bare[1] = NULL;
	rdo[0] = runsc;
	rdo[1] = (char *)"--network=none";
	rdo[2] = (char *)"--root=/run/gavel/runsc/bench";
	rdo[3] = (char *)"do";
	rdo[4] = (char *)"/bin/true";
	rdo[5] = NULL;
	/* A fresh sandbox is ~50 times dearer: fewer of them. */
	nfresh = n / 10 > 5 ? n / 10 : 5;
	for (k = 0; k < NCASES; k++) {
		len[k] = k >= C_FRESH ? nfresh : n;
		if ((ms[k] = calloc(len[k], sizeof *ms[k])) == NULL)
			err(1, "calloc");
	}

	nat = session(SBX_RUNTIME_NATIVE);
	rs = session(SBX_RUNTIME_RUNSC);
	for (i = 0; i < warm; i++) {
		spawn(bare);
		run(nat);
		run(rs);
	}
	/* Interleaved, so the machine's drift hits every case alike. */
	for (i = 0; i < n; i++) {
		ms[C_BARE][i] = spawn(bare);
		ms[C_NATIVE][i] = run(nat);
		ms[C_RUNSC][i] = run(rs);
		if (i % (n / nfresh) == 0 && i / (n / nfresh) < nfresh) {
			k = i / (n / nfresh);
			fresh(&ms[C_FRESH][k], &ms[C_OPEN][k], &ms[C_CLOSE][k]);
			ms[C_DO][k] = spawn(rdo);
		}
	}
	floor_native = floor_ms(nat);
	floor_runsc = floor_ms(rs);
	sbx_close(rs);
	sbx_close(nat);

	printf("runsc-session: %zu runs per session case, %zu fresh "
	    "sandboxes, %ld cpus, static-true\n", n, nfresh,
	    sysconf(_SC_NPROCESSORS_ONLN));
	printf("%-26s %10s\n", "case", "median ms");
	for (k = 0; k < NCASES; k++) {
		m[k] = median(ms[k], len[k]);
		printf("%-26s %10.3f\n", names[k], m[k]);
	}
	printf("ratios: runsc session run %.2fx native session run "
	    "(+%.2f ms); fresh runsc per program %.1fx a runsc session run\n",
	    m[C_RUNSC] / m[C_NATIVE], m[C_RUNSC] - m[C_NATIVE],
	    m[C_FRESH] / m[C_RUNSC]);
	printf("floor: a plain fork+exec+wait of static-true from inside the"
	    " sandbox costs %.2f ms under runsc (%.2f ms native): gVisor's "
	    "own price, which gavel's %.2f ms includes\n", floor_runsc,
	    floor_native, m[C_RUNSC]);
	printf("summary: runsc per program in a session %.2f ms (goal < 8), "
	    "%.1fx better than a fresh sandbox (goal >= 15); session start+"
	    "close %.1f ms (goal < 250)\n", m[C_RUNSC],
	    m[C_FRESH] / m[C_RUNSC], m[C_OPEN] + m[C_CLOSE]);
	for (k = 0; k < NCASES; k++)
		free(ms[k]);
	return (0);
}
