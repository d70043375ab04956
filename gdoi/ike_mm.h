/* ISAKMP Main Mode (RFC 2409 section 5, identity protection, exchange 2)
 * for GDOI: the initiator runs on a group member, the responder on a key
 * server. Sans-IO: datagrams come in through ike_input(), go out through
 * the send callback, time comes from the shared ike_timers heap. The
 * transport (gdoi/transport.h) wires these to UDP 848 and libevent.
 *
 * Authentication: pre-shared keys (selected by peer address) or RSA
 * signatures (raw PKCS#1 over HASH_I/HASH_R, public keys by peer
 * ID_IPV4_ADDR identity, no certificates yet).
 *
 * Established SAs stay in the context (keyed by cookies) until their
 * lifetime ends or ike_sa_delete(); GROUPKEY-PULL finds them with
 * ike_sa_find().
 *
 * Choices, after the reference implementation's loopback logs and IOS:
 * - The initiator offers DOI 2 (GDOI), situation 0, one ISAKMP proposal
 *   with one KEY_IKE transform per policy (numbered from 1; the reference
 *   numbers from 0). The responder also accepts DOI 1 (IPsec, situation
 *   SIT_IDENTITY_ONLY) offers and answers in the DOI it was offered; the
 *   initiator accepts an answer in DOI 1 (strongSwan gives one).
 * - IOS matching: local policies in priority order, each against the
 *   offered transforms in order; the offered lifetime must not exceed the
 *   local one and is the one used. The responder echoes the chosen
 *   transform unchanged; the initiator accepts only one of its own,
 *   unchanged.
 * - Messages 5/6 carry ID_IPV4_ADDR (protocol 0, port 0) of the local
 *   address, HASH or SIG, and an INITIAL_CONTACT notify (as the
 *   reference and IOS do); on receiving it the responder drops older SAs
 *   with that peer address. No Vendor IDs are sent; received ones are
 *   ignored.
 * - Failures before the keys are shared (no proposal, malformed message 1)
 *   and authentication failures are notified in the clear (a peer with
 *   other keys could not read a protected one); the initiator gives up on
 *   an unprotected error notify only before it is established.
 * - The responder answers a message 1 only after choosing a proposal,
 *   derives its cookie from a secret, the peer address/port and CKY-I,
 *   does not retransmit message 2 on a timer (a repeated message 1 gets
 *   it again), and caps half-open exchanges in total and per source. */
#ifndef GETVPND_GDOI_IKE_MM_H
#define GETVPND_GDOI_IKE_MM_H

#include "gdoi/ike_policy.h"
#include "gdoi/ike_sa.h"
#include "gdoi/ike_timer.h"

#include <netinet/in.h>
#include <stdbool.h>
#include <openssl/evp.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define IKE_EXCH_MAIN_MODE 2
#define IKE_EXCH_INFORMATIONAL 5

/* RFC 2408 3.14.1 notify message types used here. */
enum ike_notify {
	IKE_N_NONE = 0,
	IKE_N_INVALID_PAYLOAD_TYPE = 1,
	IKE_N_INVALID_COOKIE = 4,
	IKE_N_INVALID_EXCHANGE_TYPE = 7,
	IKE_N_INVALID_FLAGS = 8,
	IKE_N_NO_PROPOSAL_CHOSEN = 14,
	IKE_N_PAYLOAD_MALFORMED = 16,
	IKE_N_INVALID_KEY_INFORMATION = 17,
	IKE_N_INVALID_ID_INFORMATION = 18,
	IKE_N_AUTHENTICATION_FAILED = 24,
	IKE_N_INVALID_SIGNATURE = 25,
	IKE_N_INITIAL_CONTACT = 24578, /* RFC 2407 4.6.3.3 */
	/* Not on the wire: local failure reasons reported to failed(). */
	IKE_N_LOCAL_TIMEOUT = 0x10000,
	IKE_N_LOCAL_ERROR = 0x10001,
};

struct ike_callbacks {
	/* Send one datagram; 0 ok, -1 error (retransmission covers it).
	 * Called with send_arg when set, else arg: transport_send with the
	 * transport as send_arg fits as is. */
	int (*send)(void *arg, const struct sockaddr_in *local,
		    const struct sockaddr_in *peer, const uint8_t *buf, size_t len);
	void *send_arg;
	/* Pre-shared key for a peer address (`crypto isakmp key K address A`,
	 * 0.0.0.0 matching any): copy at most max bytes into key and return
	 * the length, or -1 when there is none. */
	ssize_t (*psk_lookup)(void *arg, const struct in_addr *peer, uint8_t *key, size_t max);
	/* RSA signatures (optional, NULL = not configured): our private key
	 * and the public key of the peer identity. Used only during the call
	 * that asked; the callee keeps ownership. */
	EVP_PKEY *(*rsa_own_key)(void *arg);
	EVP_PKEY *(*rsa_peer_key)(void *arg, const struct in_addr *peer_id);
	/* Main Mode completed; sa stays valid until expired() or deleted. */
	void (*established)(void *arg, const struct ike_sa *sa, void *user);
	/* An exchange we took part in failed (notify type or IKE_N_LOCAL_*);
	 * user is what ike_initiate() was given (NULL on the responder). */
	void (*failed)(void *arg, const struct sockaddr_in *peer, enum ike_role role,
		       unsigned reason, void *user);
	/* An established SA is going away (lifetime, Delete from the peer,
	 * INITIAL_CONTACT, ike_sa_delete); optional. The SA is already out of
	 * the table: ike_sa_find() no longer returns it. */
	void (*expired)(void *arg, const struct ike_sa *sa);
	void *arg;
};

struct ike_limits {
	unsigned max_half_open;		/* responder exchanges not yet established, all peers */
	unsigned max_half_open_per_peer;/* same, per source address */
	unsigned retransmit_first_ms;	/* first retransmission, then doubling */
	unsigned retransmit_max;	/* retransmissions before giving up */
	unsigned exchange_timeout_ms;	/* whole exchange, either role */
	unsigned invalid_cookie_per_s;	/* INVALID_COOKIE notifies sent per second */
};
/* IOS-like defaults: 1024 / 32 half-open, 2 s doubling, 5 tries, 60 s. */
void ike_limits_default(struct ike_limits *l);

struct ike_stats {
	unsigned long rx, tx, malformed, dropped_unknown_cookie, dropped_half_open,
		dropped_duplicate, retransmits, established, failed, auth_failed,
		no_proposal, timeouts, expired;
	unsigned half_open, sas;
};

struct ike_ctx;

/* timers must outlive the context. Returns NULL on allocation failure. */
struct ike_ctx *ike_ctx_new(const struct ike_callbacks *cb, struct ike_timers *timers);
/* Deletes every exchange and SA (wiping keys) without notifying peers. */
void ike_ctx_free(struct ike_ctx *ctx);
/* Policies in priority order (`crypto isakmp policy` sorted by number);
 * copied and normalised. Used by both roles. 0 ok, -1 none valid. */
int ike_ctx_set_policies(struct ike_ctx *ctx, const struct ike_policy *p, size_t n);
void ike_ctx_set_limits(struct ike_ctx *ctx, const struct ike_limits *l);
void ike_ctx_stats(const struct ike_ctx *ctx, struct ike_stats *out);

/* Start Main Mode towards peer (port 848 usually). user is handed back in
 * established()/failed(). 0 started, -1 error (no policy, no memory). */
int ike_initiate(struct ike_ctx *ctx, const struct sockaddr_in *local,
		 const struct sockaddr_in *peer, void *user);
/* One received datagram (the whole ISAKMP message) for exchange types 2
 * (Main Mode) and 5 (Informational) addressed to local from peer. */
void ike_input(struct ike_ctx *ctx, const struct sockaddr_in *local,
	       const struct sockaddr_in *peer, const uint8_t *buf, size_t len);

/* ike_input() with the shape of a transport_handler (arg = the ike_ctx),
 * to register for exchange types 2 and 5. */
void ike_transport_input(void *ctx, const struct sockaddr_in *local,
			 const struct sockaddr_in *peer, const uint8_t *buf, size_t len);

/* An established SA by its cookies, NULL if none. */
const struct ike_sa *ike_sa_find(const struct ike_ctx *ctx, const uint8_t icookie[IKE_COOKIE_LEN],
				 const uint8_t rcookie[IKE_COOKIE_LEN]);
/* Removes an SA (wiping its keys), calling expired(); with tell_peer a
 * protected Delete (RFC 2408 3.15, protocol ISAKMP, SPI = both cookies)
 * goes to the peer first, which then removes its side too. */
void ike_sa_delete(struct ike_ctx *ctx, const uint8_t icookie[IKE_COOKIE_LEN],
		   const uint8_t rcookie[IKE_COOKIE_LEN], bool tell_peer);
/* Calls fn for each established SA (for `show crypto isakmp sa`). */
void ike_sa_foreach(const struct ike_ctx *ctx, void (*fn)(const struct ike_sa *sa, void *arg),
		    void *arg);

/* Every exchange and SA with its IOS state name (MM_NO_STATE,
 * MM_SA_SETUP, MM_KEY_EXCH, QM_IDLE) for `show crypto isakmp sa`; the
 * keys of an exchange still in negotiation are not filled in. */
void ike_show_foreach(const struct ike_ctx *ctx,
		      void (*fn)(const struct ike_sa *sa, const char *state, void *arg), void *arg);

const char *ike_notify_name(unsigned type);

#endif
