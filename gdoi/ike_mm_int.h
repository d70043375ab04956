/* Internals of the Main Mode engine shared by its files; not an API. */
#ifndef GETVPND_GDOI_IKE_MM_INT_H
#define GETVPND_GDOI_IKE_MM_INT_H

#include "crypto/dh.h"
#include "crypto/ike_keys.h"
#include "crypto/iv.h"
#include "gdoi/ike_mm.h"
#include "gdoi/ike_mm_msg.h"

#include <stdbool.h>

#define MM_MAX_PSK 256
#define MM_MAX_NONCE 256 /* RFC 2409 5: nonces are 8 to 256 octets */
#define MM_NONCE_MIN 16

enum mm_state {
	MM_I_WAIT2,	/* initiator sent message 1 */
	MM_I_WAIT4,
	MM_I_WAIT6,
	MM_R_WAIT3,	/* responder sent message 2 */
	MM_R_WAIT5,
	MM_ESTABLISHED,
};

struct mm_source;

struct ike_exchange {
	struct ike_exchange *hash_next;
	struct ike_exchange *peer_next; /* established SAs by peer address */
	bool in_peer_index;
	struct ike_ctx *ctx;
	struct ike_sa sa;	/* role, addresses, cookies, transform; keys when done */
	enum mm_state state;
	void *user;
	struct mm_source *source; /* half-open accounting (responder), NULL when not counted */

	uint32_t doi;
	uint8_t proposal_no, transform_no;
	uint8_t *sai_b;		/* the initiator's SA payload body, for HASH_I/HASH_R */
	size_t sai_b_len;
	struct dh_keypair *dh;
	uint8_t *g_xi, *g_xr;
	size_t g_len;
	/* ni, nr and psk point into one block that only a negotiation holds
	 * (freed when the SA is established: 100,000s of SAs are kept) */
	uint8_t *ni, *nr, *psk;
	size_t ni_len, nr_len;
	size_t psk_len;
	struct ike_keys keys;
	struct ike_iv iv;

	uint8_t *last_sent, *last_rcvd;
	size_t last_sent_len, last_rcvd_len;
	unsigned retransmits;
	struct ike_timer resend;	/* retransmission, or linger of the responder's message 6 */
	struct ike_timer deadline;	/* exchange timeout, then SA hard lifetime */
};

struct mm_source {
	struct mm_source *next;
	struct in_addr addr;
	unsigned half_open;
};

struct ike_ctx {
	struct ike_callbacks cb;
	struct ike_timers *timers;
	struct ike_limits limits;
	struct ike_policy *policies;
	size_t n_policies;
	uint8_t cookie_secret[32];
	uint64_t hash_key;

	struct ike_exchange **buckets;
	size_t n_buckets, n_exchanges;
	struct mm_source **src_buckets;
	size_t n_src_buckets;
	struct ike_exchange **peer_buckets;
	size_t n_peer_buckets, n_established;
	unsigned half_open;

	uint64_t invalid_cookie_window_ms;
	unsigned invalid_cookie_sent;
	struct ike_stats stats;
	unsigned next_conn_id;
};

/* ike_table.c: exchanges by cookies, half-open counts by source. */
int mm_table_init(struct ike_ctx *ctx);
void mm_table_free(struct ike_ctx *ctx);
int mm_table_insert(struct ike_ctx *ctx, struct ike_exchange *x);
void mm_table_remove(struct ike_ctx *ctx, struct ike_exchange *x);
/* rcookie all zero matches an initiator exchange still waiting for message 2. */
struct ike_exchange *mm_table_find(const struct ike_ctx *ctx, const uint8_t *icookie,
				   const uint8_t *rcookie);
/* Established SAs by peer address, so INITIAL-CONTACT costs O(1) per SA
 * instead of a scan of every exchange. */
void mm_peer_index_add(struct ike_ctx *ctx, struct ike_exchange *x);
void mm_peer_index_remove(struct ike_ctx *ctx, struct ike_exchange *x);
/* Calls fn on every established SA from addr other than except; fn may end it. */
void mm_peer_index_foreach(struct ike_ctx *ctx, struct in_addr addr,
			   const struct ike_exchange *except, void (*fn)(struct ike_exchange *));
/* Half-open accounting: false (and nothing counted) when a cap is hit. */
bool mm_half_open_take(struct ike_ctx *ctx, struct ike_exchange *x);
void mm_half_open_release(struct ike_ctx *ctx, struct ike_exchange *x);

/* ike_cookie.c */
void mm_responder_cookie(const struct ike_ctx *ctx, const struct sockaddr_in *peer,
			 const uint8_t *icookie, uint8_t *rcookie);

/* ike_mm_engine.c */
struct ike_exchange *mm_exchange_new(struct ike_ctx *ctx, enum ike_role role,
				     const struct sockaddr_in *local, const struct sockaddr_in *peer);
void mm_exchange_free(struct ike_exchange *x);
/* Wipes and frees what only the negotiation needs (nonces, PSK, DH, the
 * key schedule's buffers, SA payload, public values); x->sa keeps the keys. */
void mm_negotiation_free(struct ike_exchange *x);
/* Sends buf (takes ownership) and arms retransmission when the role waits. */
void mm_send_and_keep(struct ike_exchange *x, uint8_t *buf, size_t len, bool retransmit);
void mm_fail(struct ike_exchange *x, unsigned reason, bool notify_peer);
/* An established SA ends: out of the table, expired() called, freed. */
void mm_sa_end(struct ike_exchange *x);
void mm_established(struct ike_exchange *x);
/* pkt moved the exchange forward: answer it where it came from (the peer
 * may float its port) and keep it to recognise its repeats. Only then:
 * a rejected or unauthenticated message leaves the port alone. */
void mm_accept_msg(struct ike_exchange *x, const struct mm_packet *pkt);
/* The port part of it, for a message not kept (the initiator's message 6). */
void mm_take_port(struct ike_exchange *x, const struct mm_packet *pkt);
/* Peer said INITIAL_CONTACT: drop our older SAs with that address. */
void mm_initial_contact(struct ike_exchange *x);

/* ike_mm_keys.c: DH, SKEYID*, message protection, authentication. */
int mm_dh_start(struct ike_exchange *x, uint8_t **pub, size_t *pub_len);
int mm_derive_keys(struct ike_exchange *x, const uint8_t *peer_pub, size_t peer_len);
/* The same from a known g^xy (known-answer tests use the logged one). */
int mm_keys_from_secret(struct ike_exchange *x, const uint8_t *gxy, size_t gxy_len);
/* HASH_I (initiator side) or HASH_R of the given party's ID body. */
int mm_auth_hash(const struct ike_exchange *x, bool of_initiator, const uint8_t *id_b,
		 size_t id_len, uint8_t *out, size_t *out_len);
/* Encrypts body in place (len a multiple of the block) and chains the IV. */
int mm_encrypt(struct ike_exchange *x, uint8_t *body, size_t len);
/* Decrypts into out; *next gets the IV to commit once the message checks. */
int mm_decrypt(const struct ike_exchange *x, const uint8_t *body, size_t len, uint8_t *out,
	       struct ike_iv *next);
void mm_fill_sa(struct ike_exchange *x);

/* ike_mm_init.c / ike_mm_resp.c: one handler per expected message. */
void mm_initiator_input(struct ike_exchange *x, const struct mm_packet *pkt);
void mm_responder_first(struct ike_ctx *ctx, const struct sockaddr_in *local,
			const struct sockaddr_in *peer, const struct mm_packet *pkt);
void mm_responder_input(struct ike_exchange *x, const struct mm_packet *pkt);

unsigned mm_take_ke_nonce(struct ike_exchange *x, const struct mm_payloads *pl, uint8_t **g_peer,
			  uint8_t *nonce, size_t *nonce_len);

/* ike_mm_auth.c: messages 5 and 6 (ID, HASH or SIG, INITIAL_CONTACT). */
int mm_build_auth_msg(struct ike_exchange *x, uint8_t **out, size_t *out_len);
void mm_initiator_msg6(struct ike_exchange *x, const struct mm_packet *pkt);
void mm_responder_msg5(struct ike_exchange *x, const struct mm_packet *pkt);

/* Sends one datagram through the callbacks (send_arg or arg). */
int mm_output(struct ike_ctx *ctx, const struct sockaddr_in *local,
	      const struct sockaddr_in *peer, const uint8_t *buf, size_t len);

/* ike_notify.c; notifies are rate-limited (limits.invalid_cookie_per_s). */
bool mm_notify_allowed(struct ike_ctx *ctx);
void mm_send_notify(struct ike_ctx *ctx, const struct sockaddr_in *local,
		    const struct sockaddr_in *peer, const uint8_t *icookie,
		    const uint8_t *rcookie, unsigned type);
void mm_send_protected_notify(struct ike_exchange *x, unsigned type);
void mm_send_delete(struct ike_exchange *x);
/* Protected informational on an established SA (Delete, Notify). */
void mm_info_input(struct ike_exchange *x, const struct mm_packet *pkt);

void mm_log_peer(const struct sockaddr_in *peer, char *buf, size_t len);

#endif
