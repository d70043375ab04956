/* `show crypto gdoi gm dataplane`: the live host pairs (per pair outbound
 * policy and its states, from the kernel) and the anti-replay status the
 * inbound group SAs really have. */
#include "config.h"

#include "daemon/ipsec_show.h"
#include "xfrm/xfrm.h"

#include <time.h>

/* Outbound states of a pair: its template's addresses and its mark. */
static bool pair_state(const struct gv_xfrm_policy *p, const struct gv_xfrm_state *st)
{
	return st->src != 0 && st->src == p->tmpl.src && st->dst == p->tmpl.dst &&
	       st->mark.value == p->mark.value && st->mark.mask == p->mark.mask;
}

/* Replay window of the inbound group SAs: the smallest one (0 = none). */
static void replay_status(FILE *out, const struct ipsec_snapshot *snap, bool json)
{
	unsigned n_in = 0;
	uint32_t win = UINT32_MAX;

	for (size_t i = 0; i < snap->n_st; i++)
		if (snap->st[i].src == 0) {
			n_in++;
			if (snap->st[i].replay_window < win)
				win = snap->st[i].replay_window;
		}
	if (!n_in)
		win = 0;
	if (json) {
		fprintf(out, "\"inbound_group_sas\":%u,\"anti_replay\":{\"counter_based\":%s,"
			"\"replay_window\":%u,\"time_based\":false}", n_in, win ? "true" : "false", win);
		return;
	}
	fprintf(out, "Inbound group SAs  : %u\n", n_in);
	if (win)
		fprintf(out, "Anti-replay        : counter-based, window %u; time-based not supported\n",
			win);
	else
		fputs("Anti-replay        : disabled (replay window 0: the group SPI is shared by every "
		      "sender; time-based anti-replay not supported)\n", out);
}

static void pair_row(FILE *out, const struct gv_xfrm_policy *p, const struct gv_xfrm_state *st,
		     time_t now, bool json, bool first)
{
	char s[16], d[16], o[16];
	long long idle = st->lastused && now > (time_t)st->lastused ? now - (time_t)st->lastused : 0;

	gv_ip_str(p->sel.src, s);
	gv_ip_str(p->sel.dst, d);
	gv_ip_str(p->tmpl.src, o);
	if (json) {
		fprintf(out, "%s{\"source\":\"%s\",\"destination\":\"%s\",\"outer_source\":\"%s\","
			"\"mark\":\"0x%08X\",\"spi\":\"0x%08X\",\"packets\":%llu,\"idle_seconds\":",
			first ? "" : ",", s, d, o, st->output_mark, st->spi,
			(unsigned long long)st->cur_packets);
		if (st->lastused)
			fprintf(out, "%lld}", idle);
		else
			fputs("null}", out);   /* never used yet */
	} else if (st->lastused)
		fprintf(out, "%-15s > %-15s %-15s 0x%08X 0x%08X %10llu %8lld\n", s, d, o,
			st->output_mark, st->spi, (unsigned long long)st->cur_packets, idle);
	else
		fprintf(out, "%-15s > %-15s %-15s 0x%08X 0x%08X %10llu %8s\n", s, d, o,
			st->output_mark, st->spi, (unsigned long long)st->cur_packets, "-");
}

void ipsec_show_pairs(FILE *out, const struct ipsec_snapshot *snap, bool json)
{
	time_t now = time(NULL);
	bool first = true;

	if (json)
		fputc('{', out);
	replay_status(out, snap, json);
	if (json)
		fprintf(out, ",\"live_pairs\":%zu,\"pairs\":[", snap->n_pairs);
	else
		fprintf(out, "Live host pairs    : %zu\n\n%-15s   %-15s %-15s %-10s %-10s %10s %8s\n",
			snap->n_pairs, "Source", "Destination", "Outer source", "Mark", "SPI",
			"Packets", "Idle (s)");
	for (size_t i = 0; i < snap->n_pairs; i++)
		for (size_t j = 0; j < snap->n_st; j++)
			if (pair_state(&snap->pairs[i], &snap->st[j])) {
				pair_row(out, &snap->pairs[i], &snap->st[j], now, json, first);
				first = false;
			}
	if (json)
		fputs("]}\n", out);
	else if (snap->n_pairs)
		fputs("\nIdle: seconds since the kernel last used the state; \"-\" where it keeps no\n"
		      "last-use time (outbound states)\n", out);
}
