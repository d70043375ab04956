/* net.core.xfrm_larval_drop for this namespace: 0 holds a new flow's first
 * packets while the per-pair state is installed instead of dropping them. */
#ifndef GETVPND_XFRM_LARVAL_H
#define GETVPND_XFRM_LARVAL_H

/* Sets the value and returns the previous one (0/1), or -errno. */
int gv_larval_drop_set(int value);

#endif
