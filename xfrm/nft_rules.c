/* getvpnd's nftables table through libnftables. */
#include "xfrm/nft_rules.h"
#include "xfrm/owner.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <net/if.h>
#include <netinet/in.h>
#include <nftables/libnftables.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gv_nft {
	struct nft_ctx *ctx;
	char err[512];
};

struct gv_nft *gv_nft_new(void)
{
	struct gv_nft *nft = calloc(1, sizeof(*nft));

	if (!nft)
		return NULL;
	nft->ctx = nft_ctx_new(NFT_CTX_DEFAULT);
	if (!nft->ctx) {
		free(nft);
		return NULL;
	}
	nft_ctx_buffer_output(nft->ctx);
	nft_ctx_buffer_error(nft->ctx);
	return nft;
}

void gv_nft_free(struct gv_nft *nft)
{
	if (!nft)
		return;
	nft_ctx_free(nft->ctx);
	free(nft);
}

const char *gv_nft_error(const struct gv_nft *nft)
{
	return nft->err;
}

/* Runs one nft command text; keeps the first line of nft's complaint. */
static int run(struct gv_nft *nft, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int run(struct gv_nft *nft, const char *what, const char *fmt, ...)
{
	char cmd[2048];
	const char *e;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(cmd)) {
		snprintf(nft->err, sizeof(nft->err), "nftables %s: command too long", what);
		return -1;
	}
	if (nft_run_cmd_from_buffer(nft->ctx, cmd) == 0)
		return 0;
	e = nft_ctx_get_error_buffer(nft->ctx);
	snprintf(nft->err, sizeof(nft->err), "nftables %s failed: %.*s", what,
		 (int)strcspn(e ? e : "", "\n"), e ? e : "");
	return -1;
}

/* Interface names go into nft text: allow only what names are made of. */
static int ifname_ok(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len >= IFNAMSIZ)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr("._-@", name[i]))
			return 0;
	return 1;
}

/* Forwarded multicast (see xfrm/group_mcast.c): chain mcast holds the ACL
 * lines reaching 224.0.0.0/4, a permit line copying the source address into
 * the mark (@mcsrc maps it back); @mcgroups holds the groups the kernel
 * encrypts, where traffic no permit line matched is dropped rather than
 * sent with the member's address as outer source. Sources whose address,
 * read as a mark, would fall in getvpnd's mark range are not marked. */
static int mcast_text(char *out, size_t len, const char *wan_ifname, uint32_t mark_base)
{
	char m[16], b[16];
	struct in_addr mask = { .s_addr = GV_MARK_MASK }, base = { .s_addr = mark_base & GV_MARK_MASK };
	int n;

	/* The mark is the address's four bytes as they are in the header. */
	if (!inet_ntop(AF_INET, &mask, m, sizeof(m)) || !inet_ntop(AF_INET, &base, b, sizeof(b)))
		return -1;
	n = snprintf(out, len,
		     "  map mcsrc { type mark : ipv4_addr; flags dynamic,timeout; timeout 10m; size 65536; }\n"
		     "  set mcgroups { type ipv4_addr; flags interval; auto-merge; }\n"
		     "  chain mcast { }\n"
		     "  chain mcfwd { type filter hook forward priority filter; policy accept;\n"
		     "    oifname \"%s\" iifname != \"%s\" ip daddr 224.0.0.0/4 ip saddr & %s != %s jump mcast\n"
		     "    oifname \"%s\" iifname != \"%s\" ip daddr @mcgroups counter drop\n"
		     "  }\n",
		     wan_ifname, wan_ifname, m, b, wan_ifname, wan_ifname);
	return n < 0 || (size_t)n >= len ? -1 : n;
}

int gv_nft_table_text(char *out, size_t len, const char *wan_ifname, uint32_t anchor,
		      uint32_t mark_base)
{
	char a[16], mc[768];
	struct in_addr in = { .s_addr = anchor };
	int n;

	if (!ifname_ok(wan_ifname) || !inet_ntop(AF_INET, &in, a, sizeof(a)) ||
	    mcast_text(mc, sizeof(mc), wan_ifname, mark_base) < 0)
		return -1;
	n = snprintf(out, len,
		     "table ip " GV_NFT_TABLE " {\n"
		     "  set spis { typeof esp spi; }\n"
		     "  map srcmap { type mark : ipv4_addr; }\n"
		     "  map srcmark { type ipv4_addr : mark; }\n"
		     "%s"
		     "  chain pre { type filter hook prerouting priority raw; policy accept;\n"
		     "    iifname \"%s\" esp spi @spis ip daddr != %s ip daddr set %s\n"
		     "    iifname != \"%s\" meta mark set ip saddr map @srcmark\n"
		     "  }\n"
		     "  chain count_in { type filter hook prerouting priority filter; policy accept; }\n"
		     "  chain count_out { type filter hook postrouting priority filter; policy accept; }\n"
		     "  chain post { type filter hook postrouting priority 300; policy accept;\n"
		     "    ip protocol esp meta mark & 0x%08x == 0x%08x ip saddr set meta mark map @srcmap meta mark set 0\n"
		     "    ip protocol esp ip daddr 224.0.0.0/4 meta mark != 0 ip saddr set meta mark map @mcsrc meta mark set 0\n"
		     "  }\n"
		     "}\n",
		     mc, wan_ifname, a, a, wan_ifname, GV_MARK_MASK, mark_base & GV_MARK_MASK);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int gv_nft_table_create(struct gv_nft *nft, const char *wan_ifname, uint32_t anchor,
			uint32_t mark_base)
{
	char text[3072];

	if (gv_nft_table_text(text, sizeof(text), wan_ifname, anchor, mark_base) < 0) {
		snprintf(nft->err, sizeof(nft->err), "nftables: bad interface name or address");
		return -1;
	}
	/* One transaction: drop a leftover table (adding first makes the delete safe). */
	return run(nft, "table create", "add table ip " GV_NFT_TABLE "\n"
		   "delete table ip " GV_NFT_TABLE "\n%s", text);
}

int gv_nft_table_remove(struct gv_nft *nft)
{
	return run(nft, "table remove", "add table ip " GV_NFT_TABLE "\ndelete table ip " GV_NFT_TABLE "\n");
}

int gv_nft_table_exists(struct gv_nft *nft)
{
	if (nft_run_cmd_from_buffer(nft->ctx, "list table ip " GV_NFT_TABLE) == 0)
		return 1;
	return 0;
}

int gv_nft_spi_add(struct gv_nft *nft, uint32_t spi)
{
	return run(nft, "SPI set add", "add element ip " GV_NFT_TABLE " spis { 0x%08x }", spi);
}

int gv_nft_spi_del(struct gv_nft *nft, uint32_t spi)
{
	return run(nft, "SPI set delete", "delete element ip " GV_NFT_TABLE " spis { 0x%08x }", spi);
}

int gv_nft_src_add(struct gv_nft *nft, uint32_t mark, uint32_t addr)
{
	char a[16];
	struct in_addr in = { .s_addr = addr };

	inet_ntop(AF_INET, &in, a, sizeof(a));
	return run(nft, "source map add",
		   "add element ip " GV_NFT_TABLE " srcmap { 0x%08x : %s }\n"
		   "add element ip " GV_NFT_TABLE " srcmark { %s : 0x%08x }", mark, a, a, mark);
}

int gv_nft_src_del(struct gv_nft *nft, uint32_t mark, uint32_t addr)
{
	char a[16];
	struct in_addr in = { .s_addr = addr };

	inet_ntop(AF_INET, &in, a, sizeof(a));
	return run(nft, "source map delete",
		   "delete element ip " GV_NFT_TABLE " srcmap { 0x%08x }\n"
		   "delete element ip " GV_NFT_TABLE " srcmark { %s }", mark, a);
}

/* One ACL line as an nftables match on the packet's own flow. */
static void flow_match(char *out, size_t len, const struct gv_xfrm_sel *sel)
{
	char a[16], d[16];
	struct in_addr s = { .s_addr = sel->src }, t = { .s_addr = sel->dst };
	size_t n = 0;

	out[0] = '\0';
	inet_ntop(AF_INET, &s, a, sizeof(a));
	inet_ntop(AF_INET, &t, d, sizeof(d));
	if (sel->src_plen)
		n += (size_t)snprintf(out + n, len - n, " ip saddr %s/%u", a, sel->src_plen);
	if (sel->dst_plen && n < len)
		n += (size_t)snprintf(out + n, len - n, " ip daddr %s/%u", d, sel->dst_plen);
	if (sel->proto && n < len)
		n += (size_t)snprintf(out + n, len - n, " meta l4proto %u", sel->proto);
	if (sel->proto == IPPROTO_ICMP) {
		if (sel->sport && n < len)
			n += (size_t)snprintf(out + n, len - n, " icmp type %u", sel->sport);
		if (sel->dport && n < len)
			snprintf(out + n, len - n, " icmp code %u", sel->dport);
		return;
	}
	if (sel->proto && sel->sport && n < len)
		n += (size_t)snprintf(out + n, len - n, " th sport %u", sel->sport);
	if (sel->proto && sel->dport && n < len)
		snprintf(out + n, len - n, " th dport %u", sel->dport);
}

int gv_nft_mcast_line(struct gv_nft *nft, const struct gv_xfrm_sel *sel, int permit)
{
	char match[160];

	flow_match(match, sizeof(match), sel);
	if (!permit)
		return run(nft, "multicast rule add", "add rule ip " GV_NFT_TABLE " mcast%s return", match);
	return run(nft, "multicast rule add", "add rule ip " GV_NFT_TABLE " mcast%s meta mark set @nh,96,32 "
		   "update @mcsrc { meta mark : ip saddr } accept", match);
}

int gv_nft_mcast_groups_add(struct gv_nft *nft, uint32_t net, unsigned plen)
{
	char a[16];
	struct in_addr in = { .s_addr = net };

	inet_ntop(AF_INET, &in, a, sizeof(a));
	return run(nft, "multicast group add", "add element ip " GV_NFT_TABLE " mcgroups { %s/%u }", a, plen);
}

/* Per ACL line counters, named after the line itself so that the show
 * command finds them from the group policy alone. */
int gv_nft_counter_name(char *out, size_t len, const struct gv_xfrm_sel *sel, int inbound)
{
	int n = snprintf(out, len, "%s_%08x_%u_%08x_%u_%u_%u_%u", inbound ? "dec" : "enc",
			 ntohl(sel->src), sel->src_plen, ntohl(sel->dst), sel->dst_plen,
			 sel->proto, sel->sport, sel->dport);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static void mirror_sel(struct gv_xfrm_sel *out, const struct gv_xfrm_sel *in)
{
	*out = *in;
	out->src = in->dst;
	out->dst = in->src;
	out->src_plen = in->dst_plen;
	out->dst_plen = in->src_plen;
	if (in->proto != IPPROTO_ICMP) {	/* ICMP: type and code stay */
		out->sport = in->dport;
		out->dport = in->sport;
	}
}

/* Encaps: the plaintext packet meets postrouting once with the XFRM
 * bundle as its route (sent, forwarded, or released after being held for
 * a pair), the ESP packet it becomes has a plain route. Decaps: the
 * decrypted packet re-enters prerouting with a secpath; it may match the
 * line or its mirror image, as the in and fwd policies do. The first line
 * a packet matches counts it, deny lines count nothing. */
int gv_nft_count_line(struct gv_nft *nft, const struct gv_xfrm_sel *sel, int permit)
{
	char out[160], in[160], enc[64], dec[64];
	struct gv_xfrm_sel m;

	flow_match(out, sizeof(out), sel);
	mirror_sel(&m, sel);
	flow_match(in, sizeof(in), &m);
	if (!permit)
		return run(nft, "counter rule add",
			   "add rule ip " GV_NFT_TABLE " count_out rt ipsec exists%s return\n"
			   "add rule ip " GV_NFT_TABLE " count_in meta secpath exists%s return\n"
			   "add rule ip " GV_NFT_TABLE " count_in meta secpath exists%s return\n",
			   out, in, out);
	if (gv_nft_counter_name(enc, sizeof(enc), sel, 0) < 0 ||
	    gv_nft_counter_name(dec, sizeof(dec), sel, 1) < 0)
		return -1;
	return run(nft, "counter rule add",
		   "add counter ip " GV_NFT_TABLE " %s\n"
		   "add counter ip " GV_NFT_TABLE " %s\n"
		   "add rule ip " GV_NFT_TABLE " count_out rt ipsec exists%s counter name \"%s\" return\n"
		   "add rule ip " GV_NFT_TABLE " count_in meta secpath exists%s counter name \"%s\" return\n"
		   "add rule ip " GV_NFT_TABLE " count_in meta secpath exists%s counter name \"%s\" return\n",
		   enc, dec, out, enc, in, dec, out, dec);
}

/* "counter NAME { packets N bytes M }" in nft's listing. */
int gv_nft_counters_read(struct gv_nft *nft, gv_nft_counter_fn fn, void *arg)
{
	const char *text, *p;
	char name[64];
	unsigned long long packets;
	int used;

	nft_ctx_get_output_buffer(nft->ctx);	/* start from an empty buffer */
	if (run(nft, "counter list", "list counters table ip " GV_NFT_TABLE) < 0)
		return -1;
	text = nft_ctx_get_output_buffer(nft->ctx);
	for (p = text ? text : ""; (p = strstr(p, "counter ")) != NULL; p += used) {
		used = 8;
		if (sscanf(p, "counter %63s { packets %llu%n", name, &packets, &used) != 2)
			continue;
		if (fn(name, packets, arg) < 0)
			return -1;
	}
	return 0;
}
