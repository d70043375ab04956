/* Removing getvpnd's own XFRM objects and nftables table, and nothing else. */
#ifndef GETVPND_XFRM_CLEANUP_H
#define GETVPND_XFRM_CLEANUP_H

#include "xfrm/nl.h"

/* Deletes every state whose reqid and every policy whose priority is in
 * getvpnd's ranges (owner.h), in batches, then the nftables table.
 * Returns the number of objects removed, or -1 (message in nl->err). */
int gv_xfrm_remove_leftovers(struct gv_nl *nl);

#endif
