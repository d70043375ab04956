/* XFRM state requests. */
#include "xfrm/msg.h"
#include "xfrm/xfrm.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/xfrm.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <string.h>

int gv_xfrm_open(struct gv_nl *nl)
{
	return gv_nl_open(nl, NETLINK_XFRM, 0);
}

const char *gv_ip_str(uint32_t addr, char buf[16])
{
	struct in_addr a = { .s_addr = addr };

	return inet_ntop(AF_INET, &a, buf, 16) ? buf : "?";
}

static void describe(char *out, size_t len, const char *verb, uint32_t src, uint32_t dst, uint32_t spi)
{
	char s[16], d[16];

	snprintf(out, len, "state %s src %s dst %s spi 0x%08x", verb, gv_ip_str(src, s),
		 gv_ip_str(dst, d), spi);
}

static int state_send(struct gv_nl *nl, uint16_t type, uint16_t flags, const struct gv_xfrm_state *st,
		      const char *verb)
{
	char buf[GV_MSG_MAX] GV_NL_ALIGNED, what[96];
	struct nlmsghdr *nlh = gv_msg_state(buf, type, flags, st);
	int ret;

	describe(what, sizeof(what), verb, st->src, st->dst, st->spi);
	if (!nlh) {
		gv_nl_set_error(nl, what, EINVAL, "no algorithms or message too long");
		ret = -EINVAL;
	} else {
		ret = gv_nl_request(nl, nlh, what);
	}
	OPENSSL_cleanse(buf, sizeof(buf));	/* a refused build may have left keys in it */
	return ret;
}

int gv_xfrm_state_add(struct gv_nl *nl, const struct gv_xfrm_state *st)
{
	return state_send(nl, XFRM_MSG_NEWSA, NLM_F_CREATE | NLM_F_EXCL, st, "add");
}

int gv_xfrm_state_update(struct gv_nl *nl, const struct gv_xfrm_state *st)
{
	return state_send(nl, XFRM_MSG_UPDSA, 0, st, "update");
}

int gv_xfrm_state_delete(struct gv_nl *nl, uint32_t dst, uint32_t spi, const struct gv_xfrm_mark *mark)
{
	char buf[GV_MSG_MAX] GV_NL_ALIGNED, what[96];
	struct nlmsghdr *nlh = gv_msg_state_id(buf, XFRM_MSG_DELSA, dst, spi, mark);

	describe(what, sizeof(what), "delete", 0, dst, spi);
	return gv_nl_request(nl, nlh, what);
}

struct get_ctx {
	struct gv_xfrm_state *out;
	int found;
};

static int get_cb(const struct nlmsghdr *nlh, void *data)
{
	struct get_ctx *g = data;

	if (nlh->nlmsg_type == XFRM_MSG_NEWSA && gv_msg_parse_state(nlh, g->out) == 0)
		g->found = 1;
	return MNL_CB_OK;
}

int gv_xfrm_state_get(struct gv_nl *nl, uint32_t dst, uint32_t spi, const struct gv_xfrm_mark *mark,
		      struct gv_xfrm_state *out)
{
	char buf[GV_MSG_MAX] GV_NL_ALIGNED, rbuf[MNL_SOCKET_BUFFER_SIZE] GV_NL_RECV_ALIGNED, what[96];
	struct nlmsghdr *nlh = gv_msg_state_id(buf, XFRM_MSG_GETSA, dst, spi, mark);
	struct get_ctx g = { .out = out };
	ssize_t n;
	int ret;

	describe(what, sizeof(what), "get", 0, dst, spi);
	nlh->nlmsg_seq = ++nl->seq;
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0) {
		gv_nl_set_error(nl, what, errno, NULL);
		return -errno;
	}
	n = mnl_socket_recvfrom(nl->sock, rbuf, sizeof(rbuf));
	if (n < 0) {
		gv_nl_set_error(nl, what, errno, NULL);
		return -errno;
	}
	ret = mnl_cb_run(rbuf, (size_t)n, nl->seq, nl->portid, get_cb, &g);
	OPENSSL_cleanse(rbuf, sizeof(rbuf));
	if (ret < 0) {
		gv_nl_set_error(nl, what, errno, NULL);
		return -errno;
	}
	return g.found ? 0 : -ENOENT;
}

struct dump_ctx {
	gv_state_fn fn;
	void *arg;
};

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *d = data;
	struct gv_xfrm_state st;

	if (nlh->nlmsg_type != XFRM_MSG_NEWSA || gv_msg_parse_state(nlh, &st) < 0)
		return MNL_CB_OK;
	return d->fn(&st, d->arg) < 0 ? MNL_CB_STOP : MNL_CB_OK;
}

int gv_xfrm_state_dump(struct gv_nl *nl, gv_state_fn fn, void *arg)
{
	char buf[GV_MSG_MAX] GV_NL_ALIGNED;
	struct dump_ctx d = { fn, arg };

	return gv_nl_dump(nl, gv_msg_dump(buf, XFRM_MSG_GETSA), dump_cb, &d, "state dump");
}

int gv_xfrm_batch_state_add(struct gv_nl_batch *b, const struct gv_xfrm_state *st, int tolerate_exist)
{
	char buf[GV_MSG_MAX] GV_NL_ALIGNED;
	struct nlmsghdr *nlh = gv_msg_state(buf, XFRM_MSG_NEWSA, NLM_F_CREATE | NLM_F_EXCL, st);
	int ret;

	ret = gv_nl_batch_add(b, nlh, tolerate_exist ? EEXIST : 0);
	/* The keys are within the message; a refused build may have left them anywhere. */
	OPENSSL_cleanse(buf, nlh ? nlh->nlmsg_len : sizeof(buf));
	return ret;
}

int gv_xfrm_batch_state_delete(struct gv_nl_batch *b, uint32_t dst, uint32_t spi,
			       const struct gv_xfrm_mark *mark)
{
	char buf[GV_MSG_MAX] GV_NL_ALIGNED;

	return gv_nl_batch_add(b, gv_msg_state_id(buf, XFRM_MSG_DELSA, dst, spi, mark), ESRCH);
}
