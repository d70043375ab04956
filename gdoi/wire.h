/* ISAKMP / GDOI message codec (RFC 2408, 2407, 2409, 6407, 8263).
 *
 * Decoding is strict and copies nothing: a decoded message holds views
 * (pointer + length) into the caller's buffer, which must outlive it, plus
 * decoded fields of every payload. A message is accepted whole or rejected
 * with a reason (enum wire_err) and the offset where the problem was seen;
 * nothing of a rejected message may be used. Decoders check every length
 * against the buffer before reading.
 *
 * Encoding is symmetric: wire_put_*() take the same structs the decoder
 * fills, so encode(decode(x)) == x for every valid x. The message builder
 * chains the Next Payload fields and back-patches all lengths.
 *
 * Typical receive path: wire_hdr_decode() on the datagram to find the SA,
 * decrypt the body in place (if WIRE_FLAG_ENC), then wire_decode() on
 * header + plaintext with WIRE_DEC_PADDED. */
#ifndef GETVPND_GDOI_WIRE_H
#define GETVPND_GDOI_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gdoi/wire_buf.h"
#include "gdoi/wire_consts.h"

/* Limits: messages beyond them are rejected (WIRE_E_TOO_MANY). */
#define WIRE_MAX_PAYLOADS 24
#define WIRE_MAX_PROPOSALS 4
#define WIRE_MAX_TRANSFORMS 32 /* per proposal */
#define WIRE_MAX_TEKS 16
#define WIRE_MAX_KEY_PACKETS 24
#define WIRE_MAX_PAD 16 /* trailing CBC padding accepted with WIRE_DEC_PADDED */
#define WIRE_KEK_SPI_LEN 16

/* Why a message was rejected. Keep wire_err_name() in step. */
enum wire_err {
	WIRE_OK = 0,
	WIRE_E_TRUNCATED,      /* shorter than a fixed field or the ISAKMP header */
	WIRE_E_HDR_LENGTH,     /* header Length differs from the datagram length */
	WIRE_E_VERSION,        /* not ISAKMP 1.0 */
	WIRE_E_EXCHANGE,       /* unknown exchange type */
	WIRE_E_FLAGS,          /* unknown flag bits */
	WIRE_E_PAYLOAD_LENGTH, /* generic payload length < 4 or past the message */
	WIRE_E_PAYLOAD_TYPE,   /* unknown payload type (ISAKMP has no non-critical ones) */
	WIRE_E_PAYLOAD_PLACE,  /* payload type not allowed here (e.g. SA TEK at top level) */
	WIRE_E_TRAILING,       /* bytes after the last payload (beyond allowed padding) */
	WIRE_E_NO_PAYLOAD,     /* a message without payloads */
	WIRE_E_TOO_MANY,       /* more payloads/proposals/transforms/TEKs than supported */
	WIRE_E_DUPLICATE,      /* a second SA, KD, SEQ, KEK or GAP */
	WIRE_E_ORDER,          /* GDOI SA sub-payloads not in KEK, GAP, TEK order */
	WIRE_E_BODY_LENGTH,    /* payload body length does not fit its fields */
	WIRE_E_NESTED_LENGTH,  /* proposal/transform/sub-payload/key packet overruns */
	WIRE_E_ATTR_OVERRUN,   /* attribute list overruns or ends inside an attribute */
	WIRE_E_ZERO_LENGTH,    /* empty where data is required */
	WIRE_E_RESERVED,       /* a reserved field that must be zero is not */
	WIRE_E_DOI,            /* unsupported DOI */
	WIRE_E_SITUATION,      /* unsupported situation */
	WIRE_E_PROTOCOL,       /* unsupported protocol ID */
	WIRE_E_SPI_SIZE,       /* SPI size wrong for its protocol */
	WIRE_E_ID,             /* identification data wrong for its type */
	WIRE_E_COUNT,          /* a count field disagrees with what follows */
	WIRE_E_VALUE,          /* a field holds an unknown or invalid value */
	WIRE_E_NOSPACE,        /* encoder: output too small, or counts over the limits */
	WIRE_E__MAX
};

const char *wire_err_name(enum wire_err err);

/* Rejection counters for `show` commands: rejected[err] per reason. */
struct wire_stats {
	uint64_t decoded;
	uint64_t rejected[WIRE_E__MAX];
};

uint64_t wire_stats_rejected_total(const struct wire_stats *st);

/* ---- Data attributes (RFC 2408 3.3): TV (AF=1) or TLV (AF=0) ---- */

/* A validated attribute list, as found on the wire. */
struct wire_attrs {
	const uint8_t *p;
	size_t len;
	size_t count;
};

struct wire_attr {
	uint16_t type;       /* AF bit stripped */
	bool tv;             /* basic (TV) format */
	uint16_t value;      /* TV: the value */
	const uint8_t *data; /* TLV: the value bytes */
	uint16_t len;        /* TLV: their length */
};

struct wire_attr_iter {
	struct wire_reader r;
};

/* Validates p/len as a whole list of attributes. */
enum wire_err wire_attrs_parse(const uint8_t *p, size_t len, struct wire_attrs *out);
void wire_attr_iter_init(struct wire_attr_iter *it, const struct wire_attrs *attrs);
bool wire_attr_next(struct wire_attr_iter *it, struct wire_attr *a);
/* First attribute of that type. */
bool wire_attrs_find(const struct wire_attrs *attrs, uint16_t type, struct wire_attr *a);
/* Numeric value of a TV attribute or of a TLV one of 1..8 octets (RFC
 * 2407 life durations may be long); false if absent or too long. */
bool wire_attr_u64(const struct wire_attr *a, uint64_t *v);
bool wire_attrs_get_u64(const struct wire_attrs *attrs, uint16_t type, uint64_t *v);
bool wire_attrs_get_u32(const struct wire_attrs *attrs, uint16_t type, uint32_t *v);

void wire_attr_put_tv(struct wire_writer *w, uint16_t type, uint16_t value);
void wire_attr_put_tlv(struct wire_writer *w, uint16_t type, const void *data, uint16_t len);
/* TV when the value fits 16 bits, else TLV of 4 octets. */
void wire_attr_put_num(struct wire_writer *w, uint16_t type, uint32_t value);
/* The attributes written into w so far, as a validated list. */
enum wire_err wire_attrs_from_writer(const struct wire_writer *w, struct wire_attrs *out);

/* ---- Header ---- */

struct wire_hdr {
	uint8_t icookie[WIRE_COOKIE_LEN];
	uint8_t rcookie[WIRE_COOKIE_LEN];
	uint8_t next_payload;
	uint8_t version;
	uint8_t exchange;
	uint8_t flags;
	uint32_t msgid;
	uint32_t length;
};

/* Rewrites the Length field of the message in buf (>= 28 octets), e.g.
 * after appending CBC padding to a built message before encrypting it. */
static inline void wire_hdr_set_length(uint8_t *buf, uint32_t len)
{
	buf[WIRE_HDR_LENGTH_OFF] = (uint8_t)(len >> 24);
	buf[WIRE_HDR_LENGTH_OFF + 1] = (uint8_t)(len >> 16);
	buf[WIRE_HDR_LENGTH_OFF + 2] = (uint8_t)(len >> 8);
	buf[WIRE_HDR_LENGTH_OFF + 3] = (uint8_t)len;
}

/* Decodes and checks the 28-octet header alone (version, flags,
 * exchange, length == len). */
enum wire_err wire_hdr_decode(const uint8_t *buf, size_t len, struct wire_hdr *hdr);
void wire_hdr_encode(struct wire_writer *w, const struct wire_hdr *hdr);

/* ---- Payload bodies ---- */

struct wire_blob { /* KE, HASH, SIG, Nonce, Vendor ID */
	const uint8_t *data;
	size_t len;
};

/* ID payload (RFC 2407 4.6.2): also the GDOI group identity (KEY_ID). */
struct wire_id {
	uint8_t type;
	uint8_t protocol;
	uint16_t port;
	const uint8_t *data;
	size_t len;
};

struct wire_cert {
	uint8_t encoding;
	const uint8_t *data;
	size_t len;
};

struct wire_certreq {
	uint8_t type;
	const uint8_t *authority; /* may be empty */
	size_t len;
};

struct wire_notify {
	uint32_t doi;
	uint8_t protocol;
	uint8_t spi_size;
	uint16_t type;
	const uint8_t *spi;
	const uint8_t *data;
	size_t data_len;
};

struct wire_delete {
	uint32_t doi;
	uint8_t protocol;
	uint8_t spi_size;
	uint16_t nspis;
	const uint8_t *spis; /* nspis * spi_size octets */
};

/* Phase 1 SA (RFC 2408 3.4-3.6) */
struct wire_transform {
	uint8_t num;
	uint8_t id;
	struct wire_attrs attrs;
};

struct wire_proposal {
	uint8_t num;
	uint8_t protocol;
	uint8_t spi_size;
	const uint8_t *spi;
	uint8_t ntransforms;
	struct wire_transform xf[WIRE_MAX_TRANSFORMS];
};

struct wire_sa_p1 {
	uint8_t nproposals;
	struct wire_proposal prop[WIRE_MAX_PROPOSALS];
};

/* GDOI traffic selector inside SA KEK / SA TEK. */
struct wire_gdoi_id {
	uint8_t type; /* WIRE_ID_* */
	uint16_t port;
	const uint8_t *data;
	size_t len;
};

/* SA KEK (RFC 6407 5.3) */
struct wire_kek {
	uint8_t protocol; /* IP protocol of the rekey datagrams (17 = UDP) */
	struct wire_gdoi_id src, dst;
	uint8_t spi[WIRE_KEK_SPI_LEN];
	/* The 4 octets after the SPI: POP Algorithm / POP Key Length in RFC
	 * 3547, unused since RFC 6407; sent as zero, kept for round trips. */
	uint16_t pop_alg;
	uint16_t pop_key_len;
	struct wire_attrs attrs; /* WIRE_KEK_* */
};

/* SA TEK (RFC 6407 5.4) with the ESP/AH protocol payload (5.4.1). */
struct wire_tek {
	uint8_t protocol_id; /* WIRE_TEK_PROTO_* */
	uint8_t ip_protocol; /* 0 = any */
	struct wire_gdoi_id src, dst;
	uint8_t transform_id; /* WIRE_ESP_* */
	uint32_t spi;
	struct wire_attrs attrs; /* WIRE_IPSEC_* */
};

/* GDOI SA (RFC 6407 5.1): KEK?, GAP?, TEK* in this order. */
struct wire_gdoi_sa {
	bool has_kek;
	struct wire_kek kek;
	bool has_gap;
	struct wire_attrs gap; /* WIRE_GAP_* */
	uint8_t nteks;
	struct wire_tek tek[WIRE_MAX_TEKS];
};

struct wire_sa {
	uint32_t doi;
	uint32_t situation;
	/* GROUPKEY-PULL/PUSH carry the GDOI layout; every other exchange the
	 * RFC 2408 proposal/transform layout (DOI 1 or 2). */
	bool gdoi;
	union {
		struct wire_sa_p1 p1;
		struct wire_gdoi_sa g;
	};
};

/* Key Download (RFC 6407 5.6) */
struct wire_key_packet {
	uint8_t type; /* WIRE_KD_* */
	uint8_t spi_size;
	const uint8_t *spi;
	struct wire_attrs attrs; /* WIRE_KD_TEK_* / WIRE_KD_KEK_* */
};

struct wire_kd {
	uint16_t npackets;
	struct wire_key_packet pkt[WIRE_MAX_KEY_PACKETS];
};

/* ---- Decoded message ---- */

struct wire_payload {
	uint8_t type;
	const uint8_t *raw; /* generic header included: what HASH(n) covers */
	size_t raw_len;
	const uint8_t *body;
	size_t body_len;
	union { /* SA and KD are decoded into struct wire_msg */
		struct wire_blob blob; /* KE, HASH, SIG, Nonce, VID */
		struct wire_id id;
		struct wire_cert cert;
		struct wire_certreq certreq;
		struct wire_notify notify;
		struct wire_delete del;
		uint32_t seq;
	};
};

struct wire_msg {
	const uint8_t *buf;
	size_t len;
	struct wire_hdr hdr;
	size_t npayloads;
	struct wire_payload pl[WIRE_MAX_PAYLOADS];
	size_t payloads_end; /* offset after the last payload (padding excluded) */
	size_t pad_len;
	struct wire_sa sa; /* valid when wire_msg_find(msg, WIRE_PL_SA) */
	struct wire_kd kd; /* valid when wire_msg_find(msg, WIRE_PL_KD) */
	enum wire_err err; /* on rejection: why, */
	size_t err_off;    /* and where (offset into buf) */
};

enum wire_dec_flags {
	/* Plaintext of an encrypted message: accept up to WIRE_MAX_PAD
	 * trailing octets of padding after the last payload. */
	WIRE_DEC_PADDED = 0x01,
	/* Interop with RFC 3547 peers (the 2011 reference implementation):
	 * SA TEK traffic selector lengths of 1 octet instead of RFC 6407's 2. */
	WIRE_DEC_TEK_ID_LEN8 = 0x02,
};

/* Decodes header and payloads of buf (header included). Counts the
 * outcome into st (may be NULL). Returns WIRE_OK or the reason, also left
 * in msg->err / msg->err_off. */
enum wire_err wire_decode(const uint8_t *buf, size_t len, unsigned flags,
			  struct wire_msg *msg, struct wire_stats *st);

/* First payload of that type, or NULL. */
const struct wire_payload *wire_msg_find(const struct wire_msg *msg, uint8_t type);
size_t wire_msg_count(const struct wire_msg *msg, uint8_t type);

/* The octets after payload pl up to the end of the last payload (padding
 * excluded), generic headers included: what HASH(n) of GROUPKEY-PULL and
 * Quick-Mode-style hashes cover when pl is the HASH payload. */
void wire_msg_after(const struct wire_msg *msg, const struct wire_payload *pl,
		    const uint8_t **p, size_t *len);

/* For debug logs: "GROUPKEY-PULL msgid 483c11c0 E: HASH NONCE ID" and
 * "payload-length at offset 28". Return snprintf-like lengths. */
int wire_msg_summary(const struct wire_msg *msg, char *buf, size_t len);
int wire_msg_error(const struct wire_msg *msg, char *buf, size_t len);

/* Delete payload: i-th SPI (i < nspis). */
const uint8_t *wire_delete_spi(const struct wire_delete *d, size_t i);

/* Lower-level decoders, one per payload body (body = after the generic
 * header). Exposed for tests and for sub-structures. */
enum wire_err wire_decode_sa(const uint8_t *body, size_t len, bool gdoi, unsigned flags,
			     struct wire_sa *sa);
enum wire_err wire_decode_kd(const uint8_t *body, size_t len, struct wire_kd *kd);

/* ---- Message builder ---- */

struct wire_builder {
	struct wire_writer w;
	unsigned flags;     /* WIRE_DEC_TEK_ID_LEN8 applies to encoding too */
	size_t np_pos;      /* Next Payload octet to patch for the next payload */
	size_t payload_pos; /* start of the open payload */
	bool open;
};

/* Writes hdr (its next_payload and length are filled in later). */
void wire_build_begin(struct wire_builder *b, uint8_t *buf, size_t cap, unsigned flags,
		      const struct wire_hdr *hdr);
/* Generic payload framing: chains the previous Next Payload to type. */
void wire_payload_begin(struct wire_builder *b, uint8_t type);
void wire_payload_end(struct wire_builder *b);
/* Patches the header length; returns WIRE_OK and the message length, or
 * WIRE_E_NOSPACE if anything did not fit (buffer, 16-bit payload lengths,
 * 8-bit ID lengths, counts over the WIRE_MAX_* limits, an open payload). */
enum wire_err wire_build_finish(struct wire_builder *b, size_t *len);
/* Offset in the output where the next payload will start (e.g. the first
 * payload after HASH, for computing HASH(n) over what follows). */
static inline size_t wire_build_pos(const struct wire_builder *b) { return b->w.len; }

/* Payload encoders (generic header included). */
void wire_put_blob(struct wire_builder *b, uint8_t type, const void *data, size_t len);
/* A payload whose len body octets are zero for now; returns the offset of
 * the body in the output, to fill in later (HASH(n), SIG). */
size_t wire_put_blob_reserve(struct wire_builder *b, uint8_t type, size_t len);
static inline void wire_put_ke(struct wire_builder *b, const void *d, size_t n)
{
	wire_put_blob(b, WIRE_PL_KE, d, n);
}
static inline void wire_put_hash(struct wire_builder *b, const void *d, size_t n)
{
	wire_put_blob(b, WIRE_PL_HASH, d, n);
}
static inline void wire_put_sig(struct wire_builder *b, const void *d, size_t n)
{
	wire_put_blob(b, WIRE_PL_SIG, d, n);
}
static inline void wire_put_nonce(struct wire_builder *b, const void *d, size_t n)
{
	wire_put_blob(b, WIRE_PL_NONCE, d, n);
}
static inline void wire_put_vid(struct wire_builder *b, const void *d, size_t n)
{
	wire_put_blob(b, WIRE_PL_VID, d, n);
}
void wire_put_id(struct wire_builder *b, const struct wire_id *id);
void wire_put_cert(struct wire_builder *b, const struct wire_cert *c);
void wire_put_certreq(struct wire_builder *b, const struct wire_certreq *c);
void wire_put_notify(struct wire_builder *b, const struct wire_notify *n);
void wire_put_delete(struct wire_builder *b, const struct wire_delete *d);
void wire_put_seq(struct wire_builder *b, uint32_t seq);
void wire_put_sa(struct wire_builder *b, const struct wire_sa *sa);
void wire_put_kd(struct wire_builder *b, const struct wire_kd *kd);
/* Re-emits a decoded payload by type (typed encoder; SA/KD from msg). */
void wire_put_decoded(struct wire_builder *b, const struct wire_msg *msg,
		      const struct wire_payload *pl);

/* ---- Names for logging ---- */
const char *wire_payload_name(uint8_t type);
const char *wire_exchange_name(uint8_t exchange);
const char *wire_notify_name(uint16_t type);
const char *wire_id_type_name(uint8_t type);
const char *wire_kd_type_name(uint8_t type);

#endif
