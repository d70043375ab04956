/* Known-answer tests at message level: the GROUPKEY-PULL messages logged by
 * the GDOI reference implementation must decrypt, split and authenticate
 * with our framing, and the messages we build from the logged plaintexts
 * must be byte-identical to the logged ones. (SKEYID derivation and the
 * bare hash/IV functions are covered by the crypto library's own KATs.) */
#include "gdoi/pull_frame.h"
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

static void run(const struct pull_kat_hex *h)
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
	ike_sa_wipe(&k.sa);
}

int main(void)
{
	run(&kat_loopback);
	run(&kat_three_clients);
	return done_testing();
}
