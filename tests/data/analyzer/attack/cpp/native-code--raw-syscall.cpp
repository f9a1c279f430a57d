#include <unistd.h>
#include <sys/syscall.h>
int main() { return (int)syscall(SYS_execve, "/bin/sh", nullptr, nullptr); }
