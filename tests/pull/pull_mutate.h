/* Authenticated but hostile GROUPKEY-PULL messages: a key server that
 * holds the phase-1 keys (or a bug in ours) can send anything behind a
 * valid HASH. This builds real exchanges between our key server and a
 * group member exchange, replaces the payloads of message 2 or 4 with
 * given bytes, recomputes HASH(n), re-encrypts with the right IV, and feeds
 * the result to the member. Used by the randomised unit test and by the
 * libFuzzer target. */
#ifndef GETVPND_TESTS_PULL_MUTATE_H
#define GETVPND_TESTS_PULL_MUTATE_H

#include "gdoi/gm_pull.h"
#include "gdoi/pull_msg.h"
#include "log/log.h"
#include "tests/unit/pull/pull_harness.h"

struct mutate_env {
	struct ks *ks;
	struct sa_pair p;
	/* the genuine exchange the payloads replace */
	uint32_t msgid;
	uint8_t ni[PULL_MAX_NONCE], nr[PULL_MAX_NONCE];
	size_t ni_len, nr_len;
	struct pull_rx rx;
};

static inline bool mutate_env_init(struct mutate_env *e)
{
	struct ks_group_config cfg;
	const char *why;

	memset(e, 0, sizeof(*e));
	log_init("mutate", LOG_SINK_NONE);
	e->ks = ks_new();
	ks_config_fixture(&cfg, true);
	sa_pair_fixture(&e->p, 99, ipv4("10.50.0.1"));
	return e->ks && ks_add_group(e->ks, &cfg, 1, &why);
}

/* The key server's view of a datagram: its plaintext payloads after HASH. */
static inline bool open_as_ks(struct mutate_env *e, unsigned msg_no, const uint8_t *m, size_t len,
			      const struct ike_iv *iv)
{
	struct pull_ctx x = { .sa = &e->p.ks, .msgid = e->msgid, .ni = e->ni, .ni_len = e->ni_len,
			      .nr = e->nr, .nr_len = e->nr_len };
	const char *why;

	return pull_receive(&x, msg_no, m, len, iv, &e->rx, &why) == 0;
}

/* Seals HASH(n) | payloads as message msg_no of the genuine exchange. */
static inline bool forge(struct mutate_env *e, unsigned msg_no, uint8_t first, const uint8_t *after,
			 size_t after_len, struct ike_iv *iv, uint8_t *out, size_t *out_len)
{
	static uint8_t plain[PULL_MAX_MSG];
	size_t plen;

	if (pull_build_hashed(&e->p.ks, msg_no, e->msgid, e->ni, e->ni_len,
			      msg_no >= 3 ? e->nr : NULL, msg_no >= 3 ? e->nr_len : 0, first, after,
			      after_len, plain, sizeof(plain), &plen) < 0)
		return false;
	return pull_seal(&e->p.ks, ISAKMP_EXCH_GROUPKEY_PULL, e->msgid, PL_HASH, iv, plain, plen, out,
			 PULL_MAX_MSG, out_len) == 0;
}

/* The member must refuse the message, or accept a policy that is whole. */
static inline bool policy_sane(const struct group_policy *gp)
{
	if (gp->n_teks == 0 || gp->n_teks > GP_MAX_TEKS)
		return false;
	for (unsigned i = 0; i < gp->n_teks; i++)
		if (!gp_tek_keys_valid(&gp->teks[i]) || gp->teks[i].lifetime_s == 0)
			return false;
	return !gp->kek.present || gp_kek_keys_valid(&gp->kek);
}

enum mutate_outcome { MUT_REFUSED, MUT_ACCEPTED, MUT_BROKEN, MUT_SETUP };

/* Runs one exchange; message 2 (target 2) or 4 (target 4) gets payloads
 * `after` (first payload type `first`) instead of the key server's. */
static inline enum mutate_outcome mutate_one(struct mutate_env *e, int target, uint8_t first,
					     const uint8_t *after, size_t after_len)
{
	static uint8_t m1[PULL_MAX_MSG], m2[PULL_MAX_MSG], m3[PULL_MAX_MSG], forged[PULL_MAX_MSG];
	static struct ks_pull_out out;
	static struct group_policy result;
	struct gm_pull *g;
	struct ike_iv iv;
	size_t l1, l2, l3, lf;
	const uint8_t *n;
	uint32_t gid;
	const char *why;
	enum gm_pull_result r;
	enum mutate_outcome res = MUT_SETUP;

	g = gm_pull_start(&e->p.gm, GROUP_ID, 0, m1, sizeof(m1), &l1);
	if (!g)
		return MUT_SETUP;
	e->msgid = gm_pull_msgid(g);
	pull_iv_init(&e->p.ks, e->msgid, &iv);
	if (!open_as_ks(e, 1, m1, l1, &iv) || pull_parse_msg1(&e->rx, &n, &e->ni_len, &gid, &why) < 0)
		goto done;
	memcpy(e->ni, n, e->ni_len);
	iv = e->rx.next_iv;
	if (ks_pull_input(e->ks, &e->p.ks, m1, l1, 1, &out) != KS_PULL_REPLY)
		goto done;
	memcpy(m2, out.buf, out.len);
	l2 = out.len;
	if (target == 2) {
		if (!forge(e, 2, first, after, after_len, &iv, forged, &lf))
			goto done;
		r = gm_pull_input(g, forged, lf, m3, sizeof(m3), &l3, &result, &why);
		res = r == GM_PULL_DROP ? MUT_REFUSED : r == GM_PULL_SEND ? MUT_ACCEPTED : MUT_BROKEN;
		goto done;
	}
	if (!open_as_ks(e, 2, m2, l2, &iv) || pull_parse_msg2(&e->rx, &n, &e->nr_len, &result, &why) < 0)
		goto done;
	memcpy(e->nr, n, e->nr_len);
	if (gm_pull_input(g, m2, l2, m3, sizeof(m3), &l3, &result, &why) != GM_PULL_SEND)
		goto done;
	iv_chain(&iv, m2 + PULL_HDR_LEN, l2 - PULL_HDR_LEN);
	iv_chain(&iv, m3 + PULL_HDR_LEN, l3 - PULL_HDR_LEN);
	if (!forge(e, 4, first, after, after_len, &iv, forged, &lf))
		goto done;
	memset(&result, 0, sizeof(result));
	r = gm_pull_input(g, forged, lf, NULL, 0, &l3, &result, &why);
	if (r == GM_PULL_DROP)
		res = MUT_REFUSED;
	else
		res = r == GM_PULL_DONE && policy_sane(&result) ? MUT_ACCEPTED : MUT_BROKEN;
done:
	gm_pull_free(g);
	ks_forget_sa(e->ks, e->p.ks.icookie, e->p.ks.rcookie);
	gp_wipe(&result);
	return res;
}

/* The payloads after HASH of a decrypted message in e->rx. */
static inline size_t after_hash(const struct mutate_env *e, uint8_t *first, uint8_t *buf, size_t cap)
{
	struct pull_body b;
	const char *why;

	if (pull_split(e->rx.buf + PULL_HDR_LEN, e->rx.len - PULL_HDR_LEN, e->rx.buf[16],
		       e->p.ks.hash_len, &b, &why) < 0 || b.after_len > cap)
		return 0;
	memcpy(buf, b.after, b.after_len);
	*first = b.after_first;
	return b.after_len;
}

/* The genuine payloads of message 2 and 4 of one exchange (to start
 * mutating from), read on the wire with the phase-1 keys. */
static inline bool genuine_payloads(struct mutate_env *e, uint8_t *first2, uint8_t *p2, size_t *l2,
				    uint8_t *first4, uint8_t *p4, size_t *l4, size_t cap)
{
	static uint8_t m1[PULL_MAX_MSG], m2[PULL_MAX_MSG], m3[PULL_MAX_MSG];
	static struct ks_pull_out out;
	static struct group_policy gp;
	struct gm_pull *g;
	struct ike_iv iv;
	size_t len1, len2, len3;
	const uint8_t *n;
	uint32_t gid;
	const char *why;
	bool ok_ = false;

	g = gm_pull_start(&e->p.gm, GROUP_ID, 0, m1, sizeof(m1), &len1);
	if (!g)
		return false;
	e->msgid = gm_pull_msgid(g);
	pull_iv_init(&e->p.ks, e->msgid, &iv);
	if (!open_as_ks(e, 1, m1, len1, &iv) || pull_parse_msg1(&e->rx, &n, &e->ni_len, &gid, &why) < 0)
		goto done;
	memcpy(e->ni, n, e->ni_len);
	iv = e->rx.next_iv;
	if (ks_pull_input(e->ks, &e->p.ks, m1, len1, 1, &out) != KS_PULL_REPLY)
		goto done;
	memcpy(m2, out.buf, out.len);
	len2 = out.len;
	if (!open_as_ks(e, 2, m2, len2, &iv) || pull_parse_msg2(&e->rx, &n, &e->nr_len, &gp, &why) < 0)
		goto done;
	memcpy(e->nr, n, e->nr_len);
	*l2 = after_hash(e, first2, p2, cap);
	iv = e->rx.next_iv;
	if (gm_pull_input(g, m2, len2, m3, sizeof(m3), &len3, &gp, &why) != GM_PULL_SEND)
		goto done;
	iv_chain(&iv, m3 + PULL_HDR_LEN, len3 - PULL_HDR_LEN);
	if (ks_pull_input(e->ks, &e->p.ks, m3, len3, 1, &out) != KS_PULL_REPLY ||
	    !open_as_ks(e, 4, out.buf, out.len, &iv))
		goto done;
	*l4 = after_hash(e, first4, p4, cap);
	ok_ = *l2 && *l4;
done:
	gm_pull_free(g);
	ks_forget_sa(e->ks, e->p.ks.icookie, e->p.ks.rcookie);
	gp_wipe(&gp);
	return ok_;
}

#endif
