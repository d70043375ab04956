/* One entry point for the daemon: every configuration table and writer. */
#include "config-parser/register.h"

#include "config-parser/cmd.h"
#include "crypto/keystore.h"
#include "log/log.h"

int config_register(struct cli_tree *tree, struct config *config)
{
	const struct cli_command *const tables[] = {
		config_isakmp_commands, config_ipsec_commands, config_acl_commands,
		config_gdoi_commands, config_map_if_commands, config_key_commands,
		config_show_commands,
	};

	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		if (cli_tree_register(tree, tables[i], config) != 0)
			return -1;
	cli_tree_register_writer(tree, CLI_ORDER_CRYPTO_ISAKMP, config_write_isakmp, config);
	cli_tree_register_writer(tree, CLI_ORDER_CRYPTO_IPSEC, config_write_ipsec, config);
	cli_tree_register_writer(tree, CLI_ORDER_CRYPTO_GDOI, config_write_gdoi, config);
	cli_tree_register_writer(tree, CLI_ORDER_CRYPTO_MAP, config_write_crypto_maps, config);
	cli_tree_register_writer(tree, CLI_ORDER_INTERFACE, config_write_interfaces, config);
	cli_tree_register_writer(tree, CLI_ORDER_ACCESS_LIST, config_write_acls, config);
	return 0;
}

struct config *config_setup(struct cli_tree *tree, const char *state_dir)
{
	struct config *config = config_new();
	char err[256] = "";

	if (!config)
		return NULL;
	config->keystore = state_dir ? keystore_open(state_dir, err, sizeof(err)) : NULL;
	if (state_dir && (!config->keystore || err[0]))
		log_event("CRYPTO_ENGINE", LOG_SEV_WARNING, "KEYSTORE", "RSA key store in %s: %s",
			  state_dir, err[0] ? err : "cannot be opened");
	if (config_register(tree, config) != 0) {
		config_teardown(config);
		return NULL;
	}
	return config;
}

void config_teardown(struct config *config)
{
	if (!config)
		return;
	keystore_free(config->keystore);
	config_free(config);
}
