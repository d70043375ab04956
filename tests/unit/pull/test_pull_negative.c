/* GROUPKEY-PULL under attack or damage: unknown group, bad HASH(1)/(3),
 * truncated, extended and garbled messages at every step, replays, wrong
 * message IDs. Every bad datagram must be refused without changing the
 * receiver's state, and both sides must complete a registration afterwards. */
#include "tests/tap.h"
#include "tests/unit/pull/pull_harness.h"

#include "gdoi/pull_msg.h"
#include "log/log.h"

static struct ks *ks;
static struct gm *gm;
static struct ks_group *kg;
static uint64_t now = 100;

static void setup(void)
{
	struct ks_group_config kcfg;
	const char *why;

	ks = ks_new();
	gm = gm_new();
	ks_config_fixture(&kcfg, true);
	kg = ks_add_group(ks, &kcfg, now, &why);
}

static struct gm_group *new_member(const char *name, uint32_t group_id)
{
	struct gm_group_config cfg;
	const char *why;

	gm_config_fixture(&cfg, group_id);
	snprintf(cfg.name, sizeof(cfg.name), "%s", name);
	return gm_add_group(gm, &cfg, now, &why);
}

/* Both sides still work: a fresh member registers. */
static void healthy(const char *after)
{
	static unsigned n;
	char name[32], t[128];
	struct gm_group *g;
	struct sa_pair p;
	struct group_policy sent;

	snprintf(name, sizeof(name), "health%u", n);
	g = new_member(name, GROUP_ID);
	sa_pair_fixture(&p, (uint8_t)(200 + n), ipv4("10.9.0.1"));
	p.ks.peer.sin_addr.s_addr = p.gm.local.sin_addr.s_addr = htonl(0x0a090000u + ++n);
	snprintf(t, sizeof(t), "after %s: a new registration succeeds", after);
	ok(register_once(ks, gm, g, &p, now, NULL) == 4, t);
	ks_group_policy_at(kg, now, &sent);
	snprintf(t, sizeof(t), "after %s: the member got the KS policy", after);
	ok(same_policy(&g->policy, &sent), t);
	gp_wipe(&sent);
	gm_remove_group(gm, name);
}

static void unknown_group(void)
{
	static struct ks_pull_out out;
	static struct pull_rx rx;
	struct gm_group *g = new_member("unknown", 4321);
	struct sa_pair p;
	uint8_t m1[PULL_MAX_MSG];
	size_t len;
	uint16_t type = 0;
	const char *why;
	unsigned long before = ks_stats(ks)->unknown_group;

	sa_pair_fixture(&p, 1, ipv4("10.3.0.1"));
	gm_poll(gm, g, now, m1, sizeof(m1), &len);
	gm_phase1_up(gm, g, &p.gm, now, m1, sizeof(m1), &len);
	is_int(ks_pull_input(ks, &p.ks, m1, len, now, &out), KS_PULL_NOTIFY,
	       "unknown group: KS answers with a notification");
	is_int(ks_stats(ks)->unknown_group, before + 1, "unknown group counted");
	is_int(ks_pending(ks), 0, "no exchange state kept for it");
	ok(pull_parse_notify(&p.gm, out.buf, out.len, &rx, &type, &why) == 0,
	   "notification authenticates with the phase-1 SA");
	is_int(type, WIRE_N_INVALID_ID_INFORMATION, "INVALID_ID_INFORMATION");
	gm_notify(gm, &p.gm, type, now);
	is_int(g->state, GM_STATE_IDLE, "GM gives up this attempt");
	ok(gm_group_server(g).s_addr == ipv4("10.0.0.2").s_addr, "GM moves to the next server");
	ok(g->next_attempt > now, "GM backs off before the next attempt");
	out.buf[out.len - 1] ^= 1;
	ok(pull_parse_notify(&p.gm, out.buf, out.len, &rx, &type, &why) < 0,
	   "a damaged notification is refused");
	gm_remove_group(gm, "unknown");
	healthy("an unknown group");
}

/* Flips bit 0 of ciphertext byte 8 of the body: the plaintext of that block
 * (inside the HASH value) is garbled and the header survives, so only the
 * HASH check can catch it. */
static void bend_hash(uint8_t *m)
{
	m[PULL_HDR_LEN + 8] ^= 1;
}

static void bad_hashes(void)
{
	static struct ks_pull_out out;
	struct gm_group *g = new_member("badhash", GROUP_ID);
	struct gm_group *who;
	struct sa_pair p;
	struct transcript t;
	uint8_t bad[PULL_MAX_MSG], m3[PULL_MAX_MSG];
	size_t len, m3len = 0;
	unsigned long before = ks_stats(ks)->dropped_malformed;

	sa_pair_fixture(&p, 2, ipv4("10.3.0.2"));
	gm_phase1_up(gm, g, &p.gm, now, t.m[0], sizeof(t.m[0]), &t.len[0]);
	memcpy(bad, t.m[0], t.len[0]);
	bend_hash(bad);
	is_int(ks_pull_input(ks, &p.ks, bad, t.len[0], now, &out), KS_PULL_DROP, "bad HASH(1) dropped");
	is_int(ks_stats(ks)->dropped_malformed, before + 1, "counted as malformed");
	is_int(ks_pending(ks), 0, "bad HASH(1) leaves no state");
	is_int(ks_pull_input(ks, &p.ks, t.m[0], t.len[0], now, &out), KS_PULL_REPLY,
	       "the genuine message 1 still works");
	is_int(gm_input(gm, &p.gm, out.buf, out.len, now, m3, sizeof(m3), &m3len, &who), GM_IN_SEND,
	       "message 3 built");
	if (m3len < PULL_HDR_LEN + 16)
		return;
	memcpy(bad, m3, m3len);
	bend_hash(bad);
	is_int(ks_pull_input(ks, &p.ks, bad, m3len, now, &out), KS_PULL_DROP, "bad HASH(3) dropped");
	is_int(ks_pending(ks), 1, "exchange still pending after a bad HASH(3)");
	is_int(ks_pull_input(ks, &p.ks, m3, m3len, now, &out), KS_PULL_REPLY,
	       "genuine message 3 accepted after the bad one (IV not moved)");
	is_int(gm_input(gm, &p.gm, out.buf, out.len, now, NULL, 0, &len, &who), GM_IN_REGISTERED,
	       "member registered");
	gm_remove_group(gm, "badhash");
	healthy("bad hashes");
}

/* Every single-byte change, truncation and extension of message n is
 * refused by its receiver; then the genuine message goes through. */
static void damage_step(int n)
{
	static struct ks_pull_out out;
	static struct transcript t;
	static uint8_t bad[PULL_MAX_MSG + 16], reply[PULL_MAX_MSG];
	struct gm_group *g = new_member("damage", GROUP_ID);
	struct gm_group *who;
	struct sa_pair p;
	size_t len, rlen;
	unsigned accepted = 0, tried = 0;
	char name[128];

	sa_pair_fixture(&p, (uint8_t)(10 + n), ipv4("10.4.0.1"));
	gm_phase1_up(gm, g, &p.gm, now, t.m[0], sizeof(t.m[0]), &t.len[0]);
	/* bring both sides to the point where message n is expected */
	for (int i = 0; i < n; i++) {
		if (i % 2 == 0) {
			ks_pull_input(ks, &p.ks, t.m[i], t.len[i], now, &out);
			memcpy(t.m[i + 1], out.buf, out.len);
			t.len[i + 1] = out.len;
		} else {
			gm_input(gm, &p.gm, t.m[i], t.len[i], now, t.m[i + 1], sizeof(t.m[i + 1]),
				 &t.len[i + 1], &who);
		}
	}
	len = t.len[n];
	for (size_t off = 0; off < len + 3; off++) {
		size_t blen = len;
		bool ks_side = n % 2 == 0;
		int r;

		memcpy(bad, t.m[n], len);
		if (off < len) {
			bad[off] ^= (uint8_t)(off * 37 + 1) | 1;
		} else if (off == len) {
			blen = len - 1;          /* truncated by one octet */
		} else if (off == len + 1) {
			blen = len + 8;          /* one block of extra ciphertext */
			memset(bad + len, 0x5a, 8);
		} else {
			blen = len - 8;          /* last block cut, header length fixed */
			bad[24] = (uint8_t)(blen >> 24);
			bad[25] = (uint8_t)(blen >> 16);
			bad[26] = (uint8_t)(blen >> 8);
			bad[27] = (uint8_t)blen;
		}
		tried++;
		if (ks_side)
			r = ks_pull_input(ks, &p.ks, bad, blen, now, &out) != KS_PULL_DROP;
		else
			r = gm_input(gm, &p.gm, bad, blen, now, reply, sizeof(reply), &rlen, &who) != GM_IN_DROP;
		accepted += r;
	}
	for (size_t cut = 0; cut < len; cut += 7) {
		tried++;
		if (n % 2 == 0)
			accepted += ks_pull_input(ks, &p.ks, t.m[n], cut, now, &out) != KS_PULL_DROP;
		else
			accepted += gm_input(gm, &p.gm, t.m[n], cut, now, reply, sizeof(reply), &rlen, &who) != GM_IN_DROP;
	}
	snprintf(name, sizeof(name), "message %d: %u damaged versions all refused", n + 1, tried);
	is_int(accepted, 0, name);
	is_int(ks_pending(ks), n == 0 ? 0 : n == 3 ? 0 : 1, "KS exchange state unchanged");
	is_int(g->state, GM_STATE_REGISTERING, "GM still registering");

	/* the genuine messages complete the registration */
	for (int i = n; i < 4; i++) {
		if (i % 2 == 0) {
			ks_pull_input(ks, &p.ks, t.m[i], t.len[i], now, &out);
			memcpy(t.m[i + 1], out.buf, out.len);
			t.len[i + 1] = out.len;
		} else {
			gm_input(gm, &p.gm, t.m[i], t.len[i], now, t.m[i + 1], sizeof(t.m[i + 1]),
				 &t.len[i + 1], &who);
		}
	}
	snprintf(name, sizeof(name), "after damaged message %d the registration completes", n + 1);
	is_int(g->state, GM_STATE_REGISTERED, name);
	gm_remove_group(gm, "damage");
}

static void replays(void)
{
	static struct ks_pull_out out;
	static struct transcript t;
	struct gm_group *g = new_member("replay", GROUP_ID);
	struct gm_group *who;
	struct sa_pair p;
	uint8_t reply[PULL_MAX_MSG];
	size_t rlen;
	unsigned long before;

	sa_pair_fixture(&p, 30, ipv4("10.5.0.1"));
	is_int(register_once(ks, gm, g, &p, now, &t), 4, "registration to replay");

	/* within the retransmission window: a repeated message 3 gets message 4 again */
	before = ks_stats(ks)->retransmits;
	is_int(ks_pull_input(ks, &p.ks, t.m[2], t.len[2], now, &out), KS_PULL_REPLY,
	       "repeated message 3 answered");
	ok(out.len == t.len[3] && memcmp(out.buf, t.m[3], out.len) == 0, "with the same message 4");
	is_int(ks_stats(ks)->retransmits, before + 1, "counted as a retransmission");
	is_int(ks_pull_input(ks, &p.ks, t.m[0], t.len[0], now, &out), KS_PULL_DROP,
	       "replayed message 1 of a finished exchange dropped");

	/* later: the exchange is only a replay record */
	ks_expire(ks, now + KS_EXCHANGE_TIMEOUT_S + 1);
	before = ks_stats(ks)->dropped_replay;
	is_int(ks_pull_input(ks, &p.ks, t.m[0], t.len[0], now + 40, &out), KS_PULL_DROP,
	       "message 1 replayed later dropped");
	is_int(ks_pull_input(ks, &p.ks, t.m[2], t.len[2], now + 40, &out), KS_PULL_DROP,
	       "message 3 replayed later dropped");
	is_int(ks_stats(ks)->dropped_replay, before + 2, "both counted as replays");
	is_int(ks_pending(ks), 0, "no exchange created by replays");
	/* much later, the exchange record is gone: the member entry still knows */
	ks_expire(ks, now + KS_REPLAY_KEEP_S + 100);
	is_int(ks_pull_input(ks, &p.ks, t.m[0], t.len[0], now + KS_REPLAY_KEEP_S + 100, &out),
	       KS_PULL_DROP, "message 1 of the last registration refused for the SA's life");
	is_int(ks_pending(ks), 0, "still no exchange created");

	/* the member: replays of 2 and 4 belong to no exchange */
	is_int(gm_input(gm, &p.gm, t.m[1], t.len[1], now, reply, sizeof(reply), &rlen, &who), GM_IN_DROP,
	       "replayed message 2 dropped by the member");
	is_int(gm_input(gm, &p.gm, t.m[3], t.len[3], now, reply, sizeof(reply), &rlen, &who), GM_IN_DROP,
	       "replayed message 4 dropped by the member");
	is_int(g->state, GM_STATE_REGISTERED, "member still registered");
	gm_remove_group(gm, "replay");
	healthy("replays");
}

static void set_msgid(uint8_t *m, uint32_t id)
{
	m[20] = (uint8_t)(id >> 24);
	m[21] = (uint8_t)(id >> 16);
	m[22] = (uint8_t)(id >> 8);
	m[23] = (uint8_t)id;
}

static void wrong_message_id(void)
{
	static struct ks_pull_out out;
	static struct transcript t;
	struct gm_group *g = new_member("msgid", GROUP_ID);
	struct gm_group *who;
	struct sa_pair p;
	uint8_t bad[PULL_MAX_MSG], reply[PULL_MAX_MSG];
	size_t rlen;
	uint32_t id;

	sa_pair_fixture(&p, 40, ipv4("10.6.0.1"));
	gm_phase1_up(gm, g, &p.gm, now, t.m[0], sizeof(t.m[0]), &t.len[0]);
	id = gm_pull_msgid(g->pull);
	ks_pull_input(ks, &p.ks, t.m[0], t.len[0], now, &out);
	memcpy(t.m[1], out.buf, out.len);
	t.len[1] = out.len;

	memcpy(bad, t.m[1], t.len[1]);
	set_msgid(bad, id ^ 0x01000000);
	is_int(gm_input(gm, &p.gm, bad, t.len[1], now, reply, sizeof(reply), &rlen, &who), GM_IN_DROP,
	       "message 2 with another message ID dropped by the member");
	gm_input(gm, &p.gm, t.m[1], t.len[1], now, t.m[2], sizeof(t.m[2]), &t.len[2], &who);
	memcpy(bad, t.m[2], t.len[2]);
	set_msgid(bad, id ^ 0x00000100);
	is_int(ks_pull_input(ks, &p.ks, bad, t.len[2], now, &out), KS_PULL_DROP,
	       "message 3 with another message ID dropped by the KS");
	is_int(ks_pending(ks), 1, "the real exchange is still pending");
	set_msgid(bad, 0);
	is_int(ks_pull_input(ks, &p.ks, bad, t.len[2], now, &out), KS_PULL_DROP,
	       "message ID 0 dropped");
	is_int(ks_pull_input(ks, &p.ks, t.m[2], t.len[2], now, &out), KS_PULL_REPLY,
	       "genuine message 3 accepted");
	is_int(gm_input(gm, &p.gm, out.buf, out.len, now, NULL, 0, &rlen, &who), GM_IN_REGISTERED,
	       "member registered");
	gm_remove_group(gm, "msgid");
	healthy("wrong message IDs");
}

static void other_sa(void)
{
	static struct ks_pull_out out;
	struct gm_group *g = new_member("othersa", GROUP_ID);
	struct sa_pair p, q;
	uint8_t m1[PULL_MAX_MSG];
	size_t len;

	sa_pair_fixture(&p, 50, ipv4("10.7.0.1"));
	sa_pair_fixture(&q, 51, ipv4("10.7.0.1"));
	gm_phase1_up(gm, g, &p.gm, now, m1, sizeof(m1), &len);
	is_int(ks_pull_input(ks, &q.ks, m1, len, now, &out), KS_PULL_DROP,
	       "a message under another phase-1 SA's cookies is dropped");
	memcpy(q.ks.icookie, p.ks.icookie, 8);
	memcpy(q.ks.rcookie, p.ks.rcookie, 8);
	is_int(ks_pull_input(ks, &q.ks, m1, len, now, &out), KS_PULL_DROP,
	       "right cookies, wrong keys: dropped");
	is_int(ks_pending(ks), 0, "no state");
	gm_remove_group(gm, "othersa");
}

static void timeouts(void)
{
	static struct ks_pull_out out;
	uint8_t buf[PULL_MAX_MSG];
	size_t len;
	struct gm_group *g = new_member("timeout", GROUP_ID);
	struct sa_pair p;
	uint64_t t0 = now;

	sa_pair_fixture(&p, 60, ipv4("10.8.0.1"));
	/* the KS never answers: retransmissions, then failure and the next server */
	for (unsigned attempt = 0; attempt < GM_TRIES_PER_SERVER; attempt++) {
		gm_poll(gm, g, g->next_attempt, buf, sizeof(buf), &len);
		gm_phase1_up(gm, g, &p.gm, g->next_attempt, buf, sizeof(buf), &len);
		t0 = g->last_sent;
		for (unsigned r = 0; r < GM_MAX_RETRANSMITS; r++)
			if (gm_poll(gm, g, t0 + (r + 1) * GM_RETRANSMIT_S, buf, sizeof(buf), &len) != GM_ACT_SEND)
				break;
		gm_poll(gm, g, t0 + (GM_MAX_RETRANSMITS + 1) * GM_RETRANSMIT_S, buf, sizeof(buf), &len);
	}
	is_int(g->failures, GM_TRIES_PER_SERVER, "each silent attempt failed after its retransmissions");
	/* phase 1 never reports back: the attempt still ends */
	gm_poll(gm, g, g->next_attempt, buf, sizeof(buf), &len);
	is_int(g->state, GM_STATE_PHASE1, "waiting for phase 1");
	gm_poll(gm, g, g->phase1_started + GM_PHASE1_TIMEOUT_S, buf, sizeof(buf), &len);
	is_int(g->failures, GM_TRIES_PER_SERVER + 1, "a phase 1 that never answers counts as a failure");
	ok(gm_group_server(g).s_addr == ipv4("10.0.0.2").s_addr,
	   "after the bounded number of tries the GM moves to the next server");
	ok(g->next_attempt - g->last_sent > GM_BACKOFF_MIN_S, "backoff grows");
	/* KS pending exchanges expire */
	ks_pull_input(ks, &p.ks, buf, len, now, &out);
	ks_expire(ks, now + KS_EXCHANGE_TIMEOUT_S + 1);
	is_int(ks_pending(ks), 0, "KS drops exchanges whose message 3 never came");
	gm_remove_group(gm, "timeout");
}

/* Many authenticated members start registrations and never finish them:
 * the key server keeps at most KS_MAX_PENDING, refuses the rest at once,
 * frees them after the timeout and keeps serving. */
static void flood(void)
{
	static struct ks_pull_out out;
	static uint8_t m1[PULL_MAX_MSG];
	struct sa_pair p;
	size_t len;
	unsigned answered = 0, n = KS_MAX_PENDING + 500;
	unsigned long busy = ks_stats(ks)->dropped_busy;

	for (unsigned i = 0; i < n; i++) {
		struct gm_pull *x;

		sa_pair_fixture(&p, (uint8_t)i, ipv4("10.60.0.0"));
		p.gm.icookie[0] = p.ks.icookie[0] = (uint8_t)(i >> 8);
		p.gm.icookie[1] = p.ks.icookie[1] = (uint8_t)i;
		p.ks.peer.sin_addr.s_addr = htonl(0x0a3c0000u + i);
		x = gm_pull_start(&p.gm, GROUP_ID, 0, m1, sizeof(m1), &len);
		if (x && ks_pull_input(ks, &p.ks, m1, len, now, &out) == KS_PULL_REPLY)
			answered++;
		gm_pull_free(x);
	}
	is_int(answered, KS_MAX_PENDING, "flood: the KS answers up to its bound of pending registrations");
	is_int(ks_stats(ks)->dropped_busy, busy + 500, "flood: the rest is refused and counted");
	is_int(ks_pending(ks), KS_MAX_PENDING, "flood: pending exchanges bounded");
	ks_expire(ks, now + KS_EXCHANGE_TIMEOUT_S + 1);
	is_int(ks_pending(ks), 0, "flood: abandoned exchanges freed after the timeout");
	healthy("a flood of half-done registrations");
}

int main(void)
{
	log_init("test", LOG_SINK_NONE);
	setup();
	ok(kg != NULL, "KS group ready");
	unknown_group();
	bad_hashes();
	for (int n = 0; n < 4; n++)
		damage_step(n);
	healthy("damaged messages");
	replays();
	wrong_message_id();
	other_sa();
	timeouts();
	flood();
	healthy("everything");
	gm_free(gm);
	ks_free(ks);
	return done_testing();
}
