/* One fuzz input through the rekey receive paths. The first octet picks
 * the path: 0 = the rest is a datagram for push_open(); 1 = the rest is a
 * plaintext body, sealed with the fixture KEK under a valid header (so the
 * decoder, not the decryption, sees the fuzz); 2 = an acknowledgement for
 * push_ack_open(). Shared by the libFuzzer target and the unit smoke test. */
#ifndef GETVPND_TESTS_PUSH_FUZZ_BODY_H
#define GETVPND_TESTS_PUSH_FUZZ_BODY_H

#include <string.h>

#include "gdoi/push_ack.h"
#include "gdoi/push_msg.h"

struct push_fuzz_fixture {
	struct rekey_kek kek;
	EVP_PKEY *ks_pub;
};

static inline void push_fuzz_fixture_init(struct push_fuzz_fixture *f, EVP_PKEY *ks_key)
{
	memset(f, 0, sizeof(*f));
	memset(f->kek.spi, 0x5a, sizeof(f->kek.spi));
	f->kek.cipher = CRYPTO_CIPHER_AES_CBC;
	f->kek.key_len = 16;
	memset(f->kek.key, 0x11, 16);
	f->kek.iv_len = 16;
	f->kek.sig_hash = CRYPTO_HASH_SHA256;
	f->ks_pub = ks_key;
}

/* Returns the verdict (PUSH_OK only for a well-signed message). */
static inline int push_fuzz_one(const struct push_fuzz_fixture *f, struct push_rx *rx,
				const uint8_t *data, size_t size)
{
	static uint8_t d[PUSH_MAX_MSG + WIRE_HDR_LEN + 16];
	const char *why = "";
	size_t body, len;
	uint32_t seq;
	struct in_addr who;

	if (size < 1)
		return -1;
	switch (data[0]) {
	case 0:
		return push_open(&f->kek, f->ks_pub, 0, 0, data + 1, size - 1, rx, &why);
	case 1:
		body = (size - 1 + 15) / 16 * 16;
		if (body > PUSH_MAX_MSG - WIRE_HDR_LEN)
			return -1;
		memset(d, 0, WIRE_HDR_LEN + body);
		memcpy(d, f->kek.spi, 16);
		d[16] = WIRE_PL_SEQ;
		d[17] = WIRE_VERSION;
		d[18] = WIRE_EXCH_GROUPKEY_PUSH;
		d[19] = WIRE_FLAG_ENC;
		memcpy(d + WIRE_HDR_LEN, data + 1, size - 1);
		len = WIRE_HDR_LEN + body;
		push_signed_header(d, len, d);
		crypto_cbc_encrypt(f->kek.cipher, f->kek.key, f->kek.key_len, f->kek.iv, f->kek.iv_len,
				   d + WIRE_HDR_LEN, body, d + WIRE_HDR_LEN);
		return push_open(&f->kek, f->ks_pub, 0, 0, d, len, rx, &why);
	default:
		return push_ack_open(&f->kek, data + 1, size - 1, &seq, &who, &why);
	}
}

#endif
