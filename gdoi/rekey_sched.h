/* When the key server rekeys a group and what the rekey carries, as pure
 * functions of the configuration, the key ages and the events.
 *
 * Timing: a rekey is sent `lead` seconds before the TEK (or KEK) expires,
 * so that every retransmission is over before the old key dies and GMs
 * install the new TEK while the old one still carries traffic:
 *   lead = period * (1 + retransmits) + REKEY_LEAD_MARGIN_S,
 * at least lifetime / 10 and at most lifetime / 2. IOS also rekeys ahead
 * of expiry; its exact offset is not documented, this one guarantees the
 * retransmission window fits.
 * Content: new TEKs and the old ones with their remaining lifetime (cut
 * to `lead` on a policy change or a manual rekey), so traffic never
 * stops; `replace-now` sends no old TEK and deletes their SPIs. */
#ifndef GETVPND_GDOI_REKEY_SCHED_H
#define GETVPND_GDOI_REKEY_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gdoi/group_policy.h"

#define REKEY_LEAD_MARGIN_S 30

struct rekey_sched_cfg {
	uint32_t tek_lifetime_s;
	uint32_t kek_lifetime_s;        /* 0: the group has no KEK (no rekeys) */
	uint32_t retransmit_period_s;
	unsigned retransmits;
};

/* What happened since the last rekey; times are monotonic seconds. */
struct rekey_sched_state {
	uint64_t tek_created, kek_created;
	bool policy_changed;            /* `sa ipsec` ACL or profile edited */
	bool manual, replace_now;       /* `crypto gdoi ks rekey [replace-now]` */
	bool round_active;              /* the previous rekey still retransmits */
};

enum rekey_reason {
	REKEY_NONE = 0,
	REKEY_TEK_EXPIRY,
	REKEY_KEK_EXPIRY,
	REKEY_POLICY_CHANGE,
	REKEY_MANUAL,
	REKEY_MANUAL_REPLACE_NOW,
};
const char *rekey_reason_name(enum rekey_reason r);

struct rekey_decision {
	enum rekey_reason reason;
	bool new_teks, new_kek;
	bool keep_old_teks;             /* old TEKs ride along ... */
	uint32_t old_tek_cap_s;         /* ... with at most this much life left */
	uint64_t next_check;            /* ask again then if nothing happens */
};

uint32_t rekey_sched_lead(const struct rekey_sched_cfg *cfg, uint32_t lifetime_s);
/* Decides at now. Manual and replace-now rekey even while a round is
 * active (the new round supersedes it); the others wait for it. */
void rekey_sched_decide(const struct rekey_sched_cfg *cfg, const struct rekey_sched_state *s,
			uint64_t now, struct rekey_decision *d);

/* The policy of the rekey: fresh (new keys where the decision asked for
 * them; its SEQ is the rekey's) plus, when d->keep_old_teks, the TEKs of
 * old_now (lifetimes = what remains now) whose SPI fresh does not reuse,
 * their lifetime capped at d->old_tek_cap_s; otherwise those SPIs go to
 * del[] (room for GP_MAX_TEKS). Old TEKs that do not fit are dropped
 * (deleted). 0 ok, -1 fresh has no TEK. */
int rekey_compose(const struct group_policy *old_now, const struct group_policy *fresh,
		  const struct rekey_decision *d, struct group_policy *out, uint32_t *del,
		  size_t *n_del);

#endif
