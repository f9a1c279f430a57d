#include <stdio.h>

#define M	1000000007ULL

int
main(void)
{
	unsigned long long	n, a, b;

	if (scanf("%llu", &n) != 1)
		return (1);
	/* Halve the even factor first, then reduce both. */
	a = n % 2 == 0 ? n / 2 : n;
	b = n % 2 == 0 ? n + 1 : (n + 1) / 2;
	printf("%llu\n", (a % M) * (b % M) % M);
	return (0);
}
