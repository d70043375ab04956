/* Damaged and forged rekeys: each is refused, counted under its reason,
 * and the member keeps its keys, SEQ and KS key. */
#include <stdlib.h>
#include <string.h>

#include "gdoi/push_ack.h"
#include "gdoi/push_gm.h"
#include "gdoi/push_msg.h"
#include "log/log.h"
#include "tests/tap.h"
#include "tests/unit/push/push_test_util.h"

static struct group_policy gp;
static struct rekey_kek kek;
static EVP_PKEY *ks_key, *other_key;
static struct push_gm gm;
static struct push_rx rx;
static struct push_gm_result res;

static size_t build(EVP_PKEY *key, uint32_t seq, uint8_t *out)
{
	struct push_content c = { .seq = seq, .gp = &gp, .ack_requested = true };
	const char *why = "";
	size_t len = 0;

	if (push_build(&kek, key, &c, out, PUSH_MAX_MSG, &len, &why) < 0)
		printf("# push_build: %s\n", why);
	return len;
}

static uint64_t total_rejected(void)
{
	uint64_t n = 0;

	for (int i = 0; i < PUSH_E__MAX; i++)
		n += gm.ctr.rejected[i];
	return n;
}

/* The member is exactly as registered: SEQ 10, same KEK, no acceptance. */
static int unchanged(void)
{
	return gm.last_seq == 10 && gm.ctr.accepted == 0 &&
	       memcmp(gm.kek.spi, kek.spi, GP_KEK_SPI_LEN) == 0 &&
	       memcmp(gm.kek.key, kek.key, kek.key_len) == 0;
}

static void flipped_ciphertext(const uint8_t *good, size_t len)
{
	uint8_t d[PUSH_MAX_MSG];
	uint64_t before = total_rejected();
	size_t refused = 0;

	for (size_t off = WIRE_HDR_LEN; off < len; off++) {
		memcpy(d, good, len);
		d[off] ^= (uint8_t)(1u << (off % 8));
		push_gm_receive(&gm, d, len, &rx, &res);
		refused += res.verdict != PUSH_OK;
	}
	is_int(refused, len - WIRE_HDR_LEN, "one bit flipped at every ciphertext octet: all refused");
	is_int(total_rejected() - before, refused, "each refusal counted");
	ok(gm.ctr.rejected[PUSH_E_SIGNATURE] > 0 && gm.ctr.rejected[PUSH_E_DECRYPT] > 0,
	   "counted as bad signature or bad decrypt");
	ok(unchanged(), "member keeps its keys and SEQ");
}

static void flipped_header(const uint8_t *good, size_t len)
{
	uint8_t d[PUSH_MAX_MSG];
	size_t refused = 0;

	for (size_t bit = 0; bit < 8 * WIRE_HDR_LEN; bit++) {
		memcpy(d, good, len);
		d[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		push_gm_receive(&gm, d, len, &rx, &res);
		refused += res.verdict != PUSH_OK;
	}
	is_int(refused, 8 * WIRE_HDR_LEN, "every header bit flipped: refused");
	ok(gm.ctr.rejected[PUSH_E_UNKNOWN_SPI] >= 128, "cookie changes counted as unknown KEK SPI");
	ok(unchanged(), "member unchanged");
}

/* Decrypt, damage the plaintext, encrypt again: a valid ciphertext of a
 * message whose signature no longer matches. */
static void resealed(const uint8_t *good, size_t len, size_t off, const char *name)
{
	uint8_t d[PUSH_MAX_MSG];

	memcpy(d, good, len);
	crypto_cbc_decrypt(kek.cipher, kek.key, kek.key_len, kek.iv, kek.iv_len, d + WIRE_HDR_LEN,
			   len - WIRE_HDR_LEN, d + WIRE_HDR_LEN);
	d[off] ^= 0x01;
	crypto_cbc_encrypt(kek.cipher, kek.key, kek.key_len, kek.iv, kek.iv_len, d + WIRE_HDR_LEN,
			   len - WIRE_HDR_LEN, d + WIRE_HDR_LEN);
	push_gm_receive(&gm, d, len, &rx, &res);
	is_int(res.verdict, PUSH_E_SIGNATURE, name);
}

static void truncations(const uint8_t *good, size_t len)
{
	uint8_t d[PUSH_MAX_MSG];
	size_t refused = 0, consistent_refused = 0;

	for (size_t cut = 0; cut < len; cut++) {
		push_gm_receive(&gm, good, cut, &rx, &res);
		refused += res.verdict == PUSH_E_MALFORMED;
		/* the same, with a header length that agrees with the cut */
		memcpy(d, good, cut);
		if (cut >= WIRE_HDR_LEN)
			push_signed_header(d, cut, d);
		push_gm_receive(&gm, d, cut, &rx, &res);
		consistent_refused += res.verdict != PUSH_OK;
	}
	is_int(refused, len, "truncated at every offset: refused as malformed");
	is_int(consistent_refused, len, "truncated with a matching header length: refused");
	ok(unchanged(), "member unchanged");
}

static void acks(void)
{
	uint8_t a[PUSH_ACK_MAX_LEN], d[PUSH_ACK_MAX_LEN];
	size_t len, refused = 0;
	uint32_t seq;
	struct in_addr who;
	const char *why = "";
	struct rekey_kek wrong = kek;

	ok(push_ack_build(&kek, 11, test_addr("192.0.2.7"), a, sizeof(a), &len) == 0, "ack built");
	ok(push_ack_open(&kek, a, len, &seq, &who, &why) == 0 && seq == 11, "ack verifies");
	for (size_t bit = 0; bit < 8 * len; bit++) {
		memcpy(d, a, len);
		d[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		refused += push_ack_open(&kek, d, len, &seq, &who, &why) != 0;
	}
	is_int(refused, 8 * len, "every bit of the ack flipped: refused");
	for (size_t cut = 0; cut < len; cut++)
		refused += push_ack_open(&kek, a, cut, &seq, &who, &why) != 0;
	is_int(refused, 9 * len, "every truncation of the ack refused");
	wrong.key[0] ^= 1;
	ok(push_ack_open(&wrong, a, len, &seq, &who, &why) != 0, "ack under another KEK key refused");
}

int main(void)
{
	uint8_t good[PUSH_MAX_MSG], d[PUSH_MAX_MSG];
	size_t len, len2;

	log_init("test", LOG_SINK_NONE);
	ks_key = test_rsa_key(1024);
	other_key = test_rsa_key(1024);
	test_kek(&gp.kek, GP_KEK_ALG_AES, 128, GP_SIG_HASH_SHA256, ks_key);
	test_teks(&gp, 0x2000b001, 3600);
	gp.seq = 10;
	rekey_kek_from_policy(&gp.kek, NULL, 0, &kek);
	ok(push_gm_start(&gm, &gp, NULL, 0, test_addr("192.0.2.7"), 0) == 0, "member registered");
	test_teks(&gp, 0x2000b002, 3600);
	len = build(ks_key, 11, good);
	ok(len > 0, "rekey SEQ 11 built");

	{
		uint8_t spi[GP_KEK_SPI_LEN];

		ok(push_peek_spi(good, len, spi) == 0 && memcmp(spi, kek.spi, sizeof(spi)) == 0,
		   "the rekey names the KEK SPI");
		ok(push_peek_spi(good, len - 1, spi) < 0, "a short datagram names none");
	}
	flipped_ciphertext(good, len);
	flipped_header(good, len);
	resealed(good, len, len - 20, "a bit flipped in the signature: bad signature");
	resealed(good, len, WIRE_HDR_LEN + 7, "SEQ changed after signing: bad signature");
	resealed(good, len, len / 2, "key material changed after signing: bad signature");
	truncations(good, len);

	len2 = build(other_key, 11, d);
	push_gm_receive(&gm, d, len2, &rx, &res);
	is_int(res.verdict, PUSH_E_SIGNATURE, "signed by another key: bad signature");
	{
		struct rekey_kek keep = kek;

		kek.key[3] ^= 0x40; /* right SPI, wrong key */
		len2 = build(ks_key, 11, d);
		kek = keep;
		push_gm_receive(&gm, d, len2, &rx, &res);
		ok(res.verdict == PUSH_E_DECRYPT || res.verdict == PUSH_E_SIGNATURE,
		   "encrypted with another key under the KEK SPI: refused");
	}
	len2 = build(ks_key, 10, d);
	push_gm_receive(&gm, d, len2, &rx, &res);
	is_int(res.verdict, PUSH_E_REPLAY, "SEQ equal to the registration's: replay");
	ok(unchanged(), "after all forgeries the member is unchanged");

	push_gm_receive(&gm, good, len, &rx, &res);
	is_int(res.verdict, PUSH_OK, "the genuine rekey is still accepted");
	push_gm_receive(&gm, good, len, &rx, &res);
	is_int(res.verdict, PUSH_E_REPLAY, "replayed: refused");
	is_int(gm.ctr.rejected[PUSH_E_REPLAY], 2, "replays counted");
	is_int(gm.last_seq, 11, "SEQ 11 kept");
	acks();

	push_gm_stop(&gm);
	push_rx_wipe(&rx);
	rekey_kek_wipe(&kek);
	gp_wipe(&gp);
	EVP_PKEY_free(ks_key);
	EVP_PKEY_free(other_key);
	return done_testing();
}
