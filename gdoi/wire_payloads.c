/* Simple payload bodies: KE, HASH, SIG, Nonce, Vendor ID, ID, CERT,
 * CERTREQ, Notify, Delete (RFC 2408 3.7-3.16) and SEQ (RFC 6407 5.7). */
#include "gdoi/wire_int.h"

/* RFC 2409 5: nonces are 8 to 256 octets. */
#define NONCE_MIN 8
#define NONCE_MAX 256

static bool doi_known(uint32_t doi)
{
	return doi == WIRE_DOI_ISAKMP || doi == WIRE_DOI_IPSEC || doi == WIRE_DOI_GDOI;
}

bool wire_id_data_ok(uint8_t type, size_t len)
{
	switch (type) {
	case WIRE_ID_IPV4_ADDR:
		return len == 4;
	case WIRE_ID_IPV4_ADDR_SUBNET:
	case WIRE_ID_IPV4_ADDR_RANGE:
		return len == 8;
	case WIRE_ID_IPV6_ADDR:
		return len == 16;
	case WIRE_ID_IPV6_ADDR_SUBNET:
	case WIRE_ID_IPV6_ADDR_RANGE:
		return len == 32;
	case WIRE_ID_FQDN:
	case WIRE_ID_USER_FQDN:
	case WIRE_ID_DER_ASN1_DN:
	case WIRE_ID_DER_ASN1_GN:
	case WIRE_ID_KEY_ID:
		return len > 0;
	}
	return false;
}

enum wire_err wire_dec_blob(struct wire_ctx *c, struct wire_reader *r, uint8_t type,
			    struct wire_blob *b)
{
	size_t n = wire_reader_left(r);

	if (n == 0)
		return wire_fail(c, r, WIRE_E_ZERO_LENGTH);
	if (type == WIRE_PL_NONCE && (n < NONCE_MIN || n > NONCE_MAX))
		return wire_fail(c, r, WIRE_E_BODY_LENGTH);
	b->len = n;
	wire_get_view(r, &b->data, n);
	return WIRE_OK;
}

enum wire_err wire_dec_id(struct wire_ctx *c, struct wire_reader *r, struct wire_id *id)
{
	if (!wire_get_u8(r, &id->type) || !wire_get_u8(r, &id->protocol) ||
	    !wire_get_u16(r, &id->port))
		return wire_fail(c, r, WIRE_E_BODY_LENGTH);
	id->len = wire_reader_left(r);
	if (!wire_id_data_ok(id->type, id->len))
		return wire_fail(c, r, WIRE_E_ID);
	wire_get_view(r, &id->data, id->len);
	return WIRE_OK;
}

enum wire_err wire_dec_cert(struct wire_ctx *c, struct wire_reader *r, struct wire_cert *cert)
{
	if (!wire_get_u8(r, &cert->encoding))
		return wire_fail(c, r, WIRE_E_BODY_LENGTH);
	cert->len = wire_reader_left(r);
	if (cert->len == 0)
		return wire_fail(c, r, WIRE_E_ZERO_LENGTH);
	wire_get_view(r, &cert->data, cert->len);
	return WIRE_OK;
}

enum wire_err wire_dec_certreq(struct wire_ctx *c, struct wire_reader *r,
			       struct wire_certreq *cr)
{
	if (!wire_get_u8(r, &cr->type))
		return wire_fail(c, r, WIRE_E_BODY_LENGTH);
	cr->len = wire_reader_left(r);
	wire_get_view(r, &cr->authority, cr->len);
	return WIRE_OK;
}

enum wire_err wire_dec_notify(struct wire_ctx *c, struct wire_reader *r, struct wire_notify *n)
{
	struct wire_reader start = *r;

	if (!wire_get_u32(r, &n->doi) || !wire_get_u8(r, &n->protocol) ||
	    !wire_get_u8(r, &n->spi_size) || !wire_get_u16(r, &n->type))
		return wire_fail(c, r, WIRE_E_BODY_LENGTH);
	if (!doi_known(n->doi))
		return wire_fail(c, &start, WIRE_E_DOI);
	if (n->type == 0)
		return wire_fail(c, r, WIRE_E_VALUE);
	if (!wire_get_view(r, &n->spi, n->spi_size))
		return wire_fail(c, r, WIRE_E_SPI_SIZE);
	n->data_len = wire_reader_left(r);
	wire_get_view(r, &n->data, n->data_len);
	return WIRE_OK;
}

enum wire_err wire_dec_delete(struct wire_ctx *c, struct wire_reader *r, struct wire_delete *d)
{
	struct wire_reader start = *r;

	if (!wire_get_u32(r, &d->doi) || !wire_get_u8(r, &d->protocol) ||
	    !wire_get_u8(r, &d->spi_size) || !wire_get_u16(r, &d->nspis))
		return wire_fail(c, r, WIRE_E_BODY_LENGTH);
	if (!doi_known(d->doi))
		return wire_fail(c, &start, WIRE_E_DOI);
	if (d->spi_size == 0)
		return wire_fail(c, r, WIRE_E_SPI_SIZE);
	if (d->nspis == 0 || (size_t)d->nspis * d->spi_size != wire_reader_left(r))
		return wire_fail(c, r, WIRE_E_COUNT);
	wire_get_view(r, &d->spis, wire_reader_left(r));
	return WIRE_OK;
}

enum wire_err wire_dec_seq(struct wire_ctx *c, struct wire_reader *r, uint32_t *seq)
{
	if (wire_reader_left(r) != 4)
		return wire_fail(c, r, WIRE_E_BODY_LENGTH);
	wire_get_u32(r, seq);
	return WIRE_OK;
}

const uint8_t *wire_delete_spi(const struct wire_delete *d, size_t i)
{
	if (i >= d->nspis)
		return NULL;
	return d->spis + i * d->spi_size;
}

/* ---- encoders ---- */

void wire_put_blob(struct wire_builder *b, uint8_t type, const void *data, size_t len)
{
	wire_payload_begin(b, type);
	wire_put_bytes(&b->w, data, len);
	wire_payload_end(b);
}

size_t wire_put_blob_reserve(struct wire_builder *b, uint8_t type, size_t len)
{
	size_t pos;

	wire_payload_begin(b, type);
	pos = wire_writer_pos(&b->w);
	wire_put_zero(&b->w, len);
	wire_payload_end(b);
	return pos;
}

void wire_put_id(struct wire_builder *b, const struct wire_id *id)
{
	wire_payload_begin(b, WIRE_PL_ID);
	wire_put_u8(&b->w, id->type);
	wire_put_u8(&b->w, id->protocol);
	wire_put_u16(&b->w, id->port);
	wire_put_bytes(&b->w, id->data, id->len);
	wire_payload_end(b);
}

void wire_put_cert(struct wire_builder *b, const struct wire_cert *cert)
{
	wire_payload_begin(b, WIRE_PL_CERT);
	wire_put_u8(&b->w, cert->encoding);
	wire_put_bytes(&b->w, cert->data, cert->len);
	wire_payload_end(b);
}

void wire_put_certreq(struct wire_builder *b, const struct wire_certreq *cr)
{
	wire_payload_begin(b, WIRE_PL_CERTREQ);
	wire_put_u8(&b->w, cr->type);
	wire_put_bytes(&b->w, cr->authority, cr->len);
	wire_payload_end(b);
}

void wire_put_notify(struct wire_builder *b, const struct wire_notify *n)
{
	wire_payload_begin(b, WIRE_PL_NOTIFY);
	wire_put_u32(&b->w, n->doi);
	wire_put_u8(&b->w, n->protocol);
	wire_put_u8(&b->w, n->spi_size);
	wire_put_u16(&b->w, n->type);
	wire_put_bytes(&b->w, n->spi, n->spi_size);
	wire_put_bytes(&b->w, n->data, n->data_len);
	wire_payload_end(b);
}

void wire_put_delete(struct wire_builder *b, const struct wire_delete *d)
{
	wire_payload_begin(b, WIRE_PL_DELETE);
	wire_put_u32(&b->w, d->doi);
	wire_put_u8(&b->w, d->protocol);
	wire_put_u8(&b->w, d->spi_size);
	wire_put_u16(&b->w, d->nspis);
	wire_put_bytes(&b->w, d->spis, (size_t)d->nspis * d->spi_size);
	wire_payload_end(b);
}

void wire_put_seq(struct wire_builder *b, uint32_t seq)
{
	wire_payload_begin(b, WIRE_PL_SEQ);
	wire_put_u32(&b->w, seq);
	wire_payload_end(b);
}
