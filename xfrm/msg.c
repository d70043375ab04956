/* XFRM netlink message builders and parsers. */
#include "xfrm/msg.h"

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <openssl/crypto.h>
#include <stdbool.h>
#include <stdio.h>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

uint32_t gv_plen_mask(unsigned plen)
{
	if (plen == 0)
		return 0;
	if (plen >= 32)
		return 0xffffffffu;
	return htonl(~((1u << (32 - plen)) - 1));
}

void gv_sel_encode(struct xfrm_selector *out, const struct gv_xfrm_sel *sel)
{
	memset(out, 0, sizeof(*out));
	out->family = AF_INET;
	out->daddr.a4 = sel->dst & gv_plen_mask(sel->dst_plen);
	out->saddr.a4 = sel->src & gv_plen_mask(sel->src_plen);
	out->prefixlen_d = sel->dst_plen > 32 ? 32 : sel->dst_plen;
	out->prefixlen_s = sel->src_plen > 32 ? 32 : sel->src_plen;
	out->proto = sel->proto;
	if (sel->sport) {
		out->sport = htons(sel->sport);
		out->sport_mask = 0xffff;
	}
	if (sel->dport) {
		out->dport = htons(sel->dport);
		out->dport_mask = 0xffff;
	}
	out->ifindex = sel->ifindex;
}

void gv_sel_decode(struct gv_xfrm_sel *out, const struct xfrm_selector *sel)
{
	memset(out, 0, sizeof(*out));
	out->src = sel->saddr.a4;
	out->dst = sel->daddr.a4;
	out->src_plen = sel->prefixlen_s;
	out->dst_plen = sel->prefixlen_d;
	out->proto = sel->proto;
	out->sport = sel->sport_mask ? ntohs(sel->sport) : 0;
	out->dport = sel->dport_mask ? ntohs(sel->dport) : 0;
	out->ifindex = sel->ifindex;
}

/* No zeroing of the whole buffer: libmnl zeroes the header, the fixed part
 * and each attribute's padding, and only nlmsg_len bytes are ever sent. */
static struct nlmsghdr *start(void *buf, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	return nlh;
}

static void lifetime_infinite(struct xfrm_lifetime_cfg *lft)
{
	lft->soft_byte_limit = XFRM_INF;
	lft->hard_byte_limit = XFRM_INF;
	lft->soft_packet_limit = XFRM_INF;
	lft->hard_packet_limit = XFRM_INF;
}

static bool put_mark(struct nlmsghdr *nlh, const struct gv_xfrm_mark *mark)
{
	struct xfrm_mark m = { .v = mark->value, .m = mark->mask };

	if (!mark->mask && !mark->value)
		return true;
	return mnl_attr_put_check(nlh, GV_MSG_MAX, XFRMA_MARK, sizeof(m), &m);
}

/* Algorithm attributes are variable-length structs: name, key length, key. */
static bool put_crypt(struct nlmsghdr *nlh, const struct gv_xfrm_keys *k)
{
	char raw[sizeof(struct xfrm_algo_aead) + GV_ENC_KEY_MAX];
	bool done;

	memset(raw, 0, sizeof(raw));
	if (k->enc->kind == GV_ALG_AEAD) {
		struct xfrm_algo_aead *a = (void *)raw;

		snprintf(a->alg_name, sizeof(a->alg_name), "%s", k->enc->kernel_name);
		a->alg_key_len = k->enc_key_len * 8;
		a->alg_icv_len = k->enc->icv_bits;
		memcpy(a->alg_key, k->enc_key, k->enc_key_len);
		done = mnl_attr_put_check(nlh, GV_MSG_MAX, XFRMA_ALG_AEAD,
					  sizeof(*a) + k->enc_key_len, a);
	} else {
		struct xfrm_algo *a = (void *)raw;

		snprintf(a->alg_name, sizeof(a->alg_name), "%s", k->enc->kernel_name);
		a->alg_key_len = k->enc_key_len * 8;
		memcpy(a->alg_key, k->enc_key, k->enc_key_len);
		done = mnl_attr_put_check(nlh, GV_MSG_MAX, XFRMA_ALG_CRYPT,
					  sizeof(*a) + k->enc_key_len, a);
	}
	OPENSSL_cleanse(raw, sizeof(raw));
	return done;
}

static bool put_auth(struct nlmsghdr *nlh, const struct gv_xfrm_keys *k)
{
	char raw[sizeof(struct xfrm_algo_auth) + GV_AUTH_KEY_MAX];
	struct xfrm_algo_auth *a = (void *)raw;
	bool done;

	if (!k->auth)
		return true;
	memset(raw, 0, sizeof(raw));
	snprintf(a->alg_name, sizeof(a->alg_name), "%s", k->auth->kernel_name);
	a->alg_key_len = k->auth_key_len * 8;
	a->alg_trunc_len = k->auth->icv_bits;
	memcpy(a->alg_key, k->auth_key, k->auth_key_len);
	done = mnl_attr_put_check(nlh, GV_MSG_MAX, XFRMA_ALG_AUTH_TRUNC, sizeof(*a) + k->auth_key_len, a);
	OPENSSL_cleanse(raw, sizeof(raw));
	return done;
}

struct nlmsghdr *gv_msg_state(void *buf, uint16_t type, uint16_t flags, const struct gv_xfrm_state *st)
{
	struct nlmsghdr *nlh = start(buf, type, flags);
	struct xfrm_usersa_info *sa = mnl_nlmsg_put_extra_header(nlh, sizeof(*sa));

	if (!st->keys.enc)
		return NULL;
	sa->sel.family = AF_INET;
	sa->id.daddr.a4 = st->dst;
	sa->id.spi = htonl(st->spi);
	sa->id.proto = IPPROTO_ESP;
	sa->saddr.a4 = st->src;
	lifetime_infinite(&sa->lft);
	sa->lft.hard_add_expires_seconds = st->hard_lifetime_secs;
	sa->reqid = st->reqid;
	sa->family = AF_INET;
	sa->mode = st->mode == GV_XFRM_TUNNEL ? XFRM_MODE_TUNNEL : XFRM_MODE_TRANSPORT;
	sa->replay_window = st->replay_window;
	if (!put_crypt(nlh, &st->keys) || !put_auth(nlh, &st->keys) || !put_mark(nlh, &st->mark))
		return NULL;
	if (st->output_mark &&
	    (!mnl_attr_put_u32_check(nlh, GV_MSG_MAX, XFRMA_SET_MARK, st->output_mark) ||
	     !mnl_attr_put_u32_check(nlh, GV_MSG_MAX, XFRMA_SET_MARK_MASK, 0xffffffffu)))
		return NULL;
	return nlh;
}

struct nlmsghdr *gv_msg_state_id(void *buf, uint16_t type, uint32_t dst, uint32_t spi,
				 const struct gv_xfrm_mark *mark)
{
	struct nlmsghdr *nlh = start(buf, type, 0);
	struct xfrm_usersa_id *id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));

	id->daddr.a4 = dst;
	id->spi = htonl(spi);
	id->family = AF_INET;
	id->proto = IPPROTO_ESP;
	if (mark && !put_mark(nlh, mark))
		return NULL;
	return nlh;
}

static bool put_tmpl(struct nlmsghdr *nlh, const struct gv_xfrm_tmpl *t)
{
	struct xfrm_user_tmpl ut;

	memset(&ut, 0, sizeof(ut));
	ut.id.daddr.a4 = t->dst;
	ut.id.proto = IPPROTO_ESP;
	ut.family = AF_INET;
	ut.saddr.a4 = t->src;
	ut.reqid = t->reqid;
	ut.mode = t->mode == GV_XFRM_TUNNEL ? XFRM_MODE_TUNNEL : XFRM_MODE_TRANSPORT;
	ut.share = XFRM_SHARE_ANY;
	ut.optional = 0;	/* level required */
	ut.aalgos = ut.ealgos = ut.calgos = ~0u;
	return mnl_attr_put_check(nlh, GV_MSG_MAX, XFRMA_TMPL, sizeof(ut), &ut);
}

struct nlmsghdr *gv_msg_policy(void *buf, uint16_t type, uint16_t flags, const struct gv_xfrm_policy *pol)
{
	struct nlmsghdr *nlh = start(buf, type, flags);
	struct xfrm_userpolicy_info *pi = mnl_nlmsg_put_extra_header(nlh, sizeof(*pi));

	gv_sel_encode(&pi->sel, &pol->sel);
	lifetime_infinite(&pi->lft);
	pi->priority = pol->priority;
	pi->dir = pol->dir;
	pi->action = XFRM_POLICY_ALLOW;
	pi->share = XFRM_SHARE_ANY;
	if (pol->has_tmpl && !put_tmpl(nlh, &pol->tmpl))
		return NULL;
	if (!put_mark(nlh, &pol->mark))
		return NULL;
	return nlh;
}

struct nlmsghdr *gv_msg_policy_id(void *buf, uint16_t type, const struct gv_xfrm_sel *sel,
				  enum gv_xfrm_dir dir, const struct gv_xfrm_mark *mark)
{
	struct nlmsghdr *nlh = start(buf, type, 0);
	struct xfrm_userpolicy_id *id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));

	gv_sel_encode(&id->sel, sel);
	id->dir = dir;
	if (mark && !put_mark(nlh, mark))
		return NULL;
	return nlh;
}

struct nlmsghdr *gv_msg_dump(void *buf, uint16_t type)
{
	struct nlmsghdr *nlh = start(buf, type, NLM_F_DUMP);

	/* The kernel wants at least the fixed part of the request type. */
	if (type == XFRM_MSG_GETSA)
		mnl_nlmsg_put_extra_header(nlh, sizeof(struct xfrm_usersa_id));
	else
		mnl_nlmsg_put_extra_header(nlh, sizeof(struct xfrm_userpolicy_id));
	return nlh;
}
