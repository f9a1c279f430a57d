#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads the input, then touches 1 GiB, sixteen times the problem's memory. */
int
main(void)
{
	long long	a, b;
	char		*p;
	size_t		 i, chunk = 16 << 20;

	if (scanf("%lld %lld", &a, &b) != 2)
		return (1);
	for (i = 0; i < 64; i++) {
		if ((p = malloc(chunk)) == NULL)
			return (3);
		memset(p, 1, chunk);
	}
	printf("%lld\n", a + b);
	return (0);
}
