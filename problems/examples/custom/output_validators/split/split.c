/*
 * Output validator for "split": accepts any A B with A, B >= 1 and
 * A + B = N. Kattis protocol: validator input answer feedback_dir < output;
 * exit 42 accepted, 43 wrong answer, judgemessage.txt says why.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXN	1000000000000000000LL

static FILE	*msg;

static void
wrong(const char *why, const char *tok)
{
	if (msg != NULL) {
		fprintf(msg, "%s", why);
		if (tok != NULL)
			fprintf(msg, ": \"%.40s\"", tok);
		fprintf(msg, "\n");
		fclose(msg);
	}
	exit(43);
}

/* Read one whitespace-separated token of at most 63 bytes. */
static int
token(FILE *f, char *buf)
{
	return (fscanf(f, "%63s", buf) == 1);
}

static int
number(const char *s, long long *v)
{
	char	*end;

	errno = 0;
	*v = strtoll(s, &end, 10);
	return (*s != '\0' && *end == '\0' && errno == 0);
}

int
main(int argc, char **argv)
{
	char		 path[4096], tok[64];
	long long	 n, a, b;
	FILE		*in;

	if (argc < 4)
		return (1);
	snprintf(path, sizeof path, "%s/judgemessage.txt", argv[3]);
	if ((msg = fopen(path, "w")) == NULL)
		return (1);
	if ((in = fopen(argv[1], "r")) == NULL || !token(in, tok) ||
	    !number(tok, &n) || n < 2 || n > MAXN)
		return (1);		/* bad input: a judge error */
	fclose(in);
	if (!token(stdin, tok))
		wrong("no output", NULL);
	if (!number(tok, &a) || a < 1 || a > MAXN)
		wrong("A is not an integer in range", tok);
	if (!token(stdin, tok))
		wrong("B is missing", NULL);
	if (!number(tok, &b) || b < 1 || b > MAXN)
		wrong("B is not an integer in range", tok);
	if (a + b != n)
		wrong("A + B is not N", NULL);
	if (token(stdin, tok))
		wrong("trailing output", tok);
	fclose(msg);
	return (42);
}
