/* XFRM multicast events: ACQUIRE (a flow needs a state), EXPIRE, POLEXPIRE. */
#include "xfrm/events.h"
#include "xfrm/fault_knobs.h"
#include "xfrm/msg.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/xfrm.h>
#include <string.h>

#define GROUP_BIT(g) (1u << ((g) - 1))
#define GV_EVENTS_RCVBUF (8 * 1024 * 1024)
#define GV_EVENTS_PER_CALL 1024

int gv_xfrm_events_open(struct gv_xfrm_events *ev, const struct gv_xfrm_event_handlers *h)
{
	int ret, fd, flags;

	memset(ev, 0, sizeof(*ev));
	ev->h = *h;
	ret = gv_nl_open(&ev->nl, NETLINK_XFRM, GROUP_BIT(XFRMNLGRP_ACQUIRE) | GROUP_BIT(XFRMNLGRP_EXPIRE));
	if (ret < 0)
		return ret;
	/* A burst of new flows is thousands of ACQUIREs: room for them, so
	 * that the kernel does not drop some (which costs a resync). */
	gv_nl_set_rcvbuf(&ev->nl, GV_EVENTS_RCVBUF);
	fd = gv_nl_fd(&ev->nl);
	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
		ret = -errno;
		gv_nl_set_error(&ev->nl, "event socket", errno, NULL);
		gv_nl_close(&ev->nl);
		return ret;
	}
	gv_fault_event_rcvbuf(fd);	/* test-only, unset in production */
	return 0;
}

int gv_xfrm_events_fd(const struct gv_xfrm_events *ev)
{
	return gv_nl_fd(&ev->nl);
}

void gv_xfrm_events_close(struct gv_xfrm_events *ev)
{
	gv_nl_close(&ev->nl);
}

static int on_acquire(const struct nlmsghdr *nlh, const struct gv_xfrm_event_handlers *h)
{
	struct xfrm_user_acquire copy, *a = &copy;
	struct gv_xfrm_acquire acq;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*a))
		return -1;
	memcpy(a, mnl_nlmsg_get_payload(nlh), sizeof(*a));	/* may be misaligned */
	memset(&acq, 0, sizeof(acq));
	gv_sel_decode(&acq.flow, &a->sel);
	gv_sel_decode(&acq.policy.sel, &a->policy.sel);
	acq.policy.dir = a->policy.dir;
	acq.policy.priority = a->policy.priority;
	acq.policy.index = a->policy.index;
	acq.tmpl_dst = a->id.daddr.a4;
	if (h->acquire)
		h->acquire(&acq, h->arg);
	return 1;
}

static int on_expire(const struct nlmsghdr *nlh, const struct gv_xfrm_event_handlers *h)
{
	struct xfrm_user_expire copy, *e = &copy;
	struct gv_xfrm_expire exp;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e))
		return -1;
	memcpy(e, mnl_nlmsg_get_payload(nlh), sizeof(*e));
	exp.src = e->state.saddr.a4;
	exp.dst = e->state.id.daddr.a4;
	exp.spi = ntohl(e->state.id.spi);
	exp.reqid = e->state.reqid;
	exp.hard = e->hard;
	if (h->expire)
		h->expire(&exp, h->arg);
	return 1;
}

static int on_polexpire(const struct nlmsghdr *nlh, const struct gv_xfrm_event_handlers *h)
{
	struct xfrm_user_polexpire copy, *e = &copy;
	struct gv_xfrm_polexpire exp;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e))
		return -1;
	memcpy(e, mnl_nlmsg_get_payload(nlh), sizeof(*e));
	memset(&exp, 0, sizeof(exp));
	gv_sel_decode(&exp.policy.sel, &e->pol.sel);
	exp.policy.dir = e->pol.dir;
	exp.policy.priority = e->pol.priority;
	exp.policy.index = e->pol.index;
	exp.hard = e->hard;
	if (h->polexpire)
		h->polexpire(&exp, h->arg);
	return 1;
}

int gv_xfrm_event_dispatch(const struct nlmsghdr *nlh, const struct gv_xfrm_event_handlers *h)
{
	switch (nlh->nlmsg_type) {
	case XFRM_MSG_ACQUIRE:
		return on_acquire(nlh, h);
	case XFRM_MSG_EXPIRE:
		return on_expire(nlh, h);
	case XFRM_MSG_POLEXPIRE:
		return on_polexpire(nlh, h);
	default:
		return 0;
	}
}

int gv_xfrm_events_process(struct gv_xfrm_events *ev)
{
	char buf[MNL_SOCKET_BUFFER_SIZE] GV_NL_RECV_ALIGNED;
	int handled = 0;

	/* Bounded, so that a flood of new flows cannot hold the event loop
	 * (the socket stays readable: the loop comes back for the rest). */
	while (handled < GV_EVENTS_PER_CALL) {
		ssize_t n = mnl_socket_recvfrom(ev->nl.sock, buf, sizeof(buf));
		const struct nlmsghdr *nlh = (const void *)buf;
		int len = (int)n;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return handled;
			if (errno == ENOBUFS) {
				ev->overruns++;
				gv_nl_set_error(&ev->nl, "XFRM event socket", ENOBUFS,
						"events were lost; resync from a dump");
				return -ENOBUFS;
			}
			gv_nl_set_error(&ev->nl, "XFRM event socket", errno, NULL);
			return -errno;
		}
		for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len))
			if (gv_xfrm_event_dispatch(nlh, &ev->h) > 0)
				handled++;
	}
	return handled;
}
