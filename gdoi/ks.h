/* The key server: its groups and the GROUPKEY-PULL responder (sans-IO).
 *
 * The daemon finds the phase-1 SA of a received GROUPKEY-PULL datagram
 * (exchange 32) by its cookies and calls ks_pull_input(); whatever comes
 * back in out is sent to sa->peer (UDP 848). Time is monotonic seconds.
 *
 * Registration, as the key server sees it:
 *   msg 1 (HASH(1), Ni, ID) - verified, group looked up and authorized;
 *           unknown or unauthorized: INVALID_ID_INFORMATION notification
 *   msg 2 (HASH(2), Nr, SA) - sent; exchange state kept (bounded)
 *   msg 3 (HASH(3))         - verified
 *   msg 4 (HASH(4), SEQ, KD) - sent; the member is entered in the table.
 * A datagram identical to the last one received for an exchange gets the
 * same reply again (the member's retransmission after a loss); anything
 * that does not authenticate is dropped and counted, with no state change.
 * A finished exchange's message ID stays refused for KS_REPLAY_KEEP_S (at
 * most the phase-1 SA's lifetime); the member's last registration stays
 * refused for the whole life of its phase-1 SA (replay). */
#ifndef GETVPND_GDOI_KS_H
#define GETVPND_GDOI_KS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gdoi/ike_sa.h"
#include "gdoi/ks_group.h"
#include "gdoi/pull_frame.h"

#define KS_MAX_GROUPS 64
#define KS_MAX_PENDING 4096        /* exchanges between msg 1 and msg 3 */
#define KS_EXCHANGE_TIMEOUT_S 30   /* msg 3 must come within this */
#define KS_REPLAY_KEEP_S 600       /* finished exchanges remembered (bounded memory) */

struct ks_stats {
	unsigned long pulls_started, pulls_completed, retransmits;
	unsigned long dropped_malformed;  /* header, decryption, HASH or decoding */
	unsigned long dropped_replay, dropped_busy, dropped_stale;
	unsigned long unknown_group, unauthorized;
};

struct ks;

struct ks *ks_new(void);
void ks_free(struct ks *ks);   /* wipes every key and exchange; NULL ok */

/* Adds a group (keys generated now). NULL with *why on a configuration
 * error or a duplicate name/identity. The group belongs to the ks. */
struct ks_group *ks_add_group(struct ks *ks, const struct ks_group_config *cfg, uint64_t now,
			      const char **why);
bool ks_remove_group(struct ks *ks, const char *name);
struct ks_group *ks_group_by_id(const struct ks *ks, uint32_t group_id);
struct ks_group *ks_group_by_name(const struct ks *ks, const char *name);
size_t ks_group_count(const struct ks *ks);
struct ks_group *ks_group_at(const struct ks *ks, size_t i);   /* in order of addition */

/* Optional: may this phase-1 peer register to the group? (IOS
 * `authorization address`.) Default: every peer with a phase-1 SA. */
typedef bool (*ks_authorize_fn)(const struct ks_group *g, const struct ike_sa *sa, void *arg);
void ks_set_authorizer(struct ks *ks, ks_authorize_fn fn, void *arg);

enum ks_pull_result {
	KS_PULL_REPLY,    /* out: message 2, message 4 or a retransmission */
	KS_PULL_NOTIFY,   /* out: an informational exchange with a Notify */
	KS_PULL_DROP,     /* nothing to send (counted, logged at debug level) */
};

struct ks_pull_out {
	uint8_t buf[PULL_MAX_MSG];
	size_t len;
};

enum ks_pull_result ks_pull_input(struct ks *ks, const struct ike_sa *sa, const uint8_t *msg,
				  size_t len, uint64_t now, struct ks_pull_out *out);

/* Drops exchanges that timed out and replay records whose phase-1 SA has
 * expired. Call about once a second. */
void ks_expire(struct ks *ks, uint64_t now);
/* The phase-1 SA is gone: forget its exchanges. */
void ks_forget_sa(struct ks *ks, const uint8_t icookie[IKE_COOKIE_LEN],
		  const uint8_t rcookie[IKE_COOKIE_LEN]);
size_t ks_pending(const struct ks *ks);   /* exchanges waiting for msg 3 */
const struct ks_stats *ks_stats(const struct ks *ks);

/* Test and policy-change hook: a new generation of keys for the group
 * (fresh TEKs and KEK, SEQ + 1); pending registrations restart. */
int ks_group_regenerate(struct ks *ks, struct ks_group *g, uint64_t now);

#endif
