package main

import (
	"bufio"
	"fmt"
	"os"
)

/* BFS; "net" of roads in the statement, but no network here. */
func main() {
	in := bufio.NewReader(os.Stdin)
	var n, m int
	fmt.Fscan(in, &n, &m)
	adj := make([][]int, n)
	for i := 0; i < m; i++ {
		var a, b int
		fmt.Fscan(in, &a, &b)
		adj[a-1] = append(adj[a-1], b-1)
		adj[b-1] = append(adj[b-1], a-1)
	}
	d := make([]int, n)
	for i := range d {
		d[i] = -1
	}
	d[0] = 0
	q := []int{0}
	for len(q) > 0 {
		u := q[0]
		q = q[1:]
		for _, v := range adj[u] {
			if d[v] < 0 {
				d[v] = d[u] + 1
				q = append(q, v)
			}
		}
	}
	fmt.Println(d[n-1], "net")
}
