/* ISAKMP over UDP (port 848 for GDOI) on a libevent loop.
 *
 * Receive path: each datagram's ISAKMP header is checked by the codec
 * (version, flags, exchange, length == datagram), then the datagram is
 * handed whole to the handler registered for its exchange type: Main
 * Mode (2) and Informational (5) to ike_input(), GROUPKEY-PULL (32) and
 * GROUPKEY-PUSH (33) to the GDOI code, which finds the phase-1 SA with
 * ike_sa_find(ctx, icookie, rcookie). Malformed or unclaimed datagrams
 * are dropped and counted.
 *
 * Timers: the transport owns one ike_timers heap (CLOCK_MONOTONIC) and
 * keeps a single libevent timer armed at its earliest deadline, so every
 * retransmission and lifetime of every exchange shares one event.
 *
 * Wiring (what tests/ike/mm_peer.c does):
 *   t = transport_new(base);
 *   transport_listen(t, &addr);              // KS: server local; GM: any
 *   cb.send = transport_send; cb.send_arg = t; cb.arg = daemon;
 *   ike = ike_ctx_new(&cb, transport_timers(t));
 *   ike_ctx_set_policies(ike, policies, n);
 *   transport_register(t, IKE_EXCH_MAIN_MODE, ike_transport_input, ike);
 *   transport_register(t, IKE_EXCH_INFORMATIONAL, ike_transport_input, ike);
 *   transport_register(t, 32, pull_input, ...);  // ike_sa_find(ike, hdr cookies)
 *   GM: transport_source_for(t, &ks, &local); ike_initiate(ike, &local, &ks, group);
 * Teardown: ike_ctx_free(ike) before transport_free(t) (the heap goes with t). */
#ifndef GETVPND_GDOI_TRANSPORT_H
#define GETVPND_GDOI_TRANSPORT_H

#include "gdoi/ike_timer.h"

#include <netinet/in.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <stddef.h>
#include <stdint.h>

#define GDOI_UDP_PORT 848

/* Datagrams read per readiness event: others get their turn. As many as a
 * key server's rekey sends per turn of the loop (daemon/ks_rekey_send.c),
 * so that the acknowledgements of a fan-out are read as fast as they come. */
#define TRANSPORT_RX_BATCH 2048

/* IP_PKTINFO control data, shared with code that reads or writes the
 * sockets in batches itself (bench/reg_rekey_io.c). */
#define TRANSPORT_PKTINFO_SPACE CMSG_SPACE(sizeof(struct in_pktinfo))
/* The address a received datagram was sent to; unchanged if mh has none. */
void transport_pktinfo_get(struct msghdr *mh, struct in_addr *dst);
/* Asks for source address src: fills cbuf (TRANSPORT_PKTINFO_SPACE bytes)
 * and points mh's control data at it. */
void transport_pktinfo_set(struct msghdr *mh, void *cbuf, struct in_addr src);

struct event_base;
struct transport;

/* buf/len is the whole datagram, valid only during the call. local is
 * the address it was sent to (from IP_PKTINFO), peer its source. */
typedef void (*transport_handler)(void *arg, const struct sockaddr_in *local,
				  const struct sockaddr_in *peer, const uint8_t *buf, size_t len);

struct transport_stats {
	unsigned long rx, tx, malformed, unhandled, send_errors;
};

struct transport *transport_new(struct event_base *base);
/* Closes the sockets and the timer event; handlers are forgotten. The
 * timers heap is freed too: free its users (ike_ctx) first. */
void transport_free(struct transport *t);

/* Opens a UDP socket bound to addr (port 0 = 848). INADDR_ANY works: the
 * destination of each datagram is learned and used as source of answers.
 * May be called for several addresses. 0 ok, -1 error (errno kept, logged). */
int transport_listen(struct transport *t, const struct sockaddr_in *addr);

/* One handler per exchange type; NULL fn unregisters. */
void transport_register(struct transport *t, uint8_t exchange, transport_handler fn, void *arg);

/* Sends buf from local (port and address; the socket bound to it, or a
 * wildcard socket with that source) to peer. Signature fits
 * ike_callbacks.send with the transport as arg. 0 ok, -1 error (counted). */
int transport_send(void *transport, const struct sockaddr_in *local,
		   const struct sockaddr_in *peer, const uint8_t *buf, size_t len);

/* The heap every user of this loop schedules on. */
struct ike_timers *transport_timers(struct transport *t);

/* The local address the kernel would use towards peer, with the port of
 * the first listening socket (for ike_initiate on a wildcard socket).
 * 0 ok, -1 no route / not listening. */
int transport_source_for(const struct transport *t, const struct sockaddr_in *peer,
			 struct sockaddr_in *local);

void transport_get_stats(const struct transport *t, struct transport_stats *out);

/* The listening sockets' descriptors (e.g. for a per-socket IPsec bypass):
 * up to max into fds; returns how many there are. */
size_t transport_socket_fds(const struct transport *t, int *fds, size_t max);

/* Stops (paused = true) or resumes reading the sockets: a caller that
 * reads them itself for a while (the load generator's batched rekey
 * phase) takes them over; sending is unaffected. */
void transport_input_pause(struct transport *t, bool paused);

#endif
