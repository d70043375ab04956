/* GROUPKEY-PULL responder of the key server. */
#include "gdoi/ks_internal.h"

#include <arpa/inet.h>
#include <string.h>

#include "crypto/random.h"
#include "log/log.h"

static const char *peer_str(const struct ike_sa *sa, char *buf, size_t len)
{
	return inet_ntop(AF_INET, &sa->peer.sin_addr, buf, (socklen_t)len) ? buf : "?";
}

static enum ks_pull_result drop(struct ks *ks, unsigned long *counter, const struct ike_sa *sa,
				const char *why)
{
	char peer[INET_ADDRSTRLEN];

	(*counter)++;
	log_debug("GDOI: GROUPKEY-PULL from %s dropped: %s", peer_str(sa, peer, sizeof(peer)), why);
	return KS_PULL_DROP;
}

/* A registration refused: tell the member (INVALID_ID_INFORMATION) so it
 * moves on instead of retransmitting. */
static enum ks_pull_result refuse(const struct ike_sa *sa, uint32_t group_id,
				  struct ks_pull_out *out)
{
	uint8_t id[4] = { group_id >> 24, group_id >> 16, group_id >> 8, group_id };
	uint32_t msgid;

	if (random_bytes(&msgid, sizeof(msgid)) < 0 || msgid == 0 ||
	    pull_build_notify(sa, msgid, WIRE_N_INVALID_ID_INFORMATION, id, sizeof(id),
			      out->buf, sizeof(out->buf), &out->len) < 0)
		return KS_PULL_DROP;
	return KS_PULL_NOTIFY;
}

static bool authorized(const struct ks *ks, const struct ks_group *g, const struct ike_sa *sa)
{
	return !ks->authorize || ks->authorize(g, sa, ks->authorize_arg);
}

/* The member's last registration, over this same phase-1 SA. */
static bool replayed(const struct ks_group *g, const struct ike_sa *sa, uint32_t msgid)
{
	const struct ks_member *m = ks_members_find(&g->members, sa->peer.sin_addr);

	return m && m->last_pull_msgid == msgid &&
	       memcmp(m->icookie, sa->icookie, IKE_COOKIE_LEN) == 0 &&
	       memcmp(m->rcookie, sa->rcookie, IKE_COOKIE_LEN) == 0;
}

/* Message 1 for an unknown group or from a member the group does not
 * authorize: logged, counted, answered with a refusal. */
static enum ks_pull_result refuse_registration(struct ks *ks, struct ks_group *g,
					       const struct ike_sa *sa, uint32_t gid,
					       struct ks_pull_out *out)
{
	char peer[INET_ADDRSTRLEN];

	if (!g) {
		ks->stats.unknown_group++;
		log_event("GDOI", LOG_SEV_WARNING, "KS_UNKNOWN_GROUP_ID",
			  "Registration from GM %s for unknown group identity %u refused",
			  peer_str(sa, peer, sizeof(peer)), gid);
	} else {
		ks->stats.unauthorized++;
		g->rejections++;
		log_event("GDOI", LOG_SEV_ALERT, "UNAUTHORIZED_IDENTITY",
			  "Group %s received registration from unauthorized identity: %s",
			  g->cfg.name, peer_str(sa, peer, sizeof(peer)));
	}
	return refuse(sa, gid, out);
}

/* A new exchange for an accepted message 1 (in ks->rx), answered with
 * message 2: Nr and the group's policy without keys. */
static enum ks_pull_result start_exchange(struct ks *ks, struct ks_group *g,
					  const struct ike_sa *sa, const struct pull_hdr *hdr,
					  const uint8_t *ni, size_t ni_len, const uint8_t *msg,
					  size_t len, uint64_t now, struct ks_pull_out *out)
{
	struct pull_ctx x = { .sa = sa, .msgid = hdr->msgid };
	struct group_policy *gp = ks->policy;
	struct ks_exchange *xc;
	struct ksx_live *l;

	xc = ksx_add(&ks->exchanges, sa->icookie, sa->rcookie, hdr->msgid, now);
	if (!xc)
		return drop(ks, &ks->stats.dropped_busy, sa, "out of memory");
	xc->replay_until = now + (sa->lifetime_s && sa->lifetime_s < KS_REPLAY_KEEP_S ?
				  sa->lifetime_s : KS_REPLAY_KEEP_S);
	l = xc->live;
	l->group_id = g->cfg.group_id;
	l->generation = g->generation;
	memcpy(l->ni, ni, ni_len);
	l->ni_len = ni_len;
	x.ni = l->ni;
	x.ni_len = l->ni_len;
	x.nr = l->nr;
	x.nr_len = sizeof(l->nr);
	l->iv = ks->rx->next_iv;
	ks_group_policy_at(g, now, gp);
	if (random_bytes(l->nr, sizeof(l->nr)) < 0 ||
	    pull_build_msg2(&x, gp, &l->iv, out->buf, sizeof(out->buf), &out->len) < 0 ||
	    ksx_remember(xc, msg, len, out->buf, out->len) < 0) {
		gp_wipe(gp);
		ksx_remove(&ks->exchanges, xc);
		return drop(ks, &ks->stats.dropped_busy, sa, "cannot build message 2");
	}
	gp_wipe(gp);
	ks->stats.pulls_started++;
	return KS_PULL_REPLY;
}

static enum ks_pull_result msg1(struct ks *ks, const struct ike_sa *sa, const struct pull_hdr *hdr,
				const uint8_t *msg, size_t len, uint64_t now, struct ks_pull_out *out)
{
	struct pull_ctx x = { .sa = sa, .msgid = hdr->msgid };
	struct ks_group *g;
	struct ike_iv iv;
	const uint8_t *ni;
	size_t ni_len;
	uint32_t gid;
	const char *why;

	if (hdr->msgid == 0 || pull_iv_init(sa, hdr->msgid, &iv) < 0)
		return drop(ks, &ks->stats.dropped_malformed, sa, "message ID 0 or no IV");
	if (pull_receive(&x, 1, msg, len, &iv, ks->rx, &why) < 0 ||
	    pull_parse_msg1(ks->rx, &ni, &ni_len, &gid, &why) < 0)
		return drop(ks, &ks->stats.dropped_malformed, sa, why);
	g = ks_group_by_id(ks, gid);
	if (g && replayed(g, sa, hdr->msgid))
		return drop(ks, &ks->stats.dropped_replay, sa, "message ID of the last registration");
	if (!g || !authorized(ks, g, sa))
		return refuse_registration(ks, g, sa, gid, out);
	if (ks->exchanges.pending >= KS_MAX_PENDING)
		return drop(ks, &ks->stats.dropped_busy, sa, "too many registrations in progress");
	return start_exchange(ks, g, sa, hdr, ni, ni_len, msg, len, now, out);
}

static enum ks_pull_result msg3(struct ks *ks, const struct ike_sa *sa, struct ks_exchange *xc,
				const uint8_t *msg, size_t len, uint64_t now, struct ks_pull_out *out)
{
	struct ksx_live *l = xc->live;
	struct pull_ctx x = { .sa = sa, .msgid = xc->msgid, .ni = l->ni, .ni_len = l->ni_len,
			      .nr = l->nr, .nr_len = sizeof(l->nr) };
	struct ks_group *g = ks_group_by_id(ks, l->group_id);
	struct group_policy *gp = ks->policy;
	struct ike_iv iv;
	const char *why;
	char peer[INET_ADDRSTRLEN];

	if (pull_receive(&x, 3, msg, len, &l->iv, ks->rx, &why) < 0 ||
	    pull_parse_msg3(ks->rx, &why) < 0)
		return drop(ks, &ks->stats.dropped_malformed, sa, why);
	if (!g || g->generation != l->generation) {
		/* keys changed since message 2: the member registers again */
		ksx_remove(&ks->exchanges, xc);
		return drop(ks, &ks->stats.dropped_stale, sa, "group keys changed during registration");
	}
	iv = ks->rx->next_iv;
	ks_group_policy_at(g, now, gp);
	if (pull_build_msg4(&x, gp, &iv, out->buf, sizeof(out->buf), &out->len) < 0 ||
	    ksx_remember(xc, msg, len, out->buf, out->len) < 0) {
		gp_wipe(gp);
		return drop(ks, &ks->stats.dropped_busy, sa, "cannot build message 4");
	}
	gp_wipe(gp);
	ksx_set_state(&ks->exchanges, xc, KSX_DONE, now + KS_EXCHANGE_TIMEOUT_S);
	ks_group_member_registered(g, sa, xc->msgid, now);
	ks->stats.pulls_completed++;
	log_event("GDOI", LOG_SEV_NOTICE, "KS_REGS_COMPL",
		  "KS completed successful registration in group %s with GM %s.",
		  g->cfg.name, peer_str(sa, peer, sizeof(peer)));
	return KS_PULL_REPLY;
}

enum ks_pull_result ks_pull_input(struct ks *ks, const struct ike_sa *sa, const uint8_t *msg,
				  size_t len, uint64_t now, struct ks_pull_out *out)
{
	struct pull_hdr hdr;
	struct ks_exchange *xc;
	const struct ksx_live *l;

	out->len = 0;
	if (pull_hdr_read(msg, len, &hdr) < 0 || len > PULL_MAX_MSG)
		return drop(ks, &ks->stats.dropped_malformed, sa, "bad size");
	if (memcmp(hdr.icookie, sa->icookie, IKE_COOKIE_LEN) != 0 ||
	    memcmp(hdr.rcookie, sa->rcookie, IKE_COOKIE_LEN) != 0)
		return drop(ks, &ks->stats.dropped_malformed, sa, "cookies of another SA");
	xc = ksx_find(&ks->exchanges, hdr.icookie, hdr.rcookie, hdr.msgid);
	if (!xc)
		return msg1(ks, sa, &hdr, msg, len, now, out);
	/* the member did not get our last reply: send it again, unchanged */
	l = xc->live;
	if (l && l->last_in && l->last_in_len == len && memcmp(l->last_in, msg, len) == 0) {
		memcpy(out->buf, l->last_out, l->last_out_len);
		out->len = l->last_out_len;
		ks->stats.retransmits++;
		return KS_PULL_REPLY;
	}
	if (xc->state != KSX_PENDING)
		return drop(ks, &ks->stats.dropped_replay, sa, "message ID of a finished exchange");
	return msg3(ks, sa, xc, msg, len, now, out);
}
