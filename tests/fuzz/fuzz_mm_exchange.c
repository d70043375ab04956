/* libFuzzer target: ISAKMP Main Mode, both roles, fed with payload
 * sequences a peer holding the keys could send. A real initiator (the
 * group member's side) and a real responder (the key server's) run Main
 * Mode in process (pre-shared key, AES-128, SHA1, MODP 1024, a fake
 * clock); their datagrams wait in a queue. The input
 * (tests/fuzz/fuzz_exchange.h) is a sequence of steps, OP modulo 4:
 *   0  the oldest queued real datagram is delivered;
 *   1  BODY to the responder, 2  BODY to the initiator, through
 *      ike_input(), the real input path: with the exchange's cookies as
 *      a Main Mode message, in the clear before the keys exist, else
 *      encrypted with the key and IV the receiving exchange holds (so
 *      messages 5 and 6 reach the ID, HASH and Notify handling); once the
 *      SA is established and OP bit 2 is set, as an Informational
 *      exchange (message ID from OP) with its HASH and phase-2 IV
 *      (Delete, Notify); OP bit 3 with the responder: a new message 1;
 *   3  time passes (BODY[0] s): retransmissions, timeouts.
 * The fuzzer cannot compute HASH_I/HASH_R or a Diffie-Hellman value, but
 * the real messages carry them: replaying a real payload chain through a
 * step reaches the established state too.
 * Invariants: an exchange's state never goes backwards; the half-open
 * count stays within its cap. */
#include "gdoi/ike_mm_int.h"
#include "log/log.h"
#include "tests/fuzz/fuzz_exchange.h"

#include <arpa/inet.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define QUEUE_LEN 16

enum side { RESPONDER, INITIATOR };

struct queued {
	enum side to;
	size_t len;
	uint8_t buf[MM_MAX_MSG];
};

static struct {
	struct ike_ctx *ctx[2];
	struct sockaddr_in addr[2];       /* of each side */
	struct queued q[QUEUE_LEN];
	size_t head, count;
	uint8_t icookie[IKE_COOKIE_LEN], rcookie[IKE_COOKIE_LEN];
	bool have_icookie, have_rcookie;
	unsigned failed[2];
} w;

static const enum side sides[2] = { RESPONDER, INITIATOR };
static uint64_t now_ms = 1000;
static struct ike_timers *timers;
static uint8_t dgram[MM_MAX_MSG];
static const uint8_t zero[IKE_COOKIE_LEN];

static uint64_t fake_clock(void *arg)
{
	(void)arg;
	return now_ms;
}

/* A side sent a datagram: queued for the other one; the cookies of the
 * exchange are learnt from the first ones. */
static int capture(void *arg, const struct sockaddr_in *l, const struct sockaddr_in *p,
		   const uint8_t *buf, size_t len)
{
	enum side from = *(const enum side *)arg;
	struct queued *q;

	(void)l;
	(void)p;
	if (len < PULL_HDR_LEN || len > MM_MAX_MSG || w.count == QUEUE_LEN)
		return 0;
	if (from == INITIATOR && !w.have_icookie) {
		memcpy(w.icookie, buf, IKE_COOKIE_LEN);
		w.have_icookie = true;
	}
	if (from == RESPONDER && !w.have_rcookie && buf[18] == IKE_EXCH_MAIN_MODE &&
	    w.have_icookie && !memcmp(buf, w.icookie, IKE_COOKIE_LEN) &&
	    memcmp(buf + 8, zero, IKE_COOKIE_LEN)) {
		memcpy(w.rcookie, buf + 8, IKE_COOKIE_LEN);
		w.have_rcookie = true;
	}
	q = &w.q[(w.head + w.count++) % QUEUE_LEN];
	q->to = from == INITIATOR ? RESPONDER : INITIATOR;
	q->len = len;
	memcpy(q->buf, buf, len);
	return 0;
}

static ssize_t psk(void *arg, const struct in_addr *peer, uint8_t *key, size_t max)
{
	(void)arg;
	(void)peer;
	if (max < 8)
		return -1;
	memcpy(key, "fuzz-psk", 8);
	return 8;
}

static void failed(void *arg, const struct sockaddr_in *peer, enum ike_role role,
		   unsigned reason, void *user)
{
	(void)peer;
	(void)role;
	(void)reason;
	(void)user;
	w.failed[*(const enum side *)arg]++;
}

static struct ike_exchange *exchange_of(enum side s)
{
	struct ike_exchange *x = NULL;

	if (w.have_icookie && w.have_rcookie)
		x = mm_table_find(w.ctx[s], w.icookie, w.rcookie);
	if (!x && w.have_icookie)
		x = mm_table_find(w.ctx[s], w.icookie, zero);
	return x;
}

static void deliver(enum side to, const uint8_t *buf, size_t len)
{
	struct ike_exchange *x = exchange_of(to);
	enum mm_state before = x ? x->state : MM_I_WAIT2;
	struct ike_stats st;

	ike_input(w.ctx[to], &w.addr[to], &w.addr[1 - to], buf, len);
	x = exchange_of(to);
	fuzz_trace("%s: %s", to == RESPONDER ? "responder" : "initiator",
		   !x ? "no exchange" : x->state == MM_ESTABLISHED ? "established" : "negotiating");
	if (x && x->state < before)
		abort();
	ike_ctx_stats(w.ctx[to], &st);
	if (st.half_open > 1024)
		abort();
}

/* An Informational exchange on the established SA: HASH(1), phase-2 IV. */
static size_t seal_info(const struct ike_sa *sa, uint8_t op, const uint8_t *body, size_t len)
{
	static uint8_t plain[MM_MAX_MSG];
	uint32_t msgid = 0x1000u + op;
	struct ike_iv iv;
	size_t n, out_len;

	if (pull_iv_init(sa, msgid, &iv) < 0 ||
	    pull_build_hashed(sa, 1, msgid, NULL, 0, NULL, 0, body[0], body + 1, len - 1, plain,
			      sizeof(plain), &n) < 0 ||
	    pull_seal(sa, IKE_EXCH_INFORMATIONAL, msgid, PL_HASH, &iv, plain, n, dgram,
		      sizeof(dgram), &out_len) < 0)
		return 0;
	return out_len;
}

/* A Main Mode message with the exchange's cookies, encrypted as the
 * receiving exchange x expects when it has keys. */
static size_t seal_main(const struct ike_exchange *x, const uint8_t *body, size_t len)
{
	size_t chain = len - 1, total = PULL_HDR_LEN + chain, pad = 0;
	bool enc = x && x->keys.enc_key.len && x->iv.len;
	struct ike_iv iv;

	if (enc)
		pad = (x->iv.len - chain % x->iv.len) % x->iv.len;
	if (total + pad > sizeof(dgram))
		return 0;
	fuzz_put_hdr(dgram, w.icookie, x ? x->sa.rcookie : zero, body[0], IKE_EXCH_MAIN_MODE,
		     enc ? ISAKMP_FLAG_ENC : 0, 0, total + pad);
	if (x && !memcmp(x->sa.rcookie, zero, IKE_COOKIE_LEN) && w.have_rcookie)
		memcpy(dgram + 8, w.rcookie, IKE_COOKIE_LEN);
	memcpy(dgram + PULL_HDR_LEN, body + 1, chain);
	memset(dgram + total, 0, pad);
	if (!enc)
		return total;
	iv = x->iv;
	if (iv_cbc_encrypt(crypto_cipher_from_ike((uint16_t)x->sa.cipher), x->keys.enc_key.data,
			   x->keys.enc_key.len, &iv, dgram + PULL_HDR_LEN, chain + pad, &iv) < 0)
		return 0;
	return total + pad;
}

static void fuzz_step(enum side to, uint8_t op, const uint8_t *body, size_t len)
{
	struct ike_exchange *x = exchange_of(to);
	size_t n;

	if (len == 0 || !w.have_icookie)
		return;
	if (x && x->state == MM_ESTABLISHED && op & 4) {
		n = seal_info(&x->sa, op, body, len);
	} else if (to == RESPONDER && (op & 8 || !x)) {
		n = seal_main(NULL, body, len);          /* a message 1 */
		if (n)
			dgram[0] ^= op;                  /* a cookie of its own */
	} else {
		n = seal_main(x, body, len);
	}
	if (n)
		deliver(to, dgram, n);
}

/* FUZZ_RECORD: a real Main Mode message after message 1 as the step that
 * delivers its payloads (decrypted when they were) through the fuzzed
 * path; message 1 stays a real step (the fuzzed one takes new cookies). */
static void record_real(const struct queued *q)
{
	static uint8_t plain[MM_MAX_MSG];
	const struct ike_exchange *x = exchange_of(q->to);
	size_t body = q->len - PULL_HDR_LEN;
	struct ike_iv iv;

	if (q->buf[18] != IKE_EXCH_MAIN_MODE || !memcmp(q->buf + 8, zero, IKE_COOKIE_LEN) || !x)
		return fuzz_record(0, -1, NULL, 0);
	memcpy(plain, q->buf + PULL_HDR_LEN, body);
	if (q->buf[19] & ISAKMP_FLAG_ENC) {
		iv = x->iv;
		if (!x->keys.enc_key.len ||
		    iv_cbc_decrypt(crypto_cipher_from_ike((uint16_t)x->sa.cipher),
				   x->keys.enc_key.data, x->keys.enc_key.len, &iv, plain, body,
				   &iv) < 0)
			return fuzz_record(0, -1, NULL, 0);
	}
	fuzz_record(q->to == RESPONDER ? 1 : 2, q->buf[16], plain, body);
}

static void real_step(void)
{
	struct queued *q;

	if (!w.count)
		return;
	q = &w.q[w.head];
	w.head = (w.head + 1) % QUEUE_LEN;
	w.count--;
	if (fuzz_rec)
		record_real(q);
	memcpy(dgram, q->buf, q->len);
	deliver(q->to, dgram, q->len);
}

static void setup(void)
{
	log_init("fuzz", LOG_SINK_NONE);
	timers = ike_timers_new(fake_clock, NULL);
	for (int s = 0; s < 2; s++) {
		w.addr[s].sin_family = AF_INET;
		w.addr[s].sin_port = htons(848);
		w.addr[s].sin_addr.s_addr = htonl(s == RESPONDER ? 0x0a000001 : 0x0a000009);
	}
	if (!timers)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ike_policy pol = { IKE_CIPHER_AES_CBC, 128, IKE_HASH_SHA1, IKE_AUTH_PSK, 2, 86400 };
	struct fuzz_steps s = { data, size, 0 };
	struct sockaddr_in keep[2];
	struct fuzz_step st;

	if (!timers)
		setup();
	memcpy(keep, w.addr, sizeof(keep));
	memset(&w, 0, sizeof(w));
	memcpy(w.addr, keep, sizeof(keep));
	for (int i = 0; i < 2; i++) {
		struct ike_callbacks cb = { .send = capture, .psk_lookup = psk, .failed = failed,
					    .arg = (void *)&sides[i] };

		w.ctx[i] = ike_ctx_new(&cb, timers);
		if (!w.ctx[i] || ike_ctx_set_policies(w.ctx[i], &pol, 1) < 0)
			abort();
	}
	if (ike_initiate(w.ctx[INITIATOR], &w.addr[INITIATOR], &w.addr[RESPONDER], NULL) < 0)
		abort();
	fuzz_record_begin();
	while (fuzz_next_step(&s, &st)) {
		if (st.op % 4 != 0)
			fuzz_record(st.op, -1, st.body, st.len);
		switch (st.op % 4) {
		case 0: real_step(); break;
		case 1: fuzz_step(RESPONDER, st.op, st.body, st.len); break;
		case 2: fuzz_step(INITIATOR, st.op, st.body, st.len); break;
		case 3:
			now_ms += 1000 * (uint64_t)(st.len ? st.body[0] : 1);
			ike_timers_run(timers);
			break;
		}
	}
	fuzz_record_end();
	ike_ctx_free(w.ctx[0]);
	ike_ctx_free(w.ctx[1]);
	now_ms += 1000000;   /* nothing of this input is left to fire */
	ike_timers_run(timers);
	return 0;
}
