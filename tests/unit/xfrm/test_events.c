/* Event parsing: ACQUIRE/EXPIRE messages as the kernel sends them (built here). */
#include "tests/tap.h"
#include "xfrm/events.h"

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/xfrm.h>
#include <netinet/in.h>

struct seen {
	int acquires, expires;
	struct gv_xfrm_acquire acq;
	struct gv_xfrm_expire exp;
};

static void on_acquire(const struct gv_xfrm_acquire *a, void *arg)
{
	struct seen *s = arg;

	s->acquires++;
	s->acq = *a;
}

static void on_expire(const struct gv_xfrm_expire *e, void *arg)
{
	struct seen *s = arg;

	s->expires++;
	s->exp = *e;
}

int main(void)
{
	char buf[1024] __attribute__((aligned(8))) = { 0 };
	struct seen s = { 0 };
	struct gv_xfrm_event_handlers h = { .acquire = on_acquire, .expire = on_expire, .arg = &s };
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct xfrm_user_acquire *a;
	struct xfrm_user_expire *e;

	nlh->nlmsg_type = XFRM_MSG_ACQUIRE;
	a = mnl_nlmsg_put_extra_header(nlh, sizeof(*a));
	a->sel.family = AF_INET;
	a->sel.saddr.a4 = htonl(0x0a02000a);
	a->sel.daddr.a4 = htonl(0x0a03000a);
	a->sel.prefixlen_s = a->sel.prefixlen_d = 32;
	a->sel.proto = IPPROTO_ICMP;
	a->policy.dir = XFRM_POLICY_OUT;
	a->policy.priority = 0x67764e20;
	is_int(gv_xfrm_event_dispatch(nlh, &h), 1, "ACQUIRE handled");
	is_int(s.acquires, 1, "acquire handler called once");
	is_int(s.acq.flow.src, htonl(0x0a02000a), "flow source");
	is_int(s.acq.flow.dst, htonl(0x0a03000a), "flow destination");
	is_int(s.acq.flow.proto, IPPROTO_ICMP, "flow protocol");
	is_int(s.acq.policy.priority, 0x67764e20, "triggering policy's priority");
	is_int(s.acq.policy.dir, GV_DIR_OUT, "triggering policy's direction");

	nlh->nlmsg_len = mnl_nlmsg_size(sizeof(*a) - 8);
	is_int(gv_xfrm_event_dispatch(nlh, &h), -1, "truncated ACQUIRE rejected");
	is_int(s.acquires, 1, "no handler call for it");

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = XFRM_MSG_EXPIRE;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->state.id.spi = htonl(0x2000);
	e->state.id.daddr.a4 = htonl(0xc0a84d02);
	e->state.reqid = 0x67760001;
	e->hard = 1;
	is_int(gv_xfrm_event_dispatch(nlh, &h), 1, "EXPIRE handled");
	is_int(s.exp.spi, 0x2000, "expired SPI");
	is_int(s.exp.hard, 1, "hard expiry");
	nlh->nlmsg_type = XFRM_MSG_NEWSA;
	is_int(gv_xfrm_event_dispatch(nlh, &h), 0, "other messages ignored");
	return done_testing();
}
