/* The local address cache in a private network namespace: read once,
 * re-read only after an address change, and the change is seen. Also the
 * batch's per-request failure report (tags, ACKs matched by sequence). */
#define _GNU_SOURCE
#include "tests/tap.h"
#include "xfrm/local_addrs.h"
#include "xfrm/owner.h"
#include "xfrm/xfrm.h"

#include <arpa/inet.h>
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

static uint32_t ip(const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return a.s_addr;
}

static void test_cache(void)
{
	struct gv_local_addrs c;

	is_int(system("ip link set lo up && ip addr add 192.0.2.7/24 dev lo"), 0, "lo with 192.0.2.7");
	is_int(gv_local_addrs_open(&c), 0, "address watch opened");
	ok(!gv_local_addrs_has(&c, ip("192.0.2.7")), "nothing known before the first refresh");
	is_int(gv_local_addrs_refresh(&c), 0, "first refresh");
	ok(gv_local_addrs_has(&c, ip("192.0.2.7")), "192.0.2.7 is local");
	ok(!gv_local_addrs_has(&c, ip("192.0.2.8")), "192.0.2.8 is not");
	is_int(gv_local_addrs_refresh(&c), 0, "second refresh");
	is_int((int)c.loads, 1, "no change: not read again");
	is_int(system("ip addr add 198.51.100.9/32 dev lo"), 0, "address added");
	is_int(gv_local_addrs_refresh(&c), 0, "refresh after the change");
	is_int((int)c.loads, 2, "read again after the change");
	ok(gv_local_addrs_has(&c, ip("198.51.100.9")), "the new address is local");
	is_int(system("ip addr del 192.0.2.7/24 dev lo"), 0, "address removed");
	gv_local_addrs_refresh(&c);
	ok(!gv_local_addrs_has(&c, ip("192.0.2.7")), "the removed address is not local any more");
	ok(gv_local_addrs_has(&c, ip("198.51.100.9")), "the other one still is");
	gv_local_addrs_close(&c);
}

struct failures {
	uint32_t tags[16];
	int errs[16];
	int n;
};

static void on_fail(void *arg, uint32_t tag, int err, const char *ext)
{
	struct failures *f = arg;

	(void)ext;
	if (f->n < 16) {
		f->tags[f->n] = tag;
		f->errs[f->n++] = err;
	}
}

static void policy_for(struct gv_xfrm_policy *p, unsigned i)
{
	memset(p, 0, sizeof(*p));
	p->dir = GV_DIR_OUT;
	p->priority = GV_PRIO_PAIR;
	p->sel.src = htonl(0x0a000000 + i);
	p->sel.dst = htonl(0x0b000000 + i);
	p->sel.src_plen = p->sel.dst_plen = 32;
}

/* 1000 adds over several sends, with a plain request on the same socket in
 * the middle; adds 100 and 777 repeat an earlier one without tolerating it. */
static void test_batch_failures(void)
{
	struct gv_xfrm_policy p;
	struct failures f = { .n = 0 };
	struct gv_nl nl;
	struct gv_nl_batch *b;

	if (gv_xfrm_open(&nl) < 0) {
		ok(0, "XFRM socket");
		return;
	}
	b = gv_nl_batch_new(&nl, "tagged adds");
	gv_nl_batch_on_failure(b, on_fail, &f);
	for (unsigned i = 0; i < 1000; i++) {
		policy_for(&p, i == 100 ? 3 : i == 777 ? 500 : i);
		gv_nl_batch_tag(b, 5000 + i);
		gv_xfrm_batch_policy_add(b, &p, 0);
		if (i == 600) {
			policy_for(&p, 20000);
			is_int(gv_xfrm_policy_add(&nl, &p), 0, "a plain request between the adds");
		}
	}
	is_int(gv_nl_batch_finish(b), 2, "two requests failed");
	is_int(f.n, 2, "reported one by one");
	ok(f.tags[0] == 5100 && f.errs[0] == EEXIST, "the first names its tag (100) and EEXIST");
	ok(f.tags[1] == 5777 && f.errs[1] == EEXIST, "the second names its tag (777)");
	ok(strstr(nl.err, "tagged adds failed: File exists") != NULL, "first failure in the socket's error");
	gv_nl_close(&nl);
}

int main(void)
{
	if (unshare(CLONE_NEWNET) < 0) {
		printf("ok 1 # SKIP needs root for a private network namespace (%s)\n", strerror(errno));
		printf("1..1\n");
		return 0;
	}
	test_cache();
	test_batch_failures();
	return done_testing();
}
