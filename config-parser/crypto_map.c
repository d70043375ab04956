/* Crypto maps: model and running-config. */
#include "config-parser/crypto_map.h"

#include <stdlib.h>
#include <string.h>

void crypto_map_list_clear(struct crypto_map_list *maps)
{
	struct crypto_map_entry *entry;

	while ((entry = TAILQ_FIRST(maps))) {
		TAILQ_REMOVE(maps, entry, link);
		free(entry);
	}
}

struct crypto_map_entry *crypto_map_find(const struct crypto_map_list *maps, const char *map,
					 unsigned seq)
{
	struct crypto_map_entry *entry;

	TAILQ_FOREACH(entry, maps, link)
		if (entry->seq == seq && strcmp(entry->map, map) == 0)
			return entry;
	return NULL;
}

bool crypto_map_exists(const struct crypto_map_list *maps, const char *map)
{
	struct crypto_map_entry *entry;

	TAILQ_FOREACH(entry, maps, link)
		if (strcmp(entry->map, map) == 0)
			return true;
	return false;
}

/* New entries go after the last entry of the same map with a lower seq,
 * so that each map's entries stay together and in seq order. */
struct crypto_map_entry *crypto_map_get(struct crypto_map_list *maps, const char *map,
					unsigned seq)
{
	struct crypto_map_entry *entry = crypto_map_find(maps, map, seq), *at, *after = NULL;

	if (entry || !valid_object_name(map))
		return entry;
	entry = calloc(1, sizeof(*entry));
	if (!entry)
		return NULL;
	snprintf(entry->map, sizeof(entry->map), "%s", map);
	entry->seq = seq;
	TAILQ_FOREACH(at, maps, link) {
		if (strcmp(at->map, map) != 0)
			continue;
		if (at->seq > seq) {
			TAILQ_INSERT_BEFORE(at, entry, link);
			return entry;
		}
		after = at;
	}
	if (after)
		TAILQ_INSERT_AFTER(maps, after, entry, link);
	else
		TAILQ_INSERT_TAIL(maps, entry, link);
	return entry;
}

bool crypto_map_delete(struct crypto_map_list *maps, const char *map, unsigned seq)
{
	struct crypto_map_entry *entry = crypto_map_find(maps, map, seq);

	if (!entry)
		return false;
	TAILQ_REMOVE(maps, entry, link);
	free(entry);
	return true;
}

unsigned crypto_map_delete_all(struct crypto_map_list *maps, const char *map)
{
	struct crypto_map_entry *entry, *next;
	unsigned n = 0;

	for (entry = TAILQ_FIRST(maps); entry; entry = next) {
		next = TAILQ_NEXT(entry, link);
		if (strcmp(entry->map, map) == 0) {
			TAILQ_REMOVE(maps, entry, link);
			free(entry);
			n++;
		}
	}
	return n;
}

void crypto_map_write_config(FILE *out, const struct crypto_map_list *maps)
{
	const struct crypto_map_entry *entry;
	bool first = true;

	TAILQ_FOREACH(entry, maps, link) {
		write_block_separator(out, &first);
		fprintf(out, "crypto map %s %u gdoi\n", entry->map, entry->seq);
		if (entry->group[0])
			fprintf(out, " set group %s\n", entry->group);
	}
}
