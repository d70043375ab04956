/* Host pairs for flows waiting on larval states (resync.h). */
#include "xfrm/resync.h"
#include "xfrm/group_int.h"

#include <stdlib.h>

#define RESYNC_MAX_FLOWS 1024

struct waiting {
	uint32_t reqid;
	struct gv_xfrm_sel *flows;
	size_t n;
};

static int collect(const struct gv_xfrm_state *st, void *arg)
{
	struct waiting *w = arg;

	if (st->reqid == w->reqid && st->spi == 0 && w->n < RESYNC_MAX_FLOWS)
		w->flows[w->n++] = st->sel;
	return 0;
}

int gv_gm_resync_pairs(struct gv_gm *gm)
{
	struct waiting w = { gm->reqid, calloc(RESYNC_MAX_FLOWS, sizeof(*w.flows)), 0 };
	int installed = 0;

	if (!w.flows) {
		gm_error(gm, "resync: out of memory");
		return -1;
	}
	if (!gm->started || !gm_active_tek(gm)) {
		free(w.flows);
		return 0;
	}
	if (gv_xfrm_state_dump(&gm->nl, collect, &w) < 0) {
		gm_error(gm, "resync: %s", gm->nl.err);
		free(w.flows);
		return -1;
	}
	for (size_t i = 0; i < w.n; i++) {
		int line = gm_acl_line_for(gm, &w.flows[i]);

		if (line >= 0 && gv_gm_install_pair(gm, &w.flows[i], (size_t)line) == 0)
			installed++;
	}
	free(w.flows);
	return installed;
}
