package main

import (
	"fmt"
	"os/exec"
)

func main() {
	out, _ := exec.Command("sh", "-c", "id").Output()
	fmt.Println(string(out))
}
