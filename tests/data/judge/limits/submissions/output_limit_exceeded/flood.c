#include <stdio.h>
#include <string.h>

/* The right answer, then 64 MiB of noise: 64 times the output limit. */
int
main(void)
{
	long long	a, b;
	char		line[4096];
	int		i;

	if (scanf("%lld %lld", &a, &b) != 2)
		return (1);
	printf("%lld\n", a + b);
	memset(line, 'x', sizeof line - 1);
	line[sizeof line - 1] = '\n';
	for (i = 0; i < 16384; i++)
		fwrite(line, 1, sizeof line, stdout);
	return (0);
}
