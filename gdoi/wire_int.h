/* Codec internals shared between the wire_*.c files (not for users). */
#ifndef GETVPND_GDOI_WIRE_INT_H
#define GETVPND_GDOI_WIRE_INT_H

#include "gdoi/wire.h"

/* Decoding context: options and the first place a check failed. */
struct wire_ctx {
	unsigned flags;
	const uint8_t *err_at;
};

/* Records where r stood when the check failed; returns err. */
static inline enum wire_err wire_fail(struct wire_ctx *c, const struct wire_reader *r,
				      enum wire_err err)
{
	if (!c->err_at)
		c->err_at = r->p;
	return err;
}

/* Generic payload header (RFC 2408 3.2); sub is the body. */
enum wire_err wire_get_generic(struct wire_ctx *c, struct wire_reader *r, uint8_t *next,
			       struct wire_reader *sub, const uint8_t **raw, size_t *raw_len);

/* Attribute list filling the rest of r. */
enum wire_err wire_get_attrs(struct wire_ctx *c, struct wire_reader *r, struct wire_attrs *a);

/* Checks identification data length against its type. */
bool wire_id_data_ok(uint8_t type, size_t len);

/* Payload body decoders (r holds the body exactly). */
enum wire_err wire_dec_blob(struct wire_ctx *c, struct wire_reader *r, uint8_t type,
			    struct wire_blob *b);
enum wire_err wire_dec_id(struct wire_ctx *c, struct wire_reader *r, struct wire_id *id);
enum wire_err wire_dec_cert(struct wire_ctx *c, struct wire_reader *r, struct wire_cert *cert);
enum wire_err wire_dec_certreq(struct wire_ctx *c, struct wire_reader *r,
			       struct wire_certreq *cr);
enum wire_err wire_dec_notify(struct wire_ctx *c, struct wire_reader *r, struct wire_notify *n);
enum wire_err wire_dec_delete(struct wire_ctx *c, struct wire_reader *r, struct wire_delete *d);
enum wire_err wire_dec_seq(struct wire_ctx *c, struct wire_reader *r, uint32_t *seq);
enum wire_err wire_dec_sa_p1(struct wire_ctx *c, struct wire_reader *r, struct wire_sa_p1 *sa);
enum wire_err wire_dec_gdoi_sa(struct wire_ctx *c, struct wire_reader *r, uint16_t first,
			       struct wire_gdoi_sa *sa);
enum wire_err wire_dec_sa(struct wire_ctx *c, struct wire_reader *r, bool gdoi,
			  struct wire_sa *sa);
enum wire_err wire_dec_kd(struct wire_ctx *c, struct wire_reader *r, struct wire_kd *kd);

/* Patches the 16-bit length at start + 2 with the bytes written since
 * start (generic headers, key packets); overflow if it does not fit. */
static inline void wire_close_len16(struct wire_writer *w, size_t start)
{
	size_t len = wire_writer_pos(w) - start;

	if (len > UINT16_MAX)
		w->overflow = true;
	else
		wire_patch_u16(w, start + 2, (uint16_t)len);
}

/* Body encoders used by wire_put_*() (w positioned after the generic header). */
void wire_enc_sa_p1(struct wire_writer *w, const struct wire_sa_p1 *sa);
void wire_enc_gdoi_sa(struct wire_writer *w, unsigned flags, const struct wire_gdoi_sa *sa);

#endif
