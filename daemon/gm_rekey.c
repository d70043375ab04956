/* GROUPKEY-PUSH on the group member: after each registration the group's
 * KEK and the key server's public key (gdoi/push_gm.c) verify rekeys;
 * an accepted one updates the member's policy and dataplane
 * (gm_rekeyed) and is acknowledged to the key server when it asks.
 * Anything refused is counted by gdoi/push_gm.c and changes nothing. */
#include "config.h"

#include "daemon/gdoi_service_int.h"
#include "gdoi/rekey.h"
#include "gdoi/transport.h"
#include "log/log.h"

#include <arpa/inet.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

void gm_rekey_stop(struct gm_instance *m)
{
	if (!m->push)
		return;
	push_gm_stop(m->push);
	OPENSSL_clear_free(m->push, sizeof(*m->push));
	m->push = NULL;
}

void gm_rekey_registered(struct gdoi_service *s, struct gm_instance *m, struct gm_group *g)
{
	(void)s;
	gm_rekey_stop(m);
	if (!g->policy.kek.present || !(m->push = calloc(1, sizeof(*m->push))))
		return;
	if (push_gm_start(m->push, &g->policy, NULL, 0, g->local_addr, g->cfg.wire_flags) != 0) {
		log_event("GDOI", LOG_SEV_WARNING, "GM_NO_REKEY",
			  "Group %s: the KEK or key server key received cannot be used; "
			  "no rekeys will be accepted", g->cfg.name);
		gm_rekey_stop(m);
	}
}

static struct gm_instance *instance_of_spi(struct gdoi_service *s, const uint8_t *buf, size_t len)
{
	if (len < GP_KEK_SPI_LEN)
		return NULL;
	for (unsigned i = 0; i < s->n_gm; i++) {
		struct gm_instance *m = &s->gm_inst[i];

		if (m->push && CRYPTO_memcmp(m->push->kek.spi, buf, GP_KEK_SPI_LEN) == 0)
			return m;
	}
	return NULL;
}

/* Scratch for one received rekey (large). */
struct rekey_scratch {
	struct push_rx rx;
	struct push_gm_result res;
	struct group_policy gp;
};

static void apply(struct gdoi_service *s, struct gm_instance *m, struct gm_group *g,
		  struct rekey_scratch *x, const struct sockaddr_in *local,
		  const struct sockaddr_in *peer, uint64_t now)
{
	enum push_rereg rereg;

	x->gp = g->policy;
	rereg = push_gm_apply(&x->gp, &x->rx);
	gm_rekeyed(s->gm, g, &x->gp, now);
	if (x->res.ack_len)
		transport_send(s->transport, local, peer, x->res.ack, x->res.ack_len);
	if (rereg == PUSH_REREG_NONE && x->res.rereg == PUSH_REREG_NONE)
		return;
	log_event("GDOI", LOG_SEV_NOTICE, "GM_REREGISTER", "Group %s registers again: %s",
		  g->cfg.name, push_rereg_name(rereg != PUSH_REREG_NONE ? rereg : x->res.rereg));
	gm_rekey_stop(m);
	g->reregister_at = now;   /* gm_poll starts a registration at once */
}

void gm_rekey_input(struct gdoi_service *s, const struct sockaddr_in *local,
		    const struct sockaddr_in *peer, const uint8_t *buf, size_t len, uint64_t now)
{
	struct gm_instance *m = instance_of_spi(s, buf, len);
	struct gm_group *g = m ? gm_group_by_name(s->gm, m->name) : NULL;
	struct rekey_scratch *x;

	if (!g || g->state != GM_STATE_REGISTERED || !(x = malloc(sizeof(*x))))
		return;
	push_gm_receive(m->push, buf, len, &x->rx, &x->res);
	if (x->res.verdict == PUSH_OK)
		apply(s, m, g, x, local, peer, now);
	else
		log_debug("GDOI: rekey for group %s refused: %s", g->cfg.name,
			  x->res.why ? x->res.why : "?");
	OPENSSL_clear_free(x, sizeof(*x));
}
