/* The key server's keyed-once acknowledgement check (push_ack_checker)
 * gives the HASH of push_ack_hash() for every digest, accepts what
 * push_ack_open() accepts and refuses what it refuses, across many
 * acknowledgements in a row (the context is re-initialised each time). */
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/hash_alg.h"
#include "gdoi/push_ack.h"
#include "tests/tap.h"

static struct rekey_kek make_kek(enum crypto_hash h)
{
	struct rekey_kek k;

	memset(&k, 0, sizeof(k));
	RAND_bytes(k.spi, sizeof(k.spi));
	RAND_bytes(k.key, 32);
	k.key_len = 32;
	k.cipher = CRYPTO_CIPHER_AES_CBC;
	k.sig_hash = h;
	return k;
}

static void same_hash(enum crypto_hash h, const char *name)
{
	struct rekey_kek k = make_kek(h);
	struct push_ack_checker *c = push_ack_checker_new(&k);
	uint8_t data[200], a[CRYPTO_HASH_MAX_LEN], b[CRYPTO_HASH_MAX_LEN];
	int same = 0;

	RAND_bytes(data, sizeof(data));
	for (size_t len = 0; c && len <= sizeof(data); len++)
		same += push_ack_checker_hash(c, data, len, a) == 0 &&
			push_ack_hash(&k, data, len, b) == 0 &&
			memcmp(a, b, crypto_hash_len(h)) == 0;
	char what[80];

	snprintf(what, sizeof(what), "%s: checker made", name);
	ok(c != NULL, what);
	snprintf(what, sizeof(what), "%s: same HASH as push_ack_hash at every length", name);
	is_int(same, sizeof(data) + 1, what);
	push_ack_checker_free(c);
}

static void same_verdicts(void)
{
	struct rekey_kek k = make_kek(CRYPTO_HASH_SHA256), other = k;
	struct push_ack_checker *c = push_ack_checker_new(&k), *wrong;
	uint8_t ack[PUSH_ACK_MAX_LEN], d[PUSH_ACK_MAX_LEN];
	size_t len = 0, accepted = 0, agree = 0, bits;
	struct in_addr who, member = { htonl(0x0a000001) };
	const char *why = "";
	uint32_t seq = 0;

	for (unsigned i = 0; i < 1000; i++) {
		member.s_addr = htonl(0x0a000001 + i);
		if (push_ack_build(&k, 7, member, ack, sizeof(ack), &len) == 0 &&
		    push_ack_open_checked(&k, c, ack, len, &seq, &who, &why) == 0 && seq == 7 &&
		    who.s_addr == member.s_addr)
			accepted++;
	}
	is_int(accepted, 1000, "1000 acks of different members in a row accepted");
	bits = 8 * len;
	for (size_t bit = 0; bit < bits; bit++) {
		int r1, r2;

		memcpy(d, ack, len);
		d[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		r1 = push_ack_open_checked(&k, c, d, len, &seq, &who, &why);
		r2 = push_ack_open(&k, d, len, &seq, &who, &why);
		agree += r1 != 0 && r2 != 0;
	}
	is_int(agree, bits, "every bit flipped: both refuse");
	ok(push_ack_open_checked(&k, c, ack, len, &seq, &who, &why) == 0,
	   "the original still accepted after the refusals");
	other.key[0] ^= 1;
	wrong = push_ack_checker_new(&other);
	ok(wrong && push_ack_open_checked(&other, wrong, ack, len, &seq, &who, &why) != 0,
	   "checker of another KEK key refuses");
	push_ack_checker_free(wrong);
	push_ack_checker_free(c);
}

int main(void)
{
	struct rekey_kek none = make_kek(CRYPTO_HASH_SHA256);

	same_hash(CRYPTO_HASH_SHA1, "SHA-1");
	same_hash(CRYPTO_HASH_SHA256, "SHA-256");
	same_hash(CRYPTO_HASH_SHA384, "SHA-384");
	same_hash(CRYPTO_HASH_SHA512, "SHA-512");
	same_verdicts();
	none.key_len = 0;
	ok(push_ack_checker_new(&none) == NULL, "no checker without a KEK key");
	OPENSSL_cleanse(&none, sizeof(none));
	return done_testing();
}
