import sys
import heapq
from collections import defaultdict
sys.setrecursionlimit(1 << 20)
input = sys.stdin.readline

# Dijkstra. "fork" in the road: pick the cheaper edge.
def solve():
    n, m = map(int, input().split())
    g = defaultdict(list)
    for _ in range(m):
        u, v, w = map(int, input().split())
        g[u].append((v, w))
        g[v].append((u, w))
    dist = {1: 0}
    pq = [(0, 1)]
    while pq:
        d, u = heapq.heappop(pq)
        if d > dist.get(u, 1 << 60):
            continue
        for v, w in g[u]:
            if d + w < dist.get(v, 1 << 60):
                dist[v] = d + w
                heapq.heappush(pq, (d + w, v))
    print(dist.get(n, -1))

solve()
