/* RSA signatures: both encodings round-trip, each refuses the other,
 * tampering is caught, public keys parse from SPKI and PKCS#1 DER. */
#include <stdlib.h>
#include <string.h>

#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "crypto/rsa_sig.h"
#include "tests/tap.h"

static const struct crypto_chunk msg[] = { { "rekey", 5 }, { "some payloads", 13 } };

static void check_encoding(EVP_PKEY *key, EVP_PKEY *pub, enum crypto_hash h,
			   enum rsa_sig_encoding enc, const char *what)
{
	unsigned char sig[512];
	size_t sig_len = sizeof(sig);
	char name[96];
	enum rsa_sig_encoding other = enc == RSA_SIG_RAW ? RSA_SIG_DIGESTINFO : RSA_SIG_RAW;

	snprintf(name, sizeof(name), "%s %s: signs", what, crypto_hash_name(h));
	ok(rsa_sign(key, h, enc, msg, 2, sig, &sig_len) == 0, name);
	is_int(sig_len, rsa_sig_len(key), "signature has the modulus length");
	ok(rsa_verify(pub, h, enc, msg, 2, sig, sig_len) == 0, "verifies with the public key");
	ok(rsa_verify(pub, h, other, msg, 2, sig, sig_len) < 0, "other encoding refuses it");
	ok(rsa_verify(pub, h, enc, msg, 1, sig, sig_len) < 0, "other message refused");
	ok(rsa_verify(pub, h, enc, msg, 2, sig, sig_len - 1) < 0, "short signature refused");
	sig[sig_len - 1] ^= 0x40;
	ok(rsa_verify(pub, h, enc, msg, 2, sig, sig_len) < 0, "tampered signature refused");
}

static void check_raw_prf_output(EVP_PKEY *key)
{
	unsigned char hash_i[20], sig[512];
	size_t sig_len = sizeof(sig);

	/* IKEv1: HASH_I itself is signed, whatever its length. */
	memset(hash_i, 0x5a, sizeof(hash_i));
	ok(rsa_sign_digest(key, CRYPTO_HASH_SHA256, RSA_SIG_RAW, hash_i, 20, sig, &sig_len) == 0,
	   "raw signature over a 20-byte HASH_I with a SHA256 prf");
	ok(rsa_verify_digest(key, CRYPTO_HASH_SHA256, RSA_SIG_RAW, hash_i, 20, sig, sig_len) == 0,
	   "and it verifies");
	ok(rsa_sign_digest(key, CRYPTO_HASH_SHA256, RSA_SIG_DIGESTINFO, hash_i, 20, sig, &sig_len) < 0,
	   "DigestInfo wants a digest of the hash's length");
	sig_len = 10;
	ok(rsa_sign_digest(key, CRYPTO_HASH_SHA1, RSA_SIG_RAW, hash_i, 20, sig, &sig_len) < 0,
	   "too small a signature buffer refused");
}

static void check_der(EVP_PKEY *key)
{
	unsigned char *spki = NULL, *pkcs1 = NULL, *padded;
	size_t spki_len = 0;
	int pkcs1_len;
	EVP_PKEY *k1, *k2;

	ok(rsa_public_to_spki(key, &spki, &spki_len) == 0, "SPKI DER exported");
	k1 = rsa_public_from_der(spki, spki_len);
	ok(k1 && EVP_PKEY_eq(k1, key) == 1, "SPKI DER parses back to the same key");
	pkcs1_len = i2d_PublicKey(key, &pkcs1);
	k2 = pkcs1_len > 0 ? rsa_public_from_der(pkcs1, (size_t)pkcs1_len) : NULL;
	ok(k2 && EVP_PKEY_eq(k2, key) == 1, "PKCS#1 RSAPublicKey DER parses too");
	padded = malloc(spki_len + 1);
	memcpy(padded, spki, spki_len);
	padded[spki_len] = 0;
	ok(rsa_public_from_der(padded, spki_len + 1) == NULL, "trailing byte refused");
	ok(rsa_public_from_der(spki, spki_len - 1) == NULL, "truncated DER refused");
	ok(rsa_public_from_der(spki, 0) == NULL, "empty DER refused");
	memset(padded, 0x30, spki_len);
	ok(rsa_public_from_der(padded, spki_len) == NULL, "garbage refused");
	free(padded);
	OPENSSL_free(spki);
	OPENSSL_free(pkcs1);
	EVP_PKEY_free(k1);
	EVP_PKEY_free(k2);
}

/* Random and mutated DER must be refused without touching memory it
 * does not own (ASan build). */
static void check_der_garbage(const unsigned char *spki, size_t len)
{
	unsigned char buf[300];
	int accepted = 0;

	srand(42);
	for (int i = 0; i < 2000 && len <= sizeof(buf); i++) {
		EVP_PKEY *k;

		memcpy(buf, spki, len);
		buf[rand() % len] ^= (unsigned char)(1 + rand() % 255);
		k = rsa_public_from_der(buf, (size_t)(rand() % (int)len) + 1);
		accepted += k != NULL;
		EVP_PKEY_free(k);
	}
	ok(1, "2000 mutated DER inputs parsed without a crash");
	printf("# %d of them still parsed as an RSA key\n", accepted);
}

static void check_not_rsa(void)
{
	EVP_PKEY *ec = EVP_EC_gen("P-256");
	unsigned char *der = NULL;
	int len = ec ? i2d_PUBKEY(ec, &der) : 0;

	ok(len > 0 && rsa_public_from_der(der, (size_t)len) == NULL, "EC public key refused");
	is_int(rsa_sig_len(ec), 0, "no RSA signature length for an EC key");
	OPENSSL_free(der);
	EVP_PKEY_free(ec);
}

int main(void)
{
	EVP_PKEY *key = EVP_RSA_gen(2048), *pub = NULL;
	unsigned char *spki = NULL;
	size_t spki_len;
	static const enum crypto_hash hashes[] = { CRYPTO_HASH_MD5, CRYPTO_HASH_SHA1,
						   CRYPTO_HASH_SHA256, CRYPTO_HASH_SHA384,
						   CRYPTO_HASH_SHA512 };

	ok(key != NULL, "RSA 2048 key generated");
	if (!key)
		return done_testing();
	if (rsa_public_to_spki(key, &spki, &spki_len) == 0)
		pub = rsa_public_from_der(spki, spki_len);
	ok(pub != NULL, "public half extracted");
	for (size_t i = 0; pub && i < sizeof(hashes) / sizeof(hashes[0]); i++) {
		check_encoding(key, pub, hashes[i], RSA_SIG_DIGESTINFO, "PKCS#1 DigestInfo");
		check_encoding(key, pub, hashes[i], RSA_SIG_RAW, "raw PKCS#1");
	}
	check_raw_prf_output(key);
	check_der(key);
	if (spki)
		check_der_garbage(spki, spki_len);
	check_not_rsa();
	OPENSSL_free(spki);
	EVP_PKEY_free(pub);
	EVP_PKEY_free(key);
	return done_testing();
}
