/* GROUPKEY-PULL receive path: authenticate, decode, check the payload set;
 * the payload contents become a group policy in pull_policy_parse.c. */
#include "gdoi/pull_msg.h"

#include <string.h>

#include <openssl/crypto.h>

static int receive(const struct pull_ctx *x, uint8_t exchange, unsigned msg_no,
		   const uint8_t *dgram, size_t len, const struct ike_iv *iv, struct pull_rx *rx,
		   const char **why)
{
	struct pull_hdr hdr;
	struct pull_body body;
	size_t plain_len;
	const uint8_t *ni = msg_no >= 2 ? x->ni : NULL, *nr = msg_no >= 3 ? x->nr : NULL;
	size_t ni_len = msg_no >= 2 ? x->ni_len : 0, nr_len = msg_no >= 3 ? x->nr_len : 0;

	rx->len = 0;
	if (len > sizeof(rx->buf))
		return *why = "message too large", -1;
	memcpy(rx->buf, dgram, len);
	if (pull_open(x->sa, exchange, rx->buf, len, iv, &hdr,
		      rx->buf + PULL_HDR_LEN, sizeof(rx->buf) - PULL_HDR_LEN, &plain_len,
		      &rx->next_iv, why) < 0)
		return -1;
	if (hdr.msgid != x->msgid)
		return *why = "message ID of another exchange", -1;
	if (pull_split(rx->buf + PULL_HDR_LEN, plain_len, hdr.next_payload, x->sa->hash_len,
		       &body, why) < 0)
		return -1;
	if (pull_check_hash(x->sa, msg_no, x->msgid, ni, ni_len, nr, nr_len, &body) < 0)
		return *why = "HASH does not verify", -1;
	if (wire_decode(rx->buf, len, WIRE_DEC_PADDED | x->wire_flags, &rx->msg, NULL) != WIRE_OK) {
		*why = wire_err_name(rx->msg.err);
		return -1;
	}
	rx->len = len;
	return 0;
}

int pull_receive(const struct pull_ctx *x, unsigned msg_no, const uint8_t *dgram, size_t len,
		 const struct ike_iv *iv, struct pull_rx *rx, const char **why)
{
	return receive(x, ISAKMP_EXCH_GROUPKEY_PULL, msg_no, dgram, len, iv, rx, why);
}

/* Exactly one of each wanted payload type (HASH included), nothing else;
 * optional types may be absent. */
static int payload_set(const struct wire_msg *m, const uint8_t *required, size_t nreq,
		       const uint8_t *optional, size_t nopt, const char **why)
{
	for (size_t i = 0; i < nreq; i++)
		if (wire_msg_count(m, required[i]) != 1)
			return *why = "a required payload is missing or repeated", -1;
	for (size_t i = 0; i < nopt; i++)
		if (wire_msg_count(m, optional[i]) > 1)
			return *why = "a payload is repeated", -1;
	for (size_t i = 0; i < m->npayloads; i++) {
		bool known = false;

		for (size_t j = 0; j < nreq; j++)
			known |= m->pl[i].type == required[j];
		for (size_t j = 0; j < nopt; j++)
			known |= m->pl[i].type == optional[j];
		if (!known)
			return *why = "unexpected payload", -1;
	}
	return 0;
}

static int nonce_of(const struct wire_msg *m, const uint8_t **n, size_t *len, const char **why)
{
	const struct wire_payload *p = wire_msg_find(m, WIRE_PL_NONCE);

	if (p->blob.len < PULL_MIN_NONCE || p->blob.len > PULL_MAX_NONCE)
		return *why = "nonce length outside 8..256", -1;
	*n = p->blob.data;
	*len = p->blob.len;
	return 0;
}

int pull_parse_msg1(const struct pull_rx *rx, const uint8_t **ni, size_t *ni_len,
		    uint32_t *group_id, const char **why)
{
	static const uint8_t req[] = { WIRE_PL_HASH, WIRE_PL_NONCE, WIRE_PL_ID };
	const struct wire_payload *id;

	if (payload_set(&rx->msg, req, sizeof(req), NULL, 0, why) < 0 ||
	    nonce_of(&rx->msg, ni, ni_len, why) < 0)
		return -1;
	id = wire_msg_find(&rx->msg, WIRE_PL_ID);
	if (id->id.type != WIRE_ID_KEY_ID || id->id.len != 4)
		return *why = "group identity is not a 4-octet KEY_ID", -1;
	*group_id = (uint32_t)id->id.data[0] << 24 | (uint32_t)id->id.data[1] << 16 |
		    (uint32_t)id->id.data[2] << 8 | id->id.data[3];
	return 0;
}

int pull_parse_msg2(const struct pull_rx *rx, const uint8_t **nr, size_t *nr_len,
		    struct group_policy *gp, const char **why)
{
	static const uint8_t req[] = { WIRE_PL_HASH, WIRE_PL_NONCE, WIRE_PL_SA };

	if (payload_set(&rx->msg, req, sizeof(req), NULL, 0, why) < 0 ||
	    nonce_of(&rx->msg, nr, nr_len, why) < 0)
		return -1;
	return pull_policy_from_sa(&rx->msg.sa, gp, why);
}

/* RFC 6407 3.2: HASH(3) [, GAP]; a member's GAP (sender ID request) is
 * not acted on (no counter-mode TEKs here). */
int pull_parse_msg3(const struct pull_rx *rx, const char **why)
{
	static const uint8_t req[] = { WIRE_PL_HASH };
	static const uint8_t opt[] = { WIRE_PL_GAP };

	return payload_set(&rx->msg, req, sizeof(req), opt, sizeof(opt), why);
}

int pull_parse_msg4(const struct pull_rx *rx, struct group_policy *gp, const char **why)
{
	static const uint8_t req[] = { WIRE_PL_HASH, WIRE_PL_KD };
	static const uint8_t opt[] = { WIRE_PL_SEQ };
	const struct wire_payload *seq;

	if (payload_set(&rx->msg, req, sizeof(req), opt, sizeof(opt), why) < 0)
		return -1;
	seq = wire_msg_find(&rx->msg, WIRE_PL_SEQ);
	/* RFC 6407 3.2: with a rekey SA, SEQ is what lets the member refuse
	 * an older GROUPKEY-PUSH replayed under the same KEK */
	if (!seq && gp->kek.present)
		return *why = "SA KEK without SEQ in message 4", -1;
	gp->seq = seq ? seq->seq : 0;
	return pull_keys_from_kd(&rx->msg.kd, gp, why);
}

int pull_parse_notify(const struct ike_sa *sa, const uint8_t *dgram, size_t len,
		      struct pull_rx *rx, uint16_t *type, const char **why)
{
	static const uint8_t req[] = { WIRE_PL_HASH, WIRE_PL_NOTIFY };
	struct pull_ctx x = { .sa = sa };
	struct pull_hdr hdr;
	struct ike_iv iv;

	if (pull_hdr_read(dgram, len, &hdr) < 0)
		return *why = "shorter than an ISAKMP header", -1;
	x.msgid = hdr.msgid;
	if (hdr.msgid == 0 || pull_iv_init(sa, hdr.msgid, &iv) < 0)
		return *why = "no phase-2 IV for this message ID", -1;
	if (receive(&x, ISAKMP_EXCH_INFO, 1, dgram, len, &iv, rx, why) < 0 ||
	    payload_set(&rx->msg, req, sizeof(req), NULL, 0, why) < 0)
		return -1;
	*type = wire_msg_find(&rx->msg, WIRE_PL_NOTIFY)->notify.type;
	return 0;
}
