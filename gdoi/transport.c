/* UDP sockets, datagram dispatch by exchange type, one timer event. */
#include "gdoi/transport.h"

#include "gdoi/wire.h"
#include "log/log.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_SOCKETS 8
#define MAX_DATAGRAM 65535

struct transport_socket {
	int fd;
	struct sockaddr_in bound;
	struct event *ev;
	struct transport *t;
};

struct transport {
	struct event_base *base;
	struct transport_socket socks[MAX_SOCKETS];
	size_t n_socks;
	struct {
		transport_handler fn;
		void *arg;
	} handlers[256];
	struct ike_timers *timers;
	struct event *timer_ev;
	struct transport_stats stats;
	uint8_t rxbuf[MAX_DATAGRAM];
};

static void arm_timer(void *arg)
{
	struct transport *t = arg;
	uint64_t next = ike_timers_next(t->timers), now;
	struct timeval tv;

	if (next == UINT64_MAX) {
		event_del(t->timer_ev);
		return;
	}
	now = ike_timers_now(t->timers);
	next = next > now ? next - now : 0;
	tv.tv_sec = (time_t)(next / 1000);
	tv.tv_usec = (suseconds_t)(next % 1000) * 1000;
	event_add(t->timer_ev, &tv);
}

static void on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct transport *t = arg;

	(void)fd;
	(void)what;
	ike_timers_run(t->timers);
	arm_timer(t);
}

struct transport *transport_new(struct event_base *base)
{
	struct transport *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->base = base;
	t->timers = ike_timers_new(ike_clock_monotonic_ms, NULL);
	t->timer_ev = evtimer_new(base, on_timer, t);
	if (!t->timers || !t->timer_ev) {
		transport_free(t);
		return NULL;
	}
	ike_timers_on_change(t->timers, arm_timer, t);
	return t;
}

void transport_free(struct transport *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_socks; i++) {
		event_free(t->socks[i].ev);
		close(t->socks[i].fd);
	}
	if (t->timer_ev)
		event_free(t->timer_ev);
	ike_timers_free(t->timers);
	free(t);
}

struct ike_timers *transport_timers(struct transport *t)
{
	return t->timers;
}

void transport_register(struct transport *t, uint8_t exchange, transport_handler fn, void *arg)
{
	t->handlers[exchange].fn = fn;
	t->handlers[exchange].arg = arg;
}

void transport_get_stats(const struct transport *t, struct transport_stats *out)
{
	*out = t->stats;
}

static void dispatch(struct transport *t, const struct sockaddr_in *local,
		     const struct sockaddr_in *peer, size_t len)
{
	struct wire_hdr hdr;
	char addr[INET_ADDRSTRLEN];

	t->stats.rx++;
	if (wire_hdr_decode(t->rxbuf, len, &hdr) != WIRE_OK) {
		t->stats.malformed++;
		inet_ntop(AF_INET, &peer->sin_addr, addr, sizeof(addr));
		log_debug("transport: malformed ISAKMP datagram (%zu bytes) from %s dropped", len, addr);
		return;
	}
	if (!t->handlers[hdr.exchange].fn) {
		t->stats.unhandled++;
		return;
	}
	t->handlers[hdr.exchange].fn(t->handlers[hdr.exchange].arg, local, peer, t->rxbuf, len);
}

/* One datagram; 0 got one, -1 nothing more to read. */
void transport_pktinfo_get(struct msghdr *mh, struct in_addr *dst)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo pi;

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			*dst = pi.ipi_addr;
		}
	}
}

void transport_pktinfo_set(struct msghdr *mh, void *cbuf, struct in_addr src)
{
	struct in_pktinfo pi = { .ipi_spec_dst = src };
	struct cmsghdr *c;

	memset(cbuf, 0, TRANSPORT_PKTINFO_SPACE);
	mh->msg_control = cbuf;
	mh->msg_controllen = TRANSPORT_PKTINFO_SPACE;
	c = CMSG_FIRSTHDR(mh);
	c->cmsg_level = IPPROTO_IP;
	c->cmsg_type = IP_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof(pi));
	memcpy(CMSG_DATA(c), &pi, sizeof(pi));
}

static int receive_one(struct transport_socket *s)
{
	struct transport *t = s->t;
	struct sockaddr_in peer, local = s->bound;
	char cbuf[TRANSPORT_PKTINFO_SPACE];
	struct iovec iov = { t->rxbuf, sizeof(t->rxbuf) };
	struct msghdr mh = {
		.msg_name = &peer, .msg_namelen = sizeof(peer),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	ssize_t n = recvmsg(s->fd, &mh, MSG_DONTWAIT);

	if (n < 0)
		return -1;
	transport_pktinfo_get(&mh, &local.sin_addr);
	if (mh.msg_namelen != sizeof(peer) || peer.sin_family != AF_INET || (mh.msg_flags & MSG_TRUNC)) {
		t->stats.malformed++;
		return 0;
	}
	dispatch(t, &local, &peer, (size_t)n);
	return 0;
}

static void on_readable(evutil_socket_t fd, short what, void *arg)
{
	struct transport_socket *s = arg;

	(void)fd;
	(void)what;
	for (int i = 0; i < TRANSPORT_RX_BATCH && receive_one(s) == 0; i++)
		;
	arm_timer(s->t);
}

/* A key server takes bursts: hundreds of registrations in flight, or the
 * acknowledgements of a rekey to every member at once. The default receive
 * buffer (about 200 KB) drops those; ask for more, beyond rmem_max when
 * privileged, and live with what the kernel grants. */
#define TRANSPORT_RCVBUF (32 * 1024 * 1024)
/* The same for sending: a unicast rekey is one sendmmsg() burst of a
 * 1 KB datagram per member; with the default buffer the burst stops at a
 * few hundred and waits for the next turn of the event loop. */
#define TRANSPORT_SNDBUF (8 * 1024 * 1024)

static void enlarge_buffer(int fd, int force_opt, int opt, int size)
{
	if (setsockopt(fd, SOL_SOCKET, force_opt, &size, sizeof(size)) != 0)
		(void)setsockopt(fd, SOL_SOCKET, opt, &size, sizeof(size));
}

static void enlarge_buffers(int fd)
{
	enlarge_buffer(fd, SO_RCVBUFFORCE, SO_RCVBUF, TRANSPORT_RCVBUF);
	enlarge_buffer(fd, SO_SNDBUFFORCE, SO_SNDBUF, TRANSPORT_SNDBUF);
}

int transport_listen(struct transport *t, const struct sockaddr_in *addr)
{
	struct transport_socket *s;
	struct sockaddr_in a = *addr;
	int one = 1, fd;
	char name[INET_ADDRSTRLEN];

	if (t->n_socks == MAX_SOCKETS) {
		errno = ENOSPC;
		return -1;
	}
	a.sin_family = AF_INET;
	if (!a.sin_port)
		a.sin_port = htons(GDOI_UDP_PORT);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) != 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
		int err = errno;

		inet_ntop(AF_INET, &a.sin_addr, name, sizeof(name));
		log_event("GDOI", LOG_SEV_ERR, "SOCKET", "cannot listen on %s port %u: %s", name,
			  ntohs(a.sin_port), strerror(err));
		if (fd >= 0)
			close(fd);
		errno = err;
		return -1;
	}
	enlarge_buffers(fd);
	s = &t->socks[t->n_socks];
	s->fd = fd;
	s->bound = a;
	s->t = t;
	s->ev = event_new(t->base, fd, EV_READ | EV_PERSIST, on_readable, s);
	if (!s->ev || event_add(s->ev, NULL) != 0) {
		if (s->ev)
			event_free(s->ev);
		close(fd);
		return -1;
	}
	t->n_socks++;
	return 0;
}

static struct transport_socket *socket_for(struct transport *t, const struct sockaddr_in *local)
{
	struct transport_socket *wildcard = NULL;

	for (size_t i = 0; i < t->n_socks; i++) {
		struct transport_socket *s = &t->socks[i];

		if (s->bound.sin_port != local->sin_port)
			continue;
		if (s->bound.sin_addr.s_addr == local->sin_addr.s_addr)
			return s;
		if (s->bound.sin_addr.s_addr == htonl(INADDR_ANY) && !wildcard)
			wildcard = s;
	}
	return wildcard;
}

int transport_send(void *transport, const struct sockaddr_in *local,
		   const struct sockaddr_in *peer, const uint8_t *buf, size_t len)
{
	struct transport *t = transport;
	struct transport_socket *s = socket_for(t, local);
	char cbuf[TRANSPORT_PKTINFO_SPACE];
	struct iovec iov = { (void *)buf, len };
	struct msghdr mh = {
		.msg_name = (void *)peer, .msg_namelen = sizeof(*peer),
		.msg_iov = &iov, .msg_iovlen = 1,
	};

	if (!s) {
		t->stats.send_errors++;
		return -1;
	}
	if (s->bound.sin_addr.s_addr == htonl(INADDR_ANY) && local->sin_addr.s_addr)
		transport_pktinfo_set(&mh, cbuf, local->sin_addr);
	if (sendmsg(s->fd, &mh, 0) != (ssize_t)len) {
		t->stats.send_errors++;
		return -1;
	}
	t->stats.tx++;
	return 0;
}

int transport_source_for(const struct transport *t, const struct sockaddr_in *peer,
			 struct sockaddr_in *local)
{
	struct sockaddr_in a;
	socklen_t alen = sizeof(a);
	int fd, rc = -1;

	if (!t->n_socks)
		return -1;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	/* connect() on UDP only asks the routing table; nothing is sent */
	if (connect(fd, (const struct sockaddr *)peer, sizeof(*peer)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &alen) == 0) {
		*local = a;
		local->sin_port = t->socks[0].bound.sin_port;
		if (t->socks[0].bound.sin_addr.s_addr != htonl(INADDR_ANY))
			local->sin_addr = t->socks[0].bound.sin_addr;
		rc = 0;
	}
	close(fd);
	return rc;
}

size_t transport_socket_fds(const struct transport *t, int *fds, size_t max)
{
	for (size_t i = 0; i < t->n_socks && i < max; i++)
		fds[i] = t->socks[i].fd;
	return t->n_socks;
}

void transport_input_pause(struct transport *t, bool paused)
{
	for (size_t i = 0; i < t->n_socks; i++) {
		if (paused)
			event_del(t->socks[i].ev);
		else
			event_add(t->socks[i].ev, NULL);
	}
}
