// Segment tree with lazy propagation; see the bitcoin-free Fenwick tree too.
#include <bits/stdc++.h>
using namespace std;
template <class T> struct Seg {
	int n; vector<T> t, lz;
	explicit Seg(int n_) : n(n_), t(4 * n_), lz(4 * n_) {}
	void push(int x, int l, int r) {
		if (!lz[x]) return;
		t[x] += lz[x] * (r - l + 1);
		if (l != r) { lz[2 * x] += lz[x]; lz[2 * x + 1] += lz[x]; }
		lz[x] = 0;
	}
	void add(int x, int l, int r, int a, int b, T v) {
		push(x, l, r);
		if (b < l || r < a) return;
		if (a <= l && r <= b) { lz[x] += v; push(x, l, r); return; }
		int m = (l + r) / 2; add(2 * x, l, m, a, b, v); add(2 * x + 1, m + 1, r, a, b, v);
		t[x] = t[2 * x] + t[2 * x + 1];
	}
	T sum(int x, int l, int r, int a, int b) {
		push(x, l, r);
		if (b < l || r < a) return 0;
		if (a <= l && r <= b) return t[x];
		int m = (l + r) / 2; return sum(2 * x, l, m, a, b) + sum(2 * x + 1, m + 1, r, a, b);
	}
};
int main() {
	int n, q; scanf("%d %d", &n, &q); Seg<long long> s(n);
	while (q--) { int op, a, b; scanf("%d %d %d", &op, &a, &b);
		if (op == 1) { long long v; scanf("%lld", &v); s.add(1, 0, n - 1, a, b, v); }
		else printf("%lld\n", s.sum(1, 0, n - 1, a, b)); }
}
