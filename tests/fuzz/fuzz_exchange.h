/* Shared by the exchange fuzz targets (fuzz_mm_exchange, fuzz_ks_exchange,
 * fuzz_gm_exchange): the input format and the sealing of a fuzzed payload
 * chain with the keys of a real exchange.
 *
 * An input is a sequence of steps, each one
 *     OP (1 octet) | LEN (2 octets, big-endian) | BODY (LEN octets)
 * (a LEN beyond the input is cut to what remains). The target decides
 * what OP means (OP modulo its number of operations): deliver the real
 * peer's next message, or deliver BODY as a message of the exchange.
 * BODY of a message is FIRST (1 octet: the type of its first payload)
 * followed by the payload chain, which the target wraps into a header
 * and, where the exchange has them, the HASH, signature and encryption
 * that the fuzzer cannot produce, with the keys and IV the receiver holds.
 * So every step reaches the state machine past authentication, through
 * the real input function. */
#ifndef GETVPND_TESTS_FUZZ_EXCHANGE_H
#define GETVPND_TESTS_FUZZ_EXCHANGE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/iv.h"
#include "gdoi/pull_frame.h"
#include "gdoi/pull_msg.h"

#define FUZZ_MAX_STEPS 16

/* FUZZ_TRACE=1 in the environment: each step's outcome on stderr, to see
 * how far a seed or a finding gets (tests/fuzz/fuzz_gm_exchange SEED). */
static inline void fuzz_trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void fuzz_trace(const char *fmt, ...)
{
	static int on = -1;
	va_list ap;

	if (on < 0)
		on = getenv("FUZZ_TRACE") != NULL;
	if (!on)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

struct fuzz_steps {
	const uint8_t *p;
	size_t left;
	unsigned taken;
};

struct fuzz_step {
	uint8_t op;
	const uint8_t *body;
	size_t len;
};

static inline bool fuzz_next_step(struct fuzz_steps *s, struct fuzz_step *st)
{
	size_t len;

	if (s->left < 3 || s->taken >= FUZZ_MAX_STEPS)
		return false;
	st->op = s->p[0];
	len = (size_t)s->p[1] << 8 | s->p[2];
	s->p += 3;
	s->left -= 3;
	if (len > s->left)
		len = s->left;
	st->body = s->p;
	st->len = len;
	s->p += len;
	s->left -= len;
	s->taken++;
	return true;
}

/* FUZZ_RECORD=FILE in the environment: each input is written again to
 * FILE (rewritten per input) with every real message it delivered turned
 * into the step that delivers the same payload chain through the fuzzed
 * path, and the other steps as they were. tests/fuzz/exchange-seeds.sh
 * makes seeds this way from real exchanges, so that mutations start from
 * payload chains these engines accept. */
static FILE *fuzz_rec;

static inline void fuzz_record_begin(void)
{
	const char *path = getenv("FUZZ_RECORD");

	if (path && !(fuzz_rec = fopen(path, "wb")))
		abort();
}

static inline void fuzz_record_end(void)
{
	if (fuzz_rec)
		fclose(fuzz_rec);
	fuzz_rec = NULL;
}

/* One step: OP, then FIRST (when first >= 0) and the chain. */
static inline void fuzz_record(uint8_t op, int first, const uint8_t *chain, size_t len)
{
	size_t total = len + (first >= 0);
	uint8_t hdr[4] = { op, (uint8_t)(total >> 8), (uint8_t)total, (uint8_t)first };

	if (fuzz_rec && total <= 0xffff &&
	    (fwrite(hdr, 1, first >= 0 ? 4 : 3, fuzz_rec) == 0 ||
	     (len && fwrite(chain, 1, len, fuzz_rec) != len)))
		abort();
}

/* The payload chain of a decoded plaintext message after its HASH. */
static inline void fuzz_record_after_hash(uint8_t op, const uint8_t *plain, size_t payloads_end)
{
	size_t hash_len;

	if (payloads_end < PULL_HDR_LEN + 4)
		return;
	hash_len = (size_t)plain[PULL_HDR_LEN + 2] << 8 | plain[PULL_HDR_LEN + 3];
	if (hash_len >= 4 && PULL_HDR_LEN + hash_len <= payloads_end)
		fuzz_record(op, plain[PULL_HDR_LEN], plain + PULL_HDR_LEN + hash_len,
			    payloads_end - PULL_HDR_LEN - hash_len);
}

/* The ISAKMP header (RFC 2408 3.1). */
static inline void fuzz_put_hdr(uint8_t *out, const uint8_t *icookie, const uint8_t *rcookie,
				uint8_t next, uint8_t exchange, uint8_t flags, uint32_t msgid,
				size_t len)
{
	memcpy(out, icookie, 8);
	memcpy(out + 8, rcookie, 8);
	out[16] = next;
	out[17] = 0x10;
	out[18] = exchange;
	out[19] = flags;
	for (int i = 0; i < 4; i++) {
		out[20 + i] = (uint8_t)(msgid >> (24 - 8 * i));
		out[24 + i] = (uint8_t)(len >> (24 - 8 * i));
	}
}

static inline uint32_t fuzz_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The IV that follows a sent datagram: its last ciphertext block. */
static inline void fuzz_iv_after(struct ike_iv *iv, size_t block, const uint8_t *dgram, size_t len)
{
	iv->len = block;
	if (len >= PULL_HDR_LEN + block)
		memcpy(iv->bytes, dgram + len - block, block);
}

/* A GROUPKEY-PULL message n of exchange msgid carrying the fuzzed chain
 * body (FIRST | payloads) after a correct HASH(n), encrypted with iv (not
 * modified). 0 ok, -1 when it does not fit. */
static inline int fuzz_seal_pull(const struct ike_sa *sa, unsigned msg_no, uint32_t msgid,
				 const uint8_t *ni, size_t ni_len, const uint8_t *nr,
				 size_t nr_len, const uint8_t *body, size_t len,
				 const struct ike_iv *iv, uint8_t *out, size_t cap, size_t *out_len)
{
	static uint8_t plain[PULL_MAX_MSG];
	struct ike_iv tmp = *iv;
	size_t plain_len;

	if (len == 0 ||
	    pull_build_hashed(sa, msg_no, msgid, ni, ni_len, nr, nr_len, body[0], body + 1,
			      len - 1, plain, sizeof(plain), &plain_len) < 0)
		return -1;
	return pull_seal(sa, ISAKMP_EXCH_GROUPKEY_PULL, msgid, PL_HASH, &tmp, plain, plain_len,
			 out, cap, out_len);
}

#endif
