/* The rekey phase of the load generator: each registered member verifies
 * a GROUPKEY-PUSH with the KEK and key server key of its registration
 * (gdoi/push_gm.c, as the daemon's member does) and sends the
 * acknowledgement the key server asks for, from its own address. When
 * every member has its rekey the loop ends. */
#include "bench/reg_load.h"
#include "gdoi/push_gm.h"
#include "gdoi/transport.h"

#include <event2/event.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <time.h>

static uint64_t wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

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
	if (!m->push)
		return;
	push_gm_stop(m->push);
	OPENSSL_clear_free(m->push, sizeof(*m->push));
	m->push = NULL;
}

/* Scratch for one rekey: large, so not on the stack. */
static struct {
	struct push_rx rx;
	struct push_gm_result res;
} scratch;

void rekey_input(void *arg, const struct sockaddr_in *local, const struct sockaddr_in *peer,
		 const uint8_t *buf, size_t len)
{
	struct load *l = arg;
	uint32_t i = ntohl(local->sin_addr.s_addr) - ntohl(l->o.base.s_addr);
	struct member *m = i < l->o.count ? &l->m[i] : NULL;
	bool ok;

	if (!m || !m->push || m->rekeyed)
		return;
	push_gm_receive(m->push, buf, len, &scratch.rx, &scratch.res);
	ok = scratch.res.verdict == PUSH_OK;
	if (ok && scratch.res.ack_len)
		transport_send(l->t, local, peer, scratch.res.ack, scratch.res.ack_len);
	push_rx_wipe(&scratch.rx);   /* the new keys: not kept by the generator */
	OPENSSL_cleanse(&scratch.res, sizeof(scratch.res));
	if (!ok) {
		l->rekey_rejected++;
		return;
	}
	m->rekeyed = true;
	l->rekey_last_ms = wall_ms();
	if (!l->rekeyed++) {
		l->rekey_first_ms = l->rekey_last_ms;
		l->rekey_len = len;
	}
	if (l->rekeyed == l->ok)
		event_base_loopexit(l->base, NULL);
}
