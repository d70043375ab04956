#include "gdoi/gm_config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

bool gm_config_is_member_group(const struct gdoi_group *group)
{
	return group->ks_address_count > 0;
}

/* The interface carrying a crypto map entry that sets this group. */
static const char *crypto_map_interface(const struct config *config, const char *group)
{
	const struct config_interface *ifc;

	TAILQ_FOREACH(ifc, &config->interfaces, link) {
		const struct crypto_map_entry *e;

		if (!ifc->crypto_map[0])
			continue;
		TAILQ_FOREACH(e, &config->crypto_maps, link)
			if (strcmp(e->map, ifc->crypto_map) == 0 && strcmp(e->group, group) == 0)
				return ifc->name;
	}
	return "";
}

bool gm_config_from_model(const struct config *config, const struct gdoi_group *group,
			  struct gm_group_config *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	if (!group->has_identity) {
		snprintf(err, errlen, "group %s has no identity number", group->name);
		return false;
	}
	if (group->ks_address_count == 0) {
		snprintf(err, errlen, "group %s has no `server address ipv4`", group->name);
		return false;
	}
	snprintf(out->name, sizeof(out->name), "%s", group->name);
	out->group_id = group->identity;
	for (unsigned i = 0; i < group->ks_address_count && i < GM_MAX_SERVERS; i++)
		out->servers[out->n_servers++].s_addr = htonl(group->ks_addresses[i]);
	snprintf(out->interface, sizeof(out->interface), "%s",
		 group->registration_if[0] ? group->registration_if :
		 crypto_map_interface(config, group->name));
	return true;
}
