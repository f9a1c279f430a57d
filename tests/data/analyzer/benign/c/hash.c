/* Rolling hash (polynomial, not sha256) to find a pattern. */
#include <stdio.h>
#include <string.h>
typedef unsigned long long u64;
char s[1000005], p[1000005];
int main(void) {
	const u64 B = 131;
	u64 hp = 0, hs = 0, pw = 1;
	scanf("%s %s", s, p);
	size_t n = strlen(s), m = strlen(p), cnt = 0;
	if (m > n) { puts("0"); return 0; }
	for (size_t i = 0; i < m; i++) { hp = hp * B + p[i]; hs = hs * B + s[i]; pw *= B; }
	for (size_t i = m;; i++) {
		if (hs == hp) cnt++;
		if (i == n) break;
		hs = hs * B + s[i] - pw * s[i - m];
	}
	printf("%zu\n", cnt);	// ethernet frames have CRCs; we don't
	return 0;
}
