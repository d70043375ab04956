/* Helpers of the configuration command handlers. */
#include "config-parser/cmd.h"

#include <string.h>

static void gone(struct cli_session *s, const char *what)
{
	cli_error(s, "%% The %s being edited no longer exists", what);
}

/* Returns obj from the enclosing function if it is still on list. */
#define RETURN_IF_LISTED(obj, list, type) do {                            \
	type *it_;                                                        \
	TAILQ_FOREACH(it_, list, link)                                    \
		if (it_ == (obj))                                         \
			return (obj);                                     \
} while (0)

struct isakmp_policy *cmd_current_policy(struct cli_session *s, struct config *c)
{
	struct isakmp_policy *obj = cli_session_ctx(s);

	RETURN_IF_LISTED(obj, &c->isakmp.policies, struct isakmp_policy);
	gone(s, "ISAKMP policy");
	return NULL;
}

struct transform_set *cmd_current_transform_set(struct cli_session *s, struct config *c)
{
	struct transform_set *obj = cli_session_ctx(s);

	RETURN_IF_LISTED(obj, &c->ipsec.transform_sets, struct transform_set);
	gone(s, "transform set");
	return NULL;
}

struct ipsec_profile *cmd_current_profile(struct cli_session *s, struct config *c)
{
	struct ipsec_profile *obj = cli_session_ctx(s);

	RETURN_IF_LISTED(obj, &c->ipsec.profiles, struct ipsec_profile);
	gone(s, "IPsec profile");
	return NULL;
}

struct acl *cmd_current_acl(struct cli_session *s, struct config *c)
{
	struct acl *obj = cli_session_ctx(s);

	RETURN_IF_LISTED(obj, &c->acls, struct acl);
	gone(s, "access list");
	return NULL;
}

struct gdoi_group *cmd_current_group(struct cli_session *s, struct config *c)
{
	struct gdoi_group *obj = cli_session_ctx(s);

	RETURN_IF_LISTED(obj, &c->groups, struct gdoi_group);
	gone(s, "GDOI group");
	return NULL;
}

struct gdoi_sa_ipsec *cmd_current_sa(struct cli_session *s, struct config *c,
				     struct gdoi_group **group)
{
	struct gdoi_sa_ipsec *obj = cli_session_ctx(s), *sa;
	struct gdoi_group *g;

	TAILQ_FOREACH(g, &c->groups, link) {
		TAILQ_FOREACH(sa, &g->ks.sas, link) {
			if (sa == obj) {
				if (group)
					*group = g;
				return sa;
			}
		}
	}
	gone(s, "SA policy");
	return NULL;
}

struct crypto_map_entry *cmd_current_map(struct cli_session *s, struct config *c)
{
	struct crypto_map_entry *obj = cli_session_ctx(s);

	RETURN_IF_LISTED(obj, &c->crypto_maps, struct crypto_map_entry);
	gone(s, "crypto map entry");
	return NULL;
}

struct config_interface *cmd_current_interface(struct cli_session *s, struct config *c)
{
	struct config_interface *obj = cli_session_ctx(s);

	RETURN_IF_LISTED(obj, &c->interfaces, struct config_interface);
	gone(s, "interface");
	return NULL;
}

bool cmd_set_name(struct cli_session *s, char *dst, size_t size, const char *name,
		  const char *what)
{
	if (!valid_object_name(name) || strlen(name) >= size) {
		cli_error(s, "%% Invalid %s name (1 to %d characters)", what, CONFIG_NAME_MAX);
		return false;
	}
	snprintf(dst, size, "%s", name);
	return true;
}
