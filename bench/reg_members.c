/* The member engine of the load generator: Main Mode through ike_mm as
 * initiator, then GROUPKEY-PULL through gm_pull, on one transport with a
 * wildcard socket on port 848 (IP_PKTINFO gives each member its source).
 * Phase 1 retransmits on its own timers; GROUPKEY-PULL messages 1 and 3
 * are resent from a periodic tick, as the daemon's member does. */
#include "bench/reg_load.h"
#include "gdoi/gm_pull.h"
#include "gdoi/group_policy.h"
#include "gdoi/ike_mm.h"
#include "gdoi/pull_frame.h"
#include "gdoi/transport.h"
#include "gdoi/wire_consts.h"

#include <event2/event.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PULL_RESEND_MS 2000
#define PULL_MAX_RESENDS 4
#define TICK_MS 250

static uint8_t out_buf[PULL_MAX_MSG];

uint64_t load_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static size_t cookie_slot(const struct load *l, const uint8_t *icookie)
{
	uint64_t k;

	memcpy(&k, icookie, sizeof(k));
	return (size_t)((k * 0x9e3779b97f4a7c15ULL) >> 20) & l->cookie_mask;
}

static void cookie_insert(struct load *l, struct member *m)
{
	size_t i = cookie_slot(l, m->icookie);

	while (l->by_cookie[i])
		i = (i + 1) & l->cookie_mask;
	l->by_cookie[i] = m;
}

static struct member *cookie_find(struct load *l, const uint8_t *icookie)
{
	for (size_t i = cookie_slot(l, icookie); l->by_cookie[i]; i = (i + 1) & l->cookie_mask)
		if (memcmp(l->by_cookie[i]->icookie, icookie, IKE_COOKIE_LEN) == 0)
			return l->by_cookie[i];
	return NULL;
}

/* A member is finished. Not to be called from inside an ike_mm callback
 * once it has a phase-1 SA (the SA is deleted here). */
static void finish(struct load *l, struct member *m, bool ok)
{
	m->state = ok ? M_DONE : M_FAILED;
	m->done_ms = load_now_ms();
	if (m->pull) {
		gm_pull_free(m->pull);
		m->pull = NULL;
		/* the key server keeps its SA as with a real member; ours goes */
		ike_sa_delete(l->ike, m->icookie, m->rcookie, false);
	}
	ok ? l->ok++ : l->failed++;
	l->in_flight--;
	if (l->ok + l->failed == l->o.count)
		event_base_loopexit(l->base, NULL);
	else
		event_active(l->kick, 0, 0);
}

static void send_from(struct load *l, struct member *m, const uint8_t *buf, size_t len)
{
	struct sockaddr_in ks = { .sin_family = AF_INET, .sin_addr = l->o.ks,
				  .sin_port = htons(GDOI_UDP_PORT) };

	transport_send(l->t, &m->local, &ks, buf, len);
	m->last_sent_ms = load_now_ms();
}

static void established(void *arg, const struct ike_sa *sa, void *user)
{
	struct load *l = arg;
	struct member *m = user;
	size_t len = 0;

	if (!m || sa->role != IKE_INITIATOR || m->state != M_PHASE1)
		return;
	memcpy(m->icookie, sa->icookie, IKE_COOKIE_LEN);
	memcpy(m->rcookie, sa->rcookie, IKE_COOKIE_LEN);
	cookie_insert(l, m);
	m->pull = gm_pull_start(sa, l->o.group_id, 0, out_buf, sizeof(out_buf), &len);
	m->state = M_PULL;
	if (m->pull)
		send_from(l, m, out_buf, len);
	/* without m->pull the tick fails the member outside this callback */
}

static void failed(void *arg, const struct sockaddr_in *peer, enum ike_role role, unsigned reason,
		   void *user)
{
	struct load *l = arg;
	struct member *m = user;
	static unsigned reported;

	if (role != IKE_INITIATOR || !m || m->state != M_PHASE1)
		return;
	if (reported++ < 5)
		fprintf(stderr, "reg_load: phase 1 failed: %s\n", ike_notify_name(reason));
	finish(l, m, false);
}

static ssize_t psk_lookup(void *arg, const struct in_addr *peer, uint8_t *key, size_t max)
{
	const struct load *l = arg;
	size_t n = strlen(l->o.psk);

	(void)peer;
	if (n > max)
		return -1;
	memcpy(key, l->o.psk, n);
	return (ssize_t)n;
}

static void pull_input(void *arg, const struct sockaddr_in *local, const struct sockaddr_in *peer,
		       const uint8_t *buf, size_t len)
{
	struct load *l = arg;
	struct member *m;
	struct group_policy policy;
	const char *why = NULL;
	size_t out_len = 0;

	if (len < 2 * IKE_COOKIE_LEN)
		return;
	m = cookie_find(l, buf);
	if (!m || m->state != M_PULL || !m->pull ||
	    memcmp(m->rcookie, buf + IKE_COOKIE_LEN, IKE_COOKIE_LEN) != 0)
		return;
	memset(&policy, 0, sizeof(policy));
	switch (gm_pull_input(m->pull, buf, len, out_buf, sizeof(out_buf), &out_len, &policy,
			      &why)) {
	case GM_PULL_SEND:
		transport_send(l->t, local, peer, out_buf, out_len);
		m->last_sent_ms = load_now_ms();
		break;
	case GM_PULL_DONE:
		if (l->o.rekey_wait_s > 0 && rekey_member_start(m, &policy) != 0)
			fprintf(stderr, "reg_load: member %u cannot verify rekeys (no KEK?)\n",
				(unsigned)(m - l->m));
		gp_wipe(&policy);
		finish(l, m, true);
		break;
	case GM_PULL_DROP:
		break;
	}
}

static void start_member(struct load *l, struct member *m)
{
	struct sockaddr_in ks = { .sin_family = AF_INET, .sin_addr = l->o.ks,
				  .sin_port = htons(GDOI_UDP_PORT) };

	m->state = M_PHASE1;
	m->start_ms = load_now_ms();
	l->in_flight++;
	if (ike_initiate(l->ike, &m->local, &ks, m) != 0)
		finish(l, m, false);
}

static void on_kick(evutil_socket_t fd, short what, void *arg)
{
	struct load *l = arg;

	(void)fd, (void)what;
	while (l->in_flight < l->o.window && l->next < l->o.count)
		start_member(l, &l->m[l->next++]);
}

/* GROUPKEY-PULL resends, and members whose message 1 could not be built. */
static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	struct load *l = arg;
	uint64_t now = load_now_ms();

	(void)fd, (void)what;
	while (l->oldest < l->next && l->m[l->oldest].state >= M_DONE)
		l->oldest++;
	for (unsigned i = l->oldest; i < l->next; i++) {
		struct member *m = &l->m[i];
		const uint8_t *msg;
		size_t len;

		if (m->state != M_PULL || now - m->last_sent_ms < PULL_RESEND_MS)
			continue;
		if (!m->pull || m->resends == PULL_MAX_RESENDS) {
			finish(l, m, false);
			continue;
		}
		msg = gm_pull_last_sent(m->pull, &len);
		m->resends++;
		l->resends++;
		send_from(l, m, msg, len);
	}
}

static void on_deadline(evutil_socket_t fd, short what, void *arg)
{
	struct load *l = arg;

	(void)fd, (void)what;
	fprintf(stderr, "reg_load: timeout with %u of %u registered\n", l->ok, l->o.count);
	event_base_loopexit(l->base, NULL);
}

static int setup_members(struct load *l)
{
	size_t slots = 1;

	while (slots < 2 * (size_t)l->o.count)
		slots <<= 1;
	l->m = calloc(l->o.count, sizeof(*l->m));
	l->by_cookie = calloc(slots, sizeof(*l->by_cookie));
	l->cookie_mask = slots - 1;
	if (!l->m || !l->by_cookie)
		return -1;
	for (unsigned i = 0; i < l->o.count; i++) {
		l->m[i].local.sin_family = AF_INET;
		l->m[i].local.sin_port = htons(GDOI_UDP_PORT);
		l->m[i].local.sin_addr.s_addr = htonl(ntohl(l->o.base.s_addr) + i);
	}
	return 0;
}

static int setup_events(struct load *l)
{
	struct timeval tick = { 0, TICK_MS * 1000 }, limit = { l->o.timeout_s, 0 };

	l->tick = event_new(l->base, -1, EV_PERSIST, on_tick, l);
	l->kick = event_new(l->base, -1, 0, on_kick, l);
	l->deadline = evtimer_new(l->base, on_deadline, l);
	if (!l->tick || !l->kick || !l->deadline)
		return -1;
	event_add(l->tick, &tick);
	event_add(l->deadline, &limit);
	return 0;
}

/* The members stand for many hosts, each with its own socket buffer: a
 * rekey to all of them must not be lost in this one socket's. */
static void widen_receive_buffer(struct load *l)
{
	int fds[4], size = 256 << 20;
	size_t n = transport_socket_fds(l->t, fds, 4);

	for (size_t i = 0; i < n && i < 4; i++)
		if (setsockopt(fds[i], SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) != 0)
			perror("reg_load: SO_RCVBUFFORCE");
}

int load_setup(struct load *l)
{
	struct sockaddr_in any = { .sin_family = AF_INET, .sin_port = htons(GDOI_UDP_PORT) };
	struct ike_policy pol = { .cipher = IKE_CIPHER_AES_CBC, .key_bits = 256,
				  .hash = IKE_HASH_SHA256, .auth = IKE_AUTH_PSK,
				  .dh_group = l->o.dh_group };
	struct ike_callbacks cb = { .send = transport_send, .psk_lookup = psk_lookup,
				    .established = established, .failed = failed, .arg = l };

	l->base = event_base_new();
	l->t = l->base ? transport_new(l->base) : NULL;
	if (!l->t || setup_members(l) != 0 || setup_events(l) != 0 ||
	    transport_listen(l->t, &any) != 0) {
		fprintf(stderr, "reg_load: setup failed\n");
		return -1;
	}
	cb.send_arg = l->t;
	l->ike = ike_ctx_new(&cb, transport_timers(l->t));
	if (!l->ike || ike_ctx_set_policies(l->ike, &pol, 1) != 0)
		return -1;
	transport_register(l->t, IKE_EXCH_MAIN_MODE, ike_transport_input, l->ike);
	transport_register(l->t, IKE_EXCH_INFORMATIONAL, ike_transport_input, l->ike);
	transport_register(l->t, ISAKMP_EXCH_GROUPKEY_PULL, pull_input, l);
	transport_register(l->t, WIRE_EXCH_GROUPKEY_PUSH, rekey_input, l);
	widen_receive_buffer(l);
	return 0;
}

void load_run(struct load *l)
{
	event_active(l->kick, 0, 0);
	event_base_dispatch(l->base);
}

void load_wait_rekey(struct load *l)
{
	struct timeval limit = { l->o.rekey_wait_s, 0 };

	event_add(l->deadline, &limit);
	event_base_dispatch(l->base);
}

void load_teardown(struct load *l)
{
	for (unsigned i = 0; l->m && i < l->o.count; i++) {
		gm_pull_free(l->m[i].pull);
		rekey_member_free(&l->m[i]);
	}
	if (l->ike)
		ike_ctx_free(l->ike);
	if (l->tick)
		event_free(l->tick);
	if (l->kick)
		event_free(l->kick);
	if (l->deadline)
		event_free(l->deadline);
	if (l->t)
		transport_free(l->t);
	if (l->base)
		event_base_free(l->base);
	free(l->by_cookie);
	free(l->m);
}
