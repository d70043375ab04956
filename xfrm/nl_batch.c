/* Several netlink requests per sendmsg, the outcome of every one checked.
 * Sequence numbers are given at send time (consecutive, so an answer maps
 * back to its request by arithmetic), and answers are read many per recvmmsg. */
#define _GNU_SOURCE
#include "xfrm/msg.h"
#include "xfrm/nl.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* 64 KB is about a hundred pair installs (policy + state) per send; 256
 * error answers stay well inside the 1 MB receive buffer gv_nl_open asks for. */
#define BATCH_LIMIT	(64 * 1024)
#define BATCH_MAX_MSGS	256
#define ACK_SLOTS	32
#define ACK_SLOT_SIZE	2048	/* an answer without the request (NETLINK_CAP_ACK), with the kernel's text */

struct gv_nl_batch {
	struct gv_nl *nl;
	const char *what;
	struct mnl_nlmsg_batch *mb;
	unsigned queued;		/* messages in the batch buffer */
	size_t high;			/* most bytes the buffer held (wiped on finish) */
	uint32_t next_tag;
	int tolerate[BATCH_MAX_MSGS];
	uint32_t tag[BATCH_MAX_MSGS];
	bool answered[BATCH_MAX_MSGS + 1];	/* + the closing no-op */
	int failures;
	gv_nl_batch_fail_fn on_fail;
	void *fail_arg;
	char ack[ACK_SLOTS][ACK_SLOT_SIZE] GV_NL_RECV_ALIGNED;
	char buf[2 * BATCH_LIMIT + GV_MSG_MAX] GV_NL_RECV_ALIGNED;
};

struct gv_nl_batch *gv_nl_batch_new(struct gv_nl *nl, const char *what)
{
	struct gv_nl_batch *b = malloc(sizeof(*b));

	if (!b)
		return NULL;
	memset(b, 0, offsetof(struct gv_nl_batch, ack));	/* the buffers need no zeroing */
	b->nl = nl;
	b->what = what;
	b->mb = mnl_nlmsg_batch_start(b->buf, BATCH_LIMIT);
	if (!b->mb) {
		free(b);
		return NULL;
	}
	return b;
}

void gv_nl_batch_on_failure(struct gv_nl_batch *b, gv_nl_batch_fail_fn fn, void *arg)
{
	b->on_fail = fn;
	b->fail_arg = arg;
}

void gv_nl_batch_tag(struct gv_nl_batch *b, uint32_t tag)
{
	b->next_tag = tag;
}

unsigned gv_nl_batch_pending(const struct gv_nl_batch *b)
{
	return b->queued;
}

static void note_failure(struct gv_nl_batch *b, unsigned idx, int err, const char *ext)
{
	if (b->failures++ == 0)
		gv_nl_set_error(b->nl, b->what, err, ext);
	if (b->on_fail)
		b->on_fail(b->fail_arg, b->tag[idx], err, ext);
}

/* The kernel's explanation in an error ACK (NLMSGERR_ATTR_MSG), if any. */
static void ack_text(const struct nlmsghdr *r, char *out, size_t outlen)
{
	const struct nlattr *attr;

	out[0] = '\0';
	if (!(r->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	mnl_attr_for_each(attr, r, sizeof(struct nlmsgerr)) {
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0) {
			snprintf(out, outlen, "%s", mnl_attr_get_str(attr));
			return;
		}
	}
}

/* One answer (idx == count: the closing no-op's ACK). avail < nlmsg_len
 * when the datagram was cut (MSG_TRUNC): the error code still counts, the
 * text is dropped. */
static void take_ack(struct gv_nl_batch *b, const struct nlmsghdr *r, size_t avail,
		    uint32_t first_seq, unsigned count)
{
	struct nlmsgerr e;
	uint32_t idx = r->nlmsg_seq - first_seq;
	char ext[200] = "";

	if (r->nlmsg_type != NLMSG_ERROR || idx > count || b->answered[idx] ||
	    avail < sizeof(*r) + sizeof(e))
		return;
	memcpy(&e, mnl_nlmsg_get_payload(r), sizeof(e));
	b->answered[idx] = true;
	if (idx == count || e.error == 0 || -e.error == b->tolerate[idx])
		return;	/* the closing no-op, or fine */
	if (avail >= r->nlmsg_len)
		ack_text(r, ext, sizeof(ext));
	note_failure(b, idx, -e.error, ext);
}

static void take_datagram(struct gv_nl_batch *b, const struct mmsghdr *m, const char *data,
			  uint32_t first_seq, unsigned count)
{
	const struct sockaddr_nl *from = m->msg_hdr.msg_name;
	const struct nlmsghdr *r = (const void *)data;
	int len = (int)m->msg_len;

	if (m->msg_hdr.msg_namelen < sizeof(*from) || from->nl_pid != 0)
		return;	/* not from the kernel */
	if (m->msg_hdr.msg_flags & MSG_TRUNC) {
		take_ack(b, r, (size_t)len, first_seq, count);
		return;
	}
	for (; mnl_nlmsg_ok(r, len); r = mnl_nlmsg_next(r, &len))
		take_ack(b, r, r->nlmsg_len, first_seq, count);
}

/* Reads answers until the closing no-op's ACK: the kernel handles the
 * requests in order and answers in order, so by then every failure has
 * come back. A receive error (ENOBUFS: answers dropped) leaves the
 * requests not known to have failed as unknown, counted as failed. */
static void collect_answers(struct gv_nl_batch *b, uint32_t first_seq, unsigned count)
{
	struct sockaddr_nl from[ACK_SLOTS];
	struct mmsghdr mm[ACK_SLOTS];
	struct iovec iov[ACK_SLOTS];
	int fd = mnl_socket_get_fd(b->nl->sock);

	memset(b->answered, 0, (count + 1) * sizeof(b->answered[0]));
	while (!b->answered[count]) {
		int n;

		for (unsigned i = 0; i < ACK_SLOTS; i++) {
			iov[i] = (struct iovec){ b->ack[i], ACK_SLOT_SIZE };
			mm[i].msg_hdr = (struct msghdr){ .msg_name = &from[i], .msg_namelen = sizeof(from[i]),
							 .msg_iov = &iov[i], .msg_iovlen = 1 };
		}
		n = recvmmsg(fd, mm, ACK_SLOTS, MSG_WAITFORONE, NULL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = errno;

			for (unsigned i = 0; i < count; i++)
				if (!b->answered[i])
					note_failure(b, i, err, "outcome unknown: answers lost");
			return;
		}
		for (int i = 0; i < n; i++)
			take_datagram(b, &mm[i], b->ack[i], first_seq, count);
	}
}

/* Consecutive sequence numbers from the socket's counter, given now so that
 * other requests on the same socket between the adds do not break the run. */
static uint32_t number_messages(struct gv_nl_batch *b)
{
	struct nlmsghdr *nlh = mnl_nlmsg_batch_head(b->mb);
	uint32_t first = b->nl->seq + 1;

	for (unsigned i = 0; i < b->queued; i++) {
		nlh->nlmsg_seq = ++b->nl->seq;
		nlh = (struct nlmsghdr *)((char *)nlh + NLMSG_ALIGN(nlh->nlmsg_len));
	}
	return first;
}

/* The batch, then a no-op asking for an ACK: the requests themselves ask
 * for none, so the kernel answers only those that fail (an error always
 * comes back, with the request's sequence number). Half the messages,
 * and no ACK per success to allocate, queue and read. */
static int send_with_noop(struct gv_nl_batch *b, size_t size)
{
	struct nlmsghdr noop = {
		.nlmsg_len = sizeof(noop), .nlmsg_type = NLMSG_NOOP,
		.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK, .nlmsg_seq = ++b->nl->seq,
	};
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct iovec iov[2] = { { mnl_nlmsg_batch_head(b->mb), size }, { &noop, sizeof(noop) } };
	struct msghdr msg = { .msg_name = &kernel, .msg_namelen = sizeof(kernel), .msg_iov = iov,
			      .msg_iovlen = 2 };
	ssize_t n;

	do
		n = sendmsg(mnl_socket_get_fd(b->nl->sock), &msg, 0);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -1 : 0;
}

int gv_nl_batch_flush(struct gv_nl_batch *b)
{
	unsigned count = b->queued;
	int before = b->failures;
	size_t size = mnl_nlmsg_batch_size(b->mb);
	uint32_t first_seq;

	if (count == 0)
		return 0;
	if (size > b->high)
		b->high = size;
	first_seq = number_messages(b);
	if (send_with_noop(b, size) < 0) {
		int err = errno;

		for (unsigned i = 0; i < count; i++)
			note_failure(b, i, err, "batch not sent");
	} else {
		collect_answers(b, first_seq, count);
	}
	b->queued = 0;
	/* Requests may carry keys: wipe what was sent (the reset keeps an overflow). */
	OPENSSL_cleanse(mnl_nlmsg_batch_head(b->mb), size);
	mnl_nlmsg_batch_reset(b->mb);
	return b->failures - before;
}

int gv_nl_batch_add(struct gv_nl_batch *b, const struct nlmsghdr *msg, int tolerate)
{
	struct nlmsghdr *nlh = mnl_nlmsg_batch_current(b->mb);

	if (!msg || msg->nlmsg_len > GV_MSG_MAX) {
		char ext[64];

		snprintf(ext, sizeof(ext), "request does not fit in %d bytes", GV_MSG_MAX);
		if (b->failures++ == 0)
			gv_nl_set_error(b->nl, b->what, EMSGSIZE, ext);
		if (b->on_fail)
			b->on_fail(b->fail_arg, b->next_tag, EMSGSIZE, ext);
		return b->failures;
	}
	/* Copied in: slots are only 4-byte aligned, too little to build XFRM structs in place. */
	memcpy(nlh, msg, msg->nlmsg_len);
	nlh->nlmsg_flags &= (uint16_t)~NLM_F_ACK;	/* only failures answer (send_with_noop) */
	if (mnl_nlmsg_batch_next(b->mb)) {
		b->tolerate[b->queued] = tolerate;
		b->tag[b->queued] = b->next_tag;
		if (++b->queued >= BATCH_MAX_MSGS)
			gv_nl_batch_flush(b);
		return b->failures;
	}
	/* Over the size limit: send what came before this message; the reset
	 * inside the flush moves this message to the front of the buffer. */
	gv_nl_batch_flush(b);
	b->tolerate[0] = tolerate;
	b->tag[0] = b->next_tag;
	b->queued = 1;
	return b->failures;
}

int gv_nl_batch_finish(struct gv_nl_batch *b)
{
	int failures;

	gv_nl_batch_flush(b);
	failures = b->failures;
	mnl_nlmsg_batch_stop(b->mb);
	/* Also the copy an overflow left behind the reset buffer. */
	OPENSSL_cleanse(b->buf, b->high + 2 * GV_MSG_MAX < sizeof(b->buf) ?
				b->high + 2 * GV_MSG_MAX : sizeof(b->buf));
	free(b);
	return failures;
}
