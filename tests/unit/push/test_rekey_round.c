/* Rekey rounds on a fake clock: retransmissions, acknowledgements,
 * removal of silent members, multicast, and O(1) acknowledgements for
 * 100,000 members (by counts, not timing). */
#include <stdlib.h>
#include <string.h>

#include "gdoi/ks_members.h"
#include "gdoi/rekey_ks.h"
#include "gdoi/rekey_round.h"
#include "log/log.h"
#include "tests/tap.h"
#include "tests/unit/push/push_test_util.h"

static const struct rekey_round_cfg ios_default = {
	.unicast = true, .period_s = REKEY_DEFAULT_RETRANSMIT_PERIOD_S,
	.retransmits = REKEY_DEFAULT_RETRANSMITS,
};

/* How many datagrams member i received over the round. */
static void count_sends(const struct rekey_round *r, const struct in_addr *m, size_t n,
			unsigned *sent)
{
	size_t np;
	const struct in_addr *p = rekey_round_pending(r, &np);

	for (size_t i = 0; i < np; i++)
		for (size_t j = 0; j < n; j++)
			if (p[i].s_addr == m[j].s_addr)
				sent[j]++;
}

struct log_find {
	const char *needle;
	int found;
};

static void find_line(const char *line, void *arg)
{
	struct log_find *f = arg;

	if (strstr(line, f->needle))
		f->found++;
}

static void unicast_three_members(void)
{
	struct in_addr m[3] = { test_addr("10.0.0.11"), test_addr("10.0.0.12"),
				test_addr("10.0.0.13") };
	unsigned sent[3] = { 0 };
	struct ks_member_table t;
	struct rekey_round r;
	struct log_find f = { .needle = "%GDOI-4-GM_DELETE: GM 10.0.0.13 deleted from group G1" };

	ks_members_init(&t);
	for (int i = 0; i < 3; i++)
		ks_members_get(&t, m[i]);
	ok(rekey_round_start(&r, 7, NULL, m, 3, &ios_default, 100) == 0, "round started at t=100");
	is_int(rekey_round_poll(&r, 100), REKEY_ROUND_SEND, "t=100: transmission 1");
	count_sends(&r, m, 3, sent);
	rekey_ks_note_sent(&r, &t);
	is_int(rekey_ks_ack(&r, &t, m[0], 7), REKEY_ACK_OK, "member 1 acknowledges transmission 1");
	is_int(rekey_round_poll(&r, 105), REKEY_ROUND_WAIT, "t=105: wait");
	is_int((long long)rekey_round_deadline(&r), 110, "one deadline for the round: t=110");
	is_int(rekey_round_poll(&r, 110), REKEY_ROUND_SEND, "t=110: transmission 2");
	count_sends(&r, m, 3, sent);
	rekey_ks_note_sent(&r, &t);
	is_int(rekey_ks_ack(&r, &t, m[1], 7), REKEY_ACK_OK, "member 2 acknowledges transmission 2");
	is_int(rekey_ks_ack(&r, &t, m[1], 7), REKEY_ACK_DUPLICATE, "its second ack is a duplicate");
	is_int(rekey_ks_ack(&r, &t, m[2], 6), REKEY_ACK_STALE, "an ack of an older SEQ is stale");
	is_int(rekey_ks_ack(&r, &t, test_addr("10.9.9.9"), 7), REKEY_ACK_UNKNOWN,
	       "an ack from a non-member is unknown");
	is_int(rekey_round_poll(&r, 120), REKEY_ROUND_SEND, "t=120: transmission 3");
	count_sends(&r, m, 3, sent);
	rekey_ks_note_sent(&r, &t);
	is_int(rekey_round_poll(&r, 129), REKEY_ROUND_WAIT, "t=129: wait");
	is_int(rekey_round_poll(&r, 130), REKEY_ROUND_EXPIRED, "t=130: round over, one silent member");
	is_int(sent[0], 1, "member 1 got 1 transmission");
	is_int(sent[1], 2, "member 2 got 2 transmissions");
	is_int(sent[2], 3, "silent member got exactly 1 + 2 transmissions");
	is_int(rekey_round_acked_on(&r, m[1]), 2, "member 2 acknowledged transmission 2");
	log_buffer_configure(4096);
	is_int(rekey_ks_remove_unacked(&r, &t, "G1"), 1, "silent member removed");
	log_buffer_foreach(find_line, &f);
	is_int(f.found, 1, "%GDOI-4-GM_DELETE logged for it");
	ok(!ks_members_find(&t, m[2]) && ks_members_find(&t, m[0]) && ks_members_find(&t, m[1]),
	   "members that acknowledged stay");
	is_int(ks_members_find(&t, m[1])->last_seq_acked, 7, "member 2's last acknowledged SEQ");
	is_int(ks_members_find(&t, m[1])->rekey_retries, 1, "member 2 needed 1 retransmission");
	is_int(rekey_ks_ack(&r, &t, m[2], 7), REKEY_ACK_LATE, "an ack after the end is late");
	is_int(rekey_round_poll(&r, 200), REKEY_ROUND_DONE, "then done");
	rekey_round_free(&r);
	ks_members_free(&t);
}

static void retransmit_counts(unsigned retransmits)
{
	struct rekey_round_cfg cfg = { .unicast = true, .period_s = 3, .retransmits = retransmits };
	struct in_addr m = test_addr("10.0.0.1");
	struct rekey_round r;
	unsigned sends = 0;
	uint64_t now = 0;
	enum rekey_round_step s;
	char name[80];

	rekey_round_start(&r, 1, NULL, &m, 1, &cfg, 0);
	while ((s = rekey_round_poll(&r, now)) != REKEY_ROUND_EXPIRED && s != REKEY_ROUND_DONE &&
	       now < 1000) {
		sends += s == REKEY_ROUND_SEND;
		now++;
	}
	snprintf(name, sizeof(name), "retransmit number %u: %u transmissions, then removal at t=%u",
		 retransmits, retransmits + 1, 3 * (retransmits + 1));
	ok(sends == retransmits + 1 && s == REKEY_ROUND_EXPIRED && now == 3 * (retransmits + 1),
	   name);
	rekey_round_free(&r);
}

static void forget_on_reregistration(void)
{
	struct in_addr m[2] = { test_addr("10.0.0.1"), test_addr("10.0.0.2") };
	struct rekey_round r;

	rekey_round_start(&r, 3, NULL, m, 2, &ios_default, 0);
	rekey_round_poll(&r, 0);
	ok(rekey_round_forget(&r, m[0]), "a member that registers again leaves the round");
	rekey_round_ack(&r, m[1], 3);
	is_int(rekey_round_poll(&r, 10), REKEY_ROUND_DONE, "nobody pending: done before retransmitting");
	rekey_round_free(&r);
}

static void multicast(void)
{
	struct rekey_round_cfg cfg = { .unicast = false, .period_s = 10, .retransmits = 2 };
	struct in_addr m = test_addr("10.0.0.1");
	struct rekey_round r;
	unsigned sends = 0, expired = 0;
	enum rekey_round_step s;

	rekey_round_start(&r, 4, NULL, &m, 1, &cfg, 0);
	for (uint64_t now = 0; now <= 60; now++) {
		s = rekey_round_poll(&r, now);
		sends += s == REKEY_ROUND_SEND;
		expired += s == REKEY_ROUND_EXPIRED;
		if (s == REKEY_ROUND_DONE)
			break;
	}
	is_int(sends, 3, "multicast: 1 + 2 transmissions");
	is_int(expired, 0, "multicast never removes anyone");
	is_int(r.st.transmissions, 3, "three datagrams in all");
	is_int(rekey_round_ack(&r, m, 4), REKEY_ACK_UNKNOWN, "no acknowledgements expected");
	rekey_round_free(&r);
}

static void hundred_thousand(void)
{
	const size_t n = 100000;
	struct in_addr *m = calloc(n, sizeof(*m));
	struct rekey_round r;
	size_t ok_acks = 0, np;

	for (size_t i = 0; i < n; i++)
		m[i].s_addr = htonl(0x0a000000u + (uint32_t)i + 1);
	ok(rekey_round_start(&r, 9, NULL, m, n, &ios_default, 0) == 0, "100k members in a round");
	is_int(rekey_round_poll(&r, 0), REKEY_ROUND_SEND, "transmission 1");
	rekey_round_pending(&r, &np);
	is_int(np, n, "to all 100k");
	for (size_t i = 0; i < n; i++)
		ok_acks += rekey_round_ack(&r, m[(i * 7919) % n], 9) == REKEY_ACK_OK;
	is_int(ok_acks, n, "every acknowledgement recorded once");
	printf("# index probes: %llu for %zu acks\n", (unsigned long long)r.st.probes, n);
	ok(r.st.probes <= 2 * n, "at most 2 index probes per acknowledgement on average (O(1))");
	rekey_round_pending(&r, &np);
	is_int(np, 0, "nobody pending");
	is_int(rekey_round_poll(&r, 10), REKEY_ROUND_DONE, "no retransmission after all acknowledged");
	is_int(r.st.transmissions, n, "exactly one datagram per member");
	rekey_round_free(&r);

	/* half acknowledge: the retransmission walks only the other half */
	rekey_round_start(&r, 10, NULL, m, n, &ios_default, 0);
	rekey_round_poll(&r, 0);
	for (size_t i = 0; i < n; i += 2)
		rekey_round_ack(&r, m[i], 10);
	is_int(rekey_round_poll(&r, 10), REKEY_ROUND_SEND, "retransmission");
	rekey_round_pending(&r, &np);
	is_int(np, n / 2, "only the 50k silent members");
	rekey_round_free(&r);
	free(m);
}

int main(void)
{
	log_init("test", LOG_SINK_NONE);
	unicast_three_members();
	retransmit_counts(0);
	retransmit_counts(2);
	retransmit_counts(5);
	forget_on_reregistration();
	multicast();
	hundred_thousand();
	return done_testing();
}
