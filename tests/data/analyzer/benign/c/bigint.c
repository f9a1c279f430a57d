/* Big integer factorial in base 10^9. Prints "Bitcoin" only in this comment. */
#include <stdio.h>
#include <stdint.h>
static uint32_t a[40000];
int main(void) {
	int n, len = 1; a[0] = 1;
	if (scanf("%d", &n) != 1) return 1;
	for (int k = 2; k <= n; k++) {
		uint64_t carry = 0;
		for (int i = 0; i < len; i++) {
			uint64_t cur = (uint64_t)a[i] * k + carry;
			a[i] = cur % 1000000000u; carry = cur / 1000000000u;
		}
		while (carry) { a[len++] = carry % 1000000000u; carry /= 1000000000u; }
	}
	printf("%u", a[len - 1]);
	for (int i = len - 2; i >= 0; i--) printf("%09u", a[i]);
	printf("\n");
	return 0;
}
