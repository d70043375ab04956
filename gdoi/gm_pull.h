/* One GROUPKEY-PULL exchange as the group member (initiator) runs it,
 * sans-IO: gm_pull_start() gives message 1, gm_pull_input() takes the key
 * server's messages and gives message 3, then the complete policy. */
#ifndef GETVPND_GDOI_GM_PULL_H
#define GETVPND_GDOI_GM_PULL_H

#include <stddef.h>
#include <stdint.h>

#include "gdoi/group_policy.h"
#include "gdoi/ike_sa.h"

enum gm_pull_result {
	GM_PULL_SEND,     /* out: message 3 (or message 3 again) */
	GM_PULL_DONE,     /* *result: the policy with its keys, SEQ */
	GM_PULL_DROP,     /* not for this exchange, not authentic or malformed: ignored */
};

struct gm_pull;

/* Starts an exchange for group_id over sa (copied: the caller's SA may go
 * away). out receives message 1 (random message ID and nonce). NULL on
 * failure. wire_flags: WIRE_DEC_TEK_ID_LEN8 for RFC 3547 key servers. */
struct gm_pull *gm_pull_start(const struct ike_sa *sa, uint32_t group_id, unsigned wire_flags,
			      uint8_t *out, size_t cap, size_t *out_len);
enum gm_pull_result gm_pull_input(struct gm_pull *p, const uint8_t *msg, size_t len,
				  uint8_t *out, size_t cap, size_t *out_len,
				  struct group_policy *result, const char **why);
/* The last message sent, to retransmit it unchanged. */
const uint8_t *gm_pull_last_sent(const struct gm_pull *p, size_t *len);
uint32_t gm_pull_msgid(const struct gm_pull *p);
const struct ike_sa *gm_pull_sa(const struct gm_pull *p);
/* Wipes the nonces, IV, SA copy and partial policy. NULL is fine. */
void gm_pull_free(struct gm_pull *p);

#endif
