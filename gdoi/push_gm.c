/* Rekey processing on a group member. */
#include "gdoi/push_gm.h"

#include <string.h>

#include <openssl/crypto.h>

#include "crypto/rsa_sig.h"
#include "log/log.h"

int push_gm_start(struct push_gm *gm, const struct group_policy *gp, const uint8_t *kd_key,
		  size_t kd_key_len, struct in_addr self, unsigned wire_flags)
{
	push_gm_stop(gm);
	if (rekey_kek_from_policy(&gp->kek, kd_key, kd_key_len, &gm->kek) < 0)
		return -1;
	gm->ks_pub = rsa_public_from_der(gp->kek.pubkey, gp->kek.pubkey_len);
	if (!gm->ks_pub) {
		rekey_kek_wipe(&gm->kek);
		return -1;
	}
	gm->last_seq = gp->seq;
	gm->self = self;
	gm->wire_flags = wire_flags;
	return 0;
}

void push_gm_stop(struct push_gm *gm)
{
	rekey_kek_wipe(&gm->kek);
	EVP_PKEY_free(gm->ks_pub);
	gm->ks_pub = NULL;
	gm->last_seq = 0;
}

static const char *const rereg_names[] = {
	[PUSH_REREG_NONE] = "none",
	[PUSH_REREG_KEK_EXPIRED] = "KEK expired without rekey",
	[PUSH_REREG_TEK_EXPIRING] = "TEK expiring without replacement",
	[PUSH_REREG_DELETED] = "rekey deleted the group's keys",
	[PUSH_REREG_REMOVED] = "removed by the key server",
	[PUSH_REREG_CLEARED] = "cleared",
};

const char *push_rereg_name(enum push_rereg r)
{
	return (unsigned)r < sizeof(rereg_names) / sizeof(rereg_names[0]) ? rereg_names[r]
									    : "unknown";
}

/* A new KEK (different SPI) becomes current; its SIG key may replace the
 * KS public key: both came signed by the key we trust. */
static int take_new_kek(struct push_gm *gm, const struct push_rx *rx)
{
	const struct rekey_update *u = &rx->update;
	struct rekey_kek next;
	EVP_PKEY *pub;

	if (rekey_kek_from_policy(&u->gp.kek, u->kek_kd_key, u->kek_kd_key_len, &next) < 0)
		return -1;
	pub = rsa_public_from_der(u->gp.kek.pubkey, u->gp.kek.pubkey_len);
	if (!pub) {
		rekey_kek_wipe(&next);
		return -1;
	}
	EVP_PKEY_free(gm->ks_pub);
	gm->ks_pub = pub;
	gm->kek = next;
	rekey_kek_wipe(&next);
	return 0;
}

/* A message push_open() accepted but the member cannot use: counted,
 * and its decrypted keys wiped like those of any other rejection. */
static void refuse_after_open(struct push_gm *gm, struct push_rx *rx,
			      struct push_gm_result *res, const char *why)
{
	res->verdict = PUSH_E_MALFORMED;
	res->why = why;
	res->ack_len = 0;
	gm->ctr.rejected[PUSH_E_MALFORMED]++;
	push_rx_wipe(rx);
	log_debug("GROUPKEY-PUSH dropped: %s (%s)", push_reject_name(res->verdict), why);
}

void push_gm_receive(struct push_gm *gm, const uint8_t *dgram, size_t len, struct push_rx *rx,
		     struct push_gm_result *res)
{
	const struct gp_kek *k = &rx->update.gp.kek;
	struct rekey_kek protecting;
	bool new_kek;

	memset(res, 0, sizeof(*res));
	res->verdict = push_open(&gm->kek, gm->ks_pub, gm->last_seq, gm->wire_flags, dgram, len,
				 rx, &res->why);
	if (res->verdict != PUSH_OK) {
		gm->ctr.rejected[res->verdict]++;
		log_debug("GROUPKEY-PUSH dropped: %s (%s)", push_reject_name(res->verdict), res->why);
		return;
	}
	new_kek = k->present && memcmp(k->spi, gm->kek.spi, GP_KEK_SPI_LEN) != 0;
	if (new_kek && !k->pubkey_len) {
		refuse_after_open(gm, rx, res, "new KEK without KS public key");
		return;
	}
	/* the acknowledgement names the KEK that protected the rekey */
	protecting = gm->kek;
	if (new_kek && take_new_kek(gm, rx) < 0) {
		rekey_kek_wipe(&protecting);
		refuse_after_open(gm, rx, res, "new KEK unusable");
		return;
	}
	if (rx->update.ack_requested &&
	    push_ack_build(&protecting, rx->seq, gm->self, res->ack, sizeof(res->ack),
			   &res->ack_len) == 0)
		gm->ctr.acks_sent++;
	rekey_kek_wipe(&protecting);
	res->kek_replaced = new_kek;
	gm->last_seq = rx->seq;
	gm->ctr.accepted++;
	if (rx->delete_kek)
		res->rereg = PUSH_REREG_DELETED;
}

static void remove_tek(struct group_policy *gp, unsigned i)
{
	OPENSSL_cleanse(&gp->teks[i], sizeof(gp->teks[i]));
	memmove(&gp->teks[i], &gp->teks[i + 1], (gp->n_teks - i - 1) * sizeof(gp->teks[0]));
	gp->n_teks--;
	OPENSSL_cleanse(&gp->teks[gp->n_teks], sizeof(gp->teks[0]));
}

static bool spi_in(const uint32_t *spis, size_t n, uint32_t spi)
{
	for (size_t i = 0; i < n; i++)
		if (spis[i] == spi)
			return true;
	return false;
}

enum push_rereg push_gm_apply(struct group_policy *gp, const struct push_rx *rx)
{
	const struct group_policy *u = &rx->update.gp;

	/* drop what the rekey replaces or deletes, then append its TEKs */
	for (unsigned i = gp->n_teks; i-- > 0;)
		if (spi_in(rx->delete_teks, rx->n_delete_teks, gp->teks[i].spi) ||
		    gp_find_tek_const(u, gp->teks[i].spi))
			remove_tek(gp, i);
	while (gp->n_teks + u->n_teks > GP_MAX_TEKS && gp->n_teks)
		remove_tek(gp, 0);
	for (unsigned i = 0; i < u->n_teks && gp->n_teks < GP_MAX_TEKS; i++)
		gp->teks[gp->n_teks++] = u->teks[i];
	if (u->kek.present) {
		OPENSSL_cleanse(&gp->kek, sizeof(gp->kek));
		gp->kek = u->kek;
	}
	if (rx->delete_kek)
		OPENSSL_cleanse(&gp->kek, sizeof(gp->kek));
	gp->seq = rx->seq;
	return gp->n_teks == 0 || !gp->kek.present ? PUSH_REREG_DELETED : PUSH_REREG_NONE;
}

enum push_rereg push_gm_reregister_due(const struct push_gm_clock *c, uint64_t now,
				       uint32_t lead_s)
{
	if (now >= c->kek_expires)
		return PUSH_REREG_KEK_EXPIRED;
	if (now + lead_s >= c->last_tek_expires)
		return PUSH_REREG_TEK_EXPIRING;
	return PUSH_REREG_NONE;
}
