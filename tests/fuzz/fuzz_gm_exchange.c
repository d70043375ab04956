/* libFuzzer target: the group member's exchanges fed with payload
 * sequences an authenticated key server could send. A real key server
 * (gdoi/ks.h) and a real member (gdoi/gm.h) run a registration in
 * process over a fixed phase-1 SA; the input (tests/fuzz/fuzz_exchange.h)
 * is a sequence of steps, OP modulo 4:
 *   0  the key server's next real message (2 or 4) to the member;
 *   1  BODY as GROUPKEY-PULL message 2 (OP bit 2 clear) or 4 (set): HASH(n)
 *      from the exchange's nonces, encrypted with the member's current IV,
 *      into gm_input(), the member's real input path;
 *   2  once the member is registered, a GROUPKEY-PUSH into
 *      push_gm_receive(): the key server's next real rekey when BODY has
 *      at most one octet (bit 0: new KEK, bit 1: acknowledgement asked),
 *      else BODY (SEQ, [D], SA, KD; FIRST = SEQ's type) signed by the key
 *      server's RSA key and encrypted with the member's KEK; an
 *      accepted rekey is applied (push_gm_apply, gm_rekeyed) as the
 *      daemon does (daemon/gm_rekey.c);
 *   3  time passes (BODY[0] * 4 s): gm_poll() (retransmission, new
 *      registration), whose messages go to the key server.
 * The member has a dataplane that records the SPIs installed.
 * Invariants: a dropped message changes neither the registration state,
 * nor the counters, nor the dataplane; a registration leaves a policy
 * with TEKs, all installed; a refused rekey moves neither SEQ nor KEK and
 * touches no SA, an accepted one has a greater SEQ and its TEKs installed. */
#include "crypto/cipher.h"
#include "crypto/gdoi_hash.h"
#include "crypto/rsa_sig.h"
#include "gdoi/push_gm.h"
#include "gdoi/rekey_ks.h"
#include "log/log.h"

#include <openssl/pem.h>
#include "tests/fuzz/fuzz_exchange.h"
#include "tests/unit/pull/pull_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define GM_ADDR "10.0.0.9"

static EVP_PKEY *ks_key;
static struct ks_group_config ks_cfg;
static struct gm_group_config gm_cfg;

struct run {
	struct ks *ks;
	struct gm *gm;
	struct gm_group *g;
	struct sa_pair sa;
	uint64_t now;
	uint32_t msgid;
	uint8_t ni[PULL_MAX_NONCE], nr[PULL_MAX_NONCE];
	size_t ni_len, nr_len;
	uint8_t last_sent[PULL_MAX_MSG];   /* the member's last message: the IV */
	size_t last_sent_len;
	uint8_t real[PULL_MAX_MSG];        /* the key server's reply not yet delivered */
	size_t real_len;
	bool push_started;
	struct push_gm push;
};

/* The dataplane as the member drives it: the SPIs installed now. */
#define DP_MAX 64
static struct {
	uint32_t spi[DP_MAX];
	size_t n;
	unsigned long calls;
} dp;

static int dp_install(void *ctx, const struct group_policy *gp, const struct gp_tek *tek)
{
	(void)ctx;
	(void)gp;
	dp.calls++;
	for (size_t i = 0; i < dp.n; i++)
		if (dp.spi[i] == tek->spi)
			return 0;
	if (dp.n == DP_MAX)
		abort();   /* the member would leak SAs */
	dp.spi[dp.n++] = tek->spi;
	return 0;
}

static int dp_remove(void *ctx, const struct group_policy *gp, const struct gp_tek *tek)
{
	(void)ctx;
	(void)gp;
	dp.calls++;
	for (size_t i = 0; i < dp.n; i++)
		if (dp.spi[i] == tek->spi) {
			dp.spi[i] = dp.spi[--dp.n];
			break;
		}
	return 0;
}

/* Every TEK of the member's policy is in the dataplane. */
static void check_installed(const struct group_policy *gp)
{
	for (unsigned t = 0; t < gp->n_teks; t++) {
		size_t i = 0;

		while (i < dp.n && dp.spi[i] != gp->teks[t].spi)
			i++;
		if (i == dp.n)
			abort();
	}
}

static const struct gm_dataplane_ops dp_ops = { dp_install, dp_remove, NULL };

static struct pull_rx rx;
static struct push_rx prx;
static struct ks_pull_out ks_out;
static uint8_t dgram[PULL_MAX_MSG], reply[PULL_MAX_MSG];

static void setup(void)
{
	unsigned char *der = NULL;
	size_t len = 0;

	FILE *f = fopen(TOP_SRCDIR "/tests/config/keys/RSA_KEYS.pem", "r");

	log_init("fuzz", LOG_SINK_NONE);
	/* A fixed key: recorded seeds carry its public half in their KD. */
	ks_key = f ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : NULL;
	if (f)
		fclose(f);
	if (!ks_key || rsa_public_to_spki(ks_key, &der, &len) < 0 || len > sizeof(ks_cfg.pubkey))
		abort();
	ks_config_fixture(&ks_cfg, true);  /* the rekey settings, then our own key */
	memcpy(ks_cfg.pubkey, der, len);
	ks_cfg.pubkey_len = len;
	OPENSSL_free(der);
	gm_config_fixture(&gm_cfg, GROUP_ID);
}

static struct ike_iv member_iv(const struct run *r)
{
	struct ike_iv iv = { .len = 0 };

	fuzz_iv_after(&iv, r->sa.gm.block_len, r->last_sent, r->last_sent_len);
	return iv;
}

/* Nr of a message 2 the member accepted (iv: the one it arrived with). */
static void learn_nr(struct run *r, const uint8_t *m2, size_t len, const struct ike_iv *iv)
{
	struct pull_ctx x = { .sa = &r->sa.gm, .msgid = r->msgid, .ni = r->ni, .ni_len = r->ni_len };
	static struct group_policy gp;
	const uint8_t *nr;
	size_t nr_len;
	const char *why;

	if (pull_receive(&x, 2, m2, len, iv, &rx, &why) == 0 &&
	    pull_parse_msg2(&rx, &nr, &nr_len, &gp, &why) == 0 && nr_len <= sizeof(r->nr)) {
		memcpy(r->nr, nr, nr_len);
		r->nr_len = nr_len;
	}
	gp_wipe(&gp);
}

/* A message of the member goes to the key server, whose reply waits. */
static void member_sent(struct run *r, const uint8_t *msg, size_t len)
{
	uint32_t msgid;

	if (len < PULL_HDR_LEN || len > sizeof(r->last_sent))
		return;
	memcpy(r->last_sent, msg, len);
	r->last_sent_len = len;
	msgid = fuzz_get32(msg + 20);
	if (msgid != r->msgid) {  /* a new registration: learn Ni as the server does */
		struct pull_ctx x = { .sa = &r->sa.ks, .msgid = msgid };
		struct ike_iv iv;
		const uint8_t *ni;
		uint32_t gid;
		const char *why;

		r->msgid = msgid;
		r->ni_len = r->nr_len = 0;
		if (pull_iv_init(&r->sa.ks, msgid, &iv) == 0 &&
		    pull_receive(&x, 1, msg, len, &iv, &rx, &why) == 0 &&
		    pull_parse_msg1(&rx, &ni, &r->ni_len, &gid, &why) == 0)
			memcpy(r->ni, ni, r->ni_len);
	}
	r->real_len = 0;
	if (ks_pull_input(r->ks, &r->sa.ks, msg, len, r->now, &ks_out) == KS_PULL_REPLY) {
		struct ike_iv iv = member_iv(r);

		memcpy(r->real, ks_out.buf, ks_out.len);
		r->real_len = ks_out.len;
		if (!r->nr_len)
			learn_nr(r, r->real, r->real_len, &iv);
	}
}

static void start_push(struct run *r)
{
	if (r->push_started)
		push_gm_stop(&r->push);
	r->push_started = push_gm_start(&r->push, &r->g->policy, NULL, 0, ipv4(GM_ADDR), 0) == 0;
}

static void to_member(struct run *r, const uint8_t *msg, size_t len)
{
	enum gm_state before = r->g->state;
	unsigned long successes = r->g->successes, dp_calls = dp.calls;
	struct ike_iv iv = member_iv(r);
	struct gm_group *who = NULL;
	size_t out_len = 0;

	enum gm_input_result res;

	res = gm_input(r->gm, &r->sa.gm, msg, len, r->now, reply, sizeof(reply), &out_len, &who);
	fuzz_trace("member: %s", res == GM_IN_SEND ? "message 3 sent" :
		   res == GM_IN_REGISTERED ? "registered" : "dropped");
	switch (res) {
	case GM_IN_SEND:
		if (who != r->g)
			abort();
		learn_nr(r, msg, len, &iv);
		member_sent(r, reply, out_len);
		break;
	case GM_IN_REGISTERED:
		if (who != r->g || r->g->state != GM_STATE_REGISTERED || !r->g->registered_once ||
		    r->g->successes != successes + 1 || r->g->policy.n_teks == 0)
			abort();
		r->real_len = 0;
		check_installed(&r->g->policy);
		start_push(r);
		break;
	case GM_IN_DROP:
		if (r->g->state != before || r->g->successes != successes || dp.calls != dp_calls)
			abort();
		break;
	}
}

/* HDR*, BODY, SIG: signed by the key server, sealed with the member's KEK. */
static size_t seal_push(const struct rekey_kek *kek, const uint8_t *body, size_t len)
{
	size_t sig_len = rsa_sig_len(ks_key), block = crypto_cipher_block_len(kek->cipher);
	size_t chain = len - 1, sig_off = PULL_HDR_LEN + chain + 4, total = sig_off + sig_len;
	size_t pad = (block - (total - PULL_HDR_LEN) % block) % block, out_len = sig_len;
	uint8_t hdr[PULL_HDR_LEN], digest[CRYPTO_HASH_MAX_LEN];

	if (total + pad > sizeof(dgram))
		return 0;
	fuzz_put_hdr(dgram, kek->spi, kek->spi + 8, body[0], 33, ISAKMP_FLAG_ENC, 0, total);
	memcpy(dgram + PULL_HDR_LEN, body + 1, chain);
	dgram[sig_off - 4] = 0;
	dgram[sig_off - 3] = 0;
	dgram[sig_off - 2] = (uint8_t)((sig_len + 4) >> 8);
	dgram[sig_off - 1] = (uint8_t)(sig_len + 4);
	push_signed_header(dgram, total, hdr);
	if (gdoi_rekey_digest(kek->sig_hash, hdr, dgram + PULL_HDR_LEN, chain, digest) < 0 ||
	    rsa_sign_digest(ks_key, kek->sig_hash, RSA_SIG_RAW, digest,
			    crypto_hash_len(kek->sig_hash), dgram + sig_off, &out_len) < 0)
		return 0;
	memset(dgram + total, 0, pad);
	total += pad;
	push_signed_header(dgram, total, dgram);
	if (crypto_cbc_encrypt(kek->cipher, kek->key, kek->key_len, kek->iv, kek->iv_len,
			       dgram + PULL_HDR_LEN, total - PULL_HDR_LEN, dgram + PULL_HDR_LEN) < 0)
		return 0;
	return total;
}

/* The member receives a rekey datagram; the daemon's handling of it. */
static void push_deliver(struct run *r, const uint8_t *msg, size_t n)
{
	static struct group_policy gp;
	struct push_gm_result res;
	uint8_t spi_before[GP_KEK_SPI_LEN];
	uint32_t seq_before = r->push.last_seq;
	unsigned long dp_calls = dp.calls;

	memcpy(spi_before, r->push.kek.spi, sizeof(spi_before));
	memset(&res, 0, sizeof(res));
	push_gm_receive(&r->push, msg, n, &prx, &res);
	fuzz_trace("member: rekey %s%s%s", push_reject_name(res.verdict), res.why ? ": " : "",
		   res.why ? res.why : "");
	if (res.verdict != PUSH_OK) {
		if (r->push.last_seq != seq_before ||
		    memcmp(spi_before, r->push.kek.spi, GP_KEK_SPI_LEN) || dp.calls != dp_calls)
			abort();
		return;
	}
	if (prx.seq <= seq_before || r->push.last_seq != prx.seq)
		abort();
	gp = r->g->policy;
	if (push_gm_apply(&gp, &prx) == PUSH_REREG_DELETED)
		gm_reregister(r->gm, r->g, r->now);
	else {
		gm_rekeyed(r->gm, r->g, &gp, r->now, r->now + 1800, r->now + 1700);
		check_installed(&r->g->policy);
	}
	gp_wipe(&gp);
	push_rx_wipe(&prx);
}

/* FUZZ_RECORD: a real rekey as the step giving its payloads up to SIG. */
static void record_push(const struct rekey_kek *kek, const uint8_t *msg, size_t n)
{
	static uint8_t plain[PULL_MAX_MSG];
	size_t off = PULL_HDR_LEN;
	uint8_t t = msg[16];

	if (!fuzz_rec || n > sizeof(plain) ||
	    crypto_cbc_decrypt(kek->cipher, kek->key, kek->key_len, kek->iv, kek->iv_len,
			       msg + PULL_HDR_LEN, n - PULL_HDR_LEN, plain + PULL_HDR_LEN) < 0)
		return;
	while (t != PL_SIG && t != PL_NONE && off + 4 <= n) {
		size_t len = (size_t)plain[off + 2] << 8 | plain[off + 3];

		if (len < 4)
			return;
		t = plain[off];
		off += len;
	}
	if (t == PL_SIG && off <= n)
		fuzz_record(2, msg[16], plain + PULL_HDR_LEN, off - PULL_HDR_LEN);
}

/* FUZZ_RECORD: the key server's real message 2 or 4 as the step that
 * delivers its payloads through the fuzzed path. */
static void record_real(struct run *r)
{
	struct pull_ctx x = { .sa = &r->sa.gm, .msgid = r->msgid, .ni = r->ni, .ni_len = r->ni_len,
			      .nr = r->nr, .nr_len = r->nr_len };
	struct ike_iv iv = member_iv(r);
	const char *why;

	if (pull_receive(&x, 2, r->real, r->real_len, &iv, &rx, &why) == 0)
		fuzz_record_after_hash(1, rx.buf, rx.msg.payloads_end);
	else if (pull_receive(&x, 4, r->real, r->real_len, &iv, &rx, &why) == 0)
		fuzz_record_after_hash(5, rx.buf, rx.msg.payloads_end);
	else
		fuzz_record(0, -1, NULL, 0);
}

/* The key server's next rekey, built as it builds it (new TEKs; with a
 * new KEK when flags bit 0 is set; acknowledgement asked with bit 1). */
static void real_rekey(struct run *r, uint8_t flags)
{
	static struct rekey_ks_prepared p;
	struct rekey_decision d = { .reason = REKEY_MANUAL, .new_teks = true,
				    .new_kek = flags & 1 };
	struct ks_group *kg = ks_group_by_id(r->ks, GROUP_ID);
	const char *why;
	size_t n;

	if (!kg || rekey_ks_prepare(r->ks, kg, &d, r->now, &p) < 0)
		return;
	struct push_content c = { .seq = p.seq, .gp = &p.gp, .ack_requested = flags & 2,
				  .delete_spis = p.del, .n_delete = p.n_del };
	if (push_build(&p.kek, ks_key, &c, dgram, sizeof(dgram), &n, &why) == 0) {
		record_push(&r->push.kek, dgram, n);
		push_deliver(r, dgram, n);
	}
	rekey_ks_prepared_wipe(&p);
}

static void push_step(struct run *r, const uint8_t *body, size_t len)
{
	size_t n;

	if (!r->push_started)
		return;
	if (len <= 1)
		real_rekey(r, len ? body[0] : 0);
	else if ((n = seal_push(&r->push.kek, body, len))) {
		fuzz_record(2, -1, body, len);
		push_deliver(r, dgram, n);
	}
}

static void time_step(struct run *r, const uint8_t *body, size_t len)
{
	size_t out_len = 0;

	r->now += 4 * (uint64_t)(len ? body[0] : 1);
	ks_expire(r->ks, r->now);
	switch (gm_poll(r->gm, r->g, r->now, reply, sizeof(reply), &out_len)) {
	case GM_ACT_NEED_PHASE1:
		if (gm_phase1_up(r->gm, r->g, &r->sa.gm, r->now, reply, sizeof(reply), &out_len) == 0)
			member_sent(r, reply, out_len);
		break;
	case GM_ACT_SEND:
		member_sent(r, reply, out_len);
		break;
	case GM_ACT_NONE:
		break;
	}
}

static void pull_step(struct run *r, uint8_t op, const uint8_t *body, size_t len)
{
	unsigned msg_no = op & 4 ? 4 : 2;
	struct ike_iv iv = member_iv(r);
	size_t n;

	if (r->last_sent_len &&
	    fuzz_seal_pull(&r->sa.ks, msg_no, r->msgid, r->ni, r->ni_len, r->nr, r->nr_len, body,
			   len, &iv, dgram, sizeof(dgram), &n) == 0)
		to_member(r, dgram, n);
}

static void run_steps(struct run *r, const uint8_t *data, size_t size)
{
	struct fuzz_steps s = { data, size, 0 };
	struct fuzz_step st;
	size_t out_len;

	if (gm_phase1_up(r->gm, r->g, &r->sa.gm, r->now, reply, sizeof(reply), &out_len) < 0)
		abort();
	member_sent(r, reply, out_len);
	while (fuzz_next_step(&s, &st)) {
		if (st.op % 4 == 0 && fuzz_rec && r->real_len)
			record_real(r);
		else if (st.op % 4 != 2)
			fuzz_record(st.op, -1, st.body, st.len);
		switch (st.op % 4) {
		case 0:
			if (r->real_len) {
				memcpy(dgram, r->real, r->real_len);
				to_member(r, dgram, r->real_len);
			}
			break;
		case 1:
			pull_step(r, st.op, st.body, st.len);
			break;
		case 2:
			push_step(r, st.body, st.len);
			break;
		case 3:
			time_step(r, st.body, st.len);
			break;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct run r;
	const char *why = NULL;

	if (!ks_key)
		setup();
	memset(&r, 0, sizeof(r));
	r.now = 1000;
	r.ks = ks_new();
	r.gm = gm_new();
	if (!r.ks || !r.gm || !ks_add_group(r.ks, &ks_cfg, r.now, &why) ||
	    !(r.g = gm_add_group(r.gm, &gm_cfg, r.now, &why)))
		abort();
	memset(&dp, 0, sizeof(dp));
	gm_set_dataplane(r.gm, &dp_ops);
	sa_pair_fixture(&r.sa, 3, ipv4(GM_ADDR));
	fuzz_record_begin();
	run_steps(&r, data, size);
	fuzz_record_end();
	if (r.push_started)
		push_gm_stop(&r.push);
	gm_free(r.gm);
	ks_free(r.ks);
	return 0;
}
