/* GROUPKEY-PUSH from the key server, per group with a KEK: the schedule
 * (TEK/KEK expiry, `crypto gdoi ks rekey`) decides, gdoi/rekey_ks.c makes
 * the new keys and content, the message is built and signed once with
 * the `rekey authentication` RSA key, then a round sends it to every
 * registered member (unicast, retransmitted until acknowledged; members
 * that never acknowledge are removed) or once to the multicast group. */
#include "config.h"

#include "daemon/gdoi_service_int.h"
#include "config-parser/config.h"
#include "crypto/keystore.h"
#include "gdoi/rekey.h"
#include "gdoi/transport.h"
#include "log/log.h"

#include <arpa/inet.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

struct ks_rekey {
	bool round_active;
	struct rekey_round round;
	bool manual, replace_now;
	uint64_t next_check;
	uint8_t msg[PUSH_MAX_MSG];        /* the round's datagram (same for all) */
	size_t len;
	struct rekey_ks_prepared prep;    /* scratch: large */
};

struct ks_rekey *ks_rekey_new(void)
{
	return calloc(1, sizeof(struct ks_rekey));
}

void ks_rekey_free(struct ks_rekey *r)
{
	if (!r)
		return;
	if (r->round_active)
		rekey_round_free(&r->round);
	OPENSSL_clear_free(r, sizeof(*r));
}

void ks_rekey_request(struct ks_instance *k, bool replace_now)
{
	if (!k->rekey)
		return;
	k->rekey->manual = true;
	k->rekey->replace_now = k->rekey->replace_now || replace_now;
}

void ks_rekey_member_registered(struct ks_instance *k, struct in_addr member)
{
	if (k->rekey && k->rekey->round_active)
		rekey_round_forget(&k->rekey->round, member);
}

static void sched_cfg(const struct ks_group_config *c, struct rekey_sched_cfg *out)
{
	uint32_t tek = 0;

	for (unsigned i = 0; i < c->n_sa; i++)
		if (!tek || c->sa[i].lifetime_s < tek)
			tek = c->sa[i].lifetime_s;
	*out = (struct rekey_sched_cfg){
		.tek_lifetime_s = tek, .kek_lifetime_s = c->kek_lifetime_s,
		.retransmit_period_s = c->retransmit_period_s ? c->retransmit_period_s :
				       REKEY_DEFAULT_RETRANSMIT_PERIOD_S,
		.retransmits = c->retransmit_count,
	};
}

static void send_to(struct gdoi_service *s, const struct ks_instance *k, struct in_addr to,
		    const uint8_t *buf, size_t len)
{
	struct sockaddr_in peer = { .sin_family = AF_INET, .sin_port = htons(GDOI_UDP_PORT),
				    .sin_addr = to };
	struct sockaddr_in local = { .sin_family = AF_INET, .sin_port = htons(GDOI_UDP_PORT),
				     .sin_addr = k->cfg->server_addr };

	if (!local.sin_addr.s_addr && transport_source_for(s->transport, &peer, &local) != 0)
		return;
	transport_send(s->transport, &local, &peer, buf, len);
}

/* Builds the next rekey and starts its round. false: nothing sent. */
static bool start_round(struct gdoi_service *s, struct ks_instance *k, struct ks_group *g,
			const struct rekey_decision *d, uint64_t now)
{
	struct ks_rekey *r = k->rekey;
	const struct ks_group_config *c = k->cfg;
	EVP_PKEY *sign = s->config->keystore ? keystore_get(s->config->keystore, c->rsa_label) : NULL;
	struct rekey_round_cfg rc = { .unicast = c->rekey_unicast,
				      .period_s = c->retransmit_period_s ? c->retransmit_period_s :
						  REKEY_DEFAULT_RETRANSMIT_PERIOD_S,
				      .retransmits = c->retransmit_count };
	struct in_addr *members = NULL;
	const char *why = "RSA key missing";
	size_t n = 0;
	bool ok = false;

	if (sign && rekey_ks_prepare(s->ks, g, d, now, &r->prep) == 0) {
		struct push_content pc = { .seq = r->prep.seq, .gp = &r->prep.gp,
					   .ack_requested = c->rekey_unicast,
					   .delete_spis = r->prep.del, .n_delete = r->prep.n_del };

		why = "cannot build the message";
		if (push_build(&r->prep.kek, sign, &pc, r->msg, sizeof(r->msg), &r->len, &why) == 0) {
			if (c->rekey_unicast)
				members = rekey_ks_member_addrs(&g->members, &n);
			ok = rekey_round_start(&r->round, r->prep.seq, &r->prep.kek, members, n, &rc,
					       now) == 0;
			why = "out of memory";
		}
		rekey_ks_prepared_wipe(&r->prep);
	}
	free(members);
	if (!ok) {
		log_event("GDOI", LOG_SEV_ERR, "KS_REKEY_FAIL", "Rekey of group %s not sent: %s",
			  k->name, why);
		return false;
	}
	r->round_active = true;
	log_event("GDOI", LOG_SEV_NOTICE, "KS_SEND_UNICAST_REKEY",
		  "Sending %s Rekey (%s) for group %s, SEQ %u, to %zu member%s", c->rekey_unicast ?
		  "Unicast" : "Multicast", rekey_reason_name(d->reason), k->name, r->round.seq, n,
		  n == 1 ? "" : "s");
	return true;
}

static void run_round(struct gdoi_service *s, struct ks_instance *k, struct ks_group *g,
		      uint64_t now)
{
	struct ks_rekey *r = k->rekey;
	const struct in_addr *to;
	size_t n;

	switch (rekey_round_poll(&r->round, now)) {
	case REKEY_ROUND_WAIT:
		return;
	case REKEY_ROUND_SEND:
		to = rekey_round_pending(&r->round, &n);
		if (!r->round.cfg.unicast)
			send_to(s, k, k->cfg->kek_selector.dst, r->msg, r->len);
		for (size_t i = 0; r->round.cfg.unicast && i < n; i++)
			send_to(s, k, to[i], r->msg, r->len);
		rekey_ks_note_sent(&r->round, &g->members);
		return;
	case REKEY_ROUND_EXPIRED:
		rekey_ks_remove_unacked(&r->round, &g->members, k->name);
		break;
	case REKEY_ROUND_DONE:
		break;
	}
	rekey_round_free(&r->round);
	r->round_active = false;
}

void ks_rekey_tick(struct gdoi_service *s, struct ks_instance *k, uint64_t now)
{
	struct ks_group *g = ks_group_by_name(s->ks, k->name);
	struct ks_rekey *r = k->rekey;
	struct rekey_sched_state st;
	struct rekey_sched_cfg cfg;
	struct rekey_decision d;

	if (!g || !r || !s->transport)
		return;
	if (r->round_active)
		run_round(s, k, g, now);
	if (r->round_active || (now < r->next_check && !r->manual))
		return;
	sched_cfg(k->cfg, &cfg);
	st = (struct rekey_sched_state){ .tek_created = g->tek_created,
					 .kek_created = g->kek_created, .manual = r->manual,
					 .replace_now = r->replace_now };
	rekey_sched_decide(&cfg, &st, now, &d);
	r->next_check = d.next_check;
	r->manual = r->replace_now = false;
	if (d.reason != REKEY_NONE && start_round(s, k, g, &d, now))
		run_round(s, k, g, now);
}

static struct ks_instance *instance_of_spi(struct gdoi_service *s, const uint8_t *spi)
{
	for (unsigned i = 0; i < s->n_ks; i++) {
		struct ks_rekey *r = s->ks_inst[i].rekey;

		if (r && r->round_active && CRYPTO_memcmp(r->round.kek.spi, spi, GP_KEK_SPI_LEN) == 0)
			return &s->ks_inst[i];
	}
	return NULL;
}

void ks_rekey_ack_input(struct gdoi_service *s, const uint8_t *buf, size_t len)
{
	uint8_t spi[GP_KEK_SPI_LEN];
	struct ks_instance *k;
	struct ks_group *g;
	struct in_addr member;
	const char *why;
	uint32_t seq;

	if (push_ack_peek_spi(buf, len, spi) != 0 || !(k = instance_of_spi(s, spi)) ||
	    !(g = ks_group_by_name(s->ks, k->name)))
		return;
	if (push_ack_open(&k->rekey->round.kek, buf, len, &seq, &member, &why) != 0) {
		log_debug("GDOI: rekey acknowledgement for group %s dropped: %s", k->name, why);
		return;
	}
	rekey_ks_ack(&k->rekey->round, &g->members, member, seq);
}
