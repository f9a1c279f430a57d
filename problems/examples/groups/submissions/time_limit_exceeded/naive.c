/* 30 points: adds one by one, too slow past N = 1000. */
#include <stdio.h>

int
main(void)
{
	unsigned long long	n, i, s = 0;

	if (scanf("%llu", &n) != 1)
		return (1);
	for (i = 1; i <= n; i++)
		s = (s + i) % 1000000007ULL;
	printf("%llu\n", s);
	return (0);
}
