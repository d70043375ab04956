#include "gdoi/pull_service.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "gdoi/pull_msg.h"
#include "gdoi/pull_clock.h"

struct pull_service {
	struct pull_service_config cfg;
	unsigned long ks_completed;
	struct pull_rx *rx;                 /* scratch for notifications */
	struct ks_pull_out out;             /* scratch for replies */
};

struct pull_service *pull_service_new(const struct pull_service_config *cfg)
{
	struct pull_service *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->rx = malloc(sizeof(*s->rx));
	if (!s->rx) {
		free(s);
		return NULL;
	}
	s->cfg = *cfg;
	transport_register(cfg->t, ISAKMP_EXCH_GROUPKEY_PULL, pull_service_input, s);
	return s;
}

void pull_service_free(struct pull_service *s)
{
	if (!s)
		return;
	transport_register(s->cfg.t, ISAKMP_EXCH_GROUPKEY_PULL, NULL, NULL);
	OPENSSL_clear_free(s->rx, sizeof(*s->rx));
	OPENSSL_cleanse(&s->out, sizeof(s->out));
	free(s);
}

static void send_on(struct pull_service *s, const struct ike_sa *sa, const uint8_t *buf, size_t len)
{
	transport_send(s->cfg.t, &sa->local, &sa->peer, buf, len);
}

static struct sockaddr_in server_of(const struct gm_group *g)
{
	return (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons(GDOI_UDP_PORT),
				     .sin_addr = gm_group_server(g) };
}

static void poll_group(struct pull_service *s, struct gm_group *g, uint64_t now)
{
	struct sockaddr_in ks = server_of(g), local;
	size_t len;

	switch (gm_poll(s->cfg.gm, g, now, s->out.buf, sizeof(s->out.buf), &len)) {
	case GM_ACT_NEED_PHASE1:
		if (transport_source_for(s->cfg.t, &ks, &local) < 0 ||
		    ike_initiate(s->cfg.ike, &local, &ks, g) < 0)
			gm_registration_failed(s->cfg.gm, g, now, "cannot start phase 1 (no route?)");
		break;
	case GM_ACT_SEND:
		if (g->pull)
			send_on(s, gm_pull_sa(g->pull), s->out.buf, len);
		break;
	case GM_ACT_NONE:
		break;
	}
}

void pull_service_tick(struct pull_service *s, uint64_t now)
{
	if (s->cfg.ks)
		ks_expire(s->cfg.ks, now);
	for (size_t i = 0; s->cfg.gm && i < gm_group_count(s->cfg.gm); i++)
		poll_group(s, gm_group_at(s->cfg.gm, i), now);
}

/* user is trusted only if it is one of our groups still waiting for it */
static struct gm_group *waiting_group(struct pull_service *s, void *user)
{
	for (size_t i = 0; user && s->cfg.gm && i < gm_group_count(s->cfg.gm); i++) {
		struct gm_group *g = gm_group_at(s->cfg.gm, i);

		if (g == user && g->state == GM_STATE_PHASE1)
			return g;
	}
	return NULL;
}

void pull_service_established(struct pull_service *s, const struct ike_sa *sa, void *user)
{
	struct gm_group *g = waiting_group(s, user);
	size_t len;

	if (g && gm_phase1_up(s->cfg.gm, g, sa, pull_now(), s->out.buf, sizeof(s->out.buf),
			      &len) == 0)
		send_on(s, sa, s->out.buf, len);
}

void pull_service_failed(struct pull_service *s, void *user, unsigned reason)
{
	struct gm_group *g = waiting_group(s, user);

	if (g)
		gm_registration_failed(s->cfg.gm, g, pull_now(), ike_notify_name(reason));
}

bool pull_service_info(struct pull_service *s, const uint8_t *buf, size_t len)
{
	const struct ike_sa *sa;
	const char *why;
	uint16_t type;

	if (!s->cfg.gm || len < PULL_HDR_LEN)
		return false;
	sa = ike_sa_find(s->cfg.ike, buf, buf + IKE_COOKIE_LEN);
	if (!sa || pull_parse_notify(sa, buf, len, s->rx, &type, &why) < 0 ||
	    type != WIRE_N_INVALID_ID_INFORMATION)
		return false;
	for (size_t i = 0; i < gm_group_count(s->cfg.gm); i++) {
		struct gm_group *g = gm_group_at(s->cfg.gm, i);
		const struct ike_sa *psa = g->pull ? gm_pull_sa(g->pull) : NULL;

		if (!psa || memcmp(psa->icookie, sa->icookie, IKE_COOKIE_LEN) ||
		    memcmp(psa->rcookie, sa->rcookie, IKE_COOKIE_LEN))
			continue;
		gm_notify(s->cfg.gm, sa, type, pull_now());
		if (s->cfg.refused)
			s->cfg.refused(s->cfg.arg, g, type);
		return true;
	}
	return false;
}

static void ks_input(struct pull_service *s, const struct ike_sa *sa, const uint8_t *buf,
		     size_t len)
{
	struct ks *ks = s->cfg.ks;
	struct pull_hdr hdr;

	if (pull_hdr_read(buf, len, &hdr) < 0)
		return;
	if (ks_pull_input(ks, sa, buf, len, pull_now(), &s->out) != KS_PULL_DROP)
		send_on(s, sa, s->out.buf, s->out.len);
	if (ks_stats(ks)->pulls_completed > s->ks_completed) {
		s->ks_completed = ks_stats(ks)->pulls_completed;
		if (s->cfg.member_registered) {
			/* the group the member registered to: find it by address */
			for (size_t i = 0; i < ks_group_count(ks); i++) {
				const struct ks_group *g = ks_group_at(ks, i);
				const struct ks_member *m = ks_members_find(&g->members, sa->peer.sin_addr);

				if (m && m->last_pull_msgid == hdr.msgid)
					s->cfg.member_registered(s->cfg.arg, g, sa->peer.sin_addr);
			}
		}
	}
}

void pull_service_input(void *svc, const struct sockaddr_in *local,
			const struct sockaddr_in *peer, const uint8_t *buf, size_t len)
{
	struct pull_service *s = svc;
	const struct ike_sa *sa;
	struct gm_group *g;
	size_t out_len;

	(void)local;
	(void)peer;
	sa = len >= PULL_HDR_LEN ? ike_sa_find(s->cfg.ike, buf, buf + IKE_COOKIE_LEN) : NULL;
	if (!sa)
		return;
	if (sa->role == IKE_RESPONDER) {
		if (s->cfg.ks)
			ks_input(s, sa, buf, len);
		return;
	}
	if (!s->cfg.gm)
		return;
	switch (gm_input(s->cfg.gm, sa, buf, len, pull_now(), s->out.buf, sizeof(s->out.buf),
			 &out_len, &g)) {
	case GM_IN_SEND:
		send_on(s, sa, s->out.buf, out_len);
		break;
	case GM_IN_REGISTERED:
		if (s->cfg.registered)
			s->cfg.registered(s->cfg.arg, g);
		break;
	case GM_IN_DROP:
		break;
	}
}
