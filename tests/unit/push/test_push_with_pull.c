/* Rekeys after real registrations: a key server and two members
 * register through the GROUPKEY-PULL engines (gdoi/ks.h, gdoi/gm.h), then
 * the key server rekeys three times on schedule (new SPIs, SEQ + 1 each,
 * the last one with a new KEK); one member acknowledges every rekey, the
 * other never does and is removed after 1 + 2 transmissions of the first. */
#include <stdlib.h>
#include <string.h>

#include "gdoi/push_ack.h"
#include "gdoi/push_gm.h"
#include "gdoi/push_msg.h"
#include "gdoi/rekey_ks.h"
#include "gdoi/rekey_round.h"
#include "gdoi/rekey_sched.h"
#include "log/log.h"
#include "tests/tap.h"
#include "tests/unit/pull/pull_harness.h"

struct member {
	struct gm *gm;
	struct gm_group *g;
	struct push_gm push;
	struct sa_pair sa;
	struct in_addr addr;
	bool silent;
};

static struct push_rx rx;
static uint8_t dgram[PUSH_MAX_MSG];

static EVP_PKEY *ks_config_with_key(struct ks_group_config *cfg)
{
	EVP_PKEY *key = EVP_RSA_gen(2048);
	unsigned char *der = NULL;
	size_t len = 0;

	ks_config_fixture(cfg, true);
	cfg->sa[0].lifetime_s = 300; /* short TEKs: rekeys come quickly */
	cfg->sa[1].lifetime_s = 300;
	cfg->sig_key_bits = 2048;
	if (!key || rsa_public_to_spki(key, &der, &len) < 0 || len > sizeof(cfg->pubkey))
		abort();
	memcpy(cfg->pubkey, der, len);
	cfg->pubkey_len = len;
	OPENSSL_free(der);
	return key;
}

static void join(struct ks *ks, struct member *m, const char *addr, uint8_t seed, uint64_t now)
{
	struct gm_group_config gcfg;
	const char *why = NULL;
	char name[80];

	m->gm = gm_new();
	m->addr = ipv4(addr);
	gm_config_fixture(&gcfg, GROUP_ID);
	m->g = gm_add_group(m->gm, &gcfg, now, &why);
	sa_pair_fixture(&m->sa, seed, m->addr);
	snprintf(name, sizeof(name), "member %s registered through GROUPKEY-PULL", addr);
	is_int(m->g ? register_once(ks, m->gm, m->g, &m->sa, now, NULL) : 0, 4, name);
	ok(push_gm_start(&m->push, &m->g->policy, NULL, 0, m->addr, 0) == 0,
	   "member ready for rekeys with the registered KEK and KS key");
}

/* One rekey: decide, prepare, build, deliver to each pending member on
 * every transmission, collect acknowledgements. */
static void rekey(struct ks *ks, struct ks_group *kg, EVP_PKEY *key, struct member *m, size_t nm,
		  uint64_t *now, bool want_new_kek, uint32_t want_seq)
{
	struct rekey_sched_cfg sc = { .tek_lifetime_s = 300, .kek_lifetime_s = 86400,
				      .retransmit_period_s = 10, .retransmits = 2 };
	struct rekey_sched_state st = { .tek_created = kg->tek_created,
					.kek_created = kg->kek_created };
	struct rekey_round_cfg rc = { .unicast = true, .period_s = 10, .retransmits = 2 };
	struct rekey_decision d;
	struct rekey_ks_prepared p;
	struct push_gm_result res;
	struct in_addr *addrs;
	struct rekey_round r;
	size_t n, len;
	const char *why = "";
	uint32_t old_spi = kg->policy.teks[0].spi;
	enum rekey_round_step step;

	if (want_new_kek) /* a KEK lifetime that ends now */
		sc.kek_lifetime_s = (uint32_t)(*now - kg->kek_created) + 60;
	do {
		rekey_sched_decide(&sc, &st, *now, &d);
		if (d.reason == REKEY_NONE)
			*now = d.next_check;
	} while (d.reason == REKEY_NONE);
	is_int(d.reason, want_new_kek ? REKEY_KEK_EXPIRY : REKEY_TEK_EXPIRY, "scheduler says rekey");
	ok(rekey_ks_prepare(ks, kg, &d, *now, &p) == 0, "rekey prepared from the group");
	is_int(p.seq, want_seq, "SEQ advanced by one");
	if (d.new_teks)
		ok(kg->policy.teks[0].spi != old_spi, "new TEK SPI");
	else
		ok(kg->policy.teks[0].spi == old_spi, "KEK rekey alone keeps the TEK SPI");
	{
		struct push_content c = { .seq = p.seq, .gp = &p.gp, .ack_requested = true,
					  .delete_spis = p.del, .n_delete = p.n_del };

		ok(push_build(&p.kek, key, &c, dgram, sizeof(dgram), &len, &why) == 0, "rekey built");
	}
	addrs = rekey_ks_member_addrs(&kg->members, &n);
	rekey_round_start(&r, p.seq, &p.kek, addrs, n, &rc, *now);
	free(addrs);
	while ((step = rekey_round_poll(&r, *now)) != REKEY_ROUND_DONE &&
	       step != REKEY_ROUND_EXPIRED) {
		size_t np;
		const struct in_addr *pend = rekey_round_pending(&r, &np);
		struct in_addr to[8];

		if (step == REKEY_ROUND_WAIT) {
			*now = rekey_round_deadline(&r);
			continue;
		}
		rekey_ks_note_sent(&r, &kg->members);
		memcpy(to, pend, (np < 8 ? np : 8) * sizeof(to[0]));
		for (size_t i = 0; i < np && i < 8; i++)
			for (size_t j = 0; j < nm; j++) {
				uint32_t seq;
				struct in_addr who;

				if (m[j].addr.s_addr != to[i].s_addr || m[j].silent)
					continue;
				push_gm_receive(&m[j].push, dgram, len, &rx, &res);
				if (res.verdict == PUSH_OK)
					push_gm_apply(&m[j].g->policy, &rx);
				if (res.ack_len && push_ack_peek_spi(res.ack, res.ack_len, p.kek.spi) == 0 &&
				    push_ack_open(&r.kek, res.ack, res.ack_len, &seq, &who, &why) == 0)
					rekey_ks_ack(&r, &kg->members, who, seq);
			}
	}
	if (step == REKEY_ROUND_EXPIRED)
		rekey_ks_remove_unacked(&r, &kg->members, kg->cfg.name);
	rekey_round_free(&r);
	rekey_ks_prepared_wipe(&p);
}

int main(void)
{
	struct ks_group_config kcfg;
	struct ks *ks = ks_new();
	struct ks_group *kg;
	struct member m[2] = { { .silent = false }, { .silent = true } };
	const char *why = NULL;
	uint64_t now = 1000;
	EVP_PKEY *key;

	log_init("test", LOG_SINK_NONE);
	key = ks_config_with_key(&kcfg);
	kg = ks_add_group(ks, &kcfg, now, &why);
	if (!ok(kg != NULL, "KS group with rekey")) {
		diag(why);
		return done_testing();
	}
	join(ks, &m[0], "10.1.2.3", 7, now);
	join(ks, &m[1], "10.1.2.4", 8, now);
	is_int(ks_members_count(&kg->members), 2, "two registered members");

	rekey(ks, kg, key, m, 2, &now, false, 1);
	is_int(m[0].push.last_seq, 1, "member follows rekey 1");
	is_int(ks_members_count(&kg->members), 1, "the silent member is removed after rekey 1");
	ok(ks_members_find(&kg->members, m[0].addr)->last_seq_acked == 1, "acknowledgement recorded");
	ok(gp_find_tek(&m[0].g->policy, kg->policy.teks[0].spi) != NULL,
	   "member installed the new TEK SPI");

	rekey(ks, kg, key, m, 2, &now, false, 2);
	is_int(m[0].push.last_seq, 2, "member follows rekey 2");
	rekey(ks, kg, key, m, 2, &now, true, 3);
	is_int(m[0].push.last_seq, 3, "member follows rekey 3");
	is_mem(m[0].push.kek.spi, kg->policy.kek.spi, GP_KEK_SPI_LEN, "member has the new KEK");
	ok(gp_find_tek(&m[0].g->policy, kg->policy.teks[0].spi) &&
	   gp_find_tek(&m[0].g->policy, kg->policy.teks[2].spi), "member holds the current TEKs");
	is_int(ks_members_find(&kg->members, m[0].addr)->acks_received, 3, "three acknowledgements");
	is_int(m[0].push.ctr.accepted, 3, "three rekeys accepted");
	is_int(m[1].push.ctr.accepted, 0, "silent member got none through");

	for (int i = 0; i < 2; i++) {
		push_gm_stop(&m[i].push);
		gm_free(m[i].gm);
	}
	ks_free(ks);
	EVP_PKEY_free(key);
	push_rx_wipe(&rx);
	return done_testing();
}
