/* Main Mode failure paths: wrong key, no proposal, damaged and replayed
 * messages, unknown cookies, half-open floods, retransmission backoff,
 * lifetime expiry. After each, both contexts must hold no exchange state
 * beyond what the case expects. */
#include "tests/unit/ike/mm_harness.h"
#include "tests/tap.h"

#include "crypto/random.h"
#include "gdoi/ike_mm_int.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

static struct ike_policy lesson(void)
{
	return mm_policy(IKE_CIPHER_AES_CBC, 128, IKE_HASH_SHA1, IKE_AUTH_PSK, 5, 86400);
}

static void stats(const struct mm_side *s, struct ike_stats *st)
{
	ike_ctx_stats(s->ctx, st);
}

static bool clean(const struct mm_side *s)
{
	struct ike_stats st;

	stats(s, &st);
	return st.half_open == 0 && st.sas == 0 && s->ctx->n_exchanges == 0;
}

static void start(struct mm_net *net, const struct ike_policy *gm, size_t ngm,
		  const struct ike_policy *ks, size_t nks, const char *gm_psk, const char *ks_psk)
{
	mm_net_init(net, gm, ngm, ks, nks, gm_psk, ks_psk);
	ike_initiate(net->gm.ctx, &net->gm.addr, &net->ks.addr, NULL);
}

static void wrong_psk(void)
{
	struct ike_policy p = lesson();
	struct mm_net net;

	start(&net, &p, 1, &p, 1, "mekmitasdigoat", "not-the-key");
	mm_net_run(&net, 120000);
	ok(net.ks.failed == 1 && net.ks.last_reason == IKE_N_AUTHENTICATION_FAILED,
	   "wrong PSK: key server fails message 5 with AUTHENTICATION_FAILED");
	ok(net.gm.failed == 1 && net.gm.last_reason == IKE_N_AUTHENTICATION_FAILED,
	   "wrong PSK: member told AUTHENTICATION_FAILED");
	ok(!net.gm.established && !net.ks.established && clean(&net.gm) && clean(&net.ks),
	   "wrong PSK: no SA, no exchange left on either side");
	ok(ike_timers_count(net.timers) == 0, "wrong PSK: no timer left");
	mm_net_free(&net);
}

static void no_proposal(void)
{
	struct ike_policy gm = mm_policy(IKE_CIPHER_3DES, 0, IKE_HASH_MD5, IKE_AUTH_PSK, 2, 86400);
	struct ike_policy ks = lesson();
	struct ike_stats st;
	struct mm_net net;

	start(&net, &gm, 1, &ks, 1, "k", "k");
	mm_net_run(&net, 120000);
	stats(&net.ks, &st);
	ok(st.no_proposal == 1 && clean(&net.ks), "no proposal: key server keeps no state");
	ok(net.gm.failed == 1 && net.gm.last_reason == IKE_N_NO_PROPOSAL_CHOSEN && clean(&net.gm),
	   "no proposal: member told NO_PROPOSAL_CHOSEN");
	mm_net_free(&net);

	/* a longer lifetime than the key server's policy does not match (IOS) */
	gm = lesson();
	gm.lifetime_s = 90000;
	start(&net, &gm, 1, &ks, 1, "k", "k");
	mm_net_run(&net, 120000);
	ok(net.gm.failed == 1 && net.gm.last_reason == IKE_N_NO_PROPOSAL_CHOSEN,
	   "no proposal: offered lifetime above the local one");
	mm_net_free(&net);

	/* a pre-share policy without a key for the peer is not offered either */
	gm = lesson();
	start(&net, &gm, 1, &ks, 1, "k", "");
	mm_net_run(&net, 120000);
	ok(net.gm.failed == 1 && net.gm.last_reason == IKE_N_NO_PROPOSAL_CHOSEN,
	   "no proposal: key server has no pre-shared key for the member");
	mm_net_free(&net);
}

struct damage {
	unsigned victim;	/* send index to damage, first transmission only */
	enum { TRUNCATE, BAD_VERSION, BAD_LENGTH_FIELD, FLIP_LAST } how;
	bool done;
};

static bool damage_filter(struct mm_net *net, struct mm_pkt *pkt, unsigned index, void *arg)
{
	struct damage *d = arg;

	if (index != d->victim || d->done)
		return true;
	d->done = true;
	switch (d->how) {
	case TRUNCATE:
		pkt->len = pkt->len > 40 ? pkt->len - 13 : 10;
		break;
	case BAD_VERSION:
		pkt->buf[17] = 0x20;
		break;
	case BAD_LENGTH_FIELD:
		pkt->buf[30] ^= 0x40; /* first payload's length */
		break;
	case FLIP_LAST:
		pkt->buf[pkt->len - 1] ^= 0x80;
		break;
	}
	return true;
}

enum outcome { COMPLETES, REFUSED, AUTH_FAILS, MEMBER_FAILS_ONLY, IV_DIVERGES };

/* What each kind of damage to each message must lead to. */
static enum outcome expected(unsigned victim, int how, unsigned *reason)
{
	*reason = IKE_N_AUTHENTICATION_FAILED;
	if (how == TRUNCATE || how == BAD_VERSION)
		return COMPLETES; /* header check drops it; retransmission repairs */
	/* Ciphertext changed. The last block of message 5 holds only the
	 * INITIAL_CONTACT notify, which no hash covers: the key server
	 * accepts it, but then chains a different IV than the member. */
	if (victim == 5 && how == FLIP_LAST)
		return IV_DIVERGES; /* the same in message 6: only phase 2 can tell */
	if (victim == 5 || (victim == 4 && how == FLIP_LAST))
		return MEMBER_FAILS_ONLY;
	if (victim == 4)
		return AUTH_FAILS;
	if (how == BAD_LENGTH_FIELD) {
		*reason = IKE_N_PAYLOAD_MALFORMED;
		return victim == 0 ? REFUSED : COMPLETES;
	}
	/* last octet: the lifetime of messages 1/2, the nonce of 3/4 */
	*reason = victim <= 1 ? IKE_N_NO_PROPOSAL_CHOSEN : IKE_N_AUTHENTICATION_FAILED;
	return victim <= 1 ? REFUSED : AUTH_FAILS;
}

static void damaged_one(unsigned victim, int how)
{
	static const char *how_name[] = { "truncated", "bad version", "bad payload length",
					  "last octet flipped" };
	struct ike_policy p = lesson();
	struct damage d = { .victim = victim, .how = how };
	struct mm_net net;
	char label[160];
	struct ike_stats gs, ks;
	unsigned reason;
	bool good = false;

	mm_net_init(&net, &p, 1, &p, 1, "k", "k");
	net.filter = damage_filter;
	net.filter_arg = &d;
	ike_initiate(net.gm.ctx, &net.gm.addr, &net.ks.addr, NULL);
	mm_net_run(&net, 120000);
	stats(&net.gm, &gs);
	stats(&net.ks, &ks);
	switch (expected(victim, how, &reason)) {
	case COMPLETES:
		snprintf(label, sizeof(label), "message %u %s: dropped, counted, repaired by retransmission",
			 victim + 1, how_name[how]);
		good = net.gm.established == 1 && net.ks.established == 1 &&
		       gs.malformed + ks.malformed >= 1 && gs.retransmits + ks.retransmits >= 1;
		break;
	case REFUSED:
	case AUTH_FAILS:
		snprintf(label, sizeof(label), "message %u %s: %s, both sides clean", victim + 1,
			 how_name[how], ike_notify_name(reason));
		good = net.gm.failed == 1 && net.gm.last_reason == reason && !net.gm.established &&
		       !net.ks.established && clean(&net.gm) && clean(&net.ks);
		break;
	case MEMBER_FAILS_ONLY:
		snprintf(label, sizeof(label),
			 "message %u %s: member fails, key server SA left for INITIAL_CONTACT",
			 victim + 1, how_name[how]);
		good = net.gm.failed == 1 && clean(&net.gm) && net.ks.established == 1;
		if (good) {
			/* the member's next attempt replaces the stale SA */
			net.filter = NULL;
			ike_initiate(net.gm.ctx, &net.gm.addr, &net.ks.addr, NULL);
			mm_net_run(&net, 10000);
			stats(&net.ks, &ks);
			good = net.gm.established == 1 && ks.sas == 1;
			if (!good)
				printf("# again: gm established %d failed %d, ks sas %u\n",
				       net.gm.established, net.gm.failed, ks.sas);
		}
		break;
	case IV_DIVERGES:
		snprintf(label, sizeof(label),
			 "message %u %s: not covered by HASH_R, both up with different last IVs",
			 victim + 1, how_name[how]);
		good = net.gm.established == 1 && net.ks.established == 1 &&
		       memcmp(net.gm.sa.phase1_iv, net.ks.sa.phase1_iv, net.gm.sa.block_len) != 0;
		break;
	}
	ok(good, label);
	if (!good)
		mm_dump_log();
	mm_net_free(&net);
}

static void damaged(void)
{
	for (unsigned victim = 0; victim < 6; victim++)
		for (int how = TRUNCATE; how <= FLIP_LAST; how++)
			damaged_one(victim, how);
}

static void replayed(void)
{
	struct ike_policy p = lesson();
	struct ike_stats st;
	struct mm_net net;
	unsigned long sent;

	start(&net, &p, 1, &p, 1, "k", "k");
	mm_net_run(&net, 10000);
	ok(net.ks.established == 1, "replay: established first");
	sent = net.ks.sent;
	for (unsigned i = 0; i < 6; i += 2)
		mm_net_inject(&net, &net.ks, &net.gm.addr, net.copy[i], net.copy_len[i]);
	mm_net_run(&net, 0);
	stats(&net.ks, &st);
	ok(st.sas == 1 && st.half_open == 0 && net.ks.established == 1,
	   "replay of messages 1, 3, 5: no new exchange or SA");
	ok(net.ks.sent == sent + 1, "replay of message 5: message 6 sent again, nothing else");
	/* after the linger period message 5 gets nothing */
	mm_net_run(&net, 40000);
	sent = net.ks.sent;
	mm_net_inject(&net, &net.ks, &net.gm.addr, net.copy[4], net.copy_len[4]);
	mm_net_run(&net, 0);
	ok(net.ks.sent == sent, "replay of message 5 after the linger: ignored");
	/* the member ignores a replayed message 2, 4, 6 */
	for (unsigned i = 1; i < 6; i += 2)
		mm_net_inject(&net, &net.gm, &net.ks.addr, net.copy[i], net.copy_len[i]);
	mm_net_run(&net, 0);
	stats(&net.gm, &st);
	ok(st.sas == 1 && net.gm.established == 1 && !net.gm.failed,
	   "replay of messages 2, 4, 6 to the member: ignored");
	mm_net_free(&net);
}

/* Before message 5, a different clear "message 3" reaches the key server. */
static bool stray_before_5(struct mm_net *net, struct mm_pkt *pkt, unsigned index, void *arg)
{
	if (index == 4 && net->copy[2]) {
		uint8_t stray[1024];
		size_t len = net->copy_len[2];

		memcpy(stray, net->copy[2], len);
		stray[len - 1] ^= 1;
		ike_input(net->ks.ctx, &net->ks.addr, &net->gm.addr, stray, len);
	}
	return true;
}

static void stray_clear_message(void)
{
	struct ike_policy p = lesson();
	struct ike_stats st;
	struct mm_net net;

	mm_net_init(&net, &p, 1, &p, 1, "k", "k");
	net.filter = stray_before_5;
	ike_initiate(net.gm.ctx, &net.gm.addr, &net.ks.addr, NULL);
	mm_net_run(&net, 10000);
	stats(&net.ks, &st);
	ok(net.gm.established == 1 && net.ks.established == 1 && st.malformed == 1,
	   "a clear message where message 5 is due: dropped, exchange completes");
	mm_net_free(&net);
}

static void unknown_cookies(void)
{
	struct ike_policy p = lesson();
	struct ike_stats st;
	struct mm_net net;
	uint8_t msg[512];

	start(&net, &p, 1, &p, 1, "k", "k");
	mm_net_run(&net, 10000);
	memcpy(msg, net.copy[2], net.copy_len[2]);
	random_bytes(msg, 16);
	for (int i = 0; i < 50; i++)
		mm_net_inject(&net, &net.ks, &net.gm.addr, msg, net.copy_len[2]);
	mm_net_run(&net, 0);
	stats(&net.ks, &st);
	ok(st.dropped_unknown_cookie == 50 && st.sas == 1 && st.half_open == 0,
	   "unknown cookies: dropped and counted");
	ok(net.ks.sent <= 3 + 10, "unknown cookies: INVALID_COOKIE notifies rate-limited");
	mm_net_free(&net);
}

static void flood(void)
{
	struct ike_policy p = lesson();
	struct ike_limits lim;
	struct ike_stats st;
	struct mm_net net;
	uint8_t msg[512];
	size_t len = mm_genuine_msg1(msg, sizeof(msg));

	ok(len > 0, "flood: a message 1 to replay");
	ike_limits_default(&lim);
	lim.max_half_open = 200;
	lim.max_half_open_per_peer = 4;

	mm_net_init(&net, &p, 1, &p, 1, "k", "k");
	ike_ctx_set_limits(net.ks.ctx, &lim);
	mm_flood_from(&net, 0x0b000000, 5000, 1, msg, len);
	stats(&net.ks, &st);
	is_int(st.half_open, 200, "flood from 5000 addresses: half-open capped in total");
	is_int(st.dropped_half_open, 4800, "flood: the others dropped and counted");
	is_int(net.ks.ctx->n_exchanges, 200, "flood: memory bounded (200 exchanges)");
	mm_net_run(&net, 61000);
	stats(&net.ks, &st);
	is_int(st.half_open, 0, "flood: half-open exchanges time out");
	mm_flood_from(&net, 0x0c000001, 1, 10, msg, len);
	stats(&net.ks, &st);
	is_int(st.half_open, 4, "flood from one address: per-source cap");
	mm_net_run(&net, 61000);
	/* while a flood fills the table a member is refused; once it timed out
	 * the member gets through */
	mm_flood_from(&net, 0x0d000000, 1000, 1, msg, len);
	ike_initiate(net.gm.ctx, &net.gm.addr, &net.ks.addr, NULL);
	mm_net_run(&net, 3000);
	ok(!net.gm.established, "flood: a member is refused while the table is full");
	mm_net_run(&net, 120000);
	ike_initiate(net.gm.ctx, &net.gm.addr, &net.ks.addr, NULL);
	mm_net_run(&net, 10000);
	ok(net.gm.established == 1 && net.ks.established == 1,
	   "after the flood times out a member completes Main Mode");
	mm_net_free(&net);
}

struct timing {
	uint64_t at[16];
	unsigned n;
};

static bool blackhole(struct mm_net *net, struct mm_pkt *pkt, unsigned index, void *arg)
{
	struct timing *t = arg;

	if (pkt->to == &net->ks && t->n < 16)
		t->at[t->n++] = net->now_ms;
	return false;
}

static void backoff(void)
{
	struct ike_policy p = lesson();
	struct timing t = { .n = 0 };
	struct mm_net net;
	struct ike_limits lim;

	mm_net_init(&net, &p, 1, &p, 1, "k", "k");
	ike_limits_default(&lim);
	lim.exchange_timeout_ms = 120000;
	ike_ctx_set_limits(net.gm.ctx, &lim);
	net.filter = blackhole;
	net.filter_arg = &t;
	ike_initiate(net.gm.ctx, &net.gm.addr, &net.ks.addr, NULL);
	mm_net_run(&net, 200000);
	is_int(t.n, 6, "no answer: message 1 and 5 retransmissions");
	ok(t.n == 6 && t.at[1] - t.at[0] == 2000 && t.at[2] - t.at[1] == 4000 &&
	   t.at[3] - t.at[2] == 8000 && t.at[4] - t.at[3] == 16000 && t.at[5] - t.at[4] == 32000,
	   "retransmissions back off exponentially (2, 4, 8, 16, 32 s)");
	ok(net.gm.failed == 1 && net.gm.last_reason == IKE_N_LOCAL_TIMEOUT && clean(&net.gm),
	   "then the exchange fails and is removed");
	mm_net_free(&net);

	/* the exchange timeout bounds it even with retransmissions left */
	t.n = 0;
	mm_net_init(&net, &p, 1, &p, 1, "k", "k");
	lim.exchange_timeout_ms = 10000;
	ike_ctx_set_limits(net.gm.ctx, &lim);
	net.filter = blackhole;
	net.filter_arg = &t;
	ike_initiate(net.gm.ctx, &net.gm.addr, &net.ks.addr, NULL);
	mm_net_run(&net, 9999);
	ok(!net.gm.failed, "exchange timeout: still trying before it");
	mm_net_run(&net, 2);
	ok(net.gm.failed == 1 && clean(&net.gm), "exchange timeout: gives up at 10 s");
	mm_net_free(&net);
}

static void lifetime(void)
{
	struct ike_policy p = lesson();
	struct ike_stats st;
	struct mm_net net;

	p.lifetime_s = 60;
	start(&net, &p, 1, &p, 1, "k", "k");
	mm_net_run(&net, 59000);
	stats(&net.gm, &st);
	ok(st.sas == 1 && net.gm.established == 1, "lifetime: SA up before 60 s");
	mm_net_run(&net, 2000);
	ok(clean(&net.gm) && clean(&net.ks), "lifetime: SA gone on both sides after 60 s");
	stats(&net.ks, &st);
	is_int(st.expired, 1, "lifetime: counted as expired");
	mm_net_free(&net);
}

int main(void)
{
	wrong_psk();
	no_proposal();
	damaged();
	replayed();
	stray_clear_message();
	unknown_cookies();
	flood();
	backoff();
	lifetime();
	return done_testing();
}
