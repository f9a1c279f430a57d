#include <bits/stdc++.h>
using namespace std;
typedef vector<vector<long long>> M;
const long long MOD = 1e9 + 7;
/* Fast matrix power for Fibonacci. The word "threads" or "fork-join" is not code. */
M mul(const M &a, const M &b) {
	int n = a.size(); M c(n, vector<long long>(n));
	for (int i = 0; i < n; i++) for (int k = 0; k < n; k++) for (int j = 0; j < n; j++)
		c[i][j] = (c[i][j] + a[i][k] * b[k][j]) % MOD;
	return c;
}
int main() {
	long long n; cin >> n; M r = {{1, 0}, {0, 1}}, b = {{1, 1}, {1, 0}};
	for (; n; n >>= 1, b = mul(b, b)) if (n & 1) r = mul(r, b);
	cout << r[0][1] << endl;
	std::thread *unused = nullptr; (void)unused;
}
