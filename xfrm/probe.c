/* Kernel capability probe for the dataplane. */
#include "xfrm/probe.h"
#include "xfrm/alg.h"
#include "xfrm/nft_rules.h"
#include "xfrm/owner.h"
#include "xfrm/xfrm.h"

#include <arpa/inet.h>
#include <errno.h>
#include <nftables/libnftables.h>
#include <stdio.h>
#include <string.h>

#define PROBE_SPI 0x00000101u

void gv_probe_explain(char *reason, size_t len, int err, const char *kernel_text)
{
	const char *why = kernel_text && *kernel_text ? kernel_text : strerror(err);

	switch (err) {
	case EPROTONOSUPPORT:
		snprintf(reason, len, "kernel lacks ESP (CONFIG_INET_ESP): state add failed with %s", why);
		break;
	case ENOSYS:
	case ENOENT:
		snprintf(reason, len, "kernel lacks the crypto algorithms cbc(aes)/hmac(sha1): state add failed with %s", why);
		break;
	case EPERM:
		snprintf(reason, len, "not permitted to change XFRM (needs CAP_NET_ADMIN): %s", why);
		break;
	default:
		snprintf(reason, len, "ESP state add failed with %s", why);
	}
}

/* The kernel's own words: the part of nl->err inside parentheses, if any. */
static const char *kernel_words(const char *err, char *buf, size_t len)
{
	const char *open = strrchr(err, '(');
	size_t n;

	if (!open || !strchr(open, ')'))
		return NULL;
	n = strcspn(open + 1, ")");
	snprintf(buf, len, "%.*s", (int)n, open + 1);
	return buf;
}

static int probe_esp(char *reason, size_t len)
{
	static const uint8_t key[36];
	struct gv_xfrm_state st = { 0 };
	char words[160];
	struct gv_nl nl;
	int ret;

	if ((ret = gv_xfrm_open(&nl)) < 0) {
		snprintf(reason, len, "kernel lacks XFRM netlink (CONFIG_XFRM_USER, module xfrm_user): %s", nl.err);
		return -1;
	}
	st.src = htonl(0xc0000201);	/* 192.0.2.1, documentation address */
	st.dst = htonl(0xc0000202);
	st.spi = PROBE_SPI;
	st.reqid = GV_REQID_BASE;
	st.mode = GV_XFRM_TUNNEL;
	gv_keys_set(&st.keys, gv_alg_find("esp-aes", 128), key, 16, gv_alg_find("esp-sha-hmac", 0),
		    key, 20, words, sizeof(words));
	ret = gv_xfrm_state_add(&nl, &st);
	if (ret == -EEXIST)
		ret = 0;	/* a previous probe's state: ESP works */
	if (ret < 0)
		gv_probe_explain(reason, len, -ret, kernel_words(nl.err, words, sizeof(words)));
	else
		gv_xfrm_state_delete(&nl, st.dst, st.spi, NULL);
	gv_keys_wipe(&st.keys);
	gv_nl_close(&nl);
	return ret < 0 ? -1 : 0;
}

static int probe_nftables(char *reason, size_t len)
{
	struct nft_ctx *ctx = nft_ctx_new(NFT_CTX_DEFAULT);
	int ret;

	if (!ctx) {
		snprintf(reason, len, "libnftables could not start");
		return -1;
	}
	nft_ctx_buffer_error(ctx);
	nft_ctx_buffer_output(ctx);
	ret = nft_run_cmd_from_buffer(ctx, "list tables ip");
	if (ret != 0) {
		const char *e = nft_ctx_get_error_buffer(ctx);

		snprintf(reason, len, "kernel lacks nf_tables (CONFIG_NF_TABLES): %.*s",
			 (int)strcspn(e ? e : "", "\n"), e ? e : "");
	}
	nft_ctx_free(ctx);
	return ret != 0 ? -1 : 0;
}

int gv_dataplane_probe(char *reason, size_t len)
{
	if (probe_esp(reason, len) < 0)
		return -1;
	if (probe_nftables(reason, len) < 0)
		return -1;
	snprintf(reason, len, "ok");
	return 0;
}
