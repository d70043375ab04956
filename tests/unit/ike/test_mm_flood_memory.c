/* The key server's memory under a registration flood (docs/security.md):
 * 20,000 genuine Main Mode message 1s from 20,000 addresses, with the
 * default limits, leave 1,024 half-open responder exchanges; the heap they
 * hold (each with its kept reply) is measured and must stay below
 * FLOOD_BOUND. The figure is printed as a TAP comment. */
#include "tests/unit/ike/mm_harness.h"
#include "tests/tap.h"

#include <malloc.h>
#include <stdio.h>

#define FLOOD_SOURCES 20000
#define FLOOD_HALF_OPEN 1024                    /* ike_limits_default() */
#define FLOOD_BOUND (FLOOD_HALF_OPEN * 2048UL)  /* 2 MiB: 2,048 bytes an exchange */

#ifdef __SANITIZE_ADDRESS__
/* AddressSanitizer has its own allocator, which mallinfo2() does not see. */
size_t __sanitizer_get_current_allocated_bytes(void);

static size_t heap_in_use(void)
{
	return __sanitizer_get_current_allocated_bytes();
}
#else
static size_t heap_in_use(void)
{
	return mallinfo2().uordblks;
}
#endif

int main(void)
{
	struct ike_policy p = mm_policy(IKE_CIPHER_AES_CBC, 128, IKE_HASH_SHA1, IKE_AUTH_PSK, 5,
					86400);
	struct ike_limits lim;
	struct ike_stats st;
	struct mm_net net;
	uint8_t msg[512];
	size_t len = mm_genuine_msg1(msg, sizeof(msg)), before, held;
	char name[96];

	ok(len > 0, "a genuine message 1 to replay");
	mm_net_init(&net, &p, 1, &p, 1, "k", "k");
	ike_limits_default(&lim);
	ike_ctx_set_limits(net.ks.ctx, &lim);
	is_int(lim.max_half_open, FLOOD_HALF_OPEN, "default cap: 1,024 half-open exchanges");

	/* One exchange made and expired first, so that what is allocated once
	 * (tables, library state) is not counted as the flood's. */
	mm_flood_from(&net, 0x0a000000, 1, 1, msg, len);
	mm_net_run(&net, 61000);
	before = heap_in_use();
	mm_flood_from(&net, 0x0b000000, FLOOD_SOURCES, 1, msg, len);
	held = heap_in_use() - before;
	ike_ctx_stats(net.ks.ctx, &st);
	is_int(st.half_open, FLOOD_HALF_OPEN, "20,000 sources: 1,024 half-open exchanges kept");
	is_int(st.dropped_half_open, FLOOD_SOURCES - FLOOD_HALF_OPEN,
	       "the other 18,976 dropped and counted");
	printf("# %u half-open exchanges hold %zu bytes of heap (%zu bytes each)\n", st.half_open,
	       held, held / (st.half_open ? st.half_open : 1));
	snprintf(name, sizeof(name), "the flood holds %zu bytes, below %lu", held, FLOOD_BOUND);
	ok(held > 0 && held < FLOOD_BOUND, name);

	mm_net_run(&net, 61000);
	ike_ctx_stats(net.ks.ctx, &st);
	is_int(st.half_open, 0, "the flood's exchanges time out");
	printf("# after they timed out: %zd bytes over the level before the flood\n",
	       (ssize_t)(heap_in_use() - before));
	mm_net_free(&net);
	return done_testing();
}
