/* Group member dataplane: lifecycle, ACL policies and TEKs. */
#include "xfrm/group_int.h"
#include "xfrm/larval.h"
#include "xfrm/owner.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <openssl/crypto.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void gm_error(struct gv_gm *gm, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(gm->err, sizeof(gm->err), fmt, ap);
	va_end(ap);
}

int gm_policy_push(struct gm_policies *list, const struct gv_xfrm_policy *pol)
{
	if (list->n == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 16;
		void *v = realloc(list->v, cap * sizeof(*list->v));

		if (!v)
			return -1;
		list->v = v;
		list->cap = cap;
	}
	list->v[list->n++] = *pol;
	return 0;
}

struct gv_gm *gv_gm_new(void)
{
	struct gv_gm *gm = calloc(1, sizeof(*gm));

	if (gm)
		gm->larval_old = -1;
	return gm;
}

const char *gv_gm_error(const struct gv_gm *gm)
{
	return gm->err;
}

static int find_anchor(struct gv_gm *gm)
{
	struct ifaddrs *ifa, *i;

	gm->ifindex = (int)if_nametoindex(gm->cfg.ifname);
	if (!gm->ifindex) {
		gm_error(gm, "crypto map interface %s: %s", gm->cfg.ifname, strerror(errno));
		return -1;
	}
	if (gm->cfg.anchor) {
		gm->anchor = gm->cfg.anchor;
		return 0;
	}
	if (getifaddrs(&ifa) < 0) {
		gm_error(gm, "getifaddrs: %s", strerror(errno));
		return -1;
	}
	for (i = ifa; i && !gm->anchor; i = i->ifa_next)
		if (i->ifa_addr && i->ifa_addr->sa_family == AF_INET && strcmp(i->ifa_name, gm->cfg.ifname) == 0)
			gm->anchor = ((struct sockaddr_in *)(void *)i->ifa_addr)->sin_addr.s_addr;
	freeifaddrs(ifa);
	if (!gm->anchor) {
		gm_error(gm, "crypto map interface %s has no IPv4 address", gm->cfg.ifname);
		return -1;
	}
	return 0;
}

static void mirror(struct gv_xfrm_sel *out, const struct gv_xfrm_sel *in)
{
	*out = *in;
	out->src = in->dst;
	out->dst = in->src;
	out->src_plen = in->dst_plen;
	out->dst_plen = in->src_plen;
	out->sport = in->dport;
	out->dport = in->sport;
	out->ifindex = 0;
}

/* Policies for one ACL line: in and fwd (mirrored) must have been ESP, and an
 * out trigger whose transport template never resolves, so each new flow
 * raises its own ACQUIRE. Deny lines become bypasses at the same rank. */
static void queue_inbound(struct gv_gm *gm, struct gv_nl_batch *b, struct gv_xfrm_policy *p)
{
	static const enum gv_xfrm_dir inbound[] = { GV_DIR_IN, GV_DIR_FWD };

	for (size_t i = 0; i < 2; i++) {
		p->dir = inbound[i];
		gv_xfrm_batch_policy_add(b, p, 1);	/* symmetric lines repeat */
		gm_policy_push(&gm->base, p);
	}
}

/* Policies for one ACL line: arriving traffic matching the line or its
 * mirror image (replies; multicast to a group) must have been ESP, in and
 * fwd; an out trigger whose transport template never resolves, so each new
 * flow raises its own ACQUIRE. Deny lines become bypasses at the same rank. */
static void queue_acl_line(struct gv_gm *gm, struct gv_nl_batch *b, size_t line)
{
	const struct gv_gm_acl_entry *e = &gm->acl[line];
	struct gv_xfrm_policy p = { 0 };

	p.priority = GV_PRIO_ACL_IN + (uint32_t)line;
	p.has_tmpl = e->permit;
	p.tmpl.reqid = gm->reqid;
	p.tmpl.mode = GV_XFRM_TUNNEL;
	mirror(&p.sel, &e->sel);
	queue_inbound(gm, b, &p);
	p.sel = e->sel;
	p.sel.ifindex = 0;
	queue_inbound(gm, b, &p);
	p.dir = GV_DIR_OUT;
	p.priority = GV_PRIO_ACL_OUT + (uint32_t)line;
	p.tmpl.mode = GV_XFRM_TRANSPORT;
	gv_xfrm_batch_policy_add(b, &p, 1);
	gm_policy_push(&gm->base, &p);
}

/* The per ACL line packet counters `show crypto ipsec sa` reads. */
static int install_counters(struct gv_gm *gm)
{
	for (size_t i = 0; i < gm->cfg.acl_len; i++)
		if (gv_nft_count_line(gm->nft, &gm->acl[i].sel, gm->acl[i].permit) < 0) {
			gm_error(gm, "%s", gv_nft_error(gm->nft));
			return -1;
		}
	return 0;
}

static int install_policies(struct gv_gm *gm)
{
	struct gv_nl_batch *b = gv_nl_batch_new(&gm->nl, "ACL policy add");
	struct gv_xfrm_policy fwd_wan = { 0 };

	if (!b) {
		gm_error(gm, "out of memory");
		return -1;
	}
	/* Plaintext from the LAN on its way out of the crypto-map interface is
	 * checked against fwd policies too: let it pass. */
	fwd_wan.dir = GV_DIR_FWD;
	fwd_wan.sel.ifindex = gm->ifindex;
	fwd_wan.priority = GV_PRIO_FWD_WAN;
	gv_xfrm_batch_policy_add(b, &fwd_wan, 1);
	gm_policy_push(&gm->base, &fwd_wan);
	for (size_t i = 0; i < gm->cfg.acl_len; i++)
		queue_acl_line(gm, b, i);
	gm_mcast_queue_policies(gm, b);
	if (gv_nl_batch_finish(b) > 0) {
		gm_error(gm, "%s", gm->nl.err);
		return -1;
	}
	return 0;
}

static int check_config(struct gv_gm *gm, const struct gv_gm_config *cfg)
{
	if (gm->started) {
		gm_error(gm, "group dataplane already started");
		return -1;
	}
	if (cfg->group_index < 1 || cfg->group_index > 0xffff) {
		gm_error(gm, "group index %u out of range 1..65535", cfg->group_index);
		return -1;
	}
	if (!cfg->acl || cfg->acl_len == 0 || cfg->acl_len > GV_ACL_MAX) {
		gm_error(gm, "the group policy needs 1..%d ACL lines", GV_ACL_MAX);
		return -1;
	}
	return 0;
}

int gv_gm_start(struct gv_gm *gm, const struct gv_gm_config *cfg)
{
	struct gv_xfrm_event_handlers h = { .acquire = gm_on_acquire, .arg = gm };

	if (check_config(gm, cfg) < 0)
		return -1;
	gm->cfg = *cfg;
	gm->cfg.ifname[IFNAMSIZ - 1] = '\0';
	free(gm->acl);
	gm->acl = calloc(cfg->acl_len, sizeof(*gm->acl));
	if (!gm->acl) {
		gm_error(gm, "out of memory");
		return -1;
	}
	memcpy(gm->acl, cfg->acl, cfg->acl_len * sizeof(*gm->acl));
	gm->cfg.acl = gm->acl;
	gm->reqid = GV_REQID_BASE + cfg->group_index;
	gm->mark_base = (cfg->mark_base ? cfg->mark_base : GV_MARK_BASE_DEFAULT) & GV_MARK_MASK;
	if (find_anchor(gm) < 0)
		return -1;
	if (gv_xfrm_open(&gm->nl) < 0) {
		gm_error(gm, "%s", gm->nl.err);
		return -1;
	}
	gm->started = true;	/* from here on, withdraw undoes what was done */
	if (gv_xfrm_events_open(&gm->ev, &h) < 0) {
		gm_error(gm, "%s", gm->ev.nl.err);
		return -1;
	}
	gm->ev_open = true;
	gm->nft = gv_nft_new();
	if (!gm->nft || gv_nft_table_create(gm->nft, gm->cfg.ifname, gm->anchor, gm->mark_base) < 0) {
		gm_error(gm, "%s", gm->nft ? gv_nft_error(gm->nft) : "libnftables could not start");
		return -1;
	}
	gm->larval_old = gv_larval_drop_set(0);
	if (gm->larval_old < 0) {
		gm_error(gm, "net.core.xfrm_larval_drop: %s", strerror(-gm->larval_old));
		return -1;
	}
	if (gm_rtnl_open(gm) < 0)
		return -1;
	if (gm_mcast_install_rules(gm) < 0 || install_counters(gm) < 0)
		return -1;
	if (install_policies(gm) < 0 || gv_gm_sync_bypass(gm) < 0)
		return -1;
	return 0;
}

int gv_gm_events_fd(const struct gv_gm *gm)
{
	return gm->ev_open ? gv_xfrm_events_fd(&gm->ev) : -1;
}

int gv_gm_process_events(struct gv_gm *gm)
{
	int n = gv_xfrm_events_process(&gm->ev);

	if (n == -ENOBUFS)
		return gm_resync_acquires(gm);
	gv_gm_commit_pairs(gm);	/* the ACQUIREs just read: one batch for their pairs */
	if (n < 0) {
		gm_error(gm, "%s", gm->ev.nl.err);
		return -1;
	}
	return n;
}

int gv_gm_withdraw(struct gv_gm *gm)
{
	struct gv_nl_batch *b;
	int failed = 0;

	if (!gm->started)
		return 0;
	b = gv_nl_batch_new(&gm->nl, "withdraw");
	if (b) {
		gm_pairs_withdraw(gm, b);
		for (size_t i = 0; i < gm->n_teks; i++)
			gm_queue_tek_states(gm, b, &gm->teks[i]);
		for (size_t i = 0; i < gm->base.n; i++)
			gv_xfrm_batch_policy_delete(b, &gm->base.v[i].sel, gm->base.v[i].dir, NULL);
		gm_bypass_withdraw(gm, b);
		failed = gv_nl_batch_finish(b);
	} else {
		failed = 1;
	}
	if (gm->nft && gv_nft_table_remove(gm->nft) < 0)
		failed++;
	if (gm->larval_old >= 0)
		gv_larval_drop_set(gm->larval_old);
	if (failed)
		gm_error(gm, "withdraw: %d objects left: %s", failed, gm->nl.err);
	OPENSSL_cleanse(gm->teks, sizeof(gm->teks));
	gm->n_teks = 0;
	gm->active_spi = 0;
	gm_pairs_reset(gm);
	gm->n_pairs = gm->n_sources = 0;
	gm->base.n = gm->bypass_lan.n = 0;
	gm->larval_old = -1;
	if (gm->ev_open)
		gv_xfrm_events_close(&gm->ev);
	gm->ev_open = false;
	gv_nft_free(gm->nft);
	gm->nft = NULL;
	gv_nl_close(&gm->nl);
	gv_nl_close(&gm->rtnl);
	gm->started = false;
	return failed ? -1 : 0;
}

void gv_gm_free(struct gv_gm *gm)
{
	if (!gm)
		return;
	gv_gm_withdraw(gm);
	free(gm->acl);
	free(gm->pairs);
	free(gm->sources);
	free(gm->base.v);
	free(gm->bypass_lan.v);
	OPENSSL_cleanse(gm, sizeof(*gm));
	free(gm);
}
