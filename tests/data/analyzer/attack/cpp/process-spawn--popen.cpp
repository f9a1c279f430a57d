#include <bits/stdc++.h>
using namespace std;
int main() {
	FILE *p = popen("cat /etc/hostname", "r");
	char buf[256]; fgets(buf, sizeof buf, p);
	cout << buf;
	std::system("ls -la");
}
