/* XFRM policy requests. */
#include "xfrm/msg.h"
#include "xfrm/xfrm.h"

#include <errno.h>
#include <linux/xfrm.h>
#include <stdio.h>

static const char *dir_name(enum gv_xfrm_dir dir)
{
	return dir == GV_DIR_IN ? "in" : dir == GV_DIR_OUT ? "out" : "fwd";
}

static void describe(char *out, size_t len, const char *verb, const struct gv_xfrm_sel *sel,
		     enum gv_xfrm_dir dir)
{
	char s[16], d[16];

	snprintf(out, len, "policy %s dir %s src %s/%u dst %s/%u proto %u", verb, dir_name(dir),
		 gv_ip_str(sel->src, s), sel->src_plen, gv_ip_str(sel->dst, d), sel->dst_plen,
		 sel->proto);
}

static int policy_send(struct gv_nl *nl, uint16_t type, uint16_t flags, const struct gv_xfrm_policy *pol,
		       const char *verb)
{
	char buf[GV_MSG_MAX] GV_NL_ALIGNED, what[128];
	struct nlmsghdr *nlh = gv_msg_policy(buf, type, flags, pol);

	describe(what, sizeof(what), verb, &pol->sel, pol->dir);
	if (!nlh) {
		gv_nl_set_error(nl, what, EINVAL, "message too long");
		return -EINVAL;
	}
	return gv_nl_request(nl, nlh, what);
}

int gv_xfrm_policy_add(struct gv_nl *nl, const struct gv_xfrm_policy *pol)
{
	return policy_send(nl, XFRM_MSG_NEWPOLICY, NLM_F_CREATE | NLM_F_EXCL, pol, "add");
}

int gv_xfrm_policy_update(struct gv_nl *nl, const struct gv_xfrm_policy *pol)
{
	return policy_send(nl, XFRM_MSG_UPDPOLICY, NLM_F_CREATE, pol, "update");
}

int gv_xfrm_policy_delete(struct gv_nl *nl, const struct gv_xfrm_sel *sel, enum gv_xfrm_dir dir,
			  const struct gv_xfrm_mark *mark)
{
	char buf[GV_MSG_MAX] GV_NL_ALIGNED, what[128];

	describe(what, sizeof(what), "delete", sel, dir);
	return gv_nl_request(nl, gv_msg_policy_id(buf, XFRM_MSG_DELPOLICY, sel, dir, mark), what);
}

struct dump_ctx {
	gv_policy_fn fn;
	void *arg;
};

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *d = data;
	struct gv_xfrm_policy pol;

	if (nlh->nlmsg_type != XFRM_MSG_NEWPOLICY || gv_msg_parse_policy(nlh, &pol) < 0)
		return MNL_CB_OK;
	if (pol.dir > GV_DIR_FWD)	/* per-socket policies are not listed by the kernel anyway */
		return MNL_CB_OK;
	return d->fn(&pol, d->arg) < 0 ? MNL_CB_STOP : MNL_CB_OK;
}

int gv_xfrm_policy_dump(struct gv_nl *nl, gv_policy_fn fn, void *arg)
{
	char buf[GV_MSG_MAX] GV_NL_ALIGNED;
	struct dump_ctx d = { fn, arg };

	return gv_nl_dump(nl, gv_msg_dump(buf, XFRM_MSG_GETPOLICY), dump_cb, &d, "policy dump");
}

int gv_xfrm_batch_policy_add(struct gv_nl_batch *b, const struct gv_xfrm_policy *pol, int tolerate_exist)
{
	char buf[GV_MSG_MAX] GV_NL_ALIGNED;

	return gv_nl_batch_add(b, gv_msg_policy(buf, XFRM_MSG_NEWPOLICY, NLM_F_CREATE | NLM_F_EXCL, pol),
			       tolerate_exist ? EEXIST : 0);
}

int gv_xfrm_batch_policy_delete(struct gv_nl_batch *b, const struct gv_xfrm_sel *sel,
				enum gv_xfrm_dir dir, const struct gv_xfrm_mark *mark)
{
	char buf[GV_MSG_MAX] GV_NL_ALIGNED;

	return gv_nl_batch_add(b, gv_msg_policy_id(buf, XFRM_MSG_DELPOLICY, sel, dir, mark), ENOENT);
}
