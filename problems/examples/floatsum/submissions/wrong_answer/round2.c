/* Wrong: two decimals are not enough for 1e-6. */
#include <stdio.h>

int
main(void)
{
	double	x, s = 0;
	int	n, i;

	if (scanf("%d", &n) != 1)
		return (1);
	for (i = 0; i < n; i++) {
		if (scanf("%lf", &x) != 1)
			return (1);
		s += x;
	}
	printf("%.2f\n", s);
	return (0);
}
