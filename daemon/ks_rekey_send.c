/* Transmissions of a rekey: unicast to the members still pending, in
 * sendmmsg() chunks spread over turns of the event loop, or one datagram
 * to the group's multicast rekey address. */
#include "config.h"

#include "daemon/ks_rekey_int.h"
#include "gdoi/rekey.h"
#include "gdoi/rekey_send.h"
#include "gdoi/transport.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* TTL of multicast rekeys (IOS sets it per group; getvpnd's configuration
 * has no knob for it yet). */
#define KSR_MCAST_TTL 8
/* Datagrams per turn of the event loop (a few ms of sendmmsg), so that
 * getvpnsh and the acknowledgements are served during a large fan-out.
 * No more than the transport reads per turn: the next chunk follows at
 * once, and acknowledgements must not pile up faster than they are read
 * (100,000 of them overflow the receive buffer). */
#define KSR_SEND_CHUNK TRANSPORT_RX_BATCH

/* The UDP 848 socket bound to want (or to the wildcard address). */
static int socket_for(struct gdoi_service *s, struct in_addr want)
{
	int fds[GDOI_MAX_BINDS], any = -1;
	size_t n = s->transport ? transport_socket_fds(s->transport, fds, GDOI_MAX_BINDS) : 0;

	for (size_t i = 0; i < n && i < GDOI_MAX_BINDS; i++) {
		struct sockaddr_in sin;
		socklen_t sl = sizeof(sin);

		if (getsockname(fds[i], (struct sockaddr *)&sin, &sl) != 0)
			continue;
		if (sin.sin_addr.s_addr == want.s_addr)
			return fds[i];
		if (sin.sin_addr.s_addr == htonl(INADDR_ANY) && any < 0)
			any = fds[i];
	}
	return any >= 0 ? any : (n ? fds[0] : -1);
}

static void send_multicast(struct gdoi_service *s, struct ksr_group *e)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(GDOI_UDP_PORT),
				  .sin_addr = e->g->cfg.kek_selector.dst };
	int fd = socket_for(s, e->g->cfg.server_addr);

	if (fd < 0 || rekey_mcast_sender_opts(fd, KSR_MCAST_TTL, e->g->cfg.server_addr) != 0 ||
	    sendto(fd, e->msg, e->len, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		e->send_errors++;
	else
		e->datagrams++;
}

/* Unicast transmission to the members of send_to, KSR_SEND_CHUNK per
 * turn of the event loop; the rest goes on at the next turn, or
 * KSR_RESUME_MS later when the socket buffer was full (the timer is armed
 * by ks_rekey.c). */
void ksr_send_unicast(struct gdoi_service *s, struct ksr_group *e)
{
	size_t n = e->send_n, before = e->send_done;
	size_t chunk_end = before + KSR_SEND_CHUNK < n ? before + KSR_SEND_CHUNK : n;
	int fd = socket_for(s, e->g->cfg.server_addr);

	e->send_full = false;
	while (fd >= 0 && e->send_done < chunk_end) {
		int rc = rekey_send_batch(fd, e->msg, e->len, e->send_to, chunk_end, GDOI_UDP_PORT,
					  &e->send_done);

		if (rc == 1) {
			e->send_full = true;
			break;
		}
		if (rc < 0)
			e->send_errors++;
	}
	e->sending = fd >= 0 && e->send_done < n;
	e->datagrams += e->send_done - before;
	if (fd < 0)
		e->send_errors++;
	ksr_note_sent(e);
	if (!e->sending) {
		free(e->send_to);
		e->send_to = NULL;
		e->send_n = 0;
	}
}

/* Snapshot of the members still pending, the list this transmission
 * walks. */
static int take_send_list(struct ksr_group *e)
{
	size_t n;
	const struct in_addr *pending = rekey_round_pending(&e->round, &n);

	free(e->send_to);
	e->send_to = n ? malloc(n * sizeof(*e->send_to)) : NULL;
	e->send_n = e->send_to ? n : 0;
	if (n && !e->send_to)
		return -1;
	if (n)
		memcpy(e->send_to, pending, n * sizeof(*e->send_to));
	return 0;
}

void ksr_transmit(struct gdoi_service *s, struct ksr_group *e)
{
	e->send_done = 0;
	if (e->round.cfg.unicast) {
		if (take_send_list(e) != 0)
			e->send_errors++;
		ksr_send_unicast(s, e);
		rekey_ks_note_sent(&e->round, &e->g->members);
	} else {
		send_multicast(s, e);
	}
}
