/* The configuration as a whole: lifetime, change hook, ACL registry and
 * the running-config writers. */
#include "config-parser/config.h"

#include <stdlib.h>
#include <string.h>

struct config *config_new(void)
{
	struct config *config = calloc(1, sizeof(*config));

	if (!config)
		return NULL;
	isakmp_config_init(&config->isakmp);
	ipsec_config_init(&config->ipsec);
	TAILQ_INIT(&config->acls);
	TAILQ_INIT(&config->groups);
	TAILQ_INIT(&config->crypto_maps);
	TAILQ_INIT(&config->interfaces);
	return config;
}

void config_free(struct config *config)
{
	struct acl *acl;

	if (!config)
		return;
	isakmp_config_clear(&config->isakmp);
	ipsec_config_clear(&config->ipsec);
	while ((acl = TAILQ_FIRST(&config->acls))) {
		TAILQ_REMOVE(&config->acls, acl, link);
		acl_free(acl);
	}
	gdoi_group_list_clear(&config->groups);
	crypto_map_list_clear(&config->crypto_maps);
	interface_list_clear(&config->interfaces);
	free(config);
}

void config_set_change_hook(struct config *config, config_change_fn fn, void *arg)
{
	config->on_change = fn;
	config->on_change_arg = arg;
}

void config_set_keystore(struct config *config, struct keystore *keystore)
{
	config->keystore = keystore;
}

void config_changed(struct config *config, enum config_change what, const char *name)
{
	if (config->on_change)
		config->on_change(what, name ? name : "", config->on_change_arg);
}

struct acl *config_acl_find(const struct config *config, const char *name)
{
	return acl_find(&config->acls, name);
}

struct acl *config_acl_get(struct config *config, const char *name)
{
	struct acl *acl = acl_find(&config->acls, name);

	if (acl || !valid_object_name(name))
		return acl;
	acl = acl_new(name);
	if (acl)
		TAILQ_INSERT_TAIL(&config->acls, acl, link);
	return acl;
}

bool config_acl_delete(struct config *config, const char *name)
{
	struct acl *acl = acl_find(&config->acls, name);

	if (!acl)
		return false;
	TAILQ_REMOVE(&config->acls, acl, link);
	acl_free(acl);
	return true;
}

void config_write_isakmp(FILE *out, void *ctx)
{
	isakmp_write_config(out, &((struct config *)ctx)->isakmp);
}

void config_write_ipsec(FILE *out, void *ctx)
{
	ipsec_write_config(out, &((struct config *)ctx)->ipsec);
}

void config_write_gdoi(FILE *out, void *ctx)
{
	gdoi_write_config(out, &((struct config *)ctx)->groups);
}

void config_write_crypto_maps(FILE *out, void *ctx)
{
	crypto_map_write_config(out, &((struct config *)ctx)->crypto_maps);
}

void config_write_interfaces(FILE *out, void *ctx)
{
	interface_write_config(out, &((struct config *)ctx)->interfaces);
}

/* Named lists as blocks, then numbered ones as access-list lines (IOS). */
void config_write_acls(FILE *out, void *ctx)
{
	const struct config *config = ctx;
	const struct acl *acl;
	const struct acl_entry *entry;
	char text[256];
	bool first = true, numbered = false;

	TAILQ_FOREACH(acl, &config->acls, link) {
		if (acl->numbered)
			continue;
		write_block_separator(out, &first);
		fprintf(out, "ip access-list extended %s\n", acl->name);
		TAILQ_FOREACH(entry, &acl->entries, link) {
			acl_entry_format(entry, text, sizeof(text));
			fprintf(out, " %s\n", text);
		}
	}
	for (unsigned long number = 100; number <= 199; number++) {
		char name[8];
		snprintf(name, sizeof(name), "%lu", number);
		acl = acl_find(&config->acls, name);
		if (!acl)
			continue;
		TAILQ_FOREACH(entry, &acl->entries, link) {
			if (!numbered)
				write_block_separator(out, &first);
			numbered = true;
			acl_entry_format(entry, text, sizeof(text));
			fprintf(out, "access-list %lu %s\n", number, text);
		}
	}
}

static void show_acl(FILE *out, const struct acl *acl)
{
	const struct acl_entry *entry;
	char text[256];

	fprintf(out, "Extended IP access list %s\n", acl->name);
	TAILQ_FOREACH(entry, &acl->entries, link) {
		if (entry->kind != ACL_ENTRY_RULE)
			continue;
		acl_entry_format(entry, text, sizeof(text));
		fprintf(out, "    %u %s\n", entry->seq, text);
	}
}

bool config_show_acls(FILE *out, const struct config *config, const char *name)
{
	const struct acl *acl;

	if (name) {
		acl = acl_find(&config->acls, name);
		if (acl)
			show_acl(out, acl);
		return acl != NULL;
	}
	TAILQ_FOREACH(acl, &config->acls, link)
		show_acl(out, acl);
	return true;
}
