/* crypto map NAME SEQ gdoi / set group, and interface / description /
 * ip address / crypto map. */
#include "config-parser/cmd.h"

#include <arpa/inet.h>
#include <string.h>

static enum cli_result map_enter(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct config *c = ctx;
	const char *map = cli_arg_str(a, "mapname");
	unsigned seq = (unsigned)cli_arg_num(a, "seq", 0);

	if (!valid_object_name(map)) {
		cli_error(s, "%% Invalid crypto map name (1 to %d characters)", CONFIG_NAME_MAX);
		return CLI_ERROR;
	}
	struct crypto_map_entry *entry = crypto_map_find(&c->crypto_maps, map, seq);
	if (!entry && !cli_arg_has(a, "gdoi")) {
		cli_error(s, "%% A new crypto map entry needs its type: crypto map %s %u gdoi",
			  map, seq);
		return CLI_ERROR;
	}
	if (!entry)
		entry = crypto_map_get(&c->crypto_maps, map, seq);
	if (!entry) {
		cli_error(s, "%% Out of memory");
		return CLI_ERROR;
	}
	cli_session_enter(s, CLI_MODE_CRYPTO_MAP, entry);
	config_changed(c, CONFIG_CHANGE_CRYPTO_MAP, map);
	return CLI_OK;
}

static enum cli_result map_delete(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct config *c = ctx;
	const char *map = cli_arg_str(a, "mapname");
	bool done;

	if (cli_arg_has(a, "seq"))
		done = crypto_map_delete(&c->crypto_maps, map, (unsigned)cli_arg_num(a, "seq", 0));
	else
		done = crypto_map_delete_all(&c->crypto_maps, map) > 0;
	if (!done) {
		cli_error(s, "%% Crypto map %s does not exist", map);
		return CLI_ERROR;
	}
	config_changed(c, CONFIG_CHANGE_CRYPTO_MAP, map);
	return CLI_OK;
}

static enum cli_result map_set_group(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct crypto_map_entry *entry = cmd_current_map(s, ctx);

	if (!entry)
		return CLI_ERROR;
	if (cli_arg_has(a, "no"))
		entry->group[0] = '\0';
	else if (!cmd_set_name(s, entry->group, sizeof(entry->group), cli_arg_str(a, "groupname"),
			       "group"))
		return CLI_ERROR;
	config_changed(ctx, CONFIG_CHANGE_CRYPTO_MAP, entry->map);
	return CLI_OK;
}

static enum cli_result interface_enter(struct cli_session *s, const struct cli_args *a,
				       void *ctx)
{
	struct config *c = ctx;
	const char *name = cli_arg_str(a, "name");

	if (!valid_interface_name(name)) {
		cli_error(s, "%% Invalid interface name (a Linux name: 1 to 15 characters, no '/')");
		return CLI_ERROR;
	}
	if (cli_arg_has(a, "no")) {
		if (!interface_delete(&c->interfaces, name)) {
			cli_error(s, "%% Interface %s has no configuration", name);
			return CLI_ERROR;
		}
		config_changed(c, CONFIG_CHANGE_INTERFACE, name);
		return CLI_OK;
	}
	struct config_interface *iface = interface_get(&c->interfaces, name);
	if (!iface) {
		cli_error(s, "%% Out of memory");
		return CLI_ERROR;
	}
	cli_session_enter(s, CLI_MODE_CONFIG_IF, iface);
	return CLI_OK;
}

static enum cli_result if_description(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct config_interface *iface = cmd_current_interface(s, ctx);
	const char *text = cli_arg_str(a, "text");

	if (!iface)
		return CLI_ERROR;
	if (cli_arg_has(a, "no")) {
		iface->description[0] = '\0';
		return CLI_OK;
	}
	if (strlen(text) > INTERFACE_DESCRIPTION_MAX) {
		cli_error(s, "%% Description longer than %d characters", INTERFACE_DESCRIPTION_MAX);
		return CLI_ERROR;
	}
	snprintf(iface->description, sizeof(iface->description), "%s", text);
	return CLI_OK;
}

static enum cli_result if_address(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct config_interface *iface = cmd_current_interface(s, ctx);

	if (!iface)
		return CLI_ERROR;
	if (cli_arg_has(a, "no")) {
		iface->has_address = false;
		iface->address = iface->netmask = 0;
	} else {
		uint32_t addr = ntohl(cli_arg_ipv4(a, "addr").s_addr);
		uint32_t mask = ntohl(cli_arg_ipv4(a, "mask").s_addr);
		if (netmask_prefix_len(mask) <= 0) {
			cli_error(s, "%% Bad mask 0x%X for address %s", mask, cli_arg_str(a, "addr"));
			return CLI_ERROR;
		}
		iface->has_address = true;
		iface->address = addr;
		iface->netmask = mask;
	}
	config_changed(ctx, CONFIG_CHANGE_INTERFACE, iface->name);
	return CLI_OK;
}

static enum cli_result if_crypto_map(struct cli_session *s, const struct cli_args *a, void *ctx)
{
	struct config_interface *iface = cmd_current_interface(s, ctx);

	if (!iface)
		return CLI_ERROR;
	if (cli_arg_has(a, "no"))
		iface->crypto_map[0] = '\0';
	else if (!cmd_set_name(s, iface->crypto_map, sizeof(iface->crypto_map),
			       cli_arg_str(a, "mapname"), "crypto map"))
		return CLI_ERROR;
	config_changed(ctx, CONFIG_CHANGE_INTERFACE, iface->name);
	return CLI_OK;
}

const struct cli_command config_map_if_commands[] = {
	{ CLI_MODE_CONFIG, "crypto map WORD$mapname <1-65535>$seq [gdoi$gdoi]",
	  HELP("Encryption module", "Enter a crypto map", "Crypto map tag",
	       "Sequence to insert into crypto map entry", "Group Domain of Interpretation"),
	  map_enter, 0 },
	{ CLI_MODE_CONFIG, "no crypto map WORD$mapname [<1-65535>$seq [gdoi]]",
	  HELP(NO_HELP, "Encryption module", "Enter a crypto map", "Crypto map tag",
	       "Sequence to insert into crypto map entry", "Group Domain of Interpretation"),
	  map_delete, 0 },
	{ CLI_MODE_CRYPTO_MAP, "set group WORD$groupname",
	  HELP("Set values for encryption/decryption", "Set the GDOI group", "Group name"),
	  map_set_group, 0 },
	{ CLI_MODE_CRYPTO_MAP, "no set group [WORD$groupname]",
	  HELP(NO_HELP, "Set values for encryption/decryption", "Set the GDOI group", "Group name"),
	  map_set_group, 0 },
	{ CLI_MODE_CONFIG, "[no] interface WORD$name",
	  HELP(NO_HELP, "Select an interface to configure", "Linux interface name"),
	  interface_enter, 0 },
	{ CLI_MODE_CONFIG_IF, "description LINE$text",
	  HELP("Interface specific description", "Up to 240 characters describing this interface"),
	  if_description, 0 },
	{ CLI_MODE_CONFIG_IF, "no description [LINE$text]",
	  HELP(NO_HELP, "Interface specific description",
	       "Up to 240 characters describing this interface"), if_description, 0 },
	{ CLI_MODE_CONFIG_IF, "ip address A.B.C.D$addr A.B.C.D$mask",
	  HELP("Interface Internet Protocol config commands", "Set the IP address of an interface",
	       "IP address", "IP subnet mask"), if_address, 0 },
	{ CLI_MODE_CONFIG_IF, "no ip address [A.B.C.D$addr A.B.C.D$mask]",
	  HELP(NO_HELP, "Interface Internet Protocol config commands",
	       "Set the IP address of an interface", "IP address", "IP subnet mask"),
	  if_address, 0 },
	{ CLI_MODE_CONFIG_IF, "crypto map WORD$mapname",
	  HELP("Encryption/Decryption commands", "Assign a Crypto Map", "Crypto Map tag"),
	  if_crypto_map, 0 },
	{ CLI_MODE_CONFIG_IF, "no crypto map [WORD$mapname]",
	  HELP(NO_HELP, "Encryption/Decryption commands", "Assign a Crypto Map", "Crypto Map tag"),
	  if_crypto_map, 0 },
	{ .spec = NULL },
};
