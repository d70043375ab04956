/* The Main Mode view of an ISAKMP message: the payloads phase 1 uses,
 * located and checked for presence and size, on top of the codec
 * (gdoi/wire.h) which does the strict decoding and the encoding. */
#ifndef GETVPND_GDOI_IKE_MM_MSG_H
#define GETVPND_GDOI_IKE_MM_MSG_H

#include "gdoi/ike_policy.h"
#include "gdoi/wire.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MM_MAX_OFFERS WIRE_MAX_TRANSFORMS
#define MM_SEEN(t) (1u << (t))
#define MM_MAX_MSG 4096

/* RFC 2408 3.14.1 types beyond those in ike_mm.h. */
#define MM_N_DOI_NOT_SUPPORTED 2
#define MM_N_SITUATION_NOT_SUPPORTED 3

struct mm_packet {
	const uint8_t *buf;	/* the whole datagram */
	size_t len;
	struct wire_hdr hdr;
	uint16_t src_port;	/* network order: the port it came from */
};

/* Header checks (codec): version, flags, exchange, length == datagram.
 * 0 ok, -1 malformed. src_port is left 0 for the caller to set. */
int mm_packet_decode(const uint8_t *buf, size_t len, struct mm_packet *pkt);

struct mm_payloads {
	unsigned seen;		/* MM_SEEN(type) of every payload type present */
	uint32_t doi, situation;
	const uint8_t *sa_body;	/* whole SA body (DOI onwards): SAi_b */
	size_t sa_len;
	uint8_t proposal_no;
	size_t n_offers;
	struct ike_offer offers[MM_MAX_OFFERS];
	const struct wire_transform *xf[MM_MAX_OFFERS];
	const uint8_t *ke, *nonce, *id_b, *hash, *sig;
	size_t ke_len, nonce_len, id_len, hash_len, sig_len;
	uint8_t id_type;
	const uint8_t *id_data;
	size_t id_data_len;
	unsigned n_notify;
	uint16_t notify_type;	/* the first Notify */
};

/* Decodes the whole message msg/len (header included, plaintext; padded
 * when it was encrypted) with the codec into *wm and fills *out with
 * views into msg and *wm, which must both outlive out. Returns 0 or the
 * notify type naming the problem (PAYLOAD_MALFORMED, INVALID_PAYLOAD_TYPE,
 * DOI/SITUATION_NOT_SUPPORTED). An SA must hold exactly one ISAKMP
 * proposal; its KEY_IKE transforms become offers. */
unsigned mm_payloads_parse(const uint8_t *msg, size_t len, bool padded, struct wire_msg *wm,
			   struct mm_payloads *out);

/* A message being built into a heap buffer of MM_MAX_MSG bytes. */
struct mm_builder {
	struct wire_builder wb;
	uint8_t *buf;
};

int mm_build_start(struct mm_builder *b, const uint8_t *icookie, const uint8_t *rcookie,
		   uint8_t exchange, uint8_t flags, uint32_t msgid);
/* SA with one ISAKMP proposal holding one KEY_IKE transform per policy,
 * numbered from 1 in priority order. */
void mm_build_sa_offer(struct mm_builder *b, uint32_t doi, const struct ike_policy *p, size_t n);
/* The responder's SA: the chosen transform, attributes echoed unchanged. */
void mm_build_sa_choice(struct mm_builder *b, uint32_t doi, uint32_t situation,
			uint8_t proposal_no, const struct wire_transform *xf);
/* Notify with the DOI of the IPsec DOI and protocol ISAKMP. */
void mm_build_notify(struct mm_builder *b, uint16_t type, const uint8_t *spi, size_t spi_len);
/* Pads the payloads with zeros to a multiple of block (0 = none), sets
 * the header length. Returns the message (caller frees), NULL on error. */
uint8_t *mm_build_finish(struct mm_builder *b, size_t block, size_t *len);
void mm_build_abort(struct mm_builder *b);

#endif
