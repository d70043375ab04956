/* Known-answer tests against the debug logs of the 2011 Cisco GDOI
 * reference implementation (the .vec files under tests/vectors): every logged key, IV,
 * hash, ciphertext and signature is recomputed with getvpnd's crypto. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/cipher.h"
#include "crypto/gdoi_hash.h"
#include "crypto/ike_keys.h"
#include "crypto/iv.h"
#include "crypto/rsa_sig.h"
#include "tests/tap.h"
#include "tests/unit/crypto/vec_file.h"

#define SHA1_LEN 20
#define PAYLOAD_HASH 8
#define PAYLOAD_ID 5
#define PAYLOAD_SIG 9

struct bytes {
	const unsigned char *p;
	size_t len;
};

static const struct vec_file *cur;
static char where[64];

static struct bytes get(const char *field)
{
	struct bytes b;

	b.p = vec_getf(cur, &b.len, "%s.%s", where, field);
	if (!b.p)
		printf("# missing %s.%s\n", where, field);
	return b;
}

static void same(struct bytes got_b, const unsigned char *got, size_t got_len, const char *what)
{
	char name[128];

	snprintf(name, sizeof(name), "%s %s", where, what);
	if (!got_b.p || got_b.len != got_len) {
		ok(0, name);
		printf("#   length %zu, want %zu\n", got_len, got_b.len);
		return;
	}
	is_mem(got, got_b.p, got_len, name);
}

/* Walks an ISAKMP payload chain starting with payload type first: finds
 * payload want (header included) and the end of the chain. -1 if the
 * chain is malformed or does not hold want. */
static int find_payload(struct bytes msg, unsigned first, unsigned want, struct bytes *found,
			size_t *chain_end)
{
	size_t off = 0;
	unsigned type = first;
	int seen = 0;

	while (type != 0) {
		size_t len;

		if (off + 4 > msg.len)
			return -1;
		len = (size_t)msg.p[off + 2] << 8 | msg.p[off + 3];
		if (len < 4 || off + len > msg.len)
			return -1;
		if (type == want && !seen) {
			found->p = msg.p + off;
			found->len = len;
			seen = 1;
		}
		type = msg.p[off];
		off += len;
	}
	*chain_end = off;
	return seen ? 0 : -1;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Decrypts the logged ciphertext with iv, checks plaintext and next IV,
 * re-encrypts the plaintext, and leaves the chained IV in *iv. */
static void check_message(const char *msg, const unsigned char *key, size_t key_len,
			  struct ike_iv *iv)
{
	char f[64], what[96];
	struct bytes plain, cipher, iv_after;
	struct ike_iv next;
	unsigned char *buf;

	snprintf(f, sizeof(f), "%s.plain", msg);
	plain = get(f);
	snprintf(f, sizeof(f), "%s.cipher", msg);
	cipher = get(f);
	snprintf(f, sizeof(f), "%s.iv_after", msg);
	iv_after = get(f);
	if (!plain.p || !cipher.p || !iv_after.p || plain.len != cipher.len) {
		ok(0, "message fields present");
		return;
	}
	buf = malloc(cipher.len);
	memcpy(buf, cipher.p, cipher.len);
	snprintf(what, sizeof(what), "%s decrypts", msg);
	ok(iv_cbc_decrypt(CRYPTO_CIPHER_3DES_CBC, key, key_len, iv, buf, cipher.len, &next) == 0,
	   what);
	snprintf(what, sizeof(what), "%s plaintext", msg);
	same(plain, buf, cipher.len, what);
	snprintf(what, sizeof(what), "%s IV after", msg);
	same(iv_after, next.bytes, next.len, what);

	memcpy(buf, plain.p, plain.len);
	ok(iv_cbc_encrypt(CRYPTO_CIPHER_3DES_CBC, key, key_len, iv, buf, plain.len, &next) == 0,
	   "re-encrypts");
	snprintf(what, sizeof(what), "%s ciphertext", msg);
	same(cipher, buf, plain.len, what);
	free(buf);
	*iv = next;
}

static void check_phase1(struct ike_keys *keys, struct ike_iv *p1_last)
{
	struct bytes psk = get("psk"), ni = get("ni_b"), nr = get("nr_b"), gxy = get("g_xy");
	struct bytes gxi = get("g_xi"), gxr = get("g_xr"), cki = get("cky_i"), ckr = get("cky_r");
	struct ike_iv iv;
	unsigned char expanded[24];

	keys->prf = CRYPTO_HASH_SHA1;
	ok(ike_skeyid_psk(CRYPTO_HASH_SHA1, psk.p, psk.len, ni.p, ni.len, nr.p, nr.len,
			  &keys->skeyid) == 0, "SKEYID computed");
	same(get("skeyid"), keys->skeyid.data, keys->skeyid.len, "SKEYID = prf(psk, Ni_b | Nr_b)");
	ok(cki.len == 8 && ckr.len == 8 &&
	   ike_keys_derive(keys, gxy.p, gxy.len, cki.p, ckr.p, 24) == 0, "SKEYID_* derived");
	same(get("skeyid_d"), keys->skeyid_d.data, keys->skeyid_d.len, "SKEYID_d");
	same(get("skeyid_a"), keys->skeyid_a.data, keys->skeyid_a.len, "SKEYID_a");
	same(get("skeyid_e"), keys->skeyid_e.data, keys->skeyid_e.len, "SKEYID_e");
	same(get("enc_key"), keys->enc_key.data, keys->enc_key.len,
	     "3DES key = K1 | K2 expanded from SKEYID_e (RFC 2409 appendix B)");
	ok(ike_key_expand(CRYPTO_HASH_SHA1, &keys->skeyid_e, expanded, sizeof(expanded)) == 0 &&
	   memcmp(expanded, keys->enc_key.data, 24) == 0, "ike_key_expand agrees");

	ok(iv_phase1_init(CRYPTO_HASH_SHA1, gxi.p, gxi.len, gxr.p, gxr.len, 8, &iv) == 0,
	   "phase-1 IV computed");
	same(get("p1_iv"), iv.bytes, iv.len, "phase-1 IV = SHA1(g^xi | g^xr)[0..8]");
	check_message("p1_msg5", keys->enc_key.data, keys->enc_key.len, &iv);
	check_message("p1_msg6", keys->enc_key.data, keys->enc_key.len, &iv);
	*p1_last = iv;
}

/* HASH_I / HASH_R from the ID payload bodies in messages 5 and 6. */
static void check_auth_hashes(const struct ike_keys *keys)
{
	struct bytes m5 = get("p1_msg5.plain"), m6 = get("p1_msg6.plain"), id5, id6, h5, h6;
	size_t end;
	unsigned char out[SHA1_LEN];
	struct ike_auth_input in = {
		.g_xi = get("g_xi").p, .g_xi_len = get("g_xi").len,
		.g_xr = get("g_xr").p, .g_xr_len = get("g_xr").len,
		.cky_i = get("cky_i").p, .cky_r = get("cky_r").p,
		.sai_b = get("sa_i_b").p, .sai_b_len = get("sa_i_b").len,
	};

	if (find_payload(m5, PAYLOAD_ID, PAYLOAD_ID, &id5, &end) < 0 ||
	    find_payload(m5, PAYLOAD_ID, PAYLOAD_HASH, &h5, &end) < 0 ||
	    find_payload(m6, PAYLOAD_ID, PAYLOAD_ID, &id6, &end) < 0 ||
	    find_payload(m6, PAYLOAD_ID, PAYLOAD_HASH, &h6, &end) < 0) {
		ok(0, "ID and HASH payloads in messages 5 and 6");
		return;
	}
	in.id_b = id5.p + 4;
	in.id_b_len = id5.len - 4;
	ok(ike_hash_i(keys, &in, out) == 0, "HASH_I computed");
	same(get("hash_i"), out, SHA1_LEN, "HASH_I");
	ok(ike_hash_check(h5.p + 4, h5.len - 4, out, SHA1_LEN) == 0, "HASH_I matches message 5");
	in.id_b = id6.p + 4;
	in.id_b_len = id6.len - 4;
	ok(ike_hash_r(keys, &in, out) == 0, "HASH_R computed");
	same(get("hash_r"), out, SHA1_LEN, "HASH_R");
	ok(ike_hash_check(h6.p + 4, h6.len - 4, out, SHA1_LEN) == 0, "HASH_R matches message 6");
	out[0] ^= 1;
	ok(ike_hash_check(h6.p + 4, h6.len - 4, out, SHA1_LEN) < 0, "altered HASH_R rejected");
}

static void check_pull_hash(const struct ike_keys *keys, unsigned n, uint32_t msgid)
{
	char f[128];
	struct bytes plain, hash, logged, ni = get("pull_ni_b"), nr = get("pull_nr_b");
	size_t end;
	unsigned char out[SHA1_LEN], *after;
	struct gdoi_pull_hash_input in = {
		.msg_no = n, .msgid = msgid, .ni_b = ni.p, .ni_len = ni.len,
		.nr_b = nr.p, .nr_len = nr.len,
	};

	snprintf(f, sizeof(f), "pull%u.plain", n);
	plain = get(f);
	if (find_payload(plain, PAYLOAD_HASH, PAYLOAD_HASH, &hash, &end) < 0 ||
	    hash.p != plain.p) {
		ok(0, "HASH payload first in the PULL message");
		return;
	}
	in.after_hash = plain.p + hash.len;
	in.after_len = end - hash.len;
	/* What the reference logged as hashed, where it did (not for an
	 * empty HASH(3)): the payload walk must find the same bytes. */
	snprintf(f, sizeof(f), "%s.pull%u.hashed", where, n);
	logged.p = vec_get(cur, f, &logged.len);
	if (logged.p) {
		snprintf(f, sizeof(f), "HASH(%u) input = the logged hashed payloads", n);
		ok(logged.len == in.after_len &&
		   memcmp(logged.p, in.after_hash, logged.len) == 0, f);
	}
	ok(gdoi_pull_hash(CRYPTO_HASH_SHA1, keys->skeyid_a.data, keys->skeyid_a.len, &in, out) == 0,
	   "PULL hash computed");
	snprintf(f, sizeof(f), "HASH(%u)", n);
	same((struct bytes){ hash.p + 4, hash.len - 4 }, out, SHA1_LEN, f);
	ok(gdoi_pull_hash_check(CRYPTO_HASH_SHA1, keys->skeyid_a.data, keys->skeyid_a.len, &in,
				hash.p + 4, hash.len - 4) == 0, "hash check accepts it");
	if (in.after_len) {
		after = malloc(in.after_len);
		memcpy(after, in.after_hash, in.after_len);
		after[in.after_len - 1] ^= 0x80;
		in.after_hash = after;
		ok(gdoi_pull_hash_check(CRYPTO_HASH_SHA1, keys->skeyid_a.data, keys->skeyid_a.len,
					&in, hash.p + 4, hash.len - 4) < 0,
		   "hash check rejects an altered payload");
		free(after);
	}
}

static void check_pull(const struct ike_keys *keys, const struct ike_iv *p1_last)
{
	struct bytes mid = get("msgid");
	struct iv_store store;
	struct ike_iv iv, *slot;
	uint32_t msgid;
	char name[16];

	if (!mid.p || mid.len != 4) {
		ok(0, "message ID present");
		return;
	}
	msgid = be32(mid.p);
	ok(iv_phase2_init(CRYPTO_HASH_SHA1, p1_last, msgid, &iv) == 0, "phase-2 IV computed");
	same(get("p2_iv"), iv.bytes, iv.len, "phase-2 IV = SHA1(last phase-1 IV | M-ID)[0..8]");

	iv_store_init(&store, CRYPTO_HASH_SHA1, p1_last);
	ok(iv_store_get(&store, msgid ^ 1) != NULL, "an unrelated exchange has its own IV");
	slot = iv_store_get(&store, msgid);
	ok(slot && memcmp(slot->bytes, iv.bytes, iv.len) == 0, "IV store derives the same IV");
	for (unsigned n = 1; slot && n <= 4; n++) {
		snprintf(name, sizeof(name), "pull%u", n);
		check_message(name, keys->enc_key.data, keys->enc_key.len, slot);
		check_pull_hash(keys, n, msgid);
	}
	iv_store_free(&store);
}

static void check_rekey(const char *prefix)
{
	struct bytes key, iv, plain, cipher, header, signed_p, digest, spki, sig, kek;
	unsigned char *buf, d[SHA1_LEN];
	EVP_PKEY *pub;
	size_t total;

	snprintf(where, sizeof(where), "%s", prefix);
	key = get("key"), iv = get("iv"), plain = get("plain"), cipher = get("cipher");
	header = get("header"), signed_p = get("signed_payloads"), digest = get("digest");
	snprintf(where, sizeof(where), "reg1");
	spki = get("kek_sig_key");
	kek = get("kek_alg_key");
	snprintf(where, sizeof(where), "%s", prefix);
	if (!key.p || !plain.p || !cipher.p || !header.p || !signed_p.p || !spki.p || !kek.p ||
	    header.len != ISAKMP_HEADER_LEN || plain.len != cipher.len ||
	    signed_p.len + 4 > plain.len || kek.len != 32) {
		ok(0, "rekey fields present");
		return;
	}
	buf = malloc(cipher.len);
	ok(crypto_cbc_decrypt(CRYPTO_CIPHER_3DES_CBC, key.p, key.len, iv.p, iv.len, cipher.p,
			      cipher.len, buf) == 0, "rekey decrypts with the KEK");
	same(plain, buf, plain.len, "rekey plaintext");
	/* The KD carried IV | key; the logged key may have had its DES parity
	 * bits set since, which 3DES ignores. */
	ok(memcmp(kek.p, iv.p, 8) == 0, "KEK IV is the one sent in KEK_ALGORITHM_KEY");
	ok(crypto_cbc_decrypt(CRYPTO_CIPHER_3DES_CBC, kek.p + 8, 24, kek.p, 8, cipher.p,
			      cipher.len, buf) == 0 && memcmp(buf, plain.p, plain.len) == 0,
	   "the KEK from the KD decrypts it too");
	ok(memcmp(plain.p, signed_p.p, signed_p.len) == 0, "signed payloads lead the plaintext");

	ok(gdoi_rekey_digest(CRYPTO_HASH_SHA1, header.p, signed_p.p, signed_p.len, d) == 0,
	   "rekey digest computed");
	same(digest, d, SHA1_LEN, "rekey digest = SHA1(\"rekey\" | header | payloads)");

	sig.p = plain.p + signed_p.len + 4;
	sig.len = (size_t)plain.p[signed_p.len + 2] << 8 | plain.p[signed_p.len + 3];
	ok(sig.len > 4 && signed_p.len + sig.len <= plain.len, "SIG payload follows");
	total = ISAKMP_HEADER_LEN + signed_p.len + sig.len;
	ok(be32(header.p + 24) == total, "signed header length counts SIG, not the padding");
	sig.len -= 4;

	pub = rsa_public_from_der(spki.p, spki.len);
	ok(pub != NULL, "KS public key parses as SubjectPublicKeyInfo");
	ok(rsa_verify_digest(pub, CRYPTO_HASH_SHA1, RSA_SIG_RAW, d, SHA1_LEN, sig.p, sig.len) == 0,
	   "signature verifies as raw PKCS#1 over the hash");
	ok(rsa_verify_digest(pub, CRYPTO_HASH_SHA1, RSA_SIG_DIGESTINFO, d, SHA1_LEN, sig.p,
			     sig.len) < 0, "signature is not PKCS#1 DigestInfo");
	memcpy(buf, sig.p, sig.len);
	buf[sig.len / 2] ^= 0x01;
	ok(rsa_verify_digest(pub, CRYPTO_HASH_SHA1, RSA_SIG_RAW, d, SHA1_LEN, buf, sig.len) < 0,
	   "altered signature rejected");
	EVP_PKEY_free(pub);
	free(buf);
}

static void check_file(const char *name)
{
	struct vec_file v;
	char prefix[32];
	size_t len;

	if (vec_load(&v, name) < 0) {
		ok(0, name);
		return;
	}
	cur = &v;
	for (int r = 1; vec_getf(&v, &len, "reg%d.skeyid", r); r++) {
		struct ike_keys keys = { 0 };
		struct ike_iv p1_last;

		printf("# %s: registration %d\n", name, r);
		snprintf(where, sizeof(where), "reg%d", r);
		check_phase1(&keys, &p1_last);
		check_auth_hashes(&keys);
		check_pull(&keys, &p1_last);
		ike_keys_free(&keys);
	}
	for (int r = 1; vec_getf(&v, &len, "rekey%d.cipher", r); r++) {
		printf("# %s: rekey %d\n", name, r);
		snprintf(prefix, sizeof(prefix), "rekey%d", r);
		check_rekey(prefix);
	}
	vec_free(&v);
}

int main(void)
{
	check_file("loopback-gm.vec");
	check_file("loopback-ks.vec");
	check_file("three-clients-ks.vec");
	check_file("three-clients-gm1.vec");
	return done_testing();
}
