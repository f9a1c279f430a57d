// Knapsack DP. The method: dp[w] = best value with weight w.
// Mining for the optimum together with a bitcoin-style "nonce" loop is not needed.
#include <stdio.h>
#define MAXW 100005
long long dp[MAXW];
int main(void) {
	int n, W, exec = 0, fork = 0;	/* names only */
	scanf("%d %d", &n, &W);
	for (int i = 0; i < n; i++) {
		int w, v; scanf("%d %d", &w, &v);
		for (int j = W; j >= w; j--)
			if (dp[j - w] + v > dp[j]) dp[j] = dp[j - w] + v;
	}
	printf("%lld\n", dp[W] + exec + fork);
	return 0;
}
