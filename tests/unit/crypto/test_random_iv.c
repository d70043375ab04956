/* Randomness, secret buffers and the per-message-ID IV store. */
#include <stdlib.h>
#include <string.h>

#include "crypto/iv.h"
#include "crypto/random.h"
#include "crypto/secret_buf.h"
#include "tests/tap.h"

static void check_random(void)
{
	unsigned char a[32], b[32], zero[32] = { 0 };
	uint32_t spi;
	int low = 0;

	ok(random_bytes(a, sizeof(a)) == 0 && random_bytes(b, sizeof(b)) == 0, "random bytes");
	ok(memcmp(a, b, sizeof(a)) != 0 && memcmp(a, zero, sizeof(a)) != 0,
	   "two draws differ and are not zero");
	ok(random_bytes(a, 0) == 0, "zero-length request");
	ok(random_key_bytes(a, sizeof(a)) == 0 && memcmp(a, b, sizeof(a)) != 0 &&
	   memcmp(a, zero, sizeof(a)) != 0, "key bytes from the private DRBG");
	for (int i = 0; i < 200; i++)
		if (random_spi32(&spi) < 0 || spi < 256)
			low++;
	is_int(low, 0, "SPIs never fall in the reserved range 0..255");
}

static void check_secret_buf(void)
{
	struct secret_buf s = { 0 };

	ok(secret_buf_set(&s, "key", 3) == 0 && s.len == 3 && memcmp(s.data, "key", 3) == 0,
	   "secret copied");
	ok(secret_buf_alloc(&s, 0) == 0 && s.data && s.len == 0, "empty secret has storage");
	secret_buf_free(&s);
	ok(s.data == NULL && s.len == 0, "freed secret is empty");
	secret_buf_free(&s);
	ok(1, "double free is harmless");
}

static void check_iv_store(void)
{
	struct ike_iv p1 = { .len = 8 }, direct, *x, *y;
	struct iv_store st;
	unsigned char ct[16];

	memcpy(p1.bytes, "\xa6\x59\xdf\xfb\x7a\x72\x08\x43", 8);
	iv_store_init(&st, CRYPTO_HASH_SHA1, &p1);
	x = iv_store_get(&st, 0x483c11c0);
	ok(x && iv_phase2_init(CRYPTO_HASH_SHA1, &p1, 0x483c11c0, &direct) == 0 &&
	   memcmp(x->bytes, direct.bytes, 8) == 0, "store derives the phase-2 IV");
	memset(ct, 0x11, sizeof(ct));
	ok(iv_chain(x, ct, sizeof(ct)) == 0, "IV chained");
	for (uint32_t m = 1; m < 20; m++)
		iv_store_get(&st, m); /* grow the table */
	y = iv_store_get(&st, 0x483c11c0);
	ok(y && memcmp(y->bytes, ct + 8, 8) == 0, "chained IV kept for its message ID");
	y = iv_store_get(&st, 7);
	ok(y && memcmp(y->bytes, direct.bytes, 8) != 0, "other message IDs have other IVs");
	iv_store_forget(&st, 0x483c11c0);
	y = iv_store_get(&st, 0x483c11c0);
	ok(y && memcmp(y->bytes, direct.bytes, 8) == 0, "forgotten exchange starts afresh");
	iv_store_free(&st);

	ok(iv_chain(&direct, ct, 7) < 0, "chaining on a partial block refused");
	ok(iv_phase1_init(CRYPTO_HASH_MD5, ct, 8, ct, 8, 32, &direct) < 0,
	   "hash shorter than the block refused");
	ok(iv_phase1_init(CRYPTO_HASH_SHA1, ct, 8, ct, 8, 16, &direct) == 0 && direct.len == 16,
	   "AES-sized IV from SHA1");
}

int main(void)
{
	check_random();
	check_secret_buf();
	check_iv_store();
	return done_testing();
}
