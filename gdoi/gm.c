/* Group member: its groups. The registration state machine is in
 * gm_register.c, the dataplane hand-over in gm_dataplane.c. */
#include "gdoi/gm_internal.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

struct gm *gm_new(void)
{
	return calloc(1, sizeof(struct gm));
}

static void group_free(struct gm *gm, struct gm_group *g)
{
	gm_dp_withdraw(gm, g);
	gp_wipe(&g->retired);
	gm_pull_free(g->pull);
	OPENSSL_cleanse(g, sizeof(*g));
	free(g);
}

void gm_free(struct gm *gm)
{
	if (!gm)
		return;
	for (size_t i = 0; i < gm->n_groups; i++)
		group_free(gm, gm->groups[i]);
	free(gm);
}

struct gm_group *gm_add_group(struct gm *gm, const struct gm_group_config *cfg, uint64_t now,
			      const char **why)
{
	struct gm_group *g;

	if (gm->n_groups >= GM_MAX_GROUPS)
		return *why = "too many groups", NULL;
	if (cfg->n_servers == 0 || cfg->n_servers > GM_MAX_SERVERS)
		return *why = "the group needs 1 to 8 `server address` entries", NULL;
	if (gm_group_by_name(gm, cfg->name))
		return *why = "a group with this name exists", NULL;
	g = calloc(1, sizeof(*g));
	if (!g)
		return *why = "out of memory", NULL;
	g->cfg = *cfg;
	g->state = GM_STATE_IDLE;
	g->next_attempt = now;
	g->dp_status = gm_dp_idle_status(gm);
	gm->groups[gm->n_groups++] = g;
	return g;
}

bool gm_remove_group(struct gm *gm, const char *name)
{
	for (size_t i = 0; i < gm->n_groups; i++) {
		if (strcmp(gm->groups[i]->cfg.name, name) != 0)
			continue;
		group_free(gm, gm->groups[i]);
		memmove(&gm->groups[i], &gm->groups[i + 1],
			(gm->n_groups - i - 1) * sizeof(gm->groups[0]));
		gm->n_groups--;
		return true;
	}
	return false;
}

struct gm_group *gm_group_by_name(const struct gm *gm, const char *name)
{
	for (size_t i = 0; i < gm->n_groups; i++)
		if (strcmp(gm->groups[i]->cfg.name, name) == 0)
			return gm->groups[i];
	return NULL;
}

size_t gm_group_count(const struct gm *gm)
{
	return gm->n_groups;
}

struct gm_group *gm_group_at(const struct gm *gm, size_t i)
{
	return i < gm->n_groups ? gm->groups[i] : NULL;
}

const char *gm_state_name(enum gm_state s)
{
	switch (s) {
	case GM_STATE_IDLE: return "Not registered";
	case GM_STATE_PHASE1: return "Registering (phase 1)";
	case GM_STATE_REGISTERING: return "Registering";
	case GM_STATE_REGISTERED: return "Registered";
	default: return "Unknown";
	}
}

const char *gm_dp_status_name(enum gm_dp_status s)
{
	switch (s) {
	case GM_DP_NOT_INSTALLED: return "dataplane not installed";
	case GM_DP_UNAVAILABLE: return "dataplane unavailable";
	case GM_DP_INSTALLED: return "installed";
	case GM_DP_ERROR: return "install failed";
	default: return "unknown";
	}
}
