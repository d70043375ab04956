/* SA and KD payloads of a received GROUPKEY-PUSH -> group policy update.
 * Same rules as registration (selectors, TEKs and the KEK are read by the
 * same code, gdoi/policy_wire.h): every attribute known, every key of the
 * exact length its transform needs. */
#include "gdoi/rekey_policy.h"
#include "gdoi/pull_msg.h"
#include "gdoi/policy_wire.h"

#include <string.h>

#include <openssl/crypto.h>

static int sa_from_wire(const struct wire_sa *sa, struct rekey_update *u, const char **why)
{
	uint32_t v = 0;

	if (!sa->gdoi || sa->doi != WIRE_DOI_GDOI)
		return *why = "SA is not a GDOI SA", -1;
	if (sa->g.nteks > GP_MAX_TEKS || (sa->g.nteks == 0 && !sa->g.has_kek))
		return *why = "SA carries neither KEK nor TEK, or too many TEKs", -1;
	if (sa->g.has_kek &&
	    policy_kek_from_wire(&sa->g.kek, true, &u->gp.kek, &u->ack_requested, why) < 0)
		return -1;
	if (sa->g.has_gap) {
		if (wire_attrs_get_u32(&sa->g.gap, WIRE_GAP_ACTIVATION_TIME_DELAY, &v))
			u->gp.activation_delay_s = v;
		if (wire_attrs_get_u32(&sa->g.gap, WIRE_GAP_DEACTIVATION_TIME_DELAY, &v))
			u->gp.deactivation_delay_s = v;
	}
	for (unsigned i = 0; i < sa->g.nteks; i++)
		if (policy_tek_from_wire(&sa->g.tek[i], &u->gp.teks[i], why) < 0)
			return -1;
	u->gp.n_teks = sa->g.nteks;
	return 0;
}

/* The KEK_ALGORITHM_KEY as sent: pull_keys_from_kd() keeps only the key. */
static int raw_kek_key(const struct wire_kd *kd, struct rekey_update *u, const char **why)
{
	struct wire_attr key;

	for (unsigned i = 0; i < kd->npackets; i++) {
		const struct wire_key_packet *p = &kd->pkt[i];

		if (p->type != WIRE_KD_KEK)
			continue;
		if (u->kek_kd_key_len)
			return *why = "two key packets for the KEK", -1;
		if (!wire_attrs_find(&p->attrs, WIRE_KD_KEK_ALGORITHM_KEY, &key) || key.tv ||
		    key.len > sizeof(u->kek_kd_key))
			return *why = "KEK key packet without a usable key", -1;
		memcpy(u->kek_kd_key, key.data, key.len);
		u->kek_kd_key_len = key.len;
	}
	return 0;
}

int rekey_policy_from_wire(const struct wire_sa *sa, const struct wire_kd *kd,
			   struct rekey_update *u, const char **why)
{
	memset(u, 0, sizeof(*u));
	if (sa_from_wire(sa, u, why) < 0 || pull_keys_from_kd(kd, &u->gp, why) < 0 ||
	    raw_kek_key(kd, u, why) < 0) {
		OPENSSL_cleanse(u, sizeof(*u));
		return -1;
	}
	return 0;
}
