/* Netlink request/ACK over libmnl, with the kernel's extended ACK text. */
#include "xfrm/nl.h"

#include <errno.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define GV_NL_SOCKBUF (1024 * 1024)

/* The *FORCE options pass the sysctl caps when privileged (getvpnd is). */
static void set_buf(int fd, int force_opt, int opt, int bytes)
{
	if (setsockopt(fd, SOL_SOCKET, force_opt, &bytes, sizeof(bytes)) < 0)
		setsockopt(fd, SOL_SOCKET, opt, &bytes, sizeof(bytes));
}

void gv_nl_set_rcvbuf(struct gv_nl *nl, int bytes)
{
	set_buf(gv_nl_fd(nl), SO_RCVBUFFORCE, SO_RCVBUF, bytes);
}

int gv_nl_open(struct gv_nl *nl, int protocol, unsigned groups)
{
	int one = 1;

	memset(nl, 0, sizeof(*nl));
	nl->sock = mnl_socket_open(protocol);
	if (!nl->sock) {
		gv_nl_set_error(nl, "netlink socket", errno, NULL);
		return -errno;
	}
	/* Short ACKs (no copy of the request), with the kernel's error text. */
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	set_buf(mnl_socket_get_fd(nl->sock), SO_SNDBUFFORCE, SO_SNDBUF, GV_NL_SOCKBUF);
	set_buf(mnl_socket_get_fd(nl->sock), SO_RCVBUFFORCE, SO_RCVBUF, GV_NL_SOCKBUF);
	if (mnl_socket_bind(nl->sock, groups, MNL_SOCKET_AUTOPID) < 0) {
		int err = errno;

		gv_nl_set_error(nl, "netlink bind", err, NULL);
		mnl_socket_close(nl->sock);
		nl->sock = NULL;
		return -err;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (uint32_t)time(NULL);
	return 0;
}

void gv_nl_close(struct gv_nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
}

int gv_nl_fd(const struct gv_nl *nl)
{
	return nl->sock ? mnl_socket_get_fd(nl->sock) : -1;
}

void gv_nl_set_error(struct gv_nl *nl, const char *what, int err, const char *ext)
{
	if (ext && *ext)
		snprintf(nl->err, sizeof(nl->err), "%s failed: %s (%s)", what, strerror(err), ext);
	else
		snprintf(nl->err, sizeof(nl->err), "%s failed: %s", what, strerror(err));
}

/* The kernel's explanation (NLMSGERR_ATTR_MSG) from an error ACK, if any. */
static void ext_ack_text(const struct nlmsghdr *nlh, char *out, size_t outlen)
{
	const struct nlattr *attr;

	out[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	mnl_attr_for_each(attr, nlh, sizeof(struct nlmsgerr)) {
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0) {
			snprintf(out, outlen, "%s", mnl_attr_get_str(attr));
			return;
		}
	}
}

/* Error code of an NLMSG_ERROR message (0 = ACK), or 1 if nlh is something else. */
static int ack_code(const struct nlmsghdr *nlh, char *ext, size_t extlen)
{
	const struct nlmsgerr *e;

	ext[0] = '\0';
	if (nlh->nlmsg_type != NLMSG_ERROR)
		return 1;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e))
		return -EBADMSG;
	e = mnl_nlmsg_get_payload(nlh);
	if (e->error)
		ext_ack_text(nlh, ext, extlen);
	return e->error;
}

int gv_nl_request(struct gv_nl *nl, struct nlmsghdr *nlh, const char *what)
{
	char buf[MNL_SOCKET_BUFFER_SIZE] GV_NL_RECV_ALIGNED, ext[200];
	uint32_t seq = ++nl->seq;

	nlh->nlmsg_flags |= NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0) {
		gv_nl_set_error(nl, what, errno, NULL);
		return -errno;
	}
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl->sock, buf, sizeof(buf));
		const struct nlmsghdr *r = (const void *)buf;
		int len = (int)n;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			gv_nl_set_error(nl, what, errno, NULL);
			return -errno;
		}
		for (; mnl_nlmsg_ok(r, len); r = mnl_nlmsg_next(r, &len)) {
			int code;

			if (r->nlmsg_seq != seq || r->nlmsg_pid != nl->portid)
				continue;
			code = ack_code(r, ext, sizeof(ext));
			if (code == 1)
				continue;
			if (code < 0)
				gv_nl_set_error(nl, what, -code, ext);
			return code;
		}
	}
}

int gv_nl_dump(struct gv_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data, const char *what)
{
	char buf[32768] GV_NL_RECV_ALIGNED;	/* dumps come in large datagrams */
	uint32_t seq = ++nl->seq;
	int ret;

	nlh->nlmsg_flags |= NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0) {
		gv_nl_set_error(nl, what, errno, NULL);
		return -errno;
	}
	do {
		ssize_t n = mnl_socket_recvfrom(nl->sock, buf, sizeof(buf));

		if (n < 0) {
			if (errno == EINTR)
				continue;
			gv_nl_set_error(nl, what, errno, NULL);
			return -errno;
		}
		ret = mnl_cb_run(buf, (size_t)n, seq, nl->portid, cb, data);
	} while (ret > MNL_CB_STOP);
	if (ret < 0) {
		gv_nl_set_error(nl, what, errno, NULL);
		return -errno;
	}
	return 0;
}
