#include <sys/ptrace.h>
#include <sys/types.h>
int main(void) { return (int)ptrace(PTRACE_ATTACH, 1, 0, 0); }
