/* GROUPKEY-PUSH on a group member: every check before anything is used. */
#include "gdoi/push_msg.h"

#include <stddef.h>
#include <string.h>

#include <openssl/crypto.h>

#include "crypto/gdoi_hash.h"
#include "crypto/rsa_sig.h"

static const char *const reject_names[PUSH_E__MAX] = {
	[PUSH_OK] = "ok",
	[PUSH_E_MALFORMED] = "malformed",
	[PUSH_E_UNKNOWN_SPI] = "unknown KEK SPI",
	[PUSH_E_DECRYPT] = "bad decrypt",
	[PUSH_E_SIGNATURE] = "bad signature",
	[PUSH_E_REPLAY] = "replayed SEQ",
};

const char *push_reject_name(enum push_reject r)
{
	return (unsigned)r < PUSH_E__MAX ? reject_names[r] : "unknown";
}

static enum push_reject check_header(const struct rekey_kek *kek, const uint8_t *dgram,
				     size_t len, const char **why)
{
	struct wire_hdr hdr;
	size_t block = crypto_cipher_block_len(kek->cipher);

	if (len > PUSH_MAX_MSG)
		return *why = "rekey message too long", PUSH_E_MALFORMED;
	if (wire_hdr_decode(dgram, len, &hdr) != WIRE_OK)
		return *why = "bad ISAKMP header or length", PUSH_E_MALFORMED;
	if (hdr.exchange != WIRE_EXCH_GROUPKEY_PUSH || hdr.flags != WIRE_FLAG_ENC || hdr.msgid != 0)
		return *why = "not an encrypted GROUPKEY-PUSH with message ID 0", PUSH_E_MALFORMED;
	if (memcmp(hdr.icookie, kek->spi, WIRE_COOKIE_LEN) ||
	    memcmp(hdr.rcookie, kek->spi + WIRE_COOKIE_LEN, WIRE_COOKIE_LEN))
		return *why = "cookies are not the current KEK SPI", PUSH_E_UNKNOWN_SPI;
	if (!block || len == WIRE_HDR_LEN || (len - WIRE_HDR_LEN) % block)
		return *why = "ciphertext is not a whole number of blocks", PUSH_E_DECRYPT;
	return PUSH_OK;
}

/* SEQ, [D], SA, KD, SIG and nothing else, in this order. */
static bool payload_order_ok(const struct wire_msg *m)
{
	static const uint8_t with_d[] = { WIRE_PL_SEQ, WIRE_PL_DELETE, WIRE_PL_SA, WIRE_PL_KD,
					  WIRE_PL_SIG };
	static const uint8_t without_d[] = { WIRE_PL_SEQ, WIRE_PL_SA, WIRE_PL_KD, WIRE_PL_SIG };
	const uint8_t *want = m->npayloads == sizeof(with_d) ? with_d : without_d;

	if (m->npayloads != sizeof(with_d) && m->npayloads != sizeof(without_d))
		return false;
	for (size_t i = 0; i < m->npayloads; i++)
		if (m->pl[i].type != want[i])
			return false;
	return true;
}

static int verify(const struct rekey_kek *kek, EVP_PKEY *ks_pub, const struct push_rx *rx)
{
	const struct wire_payload *sig = &rx->msg.pl[rx->msg.npayloads - 1];
	uint8_t hdr[WIRE_HDR_LEN], digest[CRYPTO_HASH_MAX_LEN];
	size_t signed_len = (size_t)(sig->raw - rx->buf) - WIRE_HDR_LEN;

	push_signed_header(rx->buf, rx->msg.payloads_end, hdr);
	if (sig->body_len != rsa_sig_len(ks_pub) ||
	    gdoi_rekey_digest(kek->sig_hash, hdr, rx->buf + WIRE_HDR_LEN, signed_len, digest) < 0)
		return -1;
	return rsa_verify_digest(ks_pub, kek->sig_hash, RSA_SIG_RAW, digest,
				 crypto_hash_len(kek->sig_hash), sig->body, sig->body_len);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int deletes(const struct rekey_kek *kek, struct push_rx *rx, const char **why)
{
	const struct wire_payload *pl = wire_msg_find(&rx->msg, WIRE_PL_DELETE);
	const struct wire_delete *d;

	if (!pl)
		return 0;
	d = &pl->del;
	if (d->spi_size == GP_KEK_SPI_LEN) {
		for (size_t i = 0; i < d->nspis; i++)
			if (!memcmp(wire_delete_spi(d, i), kek->spi, GP_KEK_SPI_LEN))
				rx->delete_kek = true;
		return 0;
	}
	if (d->spi_size != 4 || d->nspis > PUSH_MAX_DELETE)
		return *why = "Delete payload neither TEK nor KEK SPIs, or too many", -1;
	for (size_t i = 0; i < d->nspis; i++)
		rx->delete_teks[i] = be32(wire_delete_spi(d, i));
	rx->n_delete_teks = d->nspis;
	return 0;
}

static enum push_reject content(const struct rekey_kek *kek, uint32_t last_seq,
				struct push_rx *rx, const char **why)
{
	rx->seq = wire_msg_find(&rx->msg, WIRE_PL_SEQ)->seq;
	if (rx->seq <= last_seq)
		return *why = "SEQ not greater than the last accepted", PUSH_E_REPLAY;
	if (deletes(kek, rx, why) < 0 ||
	    rekey_policy_from_wire(&rx->msg.sa, &rx->msg.kd, &rx->update, why) < 0)
		return PUSH_E_MALFORMED;
	return PUSH_OK;
}

enum push_reject push_open(const struct rekey_kek *kek, EVP_PKEY *ks_pub, uint32_t last_seq,
			   unsigned wire_flags, const uint8_t *dgram, size_t len,
			   struct push_rx *rx, const char **why)
{
	enum push_reject r;

	memset(rx, 0, offsetof(struct push_rx, update)); /* update: set when decoded */
	r = check_header(kek, dgram, len, why);
	if (r != PUSH_OK)
		return r;
	memcpy(rx->buf, dgram, WIRE_HDR_LEN);
	if (crypto_cbc_decrypt(kek->cipher, kek->key, kek->key_len, kek->iv, kek->iv_len,
			       dgram + WIRE_HDR_LEN, len - WIRE_HDR_LEN, rx->buf + WIRE_HDR_LEN) < 0)
		return *why = "decryption failed", PUSH_E_DECRYPT;
	rx->len = len;
	/* Our key server's messages always decode: garbage means a wrong key
	 * or a damaged ciphertext, which only the decryption can tell. */
	if (wire_decode(rx->buf, len, WIRE_DEC_PADDED | wire_flags, &rx->msg, NULL) != WIRE_OK) {
		r = (*why = "plaintext does not decode (wrong KEK or damaged)", PUSH_E_DECRYPT);
	} else if (!payload_order_ok(&rx->msg)) {
		r = (*why = "payloads are not SEQ, [D], SA, KD, SIG", PUSH_E_MALFORMED);
	} else if (!ks_pub || verify(kek, ks_pub, rx) < 0) {
		r = (*why = "signature does not verify with the KS public key", PUSH_E_SIGNATURE);
	} else {
		r = content(kek, last_seq, rx, why);
	}
	if (r != PUSH_OK)
		push_rx_wipe(rx);
	return r;
}

void push_rx_wipe(struct push_rx *rx)
{
	OPENSSL_cleanse(rx, sizeof(*rx));
}

int push_peek_spi(const uint8_t *dgram, size_t len, uint8_t spi[GP_KEK_SPI_LEN])
{
	struct wire_hdr hdr;

	if (wire_hdr_decode(dgram, len, &hdr) != WIRE_OK || hdr.exchange != WIRE_EXCH_GROUPKEY_PUSH)
		return -1;
	memcpy(spi, hdr.icookie, WIRE_COOKIE_LEN);
	memcpy(spi + WIRE_COOKIE_LEN, hdr.rcookie, WIRE_COOKIE_LEN);
	return 0;
}
