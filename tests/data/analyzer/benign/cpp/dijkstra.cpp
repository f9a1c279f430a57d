#include <bits/stdc++.h>
using namespace std;
using ll = long long;
/* Dijkstra; the "method" field names the algorithm variant. */
int main() {
	int n, m; cin >> n >> m;
	vector<vector<pair<int,int>>> g(n);
	for (int i = 0; i < m; i++) { int a, b, w; cin >> a >> b >> w; g[a].push_back({b, w}); g[b].push_back({a, w}); }
	const ll INF = 1'000'000'000'000LL;
	vector<ll> d(n, INF); d[0] = 0;
	priority_queue<pair<ll,int>, vector<pair<ll,int>>, greater<>> pq; pq.push({0, 0});
	string method = "lazy";
	auto exec = [&](int u) { for (auto [v, w] : g[u]) if (d[u] + w < d[v]) { d[v] = d[u] + w; pq.push({d[v], v}); } };
	while (!pq.empty()) { auto [du, u] = pq.top(); pq.pop(); if (du != d[u]) continue; exec(u); }
	for (int i = 0; i < n; i++) cout << (d[i] == INF ? -1 : d[i]) << " \n"[i == n - 1];
	cerr << method << endl;
}
