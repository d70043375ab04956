/* Deterministic smoke run of the rekey fuzz body under the normal (and
 * sanitizer) builds: random damage of a valid plaintext, resealed with
 * the KEK, never crashes and is never accepted unless only the unsigned
 * padding changed; random octets as datagrams and acknowledgements. */
#include <stdlib.h>
#include <string.h>

#include "tests/push/push_fuzz_body.h"
#include "tests/tap.h"
#include "tests/unit/push/push_test_util.h"

static uint32_t rng = 12345;

static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

int main(void)
{
	struct push_fuzz_fixture f;
	struct push_rx *rx = malloc(sizeof(*rx));
	EVP_PKEY *key = test_rsa_key(1024);
	struct group_policy gp;
	struct push_content c = { .seq = 1, .gp = &gp };
	uint8_t msg[PUSH_MAX_MSG], in[PUSH_MAX_MSG + 1];
	size_t len = 0, accepted_bad = 0, accepted_pad = 0, runs = 0, unpadded;
	const char *why = "";

	push_fuzz_fixture_init(&f, key);
	memset(&gp, 0, sizeof(gp));
	test_kek(&gp.kek, GP_KEK_ALG_AES, 128, GP_SIG_HASH_SHA256, key);
	test_teks(&gp, 0x4000d001, 600);
	ok(push_build(&f.kek, key, &c, msg, sizeof(msg), &len, &why) == 0, "seed rekey built");
	crypto_cbc_decrypt(f.kek.cipher, f.kek.key, f.kek.key_len, f.kek.iv, f.kek.iv_len,
			   msg + WIRE_HDR_LEN, len - WIRE_HDR_LEN, msg + WIRE_HDR_LEN);
	in[0] = 1;
	memcpy(in + 1, msg + WIRE_HDR_LEN, len - WIRE_HDR_LEN);
	is_int(push_fuzz_one(&f, rx, in, len - WIRE_HDR_LEN + 1), PUSH_OK, "seed resealed is accepted");
	rx->msg.payloads_end = 0;
	push_fuzz_one(&f, rx, in, len - WIRE_HDR_LEN + 1);
	unpadded = rx->msg.payloads_end - WIRE_HDR_LEN;
	for (int i = 0; i < 3000; i++) {
		size_t n = len - WIRE_HDR_LEN, pos = next() % n;
		bool pad_only = true;

		memcpy(in + 1, msg + WIRE_HDR_LEN, n);
		for (int k = 1 + (int)(next() % 3); k > 0; k--, pos = next() % n) {
			in[1 + pos] ^= (uint8_t)(1 + next() % 255);
			pad_only &= pos >= unpadded;
		}
		if (push_fuzz_one(&f, rx, in, n + 1) == PUSH_OK)
			*(pad_only ? &accepted_pad : &accepted_bad) += 1;
		runs++;
	}
	is_int(accepted_bad, 0, "no damaged signed content accepted");
	printf("# %zu runs, %zu accepted with only padding changed\n", runs, accepted_pad);
	for (int i = 0; i < 3000; i++) {
		size_t n = 1 + next() % 600;

		for (size_t k = 0; k < n; k++)
			in[k] = (uint8_t)next();
		in[0] %= 3;
		accepted_bad += push_fuzz_one(&f, rx, in, n) == PUSH_OK;
	}
	is_int(accepted_bad, 0, "random datagrams and acknowledgements refused");
	free(rx);
	gp_wipe(&gp);
	EVP_PKEY_free(key);
	return done_testing();
}
