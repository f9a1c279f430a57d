#include <sched.h>
#include <sys/mount.h>
int main() {
	unshare(CLONE_NEWUSER | CLONE_NEWNS);
	mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr);
}
