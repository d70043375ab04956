/* Rekey processing on a group member, as data: the KEK and KS public key
 * from registration, the last accepted SEQ, counters for `show crypto
 * gdoi gm`, what to send back and when to register again. No sockets,
 * no timers: the caller passes datagrams and the monotonic time. */
#ifndef GETVPND_GDOI_PUSH_GM_H
#define GETVPND_GDOI_PUSH_GM_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "gdoi/group_policy.h"
#include "gdoi/push_ack.h"
#include "gdoi/push_msg.h"
#include "gdoi/rekey_kek.h"

/* Seconds before the last TEK expires at which a member that received no
 * replacement registers again (IOS re-registers shortly before expiry). */
#define PUSH_GM_REREGISTER_LEAD_S 60

struct push_gm_counters {
	uint64_t accepted;
	uint64_t rejected[PUSH_E__MAX];  /* by enum push_reject */
	uint64_t acks_sent;
};

struct push_gm {
	struct rekey_kek kek;            /* KEK that protects the next PUSH */
	EVP_PKEY *ks_pub;                /* owned; from SIG_ALGORITHM_KEY */
	uint32_t last_seq;               /* highest accepted SEQ */
	struct in_addr self;             /* registration address (ack ID) */
	unsigned wire_flags;             /* WIRE_DEC_TEK_ID_LEN8 for RFC 3547 servers */
	struct push_gm_counters ctr;
};

/* After a registration: gp is the registered policy (KEK present, SEQ
 * from message 4), kd_key the KEK_ALGORITHM_KEY as received (NULL = the
 * bare key in gp). Counters are kept across calls (zero them once).
 * 0 ok, -1 no/unsupported KEK or KS public key (the group has no rekey). */
int push_gm_start(struct push_gm *gm, const struct group_policy *gp, const uint8_t *kd_key,
		  size_t kd_key_len, struct in_addr self, unsigned wire_flags);
/* Wipes the KEK, frees the key; counters stay. */
void push_gm_stop(struct push_gm *gm);

/* Why the member must register again; NONE = it need not. */
enum push_rereg {
	PUSH_REREG_NONE = 0,
	PUSH_REREG_KEK_EXPIRED,     /* KEK lifetime over and no rekey replaced it */
	PUSH_REREG_TEK_EXPIRING,    /* last TEK about to expire, no replacement */
	PUSH_REREG_DELETED,         /* a rekey deleted the KEK or every TEK */
	PUSH_REREG_REMOVED,         /* the KS removed the member (told out of band) */
	PUSH_REREG_CLEARED,         /* `clear crypto gdoi` */
};
const char *push_rereg_name(enum push_rereg r);

struct push_gm_result {
	enum push_reject verdict;
	const char *why;            /* on rejection */
	bool kek_replaced;          /* a new KEK is current from now on */
	uint8_t ack[PUSH_ACK_MAX_LEN]; /* to send to the KS when ack_len > 0 */
	size_t ack_len;
	enum push_rereg rereg;      /* PUSH_REREG_DELETED when the rekey removes all */
};

/* One received datagram. On PUSH_OK: rx holds the SEQ, the new TEKs/KEK
 * (rx->update) and the deletions; the member's SEQ and (if the SA KEK
 * has a new SPI) KEK and KS key have moved on; res->ack is built with the
 * KEK that protected the message when the KS asked for one. Otherwise
 * the member is unchanged and the reason counted. */
void push_gm_receive(struct push_gm *gm, const uint8_t *dgram, size_t len, struct push_rx *rx,
		     struct push_gm_result *res);

/* The member's policy after an accepted rekey: TEKs of the update
 * replace those with the same SPI or are added; deleted SPIs leave; the
 * KEK is replaced when the update carries one; SEQ moves. Kept TEKs keep
 * their lifetimes (the caller times them). When more than GP_MAX_TEKS
 * remain, the oldest go first. Returns PUSH_REREG_DELETED when no TEK or
 * no KEK remains, else NONE. */
enum push_rereg push_gm_apply(struct group_policy *gp, const struct push_rx *rx);

/* Timers of the member's keys, monotonic seconds. */
struct push_gm_clock {
	uint64_t kek_expires;       /* when the current KEK's lifetime ends */
	uint64_t last_tek_expires;  /* latest expiry among the installed TEKs */
};
/* Whether the member must register again now (KEK or TEK timers). */
enum push_rereg push_gm_reregister_due(const struct push_gm_clock *c, uint64_t now,
				       uint32_t lead_s);

#endif
