#include "crypto/iv.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

static int iv_from_hash(enum crypto_hash h, const struct crypto_chunk *parts, size_t n,
			size_t block_len, struct ike_iv *iv)
{
	unsigned char d[CRYPTO_HASH_MAX_LEN];
	size_t hlen = crypto_hash_len(h);

	if (!block_len || block_len > CRYPTO_CIPHER_MAX_BLOCK || hlen < block_len ||
	    crypto_hash_digest(h, parts, n, d) < 0)
		return -1;
	memcpy(iv->bytes, d, block_len);
	iv->len = block_len;
	OPENSSL_cleanse(d, sizeof(d));
	return 0;
}

int iv_phase1_init(enum crypto_hash h, const unsigned char *g_xi, size_t g_xi_len,
		   const unsigned char *g_xr, size_t g_xr_len, size_t block_len,
		   struct ike_iv *iv)
{
	struct crypto_chunk parts[] = { { g_xi, g_xi_len }, { g_xr, g_xr_len } };

	return iv_from_hash(h, parts, 2, block_len, iv);
}

int iv_phase2_init(enum crypto_hash h, const struct ike_iv *phase1_last, uint32_t msgid,
		   struct ike_iv *iv)
{
	unsigned char m[4] = { msgid >> 24, msgid >> 16, msgid >> 8, msgid };
	struct crypto_chunk parts[] = { { phase1_last->bytes, phase1_last->len }, { m, 4 } };

	return iv_from_hash(h, parts, 2, phase1_last->len, iv);
}

int iv_chain(struct ike_iv *iv, const unsigned char *ciphertext, size_t len)
{
	if (!iv->len || len < iv->len || len % iv->len)
		return -1;
	memcpy(iv->bytes, ciphertext + len - iv->len, iv->len);
	return 0;
}

int iv_cbc_encrypt(enum crypto_cipher c, const unsigned char *key, size_t key_len,
		   const struct ike_iv *iv, unsigned char *buf, size_t len,
		   struct ike_iv *next)
{
	struct ike_iv after = *iv;

	if (len == 0 || iv->len != crypto_cipher_block_len(c) ||
	    crypto_cbc_encrypt(c, key, key_len, iv->bytes, iv->len, buf, len, buf) < 0 ||
	    iv_chain(&after, buf, len) < 0)
		return -1;
	*next = after;
	return 0;
}

int iv_cbc_decrypt(enum crypto_cipher c, const unsigned char *key, size_t key_len,
		   const struct ike_iv *iv, unsigned char *buf, size_t len,
		   struct ike_iv *next)
{
	struct ike_iv after = *iv;

	/* The next IV is the last ciphertext block: take it before the
	 * in-place decryption overwrites it. */
	if (len == 0 || iv->len != crypto_cipher_block_len(c) || iv_chain(&after, buf, len) < 0 ||
	    crypto_cbc_decrypt(c, key, key_len, iv->bytes, iv->len, buf, len, buf) < 0)
		return -1;
	*next = after;
	return 0;
}

struct iv_slot {
	uint32_t msgid;
	struct ike_iv iv;
};

void iv_store_init(struct iv_store *s, enum crypto_hash h, const struct ike_iv *phase1_last)
{
	memset(s, 0, sizeof(*s));
	s->hash = h;
	s->phase1 = *phase1_last;
}

struct ike_iv *iv_store_get(struct iv_store *s, uint32_t msgid)
{
	struct iv_slot *slot;

	for (size_t i = 0; i < s->n; i++)
		if (s->slots[i].msgid == msgid)
			return &s->slots[i].iv;
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 4;
		struct iv_slot *grown = realloc(s->slots, cap * sizeof(*grown));

		if (!grown)
			return NULL;
		s->slots = grown;
		s->cap = cap;
	}
	slot = &s->slots[s->n];
	slot->msgid = msgid;
	if (iv_phase2_init(s->hash, &s->phase1, msgid, &slot->iv) < 0)
		return NULL;
	s->n++;
	return &slot->iv;
}

void iv_store_forget(struct iv_store *s, uint32_t msgid)
{
	for (size_t i = 0; i < s->n; i++) {
		if (s->slots[i].msgid != msgid)
			continue;
		s->slots[i] = s->slots[--s->n];
		OPENSSL_cleanse(&s->slots[s->n], sizeof(s->slots[s->n]));
		return;
	}
}

void iv_store_free(struct iv_store *s)
{
	if (s->slots)
		OPENSSL_cleanse(s->slots, s->cap * sizeof(*s->slots));
	free(s->slots);
	OPENSSL_cleanse(&s->phase1, sizeof(s->phase1));
	s->slots = NULL;
	s->n = s->cap = 0;
}
