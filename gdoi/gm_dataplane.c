/* Group member: handing the group SAs to the dataplane (gm_dataplane.h). */
#include "gdoi/gm_internal.h"

#include <string.h>

#include "log/log.h"

/* The first TEK of each SPI stands for the group SA (the others with the
 * same SPI only add selectors, all visible in the policy). */
static bool first_of_spi(const struct group_policy *gp, unsigned i)
{
	return gp_find_tek_const(gp, gp->teks[i].spi) == &gp->teks[i];
}

/* Removes the SPIs of gp that are not in keep (NULL: all of them). */
static void remove_spis(struct gm *gm, const struct group_policy *gp, const struct group_policy *keep)
{
	for (unsigned i = 0; i < gp->n_teks; i++)
		if (first_of_spi(gp, i) && (!keep || !gp_find_tek_const(keep, gp->teks[i].spi)))
			gm->dp.remove_group_sa(gm->dp.ctx, gp, &gp->teks[i]);
}

/* The retired SPIs' lifetime ended (or the group goes away). */
void gm_dp_drop_retired(struct gm *gm, struct gm_group *g)
{
	if (g->has_retired && gm->has_dp)
		remove_spis(gm, &g->retired, g->registered_once ? &g->policy : NULL);
	g->has_retired = false;
	gp_wipe(&g->retired);
}

void gm_dp_withdraw(struct gm *gm, struct gm_group *g)
{
	if (!gm->has_dp || !g->registered_once || g->dp_status != GM_DP_INSTALLED)
		return;
	gm_dp_drop_retired(gm, g);
	remove_spis(gm, &g->policy, NULL);
}

/* Keeps the previous policy's SPIs that are gone from the new one until
 * their remaining lifetime ends. */
void gm_dp_retire(struct gm *gm, struct gm_group *g, const struct group_policy *old, uint64_t now)
{
	uint64_t until = now;

	gm_dp_drop_retired(gm, g);
	for (unsigned i = 0; i < old->n_teks; i++)
		if (!gp_find_tek_const(&g->policy, old->teks[i].spi) &&
		    g->registered_at + old->teks[i].lifetime_s > until)
			until = g->registered_at + old->teks[i].lifetime_s;
	g->retired = *old;
	gp_wipe_keys(&g->retired);
	g->retired_until = until;
	g->has_retired = true;
}

/* Installs every SPI of the current policy (the previous policy's SPIs
 * stay, see gm_dp_retire()). */
void gm_dp_install(struct gm *gm, struct gm_group *g)
{
	int err = 0;

	if (!gm->has_dp) {
		g->dp_status = gm_dp_idle_status(gm);
		return;
	}
	for (unsigned i = 0; i < g->policy.n_teks; i++) {
		int rc;

		if (!first_of_spi(&g->policy, i))
			continue;
		rc = gm->dp.install_group_sa(gm->dp.ctx, &g->policy, &g->policy.teks[i]);
		if (rc < 0 && !err)
			err = rc;
	}
	g->dp_status = err ? GM_DP_ERROR : GM_DP_INSTALLED;
	g->dp_error = err;
	if (err)
		log_event("GDOI", LOG_SEV_ERR, "GM_DATAPLANE_FAIL",
			  "Installing the group SAs of group %s failed: %s", g->cfg.name,
			  strerror(-err));
}

void gm_set_dataplane(struct gm *gm, const struct gm_dataplane_ops *ops)
{
	if (ops) {
		gm->dp = *ops;
		gm->has_dp = ops->install_group_sa && ops->remove_group_sa;
	} else {
		gm->has_dp = false;
	}
	for (size_t i = 0; i < gm->n_groups; i++)
		if (gm->groups[i]->registered_once)
			gm_dp_install(gm, gm->groups[i]);
}

enum gm_dp_status gm_dp_idle_status(const struct gm *gm)
{
	return gm->dp_unavailable ? GM_DP_UNAVAILABLE : GM_DP_NOT_INSTALLED;
}

void gm_set_dataplane_unavailable(struct gm *gm, bool unavailable)
{
	gm->dp_unavailable = unavailable;
	for (size_t i = 0; i < gm->n_groups; i++)
		if (!gm->has_dp)
			gm->groups[i]->dp_status = gm_dp_idle_status(gm);
}

bool gm_has_dataplane(const struct gm *gm)
{
	return gm->has_dp;
}
