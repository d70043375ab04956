/* Known-answer tests at message level: the GROUPKEY-PULL messages logged by
 * the GDOI reference implementation must decrypt, split and authenticate
 * with our framing, and the messages we build from the logged plaintexts
 * must be byte-identical to the logged ones. (SKEYID derivation and the
 * bare hash/IV functions are covered by the crypto library's own KATs.) */
#include "gdoi/pull_msg.h"
#include "tests/tap.h"
#include "tests/unit/pull/pull_kat_vectors.h"
#include "tests/unit/pull/pull_test_util.h"

struct kat {
	struct ike_sa sa;
	uint32_t msgid;
	uint8_t p2iv[16], ni[64], nr[64];
	size_t ni_len, nr_len;
	uint8_t msg[4][PULL_MAX_MSG], plain[4][PULL_MAX_MSG];
	size_t msg_len[4], plain_len[4];
};

static void load(const struct pull_kat_hex *h, struct kat *k)
{
	const char *msgs[4] = { h->msg1, h->msg2, h->msg3, h->msg4 };
	const char *plains[4] = { h->plain1, h->plain2, h->plain3, h->plain4 };
	struct ike_sa *sa = &k->sa;

	memset(k, 0, sizeof(*k));
	sa->role = IKE_INITIATOR;
	sa->cipher = IKE_CIPHER_3DES;
	sa->key_bits = 192;
	sa->hash = IKE_HASH_SHA1;
	sa->hash_len = hex_decode(h->skeyid_a, sa->skeyid_a, sizeof(sa->skeyid_a));
	sa->enc_key_len = hex_decode(h->enc_key, sa->enc_key, sizeof(sa->enc_key));
	sa->block_len = hex_decode(h->phase1_iv, sa->phase1_iv, sizeof(sa->phase1_iv));
	hex_decode(h->icookie, sa->icookie, sizeof(sa->icookie));
	hex_decode(h->rcookie, sa->rcookie, sizeof(sa->rcookie));
	k->msgid = h->msgid;
	hex_decode(h->phase2_iv, k->p2iv, sizeof(k->p2iv));
	k->ni_len = hex_decode(h->ni, k->ni, sizeof(k->ni));
	k->nr_len = hex_decode(h->nr, k->nr, sizeof(k->nr));
	for (int i = 0; i < 4; i++) {
		k->msg_len[i] = hex_decode(msgs[i], k->msg[i], sizeof(k->msg[i]));
		k->plain_len[i] = hex_decode(plains[i], k->plain[i], sizeof(k->plain[i]));
	}
}

/* Decrypts logged message n (0-based) with *iv, checks the plaintext and
 * its hash, and advances *iv. */
static void check_received(struct kat *k, int n, struct ike_iv *iv, const char *name)
{
	static uint8_t plain[PULL_MAX_MSG];
	struct pull_hdr hdr;
	struct pull_body body;
	struct ike_iv next;
	size_t len;
	const char *why;
	char t[160];
	const uint8_t *ni = n >= 1 ? k->ni : NULL, *nr = n >= 2 ? k->nr : NULL;
	size_t ni_len = n >= 1 ? k->ni_len : 0, nr_len = n >= 2 ? k->nr_len : 0;

	snprintf(t, sizeof(t), "%s msg%d: header and decryption accepted", name, n + 1);
	ok(pull_open(&k->sa, ISAKMP_EXCH_GROUPKEY_PULL, k->msg[n], k->msg_len[n], iv, &hdr,
		     plain, sizeof(plain), &len, &next, &why) == 0, t);
	snprintf(t, sizeof(t), "%s msg%d: plaintext as logged", name, n + 1);
	ok(len == k->plain_len[n] && memcmp(plain, k->plain[n], len) == 0, t);
	is_int(hdr.msgid, k->msgid, "message ID from the header");
	snprintf(t, sizeof(t), "%s msg%d: HASH payload and chain split", name, n + 1);
	ok(pull_split(plain, len, hdr.next_payload, k->sa.hash_len, &body, &why) == 0, t);
	snprintf(t, sizeof(t), "%s msg%d: HASH(%d) verifies", name, n + 1, n + 1);
	ok(pull_check_hash(&k->sa, (unsigned)n + 1, k->msgid, ni, ni_len, nr, nr_len, &body) == 0, t);

	/* the same message with one bit of the hash flipped is refused */
	plain[4] ^= 1;
	snprintf(t, sizeof(t), "%s msg%d: a flipped HASH bit fails", name, n + 1);
	ok(pull_check_hash(&k->sa, (unsigned)n + 1, k->msgid, ni, ni_len, nr, nr_len, &body) < 0, t);
	*iv = next;
}

/* Builds message n from its logged plaintext (payloads after HASH) and
 * compares the whole datagram with the logged one. */
static void check_sent(struct kat *k, int n, struct ike_iv *iv, const char *name)
{
	static uint8_t plain[PULL_MAX_MSG], out[PULL_MAX_MSG];
	struct pull_body body;
	size_t plen, olen;
	const char *why;
	char t[160];
	const uint8_t *ni = n >= 1 ? k->ni : NULL, *nr = n >= 2 ? k->nr : NULL;
	size_t ni_len = n >= 1 ? k->ni_len : 0, nr_len = n >= 2 ? k->nr_len : 0;

	/* the logged plaintext is HASH | after: rebuild the hash from "after" */
	if (pull_split(k->plain[n], k->plain_len[n], PL_HASH, k->sa.hash_len, &body, &why) < 0) {
		ok(0, "logged plaintext splits");
		return;
	}
	snprintf(t, sizeof(t), "%s msg%d: HASH(%d) computed as logged", name, n + 1, n + 1);
	ok(pull_build_hashed(&k->sa, (unsigned)n + 1, k->msgid, ni, ni_len, nr, nr_len,
			     body.after_first, body.after, body.after_len, plain, sizeof(plain),
			     &plen) == 0 &&
	   plen == 4 + k->sa.hash_len + body.after_len &&
	   memcmp(plain, k->plain[n], plen) == 0, t);
	snprintf(t, sizeof(t), "%s msg%d: sealed datagram identical to the logged one", name, n + 1);
	ok(pull_seal(&k->sa, ISAKMP_EXCH_GROUPKEY_PULL, k->msgid, PL_HASH, iv, plain, plen,
		     out, sizeof(out), &olen) == 0 &&
	   olen == k->msg_len[n] && memcmp(out, k->msg[n], olen) == 0, t);
}

/* The reference messages decoded into a group policy, as a member and a
 * key server of ours would (RFC 3547 one-octet TEK ID lengths). */
static void check_contents(struct kat *k, const char *name, bool with_kek)
{
	static struct pull_rx rx;
	static struct group_policy gp;
	struct pull_ctx x = { .sa = &k->sa, .msgid = k->msgid, .ni = k->ni, .ni_len = k->ni_len,
			      .nr = k->nr, .nr_len = k->nr_len, .wire_flags = WIRE_DEC_TEK_ID_LEN8 };
	struct ike_iv iv[4];
	const uint8_t *n;
	size_t nlen;
	uint32_t gid = 0;
	const char *why = NULL;
	char t[160];

	pull_iv_init(&k->sa, k->msgid, &iv[0]);
	for (int i = 1; i < 4; i++)
		iv[i] = iv[i - 1], iv_chain(&iv[i], k->msg[i - 1] + PULL_HDR_LEN,
					     k->msg_len[i - 1] - PULL_HDR_LEN);

	snprintf(t, sizeof(t), "%s: message 1 parsed: Ni and group 1234", name);
	ok(pull_receive(&x, 1, k->msg[0], k->msg_len[0], &iv[0], &rx, &why) == 0 &&
	   pull_parse_msg1(&rx, &n, &nlen, &gid, &why) == 0 && gid == 1234 &&
	   nlen == k->ni_len && memcmp(n, k->ni, nlen) == 0, t);

	memset(&gp, 0, sizeof(gp));
	snprintf(t, sizeof(t), "%s: message 2 parsed into a policy", name);
	ok(pull_receive(&x, 2, k->msg[1], k->msg_len[1], &iv[1], &rx, &why) == 0 &&
	   pull_parse_msg2(&rx, &n, &nlen, &gp, &why) == 0 &&
	   nlen == k->nr_len && memcmp(n, k->nr, nlen) == 0, t);
	if (why)
		diag(why);
	is_int(gp.n_teks, 2, "two TEKs");
	is_int(gp.teks[0].spi, 0x1122aabb, "first TEK SPI");
	is_int(gp.teks[1].spi, 0x3344ccdd, "second TEK SPI");
	is_int(gp.teks[0].esp_id, GP_ESP_3DES, "ESP 3DES");
	is_int(gp.teks[0].auth_id, GP_AUTH_HMAC_SHA1, "HMAC-SHA1");
	is_int(gp.teks[0].lifetime_s, with_kek ? 60 : 3600, "TEK lifetime");
	is_int(gp.kek.present, with_kek, "KEK present as logged");
	if (with_kek) {
		is_mem(gp.kek.spi, "abcdefgh01234567", 16, "KEK SPI");
		is_int(gp.kek.alg, GP_KEK_ALG_3DES, "KEK 3DES");
		is_int(gp.kek.sig_hash, GP_SIG_HASH_SHA1, "rekey signature hash SHA1");
	}

	ok(pull_receive(&x, 3, k->msg[2], k->msg_len[2], &iv[2], &rx, &why) == 0 &&
	   pull_parse_msg3(&rx, &why) == 0, "message 3 parsed");

	snprintf(t, sizeof(t), "%s: message 4 keys applied to the policy", name);
	ok(pull_receive(&x, 4, k->msg[3], k->msg_len[3], &iv[3], &rx, &why) == 0 &&
	   pull_parse_msg4(&rx, &gp, &why) == 0, t);
	if (why)
		diag(why);
	is_mem(gp.teks[0].key, "ABCDEFGHIJKLMNOPQRSTUVWX", 24, "first TEK cipher key");
	is_mem(gp.teks[0].integ_key, "12345678901234567890", 20, "first TEK integrity key");
	is_mem(gp.teks[1].key, "FEDCBA11LKJIHG22RQPONM33", 24, "second TEK cipher key");
	is_int(gp.seq, 0, "SEQ 0");
	if (with_kek) {
		is_mem(gp.kek.key, "ABCDEFGHIJKLMNOPQRSTUVWX", 24, "KEK key (static IV skipped)");
		is_int(gp.kek.pubkey_len, 162, "KS public key: 162-octet SubjectPublicKeyInfo");
		ok(gp.kek.pubkey[0] == 0x30, "KS public key is DER");
	}
	gp_wipe(&gp);
}

static void run(const struct pull_kat_hex *h, bool with_kek)
{
	static struct kat k;
	struct ike_iv gm_iv, ks_iv;

	load(h, &k);
	ok(pull_iv_init(&k.sa, k.msgid, &gm_iv) == 0, "phase-2 IV derived");
	is_mem(gm_iv.bytes, k.p2iv, k.sa.block_len, "phase-2 IV = hash(phase-1 IV | M-ID)");
	ks_iv = gm_iv;

	/* the member builds 1 and 3, the key server checks them; and back */
	check_sent(&k, 0, &gm_iv, h->name);
	check_received(&k, 0, &ks_iv, h->name);
	check_sent(&k, 1, &ks_iv, h->name);
	check_received(&k, 1, &gm_iv, h->name);
	check_sent(&k, 2, &gm_iv, h->name);
	check_received(&k, 2, &ks_iv, h->name);
	check_sent(&k, 3, &ks_iv, h->name);
	check_received(&k, 3, &gm_iv, h->name);
	is_mem(gm_iv.bytes, ks_iv.bytes, k.sa.block_len, "both IV chains end equal");
	check_contents(&k, h->name, with_kek);
	ike_sa_wipe(&k.sa);
}

int main(void)
{
	run(&kat_loopback, false);
	run(&kat_three_clients, true);
	return done_testing();
}
