/* Where Main Mode answers: the peer's port moves only with a message that
 * the exchange accepts. The cookies travel in clear, so a datagram from
 * the peer's address but another port, with the right cookies and
 * garbage (or an unauthenticated informational), must not redirect the
 * replies, retransmissions and later phase-2 traffic of that exchange.
 * A genuine message from a new port (NAT rebinding) is answered there. */
#include "tests/unit/ike/mm_harness.h"
#include "tests/tap.h"

#include "gdoi/ike_mm_int.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#define FORGED_PORT 4500
#define OTHER_PORT 5555
#define NAT_PORT 61000

/* A test name with values in it. */
static char label[200];
#define L(...) (snprintf(label, sizeof(label), __VA_ARGS__), label)

static struct ike_policy lesson(void)
{
	return mm_policy(IKE_CIPHER_AES_CBC, 128, IKE_HASH_SHA1, IKE_AUTH_PSK, 5, 86400);
}

/* --- what a side sends, and where -------------------------------------- */

struct sent_log {
	int (*send)(void *arg, const struct sockaddr_in *local, const struct sockaddr_in *peer,
		    const uint8_t *buf, size_t len);
	void *arg;
	unsigned n;
	uint16_t port;		/* destination port of the last datagram (host order) */
	uint8_t exchange;	/* its exchange type */
};

static int record_send(void *arg, const struct sockaddr_in *local, const struct sockaddr_in *peer,
		       const uint8_t *buf, size_t len)
{
	struct sent_log *l = arg;

	l->n++;
	l->port = ntohs(peer->sin_port);
	l->exchange = len > 18 ? buf[18] : 0;
	return l->send(l->arg, local, peer, buf, len);
}

static void watch(struct mm_side *s, struct sent_log *l)
{
	memset(l, 0, sizeof(*l));
	l->send = s->ctx->cb.send;
	l->arg = s->ctx->cb.send_arg ? s->ctx->cb.send_arg : s->ctx->cb.arg;
	s->ctx->cb.send = record_send;
	s->ctx->cb.send_arg = l;
}

static void port_of(const struct ike_sa *sa, const char *state, void *arg)
{
	(void)state;
	*(int *)arg = ntohs(sa->peer.sin_port);
}

/* The peer port of the side's only exchange (-1: none). */
static int exchange_port(const struct mm_side *s)
{
	int port = -1;

	ike_show_foreach(s->ctx, port_of, &port);
	return port;
}

/* --- the path between the two sides ------------------------------------ */

/* Which Main Mode message a datagram is (1 to 6), 0 for anything else. */
static unsigned msg_no(const struct mm_net *net, const struct mm_pkt *p)
{
	bool to_ks = p->to == &net->ks;

	if (p->len < WIRE_HDR_LEN || p->buf[18] != IKE_EXCH_MAIN_MODE)
		return 0;
	if (p->buf[19] & WIRE_FLAG_ENC)
		return to_ks ? 5 : 6;
	if (p->buf[16] == WIRE_PL_SA)
		return to_ks ? 1 : 2;
	return to_ks ? 3 : 4;
}

struct path {
	unsigned drop;		/* bit n: message n never arrives */
	unsigned float_from;	/* one side's messages from this number on come from NAT_PORT */
	bool server_floats;	/* that side is the key server (else the member) */
};

static bool path_filter(struct mm_net *net, struct mm_pkt *pkt, unsigned index, void *arg)
{
	struct path *p = arg;
	unsigned n = msg_no(net, pkt);

	(void)index;
	if (p->drop & (1u << n))
		return false;
	if (p->float_from && n >= p->float_from && (pkt->to == &net->gm) == p->server_floats)
		pkt->from.sin_port = htons(NAT_PORT);
	return true;
}

static void start(struct mm_net *net, struct path *path, struct sent_log *gm_log,
		  struct sent_log *ks_log)
{
	struct ike_policy p = lesson();

	mm_net_init(net, &p, 1, &p, 1, "k", "k");
	watch(&net->gm, gm_log);
	watch(&net->ks, ks_log);
	net->filter = path_filter;
	net->filter_arg = path;
	ike_initiate(net->gm.ctx, &net->gm.addr, &net->ks.addr, NULL);
}

/* --- forged datagrams --------------------------------------------------- */

/* The header (cookies, length) of a genuine datagram with the given
 * exchange type and flags, and garbage after it. */
static size_t forge(uint8_t *out, size_t max, const uint8_t *genuine, size_t len,
		    uint8_t exchange, uint8_t flags)
{
	if (!genuine || len > max || len <= WIRE_HDR_LEN)
		return 0;
	memcpy(out, genuine, len);
	out[18] = exchange;
	out[19] = flags;
	if (exchange == IKE_EXCH_INFORMATIONAL)
		memcpy(out + 20, "\x01\x02\x03\x04", 4); /* a phase-2 message ID */
	memset(out + WIRE_HDR_LEN, 0xee, len - WIRE_HDR_LEN);
	return len;
}

static void inject_from(struct mm_net *net, struct mm_side *to, const struct mm_side *from,
			uint16_t port, const uint8_t *buf, size_t len)
{
	struct sockaddr_in src = from->addr;

	src.sin_port = htons(port);
	mm_net_inject(net, to, &src, buf, len);
	mm_net_run(net, 0);
}

/* --- the key server (responder) ----------------------------------------- */

/* Waiting for message 5: a clear one, an encrypted one that does not
 * decrypt, and an informational, each from another port. */
static void forged_message5(void)
{
	struct path path = { .drop = 1u << 5 };
	struct sent_log gm_log, ks_log;
	struct mm_net net;
	uint8_t forged[MM_MAX_MSG];
	size_t len;

	start(&net, &path, &gm_log, &ks_log);
	mm_net_run(&net, 1000);
	is_int(exchange_port(&net.ks), 848, "key server waits for message 5, peer port 848");

	len = forge(forged, sizeof(forged), net.copy[4], net.copy_len[4], IKE_EXCH_MAIN_MODE, 0);
	inject_from(&net, &net.ks, &net.gm, FORGED_PORT, forged, len);
	is_int(exchange_port(&net.ks), 848, "forged clear message 5 from another port: port kept");
	mm_net_run(&net, 2500);
	ok(ks_log.n >= 3 && ks_log.port == 848 && ks_log.exchange == IKE_EXCH_MAIN_MODE,
	   L("forged clear message 5: message 4 retransmitted to port 848 (sent to %u)",
	     ks_log.port));

	len = forge(forged, sizeof(forged), net.copy[4], net.copy_len[4], IKE_EXCH_INFORMATIONAL,
		    WIRE_FLAG_ENC);
	inject_from(&net, &net.ks, &net.gm, OTHER_PORT, forged, len);
	is_int(exchange_port(&net.ks), 848, "forged informational before message 5: port kept");
	mm_net_run(&net, 4500);
	ok(ks_log.n >= 4 && ks_log.port == 848,
	   L("forged informational: message 4 retransmitted to port 848 (sent to %u)",
	     ks_log.port));

	len = forge(forged, sizeof(forged), net.copy[4], net.copy_len[4], IKE_EXCH_MAIN_MODE,
		    WIRE_FLAG_ENC);
	inject_from(&net, &net.ks, &net.gm, FORGED_PORT, forged, len);
	ok(net.ks.failed == 1 && net.ks.last_reason == IKE_N_AUTHENTICATION_FAILED,
	   "forged encrypted message 5: does not authenticate, exchange fails");
	ok(ks_log.port == 848 && ks_log.exchange == IKE_EXCH_INFORMATIONAL,
	   L("its AUTHENTICATION_FAILED notify goes to port 848, not the forger's (sent to %u)",
	     ks_log.port));
	mm_net_free(&net);
}

/* Waiting for message 3: garbage from another port, then a repeated
 * message 1 from the member: message 2 again, to the member's port. */
static void forged_message3(void)
{
	struct path path = { .drop = 1u << 3 };
	struct sent_log gm_log, ks_log;
	struct mm_net net;
	uint8_t forged[MM_MAX_MSG];
	size_t len;

	start(&net, &path, &gm_log, &ks_log);
	mm_net_run(&net, 1000);
	is_int(exchange_port(&net.ks), 848, "key server waits for message 3, peer port 848");
	len = forge(forged, sizeof(forged), net.copy[2], net.copy_len[2], IKE_EXCH_MAIN_MODE, 0);
	inject_from(&net, &net.ks, &net.gm, FORGED_PORT, forged, len);
	is_int(exchange_port(&net.ks), 848, "forged message 3 from another port: port kept");
	inject_from(&net, &net.ks, &net.gm, 848, net.copy[0], net.copy_len[0]);
	ok(ks_log.n == 2 && ks_log.port == 848,
	   L("repeated message 1: message 2 again to port 848 (sent to %u)", ks_log.port));
	mm_net_free(&net);
}

/* A duplicate of an accepted message is answered where that message came
 * from, whatever port the duplicate comes from; garbage in between does
 * not change it. */
static void duplicate_answered_at_accepted_port(void)
{
	struct path path = { .drop = 1u << 5 };
	struct sent_log gm_log, ks_log;
	struct mm_net net;
	uint8_t forged[MM_MAX_MSG];
	size_t len;
	unsigned n;

	start(&net, &path, &gm_log, &ks_log);
	mm_net_run(&net, 1000);
	len = forge(forged, sizeof(forged), net.copy[4], net.copy_len[4], IKE_EXCH_MAIN_MODE, 0);
	inject_from(&net, &net.ks, &net.gm, FORGED_PORT, forged, len);
	n = ks_log.n;
	inject_from(&net, &net.ks, &net.gm, OTHER_PORT, net.copy[2], net.copy_len[2]);
	ok(ks_log.n == n + 1 && ks_log.port == 848,
	   L("duplicate of message 3 from another port: message 4 again to port 848 (sent to %u)",
	     ks_log.port));
	is_int(exchange_port(&net.ks), 848, "the duplicate does not move the port either");
	mm_net_free(&net);
}

/* Once established, a Main Mode datagram or an informational that does
 * not authenticate must not move where phase 2 (GROUPKEY-PULL answers,
 * Delete) goes. */
static void forged_on_established(void)
{
	struct path path = { 0 };
	struct sent_log gm_log, ks_log;
	struct mm_net net;
	uint8_t forged[MM_MAX_MSG];
	const struct ike_sa *sa;
	size_t len;

	start(&net, &path, &gm_log, &ks_log);
	mm_net_run(&net, 1000);
	sa = ike_sa_find(net.ks.ctx, net.ks.sa.icookie, net.ks.sa.rcookie);
	ok(sa && ntohs(sa->peer.sin_port) == 848, "established, peer port 848");

	len = forge(forged, sizeof(forged), net.copy[4], net.copy_len[4], IKE_EXCH_INFORMATIONAL,
		    WIRE_FLAG_ENC);
	inject_from(&net, &net.ks, &net.gm, FORGED_PORT, forged, len);
	sa = ike_sa_find(net.ks.ctx, net.ks.sa.icookie, net.ks.sa.rcookie);
	ok(sa && ntohs(sa->peer.sin_port) == 848,
	   "unauthenticated informational from another port: SA kept, port kept");

	len = forge(forged, sizeof(forged), net.copy[4], net.copy_len[4], IKE_EXCH_MAIN_MODE,
		    WIRE_FLAG_ENC);
	inject_from(&net, &net.ks, &net.gm, OTHER_PORT, forged, len);
	sa = ike_sa_find(net.ks.ctx, net.ks.sa.icookie, net.ks.sa.rcookie);
	ok(sa && ntohs(sa->peer.sin_port) == 848,
	   L("forged Main Mode message on the established SA: port kept (now %d)",
	     sa ? ntohs(sa->peer.sin_port) : -1));
	ike_sa_delete(net.ks.ctx, net.ks.sa.icookie, net.ks.sa.rcookie, true);
	ok(ks_log.port == 848 && ks_log.exchange == IKE_EXCH_INFORMATIONAL,
	   L("the Delete of that SA goes to port 848 (sent to %u)", ks_log.port));
	mm_net_free(&net);
}

/* --- the member (initiator) ---------------------------------------------- */

/* Waiting for message 4: an informational and a clear garbage message from
 * the key server's address but another port. */
static void forged_to_member(void)
{
	struct path path = { .drop = 1u << 4 };
	struct sent_log gm_log, ks_log;
	struct mm_net net;
	uint8_t forged[MM_MAX_MSG];
	size_t len;

	start(&net, &path, &gm_log, &ks_log);
	mm_net_run(&net, 1000);
	is_int(exchange_port(&net.gm), 848, "member waits for message 4, peer port 848");
	len = forge(forged, sizeof(forged), net.copy[3], net.copy_len[3], IKE_EXCH_INFORMATIONAL,
		    WIRE_FLAG_ENC);
	inject_from(&net, &net.gm, &net.ks, FORGED_PORT, forged, len);
	is_int(exchange_port(&net.gm), 848, "forged informational to the member: port kept");
	len = forge(forged, sizeof(forged), net.copy[3], net.copy_len[3], IKE_EXCH_MAIN_MODE, 0);
	inject_from(&net, &net.gm, &net.ks, OTHER_PORT, forged, len);
	is_int(exchange_port(&net.gm), 848, "forged message 4 to the member: port kept");
	mm_net_run(&net, 2500);
	ok(gm_log.n >= 3 && gm_log.port == 848 && !net.gm.failed,
	   L("member retransmits message 3 to port 848 (sent to %u)", gm_log.port));
	mm_net_free(&net);
}

/* --- NAT rebinding: genuine messages from a new port --------------------- */

static void member_rebinds(unsigned from_msg, const char *what)
{
	struct path path = { .float_from = from_msg };
	struct sent_log gm_log, ks_log;
	struct mm_net net;
	uint8_t forged[MM_MAX_MSG];
	const struct ike_sa *sa;
	size_t len;

	start(&net, &path, &gm_log, &ks_log);
	mm_net_run(&net, 1000);
	ok(net.ks.established == 1 && net.gm.established == 1, L("%s: Main Mode completes", what));
	ok(ks_log.n == 3 && ks_log.port == NAT_PORT,
	   L("%s: message 6 sent to the new port (sent to %u)", what, ks_log.port));
	is_int(ntohs(net.ks.sa.peer.sin_port), NAT_PORT,
	       L("%s: the SA's peer port is the new one", what));
	/* a forger cannot take it back, nor elsewhere */
	len = forge(forged, sizeof(forged), net.copy[4], net.copy_len[4], IKE_EXCH_MAIN_MODE, 0);
	inject_from(&net, &net.ks, &net.gm, 848, forged, len);
	sa = ike_sa_find(net.ks.ctx, net.ks.sa.icookie, net.ks.sa.rcookie);
	ok(sa && ntohs(sa->peer.sin_port) == NAT_PORT,
	   L("%s: then garbage from the old port changes nothing (port %d)", what,
	     sa ? ntohs(sa->peer.sin_port) : -1));
	mm_net_free(&net);
}

static void member_rebinds_before_message5(void)
{
	struct path path = { .drop = 1u << 5 };
	struct sent_log gm_log, ks_log;
	struct mm_net net;
	uint8_t forged[MM_MAX_MSG];
	size_t len;

	/* message 3 from a new port: message 4 answered there */
	path.float_from = 3;
	start(&net, &path, &gm_log, &ks_log);
	mm_net_run(&net, 1000);
	ok(ks_log.n == 2 && ks_log.port == NAT_PORT,
	   L("message 3 from a new port: message 4 sent there (sent to %u)", ks_log.port));
	len = forge(forged, sizeof(forged), net.copy[4], net.copy_len[4], IKE_EXCH_MAIN_MODE, 0);
	inject_from(&net, &net.ks, &net.gm, 848, forged, len);
	mm_net_run(&net, 2500);
	ok(ks_log.n == 3 && ks_log.port == NAT_PORT,
	   L("garbage from the old port: message 4 still retransmitted to the new port (sent to %u)",
	     ks_log.port));
	mm_net_free(&net);
}

static void server_rebinds(void)
{
	struct path path = { .float_from = 2, .server_floats = true };
	struct sent_log gm_log, ks_log;
	struct mm_net net;
	uint8_t forged[MM_MAX_MSG];
	const struct ike_sa *sa;
	size_t len;

	start(&net, &path, &gm_log, &ks_log);
	mm_net_run(&net, 1000);
	ok(net.gm.established == 1 && gm_log.n == 3 && gm_log.port == NAT_PORT,
	   L("key server answers from a new port: member's messages 3 and 5 go there (last to %u)",
	     gm_log.port));
	is_int(ntohs(net.gm.sa.peer.sin_port), NAT_PORT, "the member's SA uses the new port");
	len = forge(forged, sizeof(forged), net.copy[5], net.copy_len[5], IKE_EXCH_MAIN_MODE,
		    WIRE_FLAG_ENC);
	inject_from(&net, &net.gm, &net.ks, FORGED_PORT, forged, len);
	sa = ike_sa_find(net.gm.ctx, net.gm.sa.icookie, net.gm.sa.rcookie);
	ok(sa && ntohs(sa->peer.sin_port) == NAT_PORT,
	   L("then a forged message 6 from another port changes nothing (port %d)",
	     sa ? ntohs(sa->peer.sin_port) : -1));
	mm_net_free(&net);
}

int main(void)
{
	forged_message5();
	forged_message3();
	duplicate_answered_at_accepted_port();
	forged_on_established();
	forged_to_member();
	member_rebinds(3, "member floats from message 3");
	member_rebinds(5, "member floats at message 5");
	member_rebinds_before_message5();
	server_rebinds();
	return done_testing();
}
