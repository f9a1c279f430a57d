package main

// #include <stdlib.h>
import "C"

func main() { C.system(C.CString("id")) }
