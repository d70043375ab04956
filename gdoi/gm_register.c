/* Group member: the registration state machine and the key server list. */
#include "gdoi/gm_internal.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "gdoi/pull_msg.h"
#include "gdoi/wire.h"
#include "log/log.h"

struct in_addr gm_group_server(const struct gm_group *g)
{
	return g->cfg.servers[g->server_idx % g->cfg.n_servers];
}

static unsigned backoff(unsigned failures)
{
	unsigned d = GM_BACKOFF_MIN_S << (failures > 5 ? 5 : failures);

	return d > GM_BACKOFF_MAX_S ? GM_BACKOFF_MAX_S : d;
}

void gm_registration_failed(struct gm *gm, struct gm_group *g, uint64_t now, const char *why)
{
	char ks[INET_ADDRSTRLEN];
	struct in_addr server = gm_group_server(g);

	(void)gm;
	gm_pull_free(g->pull);
	g->pull = NULL;
	g->failures++;
	snprintf(g->last_error, sizeof(g->last_error), "%s", why ? why : "registration failed");
	inet_ntop(AF_INET, &server, ks, sizeof(ks));
	log_debug("GDOI: registration of group %s with KS %s failed: %s", g->cfg.name, ks,
		  g->last_error);
	if (++g->tries >= GM_TRIES_PER_SERVER) {
		g->tries = 0;
		g->server_idx = (g->server_idx + 1) % g->cfg.n_servers;
	}
	g->next_attempt = now + backoff(g->consecutive_failures++);
	/* a registered member keeps its keys and state until they expire */
	g->state = g->registered_once && now < g->expires_at ? GM_STATE_REGISTERED : GM_STATE_IDLE;
	if (g->state == GM_STATE_REGISTERED)
		g->reregister_at = g->next_attempt;
}

void gm_reregister(struct gm *gm, struct gm_group *g, uint64_t now)
{
	(void)gm;
	gm_pull_free(g->pull);
	g->pull = NULL;
	g->tries = g->consecutive_failures = 0;
	g->next_attempt = now;
	if (g->state == GM_STATE_REGISTERED)
		g->reregister_at = now;
	else
		g->state = GM_STATE_IDLE;
}

enum gm_action gm_poll(struct gm *gm, struct gm_group *g, uint64_t now,
		       uint8_t *out, size_t cap, size_t *out_len)
{
	const uint8_t *last;
	size_t len;

	if (g->has_retired && now >= g->retired_until)
		gm_dp_drop_retired(gm, g);
	switch (g->state) {
	case GM_STATE_IDLE:
		if (now < g->next_attempt)
			return GM_ACT_NONE;
		break;
	case GM_STATE_REGISTERED:
		if (now >= g->expires_at) {
			/* keys expired without a successful re-registration */
			gm_dp_withdraw(gm, g);
			g->dp_status = gm_dp_idle_status(gm);
			g->state = GM_STATE_IDLE;
			g->next_attempt = now;
		} else if (now < g->reregister_at) {
			return GM_ACT_NONE;
		}
		break;
	case GM_STATE_PHASE1:
		/* the daemon reports phase-1 success or failure; in case it never does */
		if (now >= g->phase1_started + GM_PHASE1_TIMEOUT_S)
			gm_registration_failed(gm, g, now, "phase 1 did not complete");
		return GM_ACT_NONE;
	case GM_STATE_REGISTERING:
		if (now < g->last_sent + GM_RETRANSMIT_S)
			return GM_ACT_NONE;
		if (g->retransmits >= GM_MAX_RETRANSMITS) {
			gm_registration_failed(gm, g, now, "no answer from the key server");
			return GM_ACT_NONE;
		}
		last = gm_pull_last_sent(g->pull, &len);
		if (len > cap)
			return GM_ACT_NONE;
		memcpy(out, last, len);
		*out_len = len;
		g->retransmits++;
		g->last_sent = now;
		return GM_ACT_SEND;
	}
	g->state = GM_STATE_PHASE1;
	g->phase1_started = now;
	g->attempts++;
	return GM_ACT_NEED_PHASE1;
}

int gm_phase1_up(struct gm *gm, struct gm_group *g, const struct ike_sa *sa, uint64_t now,
		 uint8_t *out, size_t cap, size_t *out_len)
{
	if (g->state != GM_STATE_PHASE1)
		g->attempts++;
	gm_pull_free(g->pull);
	g->pull = gm_pull_start(sa, g->cfg.group_id, g->cfg.wire_flags, out, cap, out_len);
	if (!g->pull) {
		gm_registration_failed(gm, g, now, "cannot start GROUPKEY-PULL");
		return -1;
	}
	g->local_addr = sa->local.sin_addr;
	g->state = GM_STATE_REGISTERING;
	g->last_sent = now;
	g->retransmits = 0;
	return 0;
}

static uint32_t shortest_lifetime(const struct group_policy *gp)
{
	uint32_t life = UINT32_MAX;

	for (unsigned i = 0; i < gp->n_teks; i++)
		if (gp->teks[i].lifetime_s < life)
			life = gp->teks[i].lifetime_s;
	if (gp->kek.present && gp->kek.lifetime_s < life)
		life = gp->kek.lifetime_s;
	return life == UINT32_MAX ? 3600 : life;
}

/* Re-register before the shortest lifetime ends (10% margin, at most 60 s),
 * even when rekeys are expected: a missed rekey must not stop traffic. */
static uint64_t reregister_time(uint32_t life, uint64_t now)
{
	return now + life - (life / 10 < 60 ? life / 10 : 60);
}

static void registered(struct gm *gm, struct gm_group *g, struct group_policy *gp, uint64_t now)
{
	struct group_policy *old = g->registered_once ? malloc(sizeof(*old)) : NULL;
	uint64_t previous = g->registered_at;
	char ks[INET_ADDRSTRLEN], local[INET_ADDRSTRLEN];

	if (old)
		*old = g->policy;
	g->policy = *gp;
	snprintf(g->policy.name, sizeof(g->policy.name), "%s", g->cfg.name);
	g->registered_with = gm_pull_sa(g->pull)->peer.sin_addr;
	gm_pull_free(g->pull);
	g->pull = NULL;
	g->state = GM_STATE_REGISTERED;
	g->registered_once = true;
	g->registered_at = now;
	g->registered_wall = time(NULL);
	g->expires_at = now + shortest_lifetime(&g->policy);
	g->reregister_at = reregister_time(shortest_lifetime(&g->policy), now);
	g->successes++;
	g->tries = g->consecutive_failures = 0;
	g->last_error[0] = '\0';
	gm_dp_install(gm, g);
	if (old) {
		g->registered_at = previous;    /* the old lifetimes count from then */
		gm_dp_retire(gm, g, old, now);
		g->registered_at = now;
		OPENSSL_clear_free(old, sizeof(*old));
	}
	inet_ntop(AF_INET, &g->registered_with, ks, sizeof(ks));
	inet_ntop(AF_INET, &g->local_addr, local, sizeof(local));
	log_event("GDOI", LOG_SEV_NOTICE, "GM_REGS_COMPL",
		  "Registration to KS %s complete for group %s using address %s", ks,
		  g->cfg.name, local);
}

void gm_rekeyed(struct gm *gm, struct gm_group *g, const struct group_policy *gp, uint64_t now)
{
	struct group_policy *old = malloc(sizeof(*old));
	uint64_t previous = g->registered_at;

	if (!old)
		return;
	*old = g->policy;
	g->policy = *gp;
	snprintf(g->policy.name, sizeof(g->policy.name), "%s", g->cfg.name);
	g->registered_at = now;
	g->expires_at = now + shortest_lifetime(&g->policy);
	g->reregister_at = reregister_time(shortest_lifetime(&g->policy), now);
	gm_dp_install(gm, g);
	g->registered_at = previous;    /* the old lifetimes count from then */
	gm_dp_retire(gm, g, old, now);
	g->registered_at = now;
	OPENSSL_clear_free(old, sizeof(*old));
	log_event("GDOI", LOG_SEV_NOTICE, "GM_RECV_REKEY", "Received Rekey for group %s, SEQ %u",
		  g->cfg.name, g->policy.seq);
}

static struct gm_group *group_of_exchange(const struct gm *gm, const struct ike_sa *sa,
					  uint32_t msgid)
{
	for (size_t i = 0; i < gm->n_groups; i++) {
		struct gm_group *g = gm->groups[i];
		const struct ike_sa *psa;

		if (!g->pull || gm_pull_msgid(g->pull) != msgid)
			continue;
		psa = gm_pull_sa(g->pull);
		if (memcmp(psa->icookie, sa->icookie, IKE_COOKIE_LEN) == 0 &&
		    memcmp(psa->rcookie, sa->rcookie, IKE_COOKIE_LEN) == 0)
			return g;
	}
	return NULL;
}

enum gm_input_result gm_input(struct gm *gm, const struct ike_sa *sa, const uint8_t *msg,
			      size_t len, uint64_t now, uint8_t *out, size_t cap, size_t *out_len,
			      struct gm_group **group)
{
	struct pull_hdr hdr;
	struct gm_group *g;
	struct group_policy *gp;
	enum gm_pull_result r;
	const char *why;

	*group = NULL;
	if (pull_hdr_read(msg, len, &hdr) < 0 || !(g = group_of_exchange(gm, sa, hdr.msgid)))
		return GM_IN_DROP;
	*group = g;
	gp = calloc(1, sizeof(*gp));
	if (!gp)
		return GM_IN_DROP;
	r = gm_pull_input(g->pull, msg, len, out, cap, out_len, gp, &why);
	if (r == GM_PULL_DROP) {
		log_debug("GDOI: GROUPKEY-PULL message for group %s dropped: %s", g->cfg.name, why);
		OPENSSL_clear_free(gp, sizeof(*gp));
		return GM_IN_DROP;
	}
	if (r == GM_PULL_SEND) {
		g->last_sent = now;
		g->retransmits = 0;
		OPENSSL_clear_free(gp, sizeof(*gp));
		return GM_IN_SEND;
	}
	gp->group_id = g->cfg.group_id;
	registered(gm, g, gp, now);
	OPENSSL_clear_free(gp, sizeof(*gp));
	return GM_IN_REGISTERED;
}

void gm_notify(struct gm *gm, const struct ike_sa *sa, uint16_t type, uint64_t now)
{
	for (size_t i = 0; i < gm->n_groups; i++) {
		struct gm_group *g = gm->groups[i];
		const struct ike_sa *psa;
		char ks[INET_ADDRSTRLEN];

		if (!g->pull)
			continue;
		psa = gm_pull_sa(g->pull);
		if (memcmp(psa->icookie, sa->icookie, IKE_COOKIE_LEN) != 0 ||
		    memcmp(psa->rcookie, sa->rcookie, IKE_COOKIE_LEN) != 0)
			continue;
		g->refusals++;
		inet_ntop(AF_INET, &psa->peer.sin_addr, ks, sizeof(ks));
		log_event("GDOI", LOG_SEV_ERR, "GM_REGS_REFUSED",
			  "KS %s refused the registration of group %s (%s)", ks, g->cfg.name,
			  wire_notify_name(type));
		/* a refusal will not change on retry: go to the next server */
		g->tries = GM_TRIES_PER_SERVER - 1;
		gm_registration_failed(gm, g, now, wire_notify_name(type));
	}
}
