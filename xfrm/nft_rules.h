/* getvpnd's nftables table (libnftables): the group-SPI rewrite on the way in
 * and the source restore for forwarded hosts (unicast and multicast) on the
 * way out. */
#ifndef GETVPND_XFRM_NFT_RULES_H
#define GETVPND_XFRM_NFT_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "xfrm/types.h"

struct gv_nft;

struct gv_nft *gv_nft_new(void);
void gv_nft_free(struct gv_nft *nft);
const char *gv_nft_error(const struct gv_nft *nft);

/* Replaces any table of a previous run with a fresh one:
 *  prerouting (raw): ESP arriving on wan_ifname with an SPI in @spis gets its
 *    outer destination rewritten to anchor; packets from forwarded sources in
 *    @srcmark get their mark, so the per-pair policy for that source matches;
 *  forward: multicast from other interfaces leaving through wan_ifname is
 *    checked against the ACL's multicast lines (chain mcast, filled by
 *    gv_nft_mcast_line) and, when permitted, carries its source in the mark;
 *  postrouting: ESP carrying a mark of ours gets its source restored from
 *    @srcmap, ESP to a group carrying a source in the mark from @mcsrc.
 * Returns 0 or -1 (gv_nft_error). */
int gv_nft_table_create(struct gv_nft *nft, const char *wan_ifname, uint32_t anchor,
			uint32_t mark_base);
/* Removes the table if present (0 also when there was none). */
int gv_nft_table_remove(struct gv_nft *nft);
/* Whether the table exists (1), not (0), or error (-1). */
int gv_nft_table_exists(struct gv_nft *nft);

int gv_nft_spi_add(struct gv_nft *nft, uint32_t spi);
int gv_nft_spi_del(struct gv_nft *nft, uint32_t spi);
/* Forwarded source host addr (network order) <-> mark, both maps at once. */
int gv_nft_src_add(struct gv_nft *nft, uint32_t mark, uint32_t addr);
int gv_nft_src_del(struct gv_nft *nft, uint32_t mark, uint32_t addr);

/* Forwarded multicast leaving through wan_ifname (xfrm/group_mcast.c):
 * appends one ACL line to the forward rules (a permit line carries the
 * source address to postrouting in the mark, where it becomes the ESP
 * packet's source again), and adds groups the kernel encrypts (others'
 * packets to them that no permit line matched are dropped). 0 or -1. */
int gv_nft_mcast_line(struct gv_nft *nft, const struct gv_xfrm_sel *sel, int permit);
int gv_nft_mcast_groups_add(struct gv_nft *nft, uint32_t net, unsigned plen);

/* Per ACL line counters (the show command's encaps and decaps): appends
 * the line, in ACL order, to chains count_out (plaintext leaving through an
 * XFRM bundle) and count_in (decrypted packets); a permit line counts in
 * named counters (gv_nft_counter_name), a deny line stops the search. 0 or -1. */
int gv_nft_count_line(struct gv_nft *nft, const struct gv_xfrm_sel *sel, int permit);
/* The counter's name for a line (inbound: the decaps one). 0 or -1. */
int gv_nft_counter_name(char *out, size_t len, const struct gv_xfrm_sel *sel, int inbound);
/* Calls fn for each named counter of the table; -1 when the table cannot
 * be listed or fn returns -1. */
typedef int (*gv_nft_counter_fn)(const char *name, uint64_t packets, void *arg);
int gv_nft_counters_read(struct gv_nft *nft, gv_nft_counter_fn fn, void *arg);

/* The ruleset text gv_nft_table_create() loads (for tests). 0 or -1. */
int gv_nft_table_text(char *out, size_t len, const char *wan_ifname, uint32_t anchor,
		      uint32_t mark_base);

#endif
