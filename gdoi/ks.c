/* The key server object: its groups, exchanges and counters. */
#include "gdoi/ks.h"
#include "gdoi/ks_internal.h"

#include <stdlib.h>
#include <string.h>

struct ks *ks_new(void)
{
	struct ks *ks = calloc(1, sizeof(*ks));

	if (!ks)
		return NULL;
	if (ksx_init(&ks->exchanges) < 0) {
		free(ks);
		return NULL;
	}
	ks->rx = malloc(sizeof(*ks->rx));
	ks->policy = calloc(1, sizeof(*ks->policy));
	if (!ks->rx || !ks->policy) {
		free(ks->rx);
		free(ks->policy);
		ksx_free(&ks->exchanges);
		free(ks);
		return NULL;
	}
	return ks;
}

void ks_free(struct ks *ks)
{
	if (!ks)
		return;
	for (size_t i = 0; i < ks->n_groups; i++)
		ks_group_free(ks->groups[i]);
	ksx_free(&ks->exchanges);
	OPENSSL_clear_free(ks->rx, sizeof(*ks->rx));
	OPENSSL_clear_free(ks->policy, sizeof(*ks->policy));
	free(ks);
}

/* SPIs are unique across the whole key server. */
static bool spi_taken(uint32_t spi, void *arg)
{
	const struct ks *ks = arg;

	for (size_t i = 0; i < ks->n_groups; i++)
		for (unsigned j = 0; j < ks->groups[i]->cfg.n_sa; j++)
			if (ks->groups[i]->sa_spi[j] == spi)
				return true;
	return false;
}

struct ks_group *ks_add_group(struct ks *ks, const struct ks_group_config *cfg, uint64_t now,
			      const char **why)
{
	struct ks_group *g;

	if (ks->n_groups >= KS_MAX_GROUPS)
		return *why = "too many groups", NULL;
	if (ks_group_by_name(ks, cfg->name) || ks_group_by_id(ks, cfg->group_id))
		return *why = "a group with this name or identity exists", NULL;
	g = ks_group_new(cfg, now, spi_taken, ks, why);
	if (g)
		ks->groups[ks->n_groups++] = g;
	return g;
}

bool ks_remove_group(struct ks *ks, const char *name)
{
	for (size_t i = 0; i < ks->n_groups; i++) {
		if (strcmp(ks->groups[i]->cfg.name, name) != 0)
			continue;
		ks_group_free(ks->groups[i]);
		memmove(&ks->groups[i], &ks->groups[i + 1],
			(ks->n_groups - i - 1) * sizeof(ks->groups[0]));
		ks->n_groups--;
		return true;
	}
	return false;
}

struct ks_group *ks_group_by_id(const struct ks *ks, uint32_t group_id)
{
	for (size_t i = 0; i < ks->n_groups; i++)
		if (ks->groups[i]->cfg.group_id == group_id)
			return ks->groups[i];
	return NULL;
}

struct ks_group *ks_group_by_name(const struct ks *ks, const char *name)
{
	for (size_t i = 0; i < ks->n_groups; i++)
		if (strcmp(ks->groups[i]->cfg.name, name) == 0)
			return ks->groups[i];
	return NULL;
}

size_t ks_group_count(const struct ks *ks)
{
	return ks->n_groups;
}

struct ks_group *ks_group_at(const struct ks *ks, size_t i)
{
	return i < ks->n_groups ? ks->groups[i] : NULL;
}

void ks_set_authorizer(struct ks *ks, ks_authorize_fn fn, void *arg)
{
	ks->authorize = fn;
	ks->authorize_arg = arg;
}

void ks_expire(struct ks *ks, uint64_t now)
{
	ksx_expire(&ks->exchanges, now);
}

void ks_forget_sa(struct ks *ks, const uint8_t icookie[IKE_COOKIE_LEN],
		  const uint8_t rcookie[IKE_COOKIE_LEN])
{
	ksx_forget_cookies(&ks->exchanges, icookie, rcookie);
}

size_t ks_pending(const struct ks *ks)
{
	return ks->exchanges.pending;
}

const struct ks_stats *ks_stats(const struct ks *ks)
{
	return &ks->stats;
}

int ks_group_regenerate(struct ks *ks, struct ks_group *g, uint64_t now)
{
	return ks_group_rekey_keys(g, now, spi_taken, ks);
}
