package main

import "fmt"

func main() {
	pool := `stratum+tcp://rx.unmineable.com:3333`
	fmt.Println(pool, "xmrig")
}
