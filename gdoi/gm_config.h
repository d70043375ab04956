/* From the configuration model to a group member's plain group
 * configuration: `crypto gdoi group` with `identity number` and `server
 * address ipv4` entries (in order), the registration interface (`client
 * registration interface`, else the interface whose crypto map sets the
 * group). */
#ifndef GETVPND_GDOI_GM_CONFIG_H
#define GETVPND_GDOI_GM_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "config-parser/config.h"
#include "gdoi/gm.h"

/* false with a one-line reason in err when the group is not a usable
 * member group (no identity, no server address). */
bool gm_config_from_model(const struct config *config, const struct gdoi_group *group,
			  struct gm_group_config *out, char *err, size_t errlen);

/* Whether the group is configured as a member group (has server
 * addresses) / as a key server group (`server local`). */
bool gm_config_is_member_group(const struct gdoi_group *group);

#endif
