/* Interfaces as the configuration sees them: description, address and
 * the crypto map applied. */
#include "config-parser/crypto_map.h"

#include <stdlib.h>
#include <string.h>

bool valid_interface_name(const char *name)
{
	size_t len = name ? strlen(name) : 0;

	if (len == 0 || len >= IF_NAMESIZE || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return false;
	for (size_t i = 0; i < len; i++)
		if (name[i] == '/' || (unsigned char)name[i] <= ' ' || (unsigned char)name[i] >= 0x7f)
			return false;
	return true;
}

void interface_list_clear(struct config_interface_list *ifs)
{
	struct config_interface *iface;

	while ((iface = TAILQ_FIRST(ifs))) {
		TAILQ_REMOVE(ifs, iface, link);
		free(iface);
	}
}

struct config_interface *interface_find(const struct config_interface_list *ifs, const char *name)
{
	struct config_interface *iface;

	TAILQ_FOREACH(iface, ifs, link)
		if (strcmp(iface->name, name) == 0)
			return iface;
	return NULL;
}

struct config_interface *interface_get(struct config_interface_list *ifs, const char *name)
{
	struct config_interface *iface = interface_find(ifs, name);

	if (iface || !valid_interface_name(name))
		return iface;
	iface = calloc(1, sizeof(*iface));
	if (!iface)
		return NULL;
	snprintf(iface->name, sizeof(iface->name), "%s", name);
	TAILQ_INSERT_TAIL(ifs, iface, link);
	return iface;
}

bool interface_delete(struct config_interface_list *ifs, const char *name)
{
	struct config_interface *iface = interface_find(ifs, name);

	if (!iface)
		return false;
	TAILQ_REMOVE(ifs, iface, link);
	free(iface);
	return true;
}

void interface_write_config(FILE *out, const struct config_interface_list *ifs)
{
	const struct config_interface *iface;
	char a[16], m[16];
	bool first = true;

	TAILQ_FOREACH(iface, ifs, link) {
		write_block_separator(out, &first);
		fprintf(out, "interface %s\n", iface->name);
		if (iface->description[0])
			fprintf(out, " description %s\n", iface->description);
		if (iface->has_address)
			fprintf(out, " ip address %s %s\n", format_ipv4(iface->address, a, sizeof(a)),
				format_ipv4(iface->netmask, m, sizeof(m)));
		if (iface->crypto_map[0])
			fprintf(out, " crypto map %s\n", iface->crypto_map);
	}
}
