/* `show crypto ipsec sa` (IOS layout) and `show crypto gdoi gm dataplane`
 * on a group member: what getvpnd's own XFRM states and policies in the
 * kernel say (counters included), arranged by the configuration's crypto
 * maps and the registered group policy. */
#ifndef GETVPND_DAEMON_IPSEC_SHOW_H
#define GETVPND_DAEMON_IPSEC_SHOW_H

#include "cli/command.h"
#include "xfrm/types.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct gdoi_service;

int ipsec_show_register(struct cli_tree *tree, struct gdoi_service *svc);

/* One named packet counter of getvpnd's nftables table. */
struct ipsec_counter {
	char name[64];
	uint64_t packets;
};

/* getvpnd's objects in the kernel at one moment (ipsec_show_kernel.c):
 * its states with an SPI (larval ones left out), its per host pair
 * outbound policies and the per ACL entry counters of its nftables
 * table (has_counters: the table could be listed). */
struct ipsec_snapshot {
	struct gv_xfrm_state *st;
	size_t n_st, cap_st;
	struct gv_xfrm_policy *pairs;
	size_t n_pairs, cap_pairs;
	struct ipsec_counter *ctr;
	size_t n_ctr, cap_ctr;
	bool has_counters;
};

/* The packets of counter name; false when the snapshot lacks it. */
bool ipsec_snapshot_counter(const struct ipsec_snapshot *snap, const char *name,
			    uint64_t *packets);

/* Whether this namespace can run the dataplane (probed once, then
 * remembered); false with the probe's reason. */
bool ipsec_dataplane_available(const char **reason);
/* 0, or -1 with a message in err. Free with ipsec_snapshot_free. */
int ipsec_snapshot_take(struct ipsec_snapshot *snap, char *err, size_t errlen);
void ipsec_snapshot_free(struct ipsec_snapshot *snap);

/* ipsec_show_pairs.c: `show crypto gdoi gm dataplane` from a snapshot. */
void ipsec_show_pairs(FILE *out, const struct ipsec_snapshot *snap, bool json);

#endif
