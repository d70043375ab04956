/* Baseline of the rekey fan-out benchmark: COUNT datagrams of SIZE bytes
 * sent with a plain sendto() loop from 127.0.0.1, one to each member
 * address BASE, BASE+1, ... on PORT, as fast as the loop goes. A socket
 * bound to the wildcard address on PORT (with a buffer large enough for
 * all of them) receives them, so they take the same loopback path as a
 * rekey to the load generator's members.
 *
 * Usage: sendto_loop COUNT SIZE BASE PORT
 * Prints: SEND n=... size=... seconds=... sent=... cpu_ms=... (CPU time of
 * the loop: sending on loopback also delivers, in the sender's time). */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int receiver(uint16_t port)
{
	struct sockaddr_in any = { .sin_family = AF_INET, .sin_port = htons(port) };
	int fd = socket(AF_INET, SOCK_DGRAM, 0), size = 256 << 20;

	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) != 0 ||
	    bind(fd, (struct sockaddr *)&any, sizeof(any)) != 0) {
		perror("sendto_loop: receiver");
		return -1;
	}
	return fd;
}

int main(int argc, char **argv)
{
	unsigned long n = argc == 5 ? strtoul(argv[1], NULL, 10) : 0, sent = 0;
	size_t size = argc == 5 ? strtoul(argv[2], NULL, 10) : 0;
	struct sockaddr_in to = { .sin_family = AF_INET };
	unsigned char *buf;
	int rx, tx;
	double t0, t, c0;

	if (!n || !size || size > 65507 || inet_pton(AF_INET, argv[3], &to.sin_addr) != 1) {
		fprintf(stderr, "usage: sendto_loop COUNT SIZE BASE PORT\n");
		return 64;
	}
	to.sin_port = htons((uint16_t)atoi(argv[4]));
	buf = calloc(1, size);
	rx = receiver(ntohs(to.sin_port));
	tx = socket(AF_INET, SOCK_DGRAM, 0);
	if (!buf || rx < 0 || tx < 0)
		return 1;
	memset(buf, 0xa5, size);
	t0 = now_s();
	c0 = cpu_s();
	for (unsigned long i = 0; i < n; i++) {
		struct sockaddr_in d = to;

		d.sin_addr.s_addr = htonl(ntohl(to.sin_addr.s_addr) + (uint32_t)i);
		if (sendto(tx, buf, size, 0, (struct sockaddr *)&d, sizeof(d)) == (ssize_t)size)
			sent++;
	}
	t = now_s() - t0;
	printf("SEND n=%lu size=%zu seconds=%.4f sent=%lu cpu_ms=%.1f\n", n, size, t, sent,
	       (cpu_s() - c0) * 1e3);
	close(tx);
	close(rx);
	free(buf);
	return sent == n ? 0 : 1;
}
