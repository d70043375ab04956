/* Main Mode responder (key server side): messages 1, 3, 5 in, 2, 4, 6
 * out. No state is kept for a message 1 that cannot be answered, and
 * half-open exchanges are capped per source and in total. */
#include "gdoi/ike_mm_int.h"

#include "crypto/random.h"
#include "log/log.h"

#include <arpa/inet.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

/* Offers we cannot serve for lack of a credential do not match. */
static void mask_uncredentialed(struct ike_ctx *ctx, const struct sockaddr_in *peer,
				struct mm_payloads *pl, uint8_t *psk, size_t *psk_len)
{
	ssize_t n = ctx->cb.psk_lookup ? ctx->cb.psk_lookup(ctx->cb.arg, &peer->sin_addr, psk,
							    MM_MAX_PSK) : -1;
	bool have_rsa = ctx->cb.rsa_own_key && ctx->cb.rsa_own_key(ctx->cb.arg);

	*psk_len = n < 0 ? 0 : (size_t)n;
	for (size_t i = 0; i < pl->n_offers; i++) {
		if (pl->offers[i].p.auth == IKE_AUTH_PSK && n < 0)
			pl->offers[i].unsupported = true;
		if (pl->offers[i].p.auth == IKE_AUTH_RSA_SIG && !have_rsa)
			pl->offers[i].unsupported = true;
	}
}

static void refuse(struct ike_ctx *ctx, const struct sockaddr_in *local,
		   const struct sockaddr_in *peer, const struct mm_packet *pkt, unsigned type)
{
	char addr[INET_ADDRSTRLEN];
	uint8_t rcookie[IKE_COOKIE_LEN];

	mm_log_peer(peer, addr, sizeof(addr));
	if (type == IKE_N_NO_PROPOSAL_CHOSEN) {
		ctx->stats.no_proposal++;
		log_event("CRYPTO", LOG_SEV_INFO, "IKMP_MODE_FAILURE",
			  "Processing of Main mode failed with peer at %s (no acceptable ISAKMP policy)",
			  addr);
	} else {
		ctx->stats.malformed++;
		log_debug("ike: Main Mode message 1 from %s refused: %s", addr,
			  ike_notify_name(type));
	}
	mm_responder_cookie(ctx, peer, pkt->hdr.icookie, rcookie);
	mm_send_notify(ctx, local, peer, pkt->hdr.icookie, rcookie, type);
}

static int send_msg2(struct ike_exchange *x, const struct mm_payloads *pl, size_t chosen)
{
	struct mm_builder b;
	uint8_t *msg;
	size_t len;

	if (mm_build_start(&b, x->sa.icookie, x->sa.rcookie, IKE_EXCH_MAIN_MODE, 0, 0) != 0)
		return -1;
	mm_build_sa_choice(&b, pl->doi, pl->situation, pl->proposal_no, pl->xf[chosen]);
	msg = mm_build_finish(&b, 0, &len);
	if (!msg)
		return -1;
	/* Not retransmitted on a timer: a spoofed message 1 must not buy a
	 * burst of answers. A repeated message 1 gets it again. */
	mm_send_and_keep(x, msg, len, false);
	return 0;
}

static struct ike_exchange *half_open_exchange(struct ike_ctx *ctx, const struct sockaddr_in *local,
					       const struct sockaddr_in *peer)
{
	struct ike_exchange *x = mm_exchange_new(ctx, IKE_RESPONDER, local, peer);
	char addr[INET_ADDRSTRLEN];

	if (!x)
		return NULL;
	if (mm_half_open_take(ctx, x))
		return x;
	mm_exchange_free(x);
	if (ctx->stats.dropped_half_open++ % 1000 == 0) {
		mm_log_peer(peer, addr, sizeof(addr));
		log_event("CRYPTO", LOG_SEV_WARNING, "IKE_DENY_SA_REQ",
			  "IKE denied an SA request from %s: %u exchanges in negotiation (%lu denied so far)",
			  addr, ctx->half_open, ctx->stats.dropped_half_open);
	}
	return NULL;
}

/* A message 1 we already answered: send message 2 again if it is the same. */
static void repeated_msg1(struct ike_ctx *ctx, struct ike_exchange *x, const struct mm_packet *pkt)
{
	ctx->stats.dropped_duplicate++;
	if (x->state != MM_R_WAIT3 || !x->last_rcvd || !x->last_sent ||
	    x->last_rcvd_len != pkt->len || memcmp(x->last_rcvd, pkt->buf, pkt->len) != 0)
		return;
	ctx->stats.retransmits++;
	ctx->stats.tx++;
	mm_output(ctx, &x->sa.local, &x->sa.peer, x->last_sent, x->last_sent_len);
}

/* Checks message 1 and picks a transform: its index, or -1 with *refusal. */
static int choose_offer(struct ike_ctx *ctx, const struct sockaddr_in *peer,
			const struct mm_packet *pkt, struct wire_msg *wm, struct mm_payloads *pl,
			uint8_t *psk, size_t *psk_len, unsigned *refusal)
{
	unsigned rc = mm_payloads_parse(pkt->buf, pkt->len, false, wm, pl);
	int chosen;

	if (!rc && !(pl->seen & MM_SEEN(WIRE_PL_SA)))
		rc = IKE_N_PAYLOAD_MALFORMED;
	if (!rc && pl->doi != WIRE_DOI_GDOI && pl->doi != WIRE_DOI_IPSEC)
		rc = MM_N_DOI_NOT_SUPPORTED;
	if (rc) {
		*refusal = rc;
		return -1;
	}
	mask_uncredentialed(ctx, peer, pl, psk, psk_len);
	chosen = ike_policy_choose(ctx->policies, ctx->n_policies, pl->offers, pl->n_offers, NULL);
	if (chosen < 0)
		*refusal = IKE_N_NO_PROPOSAL_CHOSEN;
	return chosen;
}

/* The exchange for an acceptable message 1, or NULL (caps, memory). */
static struct ike_exchange *admit(struct ike_ctx *ctx, const struct sockaddr_in *local,
				  const struct sockaddr_in *peer, const struct mm_packet *pkt,
				  const uint8_t *rcookie, const struct mm_payloads *pl, int chosen,
				  const uint8_t *psk, size_t psk_len)
{
	const struct ike_policy *p = &pl->offers[chosen].p;
	struct ike_exchange *x = half_open_exchange(ctx, local, peer);

	if (!x)
		return NULL;
	x->sai_b = malloc(pl->sa_len);
	if (!x->sai_b) {
		mm_exchange_free(x);
		return NULL;
	}
	memcpy(x->sai_b, pl->sa_body, pl->sa_len);
	x->sai_b_len = pl->sa_len;
	memcpy(x->sa.icookie, pkt->hdr.icookie, IKE_COOKIE_LEN);
	memcpy(x->sa.rcookie, rcookie, IKE_COOKIE_LEN);
	x->sa.cipher = p->cipher;
	x->sa.key_bits = p->key_bits;
	x->sa.hash = p->hash;
	x->sa.auth = p->auth;
	x->sa.dh_group = p->dh_group;
	x->sa.lifetime_s = p->lifetime_s;
	x->doi = pl->doi;
	memcpy(x->psk, psk, psk_len);
	x->psk_len = psk_len;
	x->state = MM_R_WAIT3;
	mm_table_insert(ctx, x);
	return x;
}

void mm_responder_first(struct ike_ctx *ctx, const struct sockaddr_in *local,
			const struct sockaddr_in *peer, const struct mm_packet *pkt)
{
	uint8_t rcookie[IKE_COOKIE_LEN], psk[MM_MAX_PSK];
	struct ike_exchange *x;
	struct wire_msg wm;
	struct mm_payloads pl;
	size_t psk_len = 0;
	unsigned refusal = 0;
	int chosen;

	mm_responder_cookie(ctx, peer, pkt->hdr.icookie, rcookie);
	x = mm_table_find(ctx, pkt->hdr.icookie, rcookie);
	if (x) {
		repeated_msg1(ctx, x, pkt);
		return;
	}
	if (pkt->hdr.flags & WIRE_FLAG_ENC) {
		ctx->stats.malformed++;
		return;
	}
	chosen = choose_offer(ctx, peer, pkt, &wm, &pl, psk, &psk_len, &refusal);
	if (chosen < 0) {
		refuse(ctx, local, peer, pkt, refusal);
	} else {
		x = admit(ctx, local, peer, pkt, rcookie, &pl, chosen, psk, psk_len);
		if (x) {
			mm_accept_msg(x, pkt); /* x has its port already */
			if (send_msg2(x, &pl, (size_t)chosen) != 0)
				mm_exchange_free(x);
			else
				ike_timer_start(ctx->timers, &x->deadline,
						ctx->limits.exchange_timeout_ms);
		}
	}
	OPENSSL_cleanse(psk, sizeof(psk));
}

static unsigned recv_msg3(struct ike_exchange *x, const struct mm_packet *pkt,
			  const struct mm_payloads *pl)
{
	struct mm_builder b;
	uint8_t *ke, *msg;
	size_t ke_len, len;
	unsigned rc = mm_take_ke_nonce(x, pl, &x->g_xi, x->ni, &x->ni_len);

	if (rc)
		return rc;
	x->nr_len = ike_hash_len(x->sa.hash) > MM_NONCE_MIN ? ike_hash_len(x->sa.hash) : MM_NONCE_MIN;
	if (random_bytes(x->nr, x->nr_len) != 0 || mm_dh_start(x, &ke, &ke_len) != 0)
		return IKE_N_LOCAL_ERROR;
	x->g_xr = ke;
	x->g_len = ke_len;
	if (mm_derive_keys(x, x->g_xi, x->g_len) != 0)
		return IKE_N_INVALID_KEY_INFORMATION;
	if (mm_build_start(&b, x->sa.icookie, x->sa.rcookie, IKE_EXCH_MAIN_MODE, 0, 0) != 0)
		return IKE_N_LOCAL_ERROR;
	wire_put_ke(&b.wb, ke, ke_len);
	wire_put_nonce(&b.wb, x->nr, x->nr_len);
	msg = mm_build_finish(&b, 0, &len);
	if (!msg)
		return IKE_N_LOCAL_ERROR;
	x->state = MM_R_WAIT5;
	mm_accept_msg(x, pkt);
	mm_send_and_keep(x, msg, len, true);
	return 0;
}

void mm_responder_input(struct ike_exchange *x, const struct mm_packet *pkt)
{
	struct wire_msg wm;
	struct mm_payloads pl;
	unsigned rc;

	if (pkt->hdr.exchange == IKE_EXCH_INFORMATIONAL || x->state == MM_ESTABLISHED)
		return; /* nothing to do with them before phase 2 exists */
	if (x->state == MM_R_WAIT5) {
		mm_responder_msg5(x, pkt);
		return;
	}
	if (pkt->hdr.flags & WIRE_FLAG_ENC) {
		x->ctx->stats.malformed++;
		return;
	}
	rc = mm_payloads_parse(pkt->buf, pkt->len, false, &wm, &pl);
	if (rc) {
		x->ctx->stats.malformed++;
		log_debug("ike: malformed Main Mode message 3: %s", ike_notify_name(rc));
		return;
	}
	rc = recv_msg3(x, pkt, &pl);
	if (rc)
		mm_fail(x, rc, rc < IKE_N_LOCAL_TIMEOUT);
}
