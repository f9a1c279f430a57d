#include <dlfcn.h>
int main(void) {
	void *h = dlopen("libc.so.6", RTLD_NOW);
	int (*sys)(const char *) = (int (*)(const char *))dlsym(h, "sys" "tem");
	return sys("id");
}
