/* Group member instances from the configuration: a `crypto map NAME SEQ
 * gdoi` entry with `set group G`, applied to an interface (`crypto map
 * NAME`), makes the daemon a member of G: it registers (Main Mode, then
 * GROUPKEY-PULL) with G's `server address ipv4` list in order, retrying
 * with backoff (gdoi/gm.c), and hands the policy to the dataplane. */
#include "config.h"

#include "daemon/gdoi_service_int.h"
#include "config-parser/config.h"
#include "gdoi/gm_config.h"
#include "gdoi/transport.h"
#include "log/log.h"

#include <arpa/inet.h>
#include <string.h>

static struct gm_instance *by_name(struct gdoi_service *s, const char *name)
{
	for (unsigned i = 0; i < s->n_gm; i++)
		if (strcmp(s->gm_inst[i].name, name) == 0)
			return &s->gm_inst[i];
	return NULL;
}

static struct gm_instance *by_token(struct gdoi_service *s, uint64_t token)
{
	for (unsigned i = 0; i < s->n_gm; i++)
		if (s->gm_inst[i].token == token)
			return &s->gm_inst[i];
	return NULL;
}

const char *gm_group_interface(const struct config *config, const char *group)
{
	const struct config_interface *ifc;
	const struct crypto_map_entry *e;

	TAILQ_FOREACH(ifc, &config->interfaces, link) {
		if (!ifc->crypto_map[0])
			continue;
		TAILQ_FOREACH(e, &config->crypto_maps, link)
			if (strcmp(e->map, ifc->crypto_map) == 0 && strcmp(e->group, group) == 0)
				return ifc->name;
	}
	return NULL;
}

static void stop_instance(struct gdoi_service *s, unsigned i, const char *why)
{
	struct gm_instance *m = &s->gm_inst[i];

	gm_remove_group(s->gm, m->name);   /* withdraws what the dataplane holds */
	log_event("GDOI", LOG_SEV_NOTICE, "GM_GROUP_STOPPED", "Group member of group %s stopped (%s)",
		  m->name, why);
	memmove(m, m + 1, (s->n_gm - i - 1) * sizeof(*m));
	s->n_gm--;
}

static void start_instance(struct gdoi_service *s, const struct gm_group_config *cfg,
			   uint64_t now)
{
	const char *why = NULL;
	struct gm_instance *m;

	if (s->n_gm == GM_MAX_GROUPS || !gm_add_group(s->gm, cfg, now, &why)) {
		gdoi_note_refusal(s, cfg->name, why ? why : "too many member groups");
		return;
	}
	gdoi_note_refusal(s, cfg->name, NULL);
	m = &s->gm_inst[s->n_gm++];
	memset(m, 0, sizeof(*m));
	snprintf(m->name, sizeof(m->name), "%s", cfg->name);
	m->cfg = *cfg;
	m->token = ++s->next_token;
}

/* The member configuration the model asks for, false if none (noted). */
static bool wanted(struct gdoi_service *s, const struct gdoi_group *grp,
		   struct gm_group_config *cfg)
{
	char err[160];

	if (!gm_config_is_member_group(grp) || !gm_group_interface(s->config, grp->name))
		return false;
	if (!gm_config_from_model(s->config, grp, cfg, err, sizeof(err))) {
		gdoi_note_refusal(s, grp->name, err);
		return false;
	}
	return true;
}

void gm_service_reconcile(struct gdoi_service *s, uint64_t now)
{
	const struct gdoi_group *grp;
	struct gm_group_config cfg;

	for (unsigned i = 0; i < s->n_gm;) {
		grp = gdoi_group_find(&s->config->groups, s->gm_inst[i].name);
		if (!grp || !wanted(s, grp, &cfg))
			stop_instance(s, i, "crypto map or group removed");
		else
			i++;
	}
	TAILQ_FOREACH(grp, &s->config->groups, link) {
		struct gm_instance *m;

		if (!wanted(s, grp, &cfg))
			continue;
		m = by_name(s, grp->name);
		if (m && memcmp(&m->cfg, &cfg, sizeof(cfg)) == 0)
			continue;
		if (m)
			stop_instance(s, (unsigned)(m - s->gm_inst), "configuration changed");
		start_instance(s, &cfg, now);
	}
}

/* The local address and port for talking to ks: the registration
 * interface's address if it has one, else what the routing table picks. */
static bool local_for(struct gdoi_service *s, struct gm_instance *m, const struct sockaddr_in *ks)
{
	struct in_addr a;

	if (gdoi_interface_address(m->cfg.interface, &a)) {
		m->local = (struct sockaddr_in){ .sin_family = AF_INET, .sin_addr = a,
						 .sin_port = htons(GDOI_UDP_PORT) };
		return true;
	}
	return transport_source_for(s->transport, ks, &m->local) == 0;
}

struct sa_search {
	struct in_addr peer;
	const struct ike_sa *found;
};

static void match_initiator_sa(const struct ike_sa *sa, void *arg)
{
	struct sa_search *q = arg;

	if (!q->found && sa->role == IKE_INITIATOR && sa->peer.sin_addr.s_addr == q->peer.s_addr)
		q->found = sa;
}

/* A key server that stopped answering on our phase-1 SA may have lost it
 * (restarted): the next attempt runs Main Mode anew instead of reusing it. */
static void forget_phase1(struct gdoi_service *s, struct in_addr ks)
{
	struct sa_search q = { .peer = ks };
	uint8_t ic[IKE_COOKIE_LEN], rc[IKE_COOKIE_LEN];

	ike_sa_foreach(s->ike, match_initiator_sa, &q);
	if (!q.found)
		return;
	memcpy(ic, q.found->icookie, sizeof(ic));
	memcpy(rc, q.found->rcookie, sizeof(rc));
	ike_sa_delete(s->ike, ic, rc, false);
}

static void log_failure(struct gm_group *g, struct in_addr ks, const char *why, uint64_t now)
{
	char addr[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &ks, addr, sizeof(addr));
	log_event("GDOI", LOG_SEV_WARNING, "GM_REGS_FAIL",
		  "Registration to KS %s for group %s failed (%s); next attempt in %llu s", addr,
		  g->cfg.name, why, (unsigned long long)(g->next_attempt > now ?
							 g->next_attempt - now : 0));
}

static void fail_attempt(struct gdoi_service *s, struct gm_group *g, const char *why, uint64_t now)
{
	struct in_addr ks = gm_group_server(g);

	gm_registration_failed(s->gm, g, now, why);
	log_failure(g, ks, why, now);
}

/* Registration attempt: reuse an established phase-1 SA with the key
 * server, else start Main Mode (gm_service_phase1_up follows). */
static void start_attempt(struct gdoi_service *s, struct gm_instance *m, struct gm_group *g,
			  uint64_t now)
{
	struct sockaddr_in ks = { .sin_family = AF_INET, .sin_port = htons(GDOI_UDP_PORT),
				  .sin_addr = gm_group_server(g) };
	struct sa_search q = { .peer = ks.sin_addr };
	char kstr[INET_ADDRSTRLEN], lstr[INET_ADDRSTRLEN];

	if (!s->transport || !local_for(s, m, &ks)) {
		fail_attempt(s, g, "no local address towards the key server", now);
		return;
	}
	inet_ntop(AF_INET, &ks.sin_addr, kstr, sizeof(kstr));
	inet_ntop(AF_INET, &m->local.sin_addr, lstr, sizeof(lstr));
	log_event("CRYPTO", LOG_SEV_NOTICE, "GM_REGSTR",
		  "Start registration to KS %s for group %s using address %s", kstr, m->name, lstr);
	ike_sa_foreach(s->ike, match_initiator_sa, &q);
	if (q.found) {
		gm_service_phase1_up(s, m->token, q.found, now);
		return;
	}
	if (ike_initiate(s->ike, &m->local, &ks, (void *)(uintptr_t)m->token) < 0)
		fail_attempt(s, g, "cannot start phase 1", now);
}

void gm_service_poll(struct gdoi_service *s, uint64_t now)
{
	for (unsigned i = 0; i < s->n_gm; i++) {
		struct gm_instance *m = &s->gm_inst[i];
		struct gm_group *g = gm_group_by_name(s->gm, m->name);
		struct sockaddr_in ks = { .sin_family = AF_INET, .sin_port = htons(GDOI_UDP_PORT) };
		enum gm_state before;
		size_t len = 0;

		if (!g)
			continue;
		before = g->state;
		ks.sin_addr = gm_group_server(g);
		switch (gm_poll(s->gm, g, now, s->out.buf, sizeof(s->out.buf), &len)) {
		case GM_ACT_NEED_PHASE1:
			start_attempt(s, m, g, now);
			break;
		case GM_ACT_SEND:
			transport_send(s->transport, &m->local, &ks, s->out.buf, len);
			break;
		case GM_ACT_NONE:
			if (before == GM_STATE_REGISTERING && g->state != before) {
				forget_phase1(s, ks.sin_addr);
				log_failure(g, ks.sin_addr, g->last_error, now);
			}
			break;
		}
	}
}

void gm_service_phase1_up(struct gdoi_service *s, uint64_t token, const struct ike_sa *sa,
			  uint64_t now)
{
	struct gm_instance *m = by_token(s, token);
	struct gm_group *g = m ? gm_group_by_name(s->gm, m->name) : NULL;
	size_t len = 0;

	if (!g || g->state != GM_STATE_PHASE1)
		return;   /* the instance was stopped or restarted meanwhile */
	if (gm_phase1_up(s->gm, g, sa, now, s->out.buf, sizeof(s->out.buf), &len) == 0)
		gdoi_send_on_sa(s, sa, s->out.buf, len);
	else
		fail_attempt(s, g, "cannot build GROUPKEY-PULL message 1", now);
}

void gm_service_phase1_failed(struct gdoi_service *s, uint64_t token, const char *why,
			      uint64_t now)
{
	struct gm_instance *m = by_token(s, token);
	struct gm_group *g = m ? gm_group_by_name(s->gm, m->name) : NULL;

	if (g && g->state == GM_STATE_PHASE1)
		fail_attempt(s, g, why, now);
}

void gm_service_input(struct gdoi_service *s, const struct ike_sa *sa, const uint8_t *buf,
		      size_t len, uint64_t now)
{
	struct gm_group *g = NULL;
	size_t out_len = 0;

	switch (gm_input(s->gm, sa, buf, len, now, s->out.buf, sizeof(s->out.buf), &out_len, &g)) {
	case GM_IN_SEND:
		gdoi_send_on_sa(s, sa, s->out.buf, out_len);
		break;
	case GM_IN_REGISTERED:   /* logged (GM_REGS_COMPL) and installed by gdoi/gm.c */
	case GM_IN_DROP:
		break;
	}
}

/* The phase-1 SAs are about to disappear: attempts waiting on them fail
 * now (and are retried) instead of waiting for an answer that cannot come. */
void gm_service_abort_attempts(struct gdoi_service *s, uint64_t now)
{
	for (unsigned i = 0; i < s->n_gm; i++) {
		struct gm_group *g = gm_group_by_name(s->gm, s->gm_inst[i].name);

		if (g && (g->state == GM_STATE_PHASE1 || g->state == GM_STATE_REGISTERING))
			fail_attempt(s, g, "sockets rebound", now);
	}
}

static void delete_sas_to(struct gdoi_service *s, struct in_addr ks)
{
	struct sa_search q = { .peer = ks };

	for (;;) {
		q.found = NULL;
		ike_sa_foreach(s->ike, match_initiator_sa, &q);
		if (!q.found)
			return;
		ike_sa_delete(s->ike, q.found->icookie, q.found->rcookie, true);
	}
}

void gm_service_clear(struct gdoi_service *s, uint64_t now)
{
	for (unsigned i = 0; i < s->n_gm; i++) {
		struct gm_instance *m = &s->gm_inst[i];
		struct gm_group *g = gm_group_by_name(s->gm, m->name);
		const char *why = NULL;

		if (g && s->ike)
			for (unsigned k = 0; k < g->cfg.n_servers; k++)
				delete_sas_to(s, g->cfg.servers[k]);
		gm_remove_group(s->gm, m->name);
		if (!gm_add_group(s->gm, &m->cfg, now, &why))
			gdoi_note_refusal(s, m->name, why);
		m->token = ++s->next_token;   /* late callbacks of the old attempt are ignored */
		log_event("GDOI", LOG_SEV_NOTICE, "GM_CLEAR_REGISTER",
			  "Config: GM cleared gdoi configuration for the group %s.", m->name);
	}
}

struct gm_instance *gm_service_instance(struct gdoi_service *s, const char *group)
{
	return by_name(s, group);
}

void gm_service_free(struct gdoi_service *s)
{
	s->n_gm = 0;
	gm_free(s->gm);
	s->gm = NULL;
}
