/* Message builder: header, payload chaining and length back-patching. */
#include "gdoi/wire_int.h"

/* Offset of the length inside a generic payload header. */
#define GEN_LENGTH_OFF 2

void wire_build_begin(struct wire_builder *b, uint8_t *buf, size_t cap, unsigned flags,
		      const struct wire_hdr *hdr)
{
	struct wire_hdr h = *hdr;

	wire_writer_init(&b->w, buf, cap);
	b->flags = flags;
	b->open = false;
	b->payload_pos = 0;
	h.next_payload = WIRE_PL_NONE;
	h.length = 0;
	wire_hdr_encode(&b->w, &h);
	b->np_pos = WIRE_HDR_NEXT_OFF;
}

void wire_payload_begin(struct wire_builder *b, uint8_t type)
{
	if (b->open) { /* nesting is a caller bug: make the result unusable */
		b->w.overflow = true;
		return;
	}
	wire_patch_u8(&b->w, b->np_pos, type);
	b->payload_pos = wire_writer_pos(&b->w);
	b->np_pos = b->payload_pos;
	b->open = true;
	wire_put_u8(&b->w, WIRE_PL_NONE);
	wire_put_u8(&b->w, 0);
	wire_put_u16(&b->w, 0);
}

void wire_payload_end(struct wire_builder *b)
{
	size_t len = wire_writer_pos(&b->w) - b->payload_pos;

	if (!b->open || len > UINT16_MAX) {
		b->w.overflow = true;
		return;
	}
	wire_patch_u16(&b->w, b->payload_pos + GEN_LENGTH_OFF, (uint16_t)len);
	b->open = false;
}

enum wire_err wire_build_finish(struct wire_builder *b, size_t *len)
{
	if (b->open || b->w.len > UINT32_MAX)
		b->w.overflow = true;
	wire_patch_u32(&b->w, WIRE_HDR_LENGTH_OFF, (uint32_t)b->w.len);
	if (!wire_writer_ok(&b->w))
		return WIRE_E_NOSPACE;
	*len = b->w.len;
	return WIRE_OK;
}

void wire_put_decoded(struct wire_builder *b, const struct wire_msg *msg,
		      const struct wire_payload *pl)
{
	switch (pl->type) {
	case WIRE_PL_SA:
		wire_put_sa(b, &msg->sa);
		break;
	case WIRE_PL_KD:
		wire_put_kd(b, &msg->kd);
		break;
	case WIRE_PL_ID:
		wire_put_id(b, &pl->id);
		break;
	case WIRE_PL_CERT:
		wire_put_cert(b, &pl->cert);
		break;
	case WIRE_PL_CERTREQ:
		wire_put_certreq(b, &pl->certreq);
		break;
	case WIRE_PL_NOTIFY:
		wire_put_notify(b, &pl->notify);
		break;
	case WIRE_PL_DELETE:
		wire_put_delete(b, &pl->del);
		break;
	case WIRE_PL_SEQ:
		wire_put_seq(b, pl->seq);
		break;
	default: /* KE, HASH, SIG, Nonce, VID */
		wire_put_blob(b, pl->type, pl->blob.data, pl->blob.len);
		break;
	}
}
