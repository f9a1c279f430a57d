package main

import "fmt"

// Edit distance; "fork" and "exec" are only words in this comment.
func min(a, b int) int {
	if a < b {
		return a
	}
	return b
}

func main() {
	var a, b string
	fmt.Scan(&a, &b)
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
		dp[i][0] = i
	}
	for j := 0; j <= len(b); j++ {
		dp[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			dp[i][j] = min(min(dp[i-1][j]+1, dp[i][j-1]+1), dp[i-1][j-1]+c)
		}
	}
	fmt.Println(dp[len(a)][len(b)])
}
