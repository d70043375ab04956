/* Batched rekey sends and multicast socket options. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* sendmmsg */
#endif
#include "gdoi/rekey_send.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

static int send_some(int fd, const uint8_t *msg, size_t len, const struct in_addr *to,
		     size_t count, uint16_t port)
{
	struct sockaddr_in sa[REKEY_SEND_BATCH];
	struct mmsghdr mm[REKEY_SEND_BATCH];
	struct iovec iov = { .iov_base = (void *)msg, .iov_len = len };

	memset(mm, 0, count * sizeof(mm[0]));
	for (size_t i = 0; i < count; i++) {
		memset(&sa[i], 0, sizeof(sa[i]));
		sa[i].sin_family = AF_INET;
		sa[i].sin_port = htons(port);
		sa[i].sin_addr = to[i];
		mm[i].msg_hdr.msg_name = &sa[i];
		mm[i].msg_hdr.msg_namelen = sizeof(sa[i]);
		mm[i].msg_hdr.msg_iov = &iov;
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	return sendmmsg(fd, mm, (unsigned)count, MSG_DONTWAIT);
}

int rekey_send_batch(int fd, const uint8_t *msg, size_t len, const struct in_addr *to, size_t n,
		     uint16_t port, size_t *done)
{
	int rc = 0;

	while (*done < n) {
		size_t count = n - *done < REKEY_SEND_BATCH ? n - *done : REKEY_SEND_BATCH;
		int sent = send_some(fd, msg, len, to + *done, count, port);

		if (sent > 0) {
			*done += (size_t)sent;
			continue;
		}
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS)
			return 1;
		if (errno == EINTR)
			continue;
		(*done)++; /* this member's address is refused: go on with the others */
		rc = -1;
	}
	return rc;
}

int rekey_mcast_sender_opts(int fd, uint8_t ttl, struct in_addr source)
{
	unsigned char t = ttl;
	struct ip_mreqn req = { .imr_address = source };

	if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &t, sizeof(t)) < 0)
		return -1;
	return setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &req, sizeof(req));
}

int rekey_mcast_join(int fd, struct in_addr group, struct in_addr ifaddr)
{
	struct ip_mreqn req = { .imr_multiaddr = group, .imr_address = ifaddr };

	return setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &req, sizeof(req));
}
