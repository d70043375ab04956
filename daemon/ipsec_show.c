/* `show crypto ipsec sa [json]`: per interface carrying a crypto map, per
 * ACL entry of its group (the distinct TEK selectors of the registered
 * policy), the group SAs installed in the kernel with their counters.
 * An entry's encaps and decaps are its own counters in getvpnd's nftables
 * table (xfrm/nft_rules.c); without them, the SA's: the sum over the per
 * host pair outbound states of an SPI and the inbound state's packets,
 * shared by every entry of the SPI (and labelled so). Per SA lines show the
 * SA's own figures. */
#include "config.h"

#include "daemon/gdoi_service_int.h"
#include "daemon/ipsec_show.h"
#include "config-parser/config.h"
#include "gdoi/pull_clock.h"
#include "gdoi/pull_show.h"
#include "xfrm/nft_rules.h"
#include "xfrm/nl.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

/* One TEK as shown: its selector, SPI and lifetime left. */
struct shown_tek {
	const struct gp_tek *tek;
	uint32_t remaining_s;
};

struct sa_view {
	FILE *out;
	bool json;
	const struct ipsec_snapshot *snap;
	uint32_t anchor;		/* the interface address (network order) */
};

static uint32_t left(uint64_t since, uint32_t lifetime, uint64_t now)
{
	uint64_t age = now > since ? now - since : 0;

	return age >= lifetime ? 0 : lifetime - (uint32_t)age;
}

/* The group's TEKs: the registered policy's and, during a rollover, the
 * previous policy's still installed ones. */
static size_t group_teks(const struct gm_group *g, uint64_t now, struct shown_tek *out, size_t max)
{
	size_t n = 0;

	for (unsigned i = 0; g->registered_once && i < g->policy.n_teks && n < max; i++)
		out[n++] = (struct shown_tek){ &g->policy.teks[i],
			left(g->registered_at, g->policy.teks[i].lifetime_s, now) };
	for (unsigned i = 0; g->has_retired && i < g->retired.n_teks && n < max; i++) {
		bool listed = false;

		for (size_t j = 0; j < n && !listed; j++)   /* a rekey may carry it again */
			listed = out[j].tek->spi == g->retired.teks[i].spi;
		if (!listed)
			out[n++] = (struct shown_tek){ &g->retired.teks[i],
				g->retired_until > now ? (uint32_t)(g->retired_until - now) : 0 };
	}
	return n;
}

static bool same_selector(const struct gp_selector *a, const struct gp_selector *b)
{
	return a->protocol == b->protocol && a->src.s_addr == b->src.s_addr &&
	       a->src_mask.s_addr == b->src_mask.s_addr && a->dst.s_addr == b->dst.s_addr &&
	       a->dst_mask.s_addr == b->dst_mask.s_addr && a->src_port == b->src_port &&
	       a->dst_port == b->dst_port;
}

/* The inbound state of an SPI: at the anchor, from any source. */
static const struct gv_xfrm_state *inbound_state(const struct sa_view *v, uint32_t spi)
{
	for (size_t i = 0; i < v->snap->n_st; i++)
		if (v->snap->st[i].spi == spi && v->snap->st[i].src == 0 &&
		    v->snap->st[i].dst == v->anchor)
			return &v->snap->st[i];
	return NULL;
}

/* Packets sent with an SPI: every per host pair outbound state of it. */
static uint64_t outbound_packets(const struct sa_view *v, uint32_t spi)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < v->snap->n_st; i++)
		if (v->snap->st[i].spi == spi && v->snap->st[i].src != 0)
			sum += v->snap->st[i].cur_packets;
	return sum;
}

/* "esp-aes esp-sha-hmac" as IOS names the transform (esp-256-aes...). */
static void transform_name(const struct gv_xfrm_state *st, char *buf, size_t len)
{
	const struct gv_alg *e = st->keys.enc, *a = st->keys.auth;
	char enc[32];

	if (e && strcmp(e->config_name, "esp-aes") == 0 && e->key_bits != 128)
		snprintf(enc, sizeof(enc), "esp-%u-aes", e->key_bits);
	else
		snprintf(enc, sizeof(enc), "%s", e ? e->config_name : "esp-unknown");
	snprintf(buf, len, "%s%s%s", enc, a ? " " : "", a ? a->config_name : "");
}

/* The local (source) or remote (destination) side of a selector, as
 * (addr/mask/prot/port) or as a JSON object. */
static void ident(FILE *out, const struct gp_selector *sel, bool remote, bool json)
{
	struct in_addr addr = remote ? sel->dst : sel->src;
	struct in_addr mask = remote ? sel->dst_mask : sel->src_mask;
	unsigned port = remote ? sel->dst_port : sel->src_port;
	char a[INET_ADDRSTRLEN], m[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &addr, a, sizeof(a));
	inet_ntop(AF_INET, &mask, m, sizeof(m));
	if (json)
		fprintf(out, "{\"addr\":\"%s\",\"mask\":\"%s\",\"prot\":%u,\"port\":%u}", a, m,
			sel->protocol, port);
	else
		fprintf(out, "(%s/%s/%u/%u)", a, m, sel->protocol, port);
}

/* One SA of an ACL entry, inbound (state given) or outbound. */
static void sa_block(const struct sa_view *v, const struct shown_tek *t,
		     const struct gv_xfrm_state *st, uint64_t packets, bool first)
{
	char transform[80];

	transform_name(st, transform, sizeof(transform));
	if (v->json) {
		fprintf(v->out, "%s{\"spi\":\"0x%08X\",\"spi_decimal\":%u,\"transform\":\"%s\","
			"\"mode\":\"%s\",\"remaining_key_lifetime\":%u,\"replay_window\":%u,"
			"\"replay_detection\":%s,\"packets\":%llu,\"status\":\"ACTIVE\"}",
			first ? "" : ",", st->spi, st->spi, transform,
			st->mode == GV_XFRM_TUNNEL ? "Tunnel" : "Transport", t->remaining_s,
			st->replay_window, st->replay_window ? "true" : "false",
			(unsigned long long)packets);
		return;
	}
	fprintf(v->out, "      spi: 0x%08X(%u)\n", st->spi, st->spi);
	fprintf(v->out, "        transform: %s ,\n", transform);
	fprintf(v->out, "        in use settings ={%s, }\n",
		st->mode == GV_XFRM_TUNNEL ? "Tunnel" : "Transport");
	fprintf(v->out, "        sa timing: remaining key lifetime (sec): (%u)\n", t->remaining_s);
	/* The group SAs are installed with replay window 0 (many senders share
	 * one SPI): IOS prints N for an SA without replay detection. */
	fprintf(v->out, "        replay detection support: %s\n", st->replay_window ? "Y" : "N");
	fprintf(v->out, "        Status: ACTIVE\n\n");
}

struct entry_sums {
	uint64_t encaps, decaps;
	bool per_entry;		/* the entry's own counters, not the SA's */
	uint32_t current_out;	/* the SPI new packets use: the newest TEK */
	uint32_t current_left;
};

/* The entry's counters, named as xfrm/nft_rules.c names them from the
 * ACL line the dataplane was given (daemon/gm_dataplane_hook.c). */
static bool entry_counters(const struct sa_view *v, const struct gp_selector *sel,
			   uint64_t *encaps, uint64_t *decaps)
{
	int sp = gp_mask_prefix(sel->src_mask), dp = gp_mask_prefix(sel->dst_mask);
	struct gv_xfrm_sel x = { .src = sel->src.s_addr, .dst = sel->dst.s_addr,
				 .src_plen = (uint8_t)(sp < 0 ? 32 : sp),
				 .dst_plen = (uint8_t)(dp < 0 ? 32 : dp),
				 .proto = sel->protocol, .sport = sel->src_port,
				 .dport = sel->dst_port };
	char enc[64], dec[64];

	return gv_nft_counter_name(enc, sizeof(enc), &x, 0) == 0 &&
	       gv_nft_counter_name(dec, sizeof(dec), &x, 1) == 0 &&
	       ipsec_snapshot_counter(v->snap, enc, encaps) &&
	       ipsec_snapshot_counter(v->snap, dec, decaps);
}

static void entry_sums(const struct sa_view *v, const struct shown_tek *teks, size_t n,
		       const struct gp_selector *sel, struct entry_sums *s)
{
	uint64_t enc, dec;

	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < n; i++) {
		const struct gv_xfrm_state *in = inbound_state(v, teks[i].tek->spi);

		if (!in || !same_selector(&teks[i].tek->selector, sel))
			continue;
		s->decaps += in->cur_packets;
		s->encaps += outbound_packets(v, teks[i].tek->spi);
		/* The dataplane sends with the TEK that has the most lifetime left. */
		if (!s->current_out || teks[i].remaining_s > s->current_left) {
			s->current_out = teks[i].tek->spi;
			s->current_left = teks[i].remaining_s;
		}
	}
	if (entry_counters(v, sel, &enc, &dec)) {
		s->encaps = enc;
		s->decaps = dec;
		s->per_entry = true;
	}
}

/* The SAs of one direction of an ACL entry. */
static void sa_list(const struct sa_view *v, const struct shown_tek *teks, size_t n,
		    const struct gp_selector *sel, bool outbound)
{
	bool first = true;

	for (size_t i = 0; i < n; i++) {
		const struct gv_xfrm_state *in = inbound_state(v, teks[i].tek->spi);
		uint64_t pk;

		if (!in || !same_selector(&teks[i].tek->selector, sel))
			continue;
		pk = outbound ? outbound_packets(v, teks[i].tek->spi) : in->cur_packets;
		sa_block(v, &teks[i], in, pk, first);
		first = false;
	}
}

static void entry_header(const struct sa_view *v, const char *group,
			 const struct gp_selector *sel, const struct entry_sums *s)
{
	FILE *o = v->out;

	fprintf(o, "   protected vrf: (none)\n   local  ident (addr/mask/prot/port): ");
	ident(o, sel, false, false);
	fprintf(o, "\n   remote ident (addr/mask/prot/port): ");
	ident(o, sel, true, false);
	fprintf(o, "\n   Group: %s\n   current_peer 0.0.0.0 port 848\n"
		"    PERMIT, flags={origin_is_acl,}\n", group);
	fprintf(o, "    #pkts encaps: %llu, #pkts encrypt: %llu, #pkts digest: %llu\n",
		(unsigned long long)s->encaps, (unsigned long long)s->encaps,
		(unsigned long long)s->encaps);
	fprintf(o, "    #pkts decaps: %llu, #pkts decrypt: %llu, #pkts verify: %llu\n",
		(unsigned long long)s->decaps, (unsigned long long)s->decaps,
		(unsigned long long)s->decaps);
	if (!s->per_entry)
		fputs("    (no counters of this entry: the figures are its SAs', shared by every entry)\n", o);
	fputs("\n", o);
	fprintf(o, "     current outbound spi: 0x%X(%u)\n\n", s->current_out, s->current_out);
}

static void entry_json(const struct sa_view *v, const char *group, const struct gp_selector *sel,
		       const struct entry_sums *s, const struct shown_tek *teks, size_t n)
{
	FILE *o = v->out;

	fputs("{\"protected_vrf\":null,\"group\":", o);
	pull_json_string(o, group);
	fputs(",\"local_ident\":", o);
	ident(o, sel, false, true);
	fputs(",\"remote_ident\":", o);
	ident(o, sel, true, true);
	fprintf(o, ",\"pkts_encaps\":%llu,\"pkts_encrypt\":%llu,\"pkts_digest\":%llu,"
		"\"pkts_decaps\":%llu,\"pkts_decrypt\":%llu,\"pkts_verify\":%llu,"
		"\"counted_per\":\"%s\",\"current_outbound_spi\":\"0x%08X\",\"inbound_esp_sas\":[",
		(unsigned long long)s->encaps, (unsigned long long)s->encaps,
		(unsigned long long)s->encaps, (unsigned long long)s->decaps,
		(unsigned long long)s->decaps, (unsigned long long)s->decaps,
		s->per_entry ? "entry" : "sa", s->current_out);
	sa_list(v, teks, n, sel, false);
	fputs("],\"outbound_esp_sas\":[", o);
	sa_list(v, teks, n, sel, true);
	fputs("]}", o);
}

/* Every ACL entry (distinct selector) of one group on one interface;
 * *first: no JSON entry written yet on this interface. */
static void group_entries(const struct sa_view *v, const struct gm_group *g, uint64_t now,
			  bool *first)
{
	struct shown_tek teks[2 * GP_MAX_TEKS];
	size_t n = group_teks(g, now, teks, sizeof(teks) / sizeof(teks[0]));

	for (size_t i = 0; i < n; i++) {
		const struct gp_selector *sel = &teks[i].tek->selector;
		struct entry_sums s;
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++)
			seen = same_selector(&teks[j].tek->selector, sel);
		if (seen || !inbound_state(v, teks[i].tek->spi))
			continue;
		entry_sums(v, teks, n, sel, &s);
		if (v->json) {
			fputs(*first ? "" : ",", v->out);
			entry_json(v, g->cfg.name, sel, &s, teks, n);
		} else {
			entry_header(v, g->cfg.name, sel, &s);
			fputs("     inbound esp sas:\n", v->out);
			sa_list(v, teks, n, sel, false);
			fputs("\n     outbound esp sas:\n", v->out);
			sa_list(v, teks, n, sel, true);
			fputs("\n", v->out);
		}
		*first = false;
	}
}

/* Each interface with a crypto map, each of the map's group entries. */
static void show_sa(FILE *out, struct gdoi_service *s, const struct ipsec_snapshot *snap,
		    bool json)
{
	const struct config_interface *ifc;
	const struct crypto_map_entry *e;
	uint64_t now = pull_now();
	bool first_if = true;

	if (json)
		fputs("{\"interfaces\":[", out);
	TAILQ_FOREACH(ifc, &s->config->interfaces, link) {
		struct in_addr addr = { 0 };
		char a[INET_ADDRSTRLEN];
		bool first_entry = true;

		if (!ifc->crypto_map[0])
			continue;
		gdoi_interface_address(ifc->name, &addr);
		inet_ntop(AF_INET, &addr, a, sizeof(a));
		if (json) {
			fprintf(out, "%s{\"interface\":", first_if ? "" : ",");
			pull_json_string(out, ifc->name);
			fputs(",\"crypto_map\":", out);
			pull_json_string(out, ifc->crypto_map);
			fprintf(out, ",\"local_addr\":\"%s\",\"entries\":[", a);
		} else
			fprintf(out, "\ninterface: %s\n    Crypto map tag: %s, local addr %s\n\n",
				ifc->name, ifc->crypto_map, a);
		first_if = false;
		TAILQ_FOREACH(e, &s->config->crypto_maps, link) {
			struct sa_view v = { out, json, snap, addr.s_addr };
			const struct gm_group *g;

			if (strcmp(e->map, ifc->crypto_map) != 0 || !e->group[0] || !s->gm ||
			    !(g = gm_group_by_name(s->gm, e->group)))
				continue;
			group_entries(&v, g, now, &first_entry);
		}
		if (json)
			fputs("]}", out);
	}
	if (json)
		fputs("]}\n", out);
}

typedef void (*snapshot_show_fn)(FILE *out, struct gdoi_service *s,
				 const struct ipsec_snapshot *snap, bool json);

struct snapshot_print {
	snapshot_show_fn fn;
	struct gdoi_service *s;
	const struct ipsec_snapshot *snap;
	bool json;
};

static void print_snapshot(FILE *out, void *arg)
{
	const struct snapshot_print *p = arg;

	p->fn(out, p->s, p->snap, p->json);
}

/* Probe, dump, format; the unavailable dataplane goes through the
 * error path so that the exit status of getvpnsh -c tells. */
static enum cli_result run_show(struct cli_session *sess, const struct cli_args *a,
				struct gdoi_service *s, snapshot_show_fn fn)
{
	struct ipsec_snapshot snap;
	struct snapshot_print p = { .fn = fn, .s = s, .snap = &snap,
				    .json = cli_arg_has(a, "json") };
	const char *why;
	char err[GV_NL_ERR_MAX];
	enum cli_result res;

	if (!ipsec_dataplane_available(&why)) {
		cli_error(sess, "%% Dataplane unavailable: %s\n", why);
		return CLI_ERROR;
	}
	if (ipsec_snapshot_take(&snap, err, sizeof(err)) < 0) {
		cli_error(sess, "%% Cannot read the kernel's IPsec state: %s\n", err);
		return CLI_ERROR;
	}
	res = cli_out_printed(sess, print_snapshot, &p);
	ipsec_snapshot_free(&snap);
	return res;
}

static enum cli_result show_ipsec_sa(struct cli_session *sess, const struct cli_args *a, void *ctx)
{
	return run_show(sess, a, ctx, show_sa);
}

static void show_pairs(FILE *out, struct gdoi_service *s, const struct ipsec_snapshot *snap,
		       bool json)
{
	(void)s;
	ipsec_show_pairs(out, snap, json);
}

static enum cli_result show_gm_dataplane(struct cli_session *sess, const struct cli_args *a,
					 void *ctx)
{
	return run_show(sess, a, ctx, show_pairs);
}

static const char *const help_ipsec_sa[] = { "Show running system information",
	"Encryption module", "Show IPsec information", "IPsec security associations",
	"Print the same facts as JSON", NULL };
static const char *const help_gm_dataplane[] = { "Show running system information",
	"Encryption module", "Show GDOI information", "Group member information",
	"The kernel dataplane: live host pairs and anti-replay",
	"Print the same facts as JSON", NULL };

static const struct cli_command ipsec_show_commands[] = {
	{ CLI_MODE_ANY_EXEC, "show crypto ipsec sa [json$json]", help_ipsec_sa, show_ipsec_sa, 0 },
	{ CLI_MODE_ANY_EXEC, "show crypto gdoi gm dataplane [json$json]", help_gm_dataplane,
	  show_gm_dataplane, 0 },
	{ 0, NULL, NULL, NULL, 0 },
};

int ipsec_show_register(struct cli_tree *tree, struct gdoi_service *svc)
{
	return cli_tree_register(tree, ipsec_show_commands, svc);
}
