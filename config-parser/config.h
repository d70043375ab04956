/* The configuration model of getvpnd: everything `show running-config`
 * prints (except what the CLI engine owns, such as the hostname). The key
 * server, group member and dataplane read it; the command handlers in
 * config-parser/cmd_*.c are the only writers. */
#ifndef GETVPND_CONFIG_CONFIG_H
#define GETVPND_CONFIG_CONFIG_H

#include "config-parser/acl.h"
#include "config-parser/crypto_map.h"
#include "config-parser/gdoi_group.h"
#include "config-parser/ipsec.h"
#include "config-parser/isakmp.h"

#include <stdio.h>

struct keystore;

/* What changed, for the change hook: the key server rekeys its members when
 * a policy it distributes (ACL, profile, transform set, group) is edited. */
enum config_change {
	CONFIG_CHANGE_ISAKMP,
	CONFIG_CHANGE_TRANSFORM_SET,
	CONFIG_CHANGE_IPSEC_PROFILE,
	CONFIG_CHANGE_ACL,
	CONFIG_CHANGE_GDOI_GROUP,
	CONFIG_CHANGE_CRYPTO_MAP,
	CONFIG_CHANGE_INTERFACE,
	CONFIG_CHANGE_KEY,
};
/* name: the object edited (ACL name, group name...; "" for global items).
 * Called after the change is applied, also while a config file loads. */
typedef void (*config_change_fn)(enum config_change what, const char *name, void *arg);

struct config {
	struct isakmp_config isakmp;
	struct ipsec_config ipsec;
	struct acl_list acls;                /* in order of creation */
	struct gdoi_group_list groups;
	struct crypto_map_list crypto_maps;
	struct config_interface_list interfaces;
	struct keystore *keystore;           /* set by the daemon; may be NULL */
	config_change_fn on_change;
	void *on_change_arg;
};

struct config *config_new(void);
void config_free(struct config *config);
void config_set_change_hook(struct config *config, config_change_fn fn, void *arg);
void config_set_keystore(struct config *config, struct keystore *keystore);
/* Tells the hook (if any) that something changed. */
void config_changed(struct config *config, enum config_change what, const char *name);

/* ACL lookup and creation ("101" names numbered list 101). */
struct acl *config_acl_find(const struct config *config, const char *name);
struct acl *config_acl_get(struct config *config, const char *name);
bool config_acl_delete(struct config *config, const char *name);

/* running-config writers, one per block, in the cli_tree_register_writer
 * signature (ctx = struct config *). Objects are separated by "!"; the
 * engine adds the "!" after each writer's output. */
void config_write_isakmp(FILE *out, void *config);
void config_write_ipsec(FILE *out, void *config);
void config_write_gdoi(FILE *out, void *config);
void config_write_crypto_maps(FILE *out, void *config);
void config_write_interfaces(FILE *out, void *config);
void config_write_acls(FILE *out, void *config);

/* show ip access-lists [NAME]: NULL name = all. Returns false if NAME is unknown. */
bool config_show_acls(FILE *out, const struct config *config, const char *name);

#endif
