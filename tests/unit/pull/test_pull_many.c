/* Fifty group members registering with one key server at once: their
 * exchanges interleave (every message 1 first, then every message 2...),
 * all succeed, and the member table lists exactly those fifty. */
#include "tests/tap.h"
#include "tests/unit/pull/pull_harness.h"

#include "log/log.h"

#define N_GM 50

struct member {
	struct gm *gm;
	struct gm_group *g;
	struct sa_pair p;
	uint8_t msg[PULL_MAX_MSG];
	size_t len;
};

static struct member members[N_GM];

int main(void)
{
	static struct ks_pull_out out;
	struct ks_group_config kcfg;
	struct gm_group_config gcfg;
	struct ks *ks = ks_new();
	struct ks_group *kg;
	struct group_policy sent;
	const char *why;
	unsigned ok1 = 0, ok2 = 0, ok3 = 0, ok4 = 0, same = 0, listed = 0;
	uint64_t now = 50;
	size_t n;
	const struct ks_member **sorted;
	bool ordered = true;

	log_init("test", LOG_SINK_NONE);
	ks_config_fixture(&kcfg, true);
	kg = ks_add_group(ks, &kcfg, now, &why);
	ok(kg != NULL, "KS group ready");
	gm_config_fixture(&gcfg, GROUP_ID);

	for (int i = 0; i < N_GM; i++) {
		struct member *m = &members[i];

		m->gm = gm_new();
		m->g = gm_add_group(m->gm, &gcfg, now, &why);
		sa_pair_fixture(&m->p, (uint8_t)i, ipv4("10.20.0.0"));
		m->p.gm.local.sin_addr.s_addr = m->p.ks.peer.sin_addr.s_addr = htonl(0x0a140000u + 1 + i);
		gm_poll(m->gm, m->g, now, m->msg, sizeof(m->msg), &m->len);
		ok1 += gm_phase1_up(m->gm, m->g, &m->p.gm, now, m->msg, sizeof(m->msg), &m->len) == 0;
	}
	for (int i = 0; i < N_GM; i++) {
		struct member *m = &members[i];

		if (ks_pull_input(ks, &m->p.ks, m->msg, m->len, now, &out) != KS_PULL_REPLY)
			continue;
		memcpy(m->msg, out.buf, out.len);
		m->len = out.len;
		ok2++;
	}
	is_int(ks_pending(ks), N_GM, "fifty exchanges pending on the KS at once");
	for (int i = N_GM - 1; i >= 0; i--) { /* answers in reverse order */
		struct member *m = &members[i];
		struct gm_group *who;

		ok3 += gm_input(m->gm, &m->p.gm, m->msg, m->len, now, m->msg, sizeof(m->msg), &m->len,
				&who) == GM_IN_SEND;
	}
	for (int i = 0; i < N_GM; i++) {
		struct member *m = &members[i];
		struct gm_group *who;
		size_t len;

		if (ks_pull_input(ks, &m->p.ks, m->msg, m->len, now, &out) != KS_PULL_REPLY)
			continue;
		ok4 += gm_input(m->gm, &m->p.gm, out.buf, out.len, now, NULL, 0, &len, &who) ==
		       GM_IN_REGISTERED;
	}
	is_int(ok1, N_GM, "every member sent message 1");
	is_int(ok2, N_GM, "the KS answered every message 1");
	is_int(ok3, N_GM, "every member answered with message 3");
	is_int(ok4, N_GM, "every member registered");

	ks_group_policy_at(kg, now, &sent);
	for (int i = 0; i < N_GM; i++)
		same += same_policy(&members[i].g->policy, &sent);
	is_int(same, N_GM, "every member holds the KS policy");
	gp_wipe(&sent);

	is_int(ks_members_count(&kg->members), N_GM, "member table lists fifty");
	for (int i = 0; i < N_GM; i++)
		listed += ks_members_find(&kg->members, members[i].p.gm.local.sin_addr) != NULL;
	is_int(listed, N_GM, "each member found by its address");
	sorted = ks_members_sorted(&kg->members, &n);
	for (size_t i = 1; sorted && i < n; i++)
		ordered &= ntohl(sorted[i - 1]->addr.s_addr) < ntohl(sorted[i]->addr.s_addr);
	ok(sorted && n == N_GM && ordered, "sorted listing for show");
	free(sorted);
	is_int(ks_pending(ks), 0, "nothing left pending");
	is_int(ks_stats(ks)->pulls_completed, N_GM, "fifty completed registrations counted");

	for (int i = 0; i < N_GM; i++)
		gm_free(members[i].gm);
	ks_free(ks);
	return done_testing();
}
