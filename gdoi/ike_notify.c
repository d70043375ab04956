/* Informational exchanges carrying one Notify (RFC 2409 5.7): in the clear
 * before the keys exist, else protected with HASH(1) = prf(SKEYID_a, M-ID | N)
 * and encrypted with the IV derived from the last phase-1 IV and the M-ID. */
#include "gdoi/ike_mm_int.h"

#include "crypto/prf.h"
#include "crypto/random.h"

#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

bool mm_notify_allowed(struct ike_ctx *ctx)
{
	uint64_t now = ike_timers_now(ctx->timers);

	if (now - ctx->invalid_cookie_window_ms >= 1000) {
		ctx->invalid_cookie_window_ms = now;
		ctx->invalid_cookie_sent = 0;
	}
	return ctx->invalid_cookie_sent++ < ctx->limits.invalid_cookie_per_s;
}

static uint32_t fresh_msgid(void)
{
	uint32_t id = 0;

	while (id == 0)
		if (random_bytes(&id, sizeof(id)) != 0)
			return 1;
	return id;
}

void mm_send_notify(struct ike_ctx *ctx, const struct sockaddr_in *local,
		    const struct sockaddr_in *peer, const uint8_t *icookie,
		    const uint8_t *rcookie, unsigned type)
{
	uint8_t spi[2 * IKE_COOKIE_LEN];
	struct mm_builder b;
	uint8_t *msg;
	size_t len;

	if (!mm_notify_allowed(ctx))
		return;
	memcpy(spi, icookie, IKE_COOKIE_LEN);
	memcpy(spi + IKE_COOKIE_LEN, rcookie, IKE_COOKIE_LEN);
	if (mm_build_start(&b, icookie, rcookie, IKE_EXCH_INFORMATIONAL, 0, fresh_msgid()) != 0)
		return;
	mm_build_notify(&b, (uint16_t)type, spi, sizeof(spi));
	msg = mm_build_finish(&b, 0, &len);
	if (!msg)
		return;
	ctx->stats.tx++;
	ctx->cb.send(ctx->cb.arg, local, peer, msg, len);
	free(msg);
}

void mm_send_protected_notify(struct ike_exchange *x, unsigned type)
{
	struct ike_ctx *ctx = x->ctx;
	uint8_t spi[2 * IKE_COOKIE_LEN], hash[CRYPTO_HASH_MAX_LEN], mid[4];
	uint32_t msgid = fresh_msgid();
	struct ike_iv iv;
	struct mm_builder b;
	size_t hash_len = crypto_hash_len(x->keys.prf), hash_at, n_at, len;
	uint8_t *msg;
	enum crypto_cipher c = crypto_cipher_from_ike((uint16_t)x->sa.cipher);

	if (!mm_notify_allowed(ctx) ||
	    iv_phase2_init(x->keys.prf, &x->iv, msgid, &iv) != 0 ||
	    mm_build_start(&b, x->sa.icookie, x->sa.rcookie, IKE_EXCH_INFORMATIONAL,
			   WIRE_FLAG_ENC, msgid) != 0)
		return;
	memcpy(spi, x->sa.icookie, IKE_COOKIE_LEN);
	memcpy(spi + IKE_COOKIE_LEN, x->sa.rcookie, IKE_COOKIE_LEN);
	hash_at = wire_put_blob_reserve(&b.wb, WIRE_PL_HASH, hash_len);
	n_at = wire_build_pos(&b.wb);
	mm_build_notify(&b, (uint16_t)type, spi, sizeof(spi));
	mid[0] = (uint8_t)(msgid >> 24);
	mid[1] = (uint8_t)(msgid >> 16);
	mid[2] = (uint8_t)(msgid >> 8);
	mid[3] = (uint8_t)msgid;
	{
		struct crypto_chunk parts[] = {
			{ mid, sizeof(mid) },
			{ b.buf + n_at, wire_build_pos(&b.wb) - n_at },
		};

		if (prf(x->keys.prf, x->keys.skeyid_a.data, x->keys.skeyid_a.len, parts, 2, hash) != 0) {
			mm_build_abort(&b);
			return;
		}
	}
	memcpy(b.buf + hash_at, hash, hash_len);
	OPENSSL_cleanse(hash, sizeof(hash));
	msg = mm_build_finish(&b, iv.len, &len);
	if (!msg)
		return;
	if (iv_cbc_encrypt(c, x->keys.enc_key.data, x->keys.enc_key.len, &iv,
			   msg + WIRE_HDR_LEN, len - WIRE_HDR_LEN, &iv) == 0) {
		ctx->stats.tx++;
		ctx->cb.send(ctx->cb.arg, &x->sa.local, &x->sa.peer, msg, len);
	}
	free(msg);
}
