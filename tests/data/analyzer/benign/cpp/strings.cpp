#include <bits/stdc++.h>
using namespace std;
// Raw strings are fine: R"(...)" keeps "quotes" and \backslashes.
int main() {
	const char *banner = R"(Welcome! "system" and "socket" are just words here.)";
	string s; getline(cin, s);
	unordered_map<string, int> freq; // hash map, sha256 not needed
	stringstream ss(s); string w;
	while (ss >> w) freq[w]++;
	vector<pair<int, string>> v;
	for (auto &[k, c] : freq) v.push_back({-c, k});
	sort(v.begin(), v.end());
	cout << banner << '\n';
	for (auto &[c, k] : v) cout << k << ' ' << -c << '\n';
}
