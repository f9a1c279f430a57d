// Union-find: connect() merges two sets. No socket, no fork, just DSU.
#include <bits/stdc++.h>
using namespace std;
struct DSU {
	vector<int> p, r;
	DSU(int n) : p(n), r(n, 0) { iota(p.begin(), p.end(), 0); }
	int find(int x) { return p[x] == x ? x : p[x] = find(p[x]); }
	bool connect(int a, int b) {
		a = find(a); b = find(b);
		if (a == b) return false;
		if (r[a] < r[b]) swap(a, b);
		p[b] = a; if (r[a] == r[b]) r[a]++;
		return true;
	}
};
int main() {
	ios::sync_with_stdio(false); cin.tie(nullptr);
	int n, m; cin >> n >> m;
	DSU d(n); int comps = n;
	while (m--) { int a, b; cin >> a >> b; if (d.connect(a - 1, b - 1)) comps--; }
	cout << comps << '\n';
}
