/* Group member dataplane: TEKs (inbound state and SPI set, activation for
 * sending, removal at the end of their lifetime). */
#include "xfrm/group_int.h"

#include <openssl/crypto.h>
#include <string.h>

static void inbound_state(const struct gv_gm *gm, const struct gv_gm_tek *tek, struct gv_xfrm_state *st)
{
	memset(st, 0, sizeof(*st));
	st->dst = gm->anchor;	/* every sender's ESP is rewritten to this address */
	st->spi = tek->spi;
	st->reqid = gm->reqid;
	st->mode = GV_XFRM_TUNNEL;
	st->replay_window = 0;	/* shared by many senders: no counter window */
	st->keys = tek->keys;
}

void gm_pair_state(const struct gv_gm *gm, const struct gv_gm_pair *p, const struct gv_gm_tek *tek,
		   struct gv_xfrm_state *st)
{
	memset(st, 0, sizeof(*st));
	st->src = p->outer_src;
	st->dst = p->dst;
	st->spi = tek->spi;
	st->reqid = gm->reqid;
	st->mode = GV_XFRM_TUNNEL;
	st->output_mark = p->mark;
	if (p->match_mark) {
		st->mark.value = p->mark;
		st->mark.mask = 0xffffffffu;
	}
	st->keys = tek->keys;
}

int gv_gm_add_tek(struct gv_gm *gm, const struct gv_gm_tek *tek)
{
	struct gv_xfrm_state st;
	int ret;

	if (!gm->started || gm->n_teks == GM_MAX_TEKS || !tek->keys.enc || tek->spi < 256) {
		gm_error(gm, gm->started ? "TEK 0x%08x: too many live TEKs, no keys or reserved SPI" :
			 "TEK 0x%08x: group dataplane not started", tek->spi);
		return -1;
	}
	for (size_t i = 0; i < gm->n_teks; i++)
		if (gm->teks[i].spi == tek->spi) {
			gm_error(gm, "TEK 0x%08x is already installed", tek->spi);
			return -1;
		}
	inbound_state(gm, tek, &st);
	ret = gv_xfrm_state_add(&gm->nl, &st);
	OPENSSL_cleanse(&st, sizeof(st));
	if (ret < 0) {
		gm_error(gm, "%s", gm->nl.err);
		return -1;
	}
	gm->teks[gm->n_teks++] = *tek;
	if (gv_nft_spi_add(gm->nft, tek->spi) < 0) {
		gm_error(gm, "%s", gv_nft_error(gm->nft));
		return -1;
	}
	return gm->active_spi ? 0 : gv_gm_activate_tek(gm, tek->spi);
}

const struct gv_gm_tek *gm_active_tek(const struct gv_gm *gm)
{
	for (size_t i = 0; i < gm->n_teks; i++)
		if (gm->teks[i].spi == gm->active_spi)
			return &gm->teks[i];
	return NULL;
}

int gv_gm_activate_tek(struct gv_gm *gm, uint32_t spi)
{
	const struct gv_gm_tek *tek;
	struct gv_xfrm_state st;
	struct gv_nl_batch *b;

	gm->active_spi = spi;
	tek = gm_active_tek(gm);
	if (!tek) {
		gm->active_spi = 0;
		gm_error(gm, "TEK 0x%08x is not installed", spi);
		return -1;
	}
	/* Being the newest state of each pair, the kernel uses it at once. */
	b = gv_nl_batch_new(&gm->nl, "per-pair state add");
	if (!b)
		return -1;
	for (size_t i = 0; i < gm->n_pairs; i++) {
		gm_pair_state(gm, &gm->pairs[i], tek, &st);
		gv_xfrm_batch_state_add(b, &st, 1);
	}
	OPENSSL_cleanse(&st, sizeof(st));
	if (gv_nl_batch_finish(b) > 0) {
		gm_error(gm, "%s", gm->nl.err);
		return -1;
	}
	return 0;
}

static int find_tek(const struct gv_gm *gm, uint32_t spi)
{
	for (size_t i = 0; i < gm->n_teks; i++)
		if (gm->teks[i].spi == spi)
			return (int)i;
	return -1;
}

/* Queues the deletion of every state of one TEK (inbound and per pair). */
void gm_queue_tek_states(struct gv_gm *gm, struct gv_nl_batch *b, const struct gv_gm_tek *tek)
{
	struct gv_xfrm_state st;

	gv_xfrm_batch_state_delete(b, gm->anchor, tek->spi, NULL);
	for (size_t i = 0; i < gm->n_pairs; i++) {
		gm_pair_state(gm, &gm->pairs[i], tek, &st);
		gv_xfrm_batch_state_delete(b, st.dst, st.spi, &st.mark);
	}
	OPENSSL_cleanse(&st, sizeof(st));
}

int gv_gm_remove_tek(struct gv_gm *gm, uint32_t spi)
{
	int idx = find_tek(gm, spi), failed;
	struct gv_nl_batch *b;

	if (idx < 0) {
		gm_error(gm, "TEK 0x%08x is not installed", spi);
		return -1;
	}
	b = gv_nl_batch_new(&gm->nl, "TEK state delete");
	if (!b)
		return -1;
	gm_queue_tek_states(gm, b, &gm->teks[idx]);
	failed = gv_nl_batch_finish(b);
	if (gv_nft_spi_del(gm->nft, spi) < 0)
		failed++;
	if (gm->active_spi == spi)
		gm->active_spi = 0;
	OPENSSL_cleanse(&gm->teks[idx], sizeof(gm->teks[idx]));
	memmove(&gm->teks[idx], &gm->teks[idx + 1], (gm->n_teks - (size_t)idx - 1) * sizeof(gm->teks[0]));
	gm->n_teks--;
	if (failed)
		gm_error(gm, "removing TEK 0x%08x: %s", spi, gm->nl.err);
	return failed ? -1 : 0;
}
