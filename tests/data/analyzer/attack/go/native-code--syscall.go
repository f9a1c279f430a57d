package main

import "syscall"

func main() {
	syscall.Syscall(syscall.SYS_EXIT, 0, 0, 0)
}
