/* Rekey timing and content on the key server. */
#include "gdoi/rekey_sched.h"

#include <string.h>

#include <openssl/crypto.h>

static const char *const reason_names[] = {
	[REKEY_NONE] = "none",
	[REKEY_TEK_EXPIRY] = "TEK expiry",
	[REKEY_KEK_EXPIRY] = "KEK expiry",
	[REKEY_POLICY_CHANGE] = "policy change",
	[REKEY_MANUAL] = "manual",
	[REKEY_MANUAL_REPLACE_NOW] = "manual replace-now",
};

const char *rekey_reason_name(enum rekey_reason r)
{
	return (unsigned)r < sizeof(reason_names) / sizeof(reason_names[0]) ? reason_names[r]
									      : "unknown";
}

uint32_t rekey_sched_lead(const struct rekey_sched_cfg *cfg, uint32_t lifetime_s)
{
	uint64_t lead = (uint64_t)cfg->retransmit_period_s * (1 + cfg->retransmits) +
			REKEY_LEAD_MARGIN_S;

	if (lead < lifetime_s / 10)
		lead = lifetime_s / 10;
	if (lead > lifetime_s / 2)
		lead = lifetime_s / 2;
	return (uint32_t)lead;
}

static uint64_t due_at(uint64_t created, uint32_t lifetime, uint32_t lead)
{
	return created + lifetime - lead;
}

void rekey_sched_decide(const struct rekey_sched_cfg *cfg, const struct rekey_sched_state *s,
			uint64_t now, struct rekey_decision *d)
{
	uint32_t tek_lead = rekey_sched_lead(cfg, cfg->tek_lifetime_s);
	uint32_t kek_lead = rekey_sched_lead(cfg, cfg->kek_lifetime_s);
	uint64_t tek_due = due_at(s->tek_created, cfg->tek_lifetime_s, tek_lead);
	uint64_t kek_due = cfg->kek_lifetime_s ? due_at(s->kek_created, cfg->kek_lifetime_s, kek_lead)
					       : UINT64_MAX;

	memset(d, 0, sizeof(*d));
	d->old_tek_cap_s = UINT32_MAX;
	d->next_check = tek_due < kek_due ? tek_due : kek_due;
	if (cfg->kek_lifetime_s == 0)
		return; /* no KEK: members re-register, nothing is pushed */
	if (s->replace_now) {
		d->reason = REKEY_MANUAL_REPLACE_NOW;
		d->new_teks = true;
		return;
	}
	if (s->manual) {
		d->reason = REKEY_MANUAL;
	} else if (s->round_active) {
		d->next_check = now + 1;
		return;
	} else if (s->policy_changed) {
		d->reason = REKEY_POLICY_CHANGE;
	} else if (now >= kek_due) {
		d->reason = REKEY_KEK_EXPIRY;
	} else if (now >= tek_due) {
		d->reason = REKEY_TEK_EXPIRY;
	} else {
		return;
	}
	d->new_kek = now >= kek_due;
	d->new_teks = d->reason != REKEY_KEK_EXPIRY || now >= tek_due;
	d->keep_old_teks = true;
	if (d->reason == REKEY_POLICY_CHANGE || d->reason == REKEY_MANUAL)
		d->old_tek_cap_s = tek_lead;
}

static bool in_policy(const struct group_policy *gp, uint32_t spi)
{
	return gp_find_tek_const(gp, spi) != NULL;
}

static bool listed(const uint32_t *del, size_t n, uint32_t spi)
{
	for (size_t i = 0; i < n; i++)
		if (del[i] == spi)
			return true;
	return false;
}

int rekey_compose(const struct group_policy *old_now, const struct group_policy *fresh,
		  const struct rekey_decision *d, struct group_policy *out, uint32_t *del,
		  size_t *n_del)
{
	*n_del = 0;
	if (fresh->n_teks == 0 || fresh->n_teks > GP_MAX_TEKS)
		return -1;
	*out = *fresh;
	for (unsigned i = 0; i < old_now->n_teks; i++) {
		struct gp_tek t = old_now->teks[i];

		if (in_policy(fresh, t.spi) || listed(del, *n_del, t.spi))
			continue;
		if (d->keep_old_teks && out->n_teks < GP_MAX_TEKS) {
			if (t.lifetime_s > d->old_tek_cap_s)
				t.lifetime_s = d->old_tek_cap_s;
			out->teks[out->n_teks++] = t;
		} else if (*n_del < GP_MAX_TEKS) {
			del[(*n_del)++] = t.spi;
		}
		OPENSSL_cleanse(&t, sizeof(t));
	}
	return 0;
}
