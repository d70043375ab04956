/* The XFRM/nftables calls against the running kernel, in a private network
 * namespace: policies (which work without ESP), batching over several sends,
 * dumps, ownership-based cleanup, the nftables table, larval sysctl, the
 * per-socket bypass, and how a failed ESP state add is reported. */
#define _GNU_SOURCE
#include "tests/tap.h"
#include "xfrm/cleanup.h"
#include "xfrm/larval.h"
#include "xfrm/nft_rules.h"
#include "xfrm/owner.h"
#include "xfrm/sock_bypass.h"
#include "xfrm/xfrm.h"

#include <arpa/inet.h>
#include <errno.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#define MANY 600

static int count_cb(const struct gv_xfrm_policy *p, void *arg)
{
	int *n = arg;

	(*n)++;
	(void)p;
	return 0;
}

static int count_policies(struct gv_nl *nl)
{
	int n = 0;

	return gv_xfrm_policy_dump(nl, count_cb, &n) < 0 ? -1 : n;
}

static void policy_for(struct gv_xfrm_policy *p, unsigned i)
{
	memset(p, 0, sizeof(*p));
	p->dir = GV_DIR_OUT;
	p->priority = GV_PRIO_PAIR;
	p->sel.src = htonl(0x0a000000 + i);
	p->sel.dst = htonl(0x0b000000 + i);
	p->sel.src_plen = p->sel.dst_plen = 32;
	p->has_tmpl = 1;
	p->tmpl.src = p->sel.src;
	p->tmpl.dst = p->sel.dst;
	p->tmpl.reqid = GV_REQID_BASE + 1;
	p->tmpl.mode = GV_XFRM_TUNNEL;
}

static void test_policies(struct gv_nl *nl)
{
	struct gv_xfrm_policy p, foreign;
	struct gv_nl_batch *b = gv_nl_batch_new(nl, "bulk add");
	int failed;

	policy_for(&foreign, 9999);
	foreign.priority = 500;
	foreign.tmpl.reqid = 42;
	ok(gv_xfrm_policy_add(nl, &foreign) == 0, "unrelated policy added");
	for (unsigned i = 0; i < MANY; i++) {
		policy_for(&p, i);
		gv_xfrm_batch_policy_add(b, &p, 0);
	}
	failed = gv_nl_batch_finish(b);
	is_int(failed, 0, "600 policies added in batches, every ACK checked");
	is_int(count_policies(nl), MANY + 1, "dump sees all of them");

	policy_for(&p, 7);
	is_int(gv_xfrm_policy_add(nl, &p), -EEXIST, "duplicate add answers EEXIST");
	ok(strstr(nl->err, "policy add dir out src 10.0.0.7/32 dst 11.0.0.7/32") &&
	   strstr(nl->err, "File exists"), "error names the policy and the reason");
	b = gv_nl_batch_new(nl, "re-add");
	for (unsigned i = 0; i < 10; i++) {
		policy_for(&p, i);
		gv_xfrm_batch_policy_add(b, &p, 1);
	}
	is_int(gv_nl_batch_finish(b), 0, "duplicates tolerated when asked");
	b = gv_nl_batch_new(nl, "re-add strict");
	policy_for(&p, 1);
	gv_xfrm_batch_policy_add(b, &p, 0);
	is_int(gv_nl_batch_finish(b), 1, "a failing request in a batch is counted");

	is_int(gv_xfrm_remove_leftovers(nl), MANY, "cleanup removes exactly getvpnd's policies");
	is_int(count_policies(nl), 1, "the unrelated policy survives");
	is_int(gv_xfrm_policy_delete(nl, &foreign.sel, GV_DIR_OUT, NULL), 0, "delete by selector");
	is_int(gv_xfrm_policy_delete(nl, &foreign.sel, GV_DIR_OUT, NULL), -ENOENT, "second delete: ENOENT");
}

static void test_state_error(struct gv_nl *nl)
{
	uint8_t key[20] = { 0 };
	struct gv_xfrm_state st = { 0 };
	char err[128];
	int ret;

	st.dst = htonl(0xc0000202);
	st.spi = 0x1234;
	st.reqid = GV_REQID_BASE + 1;
	gv_keys_set(&st.keys, gv_alg_find("esp-aes", 0), key, 16, gv_alg_find("esp-sha-hmac", 0), key, 20,
		    err, sizeof(err));
	ret = gv_xfrm_state_add(nl, &st);
	if (ret == 0) {
		ok(1, "this kernel has ESP: state added");
		is_int(gv_xfrm_remove_leftovers(nl), 1, "cleanup removes it by reqid");
	} else {
		is_int(ret, -EPROTONOSUPPORT, "no ESP here: EPROTONOSUPPORT");
		ok(strstr(nl->err, "state add src 0.0.0.0 dst 192.0.2.2 spi 0x00001234 failed: ") != NULL,
		   "error names the state");
		diag(nl->err);
	}
}

static void test_nft(void)
{
	struct gv_nft *nft = gv_nft_new();

	ok(nft != NULL, "libnftables context");
	if (!nft)
		return;
	ok(gv_nft_table_create(nft, "lo", htonl(0x7f000001), GV_MARK_BASE_DEFAULT) == 0, "table created");
	diag(gv_nft_error(nft));
	is_int(gv_nft_table_exists(nft), 1, "table exists");
	ok(gv_nft_table_create(nft, "lo", htonl(0x7f000001), GV_MARK_BASE_DEFAULT) == 0,
	   "created again over a leftover");
	ok(gv_nft_spi_add(nft, 0x1000) == 0 && gv_nft_spi_add(nft, 0x2000) == 0, "SPIs added");
	ok(gv_nft_spi_del(nft, 0x1000) == 0, "SPI removed");
	ok(gv_nft_spi_del(nft, 0x1000) < 0, "removing it twice fails");
	ok(strstr(gv_nft_error(nft), "nftables SPI set delete failed") != NULL, "nft error reported");
	ok(gv_nft_src_add(nft, 0x6e7f0001, htonl(0x0a02000a)) == 0, "source mapping added");
	ok(gv_nft_src_del(nft, 0x6e7f0001, htonl(0x0a02000a)) == 0, "source mapping removed");
	ok(gv_nft_table_create(nft, "bad\"name", 1, 0) < 0, "interface names are validated");
	ok(gv_nft_table_remove(nft) == 0, "table removed");
	is_int(gv_nft_table_exists(nft), 0, "table gone");
	ok(gv_nft_table_remove(nft) == 0, "removing an absent table is fine");
	gv_nft_free(nft);
}

static void test_misc(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	int old = gv_larval_drop_set(0);

	ok(old == 0 || old == 1, "larval drop read");
	is_int(gv_larval_drop_set(old), 0, "set to 0, restored");
	is_int(gv_socket_bypass_ipsec(fd), 0, "per-socket IPsec bypass set");
	close(fd);
}

int main(void)
{
	struct gv_nl nl;

	if (unshare(CLONE_NEWNET) < 0) {
		printf("ok 1 # SKIP needs root for a private network namespace (%s)\n", strerror(errno));
		printf("1..1\n");
		return 0;
	}
	if (gv_xfrm_open(&nl) < 0) {
		printf("not ok 1 - XFRM netlink socket: %s\n1..1\n", nl.err);
		return 1;
	}
	test_policies(&nl);
	test_state_error(&nl);
	test_nft();
	test_misc();
	gv_nl_close(&nl);
	return done_testing();
}
