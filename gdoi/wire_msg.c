/* Whole-message decoding: header, then the top-level payload chain. */
#include "gdoi/wire_int.h"

#include <stdio.h>
#include <string.h>

/* Payload types that may appear in the top-level chain. */
static bool top_level(uint8_t type)
{
	switch (type) {
	case WIRE_PL_SA:
	case WIRE_PL_KE:
	case WIRE_PL_ID:
	case WIRE_PL_CERT:
	case WIRE_PL_CERTREQ:
	case WIRE_PL_HASH:
	case WIRE_PL_SIG:
	case WIRE_PL_NONCE:
	case WIRE_PL_NOTIFY:
	case WIRE_PL_DELETE:
	case WIRE_PL_VID:
	case WIRE_PL_KD:
	case WIRE_PL_SEQ:
		return true;
	}
	return false;
}

static bool nested_only(uint8_t type)
{
	return type == WIRE_PL_PROPOSAL || type == WIRE_PL_TRANSFORM || type == WIRE_PL_SAK ||
	       type == WIRE_PL_SAT || type == WIRE_PL_GAP;
}

static bool gdoi_exchange(uint8_t exchange)
{
	return exchange == WIRE_EXCH_GROUPKEY_PULL || exchange == WIRE_EXCH_GROUPKEY_PUSH;
}

static enum wire_err dec_body(struct wire_ctx *c, struct wire_reader *sub,
			      struct wire_msg *msg, struct wire_payload *pl)
{
	switch (pl->type) {
	case WIRE_PL_SA:
		return wire_dec_sa(c, sub, gdoi_exchange(msg->hdr.exchange), &msg->sa);
	case WIRE_PL_KD:
		return wire_dec_kd(c, sub, &msg->kd);
	case WIRE_PL_ID:
		return wire_dec_id(c, sub, &pl->id);
	case WIRE_PL_CERT:
		return wire_dec_cert(c, sub, &pl->cert);
	case WIRE_PL_CERTREQ:
		return wire_dec_certreq(c, sub, &pl->certreq);
	case WIRE_PL_NOTIFY:
		return wire_dec_notify(c, sub, &pl->notify);
	case WIRE_PL_DELETE:
		return wire_dec_delete(c, sub, &pl->del);
	case WIRE_PL_SEQ:
		return wire_dec_seq(c, sub, &pl->seq);
	default:
		return wire_dec_blob(c, sub, pl->type, &pl->blob);
	}
}

/* Only one SA, KD and SEQ per message: the exchanges never carry more. */
static bool single(uint8_t type)
{
	return type == WIRE_PL_SA || type == WIRE_PL_KD || type == WIRE_PL_SEQ;
}

/* RFC 6407 GROUPKEY-PULL message 3 may carry a GAP of its own
 * (HDR*, HASH(3) [, GAP]); everywhere else GAP lives inside an SA. */
static bool gap_at_top(const struct wire_msg *msg, uint8_t type)
{
	return type == WIRE_PL_GAP && msg->hdr.exchange == WIRE_EXCH_GROUPKEY_PULL;
}

static enum wire_err check_type(struct wire_ctx *c, struct wire_reader *r,
				const struct wire_msg *msg, uint8_t type)
{
	if (gap_at_top(msg, type))
		return msg->npayloads == WIRE_MAX_PAYLOADS ? wire_fail(c, r, WIRE_E_TOO_MANY) : WIRE_OK;
	if (nested_only(type))
		return wire_fail(c, r, WIRE_E_PAYLOAD_PLACE);
	if (!top_level(type))
		return wire_fail(c, r, WIRE_E_PAYLOAD_TYPE);
	if (msg->npayloads == WIRE_MAX_PAYLOADS)
		return wire_fail(c, r, WIRE_E_TOO_MANY);
	if (single(type) && wire_msg_find(msg, type))
		return wire_fail(c, r, WIRE_E_DUPLICATE);
	return WIRE_OK;
}

static enum wire_err dec_chain(struct wire_ctx *c, struct wire_reader *r, struct wire_msg *msg)
{
	uint8_t type = msg->hdr.next_payload, next;
	struct wire_payload *pl;
	struct wire_reader sub;
	enum wire_err err;

	if (type == WIRE_PL_NONE)
		return wire_fail(c, r, WIRE_E_NO_PAYLOAD);
	while (type != WIRE_PL_NONE) {
		err = check_type(c, r, msg, type);
		if (err)
			return err;
		pl = &msg->pl[msg->npayloads];
		pl->type = type;
		err = wire_get_generic(c, r, &next, &sub, &pl->raw, &pl->raw_len);
		if (err)
			return err;
		pl->body = sub.p;
		pl->body_len = wire_reader_left(&sub);
		err = dec_body(c, &sub, msg, pl);
		if (err)
			return err;
		msg->npayloads++;
		type = next;
	}
	return WIRE_OK;
}

static enum wire_err dec_msg(struct wire_ctx *c, const uint8_t *buf, size_t len,
			     struct wire_msg *msg)
{
	struct wire_reader r;
	enum wire_err err;

	wire_reader_init(&r, buf, len);
	err = wire_hdr_decode(buf, len, &msg->hdr);
	if (err)
		return wire_fail(c, &r, err);
	wire_skip(&r, WIRE_HDR_LEN);
	err = dec_chain(c, &r, msg);
	if (err)
		return err;
	msg->payloads_end = wire_reader_offset(&r);
	msg->pad_len = wire_reader_left(&r);
	if (msg->pad_len && !((c->flags & WIRE_DEC_PADDED) && msg->pad_len <= WIRE_MAX_PAD))
		return wire_fail(c, &r, WIRE_E_TRAILING);
	return WIRE_OK;
}

enum wire_err wire_decode(const uint8_t *buf, size_t len, unsigned flags,
			  struct wire_msg *msg, struct wire_stats *st)
{
	struct wire_ctx c = { .flags = flags, .err_at = NULL };
	enum wire_err err;

	memset(msg, 0, sizeof(*msg));
	msg->buf = buf;
	msg->len = len;
	err = dec_msg(&c, buf, len, msg);
	msg->err = err;
	msg->err_off = c.err_at ? (size_t)(c.err_at - buf) : 0;
	if (st) {
		if (err)
			st->rejected[err]++;
		else
			st->decoded++;
	}
	return err;
}

const struct wire_payload *wire_msg_find(const struct wire_msg *msg, uint8_t type)
{
	for (size_t i = 0; i < msg->npayloads; i++)
		if (msg->pl[i].type == type)
			return &msg->pl[i];
	return NULL;
}

size_t wire_msg_count(const struct wire_msg *msg, uint8_t type)
{
	size_t n = 0;

	for (size_t i = 0; i < msg->npayloads; i++)
		n += msg->pl[i].type == type;
	return n;
}

void wire_msg_after(const struct wire_msg *msg, const struct wire_payload *pl,
		    const uint8_t **p, size_t *len)
{
	size_t from = (size_t)(pl->raw - msg->buf) + pl->raw_len;

	*p = msg->buf + from;
	*len = from <= msg->payloads_end ? msg->payloads_end - from : 0;
}

int wire_msg_summary(const struct wire_msg *msg, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s msgid %08x%s:", wire_exchange_name(msg->hdr.exchange),
			 (unsigned)msg->hdr.msgid, msg->hdr.flags & WIRE_FLAG_ENC ? " E" : "");

	for (size_t i = 0; i < msg->npayloads && n >= 0; i++) {
		size_t used = (size_t)n < len ? (size_t)n : len;
		int m = snprintf(buf + used, len - used, " %s", wire_payload_name(msg->pl[i].type));

		n = m < 0 ? m : n + m;
	}
	return n;
}

int wire_msg_error(const struct wire_msg *msg, char *buf, size_t len)
{
	return snprintf(buf, len, "%s at offset %zu", wire_err_name(msg->err), msg->err_off);
}
