/* bypass-lan: destinations on the other interfaces' connected prefixes are
 * never encrypted (decrypted traffic forwarded to a LAN must not hit the
 * out triggers). Kept in step with the interface addresses. */
#include "xfrm/group_int.h"
#include "xfrm/owner.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/rtnetlink.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

static unsigned mask_len(uint32_t mask)
{
	return (unsigned)__builtin_popcount(mask);
}

static void bypass_policy(struct gv_xfrm_policy *p, uint32_t net, unsigned plen)
{
	memset(p, 0, sizeof(*p));
	p->dir = GV_DIR_OUT;
	p->priority = GV_PRIO_BYPASS_LAN;
	p->sel.dst = net;
	p->sel.dst_plen = (uint8_t)plen;
}

static bool listed(const struct gm_policies *l, const struct gv_xfrm_policy *p)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].sel.dst == p->sel.dst && l->v[i].sel.dst_plen == p->sel.dst_plen)
			return true;
	return false;
}

/* The connected prefixes of every interface but the crypto-map one. */
static int wanted_prefixes(struct gv_gm *gm, struct gm_policies *out)
{
	struct ifaddrs *ifa, *i;
	struct gv_xfrm_policy p;

	if (getifaddrs(&ifa) < 0) {
		gm_error(gm, "getifaddrs: %s", strerror(errno));
		return -1;
	}
	for (i = ifa; i; i = i->ifa_next) {
		uint32_t addr, mask;

		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET || !i->ifa_netmask ||
		    strcmp(i->ifa_name, gm->cfg.ifname) == 0)
			continue;
		addr = ((struct sockaddr_in *)(void *)i->ifa_addr)->sin_addr.s_addr;
		mask = ((struct sockaddr_in *)(void *)i->ifa_netmask)->sin_addr.s_addr;
		bypass_policy(&p, addr & mask, mask_len(mask));
		if (!listed(out, &p) && gm_policy_push(out, &p) < 0) {
			freeifaddrs(ifa);
			return -1;
		}
	}
	freeifaddrs(ifa);
	return 0;
}

int gv_gm_sync_bypass(struct gv_gm *gm)
{
	struct gm_policies want = { 0 };
	struct gv_nl_batch *b;
	int failed;

	if (wanted_prefixes(gm, &want) < 0 || !(b = gv_nl_batch_new(&gm->nl, "bypass-lan policy"))) {
		free(want.v);
		return -1;
	}
	for (size_t i = 0; i < gm->bypass_lan.n; i++)
		if (!listed(&want, &gm->bypass_lan.v[i]))
			gv_xfrm_batch_policy_delete(b, &gm->bypass_lan.v[i].sel, GV_DIR_OUT, NULL);
	for (size_t i = 0; i < want.n; i++)
		if (!listed(&gm->bypass_lan, &want.v[i]))
			gv_xfrm_batch_policy_add(b, &want.v[i], 1);
	failed = gv_nl_batch_finish(b);
	free(gm->bypass_lan.v);
	gm->bypass_lan = want;
	if (failed) {
		gm_error(gm, "%s", gm->nl.err);
		return -1;
	}
	return 0;
}

int gm_rtnl_open(struct gv_gm *gm)
{
	int fd;

	if (gv_nl_open(&gm->rtnl, NETLINK_ROUTE, RTMGRP_IPV4_IFADDR) < 0) {
		gm_error(gm, "%s", gm->rtnl.err);
		return -1;
	}
	fd = gv_nl_fd(&gm->rtnl);
	return fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0 ? -1 : 0;
}

int gv_gm_rtnl_fd(const struct gv_gm *gm)
{
	return gv_nl_fd(&gm->rtnl);
}

int gv_gm_process_rtnl(struct gv_gm *gm)
{
	char buf[MNL_SOCKET_BUFFER_SIZE] GV_NL_RECV_ALIGNED;
	int changes = 0;

	/* The messages only say that something changed: re-read everything. */
	while (mnl_socket_recvfrom(gm->rtnl.sock, buf, sizeof(buf)) > 0 || errno == ENOBUFS)
		changes++;
	if (changes == 0)
		return 0;
	return gv_gm_sync_bypass(gm) < 0 ? -1 : changes;
}

int gm_bypass_withdraw(struct gv_gm *gm, struct gv_nl_batch *b)
{
	for (size_t i = 0; i < gm->bypass_lan.n; i++)
		gv_xfrm_batch_policy_delete(b, &gm->bypass_lan.v[i].sel, GV_DIR_OUT, NULL);
	gm->bypass_lan.n = 0;
	return 0;
}
