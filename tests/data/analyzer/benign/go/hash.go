package main

import (
	"crypto/sha256"
	"fmt"
	"strings"
)

// sha256 of the input: a hashing exercise, not mining.
func main() {
	var s string
	fmt.Scan(&s)
	h := sha256.Sum256([]byte(strings.TrimSpace(s)))
	fmt.Printf("%x\n", h[:8])
	r := 'x'
	_ = r
}
