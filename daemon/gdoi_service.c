/* The GDOI service's life cycle: created with the configuration (its
 * change hook schedules a reconciliation on the event loop, so a burst of
 * edits or a whole startup-config is applied once), started on the loop,
 * and the glue between the UDP 848 transport, Main Mode, the key server
 * and the group member. */
#include "config.h"

#include "daemon/gdoi_service_int.h"
#include "config-parser/config.h"
#include "gdoi/transport.h"
#include "gdoi/wire.h"
#include "log/log.h"

#include <arpa/inet.h>
#include <event2/event.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

void gdoi_note_refusal(struct gdoi_service *s, const char *group, const char *why)
{
	struct refusal *r = NULL;

	for (unsigned i = 0; i < s->n_refusals && !r; i++)
		if (strcmp(s->refusals[i].name, group) == 0)
			r = &s->refusals[i];
	if (!why) {
		if (r)
			*r = s->refusals[--s->n_refusals];
		return;
	}
	if (r && strcmp(r->why, why) == 0)
		return;
	log_event("GDOI", LOG_SEV_WARNING, "GROUP_NOT_STARTED", "Group %s not started: %s", group,
		  why);
	if (!r && s->n_refusals < GDOI_MAX_REFUSALS)
		r = &s->refusals[s->n_refusals++];
	if (r) {
		snprintf(r->name, sizeof(r->name), "%s", group);
		snprintf(r->why, sizeof(r->why), "%s", why);
	}
}

void gdoi_send_on_sa(struct gdoi_service *s, const struct ike_sa *sa, const uint8_t *buf,
		     size_t len)
{
	transport_send(s->transport, &sa->local, &sa->peer, buf, len);
}

/* --- Main Mode callbacks ------------------------------------------------ */

static int send_cb(void *arg, const struct sockaddr_in *local, const struct sockaddr_in *peer,
		   const uint8_t *buf, size_t len)
{
	return transport_send(((struct gdoi_service *)arg)->transport, local, peer, buf, len);
}

static ssize_t psk_cb(void *arg, const struct in_addr *peer, uint8_t *key, size_t max)
{
	return ike_config_psk(((struct gdoi_service *)arg)->config, peer, key, max);
}

static void established_cb(void *arg, const struct ike_sa *sa, void *user)
{
	if (sa->role == IKE_INITIATOR && user)
		gm_service_phase1_up(arg, (uint64_t)(uintptr_t)user, sa, pull_now());
}

static void failed_cb(void *arg, const struct sockaddr_in *peer, enum ike_role role,
		      unsigned reason, void *user)
{
	(void)peer;
	if (role == IKE_INITIATOR && user)
		gm_service_phase1_failed(arg, (uint64_t)(uintptr_t)user, ike_notify_name(reason),
					 pull_now());
}

static void expired_cb(void *arg, const struct ike_sa *sa)
{
	struct gdoi_service *s = arg;

	if (s->ks)
		ks_forget_sa(s->ks, sa->icookie, sa->rcookie);
}

/* --- datagrams ---------------------------------------------------------- */

static const struct ike_sa *sa_of(const struct gdoi_service *s, const uint8_t *buf, size_t len)
{
	return len >= 2 * IKE_COOKIE_LEN ? ike_sa_find(s->ike, buf, buf + IKE_COOKIE_LEN) : NULL;
}

static void on_main_mode(void *arg, const struct sockaddr_in *local,
			 const struct sockaddr_in *peer, const uint8_t *buf, size_t len)
{
	ike_input(((struct gdoi_service *)arg)->ike, local, peer, buf, len);
}

/* Informational: Main Mode's own, or a key server refusing a registration
 * (INVALID_ID_INFORMATION, authenticated with the phase-1 SA). */
static void on_informational(void *arg, const struct sockaddr_in *local,
			     const struct sockaddr_in *peer, const uint8_t *buf, size_t len)
{
	struct gdoi_service *s = arg;
	const struct ike_sa *sa = sa_of(s, buf, len);
	const char *why;
	uint16_t type;

	if (sa && sa->role == IKE_INITIATOR &&
	    pull_parse_notify(sa, buf, len, &s->rx, &type, &why) == 0 &&
	    type == WIRE_N_INVALID_ID_INFORMATION) {
		gm_notify(s->gm, sa, type, pull_now());
		return;
	}
	ike_input(s->ike, local, peer, buf, len);
}

static void on_pull(void *arg, const struct sockaddr_in *local, const struct sockaddr_in *peer,
		    const uint8_t *buf, size_t len)
{
	struct gdoi_service *s = arg;
	const struct ike_sa *sa = sa_of(s, buf, len);

	(void)local;
	(void)peer;
	if (!sa)
		return;
	if (sa->role == IKE_RESPONDER)
		ks_service_input(s, sa, buf, len, pull_now());
	else
		gm_service_input(s, sa, buf, len, pull_now());
}

static void on_push(void *arg, const struct sockaddr_in *local, const struct sockaddr_in *peer,
		    const uint8_t *buf, size_t len)
{
	gm_rekey_input(arg, local, peer, buf, len, pull_now());
}

static void on_push_ack(void *arg, const struct sockaddr_in *local,
			const struct sockaddr_in *peer, const uint8_t *buf, size_t len)
{
	(void)local;
	(void)peer;
	ks_rekey_ack_input(arg, buf, len);
}

/* --- sockets ------------------------------------------------------------ */

static void close_network(struct gdoi_service *s)
{
	if (s->gm)
		gm_service_abort_attempts(s, pull_now());
	ike_ctx_free(s->ike);
	s->ike = NULL;
	transport_free(s->transport);
	s->transport = NULL;
	memset(&s->binds, 0, sizeof(s->binds));
}

static void listen_all(struct gdoi_service *s, const struct bind_set *want)
{
	char addr[INET_ADDRSTRLEN];

	for (unsigned i = 0; i < want->n; i++) {
		struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr = want->addr[i],
					   .sin_port = htons(GDOI_UDP_PORT) };

		inet_ntop(AF_INET, &sin.sin_addr, addr, sizeof(addr));
		if (transport_listen(s->transport, &sin) == 0)
			log_event("GDOI", LOG_SEV_INFO, "LISTEN", "GDOI listening on %s port %u",
				  addr, GDOI_UDP_PORT);
	}
}

static int open_network(struct gdoi_service *s, const struct bind_set *want)
{
	struct ike_callbacks cb = { .send = send_cb, .psk_lookup = psk_cb,
				    .established = established_cb, .failed = failed_cb,
				    .expired = expired_cb, .arg = s };

	s->transport = transport_new(s->base);
	s->ike = s->transport ? ike_ctx_new(&cb, transport_timers(s->transport)) : NULL;
	if (!s->ike) {
		close_network(s);
		return -1;
	}
	ike_config_policies(s->ike, s->config);
	transport_register(s->transport, IKE_EXCH_MAIN_MODE, on_main_mode, s);
	transport_register(s->transport, IKE_EXCH_INFORMATIONAL, on_informational, s);
	transport_register(s->transport, ISAKMP_EXCH_GROUPKEY_PULL, on_pull, s);
	transport_register(s->transport, WIRE_EXCH_GROUPKEY_PUSH, on_push, s);
	transport_register(s->transport, WIRE_EXCH_GROUPKEY_PUSH_ACK, on_push_ack, s);
	listen_all(s, want);
	s->binds = *want;
	gm_dp_hook_sockets(s->dp);
	return 0;
}

/* --- configuration ------------------------------------------------------ */

static void reconcile(struct gdoi_service *s)
{
	uint64_t now = pull_now();
	struct bind_set want;

	ks_service_reconcile(s, now);
	gm_service_reconcile(s, now);
	if (s->n_gm)
		gm_dp_hook_activate(s->dp);
	gdoi_bind_wanted(s, &want);
	if (!gdoi_bind_equal(&want, &s->binds) || !s->transport) {
		close_network(s);
		if (want.n && open_network(s, &want) != 0)
			log_event("GDOI", LOG_SEV_ERR, "NO_TRANSPORT",
				  "Cannot set up the GDOI transport (out of memory)");
	} else if (s->ike && ike_config_policies(s->ike, s->config) != 0 && (s->n_ks || s->n_gm)) {
		log_debug("GDOI: no usable crypto isakmp policy");
	}
	gm_service_poll(s, now);
}

static void on_reconcile(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	reconcile(arg);
}

static void on_change(enum config_change what, const char *name, void *arg)
{
	struct gdoi_service *s = arg;

	(void)what;
	(void)name;
	if (s->reconcile)
		event_active(s->reconcile, EV_TIMEOUT, 0);
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	struct gdoi_service *s = arg;
	uint64_t now = pull_now();

	(void)fd;
	(void)what;
	if (s->ks)
		ks_service_tick(s, now);
	gm_service_poll(s, now);
}

/* --- life cycle --------------------------------------------------------- */

struct gdoi_service *gdoi_service_new(struct config *config)
{
	struct gdoi_service *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->config = config;
	s->ks = ks_new();
	s->gm = gm_new();
	if (!s->ks || !s->gm) {
		gdoi_service_free(s);
		return NULL;
	}
	s->show.ks = s->ks;
	s->show.gm = s->gm;
	s->show.now = pull_now;
	config_set_change_hook(config, on_change, s);
	return s;
}

int gdoi_service_start(struct gdoi_service *s, struct event_base *base)
{
	struct timeval second = { .tv_sec = 1 };

	s->base = base;
	s->reconcile = event_new(base, -1, 0, on_reconcile, s);
	s->tick = event_new(base, -1, EV_PERSIST, on_tick, s);
	if (!s->reconcile || !s->tick || event_add(s->tick, &second) != 0)
		return -1;
	s->dp = gm_dp_hook_new(s);
	reconcile(s);
	return 0;
}

void gdoi_service_free(struct gdoi_service *s)
{
	if (!s)
		return;
	config_set_change_hook(s->config, NULL, NULL);
	if (s->tick)
		event_free(s->tick);
	if (s->reconcile)
		event_free(s->reconcile);
	gm_service_free(s);          /* withdraws the dataplane first */
	gm_dp_hook_free(s->dp);
	ks_service_free(s);
	close_network(s);
	OPENSSL_cleanse(&s->rx, sizeof(s->rx));
	OPENSSL_cleanse(&s->out, sizeof(s->out));
	free(s);
}
