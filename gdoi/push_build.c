/* GROUPKEY-PUSH on the key server: payloads, signature, encryption. */
#include "gdoi/push_msg.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "crypto/gdoi_hash.h"
#include "crypto/rsa_sig.h"
#include "gdoi/pull_msg.h"

void push_signed_header(const uint8_t hdr[WIRE_HDR_LEN], size_t unpadded_len,
			uint8_t out[WIRE_HDR_LEN])
{
	memcpy(out, hdr, WIRE_HDR_LEN);
	out[24] = (uint8_t)(unpadded_len >> 24);
	out[25] = (uint8_t)(unpadded_len >> 16);
	out[26] = (uint8_t)(unpadded_len >> 8);
	out[27] = (uint8_t)unpadded_len;
}

static void put_delete(struct wire_builder *b, const struct push_content *c, uint8_t *spis)
{
	struct wire_delete d = {
		.doi = WIRE_DOI_GDOI,
		.protocol = WIRE_TEK_PROTO_IPSEC_ESP,
		.spi_size = 4,
		.nspis = (uint16_t)c->n_delete,
		.spis = spis,
	};

	for (size_t i = 0; i < c->n_delete; i++) {
		spis[4 * i] = (uint8_t)(c->delete_spis[i] >> 24);
		spis[4 * i + 1] = (uint8_t)(c->delete_spis[i] >> 16);
		spis[4 * i + 2] = (uint8_t)(c->delete_spis[i] >> 8);
		spis[4 * i + 3] = (uint8_t)c->delete_spis[i];
	}
	wire_put_delete(b, &d);
}

/* Writes HDR, SEQ, [D], SA, KD and an empty SIG; *sig_off = SIG body. */
static int put_payloads(const struct rekey_kek *kek, const struct push_content *c,
			size_t sig_len, uint8_t *out, size_t cap, size_t *len, size_t *sig_off,
			const char **why)
{
	struct wire_hdr hdr = { .version = WIRE_VERSION, .exchange = WIRE_EXCH_GROUPKEY_PUSH,
				.flags = WIRE_FLAG_ENC };
	uint8_t del_spis[4 * PUSH_MAX_DELETE];
	struct rekey_sa_wire *rw = malloc(sizeof(*rw));
	struct wire_builder b;
	int rc = -1;

	if (!rw)
		return *why = "out of memory", -1;
	memcpy(hdr.icookie, kek->spi, WIRE_COOKIE_LEN);
	memcpy(hdr.rcookie, kek->spi + WIRE_COOKIE_LEN, WIRE_COOKIE_LEN);
	if (rekey_sa_to_wire(c->gp, c->ack_requested && c->gp->kek.present, rw) < 0) {
		*why = "rekey policy cannot be encoded (TEK count)";
		goto out;
	}
	wire_build_begin(&b, out, cap, c->wire_flags, &hdr);
	wire_put_seq(&b, c->seq);
	if (c->n_delete)
		put_delete(&b, c, del_spis);
	wire_put_sa(&b, &rw->sa);
	if (pull_put_kd(&b, c->gp) < 0) {
		*why = "rekey keys cannot be encoded (wrong lengths)";
		goto out;
	}
	*sig_off = wire_put_blob_reserve(&b, WIRE_PL_SIG, sig_len);
	if (wire_build_finish(&b, len) != WIRE_OK)
		*why = "rekey message does not fit the buffer";
	else
		rc = 0;
out:
	free(rw);
	return rc;
}

static int sign(const struct rekey_kek *kek, EVP_PKEY *key, uint8_t *msg, size_t len,
		size_t sig_off, size_t sig_len, const char **why)
{
	uint8_t hdr[WIRE_HDR_LEN], digest[CRYPTO_HASH_MAX_LEN];
	size_t payloads_len = sig_off - WIRE_GENERIC_HDR_LEN - WIRE_HDR_LEN;
	size_t out_len = sig_len;

	push_signed_header(msg, len, hdr);
	if (gdoi_rekey_digest(kek->sig_hash, hdr, msg + WIRE_HDR_LEN, payloads_len, digest) < 0 ||
	    rsa_sign_digest(key, kek->sig_hash, RSA_SIG_RAW, digest,
			    crypto_hash_len(kek->sig_hash), msg + sig_off, &out_len) < 0 ||
	    out_len != sig_len)
		return *why = "rekey signature failed", -1;
	return 0;
}

/* Zero padding to the block length, header length updated, CBC in place. */
static int seal(const struct rekey_kek *kek, uint8_t *msg, size_t len, size_t cap,
		size_t *out_len, const char **why)
{
	size_t block = crypto_cipher_block_len(kek->cipher);
	size_t body = len - WIRE_HDR_LEN;
	size_t pad = block ? (block - body % block) % block : 0;

	if (!block || len + pad > cap)
		return *why = "rekey message does not fit the buffer", -1;
	memset(msg + len, 0, pad);
	len += pad;
	push_signed_header(msg, len, msg); /* the sent header counts the padding */
	if (crypto_cbc_encrypt(kek->cipher, kek->key, kek->key_len, kek->iv, kek->iv_len,
			       msg + WIRE_HDR_LEN, len - WIRE_HDR_LEN, msg + WIRE_HDR_LEN) < 0)
		return *why = "rekey encryption failed", -1;
	*out_len = len;
	return 0;
}

int push_build(const struct rekey_kek *kek, EVP_PKEY *sign_key, const struct push_content *c,
	       uint8_t *out, size_t cap, size_t *out_len, const char **why)
{
	size_t sig_len = rsa_sig_len(sign_key), len, sig_off;

	*out_len = 0;
	if (!sig_len)
		return *why = "rekey signing key is not RSA", -1;
	if (c->n_delete > PUSH_MAX_DELETE || (c->n_delete && !c->delete_spis))
		return *why = "too many SPIs to delete", -1;
	if (crypto_hash_len(kek->sig_hash) == 0 || crypto_cipher_block_len(kek->cipher) == 0)
		return *why = "KEK without cipher or signature hash", -1;
	if (put_payloads(kek, c, sig_len, out, cap, &len, &sig_off, why) < 0) {
		OPENSSL_cleanse(out, cap); /* the KD may be in it, in clear */
		return -1;
	}
	if (sign(kek, sign_key, out, len, sig_off, sig_len, why) < 0 ||
	    seal(kek, out, len, cap, out_len, why) < 0) {
		OPENSSL_cleanse(out, len < cap ? len : cap);
		return -1;
	}
	return 0;
}
