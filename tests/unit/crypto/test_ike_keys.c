/* IKEv1 key derivation cases the reference logs do not cover: signature
 * SKEYID, key expansion for longer keys and other prfs, bad inputs.
 * Expected values were computed independently (Python hmac) from the
 * loopback vectors and the RFC 2409 formulas. */
#include <stdlib.h>
#include <string.h>

#include "crypto/gdoi_hash.h"
#include "crypto/ike_keys.h"
#include "tests/tap.h"
#include "tests/unit/crypto/vec_file.h"

static void check_skeyid_sig(const struct vec_file *v)
{
	size_t ni_len, nr_len, gxy_len, want_len;
	const unsigned char *ni = vec_get(v, "reg1.ni_b", &ni_len);
	const unsigned char *nr = vec_get(v, "reg1.nr_b", &nr_len);
	const unsigned char *gxy = vec_get(v, "reg1.g_xy", &gxy_len);
	unsigned char *want = vec_hex("253507e4ee76e1d1249e8005775f1a480b145beb", &want_len);
	struct secret_buf s = { 0 };

	ok(ni && nr && gxy &&
	   ike_skeyid_sig(CRYPTO_HASH_SHA1, ni, ni_len, nr, nr_len, gxy, gxy_len, &s) == 0,
	   "signature SKEYID computed");
	ok(s.len == want_len && memcmp(s.data, want, want_len) == 0,
	   "SKEYID = prf(Ni_b | Nr_b, g^xy)");
	secret_buf_free(&s);
	free(want);
}

static void check_expansion(const struct vec_file *v)
{
	size_t e_len, want_len;
	const unsigned char *e = vec_get(v, "reg1.skeyid_e", &e_len);
	struct secret_buf skeyid_e = { 0 };
	unsigned char out[32], *want;

	secret_buf_set(&skeyid_e, e, e_len);
	want = vec_hex("80cdab03c1105d2b48ab436dde73f5b1bbbe55449c1efe699cd7bb281a84e746", &want_len);
	ok(ike_key_expand(CRYPTO_HASH_SHA1, &skeyid_e, out, 32) == 0 &&
	   memcmp(out, want, 32) == 0, "AES-256 key from a SHA1 SKEYID_e (K1 | K2)");
	free(want);
	ok(ike_key_expand(CRYPTO_HASH_SHA1, &skeyid_e, out, 16) == 0 &&
	   memcmp(out, e, 16) == 0, "AES-128 key is the SKEYID_e prefix");

	want = vec_hex("9dd4e461268c8034f5c8564e155c67a6", &want_len);
	secret_buf_set(&skeyid_e, want, want_len);
	free(want);
	want = vec_hex("604ca0abb6ca0dbae944d1a913561b03e610ef603e211889", &want_len);
	ok(ike_key_expand(CRYPTO_HASH_MD5, &skeyid_e, out, 24) == 0 &&
	   memcmp(out, want, 24) == 0, "3DES key from an MD5 SKEYID_e");
	free(want);
	ok(ike_key_expand(CRYPTO_HASH_NONE, &skeyid_e, out, 24) < 0, "unknown prf refused");
	secret_buf_free(&skeyid_e);
	ok(ike_key_expand(CRYPTO_HASH_SHA1, &skeyid_e, out, 24) < 0, "empty SKEYID_e refused");
}

static void check_bad_inputs(void)
{
	struct ike_keys keys = { .prf = CRYPTO_HASH_SHA1 };
	unsigned char cky[8] = { 0 }, gxy[4] = { 1, 2, 3, 4 }, out[20];
	struct gdoi_pull_hash_input in = { .msg_no = 2, .msgid = 1 };

	ok(ike_keys_derive(&keys, gxy, 4, cky, cky, 24) < 0, "derivation without SKEYID refused");
	ok(ike_hash_check(out, 19, out, 20) < 0, "hash of the wrong length refused");
	ok(ike_hash_check(out, 0, out, 0) < 0, "empty hash refused");
	ok(gdoi_pull_hash(CRYPTO_HASH_SHA1, gxy, 4, &in, out) < 0, "HASH(2) without Ni_b refused");
	in.msg_no = 5;
	ok(gdoi_pull_hash(CRYPTO_HASH_SHA1, gxy, 4, &in, out) < 0, "HASH(5) refused");
	in.msg_no = 1;
	ok(gdoi_pull_hash(CRYPTO_HASH_SHA1, gxy, 4, &in, out) == 0,
	   "HASH(1) over no payload (informational form) computed");
	ok(gdoi_pull_hash_check(CRYPTO_HASH_SHA1, gxy, 4, &in, out, 19) < 0,
	   "received hash of the wrong length refused");
}

int main(void)
{
	struct vec_file v;

	if (vec_load(&v, "loopback-gm.vec") < 0) {
		ok(0, "loopback-gm.vec loaded");
		return done_testing();
	}
	check_skeyid_sig(&v);
	check_expansion(&v);
	check_bad_inputs();
	vec_free(&v);
	return done_testing();
}
