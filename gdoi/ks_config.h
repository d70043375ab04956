/* From the configuration model to the key server's plain group
 * configuration: `crypto gdoi group` + `server local` + `sa ipsec N`
 * (profile -> first transform set -> ESP transform; ACL permit entries ->
 * TEK selectors) + `rekey ...` (KEK, with the RSA public key from the key
 * store). */
#ifndef GETVPND_GDOI_KS_CONFIG_H
#define GETVPND_GDOI_KS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "config-parser/config.h"
#include "gdoi/ks_group.h"

/* Fills out from the group named in the configuration. Returns false with
 * a one-line explanation in err when the group is not a complete key
 * server group (no identity, unknown profile/ACL/key, an ACL entry GDOI
 * cannot carry...). Deny entries are not distributed (skipped). */
bool ks_config_from_model(const struct config *config, const struct gdoi_group *group,
			  struct ks_group_config *out, char *err, size_t errlen);

/* One ACL rule as a TEK selector: protocol, address/mask per side, `eq`
 * port or any. false (with err) if GDOI cannot carry it. */
bool ks_selector_from_acl(const struct acl_entry *rule, struct gp_selector *out,
			  char *err, size_t errlen);

#endif
