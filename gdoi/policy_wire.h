/* Pieces of a GDOI SA that registration (GROUPKEY-PULL) and rekey
 * (GROUPKEY-PUSH) read and write by the same rules: traffic selectors,
 * SA TEKs and the SA KEK attributes. Reading is in pull_policy_parse.c,
 * writing in pull_msg_build.c. */
#ifndef GETVPND_GDOI_POLICY_WIRE_H
#define GETVPND_GDOI_POLICY_WIRE_H

#include <stdbool.h>
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

/* One SA KEK, every attribute known, an algorithm and a signature we can
 * use; *ack_requested: the key server asks for rekey acknowledgements. A
 * rekey must carry the lifetime (require_lifetime); at registration RFC
 * 3547 peers may omit it and IOS's default applies. */
int policy_kek_from_wire(const struct wire_kek *wk, bool require_lifetime, struct gp_kek *k,
			 bool *ack_requested, const char **why);

/* SA KEK identities (their octets in sel: source, destination) and SPI
 * into wk, its attributes into attrs; the caller may add more and ends
 * with wire_attrs_from_writer(). */
void policy_kek_to_wire(const struct gp_kek *k, struct wire_kek *wk, uint8_t sel[2][8],
			struct wire_writer *attrs);

/* One SA TEK (identity octets in sel, attributes in abuf of alen octets);
 * 0, or -1 when the attributes do not fit. */
int policy_tek_to_wire(const struct gp_tek *t, struct wire_tek *wt, uint8_t sel[2][8],
		       uint8_t *abuf, size_t alen);

#endif
