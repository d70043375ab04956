/* Parsing XFRM state and policy messages from dumps and events. */
#include "xfrm/msg.h"

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/xfrm.h>
#include <string.h>
#include <sys/socket.h>

struct attrs {
	const struct nlattr *tb[XFRMA_MAX + 1];
};

static int collect(const struct nlattr *attr, void *data)
{
	struct attrs *a = data;
	int type = mnl_attr_get_type(attr);

	if (type >= 0 && type <= XFRMA_MAX)
		a->tb[type] = attr;
	return MNL_CB_OK;
}

static int parse_attrs(const struct nlmsghdr *nlh, size_t fixed, struct attrs *a)
{
	memset(a, 0, sizeof(*a));
	if (mnl_nlmsg_get_payload_len(nlh) < fixed)
		return -1;
	return mnl_attr_parse(nlh, fixed, collect, a) < 0 ? -1 : 0;
}

static void parse_mark(const struct attrs *a, struct gv_xfrm_mark *mark)
{
	const struct nlattr *at = a->tb[XFRMA_MARK];
	const struct xfrm_mark *m;

	if (!at || mnl_attr_get_payload_len(at) < sizeof(*m))
		return;
	m = mnl_attr_get_payload(at);
	mark->value = m->v;
	mark->mask = m->m;
}

/* Names the algorithms (never copies keys out of the kernel's answer). */
static void parse_algs(const struct attrs *a, struct gv_xfrm_keys *k)
{
	const struct nlattr *at;

	if ((at = a->tb[XFRMA_ALG_AEAD]) && mnl_attr_get_payload_len(at) >= sizeof(struct xfrm_algo_aead)) {
		const struct xfrm_algo_aead *x = mnl_attr_get_payload(at);
		char name[sizeof(x->alg_name) + 1] = { 0 };

		memcpy(name, x->alg_name, sizeof(x->alg_name));
		k->enc = gv_alg_by_kernel_name(name, x->alg_key_len);
	}
	if ((at = a->tb[XFRMA_ALG_CRYPT]) && mnl_attr_get_payload_len(at) >= sizeof(struct xfrm_algo)) {
		const struct xfrm_algo *x = mnl_attr_get_payload(at);
		char name[sizeof(x->alg_name) + 1] = { 0 };

		memcpy(name, x->alg_name, sizeof(x->alg_name));
		k->enc = gv_alg_by_kernel_name(name, x->alg_key_len);
	}
	if ((at = a->tb[XFRMA_ALG_AUTH_TRUNC]) && mnl_attr_get_payload_len(at) >= sizeof(struct xfrm_algo_auth)) {
		const struct xfrm_algo_auth *x = mnl_attr_get_payload(at);
		char name[sizeof(x->alg_name) + 1] = { 0 };

		memcpy(name, x->alg_name, sizeof(x->alg_name));
		k->auth = gv_alg_by_kernel_name(name, x->alg_key_len);
	}
}

int gv_msg_parse_state(const struct nlmsghdr *nlh, struct gv_xfrm_state *st)
{
	struct xfrm_usersa_info copy, *sa = &copy;
	struct attrs a;

	memset(st, 0, sizeof(*st));
	if (parse_attrs(nlh, sizeof(*sa), &a) < 0)
		return -1;
	/* Messages in a datagram are only 4-byte aligned; the struct has u64s. */
	memcpy(sa, mnl_nlmsg_get_payload(nlh), sizeof(*sa));
	if (sa->family != AF_INET)
		return -1;
	gv_sel_decode(&st->sel, &sa->sel);
	st->src = sa->saddr.a4;
	st->dst = sa->id.daddr.a4;
	st->spi = ntohl(sa->id.spi);
	st->reqid = sa->reqid;
	st->mode = sa->mode == XFRM_MODE_TUNNEL ? GV_XFRM_TUNNEL : GV_XFRM_TRANSPORT;
	st->replay_window = sa->replay_window;
	st->hard_lifetime_secs = sa->lft.hard_add_expires_seconds;
	st->cur_bytes = sa->curlft.bytes;
	st->cur_packets = sa->curlft.packets;
	parse_mark(&a, &st->mark);
	if (a.tb[XFRMA_SET_MARK] && mnl_attr_get_payload_len(a.tb[XFRMA_SET_MARK]) >= 4)
		st->output_mark = mnl_attr_get_u32(a.tb[XFRMA_SET_MARK]);
	if (a.tb[XFRMA_LASTUSED] && mnl_attr_get_payload_len(a.tb[XFRMA_LASTUSED]) >= 8)
		st->lastused = mnl_attr_get_u64(a.tb[XFRMA_LASTUSED]);
	parse_algs(&a, &st->keys);
	return 0;
}

int gv_msg_parse_policy(const struct nlmsghdr *nlh, struct gv_xfrm_policy *pol)
{
	struct xfrm_userpolicy_info copy, *pi = &copy;
	const struct nlattr *t;
	struct attrs a;

	memset(pol, 0, sizeof(*pol));
	if (parse_attrs(nlh, sizeof(*pi), &a) < 0)
		return -1;
	memcpy(pi, mnl_nlmsg_get_payload(nlh), sizeof(*pi));
	if (pi->sel.family != AF_INET && pi->sel.family != AF_UNSPEC)
		return -1;
	gv_sel_decode(&pol->sel, &pi->sel);
	pol->dir = pi->dir;
	pol->priority = pi->priority;
	pol->index = pi->index;
	parse_mark(&a, &pol->mark);
	t = a.tb[XFRMA_TMPL];
	if (t && mnl_attr_get_payload_len(t) >= sizeof(struct xfrm_user_tmpl)) {
		const struct xfrm_user_tmpl *ut = mnl_attr_get_payload(t);

		pol->has_tmpl = 1;
		pol->tmpl.src = ut->saddr.a4;
		pol->tmpl.dst = ut->id.daddr.a4;
		pol->tmpl.reqid = ut->reqid;
		pol->tmpl.mode = ut->mode == XFRM_MODE_TUNNEL ? GV_XFRM_TUNNEL : GV_XFRM_TRANSPORT;
	}
	return 0;
}
