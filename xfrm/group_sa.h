/* The group member dataplane: one GDOI group's TEKs and ACL installed as
 * XFRM states/policies plus getvpnd's nftables table, with per host pair
 * outbound SAs created on demand (XFRM ACQUIRE). See linux-dataplane notes
 * in docs: outer addresses equal the inner ones, one SPI shared by the group.
 *
 * Typical use by the GM protocol code:
 *   gm = gv_gm_new();
 *   gv_gm_start(gm, &cfg);           after registration, with the policy
 *   gv_gm_add_tek(gm, &tek);         first TEK (active at once), and every rekey's new TEK
 *   gv_gm_activate_tek(gm, spi);     rekey: start sending with the new TEK
 *   event loop: gv_gm_events_fd(gm) readable -> gv_gm_process_events(gm)
 *   gv_gm_remove_tek(gm, old_spi);   when the old TEK's lifetime ends
 *   gv_gm_withdraw(gm); gv_gm_free(gm);   on stop / no crypto map / deregistration
 * Also: gv_gm_rtnl_fd()/gv_gm_process_rtnl() on the loop (bypass-lan follows
 * address changes) and gv_gm_reap_idle() on a timer. Before the first group,
 * the daemon runs gv_dataplane_probe() (xfrm/probe.h), removes a previous
 * run's leftovers (gv_xfrm_remove_leftovers, xfrm/cleanup.h) and exempts its
 * GDOI sockets (gv_socket_bypass_ipsec, xfrm/sock_bypass.h).
 * One group per network namespace (policy priorities are shared).
 */
#ifndef GETVPND_XFRM_GROUP_SA_H
#define GETVPND_XFRM_GROUP_SA_H

#include <net/if.h>
#include <stddef.h>
#include <stdint.h>

#include "xfrm/alg.h"
#include "xfrm/types.h"

/* One line of the group's ACL, written for traffic this GM sends (IOS
 * semantics); the inbound direction is the mirror image. */
struct gv_gm_acl_entry {
	int permit;			/* 0 = deny: never encrypted */
	struct gv_xfrm_sel sel;		/* ifindex ignored */
};

struct gv_gm_tek {
	uint32_t spi;
	struct gv_xfrm_keys keys;	/* fill with gv_keys_set() (length-checked) */
};

struct gv_gm_config {
	char ifname[IFNAMSIZ];		/* the interface carrying the crypto map */
	uint32_t anchor;		/* its primary IPv4 address (network order), 0 = look up */
	unsigned group_index;		/* 1..0xffff: reqid = GV_REQID_BASE + index */
	uint32_t mark_base;		/* 0 = GV_MARK_BASE_DEFAULT; low 16 bits name sources */
	const struct gv_gm_acl_entry *acl;
	size_t acl_len;			/* 1..GV_ACL_MAX */
};

/* A host pair with its own outbound policy and states. */
struct gv_gm_pair {
	uint32_t src, dst;		/* inner = outer addresses */
	uint32_t outer_src;		/* = src, or the anchor for forwarded sources */
	uint32_t mark;			/* output mark naming a forwarded source, 0 for local ones */
	int match_mark;			/* policy and state also match on mark: another forwarded
					 * source already has the unmarked pair to this destination */
	struct gv_xfrm_sel sel;
	/* Idle tracking: packets seen on its states at the last reap pass, and
	 * when that count last moved (the kernel's per-state use time is the
	 * first use, not the last). */
	uint64_t packets;
	int64_t active_at;
};

struct gv_gm;

struct gv_gm *gv_gm_new(void);
/* Frees (withdrawing first if still installed) and wipes key material. */
void gv_gm_free(struct gv_gm *gm);
/* The last error, e.g. "state add src 0.0.0.0 dst 192.0.2.1 spi 0x00001000 failed: ..." */
const char *gv_gm_error(const struct gv_gm *gm);

/* Installs the table, ACL policies (in, fwd, out triggers), the triggers
 * and forward rules for forwarded multicast (group_mcast.c), bypass-lan and
 * the fwd bypass for plaintext leaving the crypto-map interface; sets
 * xfrm_larval_drop to 0 (restored by withdraw). 0 or -1; after a failure,
 * gv_gm_withdraw() (or gv_gm_free()) removes whatever was installed. */
int gv_gm_start(struct gv_gm *gm, const struct gv_gm_config *cfg);

/* New TEK, ready to receive: inbound state and SPI set element. The first
 * TEK also becomes the active (sending) one. Up to 4 TEKs live at once. 0 or -1. */
int gv_gm_add_tek(struct gv_gm *gm, const struct gv_gm_tek *tek);
/* Send with this TEK from now on: every live pair gets a state for it (the
 * newest state wins in the kernel), and new pairs use it. Call after the
 * group has had the TEK for receiving (rekey rollover). 0 or -1. */
int gv_gm_activate_tek(struct gv_gm *gm, uint32_t spi);
/* Old TEK gone: its inbound state, SPI element and per-pair states. */
int gv_gm_remove_tek(struct gv_gm *gm, uint32_t spi);

/* Re-reads the addresses of the other interfaces and keeps the bypass-lan
 * policies in step. 0 or -1. */
int gv_gm_sync_bypass(struct gv_gm *gm);
/* An rtnetlink socket (IPv4 address changes) for the event loop; when it is
 * readable, gv_gm_process_rtnl() drains it and re-syncs bypass-lan. */
int gv_gm_rtnl_fd(const struct gv_gm *gm);
int gv_gm_process_rtnl(struct gv_gm *gm);

/* The XFRM event socket for the event loop, and its handler: installs the
 * per-pair policy/states for each ACQUIRE. Returns events handled, or -1
 * (after an event overrun it resyncs from a state dump itself). */
int gv_gm_events_fd(const struct gv_gm *gm);
int gv_gm_process_events(struct gv_gm *gm);

/* Installs the pair for a flow as an ACQUIRE would (also used on resync):
 * gv_gm_queue_pair() then gv_gm_commit_pairs(). 0 or -1. */
int gv_gm_install_pair(struct gv_gm *gm, const struct gv_xfrm_sel *flow, size_t acl_line);
/* What an ACQUIRE does: files the pair (a known one is re-installed, a
 * duplicate is harmless) and queues its policy and state in one netlink
 * batch shared by every pair queued until the commit; sends when full.
 * -1 for what fails at once (no TEK, ACL line, out of memory). */
int gv_gm_queue_pair(struct gv_gm *gm, const struct gv_xfrm_sel *flow, size_t acl_line);
/* Sends what is queued and checks each request's outcome: a pair whose policy
 * or state failed is logged with the kernel's reason and, if it was new,
 * removed again. gv_gm_process_events() commits after reading the pending
 * ACQUIREs; call it before any other use of the group's netlink socket.
 * Returns the number of pairs that failed. */
int gv_gm_commit_pairs(struct gv_gm *gm);

/* Removes pairs whose states carried no packet for idle_secs, judged over
 * successive calls (call it every idle_secs/2 or so). Returns the count. */
int gv_gm_reap_idle(struct gv_gm *gm, unsigned idle_secs);

size_t gv_gm_pair_count(const struct gv_gm *gm);
const struct gv_gm_pair *gv_gm_pair_at(const struct gv_gm *gm, size_t i);

/* Removes everything gv_gm_start/add_tek/pairs installed. 0, or -1 if some
 * object could not be removed (the others still are). */
int gv_gm_withdraw(struct gv_gm *gm);

#endif
