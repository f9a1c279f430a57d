/* SPDX-License-Identifier: ISC */
/*
 * spawn-loop PROGRAM N: fork+execve+wait of PROGRAM, N times; prints the
 * mean wall time per program in ms. runsc-session runs it inside a gVisor
 * sandbox to show what gVisor itself charges for starting a program.
 */

#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6);
}

int
main(int argc, char **argv)
{
	char	*args[2];
	double	 t0;
	pid_t	 pid;
	int	 i, n, st;

	if (argc != 3 || (n = atoi(argv[2])) <= 0) {
		fprintf(stderr, "usage: spawn-loop PROGRAM N\n");
		return (2);
	}
	args[0] = argv[1];
	args[1] = NULL;
	t0 = now_ms();
	for (i = 0; i < n; i++) {
		if ((pid = fork()) == -1) {
			perror("fork");
			return (1);
		}
		if (pid == 0) {
			execv(args[0], args);
			_exit(127);
		}
		if (waitpid(pid, &st, 0) == -1 || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != 0) {
			fprintf(stderr, "%s failed\n", args[0]);
			return (1);
		}
	}
	printf("%.3f\n", (now_ms() - t0) / n);
	return (0);
}
