/* XFRM message building and parsing, checked field by field (no kernel). */
#include "tests/tap.h"
#include "xfrm/msg.h"

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/xfrm.h>
#include <netinet/in.h>

static uint32_t ip(const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return a.s_addr;
}

static const struct nlattr *find_attr(const struct nlmsghdr *nlh, size_t fixed, int type)
{
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, fixed)
		if (mnl_attr_get_type(attr) == type)
			return attr;
	return NULL;
}

static void test_state(void)
{
	char buf[GV_MSG_MAX] GV_NL_ALIGNED, err[128];
	uint8_t ek[20] = { 0xaa }, ak[20] = { 0xbb };
	struct gv_xfrm_state st = { 0 }, back;
	const struct xfrm_usersa_info *sa;
	const struct xfrm_algo_auth *auth;
	const struct xfrm_algo *enc;
	const struct nlattr *a;
	struct nlmsghdr *nlh;

	st.src = ip("192.0.2.1");
	st.dst = ip("198.51.100.7");
	st.spi = 0x1000;
	st.reqid = 0x67760001;
	st.mode = GV_XFRM_TUNNEL;
	st.output_mark = 0x6e7f0001;
	st.mark.value = 0x6e7f0001;
	st.mark.mask = 0xffffffff;
	gv_keys_set(&st.keys, gv_alg_find("esp-aes", 0), ek, 16, gv_alg_find("esp-sha-hmac", 0), ak, 20,
		    err, sizeof(err));
	nlh = gv_msg_state(buf, XFRM_MSG_NEWSA, NLM_F_CREATE | NLM_F_EXCL, &st);
	ok(nlh != NULL, "state message built");
	is_int(nlh->nlmsg_type, XFRM_MSG_NEWSA, "type NEWSA");
	ok(nlh->nlmsg_flags & NLM_F_REQUEST && nlh->nlmsg_flags & NLM_F_EXCL, "request, exclusive");
	sa = mnl_nlmsg_get_payload(nlh);
	is_int(sa->id.spi, htonl(0x1000), "SPI in network order");
	is_int(sa->id.proto, IPPROTO_ESP, "ESP");
	is_int(sa->id.daddr.a4, st.dst, "destination");
	is_int(sa->saddr.a4, st.src, "source");
	is_int(sa->mode, XFRM_MODE_TUNNEL, "tunnel mode");
	is_int(sa->replay_window, 0, "replay window 0");
	is_int(sa->reqid, 0x67760001, "reqid");
	ok(sa->lft.hard_byte_limit == XFRM_INF, "no byte limit");
	a = find_attr(nlh, sizeof(*sa), XFRMA_ALG_CRYPT);
	ok(a != NULL, "encryption attribute");
	enc = a ? mnl_attr_get_payload(a) : NULL;
	is_str(enc ? enc->alg_name : NULL, "cbc(aes)", "cbc(aes)");
	is_int(enc ? enc->alg_key_len : 0, 128, "128-bit key");
	ok(enc && (unsigned char)enc->alg_key[0] == 0xaa, "key bytes");
	a = find_attr(nlh, sizeof(*sa), XFRMA_ALG_AUTH_TRUNC);
	auth = a ? mnl_attr_get_payload(a) : NULL;
	is_str(auth ? auth->alg_name : NULL, "hmac(sha1)", "hmac(sha1)");
	is_int(auth ? auth->alg_trunc_len : 0, 96, "truncated to 96 bits");
	a = find_attr(nlh, sizeof(*sa), XFRMA_SET_MARK);
	is_int(a ? mnl_attr_get_u32(a) : 0, 0x6e7f0001, "output mark");
	ok(find_attr(nlh, sizeof(*sa), XFRMA_MARK) != NULL, "match mark");

	ok(gv_msg_parse_state(nlh, &back) == 0, "parses back");
	is_int(back.spi, 0x1000, "parsed SPI");
	is_int(back.output_mark, 0x6e7f0001, "parsed output mark");
	ok(back.keys.enc == gv_alg_find("esp-aes", 0), "parsed encryption algorithm");
	ok(back.keys.auth == gv_alg_find("esp-sha-hmac", 0), "parsed authentication algorithm");
	is_int(back.keys.enc_key[0], 0, "keys are not copied out");

	gv_keys_set(&st.keys, gv_alg_find("esp-gcm", 0), ek, 20, NULL, NULL, 0, err, sizeof(err));
	st.output_mark = 0;
	st.mark.value = st.mark.mask = 0;
	nlh = gv_msg_state(buf, XFRM_MSG_NEWSA, 0, &st);
	a = find_attr(nlh, sizeof(*sa), XFRMA_ALG_AEAD);
	ok(a != NULL && find_attr(nlh, sizeof(*sa), XFRMA_ALG_AUTH_TRUNC) == NULL, "GCM: one AEAD attribute");
	if (a) {
		const struct xfrm_algo_aead *g = mnl_attr_get_payload(a);

		is_str(g->alg_name, "rfc4106(gcm(aes))", "rfc4106(gcm(aes))");
		is_int(g->alg_key_len, 160, "key with salt: 160 bits");
		is_int(g->alg_icv_len, 128, "16-byte ICV");
	}
	ok(find_attr(nlh, sizeof(*sa), XFRMA_SET_MARK) == NULL && find_attr(nlh, sizeof(*sa), XFRMA_MARK) == NULL,
	   "no marks unless asked");
	st.keys.enc = NULL;
	ok(gv_msg_state(buf, XFRM_MSG_NEWSA, 0, &st) == NULL, "a state without algorithms is refused");
}

static void test_selector(void)
{
	struct gv_xfrm_sel s = { 0 }, back;
	struct xfrm_selector x;

	is_int(gv_plen_mask(0), 0, "/0 mask");
	is_int(gv_plen_mask(24), htonl(0xffffff00), "/24 mask");
	is_int(gv_plen_mask(32), 0xffffffff, "/32 mask");
	s.src = ip("10.2.0.77");
	s.src_plen = 24;
	s.dst = ip("239.1.1.1");
	s.dst_plen = 32;
	s.proto = IPPROTO_UDP;
	s.dport = 5000;
	gv_sel_encode(&x, &s);
	is_int(x.family, AF_INET, "IPv4 selector");
	is_int(x.saddr.a4, ip("10.2.0.0"), "source masked to its prefix");
	is_int(x.prefixlen_s, 24, "source prefix length");
	is_int(x.daddr.a4, ip("239.1.1.1"), "destination");
	is_int(x.proto, IPPROTO_UDP, "protocol");
	is_int(x.dport, htons(5000), "destination port in network order");
	is_int(x.dport_mask, 0xffff, "port mask set");
	is_int(x.sport_mask, 0, "any source port");
	gv_sel_decode(&back, &x);
	is_int(back.dport, 5000, "decoded port");
	is_int(back.sport, 0, "decoded any port");
	is_int(back.src, ip("10.2.0.0"), "decoded source");
}

static void test_policy(void)
{
	char buf[GV_MSG_MAX] GV_NL_ALIGNED;
	struct gv_xfrm_policy p = { 0 }, back;
	const struct xfrm_userpolicy_info *pi;
	const struct xfrm_user_tmpl *t;
	const struct nlattr *a;
	struct nlmsghdr *nlh;

	p.dir = GV_DIR_OUT;
	p.priority = 0x67764e20;
	p.sel.proto = IPPROTO_ICMP;
	p.has_tmpl = 1;
	p.tmpl.reqid = 0x67760001;
	p.tmpl.mode = GV_XFRM_TRANSPORT;
	nlh = gv_msg_policy(buf, XFRM_MSG_NEWPOLICY, NLM_F_CREATE | NLM_F_EXCL, &p);
	pi = mnl_nlmsg_get_payload(nlh);
	is_int(pi->dir, XFRM_POLICY_OUT, "direction out");
	is_int(pi->priority, 0x67764e20, "priority");
	is_int(pi->action, XFRM_POLICY_ALLOW, "allow");
	is_int(pi->sel.proto, IPPROTO_ICMP, "selector protocol");
	a = find_attr(nlh, sizeof(*pi), XFRMA_TMPL);
	ok(a != NULL, "trigger policy has a template");
	t = a ? mnl_attr_get_payload(a) : NULL;
	ok(t && t->mode == XFRM_MODE_TRANSPORT && t->id.daddr.a4 == 0 && t->saddr.a4 == 0,
	   "trigger template: transport mode, no addresses");
	ok(t && t->optional == 0, "template level required");
	ok(t && t->id.proto == IPPROTO_ESP && t->reqid == 0x67760001, "template ESP with reqid");
	ok(gv_msg_parse_policy(nlh, &back) == 0 && back.has_tmpl && back.tmpl.mode == GV_XFRM_TRANSPORT,
	   "policy parses back");

	p.has_tmpl = 0;
	p.sel.ifindex = 3;
	p.dir = GV_DIR_FWD;
	nlh = gv_msg_policy(buf, XFRM_MSG_NEWPOLICY, 0, &p);
	pi = mnl_nlmsg_get_payload(nlh);
	ok(find_attr(nlh, sizeof(*pi), XFRMA_TMPL) == NULL, "bypass policy has no template");
	is_int(pi->sel.ifindex, 3, "dev selector");
	is_int(pi->dir, XFRM_POLICY_FWD, "direction fwd");

	nlh = gv_msg_policy_id(buf, XFRM_MSG_DELPOLICY, &p.sel, GV_DIR_FWD, NULL);
	is_int(nlh->nlmsg_type, XFRM_MSG_DELPOLICY, "delete by selector");
	is_int(mnl_nlmsg_get_payload_len(nlh), sizeof(struct xfrm_userpolicy_id), "delete carries the id only");
	nlh = gv_msg_dump(buf, XFRM_MSG_GETSA);
	ok(nlh->nlmsg_flags & NLM_F_DUMP, "dump flag");
}

int main(void)
{
	test_state();
	test_selector();
	test_policy();
	return done_testing();
}
