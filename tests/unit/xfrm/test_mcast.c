/* Forwarded multicast set-up against the running kernel, in a private
 * network namespace (policies and nftables work without ESP): the extra
 * IPIP catch-alls for the ACL's multicast groups, the forward-hook rules
 * in ACL order, the encrypted group set, and their removal by withdraw. */
#define _GNU_SOURCE
#include "tests/tap.h"
#include "xfrm/group_sa.h"
#include "xfrm/owner.h"
#include "xfrm/xfrm.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <nftables/libnftables.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct found {
	struct gv_xfrm_policy v[16];
	int n;
};

static int collect_ipip(const struct gv_xfrm_policy *p, void *arg)
{
	struct found *f = arg;

	if (p->dir == GV_DIR_OUT && p->sel.proto == IPPROTO_IPIP && f->n < 16)
		f->v[f->n++] = *p;
	return 0;
}

static struct found ipip_policies(void)
{
	struct found f = { .n = 0 };
	struct gv_nl nl;

	if (gv_xfrm_open(&nl) < 0) {
		f.n = -1;
		return f;
	}
	if (gv_xfrm_policy_dump(&nl, collect_ipip, &f) < 0)
		f.n = -1;
	gv_nl_close(&nl);
	return f;
}

static int has_policy(const struct found *f, const char *dst, unsigned plen, unsigned line)
{
	for (int i = 0; i < f->n; i++)
		if (f->v[i].sel.dst == inet_addr(dst) && f->v[i].sel.dst_plen == plen && f->v[i].sel.src_plen == 0 &&
		    f->v[i].sel.ifindex == (int)if_nametoindex("lo") &&
		    f->v[i].priority == GV_PRIO_MCAST_OUT + line && f->v[i].has_tmpl &&
		    f->v[i].tmpl.mode == GV_XFRM_TRANSPORT && f->v[i].tmpl.reqid == GV_REQID_BASE + 1)
			return 1;
	return 0;
}

/* The text of one nft listing (caller frees). */
static char *nft_list(const char *what)
{
	struct nft_ctx *ctx = nft_ctx_new(NFT_CTX_DEFAULT);
	char *out = NULL;

	if (!ctx)
		return NULL;
	nft_ctx_buffer_output(ctx);
	nft_ctx_buffer_error(ctx);
	if (nft_run_cmd_from_buffer(ctx, what) == 0)
		out = strdup(nft_ctx_get_output_buffer(ctx));
	nft_ctx_free(ctx);
	return out;
}

static struct gv_gm_acl_entry line(int permit, uint8_t proto, const char *dst, unsigned plen, uint16_t sport)
{
	struct gv_gm_acl_entry e = { .permit = permit };

	e.sel.dst = inet_addr(dst);
	e.sel.dst_plen = (uint8_t)plen;
	e.sel.proto = proto;
	e.sel.sport = sport;
	return e;
}

static struct gv_gm *start(const struct gv_gm_acl_entry *acl, size_t n)
{
	struct gv_gm_config cfg = { .ifname = "lo", .anchor = inet_addr("127.0.0.1"), .group_index = 1,
				    .acl = acl, .acl_len = n };
	struct gv_gm *gm = gv_gm_new();

	if (gm && gv_gm_start(gm, &cfg) < 0) {
		diag(gv_gm_error(gm));
		gv_gm_free(gm);
		return NULL;
	}
	return gm;
}

static void test_full_acl(void)
{
	const struct gv_gm_acl_entry acl[] = {
		line(1, IPPROTO_TCP, "10.0.0.0", 8, 0),		/* unicast only: nothing */
		line(0, IPPROTO_UDP, "239.9.0.0", 16, 0),	/* deny: a forward rule only */
		line(1, IPPROTO_UDP, "239.0.0.0", 8, 5000),
		line(1, 0, "239.1.0.0", 16, 0),
		line(1, IPPROTO_UDP, "239.0.0.0", 8, 0),	/* same groups as line 2 */
		line(1, IPPROTO_ICMP, "0.0.0.0", 0, 0),		/* reaches all of 224/4 */
	};
	struct gv_gm *gm = start(acl, sizeof(acl) / sizeof(acl[0]));
	struct found f;
	char *rules, *groups;
	const char *deny, *permit;

	ok(gm != NULL, "group started with a six-line ACL");
	if (!gm)
		return;
	f = ipip_policies();
	is_int(f.n, 3, "three IPIP catch-alls (one per distinct multicast part of a permit line)");
	ok(has_policy(&f, "239.0.0.0", 8, 2), "239.0.0.0/8 at the rank of line 2, scoped to the crypto-map interface");
	ok(has_policy(&f, "239.1.0.0", 16, 3), "239.1.0.0/16 at the rank of line 3");
	ok(has_policy(&f, "224.0.0.0", 4, 5), "224.0.0.0/4 (from a line to any) at the rank of line 5");
	rules = nft_list("list chain ip getvpnd mcast");
	ok(rules != NULL, "chain mcast listed");
	deny = rules ? strstr(rules, "ip daddr 239.9.0.0/16 meta l4proto udp return") : NULL;
	permit = rules ? strstr(rules, "ip daddr 239.0.0.0/8 udp sport 5000 meta mark set ip saddr "
				"update @mcsrc { meta mark : ip saddr } accept") : NULL;
	ok(deny && permit && deny < permit, "deny line, then the permit line with its port, in ACL order");
	ok(rules && !strstr(rules, "10.0.0.0"), "no rule for a unicast-only line");
	ok(rules && strstr(rules, "meta l4proto icmp meta mark set ip saddr"), "ICMP line to any");
	if (rules && !(deny && permit))
		diag(rules);
	free(rules);
	groups = nft_list("list set ip getvpnd mcgroups");
	ok(groups && strstr(groups, "elements = { 224.0.0.0/4 }"), "encrypted groups merge to 224.0.0.0/4");
	free(groups);
	is_int(gv_gm_withdraw(gm), 0, "withdraw");
	is_int(ipip_policies().n, 0, "no IPIP catch-all left");
	rules = nft_list("list table ip getvpnd");
	ok(rules == NULL, "table gone");
	free(rules);
	gv_gm_free(gm);
}

static void test_narrow_acl(void)
{
	const struct gv_gm_acl_entry acl[] = {
		line(1, IPPROTO_UDP, "239.1.1.0", 24, 0),
		line(1, IPPROTO_UDP, "10.3.0.0", 16, 0),
	};
	struct gv_gm *gm = start(acl, 2);
	char *groups;
	struct found f;

	ok(gm != NULL, "group started with one multicast line");
	if (!gm)
		return;
	f = ipip_policies();
	ok(f.n == 1 && has_policy(&f, "239.1.1.0", 24, 0), "one IPIP catch-all, 239.1.1.0/24");
	groups = nft_list("list set ip getvpnd mcgroups");
	ok(groups && strstr(groups, "elements = { 239.1.1.0/24 }"), "encrypted groups: 239.1.1.0/24 only");
	free(groups);
	gv_gm_free(gm);
	is_int(ipip_policies().n, 0, "freeing the group withdraws its catch-all");
}

int main(void)
{
	if (unshare(CLONE_NEWNET) < 0) {
		printf("ok 1 # SKIP needs root for a private network namespace (%s)\n", strerror(errno));
		printf("1..1\n");
		return 0;
	}
	test_full_acl();
	test_narrow_acl();
	return done_testing();
}
