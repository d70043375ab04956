/* A netlink socket (libmnl) with request/ACK handling, dumps and batching.
 * Single requests ask for an ACK, batches for one at their end; a kernel
 * error becomes a readable message. */
#ifndef GETVPND_XFRM_NL_H
#define GETVPND_XFRM_NL_H

#include <libmnl/libmnl.h>
#include <stddef.h>
#include <stdint.h>

#define GV_NL_ERR_MAX 256
#define GV_NL_RECV_ALIGNED __attribute__((aligned(8)))

struct gv_nl {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;
	char err[GV_NL_ERR_MAX];	/* last error, "what: reason" */
};

/* Opens a socket of the given netlink protocol (NETLINK_XFRM, NETLINK_ROUTE)
 * joined to the multicast groups in the bitmask (0 for none), with 1 MB
 * socket buffers (room for the ACKs of a full batch). 0 or -errno. */
int gv_nl_open(struct gv_nl *nl, int protocol, unsigned groups);
/* Receive buffer of at least bytes (past rmem_max when privileged); best effort. */
void gv_nl_set_rcvbuf(struct gv_nl *nl, int bytes);
void gv_nl_close(struct gv_nl *nl);
int gv_nl_fd(const struct gv_nl *nl);

/* Sends one request and waits for its ACK. 0, or -errno with nl->err set to
 * "WHAT failed: strerror (kernel's explanation)". */
int gv_nl_request(struct gv_nl *nl, struct nlmsghdr *nlh, const char *what);

/* Sends a dump request and calls cb(nlh, data) for every answer. */
int gv_nl_dump(struct gv_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data, const char *what);

/* Several requests sent with one sendmsg (up to 64 KB), each one's outcome
 * checked: the requests ask for no ACK and a closing no-op does, so only
 * failures are answered (with the request's sequence number) and the no-op's
 * ACK says every answer is in. The socket must be blocking. Usage: b = gv_nl_batch_new(); gv_nl_batch_add(b, msg, tolerate) ...;
 * gv_nl_batch_finish(b). */
struct gv_nl_batch;
struct gv_nl_batch *gv_nl_batch_new(struct gv_nl *nl, const char *what);
/* Copies one request into the batch; an error equal to tolerate (e.g. EEXIST
 * for adds, ESRCH/ENOENT for deletes; 0 = none) counts as success. Sends when
 * full. Returns the number of failed requests so far (first one in nl->err). */
int gv_nl_batch_add(struct gv_nl_batch *b, const struct nlmsghdr *msg, int tolerate);
/* Sends what is queued and collects the answers. Returns the failures in this batch. */
int gv_nl_batch_flush(struct gv_nl_batch *b);
/* Per-request outcome: fn(arg, tag, errno, kernel's text or "") is called
 * for every request that failed, tag being the value set by
 * gv_nl_batch_tag() when the request was added (e.g. which pair it was for). */
typedef void (*gv_nl_batch_fail_fn)(void *arg, uint32_t tag, int err, const char *ext);
void gv_nl_batch_on_failure(struct gv_nl_batch *b, gv_nl_batch_fail_fn fn, void *arg);
void gv_nl_batch_tag(struct gv_nl_batch *b, uint32_t tag);
/* Requests queued and not yet sent. */
unsigned gv_nl_batch_pending(const struct gv_nl_batch *b);
/* Flushes and frees; returns the total number of failed requests. */
int gv_nl_batch_finish(struct gv_nl_batch *b);

/* Formats an errno the way the rest of the dataplane reports it. */
void gv_nl_set_error(struct gv_nl *nl, const char *what, int err, const char *ext);

#endif
