'use strict';
// BFS; no child_process, no net, no socket: just arrays.
const lines = require('fs').readFileSync('/dev/stdin', 'utf8').split('\n');
let [n, m] = lines[0].split(' ').map(Number);
const adj = Array.from({ length: n }, () => []);
for (let i = 1; i <= m; i++) {
  const [a, b] = lines[i].split(' ').map(Number);
  adj[a - 1].push(b - 1); adj[b - 1].push(a - 1);
}
const dist = new Array(n).fill(-1); dist[0] = 0;
const q = [0];
for (let h = 0; h < q.length; h++) for (const v of adj[q[h]]) if (dist[v] < 0) { dist[v] = dist[q[h]] + 1; q.push(v); }
console.log(dist[n - 1]);
