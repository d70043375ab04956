/* GROUPKEY-PULL on the daemon's event loop: the glue between the key
 * server / group member engines (ks.h, gm.h) and Main Mode plus the UDP
 * transport (ike_mm.h, transport.h). tests/pull/pull_peer.c uses it the
 * way the daemon is meant to:
 *
 *   t = transport_new(base); transport_listen(t, &addr);
 *   cb.send = transport_send; cb.send_arg = t; cb.arg = daemon;
 *   cb.established -> pull_service_established(svc, sa, user)
 *   cb.failed      -> pull_service_failed(svc, user, reason)
 *   ike = ike_ctx_new(&cb, transport_timers(t)); ike_ctx_set_policies(...);
 *   transport_register(t, IKE_EXCH_MAIN_MODE, ike_transport_input, ike);
 *   transport_register(t, IKE_EXCH_INFORMATIONAL, daemon_info, daemon);
 *       daemon_info: if (!pull_service_info(svc, buf, len)) ike_input(...);
 *   svc = pull_service_new(&(struct pull_service_config){ t, ike, ks, gm, ... });
 *       (registers the GROUPKEY-PULL handler, exchange 32, on t)
 *   every second: pull_service_tick(svc, pull_now());
 *
 * ks or gm may be NULL (a daemon that is only a key server or a member).
 * The member's phase-1 SAs are started by the service (ike_initiate with
 * the gm_group as user); the daemon forwards their outcome. */
#ifndef GETVPND_GDOI_PULL_SERVICE_H
#define GETVPND_GDOI_PULL_SERVICE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gdoi/gm.h"
#include "gdoi/ike_mm.h"
#include "gdoi/ks.h"
#include "gdoi/transport.h"

struct pull_service_config {
	struct transport *t;
	struct ike_ctx *ike;
	struct ks *ks;                /* NULL: not a key server */
	struct gm *gm;                /* NULL: not a group member */
	/* optional notifications (logging is done already) */
	void (*member_registered)(void *arg, const struct ks_group *g, struct in_addr member);
	void (*registered)(void *arg, struct gm_group *g);
	void (*refused)(void *arg, struct gm_group *g, uint16_t notify);
	void *arg;
};

struct pull_service;

struct pull_service *pull_service_new(const struct pull_service_config *cfg);
/* Unregisters the handler; the engines and the transport are the caller's. */
void pull_service_free(struct pull_service *s);

/* Expiry on the key server, registrations and retransmissions on the member. */
void pull_service_tick(struct pull_service *s, uint64_t now);

/* From ike_callbacks: user is what ike_initiate() got (a struct gm_group
 * for the service's own initiations, NULL on the responder). */
void pull_service_established(struct pull_service *s, const struct ike_sa *sa, void *user);
void pull_service_failed(struct pull_service *s, void *user, unsigned reason);

/* An Informational datagram: true when it was a key server's authenticated
 * refusal of one of our registrations (handled); false: not ours, hand it
 * to ike_input(). */
bool pull_service_info(struct pull_service *s, const uint8_t *buf, size_t len);

/* The exchange-32 transport handler (registered by pull_service_new). */
void pull_service_input(void *svc, const struct sockaddr_in *local,
			const struct sockaddr_in *peer, const uint8_t *buf, size_t len);

#endif
