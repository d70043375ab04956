/* The group member's private state, shared by gm.c, gm_register.c and
 * gm_dataplane.c. */
#ifndef GETVPND_GDOI_GM_INTERNAL_H
#define GETVPND_GDOI_GM_INTERNAL_H

#include "gdoi/gm.h"

struct gm {
	struct gm_group *groups[GM_MAX_GROUPS];
	size_t n_groups;
	struct gm_dataplane_ops dp;
	bool has_dp;
	bool dp_unavailable;     /* the kernel cannot run a dataplane */
};

/* "dataplane unavailable" or "dataplane not installed", as the case is. */
enum gm_dp_status gm_dp_idle_status(const struct gm *gm);

/* gm_dataplane.c */
/* Installs every SPI of the group's current policy (status shown). */
void gm_dp_install(struct gm *gm, struct gm_group *g);
/* Keeps the previous policy's SPIs that are gone until their lifetime ends. */
void gm_dp_retire(struct gm *gm, struct gm_group *g, const struct group_policy *old, uint64_t now);
/* Removes the retired SPIs now. */
void gm_dp_drop_retired(struct gm *gm, struct gm_group *g);
/* Removes everything installed for the group. */
void gm_dp_withdraw(struct gm *gm, struct gm_group *g);

#endif
