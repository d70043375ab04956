/* The group member's rekeys (gdoi/rekey.h, member steps 1-3): after each
 * registration the KEK and KS public key go to push_gm; a GROUPKEY-PUSH
 * (exchange 33) that push_gm_receive() accepts updates the group's policy
 * and the dataplane (gm_rekeyed: new TEKs installed, deleted ones
 * removed) and is acknowledged; each TEK leaves the dataplane when its own
 * lifetime ends; the member registers again when its keys run out with
 * no rekey, when a rekey deletes them, or on `clear crypto gdoi`
 * (gm_service_clear). Multicast rekey groups are joined on the
 * registration address. */
#include "config.h"

#include "daemon/gdoi_service_int.h"
#include "daemon/rekey_service_int.h"
#include "gdoi/rekey_send.h"
#include "gdoi/transport.h"
#include "log/log.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/event.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static struct gm_rekey *state(struct gdoi_service *s)
{
	if (!s->gmr)
		s->gmr = calloc(1, sizeof(*s->gmr));
	return s->gmr;
}

/* The member instance's token: it changes when the instance restarts
 * (`clear crypto gdoi`, configuration change), even if the new group
 * happens to get the old one's address. */
static uint64_t token_of(const struct gdoi_service *s, const char *name)
{
	for (unsigned i = 0; i < s->n_gm; i++)
		if (strcmp(s->gm_inst[i].name, name) == 0)
			return s->gm_inst[i].token;
	return 0;
}

static bool same_group(const struct gdoi_service *s, const struct gmr_group *e)
{
	return gm_group_by_name(s->gm, e->name) == e->g && token_of(s, e->name) == e->token;
}

/* --- key timers ---------------------------------------------------------- */

static uint64_t expiry_of(const struct gmr_group *e, uint32_t spi, uint64_t dflt)
{
	for (unsigned i = 0; i < e->n_spi; i++)
		if (e->spi[i] == spi)
			return e->tek_expires[i];
	return dflt;
}

/* The table of TEK expiries for policy gp: TEKs in fresh (a rekey's
 * content) or unknown so far count from now, the others keep theirs. */
static void time_teks(struct gmr_group *e, const struct group_policy *gp,
		      const struct group_policy *fresh, uint64_t now)
{
	uint32_t spi[GP_MAX_TEKS];
	uint64_t exp[GP_MAX_TEKS];
	unsigned n = 0;

	for (unsigned i = 0; i < gp->n_teks && n < GP_MAX_TEKS; i++) {
		const struct gp_tek *t = &gp->teks[i], *f;

		if (gp_find_tek_const(gp, t->spi) != t)
			continue;
		f = fresh ? gp_find_tek_const(fresh, t->spi) : NULL;
		spi[n] = t->spi;
		exp[n++] = f ? now + f->lifetime_s : expiry_of(e, t->spi, now + t->lifetime_s);
	}
	memcpy(e->spi, spi, sizeof(spi));
	memcpy(e->tek_expires, exp, sizeof(exp));
	e->n_spi = n;
}

/* The lifetimes in the policy become what remains at now (how the show
 * commands and gm.c count them). */
static void remaining_lifetimes(const struct gmr_group *e, struct group_policy *gp, uint64_t now)
{
	for (unsigned i = 0; i < gp->n_teks; i++) {
		uint64_t t = expiry_of(e, gp->teks[i].spi, now + gp->teks[i].lifetime_s);

		gp->teks[i].lifetime_s = t > now ? (uint32_t)(t - now) : 1;
	}
	if (gp->kek.present)
		gp->kek.lifetime_s = e->kek_expires > now ? (uint32_t)(e->kek_expires - now) : 1;
}

/* When the keys run out and when to register again before that (a tenth
 * of the time left, at most PUSH_GM_REREGISTER_LEAD_S: the key server's
 * rekey comes well before). */
static void key_times(const struct gmr_group *e, uint64_t now, uint64_t *expires,
		      uint64_t *reregister)
{
	uint64_t last = now, lead;

	for (unsigned i = 0; i < e->n_spi; i++)
		if (e->tek_expires[i] > last)
			last = e->tek_expires[i];
	*expires = e->kek_expires && e->kek_expires < last ? e->kek_expires : last;
	lead = (*expires - now) / 10;
	if (lead > PUSH_GM_REREGISTER_LEAD_S)
		lead = PUSH_GM_REREGISTER_LEAD_S;
	*reregister = *expires - lead;
}

static void reregister(struct gdoi_service *s, struct gmr_group *e, const char *why,
		       uint64_t now)
{
	struct gm_group *g = same_group(s, e) ? e->g : NULL;

	if (!g || g->state != GM_STATE_REGISTERED)
		return;
	log_event("GDOI", LOG_SEV_NOTICE, "GM_REREGISTER", "Group %s registers again: %s",
		  e->name, why);
	e->reregistrations++;
	gm_reregister(s->gm, g, now);
}

/* --- following the member's groups ---------------------------------------- */

static void forget_last(struct gmr_group *e)
{
	rekey_kek_wipe(&e->last_kek);
	EVP_PKEY_free(e->last_pub);
	e->last_pub = NULL;
	e->has_last = false;
}

static void stop(struct gdoi_service *s, struct gmr_group *e)
{
	gm_rekey_mcast_leave(s, e);
	push_gm_stop(&e->pg);
	forget_last(e);
	e->started = false;
}

/* push_gm with the registration's KEK: the Key Download's IV | key when
 * the key server sent an IV (RFC 3547 / IOS), the bare key otherwise. */
static int start_push(struct gmr_group *e)
{
	const struct gp_kek *k = &e->g->policy.kek;
	uint8_t kd[GP_MAX_KEK_IV_LEN + GP_MAX_KEK_KEY_LEN];
	int rc;

	if (!k->iv_len || k->iv_len + k->key_len > sizeof(kd))
		return push_gm_start(&e->pg, &e->g->policy, NULL, 0, e->g->local_addr,
				     e->g->cfg.wire_flags);
	memcpy(kd, k->iv, k->iv_len);
	memcpy(kd + k->iv_len, k->key, k->key_len);
	rc = push_gm_start(&e->pg, &e->g->policy, kd, k->iv_len + k->key_len, e->g->local_addr,
			   e->g->cfg.wire_flags);
	OPENSSL_cleanse(kd, sizeof(kd));
	return rc;
}

static void registered(struct gdoi_service *s, struct gmr_group *e, uint64_t now)
{
	const struct gm_group *g = e->g;
	uint64_t base = g->registered_at <= now ? g->registered_at : now;

	e->successes = g->successes;
	e->since_registration = 0;
	forget_last(e);
	e->started = start_push(e) == 0;
	e->n_spi = 0;
	time_teks(e, &g->policy, NULL, base);
	e->kek_expires = g->policy.kek.present ? base + g->policy.kek.lifetime_s : 0;
	gm_rekey_mcast_follow(s, e);
}

static void follow(struct gdoi_service *s, struct gm_rekey *r, uint64_t now)
{
	for (unsigned i = 0; i < r->n;) {
		struct gmr_group *e = &r->grp[i];

		if (same_group(s, e)) {
			i++;
			continue;
		}
		stop(s, e);
		*e = r->grp[--r->n];
		memset(&r->grp[r->n], 0, sizeof(r->grp[r->n]));
	}
	for (size_t i = 0; s->gm && i < gm_group_count(s->gm); i++) {
		struct gm_group *g = gm_group_at(s->gm, i);
		struct gmr_group *e = NULL;

		for (unsigned k = 0; k < r->n && !e; k++)
			if (r->grp[k].g == g)
				e = &r->grp[k];
		if (!e && r->n < GM_MAX_GROUPS) {
			e = &r->grp[r->n++];
			memset(e, 0, sizeof(*e));
			e->mcast_fd = -1;
			snprintf(e->name, sizeof(e->name), "%s", g->cfg.name);
			e->g = g;
			e->token = token_of(s, e->name);
		}
		if (e && g->registered_once && g->successes != e->successes)
			registered(s, e, now);
	}
}

/* --- a GROUPKEY-PUSH ---------------------------------------------------- */

static void log_rekey(const struct gmr_group *e, const struct sockaddr_in *peer,
		      const struct push_rx *rx)
{
	char ks[INET_ADDRSTRLEN], spis[GP_MAX_TEKS * 12] = "";
	size_t off = 0;

	inet_ntop(AF_INET, &peer->sin_addr, ks, sizeof(ks));
	for (unsigned i = 0; i < rx->update.gp.n_teks && off < sizeof(spis) - 12; i++)
		off += (size_t)snprintf(spis + off, sizeof(spis) - off, " 0x%08X",
					rx->update.gp.teks[i].spi);
	log_event("GDOI", LOG_SEV_NOTICE, "GM_RECV_REKEY",
		  "Received Rekey for group %s from %s with seq # %u, TEK SPIs%s%s", e->name, ks,
		  rx->seq, spis, rx->update.gp.kek.present ? " and a new KEK" : "");
}

static void accept_rekey(struct gdoi_service *s, struct gmr_group *e, const struct push_rx *rx,
			 const struct push_gm_result *res, const struct sockaddr_in *peer,
			 uint64_t now)
{
	struct gm_group *g = same_group(s, e) ? e->g : NULL;
	struct group_policy *p = malloc(sizeof(*p));
	enum push_rereg rr;
	uint64_t expires, rereg;

	if (!p || !g || !g->registered_once) {
		free(p);
		return;
	}
	*p = g->policy;
	rr = push_gm_apply(p, rx);
	if (rx->update.gp.kek.present)
		e->kek_expires = now + rx->update.gp.kek.lifetime_s;
	time_teks(e, p, &rx->update.gp, now);
	remaining_lifetimes(e, p, now);
	key_times(e, now, &expires, &rereg);
	gm_rekeyed(s->gm, g, p, now, expires, rereg);
	OPENSSL_clear_free(p, sizeof(*p));
	if (res->ack_len) {
		struct sockaddr_in self = { .sin_family = AF_INET, .sin_addr = g->local_addr,
					    .sin_port = htons(GDOI_UDP_PORT) };

		transport_send(s->transport, &self, peer, res->ack, res->ack_len);
	}
	e->since_registration++;
	e->last_from = peer->sin_addr;
	e->last_wall = time(NULL);
	g->rekeys++;
	g->rekey_acks_sent += res->ack_len > 0;
	g->last_rekey_from = peer->sin_addr;
	g->last_rekey_wall = e->last_wall;
	log_rekey(e, peer, rx);
	gm_rekey_mcast_follow(s, e);
	if (rr != PUSH_REREG_NONE || res->rereg != PUSH_REREG_NONE)
		reregister(s, e, push_rereg_name(rr != PUSH_REREG_NONE ? rr : res->rereg), now);
}

/* A retransmission of the last accepted rekey (its SEQ, authentic, under
 * the KEK that protected it): the key server did not get the
 * acknowledgement, send it again to where the rekey came from. It still
 * counts as a replay (nothing is applied). true if it was one. */
static bool reacknowledge(struct gdoi_service *s, struct gmr_group *e, const uint8_t *spi,
			  const uint8_t *buf, size_t len, struct push_rx *rx)
{
	struct sockaddr_in self = { .sin_family = AF_INET, .sin_addr = e->g->local_addr,
				    .sin_port = htons(GDOI_UDP_PORT) };
	struct sockaddr_in ks = { .sin_family = AF_INET, .sin_addr = e->last_from,
				  .sin_port = htons(GDOI_UDP_PORT) };
	uint8_t ack[PUSH_ACK_MAX_LEN];
	size_t ack_len;
	const char *why;

	if (!e->has_last || CRYPTO_memcmp(e->last_kek.spi, spi, GP_KEK_SPI_LEN) != 0 ||
	    push_open(&e->last_kek, e->last_pub, e->last_ack_seq - 1, e->pg.wire_flags, buf, len,
		      rx, &why) != PUSH_OK || rx->seq != e->last_ack_seq)
		return false;
	if (push_ack_build(&e->last_kek, rx->seq, e->pg.self, ack, sizeof(ack), &ack_len) == 0)
		transport_send(s->transport, &self, &ks, ack, ack_len);
	e->pg.ctr.rejected[PUSH_E_REPLAY]++;
	e->g->rekey_acks_sent++;
	e->reacks++;
	log_debug("GDOI: rekey seq %u of group %s received again: acknowledged again", rx->seq,
		  e->name);
	return true;
}

/* After an accepted rekey: what reacknowledge() needs. */
static void remember_last(struct gmr_group *e, const struct rekey_kek *kek, EVP_PKEY *pub,
			  uint32_t seq)
{
	forget_last(e);
	e->last_kek = *kek;
	e->last_pub = pub;
	e->last_ack_seq = seq;
	e->has_last = true;
}

static void note_rejected(struct gmr_group *e, const struct push_gm_result *res,
			  const struct sockaddr_in *peer)
{
	char ks[INET_ADDRSTRLEN];

	if (res->verdict == PUSH_E_REPLAY) {
		/* also every retransmission of a multicast rekey: counted, not logged */
		log_debug("GDOI: rekey for group %s not newer than seq %u: dropped", e->name,
			  e->pg.last_seq);
		return;
	}
	inet_ntop(AF_INET, &peer->sin_addr, ks, sizeof(ks));
	log_event("GDOI", LOG_SEV_WARNING, "GM_REKEY_REJECTED",
		  "Rekey for group %s from %s rejected (%s): %s", e->name, ks,
		  push_reject_name(res->verdict), res->why ? res->why : "");
}

void gm_rekey_push_input(struct gdoi_service *s, const struct sockaddr_in *local,
			 const struct sockaddr_in *peer, const uint8_t *buf, size_t len)
{
	struct gm_rekey *r = state(s);
	uint64_t now = pull_now();
	uint8_t spi[GP_KEK_SPI_LEN];
	struct gmr_group *e = NULL;
	struct push_gm_result res;
	struct push_rx *rx;
	struct rekey_kek before;
	EVP_PKEY *pub;

	(void)local;
	if (!r || !s->gm || push_peek_spi(buf, len, spi) != 0)
		return;
	follow(s, r, now);
	for (unsigned i = 0; i < r->n && !e; i++)
		if (r->grp[i].started &&
		    (CRYPTO_memcmp(r->grp[i].pg.kek.spi, spi, sizeof(spi)) == 0 ||
		     (r->grp[i].has_last &&
		      CRYPTO_memcmp(r->grp[i].last_kek.spi, spi, sizeof(spi)) == 0)))
			e = &r->grp[i];
	if (!e) {
		r->unknown_kek++;
		log_debug("GDOI: GROUPKEY-PUSH for an unknown KEK dropped");
		return;
	}
	if (!(rx = malloc(sizeof(*rx))))
		return;
	if (reacknowledge(s, e, spi, buf, len, rx)) {
		push_rx_wipe(rx);
		free(rx);
		return;
	}
	memset(&res, 0, sizeof(res));
	before = e->pg.kek;
	if ((pub = e->pg.ks_pub))
		EVP_PKEY_up_ref(pub);
	push_gm_receive(&e->pg, buf, len, rx, &res);
	if (res.verdict == PUSH_OK) {
		if (res.ack_len)
			remember_last(e, &before, pub, rx->seq);
		else
			EVP_PKEY_free(pub);
		accept_rekey(s, e, rx, &res, peer, now);
	} else {
		EVP_PKEY_free(pub);
		note_rejected(e, &res, peer);
	}
	push_rx_wipe(rx);
	free(rx);
	rekey_kek_wipe(&before);
	OPENSSL_cleanse(&res, sizeof(res));
	gm_service_poll(s, now);   /* a re-registration asked for starts now */
}

/* --- every second ------------------------------------------------------- */

/* TEKs whose own lifetime ended leave the policy and the dataplane (the
 * newest stays until the member registers again). */
static void expire_teks(struct gdoi_service *s, struct gmr_group *e, uint64_t now)
{
	struct gm_group *g = same_group(s, e) ? e->g : NULL;
	struct group_policy *p;
	uint64_t expires, rereg;
	unsigned kept = 0, gone = 0;

	if (!g || !g->registered_once)
		return;
	for (unsigned i = 0; i < e->n_spi; i++)
		gone += e->tek_expires[i] <= now;
	if (!gone || gone == e->n_spi || !(p = malloc(sizeof(*p))))
		return;
	*p = g->policy;
	for (unsigned i = 0; i < p->n_teks; i++) {
		if (expiry_of(e, p->teks[i].spi, UINT64_MAX) <= now)
			continue;
		p->teks[kept++] = p->teks[i];
	}
	OPENSSL_cleanse(&p->teks[kept], (p->n_teks - kept) * sizeof(p->teks[0]));
	p->n_teks = kept;
	e->expired_teks += gone;
	time_teks(e, p, NULL, now);
	remaining_lifetimes(e, p, now);
	key_times(e, now, &expires, &rereg);
	gm_rekeyed(s->gm, g, p, now, expires, rereg);
	OPENSSL_clear_free(p, sizeof(*p));
}

static enum push_rereg rereg_reason(const struct push_gm_clock *c, uint64_t now, uint64_t lead)
{
	enum push_rereg r = push_gm_reregister_due(c, now, (uint32_t)lead);

	return r == PUSH_REREG_NONE ? PUSH_REREG_TEK_EXPIRING : r;
}

void gm_rekey_poll(struct gdoi_service *s, uint64_t now)
{
	struct gm_rekey *r = s->gm ? state(s) : NULL;

	if (!r)
		return;
	follow(s, r, now);
	for (unsigned i = 0; i < r->n; i++) {
		struct gmr_group *e = &r->grp[i];
		struct push_gm_clock c = { .kek_expires = e->kek_expires };
		uint64_t expires, rereg;

		if (!e->started)
			continue;
		expire_teks(s, e, now);
		key_times(e, now, &expires, &rereg);
		c.last_tek_expires = expires;
		if (e->g->state == GM_STATE_REGISTERED && now >= e->g->reregister_at)
			reregister(s, e, push_rereg_name(rereg_reason(&c, now, expires - rereg)), now);
	}
}

void gm_rekey_free(struct gdoi_service *s)
{
	struct gm_rekey *r = s->gmr;

	if (!r)
		return;
	for (unsigned i = 0; i < r->n; i++)
		stop(s, &r->grp[i]);
	OPENSSL_clear_free(r, sizeof(*r));
	s->gmr = NULL;
}
