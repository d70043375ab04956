/* The group member's kernel dataplane (xfrm/group_sa.h) behind the
 * narrow interface of gdoi/gm_dataplane.h. Per group: the TEK selectors
 * become the ACL, the crypto-map interface the anchor, each distinct TEK
 * SPI one group SA (the newest sends); the XFRM event socket (ACQUIREs
 * for new host pairs) is served on the daemon's loop. The kernel is
 * probed once, when the first member instance appears: without ESP the
 * members keep registering and show "dataplane unavailable". */
#include "config.h"

#include "daemon/gdoi_service_int.h"
#include "config-parser/config.h"
#include "gdoi/transport.h"
#include "log/log.h"
#include "daemon/gm_dataplane_retry.h"
#include "xfrm/cleanup.h"
#include "xfrm/fault_knobs.h"
#include "xfrm/group_sa.h"
#include "xfrm/probe.h"
#include "xfrm/sock_bypass.h"

#include <errno.h>
#include <linux/netlink.h>
#include <event2/event.h>
#include <stdlib.h>
#include <string.h>

#define DP_MAX_SPIS 4   /* the xfrm layer keeps at most 4 TEKs per group */
#define DP_IDLE_PAIR_S 300  /* host pairs without traffic this long are removed */

struct dp_group {
	char name[GP_NAME_LEN];
	char ifname[IFNAMSIZ];
	struct gv_gm *gm;
	struct event *ev, *rtnl_ev;
	struct gv_gm_acl_entry acl[GP_MAX_TEKS];
	size_t acl_len;
	uint32_t spis[DP_MAX_SPIS];
	unsigned n_spis;
	uint32_t active;                 /* the SPI outbound traffic uses */
};

struct gm_dp_hook {
	struct gdoi_service *s;
	bool probed, available;
	struct event *reaper;
	struct gm_dp_retry *retry;	/* failed installs: gm_dataplane_retry.c */
	unsigned long past_overruns;	/* of groups dropped since */
	unsigned next_index;
	struct dp_group *groups[GM_MAX_GROUPS];
	unsigned n_groups;
};

/* The TEK selectors as the group's ACL, each selector once (a rekey
 * carries the new and the old TEK with the same selector). */
static void acl_of(const struct group_policy *gp, struct dp_group *d)
{
	d->acl_len = 0;
	memset(d->acl, 0, sizeof(d->acl));
	for (unsigned i = 0; i < gp->n_teks && i < GP_MAX_TEKS; i++) {
		const struct gp_selector *s = &gp->teks[i].selector;
		int sp = gp_mask_prefix(s->src_mask), dp = gp_mask_prefix(s->dst_mask);
		struct gv_gm_acl_entry e = {
			.permit = 1,
			.sel = { .src = s->src.s_addr, .dst = s->dst.s_addr,
				 .src_plen = (uint8_t)(sp < 0 ? 32 : sp),
				 .dst_plen = (uint8_t)(dp < 0 ? 32 : dp),
				 .proto = s->protocol, .sport = s->src_port, .dport = s->dst_port },
		};
		bool seen = false;

		for (size_t j = 0; j < d->acl_len && !seen; j++)
			seen = memcmp(&d->acl[j], &e, sizeof(e)) == 0;
		if (!seen)
			d->acl[d->acl_len++] = e;
	}
}

/* The installed SPI to send with: the TEK with the most lifetime left,
 * i.e. the newest one the key server distributed. */
static uint32_t newest_spi(const struct dp_group *d, const struct group_policy *gp)
{
	uint32_t best = 0, life = 0;

	for (unsigned i = 0; i < gp->n_teks; i++)
		for (unsigned j = 0; j < d->n_spis; j++)
			if (gp->teks[i].spi == d->spis[j] && (!best || gp->teks[i].lifetime_s > life)) {
				best = d->spis[j];
				life = gp->teks[i].lifetime_s;
			}
	return best;
}

static const char *enc_name(uint8_t esp_id)
{
	switch (esp_id) {
	case GP_ESP_AES: return "esp-aes";
	case GP_ESP_3DES: return "esp-3des";
	case GP_ESP_NULL: return "esp-null";
	case GP_ESP_AES_GCM_16: return "esp-gcm";
	default: return NULL;
	}
}

static const char *auth_name(uint8_t auth_id)
{
	switch (auth_id) {
	case GP_AUTH_HMAC_MD5: return "esp-md5-hmac";
	case GP_AUTH_HMAC_SHA1: return "esp-sha-hmac";
	case GP_AUTH_HMAC_SHA256: return "esp-sha256-hmac";
	case GP_AUTH_HMAC_SHA384: return "esp-sha384-hmac";
	case GP_AUTH_HMAC_SHA512: return "esp-sha512-hmac";
	default: return NULL;
	}
}

/* The TEK's keys in the xfrm layer's terms, lengths checked. */
static int tek_keys(const struct gp_tek *t, struct gv_gm_tek *out, char *err, size_t errlen)
{
	const char *en = enc_name(t->esp_id), *an = auth_name(t->auth_id);
	const struct gv_alg *enc = en ? gv_alg_find(en, t->key_bits) : NULL;
	const struct gv_alg *auth = an ? gv_alg_find(an, 0) : NULL;

	if (!enc || (t->auth_id != GP_AUTH_NONE && !auth)) {
		snprintf(err, errlen, "transform %s %s not supported by the dataplane",
			 gp_esp_name(t->esp_id, t->key_bits), gp_auth_name(t->auth_id));
		return -1;
	}
	out->spi = t->spi;
	return gv_keys_set(&out->keys, enc, t->key, t->key_len, auth, t->integ_key,
			   t->integ_key_len, err, errlen);
}

static struct dp_group *find(struct gm_dp_hook *h, const char *name)
{
	for (unsigned i = 0; i < h->n_groups; i++)
		if (strcmp(h->groups[i]->name, name) == 0)
			return h->groups[i];
	return NULL;
}

static void drop(struct gm_dp_hook *h, struct dp_group *d)
{
	if (d->ev)
		event_free(d->ev);
	if (d->rtnl_ev)
		event_free(d->rtnl_ev);
	h->past_overruns += gv_gm_event_overruns(d->gm);
	if (d->gm && gv_gm_withdraw(d->gm) < 0)
		log_event("GDOI", LOG_SEV_ERR, "GM_DATAPLANE_FAIL",
			  "Withdrawing the dataplane of group %s: %s", d->name, gv_gm_error(d->gm));
	gv_gm_free(d->gm);
	for (unsigned i = 0; i < h->n_groups; i++)
		if (h->groups[i] == d)
			h->groups[i] = h->groups[--h->n_groups];
	free(d);
}

static void on_xfrm_events(evutil_socket_t fd, short what, void *arg)
{
	struct dp_group *d = arg;

	(void)fd;
	(void)what;
	if (gv_gm_process_events(d->gm) < 0)
		log_debug("GDOI: dataplane events of group %s: %s", d->name, gv_gm_error(d->gm));
}

/* Interface addresses changed: bypass-lan follows. */
static void on_rtnl(evutil_socket_t fd, short what, void *arg)
{
	struct dp_group *d = arg;

	(void)fd;
	(void)what;
	if (gv_gm_process_rtnl(d->gm) < 0)
		log_debug("GDOI: dataplane address tracking of group %s: %s", d->name,
			  gv_gm_error(d->gm));
}

static void on_reap(evutil_socket_t fd, short what, void *arg)
{
	struct gm_dp_hook *h = arg;

	(void)fd;
	(void)what;
	for (unsigned i = 0; i < h->n_groups; i++)
		gv_gm_reap_idle(h->groups[i]->gm, DP_IDLE_PAIR_S);
}

/* Installs the group's table, ACL policies and event subscriptions. */
static struct dp_group *start_group(struct gm_dp_hook *h, const struct group_policy *gp,
				    const char *ifname)
{
	struct dp_group *d = calloc(1, sizeof(*d));
	struct gv_gm_config cfg = { 0 };

	if (!d)
		return NULL;
	if (h->n_groups) {   /* the xfrm layer's policy priorities are per namespace */
		log_event("GDOI", LOG_SEV_ERR, "GM_DATAPLANE_FAIL",
			  "Group %s: the dataplane serves one group per network namespace (%s has it)",
			  gp->name, h->groups[0]->name);
		free(d);
		return NULL;
	}
	snprintf(d->name, sizeof(d->name), "%s", gp->name);
	snprintf(d->ifname, sizeof(d->ifname), "%s", ifname);
	acl_of(gp, d);
	snprintf(cfg.ifname, sizeof(cfg.ifname), "%s", ifname);
	cfg.group_index = h->next_index = h->next_index % 0xffff + 1;
	cfg.acl = d->acl;
	cfg.acl_len = d->acl_len;
	h->groups[h->n_groups++] = d;
	if (!(d->gm = gv_gm_new()) || gv_gm_start(d->gm, &cfg) < 0) {
		log_event("GDOI", LOG_SEV_ERR, "GM_DATAPLANE_FAIL",
			  "Dataplane of group %s on %s: %s", gp->name, ifname,
			  d->gm ? gv_gm_error(d->gm) : "out of memory");
		drop(h, d);
		return NULL;
	}
	d->ev = event_new(h->s->base, gv_gm_events_fd(d->gm), EV_READ | EV_PERSIST,
			  on_xfrm_events, d);
	if (d->ev)
		event_add(d->ev, NULL);
	if (gv_gm_rtnl_fd(d->gm) >= 0 &&
	    (d->rtnl_ev = event_new(h->s->base, gv_gm_rtnl_fd(d->gm), EV_READ | EV_PERSIST,
				    on_rtnl, d)))
		event_add(d->rtnl_ev, NULL);
	return d;
}

static bool same_acl(const struct dp_group *d, const struct group_policy *gp, const char *ifname)
{
	struct dp_group probe;

	acl_of(gp, &probe);
	return strcmp(d->ifname, ifname) == 0 && probe.acl_len == d->acl_len &&
	       memcmp(probe.acl, d->acl, sizeof(probe.acl)) == 0;
}

static int activate_newest(struct dp_group *d, const struct group_policy *gp);

static int install(void *ctx, const struct group_policy *gp, const struct gp_tek *tek)
{
	struct gm_dp_hook *h = ctx;
	const char *ifname = gm_group_interface(h->s->config, gp->name);
	struct dp_group *d = find(h, gp->name);
	struct gv_gm_tek t = { 0 };
	char err[160];
	int rc;

	if (!ifname)
		return -ENODEV;
	if (d && !same_acl(d, gp, ifname))
		drop(h, d), d = NULL;   /* new ACL or interface: start over */
	if (!d && !(d = start_group(h, gp, ifname))) {
		gm_dp_retry_failed(h->retry, gp->name, tek->spi, -EIO);
		return -EIO;
	}
	for (unsigned i = 0; i < d->n_spis; i++)
		if (d->spis[i] == tek->spi)
			return activate_newest(d, gp);
	if (d->n_spis == DP_MAX_SPIS && gv_gm_remove_tek(d->gm, d->spis[0]) == 0)
		memmove(d->spis, d->spis + 1, --d->n_spis * sizeof(d->spis[0]));
	if (tek_keys(tek, &t, err, sizeof(err)) < 0) {
		log_event("GDOI", LOG_SEV_ERR, "GM_DATAPLANE_FAIL", "Group %s SPI 0x%08X: %s",
			  gp->name, tek->spi, err);
		gv_keys_wipe(&t.keys);
		return -EINVAL;
	}
	rc = gm_dp_retry_inject(h->retry);
	if (rc == 0)
		rc = gv_gm_add_tek(d->gm, &t);
	gv_keys_wipe(&t.keys);
	if (rc < 0) {
		log_event("GDOI", LOG_SEV_ERR, "GM_DATAPLANE_FAIL", "Group %s SPI 0x%08X: %s",
			  gp->name, tek->spi, rc == -1 ? gv_gm_error(d->gm) : strerror(-rc));
		gm_dp_retry_failed(h->retry, gp->name, tek->spi, rc == -1 ? -EIO : rc);
		return -EIO;
	}
	if (!d->n_spis)
		d->active = tek->spi;   /* the first TEK sends at once */
	d->spis[d->n_spis++] = tek->spi;
	log_event("GDOI", LOG_SEV_NOTICE, "GM_SA_INSTALLED",
		  "Group %s: TEK SPI 0x%08X installed on %s", gp->name, tek->spi, d->ifname);
	rc = activate_newest(d, gp);
	if (d->n_spis == 1)
		gm_dp_resync_waiting(d->gm, gp->name);
	return rc;
}

/* Rekey rollover: once the new TEK can receive, send with it. */
static int activate_newest(struct dp_group *d, const struct group_policy *gp)
{
	uint32_t spi = newest_spi(d, gp);

	if (!spi || spi == d->active)
		return 0;
	if (gv_gm_activate_tek(d->gm, spi) < 0) {
		log_event("GDOI", LOG_SEV_ERR, "GM_DATAPLANE_FAIL", "Group %s: sending with SPI "
			  "0x%08X: %s", gp->name, spi, gv_gm_error(d->gm));
		return -EIO;
	}
	d->active = spi;
	log_event("GDOI", LOG_SEV_INFO, "GM_SA_ACTIVE", "Group %s: sending with TEK SPI 0x%08X",
		  gp->name, spi);
	return 0;
}

static int remove_sa(void *ctx, const struct group_policy *gp, const struct gp_tek *tek)
{
	struct gm_dp_hook *h = ctx;
	struct dp_group *d = find(h, gp->name);
	int rc = 0;

	if (!d)
		return 0;
	for (unsigned i = 0; i < d->n_spis; i++) {
		if (d->spis[i] != tek->spi)
			continue;
		if (gv_gm_remove_tek(d->gm, tek->spi) < 0)
			rc = -EIO;
		memmove(d->spis + i, d->spis + i + 1, (d->n_spis - i - 1) * sizeof(d->spis[0]));
		d->n_spis--;
		break;
	}
	if (d->n_spis == 0)
		drop(h, d);   /* the member left the group: nothing of it stays */
	return rc;
}

struct gm_dp_hook *gm_dp_hook_new(struct gdoi_service *s)
{
	struct gm_dp_hook *h = calloc(1, sizeof(*h));

	if (h)
		h->s = s;
	return h;
}

/* A previous getvpnd that did not stop cleanly leaves its own objects:
 * remove those (its reqids, priorities and table only). */
static void remove_leftovers(void)
{
	struct gv_nl nl;
	int n;

	if (gv_nl_open(&nl, NETLINK_XFRM, 0) < 0)
		return;
	n = gv_xfrm_remove_leftovers(&nl);
	if (n > 0)
		log_event("GDOI", LOG_SEV_NOTICE, "GM_DATAPLANE_CLEANUP",
			  "Removed %d objects left by a previous getvpnd", n);
	else if (n < 0)
		log_event("GDOI", LOG_SEV_WARNING, "GM_DATAPLANE_CLEANUP",
			  "Leftovers of a previous getvpnd: %s", nl.err);
	gv_nl_close(&nl);
}

static const struct gm_dataplane_ops *hook_ops(struct gm_dp_hook *h)
{
	static struct gm_dataplane_ops ops;

	ops = (struct gm_dataplane_ops){ .install_group_sa = install, .remove_group_sa = remove_sa,
					 .ctx = h };
	return &ops;
}

/* A retry: hand the dataplane over again, which installs every registered
 * group's SPIs (those already in place are kept). */
static void install_again(void *arg)
{
	struct gm_dp_hook *h = arg;

	gm_set_dataplane(h->s->gm, hook_ops(h));
}

struct gm_dp_retry *gm_dp_hook_retry(const struct gm_dp_hook *h)
{
	return h ? h->retry : NULL;
}

unsigned long gm_dp_hook_overruns(const struct gm_dp_hook *h)
{
	unsigned long n = 0;

	for (unsigned i = 0; h && i < h->n_groups; i++)
		n += gv_gm_event_overruns(h->groups[i]->gm);
	return n + (h ? h->past_overruns : 0);
}

void gm_dp_hook_activate(struct gm_dp_hook *h)
{
	char reason[256] = "";

	if (!h || h->probed)
		return;
	h->probed = true;
	if (gv_dataplane_probe(reason, sizeof(reason)) != 0) {
		log_event("GDOI", LOG_SEV_ERR, "GM_DATAPLANE_UNAVAILABLE",
			  "Group member dataplane unavailable: %s; registration continues "
			  "without traffic protection", reason);
		gm_set_dataplane_unavailable(h->s->gm, true);
		return;
	}
	remove_leftovers();
	h->available = true;
	h->reaper = event_new(h->s->base, -1, EV_PERSIST, on_reap, h);
	if (h->reaper)
		event_add(h->reaper, &(struct timeval){ .tv_sec = DP_IDLE_PAIR_S / 2 });
	h->retry = gm_dp_retry_new(h->s->base, install_again, h);
	gm_set_dataplane(h->s->gm, hook_ops(h));
	gm_dp_hook_sockets(h);
}

void gm_dp_hook_sockets(struct gm_dp_hook *h)
{
	int fds[GDOI_MAX_BINDS];
	size_t n;

	if (!h || !h->available || !h->s->transport)
		return;
	n = transport_socket_fds(h->s->transport, fds, GDOI_MAX_BINDS);
	for (size_t i = 0; i < n && i < GDOI_MAX_BINDS; i++) {
		int rc = gv_socket_bypass_ipsec(fds[i]);

		if (rc < 0)
			log_event("GDOI", LOG_SEV_ERR, "GM_DATAPLANE_FAIL",
				  "IPsec bypass on the GDOI socket: %s", strerror(-rc));
	}
}

void gm_dp_hook_free(struct gm_dp_hook *h)
{
	if (!h)
		return;
	while (h->n_groups)
		drop(h, h->groups[0]);
	if (h->reaper)
		event_free(h->reaper);
	gm_dp_retry_free(h->retry);
	free(h);
}
