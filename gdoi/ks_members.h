/* The registered members of one key server group: a hash table keyed by
 * the member's IPv4 address (O(1) lookup, grows by doubling, sized for
 * 100k members and more). Each entry says when and over which phase-1 SA the
 * member registered and which rekey it last acknowledged. */
#ifndef GETVPND_GDOI_KS_MEMBERS_H
#define GETVPND_GDOI_KS_MEMBERS_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "gdoi/ike_sa.h"

struct ks_member {
	struct in_addr addr;            /* key of the table */
	time_t registered_at;           /* wall clock (show) */
	uint64_t registered_mono;       /* monotonic seconds */
	unsigned registrations;         /* successful registrations so far */
	uint8_t icookie[IKE_COOKIE_LEN], rcookie[IKE_COOKIE_LEN]; /* phase-1 SA used */
	uint32_t last_pull_msgid;       /* refuses a replayed GROUPKEY-PULL */
	uint32_t last_seq_sent;         /* rekey SEQ last sent to the member */
	uint32_t last_seq_acked;        /* rekey SEQ the member acknowledged */
	unsigned rekeys_sent, rekey_retries, acks_received, acks_missed;
	struct ks_member *next;         /* bucket chain (private) */
};

struct ks_member_table {
	struct ks_member **buckets;
	size_t n_buckets;               /* power of two */
	size_t count;
};

/* 0 on success, -1 on allocation failure. */
int ks_members_init(struct ks_member_table *t);
void ks_members_free(struct ks_member_table *t);

struct ks_member *ks_members_find(const struct ks_member_table *t, struct in_addr addr);
/* Existing entry for addr, or a new zeroed one (addr set); NULL when out of memory. */
struct ks_member *ks_members_get(struct ks_member_table *t, struct in_addr addr);
/* true if an entry was removed. */
bool ks_members_remove(struct ks_member_table *t, struct in_addr addr);
size_t ks_members_count(const struct ks_member_table *t);

/* Calls fn for every member in unspecified order; stop early by returning false. */
void ks_members_foreach(const struct ks_member_table *t,
			bool (*fn)(const struct ks_member *m, void *arg), void *arg);
/* The members sorted by address (for stable show output); caller frees the
 * array (not the entries). *n receives the count. NULL if none or no memory. */
const struct ks_member **ks_members_sorted(const struct ks_member_table *t, size_t *n);

#endif
