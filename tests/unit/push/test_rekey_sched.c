/* Rekey scheduling and content: when the key server rekeys and which
 * TEKs the rekey carries. */
#include <string.h>

#include "gdoi/rekey_sched.h"
#include "tests/tap.h"
#include "tests/unit/push/push_test_util.h"

static const struct rekey_sched_cfg cfg = {
	.tek_lifetime_s = 3600, .kek_lifetime_s = 86400, .retransmit_period_s = 10, .retransmits = 2,
};

static void timing(void)
{
	struct rekey_sched_state s = { .tek_created = 1000, .kek_created = 1000 };
	struct rekey_decision d;
	uint32_t lead = rekey_sched_lead(&cfg, 3600);

	is_int(lead, 360, "TEK 3600 s: lead is a tenth of the lifetime");
	is_int(rekey_sched_lead(&cfg, 600), 60, "TEK 600 s: lead = retransmit window + margin");
	is_int(rekey_sched_lead(&cfg, 100), 50, "short TEK: at most half the lifetime");
	rekey_sched_decide(&cfg, &s, 1000 + 3600 - 361, &d);
	is_int(d.reason, REKEY_NONE, "before the lead: no rekey");
	is_int((long long)d.next_check, 1000 + 3600 - 360, "next check when the TEK rekey is due");
	rekey_sched_decide(&cfg, &s, 1000 + 3600 - 360, &d);
	is_int(d.reason, REKEY_TEK_EXPIRY, "at the lead: TEK rekey");
	ok(d.new_teks && !d.new_kek && d.keep_old_teks && d.old_tek_cap_s == UINT32_MAX,
	   "new TEKs, old ones kept for their remaining life");
	s.round_active = true;
	rekey_sched_decide(&cfg, &s, 1000 + 3600 - 360, &d);
	is_int(d.reason, REKEY_NONE, "while a round retransmits: wait");
	s.round_active = false;
	s.tek_created = 86000;
	rekey_sched_decide(&cfg, &s, 1000 + 86400 - 8640, &d);
	is_int(d.reason, REKEY_KEK_EXPIRY, "KEK at its lead: KEK rekey");
	ok(d.new_kek && !d.new_teks, "new KEK, TEKs unchanged");
	s.policy_changed = true;
	rekey_sched_decide(&cfg, &s, 2000, &d);
	is_int(d.reason, REKEY_POLICY_CHANGE, "policy change: rekey now");
	ok(d.new_teks && d.keep_old_teks && d.old_tek_cap_s == rekey_sched_lead(&cfg, 3600),
	   "old TEKs shortened to the lead");
	s.policy_changed = false;
	s.manual = true;
	s.round_active = true;
	rekey_sched_decide(&cfg, &s, 2000, &d);
	is_int(d.reason, REKEY_MANUAL, "crypto gdoi ks rekey: rekey even during a round");
	s.replace_now = true;
	rekey_sched_decide(&cfg, &s, 2000, &d);
	is_int(d.reason, REKEY_MANUAL_REPLACE_NOW, "replace-now");
	ok(d.new_teks && !d.keep_old_teks, "replace-now drops the old TEKs");
	{
		struct rekey_sched_cfg nokek = cfg;

		nokek.kek_lifetime_s = 0;
		rekey_sched_decide(&nokek, &s, 999999, &d);
		is_int(d.reason, REKEY_NONE, "a group without KEK never pushes");
	}
	is_str(rekey_reason_name(REKEY_POLICY_CHANGE), "policy change", "reason names");
}

static void compose(void)
{
	struct group_policy old_now, fresh, out;
	struct rekey_decision keep = { .keep_old_teks = true, .old_tek_cap_s = 100 };
	struct rekey_decision replace = { .keep_old_teks = false };
	uint32_t del[GP_MAX_TEKS];
	size_t n_del;

	memset(&old_now, 0, sizeof(old_now));
	memset(&fresh, 0, sizeof(fresh));
	test_teks(&old_now, 0x3000c001, 250);
	test_teks(&fresh, 0x3000c002, 3600);
	fresh.seq = 5;
	ok(rekey_compose(&old_now, &fresh, &keep, &out, del, &n_del) == 0, "composed");
	is_int(out.n_teks, 4, "two new TEKs and the two old ones");
	is_int(n_del, 0, "nothing deleted");
	is_int(gp_find_tek(&out, 0x3000c001)->lifetime_s, 100, "old TEK lifetime cut to the cap");
	is_int(gp_find_tek(&out, 0x3000c002)->lifetime_s, 3600, "new TEK full lifetime");
	is_int(out.seq, 5, "the rekey's SEQ");
	keep.old_tek_cap_s = UINT32_MAX;
	rekey_compose(&old_now, &fresh, &keep, &out, del, &n_del);
	is_int(gp_find_tek(&out, 0x3000c001)->lifetime_s, 250, "uncapped: remaining lifetime");
	ok(rekey_compose(&old_now, &fresh, &replace, &out, del, &n_del) == 0, "replace-now composed");
	is_int(out.n_teks, 2, "only the new TEKs");
	ok(n_del == 1 && del[0] == 0x3000c001, "the old SPI is deleted once");
	fresh.n_teks = 0;
	ok(rekey_compose(&old_now, &fresh, &keep, &out, del, &n_del) < 0, "no new TEK: refused");
	gp_wipe(&old_now);
	gp_wipe(&fresh);
	gp_wipe(&out);
}

int main(void)
{
	timing();
	compose();
	return done_testing();
}
