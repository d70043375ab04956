/* Main Mode context: exchange lifecycle, dispatch of received messages,
 * retransmission with backoff, timeouts and SA lifetimes. */
#include "gdoi/ike_mm_int.h"

#include "crypto/random.h"
#include "log/log.h"

#include <arpa/inet.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINGER_MS 30000 /* how long a responder keeps message 6 for duplicates of 5 */

static const uint8_t zero_cookie[IKE_COOKIE_LEN];

void ike_limits_default(struct ike_limits *l)
{
	l->max_half_open = 1024;
	l->max_half_open_per_peer = 32;
	l->retransmit_first_ms = 2000;
	l->retransmit_max = 5;
	l->exchange_timeout_ms = 60000;
	l->invalid_cookie_per_s = 10;
}

void mm_log_peer(const struct sockaddr_in *peer, char *buf, size_t len)
{
	if (!inet_ntop(AF_INET, &peer->sin_addr, buf, (socklen_t)len))
		snprintf(buf, len, "?");
}

struct ike_ctx *ike_ctx_new(const struct ike_callbacks *cb, struct ike_timers *timers)
{
	struct ike_ctx *ctx = calloc(1, sizeof(*ctx));

	if (!ctx)
		return NULL;
	ctx->cb = *cb;
	ctx->timers = timers;
	ctx->next_conn_id = 1001;
	ike_limits_default(&ctx->limits);
	if (random_bytes(ctx->cookie_secret, sizeof(ctx->cookie_secret)) != 0 ||
	    random_bytes(&ctx->hash_key, sizeof(ctx->hash_key)) != 0 ||
	    mm_table_init(ctx) != 0) {
		mm_table_free(ctx);
		free(ctx);
		return NULL;
	}
	return ctx;
}

void ike_ctx_free(struct ike_ctx *ctx)
{
	if (!ctx)
		return;
	for (size_t i = 0; i < ctx->n_buckets; i++)
		while (ctx->buckets[i])
			mm_exchange_free(ctx->buckets[i]);
	mm_table_free(ctx);
	free(ctx->policies);
	OPENSSL_cleanse(ctx->cookie_secret, sizeof(ctx->cookie_secret));
	free(ctx);
}

int ike_ctx_set_policies(struct ike_ctx *ctx, const struct ike_policy *p, size_t n)
{
	struct ike_policy *copy = calloc(n ? n : 1, sizeof(*copy));
	size_t kept = 0;

	if (!copy)
		return -1;
	for (size_t i = 0; i < n && kept < MM_MAX_OFFERS; i++) {
		struct ike_policy q = p[i];

		ike_policy_normalise(&q);
		if (!ike_cipher_key_len(q.cipher, q.key_bits) || !ike_hash_len(q.hash) ||
		    !ike_group_supported(q.dh_group) ||
		    (q.auth != IKE_AUTH_PSK && q.auth != IKE_AUTH_RSA_SIG)) {
			log_event("CRYPTO", LOG_SEV_WARNING, "IKMP_POLICY",
				  "ISAKMP policy %zu uses an unsupported algorithm, ignored", i + 1);
			continue;
		}
		copy[kept++] = q;
	}
	free(ctx->policies);
	ctx->policies = copy;
	ctx->n_policies = kept;
	return kept ? 0 : -1;
}

void ike_ctx_set_limits(struct ike_ctx *ctx, const struct ike_limits *l)
{
	ctx->limits = *l;
}

void ike_ctx_stats(const struct ike_ctx *ctx, struct ike_stats *out)
{
	size_t sas = 0;

	*out = ctx->stats;
	out->half_open = ctx->half_open;
	for (size_t i = 0; i < ctx->n_buckets; i++)
		for (struct ike_exchange *x = ctx->buckets[i]; x; x = x->hash_next)
			sas += x->state == MM_ESTABLISHED;
	out->sas = (unsigned)sas;
}

static void on_resend(void *arg);
static void on_deadline(void *arg);

struct ike_exchange *mm_exchange_new(struct ike_ctx *ctx, enum ike_role role,
				     const struct sockaddr_in *local, const struct sockaddr_in *peer)
{
	struct ike_exchange *x = calloc(1, sizeof(*x));
	uint8_t *nego = calloc(1, 2 * MM_MAX_NONCE + MM_MAX_PSK);

	if (!x || !nego) {
		free(x);
		free(nego);
		return NULL;
	}
	x->ni = nego;
	x->nr = nego + MM_MAX_NONCE;
	x->psk = nego + 2 * MM_MAX_NONCE;
	x->ctx = ctx;
	x->sa.conn_id = ctx->next_conn_id++;
	if (ctx->next_conn_id < 1001)
		ctx->next_conn_id = 1001;
	x->sa.role = role;
	x->sa.local = *local;
	x->sa.peer = *peer;
	ike_timer_init(&x->resend, on_resend, x);
	ike_timer_init(&x->deadline, on_deadline, x);
	return x;
}

void mm_exchange_free(struct ike_exchange *x)
{
	struct ike_ctx *ctx = x->ctx;

	mm_table_remove(ctx, x);
	mm_peer_index_remove(ctx, x);
	mm_half_open_release(ctx, x);
	ike_timer_stop(ctx->timers, &x->resend);
	ike_timer_stop(ctx->timers, &x->deadline);
	mm_negotiation_free(x);
	ike_sa_wipe(&x->sa);
	OPENSSL_cleanse(&x->iv, sizeof(x->iv));
	free(x->last_sent);
	free(x->last_rcvd);
	free(x);
}

void mm_negotiation_free(struct ike_exchange *x)
{
	dh_keypair_free(x->dh);
	x->dh = NULL;
	ike_keys_free(&x->keys);
	if (x->ni)
		OPENSSL_clear_free(x->ni, 2 * MM_MAX_NONCE + MM_MAX_PSK);
	x->ni = x->nr = x->psk = NULL;
	x->ni_len = x->nr_len = x->psk_len = 0;
	free(x->sai_b);
	free(x->g_xi);
	free(x->g_xr);
	x->sai_b = x->g_xi = x->g_xr = NULL;
	x->sai_b_len = x->g_len = 0;
}

int mm_output(struct ike_ctx *ctx, const struct sockaddr_in *local,
	      const struct sockaddr_in *peer, const uint8_t *buf, size_t len)
{
	return ctx->cb.send(ctx->cb.send_arg ? ctx->cb.send_arg : ctx->cb.arg, local, peer, buf, len);
}

void ike_transport_input(void *ctx, const struct sockaddr_in *local,
			 const struct sockaddr_in *peer, const uint8_t *buf, size_t len)
{
	ike_input(ctx, local, peer, buf, len);
}

static void transmit(struct ike_exchange *x)
{
	struct ike_ctx *ctx = x->ctx;

	ctx->stats.tx++;
	if (mm_output(ctx, &x->sa.local, &x->sa.peer, x->last_sent, x->last_sent_len) != 0)
		log_debug("ike: send to peer failed");
}

void mm_send_and_keep(struct ike_exchange *x, uint8_t *buf, size_t len, bool retransmit)
{
	/* built in a buffer of the largest message size, kept for retransmission
	 * (message 6 for the whole linger): keep only what it holds */
	uint8_t *fit = realloc(buf, len);

	if (fit)
		buf = fit;
	free(x->last_sent);
	x->last_sent = buf;
	x->last_sent_len = len;
	x->retransmits = 0;
	transmit(x);
	if (retransmit)
		ike_timer_start(x->ctx->timers, &x->resend, x->ctx->limits.retransmit_first_ms);
	else
		ike_timer_stop(x->ctx->timers, &x->resend);
}

void mm_take_port(struct ike_exchange *x, const struct mm_packet *pkt)
{
	x->sa.peer.sin_port = pkt->src_port;
}

void mm_accept_msg(struct ike_exchange *x, const struct mm_packet *pkt)
{
	uint8_t *copy = malloc(pkt->len);

	mm_take_port(x, pkt);
	if (!copy)
		return;
	memcpy(copy, pkt->buf, pkt->len);
	free(x->last_rcvd);
	x->last_rcvd = copy;
	x->last_rcvd_len = pkt->len;
}

static void on_resend(void *arg)
{
	struct ike_exchange *x = arg;
	struct ike_ctx *ctx = x->ctx;

	if (x->state == MM_ESTABLISHED) {
		/* responder linger over: message 6 is no longer needed */
		free(x->last_sent);
		free(x->last_rcvd);
		x->last_sent = x->last_rcvd = NULL;
		x->last_sent_len = x->last_rcvd_len = 0;
		return;
	}
	if (x->retransmits >= ctx->limits.retransmit_max) {
		mm_fail(x, IKE_N_LOCAL_TIMEOUT, false);
		return;
	}
	x->retransmits++;
	ctx->stats.retransmits++;
	transmit(x);
	ike_timer_start(ctx->timers, &x->resend,
			(uint64_t)ctx->limits.retransmit_first_ms << x->retransmits);
}

static void on_deadline(void *arg)
{
	struct ike_exchange *x = arg;
	struct ike_ctx *ctx = x->ctx;
	char peer[INET_ADDRSTRLEN];

	mm_log_peer(&x->sa.peer, peer, sizeof(peer));
	if (x->state != MM_ESTABLISHED) {
		mm_fail(x, IKE_N_LOCAL_TIMEOUT, false);
		return;
	}
	ctx->stats.expired++;
	log_event("CRYPTO", LOG_SEV_INFO, "IKMP_SA_EXPIRED",
		  "ISAKMP SA with peer %s reached its lifetime of %u seconds", peer,
		  x->sa.lifetime_s);
	mm_sa_end(x);
}

void mm_sa_end(struct ike_exchange *x)
{
	struct ike_ctx *ctx = x->ctx;

	mm_table_remove(ctx, x);
	if (ctx->cb.expired)
		ctx->cb.expired(ctx->cb.arg, &x->sa);
	mm_exchange_free(x);
}

static const char *role_name(enum ike_role r)
{
	return r == IKE_INITIATOR ? "initiator" : "responder";
}

void mm_fail(struct ike_exchange *x, unsigned reason, bool notify_peer)
{
	struct ike_ctx *ctx = x->ctx;
	char peer[INET_ADDRSTRLEN];
	struct sockaddr_in addr = x->sa.peer;
	enum ike_role role = x->sa.role;
	void *user = x->user;

	mm_log_peer(&x->sa.peer, peer, sizeof(peer));
	ctx->stats.failed++;
	if (reason == IKE_N_LOCAL_TIMEOUT)
		ctx->stats.timeouts++;
	if (reason == IKE_N_AUTHENTICATION_FAILED)
		ctx->stats.auth_failed++;
	if (reason == IKE_N_NO_PROPOSAL_CHOSEN)
		ctx->stats.no_proposal++;
	log_event("CRYPTO", LOG_SEV_INFO, "IKMP_MODE_FAILURE",
		  "Processing of Main mode failed with peer at %s (%s, %s)", peer,
		  role_name(role), ike_notify_name(reason));
	if (notify_peer && reason < IKE_N_LOCAL_TIMEOUT) {
		if (x->keys.enc_key.len)
			mm_send_protected_notify(x, reason);
		else
			mm_send_notify(ctx, &x->sa.local, &x->sa.peer, x->sa.icookie,
				       x->sa.rcookie, reason);
	}
	mm_exchange_free(x);
	if (ctx->cb.failed)
		ctx->cb.failed(ctx->cb.arg, &addr, role, reason, user);
}

void mm_established(struct ike_exchange *x)
{
	struct ike_ctx *ctx = x->ctx;
	char peer[INET_ADDRSTRLEN];

	mm_fill_sa(x);
	mm_half_open_release(ctx, x);
	x->state = MM_ESTABLISHED;
	mm_peer_index_add(ctx, x);
	ctx->stats.established++;
	/* x->sa holds the keys now: the rest of the negotiation goes */
	mm_negotiation_free(x);
	ike_timer_stop(ctx->timers, &x->deadline);
	ike_timer_start(ctx->timers, &x->deadline, (uint64_t)x->sa.lifetime_s * 1000u);
	if (x->sa.role == IKE_RESPONDER)
		ike_timer_start(ctx->timers, &x->resend, LINGER_MS);
	else
		ike_timer_stop(ctx->timers, &x->resend);
	mm_log_peer(&x->sa.peer, peer, sizeof(peer));
	log_event("CRYPTO", LOG_SEV_INFO, "IKMP_SA_ESTABLISHED",
		  "ISAKMP SA with peer %s established (%s, %s %u, %s, %s, group %u, lifetime %u s)",
		  peer, role_name(x->sa.role), ike_cipher_name(x->sa.cipher), x->sa.key_bits,
		  ike_hash_name(x->sa.hash), ike_auth_name(x->sa.auth), x->sa.dh_group,
		  x->sa.lifetime_s);
	if (ctx->cb.established)
		ctx->cb.established(ctx->cb.arg, &x->sa, x->user);
}

void mm_initial_contact(struct ike_exchange *x)
{
	mm_peer_index_foreach(x->ctx, x->sa.peer.sin_addr, x, mm_sa_end);
}

/* A repeat of the peer's last message means our answer was lost. It is
 * answered where that message came from: a copy from another port, which
 * anyone who saw the original can send, moves nothing. */
static bool handle_duplicate(struct ike_exchange *x, const uint8_t *buf, size_t len)
{
	if (!x->last_rcvd || x->last_rcvd_len != len || memcmp(x->last_rcvd, buf, len) != 0)
		return false;
	x->ctx->stats.dropped_duplicate++;
	if (x->last_sent) {
		x->ctx->stats.retransmits++;
		transmit(x);
	}
	return true;
}

static void unknown_cookies(struct ike_ctx *ctx, const struct sockaddr_in *local,
			    const struct sockaddr_in *peer, const struct mm_packet *pkt)
{
	char addr[INET_ADDRSTRLEN];

	ctx->stats.dropped_unknown_cookie++;
	mm_log_peer(peer, addr, sizeof(addr));
	log_debug("ike: message from %s for unknown cookies dropped", addr);
	/* never answer a notify with a notify */
	if (pkt->hdr.exchange == IKE_EXCH_MAIN_MODE)
		mm_send_notify(ctx, local, peer, pkt->hdr.icookie, pkt->hdr.rcookie, IKE_N_INVALID_COOKIE);
}

void ike_input(struct ike_ctx *ctx, const struct sockaddr_in *local,
	       const struct sockaddr_in *peer, const uint8_t *buf, size_t len)
{
	struct mm_packet pkt;
	struct ike_exchange *x;

	ctx->stats.rx++;
	if (mm_packet_decode(buf, len, &pkt) != 0) {
		ctx->stats.malformed++;
		log_debug("ike: malformed ISAKMP header dropped");
		return;
	}
	pkt.src_port = peer->sin_port;
	if (pkt.hdr.exchange != IKE_EXCH_MAIN_MODE && pkt.hdr.exchange != IKE_EXCH_INFORMATIONAL) {
		ctx->stats.malformed++;
		return;
	}
	if (pkt.hdr.exchange == IKE_EXCH_MAIN_MODE && pkt.hdr.msgid != 0) {
		ctx->stats.malformed++;
		return;
	}
	if (pkt.hdr.exchange == IKE_EXCH_MAIN_MODE &&
	    memcmp(pkt.hdr.rcookie, zero_cookie, IKE_COOKIE_LEN) == 0) {
		mm_responder_first(ctx, local, peer, &pkt);
		return;
	}
	x = mm_table_find(ctx, pkt.hdr.icookie, pkt.hdr.rcookie);
	if (!x || x->sa.peer.sin_addr.s_addr != peer->sin_addr.s_addr) {
		unknown_cookies(ctx, local, peer, &pkt);
		return;
	}
	if (handle_duplicate(x, buf, len))
		return;
	if (x->state == MM_ESTABLISHED && pkt.hdr.exchange == IKE_EXCH_INFORMATIONAL) {
		mm_info_input(x, &pkt);
		return;
	}
	/* The peer may float its port (NAT rebinding), but the cookies are
	 * in clear: only a message the exchange accepts moves where we answer
	 * (mm_accept_msg, mm_take_port), never one merely carrying them. */
	if (x->sa.role == IKE_INITIATOR)
		mm_initiator_input(x, &pkt);
	else
		mm_responder_input(x, &pkt);
}

static struct ike_exchange *find_established(const struct ike_ctx *ctx, const uint8_t *icookie,
					     const uint8_t *rcookie)
{
	struct ike_exchange *x = mm_table_find(ctx, icookie, rcookie);

	if (!x || x->state != MM_ESTABLISHED ||
	    memcmp(x->sa.rcookie, rcookie, IKE_COOKIE_LEN) != 0)
		return NULL;
	return x;
}

const struct ike_sa *ike_sa_find(const struct ike_ctx *ctx, const uint8_t icookie[IKE_COOKIE_LEN],
				 const uint8_t rcookie[IKE_COOKIE_LEN])
{
	struct ike_exchange *x = find_established(ctx, icookie, rcookie);

	return x ? &x->sa : NULL;
}

void ike_sa_delete(struct ike_ctx *ctx, const uint8_t icookie[IKE_COOKIE_LEN],
		   const uint8_t rcookie[IKE_COOKIE_LEN], bool tell_peer)
{
	struct ike_exchange *x = find_established(ctx, icookie, rcookie);

	if (!x)
		return;
	if (tell_peer)
		mm_send_delete(x);
	mm_sa_end(x);
}

void ike_sa_foreach(const struct ike_ctx *ctx, void (*fn)(const struct ike_sa *sa, void *arg),
		    void *arg)
{
	for (size_t i = 0; i < ctx->n_buckets; i++)
		for (struct ike_exchange *x = ctx->buckets[i]; x; x = x->hash_next)
			if (x->state == MM_ESTABLISHED)
				fn(&x->sa, arg);
}

static const char *ios_state(enum mm_state s)
{
	switch (s) {
	case MM_I_WAIT2:
		return "MM_NO_STATE";
	case MM_R_WAIT3:
	case MM_I_WAIT4:
		return "MM_SA_SETUP";
	case MM_R_WAIT5:
	case MM_I_WAIT6:
		return "MM_KEY_EXCH";
	case MM_ESTABLISHED:
		return "QM_IDLE";
	}
	return "MM_NO_STATE";
}

void ike_show_foreach(const struct ike_ctx *ctx,
		      void (*fn)(const struct ike_sa *sa, const char *state, void *arg), void *arg)
{
	for (size_t i = 0; i < ctx->n_buckets; i++)
		for (struct ike_exchange *x = ctx->buckets[i]; x; x = x->hash_next)
			fn(&x->sa, ios_state(x->state), arg);
}

const char *ike_notify_name(unsigned type)
{
	switch (type) {
	case IKE_N_INVALID_PAYLOAD_TYPE:
		return "INVALID_PAYLOAD_TYPE";
	case MM_N_DOI_NOT_SUPPORTED:
		return "DOI_NOT_SUPPORTED";
	case MM_N_SITUATION_NOT_SUPPORTED:
		return "SITUATION_NOT_SUPPORTED";
	case IKE_N_INVALID_COOKIE:
		return "INVALID_COOKIE";
	case IKE_N_INVALID_EXCHANGE_TYPE:
		return "INVALID_EXCHANGE_TYPE";
	case IKE_N_INVALID_FLAGS:
		return "INVALID_FLAGS";
	case IKE_N_NO_PROPOSAL_CHOSEN:
		return "NO_PROPOSAL_CHOSEN";
	case IKE_N_PAYLOAD_MALFORMED:
		return "PAYLOAD_MALFORMED";
	case IKE_N_INVALID_KEY_INFORMATION:
		return "INVALID_KEY_INFORMATION";
	case IKE_N_INVALID_ID_INFORMATION:
		return "INVALID_ID_INFORMATION";
	case IKE_N_AUTHENTICATION_FAILED:
		return "AUTHENTICATION_FAILED";
	case IKE_N_INVALID_SIGNATURE:
		return "INVALID_SIGNATURE";
	case IKE_N_INITIAL_CONTACT:
		return "INITIAL_CONTACT";
	case IKE_N_LOCAL_TIMEOUT:
		return "retransmissions exhausted";
	case IKE_N_LOCAL_ERROR:
		return "local error";
	}
	return "notify";
}
