/* Several netlink requests per sendmsg, every one ACKed and checked. */
#include "xfrm/msg.h"
#include "xfrm/nl.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

#define BATCH_LIMIT	(16 * 1024)
#define BATCH_MAX_MSGS	(BATCH_LIMIT / 32)

struct gv_nl_batch {
	struct gv_nl *nl;
	const char *what;
	struct mnl_nlmsg_batch *mb;
	uint32_t first_seq;		/* seq of the first queued message */
	unsigned queued;		/* messages in the batch buffer */
	int tolerate[BATCH_MAX_MSGS];
	int failures;
	char buf[2 * BATCH_LIMIT + GV_MSG_MAX] GV_NL_RECV_ALIGNED;
};

struct gv_nl_batch *gv_nl_batch_new(struct gv_nl *nl, const char *what)
{
	struct gv_nl_batch *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	b->nl = nl;
	b->what = what;
	b->mb = mnl_nlmsg_batch_start(b->buf, BATCH_LIMIT);
	if (!b->mb) {
		free(b);
		return NULL;
	}
	return b;
}

/* Reads ACKs until every queued sequence number has been answered. */
static int collect_acks(struct gv_nl_batch *b, unsigned count)
{
	char buf[MNL_SOCKET_BUFFER_SIZE] GV_NL_RECV_ALIGNED;
	unsigned answered = 0;
	int failed = 0;

	while (answered < count) {
		ssize_t n = mnl_socket_recvfrom(b->nl->sock, buf, sizeof(buf));
		const struct nlmsghdr *r = (const void *)buf;
		int len = (int)n;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			gv_nl_set_error(b->nl, b->what, errno, NULL);
			return failed + (int)(count - answered);
		}
		for (; mnl_nlmsg_ok(r, len); r = mnl_nlmsg_next(r, &len)) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(r);
			uint32_t idx = r->nlmsg_seq - b->first_seq;

			if (r->nlmsg_type != NLMSG_ERROR || idx >= count ||
			    mnl_nlmsg_get_payload_len(r) < sizeof(*e))
				continue;
			answered++;
			if (e->error == 0 || -e->error == b->tolerate[idx])
				continue;
			if (failed++ == 0 && b->failures == 0)
				gv_nl_set_error(b->nl, b->what, -e->error, NULL);
		}
	}
	return failed;
}

int gv_nl_batch_flush(struct gv_nl_batch *b)
{
	unsigned count = b->queued;
	int failed = 0;

	if (count == 0)
		return 0;
	if (mnl_socket_sendto(b->nl->sock, mnl_nlmsg_batch_head(b->mb),
			      mnl_nlmsg_batch_size(b->mb)) < 0) {
		gv_nl_set_error(b->nl, b->what, errno, NULL);
		failed = (int)count;
	} else {
		failed = collect_acks(b, count);
	}
	b->failures += failed;
	b->queued = 0;
	/* Requests may carry keys: wipe what was sent (the reset keeps an overflow). */
	OPENSSL_cleanse(mnl_nlmsg_batch_head(b->mb), mnl_nlmsg_batch_size(b->mb));
	mnl_nlmsg_batch_reset(b->mb);
	return failed;
}

int gv_nl_batch_add(struct gv_nl_batch *b, const struct nlmsghdr *msg, int tolerate)
{
	struct nlmsghdr *nlh = mnl_nlmsg_batch_current(b->mb);
	uint32_t seq;

	if (!msg || msg->nlmsg_len > GV_MSG_MAX)
		return ++b->failures;
	/* Copied in: slots are only 4-byte aligned, too little to build XFRM structs in place. */
	memcpy(nlh, msg, msg->nlmsg_len);
	if (b->queued == 0)
		b->first_seq = b->nl->seq + 1;
	seq = ++b->nl->seq;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_flags |= NLM_F_ACK;
	b->tolerate[b->queued] = tolerate;
	if (mnl_nlmsg_batch_next(b->mb)) {
		if (++b->queued >= BATCH_MAX_MSGS)
			gv_nl_batch_flush(b);
		return b->failures;
	}
	/* Over the size limit: send what came before this message; the reset
	 * inside the flush moves this message to the front of the buffer. */
	gv_nl_batch_flush(b);
	b->first_seq = seq;
	b->tolerate[0] = tolerate;
	b->queued = 1;
	return b->failures;
}

int gv_nl_batch_finish(struct gv_nl_batch *b)
{
	int failures;

	gv_nl_batch_flush(b);
	failures = b->failures;
	mnl_nlmsg_batch_stop(b->mb);
	OPENSSL_cleanse(b->buf, sizeof(b->buf));
	free(b);
	return failures;
}
