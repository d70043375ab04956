/* Randomised damage (a poor man's fuzzer that runs in every `make check`,
 * under the sanitizers in the sanitizer build): each run damages one or
 * two datagrams of a Main Mode in random ways, and sometimes duplicates
 * one. Whatever happens, nothing may crash or leak, no exchange may be
 * left half-open, and two established sides must hold the same keys. */
#include "tests/unit/ike/mm_harness.h"
#include "tests/tap.h"

#include "gdoi/ike_mm_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RUNS 2000

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

struct plan {
	unsigned victims[2];
	unsigned dup;
};

static void mutate(struct mm_pkt *pkt)
{
	switch (rnd(5)) {
	case 0: /* flip bits */
		for (unsigned i = 0, n = 1 + rnd(4); i < n; i++)
			pkt->buf[rnd((uint32_t)pkt->len)] ^= (uint8_t)(1u << rnd(8));
		break;
	case 1: /* truncate */
		pkt->len = rnd((uint32_t)pkt->len);
		break;
	case 2: { /* grow, fixing the header length so it passes the first check */
		size_t extra = 1 + rnd(64);
		uint8_t *b = realloc(pkt->buf, pkt->len + extra);

		for (size_t i = 0; i < extra; i++)
			b[pkt->len + i] = (uint8_t)rnd(256);
		pkt->buf = b;
		pkt->len += extra;
		if (pkt->len >= 28) {
			b[24] = (uint8_t)(pkt->len >> 24);
			b[25] = (uint8_t)(pkt->len >> 16);
			b[26] = (uint8_t)(pkt->len >> 8);
			b[27] = (uint8_t)pkt->len;
		}
		break;
	}
	case 3: /* a payload header field */
		if (pkt->len > 32)
			pkt->buf[28 + rnd(4)] = (uint8_t)rnd(256);
		break;
	default: /* an inner length somewhere in the first 64 octets */
		if (pkt->len > 64)
			pkt->buf[32 + rnd(32)] = (uint8_t)rnd(256);
		break;
	}
}

static bool filter(struct mm_net *net, struct mm_pkt *pkt, unsigned index, void *arg)
{
	struct plan *pl = arg;

	if (index == pl->dup)
		mm_net_inject(net, pkt->to, &pkt->from, pkt->buf, pkt->len);
	if (index == pl->victims[0] || index == pl->victims[1])
		mutate(pkt);
	return true;
}

static bool leftover(const struct ike_ctx *ctx)
{
	for (size_t i = 0; i < ctx->n_buckets; i++)
		for (struct ike_exchange *x = ctx->buckets[i]; x; x = x->hash_next)
			if (x->state != MM_ESTABLISHED)
				return true;
	return ctx->half_open != 0;
}

int main(void)
{
	struct ike_policy p = mm_policy(IKE_CIPHER_AES_CBC, 128, IKE_HASH_SHA1, IKE_AUTH_PSK, 2, 0);
	unsigned bad_state = 0, bad_keys = 0, up = 0, failed = 0;

	for (int run = 0; run < RUNS; run++) {
		struct plan pl = { { rnd(8), rnd(3) ? 99 : rnd(8) }, rnd(4) ? 99 : rnd(8) };
		struct mm_net net;

		mm_net_init(&net, &p, 1, &p, 1, "k", "k");
		net.filter = filter;
		net.filter_arg = &pl;
		ike_initiate(net.gm.ctx, &net.gm.addr, &net.ks.addr, NULL);
		mm_net_run(&net, 200000);
		if (leftover(net.gm.ctx) || leftover(net.ks.ctx))
			bad_state++;
		if (net.gm.established && net.ks.established) {
			up++;
			if (memcmp(net.gm.sa.skeyid_a, net.ks.sa.skeyid_a, net.gm.sa.hash_len) ||
			    memcmp(net.gm.sa.enc_key, net.ks.sa.enc_key, net.gm.sa.enc_key_len))
				bad_keys++;
		} else {
			failed++;
		}
		mm_net_free(&net);
	}
	printf("# %u runs: %u established on both sides, %u not\n", RUNS, up, failed);
	is_int(bad_state, 0, "no exchange left half-open after any damage");
	is_int(bad_keys, 0, "sides that both established agree on the keys");
	ok(up > 0 && failed > 0, "the damage both let some exchanges through and stopped others");
	return done_testing();
}
