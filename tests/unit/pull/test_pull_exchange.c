/* A key server and a group member of ours, in process, over a fixture
 * phase-1 SA: the member must end with exactly the key server's KEK, TEKs,
 * SPIs, lifetimes and SEQ, and hand them to the dataplane. */
#include "tests/tap.h"
#include "tests/unit/pull/pull_harness.h"

#include "log/log.h"

struct recorder {
	unsigned installs, removes;
	uint32_t spis[32];
	int fail_with;
};

static int rec_install(void *ctx, const struct group_policy *gp, const struct gp_tek *tek)
{
	struct recorder *r = ctx;

	(void)gp;
	if (r->installs < 32)
		r->spis[r->installs] = tek->spi;
	r->installs++;
	return r->fail_with;
}

static int rec_remove(void *ctx, const struct group_policy *gp, const struct gp_tek *tek)
{
	struct recorder *r = ctx;

	(void)gp;
	(void)tek;
	r->removes++;
	return 0;
}

static void registration(bool rekey)
{
	struct ks_group_config kcfg;
	struct gm_group_config gcfg;
	struct ks *ks = ks_new();
	struct gm *gm = gm_new();
	struct ks_group *kg;
	struct gm_group *g;
	struct sa_pair p;
	struct group_policy sent;
	const char *why = NULL;
	uint64_t now = 1000;
	uint8_t buf[PULL_MAX_MSG];
	size_t len;
	struct ks_member *m;

	ks_config_fixture(&kcfg, rekey);
	kg = ks_add_group(ks, &kcfg, 500, &why);
	ok(kg != NULL, rekey ? "KS group with rekey created" : "KS group without rekey created");
	if (!kg) {
		diag(why);
		return;
	}
	is_int(kg->policy.n_teks, 3, "one TEK per ACL entry");
	ok(kg->policy.teks[0].spi == kg->policy.teks[1].spi, "entries of one `sa ipsec` share the SPI");
	ok(kg->policy.teks[0].spi != kg->policy.teks[2].spi, "`sa ipsec` entries have distinct SPIs");
	is_int(kg->policy.kek.present, rekey, "KEK only with rekey");

	gm_config_fixture(&gcfg, GROUP_ID);
	g = gm_add_group(gm, &gcfg, now, &why);
	ok(g != NULL, "GM group created");
	is_int(gm_poll(gm, g, now, buf, sizeof(buf), &len), GM_ACT_NEED_PHASE1, "GM asks for phase 1");
	ok(gm_group_server(g).s_addr == ipv4(KS_ADDR).s_addr, "first server of the list");

	sa_pair_fixture(&p, 7, ipv4("10.1.2.3"));
	is_int(register_once(ks, gm, g, &p, now, NULL), 4, "four messages, registered");
	is_int(g->state, GM_STATE_REGISTERED, "GM state Registered");
	ks_group_policy_at(kg, now, &sent);
	ok(same_policy(&g->policy, &sent), "GM holds exactly the KS policy: SPIs, keys, lifetimes, SEQ");
	is_int(g->policy.teks[0].lifetime_s, 3600 - 500, "TEK lifetime is the remaining one");
	is_int(g->policy.teks[2].lifetime_s, 1800 - 500, "second TEK lifetime is the remaining one");
	if (rekey)
		is_int(g->policy.kek.lifetime_s, 86400 - 500, "KEK lifetime is the remaining one");
	is_int(g->dp_status, GM_DP_NOT_INSTALLED, "no dataplane: 'dataplane not installed'");
	ok(g->reregister_at > now && g->reregister_at < now + 1300, "re-registration before the TEK expires");

	is_int(ks_members_count(&kg->members), 1, "KS lists one member");
	m = ks_members_find(&kg->members, ipv4("10.1.2.3"));
	ok(m && m->registrations == 1 && memcmp(m->icookie, p.ks.icookie, 8) == 0,
	   "member entry: address, registration count, phase-1 cookies");
	is_int(ks_pending(ks), 0, "no exchange left pending on the KS");
	is_int(ks_stats(ks)->pulls_completed, 1, "KS counted one completed registration");

	/* no dataplane: still re-registers on schedule, and succeeds again */
	is_int(gm_poll(gm, g, g->reregister_at, buf, sizeof(buf), &len), GM_ACT_NEED_PHASE1,
	       "registered member re-registers at its time");
	is_int(register_once(ks, gm, g, &p, g->reregister_at, NULL), 4, "re-registration completes");
	is_int(g->successes, 2, "two successful registrations");
	is_int(ks_members_count(&kg->members), 1, "re-registration does not duplicate the member");
	gm_reregister(gm, g, g->reregister_at + 5);
	is_int(gm_poll(gm, g, g->reregister_at, buf, sizeof(buf), &len), GM_ACT_NEED_PHASE1,
	       "clear crypto gdoi: the member registers again at once");
	is_int(g->state, GM_STATE_PHASE1, "while keeping its keys");
	ok(g->policy.n_teks == 3, "current policy kept until replaced");

	gp_wipe(&sent);
	gm_free(gm);
	ks_free(ks);
}

static void dataplane(void)
{
	struct ks_group_config kcfg;
	struct gm_group_config gcfg;
	struct ks *ks = ks_new();
	struct gm *gm = gm_new();
	struct recorder rec = { 0 };
	struct gm_dataplane_ops ops = { rec_install, rec_remove, &rec };
	struct ks_group *kg;
	struct gm_group *g;
	struct sa_pair p;
	const char *why;
	uint32_t old_spi;

	ks_config_fixture(&kcfg, false);
	kg = ks_add_group(ks, &kcfg, 0, &why);
	gm_config_fixture(&gcfg, GROUP_ID);
	g = gm_add_group(gm, &gcfg, 0, &why);
	gm_set_dataplane(gm, &ops);
	sa_pair_fixture(&p, 9, ipv4("10.1.2.4"));
	is_int(register_once(ks, gm, g, &p, 10, NULL), 4, "registered with a dataplane set");
	is_int(rec.installs, 2, "one install_group_sa per TEK SPI (two `sa ipsec`)");
	ok(rec.spis[0] == kg->policy.teks[0].spi && rec.spis[1] == kg->policy.teks[2].spi,
	   "installed SPIs are the KS's");
	is_int(g->dp_status, GM_DP_INSTALLED, "dataplane status installed");

	/* new keys on the KS: the next registration installs the new TEKs
	 * and removes the ones that disappeared */
	old_spi = kg->policy.teks[0].spi;
	ok(ks_group_regenerate(ks, kg, 20) == 0, "KS regenerates the group keys");
	ok(kg->policy.teks[0].spi != old_spi, "new SPI");
	is_int(kg->policy.seq, 1, "SEQ advanced");
	rec.installs = 0;
	is_int(register_once(ks, gm, g, &p, 30, NULL), 4, "registered again");
	is_int(rec.installs, 2, "new SPIs installed");
	is_int(rec.removes, 0, "old SPIs stay while their lifetime lasts");
	ok(g->has_retired, "old SPIs retired");
	/* registered at 10 with 3590 s left on the longer old TEK */
	is_int(g->retired_until, 3600, "until the old TEKs' lifetime ends");
	{
		uint8_t buf[PULL_MAX_MSG];
		size_t len;

		gm_poll(gm, g, 100, buf, sizeof(buf), &len);
		is_int(rec.removes, 0, "not removed before the end of their lifetime");
		/* keep the current keys alive for the check (they would expire first) */
		g->expires_at = g->reregister_at = 10000;
		gm_poll(gm, g, 3600, buf, sizeof(buf), &len);
		is_int(rec.removes, 2, "old SPIs removed when their lifetime ends");
		ok(!g->has_retired, "nothing retired any more");
	}
	is_int(g->policy.seq, 0, "no KEK, so no SEQ payload: SEQ stays 0 on the GM");

	rec.fail_with = -95; /* EOPNOTSUPP: a kernel without ESP */
	is_int(register_once(ks, gm, g, &p, 40, NULL), 4, "registration succeeds although the dataplane fails");
	is_int(g->dp_status, GM_DP_ERROR, "dataplane error shown");
	is_int(g->state, GM_STATE_REGISTERED, "member stays registered");
	rec.removes = 0;
	gm_free(gm);
	is_int(rec.removes, 0, "a failed install is not withdrawn at exit");
	ks_free(ks);
}

int main(void)
{
	log_init("test", LOG_SINK_NONE);
	registration(true);
	registration(false);
	dataplane();
	return done_testing();
}
