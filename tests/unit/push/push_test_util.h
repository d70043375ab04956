/* Test fixtures for the rekey tests: RSA keys, group policies with fresh
 * keys, a key server and a member wired together in memory. */
#ifndef GETVPND_TESTS_PUSH_TEST_UTIL_H
#define GETVPND_TESTS_PUSH_TEST_UTIL_H

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "crypto/random.h"
#include "crypto/rsa_sig.h"
#include "gdoi/group_policy.h"

static inline EVP_PKEY *test_rsa_key(unsigned bits)
{
	return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits);
}

static inline struct in_addr test_addr(const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return a;
}

/* A KEK of the given algorithm with a random SPI and key, signed with key. */
static inline void test_kek(struct gp_kek *k, uint8_t alg, uint16_t bits, uint8_t sig_hash,
			    EVP_PKEY *key)
{
	unsigned char *spki = NULL;
	size_t spki_len = 0;

	memset(k, 0, sizeof(*k));
	k->present = true;
	random_bytes(k->spi, sizeof(k->spi));
	k->selector.protocol = 17;
	k->selector.src = test_addr("10.0.0.1");
	k->selector.src_mask.s_addr = 0xffffffffu;
	k->selector.dst = test_addr("239.1.1.1");
	k->selector.dst_mask.s_addr = 0xffffffffu;
	k->selector.src_port = k->selector.dst_port = 848;
	k->alg = alg;
	k->key_bits = bits;
	k->key_len = (size_t)gp_kek_key_len(alg, bits);
	random_bytes(k->key, k->key_len);
	k->lifetime_s = 86400;
	k->sig_hash = sig_hash;
	k->sig_alg = GP_SIG_ALG_RSA;
	k->sig_key_bits = (uint16_t)EVP_PKEY_get_bits(key);
	if (rsa_public_to_spki(key, &spki, &spki_len) == 0 && spki_len <= GP_MAX_PUBKEY_LEN) {
		memcpy(k->pubkey, spki, spki_len);
		k->pubkey_len = spki_len;
	}
	OPENSSL_free(spki);
}

/* TEK i of a policy: AES-128 + HMAC-SHA1 from 10.1.i.0/24 to any. */
static inline void test_tek(struct gp_tek *t, uint32_t spi, unsigned i, uint32_t lifetime)
{
	memset(t, 0, sizeof(*t));
	t->spi = spi;
	t->selector.src.s_addr = htonl(0x0a010000u | (i & 0xff) << 8);
	t->selector.src_mask.s_addr = htonl(0xffffff00u);
	t->esp_id = GP_ESP_AES;
	t->key_bits = 128;
	t->auth_id = GP_AUTH_HMAC_SHA1;
	t->encaps = GP_ENCAPS_TUNNEL;
	t->addr_preservation = GP_AP_SOURCE_AND_DESTINATION;
	t->direction = GP_DIR_SYMMETRIC;
	t->lifetime_s = lifetime;
	t->key_len = 16;
	t->integ_key_len = 20;
	random_bytes(t->key, t->key_len);
	random_bytes(t->integ_key, t->integ_key_len);
}

/* Two TEKs sharing spi (two ACL lines of one `sa ipsec`). */
static inline void test_teks(struct group_policy *gp, uint32_t spi, uint32_t lifetime)
{
	test_tek(&gp->teks[0], spi, 1, lifetime);
	gp->teks[1] = gp->teks[0];
	gp->teks[1].selector.src.s_addr = htonl(0x0a010200u);
	gp->n_teks = 2;
}

#endif
