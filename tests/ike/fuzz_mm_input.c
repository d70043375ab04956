/* libFuzzer target for the Main Mode input path (configure
 * --enable-fuzzers). Each input is one datagram, fed to a responder (as
 * a message 1 or a message for unknown cookies) and to an initiator
 * waiting for message 2 (its cookie patched in, so the SA parsing and
 * proposal checks run). Run: tests/ike/fuzz_mm_input [corpus] */
#include "gdoi/ike_mm.h"
#include "log/log.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

static uint64_t now_ms = 1000;
static uint8_t last_sent[4096];
static size_t last_len;

static uint64_t fake_clock(void *arg)
{
	return now_ms;
}

static int capture(void *arg, const struct sockaddr_in *l, const struct sockaddr_in *p,
		   const uint8_t *buf, size_t len)
{
	if (len <= sizeof(last_sent)) {
		memcpy(last_sent, buf, len);
		last_len = len;
	}
	return 0;
}

static ssize_t psk(void *arg, const struct in_addr *peer, uint8_t *key, size_t max)
{
	memcpy(key, "k", 1);
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ike_timers *timers;
	struct ike_callbacks cb = { .send = capture, .psk_lookup = psk };
	struct ike_policy pol = { IKE_CIPHER_AES_CBC, 128, IKE_HASH_SHA1, IKE_AUTH_PSK, 2, 86400 };
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(848) }, b = a;
	struct ike_ctx *ks, *gm;
	uint8_t *copy;

	if (!timers) {
		log_init("fuzz", LOG_SINK_NONE);
		timers = ike_timers_new(fake_clock, NULL);
	}
	a.sin_addr.s_addr = htonl(0x0a000001);
	b.sin_addr.s_addr = htonl(0x0a000002);
	ks = ike_ctx_new(&cb, timers);
	gm = ike_ctx_new(&cb, timers);
	ike_ctx_set_policies(ks, &pol, 1);
	ike_ctx_set_policies(gm, &pol, 1);
	ike_input(ks, &a, &b, data, size);

	ike_initiate(gm, &b, &a, NULL);
	copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	if (size >= 8 && last_len >= 8)
		memcpy(copy, last_sent, 8);
	ike_input(gm, &b, &a, copy, size);
	free(copy);

	now_ms += 100000; /* let every timer of this round expire */
	ike_timers_run(timers);
	ike_ctx_free(ks);
	ike_ctx_free(gm);
	return 0;
}
