/* The rekey phase of the load generator: each registered member verifies
 * a GROUPKEY-PUSH with the KEK and key server key of its registration
 * (gdoi/push_gm.c, as the daemon's member does) and sends the
 * acknowledgement the key server asks for, from its own address. When
 * every member has its rekey the loop ends.
 *
 * N real members check their copies in parallel, each on its own CPU;
 * this one process would take N signature checks in a row, and the
 * figure is the key server's. So (unless --rekey-verify-all) a copy
 * byte-identical to one a member with the same KEK fully verified is
 * taken on the strength of that check: the member still moves its SEQ
 * and builds and sends its own acknowledgement (HASH with its KEK, its
 * address), so the key server sees exactly what N full checks produce. */
#include "bench/reg_load.h"
#include "gdoi/push_gm.h"
#include "gdoi/transport.h"

#include <event2/event.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The last datagram a member verified in full, and what it said. */
static struct {
	uint8_t *dgram;
	size_t len;
	uint8_t kek_spi[GP_KEK_SPI_LEN];
	uint32_t seq;
	bool ack_requested;
} verified;

int rekey_member_start(struct member *m, const struct group_policy *gp)
{
	m->push = calloc(1, sizeof(*m->push));
	if (!m->push)
		return -1;
	if (push_gm_start(m->push, gp, NULL, 0, m->local.sin_addr, 0) != 0) {
		rekey_member_free(m);
		return -1;
	}
	return 0;
}

void rekey_member_free(struct member *m)
{
	free(verified.dgram);
	verified.dgram = NULL;
	if (!m->push)
		return;
	push_gm_stop(m->push);
	OPENSSL_clear_free(m->push, sizeof(*m->push));
	m->push = NULL;
}

/* Scratch for a full check: large (the decrypted message and the new
 * keys), so not on the stack, and wiped after each use. */
static struct {
	struct push_rx rx;
	struct push_gm_result res;
} scratch;

static void remember_verified(const struct push_gm *before, const uint8_t *buf, size_t len,
			      const struct push_rx *rx)
{
	uint8_t *copy = malloc(len);

	if (!copy)
		return;
	memcpy(copy, buf, len);
	free(verified.dgram);
	verified.dgram = copy;
	verified.len = len;
	memcpy(verified.kek_spi, before->kek.spi, GP_KEK_SPI_LEN);
	verified.seq = rx->seq;
	verified.ack_requested = rx->update.ack_requested;
}

/* A copy another member with this KEK verified: SEQ and ack only. The
 * ack is the member's own (push_ack_build with its KEK and address), as
 * push_gm_receive builds it. */
static bool accept_verified_copy(struct push_gm *pg, const uint8_t *buf, size_t len,
				 uint8_t *ack, size_t *ack_len)
{
	if (!verified.dgram || len != verified.len || memcmp(buf, verified.dgram, len) != 0 ||
	    memcmp(pg->kek.spi, verified.kek_spi, GP_KEK_SPI_LEN) != 0 || verified.seq <= pg->last_seq)
		return false;
	*ack_len = 0;
	if (verified.ack_requested &&
	    push_ack_build(&pg->kek, verified.seq, pg->self, ack, PUSH_ACK_MAX_LEN, ack_len) == 0)
		pg->ctr.acks_sent++;
	pg->last_seq = verified.seq;
	pg->ctr.accepted++;
	return true;
}

/* Full check (push_gm_receive). Only this path touches the scratch, so
 * only it pays for wiping the new keys. */
static bool verify_in_full(struct load *l, struct push_gm *pg, const uint8_t *buf, size_t len,
			   uint8_t *ack, size_t *ack_len)
{
	uint8_t spi[GP_KEK_SPI_LEN];
	bool ok;

	memcpy(spi, pg->kek.spi, sizeof(spi));
	push_gm_receive(pg, buf, len, &scratch.rx, &scratch.res);
	ok = scratch.res.verdict == PUSH_OK;
	*ack_len = 0;
	if (ok) {
		l->rekey_full++;
		remember_verified(pg, buf, len, &scratch.rx);
		/* the KEK that protected it, even if the rekey replaced it */
		memcpy(verified.kek_spi, spi, sizeof(spi));
		if (scratch.res.ack_len <= PUSH_ACK_MAX_LEN) {
			memcpy(ack, scratch.res.ack, scratch.res.ack_len);
			*ack_len = scratch.res.ack_len;
		}
	}
	push_rx_wipe(&scratch.rx);   /* the new keys: not kept by the generator */
	OPENSSL_cleanse(&scratch.res, sizeof(scratch.res));
	return ok;
}

static uint64_t wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

bool rekey_take(struct load *l, struct in_addr to, const uint8_t *buf, size_t len,
		uint8_t ack[PUSH_ACK_MAX_LEN], size_t *ack_len)
{
	uint32_t i = ntohl(to.s_addr) - ntohl(l->o.base.s_addr);
	struct member *m = i < l->o.count ? &l->m[i] : NULL;
	bool ok;

	*ack_len = 0;
	if (!m || !m->push || m->rekeyed)
		return false;
	if (!l->o.rekey_verify_all && accept_verified_copy(m->push, buf, len, ack, ack_len)) {
		l->rekey_memo++;
		ok = true;
	} else {
		ok = verify_in_full(l, m->push, buf, len, ack, ack_len);
	}
	if (!ok) {
		l->rekey_rejected++;
		return false;
	}
	m->rekeyed = true;
	l->rekey_last_ms = wall_ms();
	if (!l->rekeyed++) {
		l->rekey_first_ms = l->rekey_last_ms;
		l->rekey_len = len;
	}
	if (l->rekeyed == l->ok)
		event_base_loopexit(l->base, NULL);
	return *ack_len > 0;
}

void rekey_input(void *arg, const struct sockaddr_in *local, const struct sockaddr_in *peer,
		 const uint8_t *buf, size_t len)
{
	struct load *l = arg;
	uint8_t ack[PUSH_ACK_MAX_LEN];
	size_t ack_len;

	if (rekey_take(l, local->sin_addr, buf, len, ack, &ack_len))
		transport_send(l->t, local, peer, ack, ack_len);
}
