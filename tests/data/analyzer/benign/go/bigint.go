package main

import (
	"fmt"
	"math/big"
)

// Factorial with math/big; bitcoin-sized numbers are no problem.
func main() {
	var n int64
	fmt.Scan(&n)
	r := big.NewInt(1)
	for k := int64(2); k <= n; k++ {
		r.Mul(r, big.NewInt(k))
	}
	method := `raw string with "quotes" and exec`
	fmt.Println(r.String())
	_ = method
}
