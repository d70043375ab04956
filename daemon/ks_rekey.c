/* The key server's rekeys (gdoi/rekey.h, key server steps 1-5): one timer
 * on the event loop, armed at the earliest of every group's next
 * rekey_sched_decide() check and rekey round deadline; one GROUPKEY-PUSH
 * per rekey (built and signed once), sent to every registered member
 * (unicast, sendmmsg batches, retransmitted to those that have not
 * acknowledged) or to the group's multicast rekey address; the
 * acknowledgements (exchange 35) and the removal of silent members. */
#include "config.h"

#include "daemon/gdoi_service_int.h"
#include "daemon/rekey_service_int.h"
#include "config-parser/config.h"
#include "crypto/keystore.h"
#include "gdoi/rekey.h"
#include "gdoi/rekey_send.h"
#include "gdoi/transport.h"
#include "log/log.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/event.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* TTL of multicast rekeys (IOS sets it per group; getvpnd's configuration
 * has no knob for it yet). */
#define KSR_MCAST_TTL 8
/* A send that filled the socket buffer resumes after this (real time);
 * one that sent its chunk resumes on the event loop's next turn, after
 * the input that is waiting. */
#define KSR_RESUME_MS 1
/* Datagrams per turn of the event loop (a few ms of sendmmsg), so
 * that getvpnsh and acknowledgements are served during a large fan-out. */
#define KSR_SEND_CHUNK 2048

static uint64_t mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* The fan-out figures of a unicast round, logged once each (the
 * benchmark reads them): the first transmission is out, every member
 * acknowledged. */
static void note_sent(struct ksr_group *e)
{
	if (e->fanout_sent_us || e->sending)
		return;
	e->fanout_sent_us = mono_us();
	log_event("GDOI", LOG_SEV_INFO, "KS_REKEY_SENT",
		  "Group %s: rekey seq # %u sent to %zu members in %.3f ms", e->name, e->round.seq,
		  e->round.n, (double)(e->fanout_sent_us - e->fanout_start_us) / 1000.0);
}

static void note_acked(struct ksr_group *e)
{
	if (e->fanout_acked_us || e->round.npending)
		return;
	e->fanout_acked_us = mono_us();
	log_event("GDOI", LOG_SEV_INFO, "KS_REKEY_ACKED",
		  "Group %s: all %zu members acknowledged rekey seq # %u, %.3f ms after it started",
		  e->name, e->round.n, e->round.seq,
		  (double)(e->fanout_acked_us - e->fanout_start_us) / 1000.0);
}

static struct ksr_group *find(struct ks_rekey *r, const char *name)
{
	for (unsigned i = 0; i < r->n; i++)
		if (strcmp(r->grp[i].name, name) == 0)
			return &r->grp[i];
	return NULL;
}

static void group_reset(struct ksr_group *e)
{
	rekey_round_free(&e->round);
	e->round_active = false;
	free(e->msg);
	e->msg = NULL;
	e->len = 0;
	free(e->send_to);
	e->send_to = NULL;
	e->send_n = 0;
	e->sending = false;
}

static void on_timer(evutil_socket_t fd, short what, void *arg);

static struct ks_rekey *state(struct gdoi_service *s)
{
	if (!s->ksr && (s->ksr = calloc(1, sizeof(*s->ksr))) && s->base)
		s->ksr->timer = event_new(s->base, -1, 0, on_timer, s);
	return s->ksr;
}

/* The ksr entries follow the key server's groups (a restarted group is a
 * new ks_group: its round, if any, is over). */
static void follow_groups(struct gdoi_service *s, struct ks_rekey *r)
{
	for (unsigned i = 0; i < r->n;) {
		struct ksr_group *e = &r->grp[i];

		if (ks_group_by_name(s->ks, e->name) == e->g) {
			i++;
			continue;
		}
		group_reset(e);
		*e = r->grp[--r->n];
		memset(&r->grp[r->n], 0, sizeof(r->grp[r->n]));
	}
	for (size_t i = 0; s->ks && i < ks_group_count(s->ks); i++) {
		struct ks_group *g = ks_group_at(s->ks, i);
		struct ksr_group *e;

		if (!g->cfg.rekey || find(r, g->cfg.name) || r->n == KS_MAX_GROUPS)
			continue;
		e = &r->grp[r->n++];
		memset(e, 0, sizeof(*e));
		snprintf(e->name, sizeof(e->name), "%s", g->cfg.name);
		e->g = g;
	}
}

/* --- sending ----------------------------------------------------------- */

/* The UDP 848 socket bound to want (or to the wildcard address). */
static int socket_for(struct gdoi_service *s, struct in_addr want)
{
	int fds[GDOI_MAX_BINDS], any = -1;
	size_t n = s->transport ? transport_socket_fds(s->transport, fds, GDOI_MAX_BINDS) : 0;

	for (size_t i = 0; i < n && i < GDOI_MAX_BINDS; i++) {
		struct sockaddr_in sin;
		socklen_t sl = sizeof(sin);

		if (getsockname(fds[i], (struct sockaddr *)&sin, &sl) != 0)
			continue;
		if (sin.sin_addr.s_addr == want.s_addr)
			return fds[i];
		if (sin.sin_addr.s_addr == htonl(INADDR_ANY) && any < 0)
			any = fds[i];
	}
	return any >= 0 ? any : (n ? fds[0] : -1);
}

/* Multicast rekeys need `rekey address ipv4 ACL` naming a multicast
 * group; without one (and without `rekey transport unicast`) the group is
 * rekeyed by unicast, said once in the log. */
static bool is_multicast(struct ksr_group *e)
{
	const struct ks_group *g = e->g;

	if (g->cfg.rekey_unicast)
		return false;
	if (IN_MULTICAST(ntohl(g->cfg.kek_selector.dst.s_addr)))
		return true;
	if (!e->said_no_mcast)
		log_event("GDOI", LOG_SEV_WARNING, "KS_NO_MCAST_ADDRESS",
			  "Group %s: no multicast rekey address (rekey address ipv4); rekeys "
			  "are sent by unicast", e->name);
	e->said_no_mcast = true;
	return false;
}

static void send_multicast(struct gdoi_service *s, struct ksr_group *e)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(GDOI_UDP_PORT),
				  .sin_addr = e->g->cfg.kek_selector.dst };
	int fd = socket_for(s, e->g->cfg.server_addr);

	if (fd < 0 || rekey_mcast_sender_opts(fd, KSR_MCAST_TTL, e->g->cfg.server_addr) != 0 ||
	    sendto(fd, e->msg, e->len, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		e->send_errors++;
	else
		e->datagrams++;
}

/* Unicast transmission to the members of send_to, KSR_SEND_CHUNK per
 * turn of the event loop and resumable when the socket buffer is full
 * (the rest goes out KSR_RESUME_MS later). */
static void send_unicast(struct gdoi_service *s, struct ksr_group *e)
{
	size_t n = e->send_n, before = e->send_done;
	size_t chunk_end = before + KSR_SEND_CHUNK < n ? before + KSR_SEND_CHUNK : n;
	int fd = socket_for(s, e->g->cfg.server_addr);

	e->send_full = false;
	while (fd >= 0 && e->send_done < chunk_end) {
		int rc = rekey_send_batch(fd, e->msg, e->len, e->send_to, chunk_end, GDOI_UDP_PORT,
					  &e->send_done);

		if (rc == 1) {
			e->send_full = true;
			break;
		}
		if (rc < 0)
			e->send_errors++;
	}
	e->sending = fd >= 0 && e->send_done < n;
	e->datagrams += e->send_done - before;
	if (fd < 0)
		e->send_errors++;
	note_sent(e);
	if (!e->sending) {
		free(e->send_to);
		e->send_to = NULL;
		e->send_n = 0;
	}
}

/* Snapshot of the members still pending, the list this transmission
 * walks. */
static int take_send_list(struct ksr_group *e)
{
	size_t n;
	const struct in_addr *pending = rekey_round_pending(&e->round, &n);

	free(e->send_to);
	e->send_to = n ? malloc(n * sizeof(*e->send_to)) : NULL;
	e->send_n = e->send_to ? n : 0;
	if (n && !e->send_to)
		return -1;
	if (n)
		memcpy(e->send_to, pending, n * sizeof(*e->send_to));
	return 0;
}

static void transmit(struct gdoi_service *s, struct ksr_group *e)
{
	e->send_done = 0;
	if (e->round.cfg.unicast) {
		if (take_send_list(e) != 0)
			e->send_errors++;
		send_unicast(s, e);
		rekey_ks_note_sent(&e->round, &e->g->members);
	} else {
		send_multicast(s, e);
	}
}

/* --- rounds ------------------------------------------------------------ */

static void advance_round(struct gdoi_service *s, struct ksr_group *e, uint64_t now)
{
	while (e->round_active) {
		switch (rekey_round_poll(&e->round, now)) {
		case REKEY_ROUND_WAIT:
			return;
		case REKEY_ROUND_SEND:
			transmit(s, e);
			break;
		case REKEY_ROUND_EXPIRED:
			e->removed += rekey_ks_remove_unacked(&e->round, &e->g->members, e->name);
			e->round_active = false;
			break;
		case REKEY_ROUND_DONE:
			e->round_active = false;
			break;
		}
	}
}

static void sched_inputs(const struct ksr_group *e, struct rekey_sched_cfg *c,
			 struct rekey_sched_state *st)
{
	const struct ks_group *g = e->g;

	memset(c, 0, sizeof(*c));
	c->tek_lifetime_s = UINT32_MAX;
	for (unsigned i = 0; i < g->cfg.n_sa; i++)
		if (g->cfg.sa[i].lifetime_s < c->tek_lifetime_s)
			c->tek_lifetime_s = g->cfg.sa[i].lifetime_s;
	c->kek_lifetime_s = g->cfg.kek_lifetime_s;
	c->retransmit_period_s = g->cfg.retransmit_period_s ? g->cfg.retransmit_period_s
							    : REKEY_DEFAULT_RETRANSMIT_PERIOD_S;
	c->retransmits = g->cfg.retransmit_count;
	*st = (struct rekey_sched_state){ .tek_created = g->tek_created,
					  .kek_created = g->kek_created,
					  .policy_changed = e->policy_changed, .manual = e->manual,
					  .replace_now = e->replace_now,
					  .round_active = e->round_active };
}

static void log_sent(const struct ksr_group *e, enum rekey_reason why)
{
	char src[INET_ADDRSTRLEN], dst[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &e->g->cfg.server_addr, src, sizeof(src));
	if (e->round.cfg.unicast) {
		log_event("GDOI", LOG_SEV_NOTICE, "KS_SEND_UNICAST_REKEY",
			  "Sending Unicast Rekey (%s) for group %s from address %s with seq # %u "
			  "to %zu members", rekey_reason_name(why), e->name, src, e->round.seq,
			  e->round.n);
	} else {
		inet_ntop(AF_INET, &e->g->cfg.kek_selector.dst, dst, sizeof(dst));
		log_event("GDOI", LOG_SEV_NOTICE, "KS_SEND_MCAST_REKEY",
			  "Sending Multicast Rekey (%s) for group %s from address %s to %s with "
			  "seq # %u", rekey_reason_name(why), e->name, src, dst, e->round.seq);
	}
}

/* The old TEKs a rekey carries (in p->gp, not in the group's policy)
 * join the riding list; those whose lifetime ended leave it. */
static void note_riding(struct ksr_group *e, const struct rekey_ks_prepared *p, uint64_t now)
{
	unsigned n = 0;

	for (unsigned i = 0; i < e->n_riding; i++)
		if (e->riding_until[i] > now && gp_find_tek_const(&p->gp, e->riding[i]) == NULL) {
			e->riding[n] = e->riding[i];
			e->riding_until[n++] = e->riding_until[i];
		}
	for (unsigned i = 0; i < p->gp.n_teks && n < GP_MAX_TEKS; i++) {
		const struct gp_tek *t = &p->gp.teks[i];

		if (gp_find_tek_const(&e->g->policy, t->spi) || gp_find_tek_const(&p->gp, t->spi) != t)
			continue;
		e->riding[n] = t->spi;
		e->riding_until[n++] = now + t->lifetime_s;
	}
	e->n_riding = n;
}

/* replace-now: the riding TEKs are deleted too (room permitting). */
static size_t deletions(struct ksr_group *e, const struct rekey_ks_prepared *p,
			const struct rekey_decision *d, uint64_t now, uint32_t *del)
{
	size_t n = p->n_del;

	memcpy(del, p->del, n * sizeof(*del));
	if (d->reason != REKEY_MANUAL_REPLACE_NOW)
		return n;
	for (unsigned i = 0; i < e->n_riding && n < PUSH_MAX_DELETE; i++)
		if (e->riding_until[i] > now)
			del[n++] = e->riding[i];
	e->n_riding = 0;
	return n;
}

/* Builds the rekey the decision asks for and starts its round. */
static int start_rekey(struct gdoi_service *s, struct ksr_group *e,
		       const struct rekey_decision *d, uint64_t now)
{
	struct ks_group *g = e->g;
	struct rekey_ks_prepared *p = calloc(1, sizeof(*p));
	EVP_PKEY *key = s->config->keystore ? keystore_get(s->config->keystore, g->cfg.rsa_label)
					     : NULL;
	struct rekey_round_cfg rc = { .unicast = !is_multicast(e),
				      .period_s = g->cfg.retransmit_period_s ?
						  g->cfg.retransmit_period_s : 1,
				      .retransmits = g->cfg.retransmit_count };
	struct in_addr *members = NULL;
	struct push_content c;
	uint32_t del[PUSH_MAX_DELETE];
	const char *why = "out of memory";
	size_t n = 0;
	int ret = -1;

	group_reset(e);
	e->fanout_start_us = mono_us();
	e->fanout_sent_us = e->fanout_acked_us = 0;
	if (!p || !(e->msg = malloc(PUSH_MAX_MSG)))
		goto out;
	if (!key) {
		why = "the rekey RSA key is gone";
		goto out;
	}
	if (rekey_ks_prepare(s->ks, g, d, now, p) < 0) {
		why = "cannot prepare the new keys";
		goto out;
	}
	c = (struct push_content){ .seq = p->seq, .gp = &p->gp, .ack_requested = rc.unicast,
				   .delete_spis = del, .n_delete = deletions(e, p, d, now, del) };
	note_riding(e, p, now);
	if (push_build(&p->kek, key, &c, e->msg, PUSH_MAX_MSG, &e->len, &why) < 0)
		goto out;
	if (rc.unicast)
		members = rekey_ks_member_addrs(&g->members, &n);
	if (rekey_round_start(&e->round, p->seq, &p->kek, members, n, &rc, now) < 0) {
		why = "cannot start the rekey round";
		goto out;
	}
	e->round_active = true;
	e->round_started = now;
	e->last_reason = d->reason;
	e->last_at = now;
	e->last_wall = time(NULL);
	e->rounds++;
	g->rekeys_sent++;
	log_sent(e, d->reason);
	ret = 0;
out:
	if (ret < 0) {
		log_event("GDOI", LOG_SEV_ERR, "KS_REKEY_FAIL", "Rekey of group %s failed: %s",
			  e->name, why);
		group_reset(e);
	}
	free(members);
	if (p)
		rekey_ks_prepared_wipe(p);
	free(p);
	return ret;
}

static void run_group(struct gdoi_service *s, struct ksr_group *e, uint64_t now)
{
	struct rekey_sched_cfg c;
	struct rekey_sched_state st;
	struct rekey_decision d;

	advance_round(s, e, now);
	sched_inputs(e, &c, &st);
	rekey_sched_decide(&c, &st, now, &d);
	e->next_check = d.next_check;
	if (d.reason == REKEY_NONE)
		return;
	e->policy_changed = e->manual = e->replace_now = false;
	if (start_rekey(s, e, &d, now) == 0)
		advance_round(s, e, now);
	/* the keys changed: ask again for the next rekey */
	sched_inputs(e, &c, &st);
	rekey_sched_decide(&c, &st, now, &d);
	e->next_check = d.next_check;
}

/* Arms the timer at the earliest deadline (pull_now() seconds, possibly
 * scaled for tests: see pull_time_scale()). */
static void arm(struct gdoi_service *s, struct ks_rekey *r, uint64_t now)
{
	uint64_t next = UINT64_MAX, ms;
	struct timeval tv;
	bool resume = false, full = false;

	for (unsigned i = 0; i < r->n; i++) {
		struct ksr_group *e = &r->grp[i];
		uint64_t t = e->next_check;

		if (e->round_active && rekey_round_deadline(&e->round) < t)
			t = rekey_round_deadline(&e->round);
		if (t < next)
			next = t;
		resume |= e->sending;
		full |= e->sending && e->send_full;
	}
	if (!r->timer)
		r->timer = s->base ? event_new(s->base, -1, 0, on_timer, s) : NULL;
	if (!r->timer)
		return;
	if (next == UINT64_MAX && !resume) {
		event_del(r->timer);
		return;
	}
	ms = next <= now ? 0 : (next - now) * 1000 / pull_time_scale();
	if (ms > 3600 * 1000)
		ms = 3600 * 1000;   /* recomputed at least hourly */
	ms += 1;   /* after the deadline, not just before it (pull_now() rounds down) */
	if (resume && ms > (full ? KSR_RESUME_MS : 0))
		ms = full ? KSR_RESUME_MS : 0;
	tv.tv_sec = (time_t)(ms / 1000);
	tv.tv_usec = (suseconds_t)(ms % 1000) * 1000;
	event_add(r->timer, &tv);
}

void ks_rekey_sync(struct gdoi_service *s, uint64_t now)
{
	struct ks_rekey *r = state(s);

	if (!r)
		return;
	follow_groups(s, r);
	for (unsigned i = 0; i < r->n; i++) {
		struct ksr_group *e = &r->grp[i];

		if (e->sending)
			send_unicast(s, e);
		if (!e->sending)
			run_group(s, e, now);
	}
	arm(s, r, now);
}

static void on_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	ks_rekey_sync(arg, pull_now());
}

/* --- events from the configuration, the CLI and the network ------------ */

void ks_rekey_policy_changed(struct gdoi_service *s, const char *name)
{
	struct ks_rekey *r = state(s);
	struct ksr_group *e;

	if (!r)
		return;
	follow_groups(s, r);
	if ((e = find(r, name)))
		e->policy_changed = true;
}

void ks_rekey_after_pull(struct gdoi_service *s, struct in_addr peer)
{
	struct ks_rekey *r = s->ksr;

	for (unsigned i = 0; r && i < r->n; i++) {
		struct ksr_group *e = &r->grp[i];
		const struct ks_member *m;

		if (!e->round_active || ks_group_by_name(s->ks, e->name) != e->g)
			continue;
		m = ks_members_find(&e->g->members, peer);
		if (m && m->registered_mono >= e->round_started)
			rekey_round_forget(&e->round, peer);
	}
}

/* A GROUPKEY-PUSH acknowledgement (RFC 8263) from a member. */
void ks_rekey_ack_input(struct gdoi_service *s, const struct sockaddr_in *peer,
			const uint8_t *buf, size_t len)
{
	struct ks_rekey *r = s->ksr;
	uint8_t spi[GP_KEK_SPI_LEN];
	struct in_addr member;
	const char *why = "no rekey round with that KEK";
	uint32_t seq;

	if (!r || push_ack_peek_spi(buf, len, spi) != 0)
		return;
	for (unsigned i = 0; i < r->n; i++) {
		struct ksr_group *e = &r->grp[i];

		if (ks_group_by_name(s->ks, e->name) != e->g ||
		    CRYPTO_memcmp(e->round.kek.spi, spi, sizeof(spi)) != 0 || !e->msg)
			continue;
		if (push_ack_open(&e->round.kek, buf, len, &seq, &member, &why) != 0)
			break;
		if (member.s_addr != peer->sin_addr.s_addr) {
			why = "acknowledgement names another member";
			break;
		}
		if (rekey_ks_ack(&e->round, &e->g->members, member, seq) == REKEY_ACK_OK) {
			e->acks++;
			note_acked(e);
		} else
			e->other_acks++;
		return;
	}
	r->bad_acks++;
	log_debug("GDOI: rekey acknowledgement dropped: %s", why);
}

void ks_rekey_request(struct gdoi_service *s, bool replace_now)
{
	struct ks_rekey *r = state(s);

	if (!r)
		return;
	follow_groups(s, r);
	for (unsigned i = 0; i < r->n; i++) {
		r->grp[i].manual = true;
		r->grp[i].replace_now |= replace_now;
	}
	ks_rekey_sync(s, pull_now());
}

void ks_rekey_group_stopped(struct gdoi_service *s, const char *name)
{
	struct ks_rekey *r = s->ksr;
	struct ksr_group *e = r ? find(r, name) : NULL;

	if (!e)
		return;
	group_reset(e);
	*e = r->grp[--r->n];
	memset(&r->grp[r->n], 0, sizeof(r->grp[r->n]));
}

void ks_rekey_free(struct gdoi_service *s)
{
	struct ks_rekey *r = s->ksr;

	if (!r)
		return;
	for (unsigned i = 0; i < r->n; i++)
		group_reset(&r->grp[i]);
	if (r->timer)
		event_free(r->timer);
	free(r);
	s->ksr = NULL;
}
