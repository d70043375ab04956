/* Pieces of a received GDOI SA that registration (GROUPKEY-PULL) and
 * rekey (GROUPKEY-PUSH) read by the same rules: traffic selectors and
 * SA TEKs. Implemented in pull_policy_parse.c. */
#ifndef GETVPND_GDOI_POLICY_WIRE_H
#define GETVPND_GDOI_POLICY_WIRE_H

#include <stdint.h>

#include "gdoi/group_policy.h"
#include "gdoi/wire.h"

/* IPv4 address or contiguous subnet on each side, else -1 with *why. */
int policy_selector_from_wire(uint8_t protocol, const struct wire_gdoi_id *src,
			      const struct wire_gdoi_id *dst, struct gp_selector *s,
			      const char **why);

/* One SA TEK, every attribute known and the transform one we can key;
 * the keys (key_len, integ_key_len 0) come later from a KD payload. */
int policy_tek_from_wire(const struct wire_tek *wt, struct gp_tek *t, const char **why);

#endif
