#include "gdoi/gm_pull.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "crypto/random.h"
#include "gdoi/pull_msg.h"

enum gm_pull_state { GMP_SENT1, GMP_SENT3, GMP_DONE };

struct gm_pull {
	struct ike_sa sa;
	uint32_t msgid, group_id;
	unsigned wire_flags;
	enum gm_pull_state state;
	uint8_t ni[PULL_NONCE_LEN], nr[PULL_MAX_NONCE];
	size_t nr_len;
	struct ike_iv iv;
	struct group_policy policy;       /* from message 2, keys from message 4 */
	uint8_t last_out[PULL_MAX_MSG];
	size_t last_out_len;
	uint8_t *last_in;                 /* message 2 as received, to spot a duplicate */
	size_t last_in_len;
	struct pull_rx rx;
};

static struct pull_ctx ctx_of(const struct gm_pull *p)
{
	return (struct pull_ctx){ .sa = &p->sa, .msgid = p->msgid, .ni = p->ni,
				  .ni_len = sizeof(p->ni), .nr = p->nr, .nr_len = p->nr_len,
				  .wire_flags = p->wire_flags };
}

struct gm_pull *gm_pull_start(const struct ike_sa *sa, uint32_t group_id, unsigned wire_flags,
			      uint8_t *out, size_t cap, size_t *out_len)
{
	struct gm_pull *p = calloc(1, sizeof(*p));
	struct pull_ctx x;

	if (!p)
		return NULL;
	p->sa = *sa;
	p->group_id = group_id;
	p->wire_flags = wire_flags;
	do {
		if (random_bytes(&p->msgid, sizeof(p->msgid)) < 0)
			goto fail;
	} while (p->msgid == 0);
	if (random_bytes(p->ni, sizeof(p->ni)) < 0 || pull_iv_init(sa, p->msgid, &p->iv) < 0)
		goto fail;
	x = ctx_of(p);
	if (pull_build_msg1(&x, group_id, &p->iv, p->last_out, sizeof(p->last_out),
			    &p->last_out_len) < 0 || p->last_out_len > cap)
		goto fail;
	memcpy(out, p->last_out, p->last_out_len);
	*out_len = p->last_out_len;
	p->state = GMP_SENT1;
	return p;
fail:
	gm_pull_free(p);
	return NULL;
}

static enum gm_pull_result msg2(struct gm_pull *p, const uint8_t *msg, size_t len,
				const char **why)
{
	struct pull_ctx x = ctx_of(p);
	const uint8_t *nr;
	size_t nr_len;
	struct ike_iv iv;

	if (pull_receive(&x, 2, msg, len, &p->iv, &p->rx, why) < 0)
		return GM_PULL_DROP;
	memset(&p->policy, 0, sizeof(p->policy));
	if (pull_parse_msg2(&p->rx, &nr, &nr_len, &p->policy, why) < 0)
		return GM_PULL_DROP;
	p->policy.group_id = p->group_id;
	memcpy(p->nr, nr, nr_len);
	p->nr_len = nr_len;
	iv = p->rx.next_iv;
	x = ctx_of(p);
	if (pull_build_msg3(&x, &iv, p->last_out, sizeof(p->last_out), &p->last_out_len) < 0)
		return *why = "cannot build message 3", GM_PULL_DROP;
	p->iv = iv;
	p->last_in = malloc(len);
	if (p->last_in) {
		memcpy(p->last_in, msg, len);
		p->last_in_len = len;
	}
	p->state = GMP_SENT3;
	return GM_PULL_SEND;
}

static enum gm_pull_result msg4(struct gm_pull *p, const uint8_t *msg, size_t len,
				struct group_policy *result, const char **why)
{
	struct pull_ctx x = ctx_of(p);
	struct group_policy gp = p->policy;

	if (pull_receive(&x, 4, msg, len, &p->iv, &p->rx, why) < 0 ||
	    pull_parse_msg4(&p->rx, &gp, why) < 0) {
		gp_wipe(&gp);
		return GM_PULL_DROP;
	}
	*result = gp;
	gp_wipe(&gp);
	p->state = GMP_DONE;
	return GM_PULL_DONE;
}

enum gm_pull_result gm_pull_input(struct gm_pull *p, const uint8_t *msg, size_t len,
				  uint8_t *out, size_t cap, size_t *out_len,
				  struct group_policy *result, const char **why)
{
	enum gm_pull_result r;

	*why = NULL;
	switch (p->state) {
	case GMP_SENT1:
		r = msg2(p, msg, len, why);
		break;
	case GMP_SENT3:
		/* message 2 again: our message 3 may be lost, repeat it */
		if (p->last_in && len == p->last_in_len && memcmp(msg, p->last_in, len) == 0) {
			r = GM_PULL_SEND;
			break;
		}
		return msg4(p, msg, len, result, why);
	default:
		return *why = "exchange already complete", GM_PULL_DROP;
	}
	if (r == GM_PULL_SEND) {
		if (p->last_out_len > cap)
			return *why = "output buffer too small", GM_PULL_DROP;
		memcpy(out, p->last_out, p->last_out_len);
		*out_len = p->last_out_len;
	}
	return r;
}

const uint8_t *gm_pull_last_sent(const struct gm_pull *p, size_t *len)
{
	*len = p->last_out_len;
	return p->last_out;
}

uint32_t gm_pull_msgid(const struct gm_pull *p)
{
	return p->msgid;
}

const struct ike_sa *gm_pull_sa(const struct gm_pull *p)
{
	return &p->sa;
}

void gm_pull_free(struct gm_pull *p)
{
	if (!p)
		return;
	free(p->last_in);
	OPENSSL_cleanse(p, sizeof(*p));
	free(p);
}
