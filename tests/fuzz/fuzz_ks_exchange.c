/* libFuzzer target: the key server's exchanges fed with payload
 * sequences an authenticated member could send. A real member
 * (gdoi/gm.h) registers with a real key server (gdoi/ks.h) over a fixed
 * phase-1 SA; the input (tests/fuzz/fuzz_exchange.h) is a sequence of
 * steps, OP modulo 5:
 *   0  the member's next real message (1, then 3) to the key server;
 *   1  BODY as GROUPKEY-PULL message 1 of a new exchange (OP bit 3 set:
 *      of the current exchange's message ID): HASH(1), encrypted with the
 *      exchange's first IV, into ks_pull_input(), the server's real input;
 *      an answered one becomes the current exchange;
 *   2  BODY as message 3 of the current exchange: HASH(3) from its
 *      nonces, encrypted with the IV that follows the server's message 2;
 *   3  once a member is registered, a rekey round is started
 *      (rekey_ks_prepare, rekey_round_start) and BODY (SEQ, ID) goes as a
 *      GROUPKEY-PUSH acknowledgement with its HASH under the round's KEK
 *      through push_ack_open() and rekey_ks_ack(), as daemon/ks_rekey.c;
 *   4  time passes (BODY[0] * 4 s): ks_expire(), the round's deadline.
 * Invariants: a dropped message changes neither the members nor the
 * completed registrations; a message 4 follows only an authentic message
 * 3 and leaves the member in the table; an acknowledgement counts only
 * for the round's SEQ and a member still pending. */
#include "gdoi/ks.h"
#include "gdoi/push_ack.h"
#include "gdoi/rekey_ks.h"
#include "log/log.h"
#include "tests/fuzz/fuzz_exchange.h"
#include "tests/unit/pull/pull_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define GM_ADDR "10.0.0.9"

static struct ks_group_config ks_cfg;
static struct gm_group_config gm_cfg;
static bool started;

/* A GROUPKEY-PULL exchange as the fuzzer addresses it. */
struct exch {
	bool set;
	uint32_t msgid;
	uint8_t ni[PULL_MAX_NONCE], nr[PULL_MAX_NONCE];
	size_t ni_len, nr_len;
	struct ike_iv iv;               /* after the server's message 2 */
};

struct run {
	struct ks *ks;
	struct ks_group *kg;
	struct gm *gm;
	struct gm_group *g;
	struct sa_pair sa;
	uint64_t now;
	uint8_t real[PULL_MAX_MSG];     /* the member's next message */
	size_t real_len;
	struct exch cur;
	uint32_t next_msgid;
	bool round_started;
	struct rekey_round round;
	uint64_t round_acks;
};

static struct pull_rx rx;
static struct ks_pull_out out;
static uint8_t dgram[PULL_MAX_MSG], reply[PULL_MAX_MSG];

/* Ni of a message 1 and Nr of the server's message 2 answering it, read
 * as each side reads them. */
static void learn_exchange(struct run *r, const uint8_t *m1, size_t m1_len, const uint8_t *m2,
			   size_t m2_len)
{
	struct exch e = { .set = true, .msgid = fuzz_get32(m1 + 20) };
	struct pull_ctx x = { .sa = &r->sa.ks, .msgid = e.msgid };
	static struct group_policy gp;
	const uint8_t *n;
	struct ike_iv iv;
	uint32_t gid;
	const char *why;

	if (pull_iv_init(&r->sa.ks, e.msgid, &iv) < 0 ||
	    pull_receive(&x, 1, m1, m1_len, &iv, &rx, &why) < 0 ||
	    pull_parse_msg1(&rx, &n, &e.ni_len, &gid, &why) < 0)
		return;
	memcpy(e.ni, n, e.ni_len);
	x.sa = &r->sa.gm;
	x.ni = e.ni;
	x.ni_len = e.ni_len;
	fuzz_iv_after(&iv, r->sa.ks.block_len, m1, m1_len);
	if (pull_receive(&x, 2, m2, m2_len, &iv, &rx, &why) == 0 &&
	    pull_parse_msg2(&rx, &n, &e.nr_len, &gp, &why) == 0 && e.nr_len <= sizeof(e.nr)) {
		memcpy(e.nr, n, e.nr_len);
		fuzz_iv_after(&e.iv, r->sa.ks.block_len, m2, m2_len);
		r->cur = e;
	}
	gp_wipe(&gp);
}

/* One datagram to the key server, checked against what it may change. */
static enum ks_pull_result to_server(struct run *r, const uint8_t *msg, size_t len,
				     unsigned msg_no)
{
	const struct ks_stats *st = ks_stats(r->ks);
	unsigned long completed = st->pulls_completed;
	size_t members = ks_members_count(&r->kg->members);
	enum ks_pull_result res = ks_pull_input(r->ks, &r->sa.ks, msg, len, r->now, &out);

	fuzz_trace("server: message %u %s", msg_no, res == KS_PULL_REPLY ? "answered" :
		   res == KS_PULL_NOTIFY ? "refused" : "dropped");
	if (ks_pending(r->ks) > KS_MAX_PENDING || st->pulls_completed < completed)
		abort();
	if (res != KS_PULL_REPLY &&
	    (st->pulls_completed != completed || ks_members_count(&r->kg->members) != members))
		abort();
	if (st->pulls_completed > completed &&
	    !ks_members_find(&r->kg->members, r->sa.ks.peer.sin_addr))
		abort();
	return res;
}

/* FUZZ_RECORD: the member's real message 1 or 3 as the step that
 * delivers its payloads through the fuzzed path. */
static void record_real(struct run *r)
{
	uint32_t msgid = fuzz_get32(r->real + 20);
	struct pull_ctx x = { .sa = &r->sa.ks, .msgid = msgid };
	struct ike_iv iv;
	const char *why;

	if (msgid != r->cur.msgid || !r->cur.set) {
		if (pull_iv_init(&r->sa.ks, msgid, &iv) == 0 &&
		    pull_receive(&x, 1, r->real, r->real_len, &iv, &rx, &why) == 0)
			return fuzz_record_after_hash(1, rx.buf, rx.msg.payloads_end);
	} else {
		x.ni = r->cur.ni;
		x.ni_len = r->cur.ni_len;
		x.nr = r->cur.nr;
		x.nr_len = r->cur.nr_len;
		if (pull_receive(&x, 3, r->real, r->real_len, &r->cur.iv, &rx, &why) == 0)
			return fuzz_record_after_hash(2, rx.buf, rx.msg.payloads_end);
	}
	fuzz_record(0, -1, NULL, 0);
}

static void real_step(struct run *r)
{
	struct gm_group *who;
	size_t n = 0;

	if (!r->real_len)
		return;
	memcpy(dgram, r->real, r->real_len);
	if (to_server(r, dgram, r->real_len, 0) != KS_PULL_REPLY) {
		r->real_len = 0;
		return;
	}
	if (fuzz_get32(dgram + 20) != r->cur.msgid || !r->cur.set)
		learn_exchange(r, dgram, r->real_len, out.buf, out.len);
	r->real_len = 0;
	if (gm_input(r->gm, &r->sa.gm, out.buf, out.len, r->now, reply, sizeof(reply), &n, &who) ==
	    GM_IN_SEND && n <= sizeof(r->real)) {
		memcpy(r->real, reply, n);
		r->real_len = n;
	}
}

static void msg1_step(struct run *r, uint8_t op, const uint8_t *body, size_t len)
{
	uint32_t msgid = op & 8 && r->cur.set ? r->cur.msgid : r->next_msgid++;
	struct ike_iv iv;
	size_t n;

	if (pull_iv_init(&r->sa.gm, msgid, &iv) < 0 ||
	    fuzz_seal_pull(&r->sa.gm, 1, msgid, NULL, 0, NULL, 0, body, len, &iv, dgram,
			   sizeof(dgram), &n) < 0)
		return;
	if (to_server(r, dgram, n, 1) == KS_PULL_REPLY)
		learn_exchange(r, dgram, n, out.buf, out.len);
}

static void msg3_step(struct run *r, const uint8_t *body, size_t len)
{
	struct exch *e = &r->cur;
	size_t n;

	if (e->set &&
	    fuzz_seal_pull(&r->sa.gm, 3, e->msgid, e->ni, e->ni_len, e->nr, e->nr_len, body, len,
			   &e->iv, dgram, sizeof(dgram), &n) == 0)
		to_server(r, dgram, n, 3);
}

static bool start_round(struct run *r)
{
	static struct rekey_ks_prepared p;
	struct rekey_decision d = { .reason = REKEY_MANUAL, .new_teks = true };
	struct rekey_round_cfg rc = { .unicast = true, .period_s = 10, .retransmits = 2 };
	struct in_addr *addrs;
	size_t n;
	int rc_start;

	if (!ks_members_count(&r->kg->members) || rekey_ks_prepare(r->ks, r->kg, &d, r->now, &p) < 0)
		return false;
	addrs = rekey_ks_member_addrs(&r->kg->members, &n);
	rc_start = rekey_round_start(&r->round, p.seq, &p.kek, addrs, n, &rc, r->now);
	if (rc_start == 0)
		rekey_ks_note_sent(&r->round, &r->kg->members);
	free(addrs);
	rekey_ks_prepared_wipe(&p);
	if (rc_start < 0)
		rekey_round_free(&r->round);
	return rc_start == 0;
}

static bool is_pending(const struct rekey_round *round, struct in_addr member)
{
	size_t n;
	const struct in_addr *p = rekey_round_pending(round, &n);

	for (size_t i = 0; i < n && !round->finished; i++)
		if (p[i].s_addr == member.s_addr)
			return true;
	return false;
}

/* HDR, HASH, BODY with HASH = prf(KEK, BODY) (gdoi/push_ack.h). */
static void ack_step(struct run *r, const uint8_t *body, size_t len)
{
	const struct rekey_kek *kek = &r->round.kek;
	size_t hlen, total;
	struct in_addr member;
	uint8_t spi[GP_KEK_SPI_LEN];
	enum rekey_ack_result res;
	const char *why;
	uint32_t seq;
	bool pending;

	if (!r->round_started && !(r->round_started = start_round(r)))
		return;
	hlen = crypto_hash_len(kek->sig_hash);
	total = PULL_HDR_LEN + 4 + hlen + len - 1;
	if (len == 0 || total > sizeof(dgram))
		return;
	fuzz_put_hdr(dgram, kek->spi, kek->spi + 8, PL_HASH, 35, 0, 0, total);
	dgram[PULL_HDR_LEN] = body[0];
	dgram[PULL_HDR_LEN + 1] = 0;
	dgram[PULL_HDR_LEN + 2] = (uint8_t)((4 + hlen) >> 8);
	dgram[PULL_HDR_LEN + 3] = (uint8_t)(4 + hlen);
	memcpy(dgram + PULL_HDR_LEN + 4 + hlen, body + 1, len - 1);
	if (push_ack_hash(kek, body + 1, len - 1, dgram + PULL_HDR_LEN + 4) < 0 ||
	    push_ack_peek_spi(dgram, total, spi) < 0 || memcmp(spi, kek->spi, sizeof(spi)))
		abort();
	if (push_ack_open(kek, dgram, total, &seq, &member, &why) < 0) {
		fuzz_trace("server: acknowledgement refused: %s", why);
		return;
	}
	pending = is_pending(&r->round, member);
	res = rekey_ks_ack(&r->round, &r->kg->members, member, seq);
	fuzz_trace("server: acknowledgement of SEQ %u (round %u), result %d", seq, r->round.seq, (int)res);
	if (res == REKEY_ACK_OK && (seq != r->round.seq || !pending))
		abort();
}

static void time_step(struct run *r, const uint8_t *body, size_t len)
{
	r->now += 4 * (uint64_t)(len ? body[0] : 1);
	ks_expire(r->ks, r->now);
	if (!r->round_started)
		return;
	for (int i = 0; i < 8; i++) {
		enum rekey_round_step s = rekey_round_poll(&r->round, r->now);

		if (s == REKEY_ROUND_SEND)
			rekey_ks_note_sent(&r->round, &r->kg->members);
		else if (s == REKEY_ROUND_EXPIRED)
			rekey_ks_remove_unacked(&r->round, &r->kg->members, ks_cfg.name);
		else
			break;
	}
}

static void setup(void)
{
	log_init("fuzz", LOG_SINK_NONE);
	ks_config_fixture(&ks_cfg, true);
	gm_config_fixture(&gm_cfg, GROUP_ID);
	started = true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct run r;
	struct fuzz_steps s = { data, size, 0 };
	struct fuzz_step st;
	const char *why = NULL;

	if (!started)
		setup();
	memset(&r, 0, sizeof(r));
	r.now = 1000;
	r.next_msgid = 0x51000000;
	r.ks = ks_new();
	r.gm = gm_new();
	if (!r.ks || !r.gm || !(r.kg = ks_add_group(r.ks, &ks_cfg, r.now, &why)) ||
	    !(r.g = gm_add_group(r.gm, &gm_cfg, r.now, &why)))
		abort();
	sa_pair_fixture(&r.sa, 5, ipv4(GM_ADDR));
	if (gm_phase1_up(r.gm, r.g, &r.sa.gm, r.now, r.real, sizeof(r.real), &r.real_len) < 0)
		abort();
	fuzz_record_begin();
	while (fuzz_next_step(&s, &st)) {
		if (st.op % 5 == 0 && fuzz_rec && r.real_len)
			record_real(&r);
		else
			fuzz_record(st.op, -1, st.body, st.len);
		switch (st.op % 5) {
		case 0: real_step(&r); break;
		case 1: msg1_step(&r, st.op, st.body, st.len); break;
		case 2: msg3_step(&r, st.body, st.len); break;
		case 3: ack_step(&r, st.body, st.len); break;
		case 4: time_step(&r, st.body, st.len); break;
		}
	}
	fuzz_record_end();
	if (r.round_started)
		rekey_round_free(&r.round);
	gm_free(r.gm);
	ks_free(r.ks);
	return 0;
}
