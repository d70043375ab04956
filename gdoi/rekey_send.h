/* Sending one rekey datagram to many members without blocking: sendmmsg
 * in batches on a non-blocking UDP socket, resumable where the socket
 * buffer filled up; and the socket options of multicast rekeys. */
#ifndef GETVPND_GDOI_REKEY_SEND_H
#define GETVPND_GDOI_REKEY_SEND_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#define REKEY_SEND_BATCH 64

/* Sends msg/len from fd to to[*done .. n) at port (host order), in
 * batches of REKEY_SEND_BATCH, advancing *done. Returns 0 when all are
 * sent, 1 when the socket would block (call again when it is writable),
 * -1 on another error (errno kept; *done counts what went out, the
 * member that failed is skipped so one bad address does not stall the
 * rest). */
int rekey_send_batch(int fd, const uint8_t *msg, size_t len, const struct in_addr *to, size_t n,
		     uint16_t port, size_t *done);

/* Key server multicast rekeys: TTL of the datagrams and the local
 * address (interface) they leave from, as IOS lets one set. 0 ok, -1
 * error (errno). */
int rekey_mcast_sender_opts(int fd, uint8_t ttl, struct in_addr source);
/* Group member: join group on the interface with address ifaddr
 * (INADDR_ANY: the kernel's choice). 0 ok, -1 error (errno). */
int rekey_mcast_join(int fd, struct in_addr group, struct in_addr ifaddr);

#endif
