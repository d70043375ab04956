/* Messages 5 and 6: encrypted ID and HASH_I/HASH_R (pre-shared key) or
 * SIG_I/SIG_R (RSA signature over the hash, RFC 2409 5.1), plus the
 * INITIAL_CONTACT notify the reference implementation and IOS send. */
#include "gdoi/ike_mm_int.h"

#include "crypto/rsa_sig.h"
#include "log/log.h"

#include <arpa/inet.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

#define RSA_SIG_MAX 1024 /* 8192-bit keys */

static void own_id(const struct ike_exchange *x, struct wire_id *id)
{
	memset(id, 0, sizeof(*id));
	id->type = WIRE_ID_IPV4_ADDR;
	id->data = (const uint8_t *)&x->sa.local.sin_addr.s_addr;
	id->len = 4;
}

static int put_proof(struct ike_exchange *x, struct mm_builder *b, const uint8_t *hash,
		     size_t hash_len)
{
	struct ike_ctx *ctx = x->ctx;
	uint8_t sig[RSA_SIG_MAX];
	size_t sig_len = sizeof(sig);
	EVP_PKEY *key;
	int rc;

	if (x->sa.auth == IKE_AUTH_PSK) {
		wire_put_hash(&b->wb, hash, hash_len);
		return 0;
	}
	key = ctx->cb.rsa_own_key ? ctx->cb.rsa_own_key(ctx->cb.arg) : NULL;
	if (!key)
		return -1;
	rc = rsa_sign_digest(key, x->keys.prf, RSA_SIG_RAW, hash, hash_len, sig, &sig_len);
	if (rc == 0)
		wire_put_sig(&b->wb, sig, sig_len);
	return rc;
}

int mm_build_auth_msg(struct ike_exchange *x, uint8_t **out, size_t *out_len)
{
	bool initiator = x->sa.role == IKE_INITIATOR;
	uint8_t hash[CRYPTO_HASH_MAX_LEN], spi[2 * IKE_COOKIE_LEN];
	struct wire_id id;
	struct mm_builder b;
	size_t id_at, hash_len, len;
	uint8_t *msg;

	own_id(x, &id);
	if (mm_build_start(&b, x->sa.icookie, x->sa.rcookie, IKE_EXCH_MAIN_MODE,
			   WIRE_FLAG_ENC, 0) != 0)
		return -1;
	id_at = wire_build_pos(&b.wb) + WIRE_GENERIC_HDR_LEN;
	wire_put_id(&b.wb, &id);
	if (mm_auth_hash(x, initiator, b.buf + id_at, wire_build_pos(&b.wb) - id_at, hash,
			 &hash_len) != 0 ||
	    put_proof(x, &b, hash, hash_len) != 0) {
		OPENSSL_cleanse(hash, sizeof(hash));
		mm_build_abort(&b);
		return -1;
	}
	OPENSSL_cleanse(hash, sizeof(hash));
	memcpy(spi, x->sa.icookie, IKE_COOKIE_LEN);
	memcpy(spi + IKE_COOKIE_LEN, x->sa.rcookie, IKE_COOKIE_LEN);
	mm_build_notify(&b, IKE_N_INITIAL_CONTACT, spi, sizeof(spi));
	msg = mm_build_finish(&b, x->iv.len, &len);
	if (!msg)
		return -1;
	if (mm_encrypt(x, msg + WIRE_HDR_LEN, len - WIRE_HDR_LEN) != 0) {
		free(msg);
		return -1;
	}
	*out = msg;
	*out_len = len;
	return 0;
}

static unsigned check_proof(struct ike_exchange *x, const struct mm_payloads *pl)
{
	struct ike_ctx *ctx = x->ctx;
	bool peer_is_initiator = x->sa.role == IKE_RESPONDER;
	uint8_t hash[CRYPTO_HASH_MAX_LEN];
	size_t hash_len;
	EVP_PKEY *key;
	unsigned rc = IKE_N_AUTHENTICATION_FAILED;

	if (mm_auth_hash(x, peer_is_initiator, pl->id_b, pl->id_len, hash, &hash_len) != 0)
		return IKE_N_LOCAL_ERROR;
	if (x->sa.auth == IKE_AUTH_PSK) {
		if (pl->hash && ike_hash_check(pl->hash, pl->hash_len, hash, hash_len) == 0)
			rc = 0;
	} else {
		key = ctx->cb.rsa_peer_key ? ctx->cb.rsa_peer_key(ctx->cb.arg, &x->sa.peer_id) : NULL;
		if (!key)
			rc = IKE_N_INVALID_ID_INFORMATION;
		else if (pl->sig && rsa_verify_digest(key, x->keys.prf, RSA_SIG_RAW, hash, hash_len,
						      pl->sig, pl->sig_len) == 0)
			rc = 0;
		else
			rc = IKE_N_INVALID_SIGNATURE;
	}
	OPENSSL_cleanse(hash, sizeof(hash));
	return rc;
}

/* Decrypts and checks message 5 or 6. Returns 0 (and commits the IV) or
 * the notify to fail with. *plain is the decrypted copy (caller frees). */
static unsigned open_auth_msg(struct ike_exchange *x, const struct mm_packet *pkt,
			      uint8_t **plain, struct wire_msg *wm, struct mm_payloads *pl)
{
	size_t body_len = pkt->len - WIRE_HDR_LEN;
	struct ike_iv next;
	char peer[INET_ADDRSTRLEN];
	unsigned rc;

	mm_log_peer(&x->sa.peer, peer, sizeof(peer));
	*plain = malloc(pkt->len);
	if (!*plain)
		return IKE_N_LOCAL_ERROR;
	memcpy(*plain, pkt->buf, WIRE_HDR_LEN);
	if (body_len == 0 || body_len % x->iv.len ||
	    mm_decrypt(x, pkt->buf + WIRE_HDR_LEN, body_len, *plain + WIRE_HDR_LEN, &next) != 0)
		rc = IKE_N_PAYLOAD_MALFORMED;
	else
		rc = mm_payloads_parse(*plain, pkt->len, true, wm, pl);
	if (rc) {
		/* what a pre-shared key mismatch looks like from this side */
		log_event("CRYPTO", LOG_SEV_WARNING, "IKMP_BAD_MESSAGE",
			  "IKE message from %s failed its sanity check or is malformed", peer);
		return IKE_N_AUTHENTICATION_FAILED;
	}
	if (!(pl->seen & MM_SEEN(WIRE_PL_ID)) || pl->id_type != WIRE_ID_IPV4_ADDR ||
	    pl->id_data_len != 4)
		return IKE_N_INVALID_ID_INFORMATION;
	memcpy(&x->sa.peer_id.s_addr, pl->id_data, 4);
	rc = check_proof(x, pl);
	if (rc == 0)
		x->iv = next;
	OPENSSL_cleanse(&next, sizeof(next));
	return rc;
}

/* A clear message where 5 or 6 is due (a late or forged message 3/4):
 * dropped without ending the exchange. */
static bool not_encrypted(struct ike_exchange *x, const struct mm_packet *pkt)
{
	char peer[INET_ADDRSTRLEN];

	if (pkt->hdr.flags & WIRE_FLAG_ENC)
		return false;
	x->ctx->stats.malformed++;
	mm_log_peer(&x->sa.peer, peer, sizeof(peer));
	log_event("CRYPTO", LOG_SEV_INFO, "IKMP_NOT_ENCRYPTED",
		  "IKE packet from %s was not encrypted and it should've been.", peer);
	return true;
}

static void auth_failed(struct ike_exchange *x, unsigned rc)
{
	char peer[INET_ADDRSTRLEN];

	mm_log_peer(&x->sa.peer, peer, sizeof(peer));
	if (rc == IKE_N_AUTHENTICATION_FAILED || rc == IKE_N_INVALID_SIGNATURE)
		log_event("CRYPTO", LOG_SEV_WARNING, "IKMP_AUTH_FAILED",
			  "Main mode authentication of peer %s failed (%s)", peer,
			  x->sa.auth == IKE_AUTH_PSK ? "pre-shared key mismatch?" : "bad signature");
	/* Sent in the clear: a peer with other keys could not read it. */
	if (rc < IKE_N_LOCAL_TIMEOUT)
		mm_send_notify(x->ctx, &x->sa.local, &x->sa.peer, x->sa.icookie, x->sa.rcookie, rc);
	mm_fail(x, rc, false);
}

/* Opens message 5 or 6 and checks the peer's proof, wiping the plaintext
 * at once; false when that failed (the exchange is then ended). */
static bool peer_authenticated(struct ike_exchange *x, const struct mm_packet *pkt,
			       struct mm_payloads *pl)
{
	struct wire_msg wm;
	uint8_t *plain = NULL;
	unsigned rc = open_auth_msg(x, pkt, &plain, &wm, pl);

	if (plain)
		OPENSSL_cleanse(plain, pkt->len);
	free(plain);
	if (rc) {
		auth_failed(x, rc);
		return false;
	}
	return true;
}

void mm_responder_msg5(struct ike_exchange *x, const struct mm_packet *pkt)
{
	struct mm_payloads pl;
	uint8_t *msg;
	size_t len;
	bool initial_contact;

	if (not_encrypted(x, pkt) || !peer_authenticated(x, pkt, &pl))
		return;
	initial_contact = pl.n_notify && pl.notify_type == IKE_N_INITIAL_CONTACT;
	if (mm_build_auth_msg(x, &msg, &len) != 0) {
		mm_fail(x, IKE_N_LOCAL_ERROR, false);
		return;
	}
	mm_accept_msg(x, pkt);
	mm_send_and_keep(x, msg, len, false);
	if (initial_contact)
		mm_initial_contact(x);
	mm_established(x);
}

void mm_initiator_msg6(struct ike_exchange *x, const struct mm_packet *pkt)
{
	struct mm_payloads pl;

	if (pkt->hdr.exchange == IKE_EXCH_INFORMATIONAL || not_encrypted(x, pkt) ||
	    !peer_authenticated(x, pkt, &pl))
		return;
	free(x->last_sent);
	x->last_sent = NULL;
	x->last_sent_len = 0;
	mm_take_port(x, pkt);
	mm_established(x);
}
