/* Main Mode initiator (group member side): messages 1, 3, 5 out,
 * 2, 4, 6 in. */
#include "gdoi/ike_mm_int.h"

#include "crypto/random.h"
#include "log/log.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

static const uint8_t zero_cookie[IKE_COOKIE_LEN];

static int send_msg1(struct ike_exchange *x)
{
	struct ike_ctx *ctx = x->ctx;
	struct mm_builder b;
	const uint8_t *sa_body;
	uint8_t *msg;
	size_t len, sa_at;

	if (mm_build_start(&b, x->sa.icookie, zero_cookie, IKE_EXCH_MAIN_MODE, 0, 0) != 0)
		return -1;
	sa_at = wire_build_pos(&b.wb) + WIRE_GENERIC_HDR_LEN;
	mm_build_sa_offer(&b, x->doi, ctx->policies, ctx->n_policies);
	msg = mm_build_finish(&b, 0, &len);
	if (!msg)
		return -1;
	sa_body = msg + sa_at;
	x->sai_b_len = len - sa_at; /* the SA is the only payload */
	x->sai_b = malloc(x->sai_b_len);
	if (!x->sai_b) {
		free(msg);
		return -1;
	}
	memcpy(x->sai_b, sa_body, x->sai_b_len);
	mm_send_and_keep(x, msg, len, true);
	return 0;
}

int ike_initiate(struct ike_ctx *ctx, const struct sockaddr_in *local,
		 const struct sockaddr_in *peer, void *user)
{
	struct ike_exchange *x;

	if (!ctx->n_policies)
		return -1;
	x = mm_exchange_new(ctx, IKE_INITIATOR, local, peer);
	if (!x)
		return -1;
	x->user = user;
	x->doi = WIRE_DOI_GDOI;
	x->state = MM_I_WAIT2;
	do {
		if (random_bytes(x->sa.icookie, IKE_COOKIE_LEN) != 0) {
			mm_exchange_free(x);
			return -1;
		}
	} while (!memcmp(x->sa.icookie, zero_cookie, IKE_COOKIE_LEN) ||
		 mm_table_find(ctx, x->sa.icookie, zero_cookie));
	mm_table_insert(ctx, x);
	if (send_msg1(x) != 0) {
		mm_exchange_free(x);
		return -1;
	}
	ike_timer_start(ctx->timers, &x->deadline, ctx->limits.exchange_timeout_ms);
	return 0;
}

/* The responder must return one of our transforms unchanged. */
static const struct ike_policy *offered_policy(const struct ike_ctx *ctx, const struct ike_offer *o)
{
	for (size_t i = 0; i < ctx->n_policies; i++) {
		const struct ike_policy *p = &ctx->policies[i];

		if (p->cipher == o->p.cipher && p->key_bits == o->p.key_bits &&
		    p->hash == o->p.hash && p->auth == o->p.auth && p->dh_group == o->p.dh_group &&
		    o->p.lifetime_s == p->lifetime_s)
			return p;
	}
	return NULL;
}

static unsigned recv_msg2(struct ike_exchange *x, const struct mm_packet *pkt,
			  const struct mm_payloads *pl)
{
	struct ike_ctx *ctx = x->ctx;
	struct mm_builder b;
	uint8_t *ke = NULL, *msg;
	size_t ke_len, len;
	ssize_t psk_len;

	/* IKEv1 responders such as strongSwan answer a DOI 2 offer in DOI 1;
	 * the DOI of phase 1 changes nothing in its keys or hashes. */
	if (!(pl->seen & MM_SEEN(WIRE_PL_SA)) || pl->n_offers != 1 || pl->offers[0].unsupported ||
	    (pl->doi != WIRE_DOI_GDOI && pl->doi != WIRE_DOI_IPSEC) ||
	    !offered_policy(ctx, &pl->offers[0])) {
		log_debug("ike: message 2 SA not one we offered (doi %u, %zu transforms, %s %u %s %s group %u life %u)",
			  pl->doi, pl->n_offers, ike_cipher_name(pl->offers[0].p.cipher),
			  pl->offers[0].p.key_bits, ike_hash_name(pl->offers[0].p.hash),
			  ike_auth_name(pl->offers[0].p.auth), pl->offers[0].p.dh_group,
			  pl->offers[0].p.lifetime_s);
		return IKE_N_NO_PROPOSAL_CHOSEN;
	}
	memcpy(x->sa.rcookie, pkt->hdr.rcookie, IKE_COOKIE_LEN);
	x->sa.cipher = pl->offers[0].p.cipher;
	x->sa.key_bits = pl->offers[0].p.key_bits;
	x->sa.hash = pl->offers[0].p.hash;
	x->sa.auth = pl->offers[0].p.auth;
	x->sa.dh_group = pl->offers[0].p.dh_group;
	x->sa.lifetime_s = pl->offers[0].p.lifetime_s;
	if (x->sa.auth == IKE_AUTH_PSK) {
		psk_len = ctx->cb.psk_lookup ? ctx->cb.psk_lookup(ctx->cb.arg, &x->sa.peer.sin_addr,
								  x->psk, MM_MAX_PSK) : -1;
		if (psk_len < 0) {
			log_event("CRYPTO", LOG_SEV_WARNING, "IKMP_NO_PRESHARED_KEY",
				  "No pre-shared key for the peer of a pre-share policy");
			return IKE_N_LOCAL_ERROR;
		}
		x->psk_len = (size_t)psk_len;
	}
	x->nr_len = 0;
	x->ni_len = ike_hash_len(x->sa.hash) > MM_NONCE_MIN ? ike_hash_len(x->sa.hash) : MM_NONCE_MIN;
	if (random_bytes(x->ni, x->ni_len) != 0 || mm_dh_start(x, &ke, &ke_len) != 0)
		return IKE_N_LOCAL_ERROR;
	x->g_xi = ke;
	x->g_len = ke_len;
	if (mm_build_start(&b, x->sa.icookie, x->sa.rcookie, IKE_EXCH_MAIN_MODE, 0, 0) != 0)
		return IKE_N_LOCAL_ERROR;
	wire_put_ke(&b.wb, ke, ke_len);
	wire_put_nonce(&b.wb, x->ni, x->ni_len);
	msg = mm_build_finish(&b, 0, &len);
	if (!msg)
		return IKE_N_LOCAL_ERROR;
	x->state = MM_I_WAIT4;
	mm_accept_msg(x, pkt);
	mm_send_and_keep(x, msg, len, true);
	return 0;
}

/* The peer's KE and nonce of message 3 or 4. */
unsigned mm_take_ke_nonce(struct ike_exchange *x, const struct mm_payloads *pl, uint8_t **g_peer,
			  uint8_t *nonce, size_t *nonce_len)
{
	if (!(pl->seen & MM_SEEN(WIRE_PL_KE)) || !(pl->seen & MM_SEEN(WIRE_PL_NONCE)))
		return IKE_N_PAYLOAD_MALFORMED;
	if (pl->ke_len != dh_public_len(x->sa.dh_group))
		return IKE_N_INVALID_KEY_INFORMATION;
	/* RFC 2409 5: nonces are 8 to 256 octets */
	if (pl->nonce_len < 8 || pl->nonce_len > 256)
		return IKE_N_PAYLOAD_MALFORMED;
	*g_peer = malloc(pl->ke_len);
	if (!*g_peer)
		return IKE_N_LOCAL_ERROR;
	memcpy(*g_peer, pl->ke, pl->ke_len);
	memcpy(nonce, pl->nonce, pl->nonce_len);
	*nonce_len = pl->nonce_len;
	return 0;
}

static unsigned recv_msg4(struct ike_exchange *x, const struct mm_packet *pkt,
			  const struct mm_payloads *pl)
{
	unsigned rc = mm_take_ke_nonce(x, pl, &x->g_xr, x->nr, &x->nr_len);
	uint8_t *msg;
	size_t len;

	if (rc)
		return rc;
	if (mm_derive_keys(x, x->g_xr, x->g_len) != 0)
		return IKE_N_INVALID_KEY_INFORMATION;
	if (mm_build_auth_msg(x, &msg, &len) != 0)
		return IKE_N_LOCAL_ERROR;
	x->state = MM_I_WAIT6;
	mm_accept_msg(x, pkt);
	mm_send_and_keep(x, msg, len, true);
	return 0;
}

/* An unprotected error notify before the keys exist (or with them, as
 * a peer that failed to decrypt us sends): ends the exchange. */
static void recv_informational(struct ike_exchange *x, const struct mm_packet *pkt)
{
	struct wire_msg wm;
	struct mm_payloads pl;

	if (pkt->hdr.flags & WIRE_FLAG_ENC)
		return; /* protected informational: not needed before establishment */
	if (mm_payloads_parse(pkt->buf, pkt->len, false, &wm, &pl) != 0 || !pl.n_notify ||
	    pl.notify_type == 0 || pl.notify_type >= 8192)
		return;
	log_event("CRYPTO", LOG_SEV_INFO, "IKMP_NOTIFY_RECEIVED",
		  "Main mode peer sent notify %s", ike_notify_name(pl.notify_type));
	mm_fail(x, pl.notify_type, false);
}

void mm_initiator_input(struct ike_exchange *x, const struct mm_packet *pkt)
{
	struct wire_msg wm;
	struct mm_payloads pl;
	unsigned rc;
	bool enc = pkt->hdr.flags & WIRE_FLAG_ENC;

	if (x->state == MM_ESTABLISHED)
		return; /* late duplicate of message 6 */
	if (pkt->hdr.exchange == IKE_EXCH_INFORMATIONAL) {
		recv_informational(x, pkt);
		return;
	}
	if (x->state == MM_I_WAIT6) {
		mm_initiator_msg6(x, pkt);
		return;
	}
	if (enc) {
		x->ctx->stats.malformed++;
		return;
	}
	rc = mm_payloads_parse(pkt->buf, pkt->len, false, &wm, &pl);
	if (rc) {
		x->ctx->stats.malformed++;
		log_debug("ike: malformed Main Mode message: %s", ike_notify_name(rc));
		return; /* unauthenticated garbage must not end the exchange */
	}
	rc = x->state == MM_I_WAIT2 ? recv_msg2(x, pkt, &pl) : recv_msg4(x, pkt, &pl);
	if (rc)
		mm_fail(x, rc, rc < IKE_N_LOCAL_TIMEOUT);
}
