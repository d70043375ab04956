/* Helpers shared by the GROUPKEY-PULL unit tests. */
#ifndef GETVPND_TESTS_PULL_TEST_UTIL_H
#define GETVPND_TESTS_PULL_TEST_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gdoi/ike_sa.h"

/* Decodes hex into out (cap bytes); returns the byte count, or 0 and
 * aborts the test program on malformed input (a broken vector). */
static inline size_t hex_decode(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = strlen(hex) / 2;

	if (strlen(hex) % 2 || n > cap)
		abort();
	for (size_t i = 0; i < n; i++) {
		unsigned v;

		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			abort();
		out[i] = (uint8_t)v;
	}
	return n;
}

/* A phase-1 SA as Main Mode leaves it: 3DES-CBC, SHA1, fixed keys. Both
 * sides of an in-process test get the same keys, each its own role. */
static inline void fixture_sa(struct ike_sa *sa, enum ike_role role, uint8_t seed)
{
	memset(sa, 0, sizeof(*sa));
	sa->role = role;
	sa->cipher = IKE_CIPHER_3DES;
	sa->key_bits = 192;
	sa->hash = IKE_HASH_SHA1;
	sa->auth = IKE_AUTH_PSK;
	sa->dh_group = 2;
	sa->lifetime_s = 86400;
	sa->hash_len = 20;
	sa->enc_key_len = 24;
	sa->block_len = 8;
	for (size_t i = 0; i < IKE_COOKIE_LEN; i++) {
		sa->icookie[i] = (uint8_t)(seed + i);
		sa->rcookie[i] = (uint8_t)(0x80 + seed + i);
	}
	for (size_t i = 0; i < sizeof(sa->skeyid_a); i++) {
		sa->skeyid_a[i] = (uint8_t)(seed * 7 + i);
		sa->skeyid_d[i] = (uint8_t)(seed * 5 + i);
	}
	for (size_t i = 0; i < sizeof(sa->enc_key); i++)
		sa->enc_key[i] = (uint8_t)(seed * 3 + 2 * i + 1);
	for (size_t i = 0; i < sizeof(sa->phase1_iv); i++)
		sa->phase1_iv[i] = (uint8_t)(seed ^ (0x5a + i));
}

#endif
