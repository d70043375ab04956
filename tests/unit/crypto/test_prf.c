/* The prf (HMAC) against RFC 2202 (MD5, SHA1) and RFC 4231 (SHA2) vectors. */
#include <stdlib.h>
#include <string.h>

#include "crypto/prf.h"
#include "tests/tap.h"
#include "tests/unit/crypto/vec_file.h"

struct hmac_case {
	enum crypto_hash h;
	const char *key_hex; /* NULL: 131 bytes of 0xaa (RFC 4231 case 6) */
	const char *data;
	const char *mac_hex;
	const char *name;
};

static const struct hmac_case cases[] = {
	{ CRYPTO_HASH_MD5, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There",
	  "9294727a3638bb1c13f48ef8158bfc9d", "RFC 2202 HMAC-MD5 case 1" },
	{ CRYPTO_HASH_MD5, "4a656665", "what do ya want for nothing?",
	  "750c783e6ab0b503eaa86e310a5db738", "RFC 2202 HMAC-MD5 case 2" },
	{ CRYPTO_HASH_SHA1, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There",
	  "b617318655057264e28bc0b6fb378c8ef146be00", "RFC 2202 HMAC-SHA1 case 1" },
	{ CRYPTO_HASH_SHA1, "4a656665", "what do ya want for nothing?",
	  "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79", "RFC 2202 HMAC-SHA1 case 2" },
	{ CRYPTO_HASH_SHA256, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There",
	  "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
	  "RFC 4231 HMAC-SHA256 case 1" },
	{ CRYPTO_HASH_SHA384, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There",
	  "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
	  "faea9ea9076ede7f4af152e8b2fa9cb6", "RFC 4231 HMAC-SHA384 case 1" },
	{ CRYPTO_HASH_SHA512, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There",
	  "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
	  "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
	  "RFC 4231 HMAC-SHA512 case 1" },
	{ CRYPTO_HASH_SHA256, "4a656665", "what do ya want for nothing?",
	  "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
	  "RFC 4231 HMAC-SHA256 case 2" },
	{ CRYPTO_HASH_SHA384, "4a656665", "what do ya want for nothing?",
	  "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
	  "8e2240ca5e69e2c78b3239ecfab21649", "RFC 4231 HMAC-SHA384 case 2" },
	{ CRYPTO_HASH_SHA512, "4a656665", "what do ya want for nothing?",
	  "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
	  "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
	  "RFC 4231 HMAC-SHA512 case 2" },
	{ CRYPTO_HASH_SHA256, NULL, "Test Using Larger Than Block-Size Key - Hash Key First",
	  "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
	  "RFC 4231 HMAC-SHA256 case 6 (key longer than a block)" },
	{ CRYPTO_HASH_SHA384, NULL, "Test Using Larger Than Block-Size Key - Hash Key First",
	  "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
	  "0c2ef6ab4030fe8296248df163f44952", "RFC 4231 HMAC-SHA384 case 6" },
	{ CRYPTO_HASH_SHA512, NULL, "Test Using Larger Than Block-Size Key - Hash Key First",
	  "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
	  "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
	  "RFC 4231 HMAC-SHA512 case 6" },
};

static void check_case(const struct hmac_case *c)
{
	unsigned char long_key[131], out[CRYPTO_HASH_MAX_LEN], *key = long_key, *mac;
	size_t key_len = sizeof(long_key), mac_len;

	memset(long_key, 0xaa, sizeof(long_key));
	if (c->key_hex)
		key = vec_hex(c->key_hex, &key_len);
	mac = vec_hex(c->mac_hex, &mac_len);
	is_int(crypto_hash_len(c->h), mac_len, "digest length");
	ok(prf1(c->h, key, key_len, c->data, strlen(c->data), out) == 0, "prf runs");
	is_mem(out, mac, mac_len, c->name);
	if (key != long_key)
		free(key);
	free(mac);
}

/* prf over chunks must equal prf over their concatenation. */
static void check_chunks(void)
{
	static const char whole[] = "what do ya want for nothing?";
	struct crypto_chunk parts[] = { { "what do ", 8 }, { "", 0 }, { "ya want for nothing?", 20 } };
	unsigned char a[CRYPTO_HASH_MAX_LEN], b[CRYPTO_HASH_MAX_LEN];

	ok(prf(CRYPTO_HASH_SHA256, "Jefe", 4, parts, 3, a) == 0 &&
	   prf1(CRYPTO_HASH_SHA256, "Jefe", 4, whole, strlen(whole), b) == 0 &&
	   memcmp(a, b, 32) == 0, "chunked prf equals prf of the concatenation");
	ok(prf1(CRYPTO_HASH_SHA1, "", 0, "x", 1, a) == 0, "empty key accepted");
	ok(prf1(CRYPTO_HASH_NONE, "k", 1, "x", 1, a) < 0, "unknown hash rejected");
	ok(prf1((enum crypto_hash)99, "k", 1, "x", 1, a) < 0, "out-of-range hash rejected");
}

static void check_numbering(void)
{
	is_int(crypto_hash_from_ike(1), CRYPTO_HASH_MD5, "IKE hash 1 = MD5");
	is_int(crypto_hash_from_ike(2), CRYPTO_HASH_SHA1, "IKE hash 2 = SHA");
	is_int(crypto_hash_from_ike(4), CRYPTO_HASH_SHA256, "IKE hash 4 = SHA2-256");
	is_int(crypto_hash_from_ike(6), CRYPTO_HASH_SHA512, "IKE hash 6 = SHA2-512");
	is_int(crypto_hash_from_ike(3), CRYPTO_HASH_NONE, "IKE hash 3 (Tiger) unsupported");
	is_int(crypto_hash_from_gdoi_sig(3), CRYPTO_HASH_SHA256, "GDOI SIG_HASH 3 = SHA256");
	is_int(crypto_hash_to_gdoi_sig(CRYPTO_HASH_SHA1), 2, "SHA1 is GDOI SIG_HASH 2");
	is_int(crypto_hash_to_ike(CRYPTO_HASH_SHA384), 5, "SHA384 is IKE hash 5");
	is_str(crypto_hash_name(CRYPTO_HASH_SHA1), "SHA1", "name");
}

int main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_case(&cases[i]);
	check_chunks();
	check_numbering();
	return done_testing();
}
