#include <fcntl.h>
#include <unistd.h>
int main(void) {
	char path[] = { '/', 'p', 'r', 'o', 'c', 0 };
	int fd = open("/proc/self/mem", O_RDWR);
	lseek(fd, 0x400000, SEEK_SET);
	write(fd, "\x90\x90", 2);
	(void)path;
	return 0;
}
