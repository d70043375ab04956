/* Shared by the configuration command tables (cmd_*.c): help-string
 * literals and the check that the object a sub-mode edits still exists.
 * Internal to config-parser/. */
#ifndef GETVPND_CONFIG_CMD_H
#define GETVPND_CONFIG_CMD_H

#include "cli/command.h"
#include "config-parser/config.h"

#include <stdio.h>

#define HELP(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define NO_HELP "Negate a command or set its defaults"

/* The sub-mode object if it is still part of the configuration (another
 * session may have deleted it); otherwise an error is printed and NULL
 * returned. */
struct isakmp_policy *cmd_current_policy(struct cli_session *s, struct config *c);
struct transform_set *cmd_current_transform_set(struct cli_session *s, struct config *c);
struct ipsec_profile *cmd_current_profile(struct cli_session *s, struct config *c);
struct acl *cmd_current_acl(struct cli_session *s, struct config *c);
struct gdoi_group *cmd_current_group(struct cli_session *s, struct config *c);
/* sa ipsec mode: the SA and (optionally) its group. */
struct gdoi_sa_ipsec *cmd_current_sa(struct cli_session *s, struct config *c,
				     struct gdoi_group **group);
struct crypto_map_entry *cmd_current_map(struct cli_session *s, struct config *c);
struct config_interface *cmd_current_interface(struct cli_session *s, struct config *c);

/* Copies a name into a fixed field, refusing invalid or too long names. */
bool cmd_set_name(struct cli_session *s, char *dst, size_t size, const char *name,
		  const char *what);

extern const struct cli_command config_isakmp_commands[];
extern const struct cli_command config_ipsec_commands[];
extern const struct cli_command config_acl_commands[];
extern const struct cli_command config_gdoi_commands[];
extern const struct cli_command config_map_if_commands[];
extern const struct cli_command config_key_commands[];
extern const struct cli_command config_show_commands[];

#endif
