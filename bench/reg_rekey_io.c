/* Batched I/O of the load generator's rekey phase. The members stand for
 * N hosts, but they share this process and its two system calls per
 * datagram (recvmsg, sendmsg) would set the pace of the acks the key
 * server sees. So the phase reads the transport's sockets itself:
 * recvmmsg() of up to IO_BATCH GROUPKEY-PUSH copies, each handed to its
 * member (rekey_take), then one sendmmsg() of the acks they built, each
 * from its member's own address (IP_PKTINFO) to the address the copy came
 * from. On the wire nothing changes: one ack per member, its own source,
 * its own HASH. Anything but a GROUPKEY-PUSH arriving meanwhile (none is
 * expected: every member is registered) is dropped and counted. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* recvmmsg, sendmmsg */
#endif
#include "bench/reg_load.h"
#include "gdoi/push_msg.h"
#include "gdoi/transport.h"
#include "gdoi/wire.h"

#include <errno.h>
#include <event2/event.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define IO_BATCH 64
#define IO_READS_PER_EVENT 4   /* then the loop's other events get a turn */
#define IO_MAX_SOCKS 4

struct rekey_io {
	struct load *l;
	int fds[IO_MAX_SOCKS];
	struct event *ev[IO_MAX_SOCKS];
	size_t n_fds;
	/* receive side */
	struct mmsghdr in[IO_BATCH];
	struct iovec in_iov[IO_BATCH];
	struct sockaddr_in in_peer[IO_BATCH];
	uint8_t in_cmsg[IO_BATCH][TRANSPORT_PKTINFO_SPACE];
	uint8_t in_buf[IO_BATCH][PUSH_MAX_MSG];
	/* send side: the acks of one batch */
	struct mmsghdr out[IO_BATCH];
	struct iovec out_iov[IO_BATCH];
	struct sockaddr_in out_peer[IO_BATCH];
	uint8_t out_cmsg[IO_BATCH][TRANSPORT_PKTINFO_SPACE];
	uint8_t out_buf[IO_BATCH][PUSH_ACK_MAX_LEN];
	size_t n_out;
};

static void prepare_receive(struct rekey_io *io)
{
	for (size_t i = 0; i < IO_BATCH; i++) {
		struct msghdr *h = &io->in[i].msg_hdr;

		io->in_iov[i] = (struct iovec){ io->in_buf[i], sizeof(io->in_buf[i]) };
		*h = (struct msghdr){ .msg_name = &io->in_peer[i],
				      .msg_namelen = sizeof(io->in_peer[i]),
				      .msg_iov = &io->in_iov[i], .msg_iovlen = 1,
				      .msg_control = io->in_cmsg[i],
				      .msg_controllen = sizeof(io->in_cmsg[i]) };
	}
}

/* Queues the ack in out slot n_out: from member address `from`. */
static void queue_ack(struct rekey_io *io, struct in_addr from, const struct sockaddr_in *peer,
		      size_t len)
{
	size_t k = io->n_out++;
	struct msghdr *h = &io->out[k].msg_hdr;

	io->out_peer[k] = *peer;
	io->out_iov[k] = (struct iovec){ io->out_buf[k], len };
	*h = (struct msghdr){ .msg_name = &io->out_peer[k], .msg_namelen = sizeof(*peer),
			      .msg_iov = &io->out_iov[k], .msg_iovlen = 1 };
	transport_pktinfo_set(h, io->out_cmsg[k], from);
}

static void send_acks(struct rekey_io *io, int fd)
{
	size_t done = 0;

	while (done < io->n_out) {
		int n = sendmmsg(fd, io->out + done, (unsigned)(io->n_out - done), 0);

		if (n > 0) {
			done += (size_t)n;
		} else if (errno != EINTR) {
			io->l->rekey_ack_errors++;   /* this ack is lost; the KS resends */
			done++;
		}
	}
	io->n_out = 0;
}

/* Hands each datagram of a batch to its member; queues the acks. */
static void take_batch(struct rekey_io *io, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct msghdr *h = &io->in[i].msg_hdr;
		size_t len = io->in[i].msg_len;
		struct in_addr to = { 0 };
		struct wire_hdr hdr;
		size_t ack_len;

		if ((h->msg_flags & (MSG_TRUNC | MSG_CTRUNC)) || h->msg_namelen != sizeof(io->in_peer[i]) ||
		    wire_hdr_decode(io->in_buf[i], len, &hdr) != WIRE_OK ||
		    hdr.exchange != WIRE_EXCH_GROUPKEY_PUSH) {
			io->l->rekey_dropped++;
			continue;
		}
		transport_pktinfo_get(h, &to);
		if (rekey_take(io->l, to, io->in_buf[i], len, io->out_buf[io->n_out], &ack_len))
			queue_ack(io, to, &io->in_peer[i], ack_len);
	}
}

static void on_readable(evutil_socket_t fd, short what, void *arg)
{
	struct rekey_io *io = arg;

	(void)what;
	for (int r = 0; r < IO_READS_PER_EVENT; r++) {
		int n;

		prepare_receive(io);
		n = recvmmsg(fd, io->in, IO_BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0)
			break;
		io->l->rekey_batches++;
		take_batch(io, (unsigned)n);
		send_acks(io, fd);
		if (n < IO_BATCH)
			break;
	}
}

int rekey_io_start(struct load *l)
{
	struct rekey_io *io = calloc(1, sizeof(*io));
	int fds[IO_MAX_SOCKS];

	if (!io)
		return -1;
	io->l = l;
	l->io = io;
	io->n_fds = transport_socket_fds(l->t, fds, IO_MAX_SOCKS);
	if (io->n_fds > IO_MAX_SOCKS)
		io->n_fds = IO_MAX_SOCKS;
	for (size_t i = 0; i < io->n_fds; i++) {
		io->fds[i] = fds[i];
		io->ev[i] = event_new(l->base, fds[i], EV_READ | EV_PERSIST, on_readable, io);
		if (!io->ev[i] || event_add(io->ev[i], NULL) != 0) {
			rekey_io_stop(l);
			return -1;
		}
	}
	transport_input_pause(l->t, true);
	return 0;
}

void rekey_io_stop(struct load *l)
{
	struct rekey_io *io = l->io;

	if (!io)
		return;
	for (size_t i = 0; i < io->n_fds; i++)
		if (io->ev[i])
			event_free(io->ev[i]);
	transport_input_pause(l->t, false);
	free(io);
	l->io = NULL;
}
