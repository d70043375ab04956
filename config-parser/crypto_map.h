/* Crypto maps of type gdoi (`crypto map NAME SEQ gdoi` / `set group`) and
 * the interfaces they are applied to. */
#ifndef GETVPND_CONFIG_CRYPTO_MAP_H
#define GETVPND_CONFIG_CRYPTO_MAP_H

#include "config-parser/parse_util.h"

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/queue.h>

#define CRYPTO_MAP_SEQ_MAX 65535
#define INTERFACE_DESCRIPTION_MAX 240

struct crypto_map_entry {
	TAILQ_ENTRY(crypto_map_entry) link;
	char map[CONFIG_NAME_MAX + 1];
	unsigned seq;
	char group[CONFIG_NAME_MAX + 1];  /* "" = set group not given yet */
};
/* Sorted by map name in order of first appearance, then by seq. */
TAILQ_HEAD(crypto_map_list, crypto_map_entry);

struct config_interface {
	TAILQ_ENTRY(config_interface) link;
	char name[IF_NAMESIZE];                       /* a Linux interface name */
	char description[INTERFACE_DESCRIPTION_MAX + 1];
	bool has_address;
	uint32_t address, netmask;                    /* host byte order */
	char crypto_map[CONFIG_NAME_MAX + 1];         /* "" = none */
};
TAILQ_HEAD(config_interface_list, config_interface);

void crypto_map_list_clear(struct crypto_map_list *maps);
struct crypto_map_entry *crypto_map_find(const struct crypto_map_list *maps, const char *map,
					 unsigned seq);
struct crypto_map_entry *crypto_map_get(struct crypto_map_list *maps, const char *map,
					unsigned seq);
bool crypto_map_delete(struct crypto_map_list *maps, const char *map, unsigned seq);
/* Deletes every entry of the map; returns how many. */
unsigned crypto_map_delete_all(struct crypto_map_list *maps, const char *map);
bool crypto_map_exists(const struct crypto_map_list *maps, const char *map);
void crypto_map_write_config(FILE *out, const struct crypto_map_list *maps);

/* Linux interface names: 1-15 characters, no '/', no spaces, not "." or "..". */
bool valid_interface_name(const char *name);
void interface_list_clear(struct config_interface_list *ifs);
struct config_interface *interface_find(const struct config_interface_list *ifs, const char *name);
struct config_interface *interface_get(struct config_interface_list *ifs, const char *name);
bool interface_delete(struct config_interface_list *ifs, const char *name);
void interface_write_config(FILE *out, const struct config_interface_list *ifs);

#endif
