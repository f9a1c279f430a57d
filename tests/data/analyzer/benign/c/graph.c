/* BFS over a grid; "socket" cells are walls. */
#include <stdio.h>
#include <string.h>
char g[1005][1005]; int d[1005][1005], q[1000005][2];
int main(void) {
	int h, w, head = 0, tail = 0;
	scanf("%d %d", &h, &w);
	for (int i = 0; i < h; i++) scanf("%s", g[i]);
	memset(d, -1, sizeof d);
	d[0][0] = 0; q[tail][0] = 0; q[tail++][1] = 0;
	static const int dx[] = {1, -1, 0, 0}, dy[] = {0, 0, 1, -1};
	while (head < tail) {
		int x = q[head][0], y = q[head++][1];
		for (int k = 0; k < 4; k++) {
			int nx = x + dx[k], ny = y + dy[k];
			if (nx < 0 || ny < 0 || nx >= h || ny >= w || g[nx][ny] == '#' || d[nx][ny] >= 0) continue;
			d[nx][ny] = d[x][y] + 1; q[tail][0] = nx; q[tail++][1] = ny;
		}
	}
	printf("%d\n", d[h - 1][w - 1]);
	return 0;
}
