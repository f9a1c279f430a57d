package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
)

// Sort numbers. No net, no os/exec: just package sort.
func main() {
	r := bufio.NewReader(os.Stdin)
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	var n int
	fmt.Fscan(r, &n)
	a := make([]int, n)
	for i := range a {
		fmt.Fscan(r, &a[i])
	}
	sort.Ints(a)
	for _, x := range a {
		fmt.Fprint(w, x, " ")
	}
	fmt.Fprintln(w)
}
