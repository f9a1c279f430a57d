/* Sort n integers; a fork of the classic merge sort. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);	/* no socket, no system() here */
}

int main(void)
{
	int n, i, *v;
	if (scanf("%d", &n) != 1) return 1;
	v = malloc(sizeof *v * n);
	for (i = 0; i < n; i++) scanf("%d", &v[i]);
	qsort(v, n, sizeof *v, cmp);
	for (i = 0; i < n; i++) printf("%d%c", v[i], i + 1 == n ? '\n' : ' ');
	free(v);
	return 0;
}
