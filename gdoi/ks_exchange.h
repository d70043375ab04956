/* The key server's GROUPKEY-PULL exchanges in progress, keyed by phase-1
 * cookies + message ID. An exchange is PENDING between messages 1 and 3,
 * DONE for KS_EXCHANGE_TIMEOUT_S after message 4 (so a retransmitted
 * message 3 gets message 4 again), then a small REPLAY record until its
 * phase-1 SA expires (refusing the message ID). Secrets are wiped as soon
 * as an exchange leaves PENDING. Private to the key server. */
#ifndef GETVPND_GDOI_KS_EXCHANGE_H
#define GETVPND_GDOI_KS_EXCHANGE_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/iv.h"
#include "gdoi/ike_sa.h"
#include "gdoi/pull_msg.h"

enum ksx_state { KSX_PENDING, KSX_DONE, KSX_REPLAY };

/* What only a PENDING or DONE exchange needs; freed (wiped) at REPLAY. */
struct ksx_live {
	uint32_t group_id;
	unsigned generation;              /* of the group's keys at message 2 */
	uint8_t ni[PULL_MAX_NONCE], nr[PULL_NONCE_LEN];
	size_t ni_len;
	struct ike_iv iv;
	uint8_t *last_in, *last_out;      /* retransmission handling */
	size_t last_in_len, last_out_len;
};

/* Small, because one REPLAY record per registration stays for
 * KS_REPLAY_KEEP_S: tens of bytes each at 100,000s of members. */
struct ks_exchange {
	uint8_t icookie[IKE_COOKIE_LEN], rcookie[IKE_COOKIE_LEN];
	uint32_t msgid;
	enum ksx_state state;
	uint64_t forget_at;               /* monotonic seconds */
	uint64_t replay_until;            /* end of the phase-1 SA's lifetime */
	struct ksx_live *live;            /* NULL in REPLAY */
	struct ks_exchange *next;
};

/* Buckets by phase-1 cookies (not message ID), so the exchanges of one
 * SA share a chain and forgetting an SA is one chain walk; the table
 * doubles as it fills. */
struct ksx_table {
	struct ks_exchange **buckets;
	size_t n_buckets, count, pending;
};

int ksx_init(struct ksx_table *t);
void ksx_free(struct ksx_table *t);
struct ks_exchange *ksx_find(const struct ksx_table *t, const uint8_t *icookie,
			     const uint8_t *rcookie, uint32_t msgid);
/* A new PENDING exchange (zeroed but for its key, live allocated); NULL if
 * out of memory. */
struct ks_exchange *ksx_add(struct ksx_table *t, const uint8_t *icookie,
			    const uint8_t *rcookie, uint32_t msgid, uint64_t now);
/* Keeps copies of the datagram received and of the reply; -1 no memory. */
int ksx_remember(struct ks_exchange *x, const uint8_t *in, size_t in_len,
		 const uint8_t *out, size_t out_len);
/* PENDING -> DONE (forget_at = now + timeout), DONE -> REPLAY: wipes
 * nonces and IV; REPLAY also frees the cached messages. */
void ksx_set_state(struct ksx_table *t, struct ks_exchange *x, enum ksx_state s,
		   uint64_t forget_at);
void ksx_remove(struct ksx_table *t, struct ks_exchange *x);
/* Time-based transitions; all exchanges of a cookie pair when cookies given. */
void ksx_expire(struct ksx_table *t, uint64_t now);
void ksx_forget_cookies(struct ksx_table *t, const uint8_t *icookie, const uint8_t *rcookie);

#endif
