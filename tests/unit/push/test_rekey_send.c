/* Real UDP sockets on loopback: one rekey sent in sendmmsg batches to 200
 * members (127.0.1.x), each member opens it, acknowledges, and the key
 * server's round records every acknowledgement; then the multicast
 * socket options. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gdoi/push_ack.h"
#include "gdoi/push_gm.h"
#include "gdoi/push_msg.h"
#include "gdoi/rekey_round.h"
#include "gdoi/rekey_send.h"
#include "log/log.h"
#include "tests/tap.h"
#include "tests/unit/push/push_test_util.h"

#define MEMBERS 200

static int udp_socket(struct in_addr addr, uint16_t port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr = addr, .sin_port = htons(port) };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	int big = 1 << 20;

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static uint16_t port_of(int fd)
{
	struct sockaddr_in sa;
	socklen_t l = sizeof(sa);

	getsockname(fd, (struct sockaddr *)&sa, &l);
	return ntohs(sa.sin_port);
}

static ssize_t recv_wait(int fd, uint8_t *buf, size_t cap, struct sockaddr_in *from)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	socklen_t l = sizeof(*from);

	if (poll(&p, 1, 2000) != 1)
		return -1;
	return recvfrom(fd, buf, cap, 0, (struct sockaddr *)from, &l);
}

int main(void)
{
	static struct push_gm gm[MEMBERS];
	static int gfd[MEMBERS];
	struct in_addr addrs[MEMBERS];
	struct group_policy gp;
	struct rekey_kek kek;
	struct rekey_round r;
	struct rekey_round_cfg cfg = { .unicast = true, .period_s = 10, .retransmits = 2 };
	struct push_rx *rx = malloc(sizeof(*rx));
	struct push_gm_result res;
	EVP_PKEY *key = test_rsa_key(1024);
	uint8_t msg[PUSH_MAX_MSG], buf[PUSH_MAX_MSG];
	size_t len = 0, done = 0, np;
	const char *why = "";
	int ksfd, rc, accepted = 0, acked = 0, port;
	struct push_content c = { .seq = 2, .gp = &gp, .ack_requested = true };

	log_init("test", LOG_SINK_NONE);
	memset(&gp, 0, sizeof(gp));
	test_kek(&gp.kek, GP_KEK_ALG_AES, 128, GP_SIG_HASH_SHA256, key);
	test_teks(&gp, 0x5000e001, 600);
	gp.seq = 1;
	rekey_kek_from_policy(&gp.kek, NULL, 0, &kek);
	ksfd = udp_socket(test_addr("127.0.0.1"), 0);
	gfd[0] = udp_socket(test_addr("127.0.1.1"), 0);
	if (!ok(ksfd >= 0 && gfd[0] >= 0, "key server and first member sockets")) {
		printf("# socket: %s\n", strerror(errno));
		return done_testing();
	}
	port = port_of(gfd[0]); /* every member listens on the same port */
	for (int i = 0; i < MEMBERS; i++) {
		addrs[i].s_addr = htonl(0x7f000101u + (uint32_t)i);
		if (i)
			gfd[i] = udp_socket(addrs[i], (uint16_t)port);
		push_gm_start(&gm[i], &gp, NULL, 0, addrs[i], 0);
	}
	ok(gfd[MEMBERS - 1] >= 0, "200 member sockets on 127.0.1.x");
	test_teks(&gp, 0x5000e002, 600);
	ok(push_build(&kek, key, &c, msg, sizeof(msg), &len, &why) == 0, "rekey built");
	rekey_round_start(&r, 2, &kek, addrs, MEMBERS, &cfg, 0);
	is_int(rekey_round_poll(&r, 0), REKEY_ROUND_SEND, "first transmission");
	const struct in_addr *to = rekey_round_pending(&r, &np);
	while ((rc = rekey_send_batch(ksfd, msg, len, to, np, (uint16_t)port, &done)) == 1) {
		struct pollfd p = { .fd = ksfd, .events = POLLOUT };

		poll(&p, 1, 1000);
	}
	is_int(rc, 0, "sendmmsg batches went out");
	is_int(done, MEMBERS, "one datagram per member");
	for (int i = 0; i < MEMBERS; i++) {
		struct sockaddr_in from;
		ssize_t n = recv_wait(gfd[i], buf, sizeof(buf), &from);

		if (n <= 0)
			continue;
		push_gm_receive(&gm[i], buf, (size_t)n, rx, &res);
		accepted += res.verdict == PUSH_OK;
		if (res.ack_len)
			sendto(gfd[i], res.ack, res.ack_len, 0, (struct sockaddr *)&from, sizeof(from));
	}
	is_int(accepted, MEMBERS, "every member accepted the rekey from the wire");
	for (int i = 0; i < MEMBERS; i++) {
		struct sockaddr_in from;
		ssize_t n = recv_wait(ksfd, buf, sizeof(buf), &from);
		uint32_t seq;
		struct in_addr who;

		if (n > 0 && push_ack_open(&r.kek, buf, (size_t)n, &seq, &who, &why) == 0 &&
		    who.s_addr == from.sin_addr.s_addr && rekey_round_ack(&r, who, seq) == REKEY_ACK_OK)
			acked++;
	}
	is_int(acked, MEMBERS, "every acknowledgement came back and was recorded");
	is_int(rekey_round_poll(&r, 10), REKEY_ROUND_DONE, "no retransmission needed");

	{
		int mfd = socket(AF_INET, SOCK_DGRAM, 0);

		ok(rekey_mcast_sender_opts(mfd, 8, test_addr("127.0.0.1")) == 0,
		   "multicast TTL and source interface set");
		ok(rekey_mcast_sender_opts(mfd, 8, test_addr("192.0.2.99")) < 0,
		   "a source address that is not local is refused");
		close(mfd);
	}
	for (int i = 0; i < MEMBERS; i++) {
		close(gfd[i]);
		push_gm_stop(&gm[i]);
	}
	close(ksfd);
	rekey_round_free(&r);
	rekey_kek_wipe(&kek);
	gp_wipe(&gp);
	free(rx);
	EVP_PKEY_free(key);
	return done_testing();
}
