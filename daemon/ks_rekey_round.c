/* Rekey rounds of a key server group: what the schedule decides
 * (gdoi/rekey_sched.h), the GROUPKEY-PUSH built and signed once for the
 * round, the TEKs it carries along, and the round moved on
 * (retransmissions, removal of the members that never acknowledged). */
#include "config.h"

#include "daemon/ks_rekey_int.h"
#include "config-parser/config.h"
#include "crypto/keystore.h"
#include "gdoi/rekey.h"
#include "log/log.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Multicast rekeys need `rekey address ipv4 ACL` naming a multicast
 * group; without one (and without `rekey transport unicast`) the group is
 * rekeyed by unicast, said once in the log. */
static bool is_multicast(struct ksr_group *e)
{
	const struct ks_group *g = e->g;

	if (g->cfg.rekey_unicast)
		return false;
	if (IN_MULTICAST(ntohl(g->cfg.kek_selector.dst.s_addr)))
		return true;
	if (!e->said_no_mcast)
		log_event("GDOI", LOG_SEV_WARNING, "KS_NO_MCAST_ADDRESS",
			  "Group %s: no multicast rekey address (rekey address ipv4); rekeys "
			  "are sent by unicast", e->name);
	e->said_no_mcast = true;
	return false;
}

static void advance_round(struct gdoi_service *s, struct ksr_group *e, uint64_t now)
{
	while (e->round_active) {
		switch (rekey_round_poll(&e->round, now)) {
		case REKEY_ROUND_WAIT:
			return;
		case REKEY_ROUND_SEND:
			ksr_transmit(s, e);
			break;
		case REKEY_ROUND_EXPIRED:
			e->removed += rekey_ks_remove_unacked(&e->round, &e->g->members, e->name);
			e->round_active = false;
			break;
		case REKEY_ROUND_DONE:
			e->round_active = false;
			break;
		}
	}
}

static void sched_inputs(const struct ksr_group *e, struct rekey_sched_cfg *c,
			 struct rekey_sched_state *st)
{
	const struct ks_group *g = e->g;

	memset(c, 0, sizeof(*c));
	c->tek_lifetime_s = UINT32_MAX;
	for (unsigned i = 0; i < g->cfg.n_sa; i++)
		if (g->cfg.sa[i].lifetime_s < c->tek_lifetime_s)
			c->tek_lifetime_s = g->cfg.sa[i].lifetime_s;
	c->kek_lifetime_s = g->cfg.kek_lifetime_s;
	c->retransmit_period_s = g->cfg.retransmit_period_s ? g->cfg.retransmit_period_s
							    : REKEY_DEFAULT_RETRANSMIT_PERIOD_S;
	c->retransmits = g->cfg.retransmit_count;
	*st = (struct rekey_sched_state){ .tek_created = g->tek_created,
					  .kek_created = g->kek_created,
					  .policy_changed = e->policy_changed, .manual = e->manual,
					  .replace_now = e->replace_now,
					  .round_active = e->round_active };
}

static void log_sent(const struct ksr_group *e, enum rekey_reason why)
{
	char src[INET_ADDRSTRLEN], dst[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &e->g->cfg.server_addr, src, sizeof(src));
	if (e->round.cfg.unicast) {
		log_event("GDOI", LOG_SEV_NOTICE, "KS_SEND_UNICAST_REKEY",
			  "Sending Unicast Rekey (%s) for group %s from address %s with seq # %u "
			  "to %zu members", rekey_reason_name(why), e->name, src, e->round.seq,
			  e->round.n);
	} else {
		inet_ntop(AF_INET, &e->g->cfg.kek_selector.dst, dst, sizeof(dst));
		log_event("GDOI", LOG_SEV_NOTICE, "KS_SEND_MCAST_REKEY",
			  "Sending Multicast Rekey (%s) for group %s from address %s to %s with "
			  "seq # %u", rekey_reason_name(why), e->name, src, dst, e->round.seq);
	}
}

/* The old TEKs a rekey carries (in p->gp, not in the group's policy)
 * join the riding list; those whose lifetime ended leave it. */
static void note_riding(struct ksr_group *e, const struct rekey_ks_prepared *p, uint64_t now)
{
	unsigned n = 0;

	for (unsigned i = 0; i < e->n_riding; i++)
		if (e->riding_until[i] > now && gp_find_tek_const(&p->gp, e->riding[i]) == NULL) {
			e->riding[n] = e->riding[i];
			e->riding_until[n++] = e->riding_until[i];
		}
	for (unsigned i = 0; i < p->gp.n_teks && n < GP_MAX_TEKS; i++) {
		const struct gp_tek *t = &p->gp.teks[i];

		if (gp_find_tek_const(&e->g->policy, t->spi) || gp_find_tek_const(&p->gp, t->spi) != t)
			continue;
		e->riding[n] = t->spi;
		e->riding_until[n++] = now + t->lifetime_s;
	}
	e->n_riding = n;
}

/* replace-now: the riding TEKs are deleted too (room permitting). */
static size_t deletions(struct ksr_group *e, const struct rekey_ks_prepared *p,
			const struct rekey_decision *d, uint64_t now, uint32_t *del)
{
	size_t n = p->n_del;

	memcpy(del, p->del, n * sizeof(*del));
	if (d->reason != REKEY_MANUAL_REPLACE_NOW)
		return n;
	for (unsigned i = 0; i < e->n_riding && n < PUSH_MAX_DELETE; i++)
		if (e->riding_until[i] > now)
			del[n++] = e->riding[i];
	e->n_riding = 0;
	return n;
}

/* Builds the rekey the decision asks for and starts its round. */
static int start_rekey(struct gdoi_service *s, struct ksr_group *e,
		       const struct rekey_decision *d, uint64_t now)
{
	struct ks_group *g = e->g;
	struct rekey_ks_prepared *p = calloc(1, sizeof(*p));
	EVP_PKEY *key = s->config->keystore ? keystore_get(s->config->keystore, g->cfg.rsa_label)
					     : NULL;
	struct rekey_round_cfg rc = { .unicast = !is_multicast(e),
				      .period_s = g->cfg.retransmit_period_s ?
						  g->cfg.retransmit_period_s : 1,
				      .retransmits = g->cfg.retransmit_count };
	struct in_addr *members = NULL;
	struct push_content c;
	uint32_t del[PUSH_MAX_DELETE];
	const char *why = "out of memory";
	size_t n = 0;
	int ret = -1;

	ksr_group_reset(e);
	ksr_fanout_start(e);
	if (!p || !(e->msg = malloc(PUSH_MAX_MSG)))
		goto out;
	if (!key) {
		why = "the rekey RSA key is gone";
		goto out;
	}
	if (rekey_ks_prepare(s->ks, g, d, now, p) < 0) {
		why = "cannot prepare the new keys";
		goto out;
	}
	c = (struct push_content){ .seq = p->seq, .gp = &p->gp, .ack_requested = rc.unicast,
				   .delete_spis = del, .n_delete = deletions(e, p, d, now, del) };
	note_riding(e, p, now);
	if (push_build(&p->kek, key, &c, e->msg, PUSH_MAX_MSG, &e->len, &why) < 0)
		goto out;
	if (rc.unicast)
		members = rekey_ks_member_addrs(&g->members, &n);
	if (rekey_round_start(&e->round, p->seq, &p->kek, members, n, &rc, now) < 0) {
		why = "cannot start the rekey round";
		goto out;
	}
	if (rc.unicast)
		e->ack_checker = push_ack_checker_new(&e->round.kek);
	e->round_active = true;
	e->round_started = now;
	e->last_reason = d->reason;
	e->last_at = now;
	e->last_wall = time(NULL);
	e->rounds++;
	g->rekeys_sent++;
	log_sent(e, d->reason);
	ret = 0;
out:
	if (ret < 0) {
		log_event("GDOI", LOG_SEV_ERR, "KS_REKEY_FAIL", "Rekey of group %s failed: %s",
			  e->name, why);
		ksr_group_reset(e);
	}
	free(members);
	if (p)
		rekey_ks_prepared_wipe(p);
	free(p);
	return ret;
}

void ksr_run_group(struct gdoi_service *s, struct ksr_group *e, uint64_t now)
{
	struct rekey_sched_cfg c;
	struct rekey_sched_state st;
	struct rekey_decision d;

	advance_round(s, e, now);
	sched_inputs(e, &c, &st);
	rekey_sched_decide(&c, &st, now, &d);
	e->next_check = d.next_check;
	if (d.reason == REKEY_NONE)
		return;
	e->policy_changed = e->manual = e->replace_now = false;
	if (start_rekey(s, e, &d, now) == 0)
		advance_round(s, e, now);
	/* the keys changed: ask again for the next rekey */
	sched_inputs(e, &c, &st);
	rekey_sched_decide(&c, &st, now, &d);
	e->next_check = d.next_check;
}
