/* Informational exchanges (RFC 2409 5.7): one Notify in the clear before
 * the keys exist; once an ISAKMP SA is up, HDR*, HASH(1), N/D with
 * HASH(1) = prf(SKEYID_a, M-ID | N/D), encrypted with the IV derived from
 * the last phase-1 IV and the M-ID (appendix B). */
#include "gdoi/ike_mm_int.h"

#include "crypto/prf.h"
#include "crypto/random.h"
#include "log/log.h"

#include <arpa/inet.h>
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

static void both_cookies(const uint8_t *icookie, const uint8_t *rcookie, uint8_t *spi)
{
	memcpy(spi, icookie, IKE_COOKIE_LEN);
	memcpy(spi + IKE_COOKIE_LEN, rcookie, IKE_COOKIE_LEN);
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
	both_cookies(icookie, rcookie, spi);
	if (mm_build_start(&b, icookie, rcookie, IKE_EXCH_INFORMATIONAL, 0, fresh_msgid()) != 0)
		return;
	mm_build_notify(&b, (uint16_t)type, spi, sizeof(spi));
	msg = mm_build_finish(&b, 0, &len);
	if (!msg)
		return;
	ctx->stats.tx++;
	mm_output(ctx, local, peer, msg, len);
	free(msg);
}

static void msgid_bytes(uint32_t msgid, uint8_t *mid)
{
	mid[0] = (uint8_t)(msgid >> 24);
	mid[1] = (uint8_t)(msgid >> 16);
	mid[2] = (uint8_t)(msgid >> 8);
	mid[3] = (uint8_t)msgid;
}

/* The keys that protect informationals: the key schedule's while the
 * exchange negotiates, the SA's copies once established (the schedule is
 * freed then). */
struct info_keys {
	enum crypto_hash prf;
	const uint8_t *skeyid_a, *enc_key;
	size_t skeyid_a_len, enc_key_len;
};

static struct info_keys info_keys_of(const struct ike_exchange *x)
{
	if (x->state == MM_ESTABLISHED)
		return (struct info_keys){ crypto_hash_from_ike((uint16_t)x->sa.hash),
					   x->sa.skeyid_a, x->sa.enc_key, x->sa.hash_len,
					   x->sa.enc_key_len };
	return (struct info_keys){ x->keys.prf, x->keys.skeyid_a.data, x->keys.enc_key.data,
				   x->keys.skeyid_a.len, x->keys.enc_key.len };
}

static int info_hash(const struct info_keys *k, uint32_t msgid, const uint8_t *after,
		     size_t after_len, uint8_t *out)
{
	uint8_t mid[4];
	struct crypto_chunk parts[2] = { { mid, sizeof(mid) }, { after, after_len } };

	msgid_bytes(msgid, mid);
	return prf(k->prf, k->skeyid_a, k->skeyid_a_len, parts, 2, out);
}

/* One protected Notify (type) or, with type 0, a Delete of this SA. */
static void send_protected(struct ike_exchange *x, unsigned type)
{
	struct ike_ctx *ctx = x->ctx;
	struct info_keys k = info_keys_of(x);
	uint8_t spi[2 * IKE_COOKIE_LEN], hash[CRYPTO_HASH_MAX_LEN];
	uint32_t msgid = fresh_msgid();
	struct ike_iv iv;
	struct mm_builder b;
	size_t hash_len = crypto_hash_len(k.prf), hash_at, after_at, len;
	uint8_t *msg;
	enum crypto_cipher c = crypto_cipher_from_ike((uint16_t)x->sa.cipher);
	struct wire_delete del = {
		.doi = WIRE_DOI_IPSEC, .protocol = WIRE_PROTO_ISAKMP,
		.spi_size = sizeof(spi), .nspis = 1, .spis = spi,
	};

	if (!mm_notify_allowed(ctx) || iv_phase2_init(k.prf, &x->iv, msgid, &iv) != 0 ||
	    mm_build_start(&b, x->sa.icookie, x->sa.rcookie, IKE_EXCH_INFORMATIONAL,
			   WIRE_FLAG_ENC, msgid) != 0)
		return;
	both_cookies(x->sa.icookie, x->sa.rcookie, spi);
	hash_at = wire_put_blob_reserve(&b.wb, WIRE_PL_HASH, hash_len);
	after_at = wire_build_pos(&b.wb);
	if (type)
		mm_build_notify(&b, (uint16_t)type, spi, sizeof(spi));
	else
		wire_put_delete(&b.wb, &del);
	if (info_hash(&k, msgid, b.buf + after_at, wire_build_pos(&b.wb) - after_at, hash) != 0) {
		mm_build_abort(&b);
		return;
	}
	memcpy(b.buf + hash_at, hash, hash_len);
	OPENSSL_cleanse(hash, sizeof(hash));
	msg = mm_build_finish(&b, iv.len, &len);
	if (!msg)
		return;
	if (iv_cbc_encrypt(c, k.enc_key, k.enc_key_len, &iv,
			   msg + WIRE_HDR_LEN, len - WIRE_HDR_LEN, &iv) == 0) {
		ctx->stats.tx++;
		mm_output(ctx, &x->sa.local, &x->sa.peer, msg, len);
	}
	free(msg);
}

void mm_send_protected_notify(struct ike_exchange *x, unsigned type)
{
	send_protected(x, type);
}

void mm_send_delete(struct ike_exchange *x)
{
	send_protected(x, 0);
}

/* Decrypts and authenticates a protected informational for SA x into
 * *wm (plain must stay alive). 0 ok. */
static int open_info(struct ike_exchange *x, const struct mm_packet *pkt, uint8_t *plain,
		     struct wire_msg *wm)
{
	enum crypto_cipher c = crypto_cipher_from_ike((uint16_t)x->sa.cipher);
	struct info_keys k = info_keys_of(x);
	size_t body = pkt->len - WIRE_HDR_LEN;
	uint8_t hash[CRYPTO_HASH_MAX_LEN];
	const struct wire_payload *h;
	struct ike_iv iv;
	int rc = -1;

	memcpy(plain, pkt->buf, pkt->len);
	if (!body || body % x->iv.len || iv_phase2_init(k.prf, &x->iv, pkt->hdr.msgid, &iv) ||
	    iv_cbc_decrypt(c, k.enc_key, k.enc_key_len, &iv, plain + WIRE_HDR_LEN,
			   body, &iv) != 0 ||
	    wire_decode(plain, pkt->len, WIRE_DEC_PADDED, wm, NULL) != WIRE_OK || wm->npayloads < 2)
		return -1;
	h = &wm->pl[0];
	if (h->type == WIRE_PL_HASH &&
	    info_hash(&k, pkt->hdr.msgid, wm->pl[1].raw, plain + wm->payloads_end - wm->pl[1].raw,
		      hash) == 0 &&
	    ike_hash_check(h->blob.data, h->blob.len, hash, crypto_hash_len(k.prf)) == 0)
		rc = 0;
	OPENSSL_cleanse(hash, sizeof(hash));
	return rc;
}

/* A protected informational on an established SA: a Delete of the SA
 * removes it, a Notify is logged. Anything unauthenticated is dropped. */
void mm_info_input(struct ike_exchange *x, const struct mm_packet *pkt)
{
	struct ike_ctx *ctx = x->ctx;
	uint8_t *plain, spi[2 * IKE_COOKIE_LEN];
	struct wire_msg wm;
	char peer[INET_ADDRSTRLEN];
	bool delete_me = false;

	if (x->state != MM_ESTABLISHED || !(pkt->hdr.flags & WIRE_FLAG_ENC) || !pkt->hdr.msgid)
		return;
	plain = malloc(pkt->len);
	if (!plain)
		return;
	mm_log_peer(&x->sa.peer, peer, sizeof(peer));
	both_cookies(x->sa.icookie, x->sa.rcookie, spi);
	if (open_info(x, pkt, plain, &wm) != 0) {
		ctx->stats.malformed++;
		log_debug("ike: unauthenticated informational from %s dropped", peer);
	} else {
		for (size_t i = 1; i < wm.npayloads; i++) {
			const struct wire_payload *pl = &wm.pl[i];

			if (pl->type == WIRE_PL_DELETE && pl->del.protocol == WIRE_PROTO_ISAKMP &&
			    pl->del.spi_size == sizeof(spi))
				for (size_t j = 0; j < pl->del.nspis; j++)
					if (!memcmp(wire_delete_spi(&pl->del, j), spi, sizeof(spi)))
						delete_me = true;
			if (pl->type == WIRE_PL_NOTIFY)
				log_event("CRYPTO", LOG_SEV_INFO, "IKMP_NOTIFY_RECEIVED",
					  "ISAKMP peer %s sent notify %s", peer,
					  ike_notify_name(pl->notify.type));
		}
	}
	OPENSSL_cleanse(plain, pkt->len);
	free(plain);
	if (!delete_me)
		return;
	log_event("CRYPTO", LOG_SEV_INFO, "IKMP_SA_DELETED",
		  "ISAKMP SA with peer %s deleted by the peer", peer);
	mm_sa_end(x);
}
